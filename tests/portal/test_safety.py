"""Safety on the public portal: the quick exit without JavaScript on every navigator page
and the violence pages, the crisis lines, the safety page; and the register's income limit
and the labels a reader of English or Ukrainian sees."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kmb.core.models import DatedParameter
from kmb.portal.selectors import income_limits_on
from tests.portal.places import LIBEREC, PRAHA, PRAHA_7

pytestmark = pytest.mark.django_db

CRISIS_LINES = ("112", "158", "155", "116 123", "116 111", "116 006")
NAVIGATOR_PAGES = (
    "/navigator/", "/navigator/?step=threat&housing=rented",
    "/navigator/?step=when&housing=rented&threat=violence",
    "/navigator/?step=municipality&housing=none",
    f"/navigator/?step=municipality&housing=none&municipality={PRAHA}",
    "/navigator/?step=household&housing=hostel&threat=must_leave",
    "/navigator/?step=income&housing=family", "/navigator/?step=benefits&housing=owner",
    "/navigator/result/", f"/navigator/result/?housing=rented&threat=violence&when=now"
                          f"&municipality={PRAHA}&district={PRAHA_7}",
)
VIOLENCE_PAGES = ("/safety/", "/navigator/result/?housing=rented&threat=violence&when=week",
                  "/")
QUICK_EXIT = re.compile(
    r'<a class="kmb-quick-exit__link" href="(https://[^"]+)" rel="noreferrer" data-quick-exit>')


def _body(url: str, language: str = "cs") -> str:
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("url", NAVIGATOR_PAGES + VIOLENCE_PAGES)
def test_every_navigator_and_violence_page_has_a_quick_exit_that_needs_no_script(places, url):
    body = _body(url)
    link = QUICK_EXIT.search(body)
    assert link, url
    # a plain link to a neutral site outside the portal: it works with JavaScript off
    assert link.group(1) == "https://www.google.com/"
    # it comes before the page's own content, and with the note on the browser history
    assert body.index("data-quick-exit>") < body.index('id="main"')
    assert "historii stránek" in body and 'href="/safety/#history"' in body
    # the enhancement is a static file: no inline script, nothing the CSP forbids
    assert re.findall(r"<script[^>]*>", body) == [
        '<script src="/static/js/quick-exit.js" defer>']
    assert "onclick" not in body and "javascript:" not in body


def test_the_quick_exit_script_replaces_the_page_and_listens_for_esc():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "static/js/quick-exit.js").read_text()
    assert "location.replace" in script and "Escape" in script


def test_pages_without_violence_content_carry_no_quick_exit(places):
    for url in ("/contact-points/", "/privacy/", "/for-landlords/"):
        assert "data-quick-exit" not in _body(url), url


@pytest.mark.parametrize("language", ["cs", "en", "uk"])
@pytest.mark.parametrize("url", VIOLENCE_PAGES)
def test_every_crisis_list_has_all_six_lines(places, url, language):
    body = _body(url, language)
    crisis = body[body.index('<ul class="kmb-crisis-lines">'):]
    crisis = crisis[:crisis.index("</ul>")]
    for number in CRISIS_LINES:
        assert f'>{number}</a>' in crisis, (url, language, number)
        assert f'href="tel:{number.replace(" ", "")}"' in crisis


def test_a_result_without_danger_lists_no_crisis_box(places):
    body = _body("/navigator/result/?housing=rented&threat=debts&when=no_risk")
    assert 'id="crisis"' not in body


@pytest.mark.parametrize(("language", "heading", "history"), [
    ("cs", "Bezpečí a domácí násilí", "Historie prohlížeče"),
    ("en", "Safety and domestic violence", "Your browser history"),
    ("uk", "Безпека і домашнє насильство", "Історія браузера"),
])
def test_the_safety_page_in_three_languages(places, language, heading, history):
    body = _body("/safety/", language)
    assert f'<html lang="{language}"' in body
    assert heading in body and f'id="history" tabindex="-1">{history}' in body
    # the rules (removal, intervention centre, interim order) with their sources
    assert re.search(r'kmb-portal-source[^>]*>[^<]*§ 60a[^<]*§ 400', body)


# --------------------------------------------------------------------------------------
# the register's income limit: from the dated parameters, never hard-coded
# --------------------------------------------------------------------------------------

REGISTER_RESULT = ("/navigator/result/?housing=hostel&threat=must_leave&when=quarter"
                   "&household={household}&income={income}")


def test_the_income_limit_reads_the_seeded_dated_parameters():
    from datetime import date

    limits = income_limits_on(date(2026, 12, 6))
    assert limits is not None and limits.to_be_confirmed
    assert str(limits.multiple) == "1.43" and limits.single == 5500
    assert income_limits_on(date(2020, 1, 1)) is None  # nothing valid then


def test_the_result_shows_the_limit_of_the_household_in_czech_format(places):
    body = _body(REGISTER_RESULT.format(household="alone", income="under_10k"))
    assert 'id="advice-register"' in body
    assert "zhruba 7\xa0865\xa0Kč měsíčně" in body
    assert "závazné stanovisko Úřadu práce" in body
    body = _body(REGISTER_RESULT.format(household="partner&household=children",
                                        income="under_20k"), "en")
    assert "at least 16,059\xa0CZK a month" in body


def test_a_person_alone_above_the_limit_is_not_offered_the_register(places):
    body = _body(REGISTER_RESULT.format(household="alone", income="under_35k"))
    assert 'id="advice-register"' not in body


def test_an_administrator_change_of_the_multiple_changes_the_offer(places):
    url = REGISTER_RESULT.format(household="alone", income="under_20k")
    assert 'id="advice-register"' not in _body(url)
    DatedParameter.objects.filter(key="housing_support.income_limit_multiple").update(value=4)
    body = _body(url)
    assert 'id="advice-register"' in body and "22\xa0000\xa0Kč" in body


# --------------------------------------------------------------------------------------
# labels in the reader's language
# --------------------------------------------------------------------------------------

def test_english_and_ukrainian_pages_show_no_czech_only_labels(places):
    from kmb.core.models import CityDistrict, Municipality

    liberec = Municipality.objects.get(code=LIBEREC)
    CityDistrict.objects.get_or_create(code="556904", defaults={
        "name": "Liberec (nečleněné město)", "municipality": liberec})
    places.liberec.opening_hours = "Po, St 8:00–17:00; Čt 8:00–12:00 (jindy po objednání)"
    places.liberec.save()
    step = f"/navigator/?step=municipality&housing=none&municipality={LIBEREC}"
    for language, rest, hours in (
            ("en", "Liberec – the rest of the city", "(other times by appointment)"),
            ("uk", "Liberec – інші частини міста", "(в інший час за попереднім записом)")):
        body = _body(step, language)
        assert rest in body and "nečleněné" not in body, language
        body = _body(f"/contact-points/?municipality={LIBEREC}", language)
        assert hours in body and "po objednání" not in body, language
    assert "Liberec – ostatní části města" in _body(step, "cs")


def test_czech_wording_of_the_urgency_and_the_place_choice(places):
    body = _body("/navigator/result/?housing=none")
    assert "Ještě dnes" in body and "Dnes a dnes v noci" not in body
    assert "Vyberte svou obec" in _body("/request/?q=praha")
