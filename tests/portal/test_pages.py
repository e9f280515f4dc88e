"""The public pages: three languages, no cookies, no scripts, the navigator and the finder."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from kmb.portal.content_files import shipped
from tests.portal.places import BRNO, LIBEREC, PRAHA, PRAHA_3, PRAHA_7

pytestmark = pytest.mark.django_db

NAV = "/navigator/"
RESULT_PRAHA_7 = (f"/navigator/result/?housing=rented&threat=notice&when=month"
                  f"&municipality={PRAHA}&district={PRAHA_7}&household=children"
                  f"&income=under_20k&benefits=no")
PUBLIC_PAGES = (
    "/", NAV, f"{NAV}?step=threat&housing=rented", f"{NAV}?step=municipality&housing=none",
    f"{NAV}?step=municipality&housing=none&municipality={PRAHA}", RESULT_PRAHA_7,
    "/navigator/result/", "/contact-points/", "/contact-points/?q=plzen",
    f"/contact-points/?municipality={PRAHA}&district={PRAHA_7}", "/for-landlords/",
    "/accessibility/", "/privacy/", "/safety/", "/request/", f"/request/?municipality={LIBEREC}",
    "/request/sent/",
)
INTERFACE = {"cs": "Kam se obrátit", "en": "Where to turn", "uk": "Куди звернутися"}


def _client(language: str) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language)


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("language", ["cs", "en", "uk"])
def test_every_public_page_speaks_the_language_content_and_interface(places, language):
    client = _client(language)
    for url in PUBLIC_PAGES:
        response = client.get(url)
        body = _text(response)
        assert response.status_code == 200, url
        assert f'<html lang="{language}"' in body, url
        assert INTERFACE[language] in body, url
    pages = {
        "/": ["landing.intro", "entry.tonight", "entry.landlord", "landing.emergency"],
        NAV: ["q.housing", "q.housing.none"],
        RESULT_PRAHA_7: ["result.intro", "advice.notice_lease", "benefit.dssp", "doc.lease"],
        "/accessibility/": ["page.accessibility"],
        "/privacy/": ["page.privacy"],
        "/for-landlords/": ["answer.landlord"],
    }
    for url, keys in pages.items():
        body = _text(client.get(url))
        for key in keys:
            title = shipped()[key][language].title
            assert title.replace("'", "&#x27;").replace('"', "&quot;") in body, (url, key)


def test_the_language_links_set_only_the_language_cookie_and_go_back(places):
    client = _client("cs")
    response = client.get("/language/", {"lang": "uk", "next": RESULT_PRAHA_7})
    assert response.status_code == 302 and response["Location"] == RESULT_PRAHA_7
    assert set(response.cookies) == {"django_language"}
    assert response.cookies["django_language"].value == "uk"
    assert "Що робити зараз" in _text(client.get(RESULT_PRAHA_7))
    # elsewhere, a junk language or an outside address change nothing
    response = client.get("/language/", {"lang": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/" and not response.cookies


def test_no_cookie_and_no_script_of_our_own_beyond_the_quick_exit_on_public_pages(places):
    client = Client()
    for url in PUBLIC_PAGES:
        response = client.get(url)
        body = _text(response)
        expected = {"csrftoken"} if url.startswith("/request/?") else set()
        assert set(response.cookies) == expected, url
        # the only script is the quick exit's, from a static file (no inline script)
        scripts = re.findall(r"<script[^>]*>", body)
        assert all(re.fullmatch(r'<script src="/static/js/quick-exit\.js" defer>', tag)
                   for tag in scripts), (url, scripts)
        assert "htmx" not in body, url
        # everything the page loads comes from our own origin
        for match in re.finditer(r'<(?:link|img|script|iframe)[^>]+(?:href|src)="([^"]+)"',
                                 body):
            assert match.group(1).startswith("/"), (url, match.group(1))
    assert "sessionid" not in client.cookies


def test_the_request_form_is_the_only_page_with_form_protection(places):
    response = Client().get(f"/request/?municipality={LIBEREC}")
    assert 'name="csrfmiddlewaretoken"' in _text(response)
    assert "csrftoken" in response.cookies


# --------------------------------------------------------------------------------------
# the navigator
# --------------------------------------------------------------------------------------

def _query(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query)


def test_a_step_without_an_answer_says_so_in_the_language_and_keeps_the_rest(places):
    response = _client("cs").get(NAV, {"step": "threat", "answered": "threat",
                                       "housing": "rented", "income": "none"})
    body = _text(response)
    assert response.status_code == 400
    assert "Vyberte alespoň jednu odpověď." in body
    assert 'name="housing" value="rented"' in body and 'name="income" value="none"' in body
    response = _client("en").get(NAV, {"step": "housing", "answered": "housing"})
    assert "Choose an answer." in _text(response)


def test_an_answer_leads_to_the_next_step_with_all_answers(places):
    response = Client().get(NAV, {"step": "threat", "answered": "threat", "housing": "rented",
                                  "threat": ["notice", "arrears"]})
    assert response.status_code == 302
    assert _query(response["Location"]) == {"housing": ["rented"],
                                            "threat": ["notice", "arrears"], "step": ["when"]}


def test_the_back_link_keeps_the_answers(places):
    body = _text(Client().get(NAV, {"step": "when", "housing": "rented", "threat": "notice",
                                    "when": "week"}))
    back = re.search(r'href="([^"]+)">(?:Zpět|Back)<', body).group(1).replace("&amp;", "&")
    assert _query(back) == {"housing": ["rented"], "threat": ["notice"], "when": ["week"],
                            "step": ["threat"]}
    assert 'value="week" checked' in body


def test_living_alone_with_others_is_a_contradiction(places):
    response = _client("en").get(NAV, {"step": "household", "answered": "household",
                                       "household": ["alone", "children"]})
    assert response.status_code == 400 and "live alone" in _text(response)


@pytest.mark.parametrize(("place", "expected"), [
    ("plzen", {"municipality": ["554791"], "step": ["household"]}),
    ("Praha", {"municipality": [PRAHA], "step": ["municipality"]}),
    ("holesovice", {"municipality": [PRAHA], "district": [PRAHA_7], "step": ["household"]}),
    ("170 00", {"municipality": [PRAHA], "district": [PRAHA_7], "step": ["household"]}),
])
def test_the_municipality_is_found_by_name_part_or_postal_code(places, place, expected):
    response = Client().get(NAV, {"step": "municipality", "answered": "municipality",
                                  "housing": "rented", "place": place})
    assert response.status_code == 302
    query = _query(response["Location"])
    assert {key: query[key] for key in expected} == expected


def test_praha_asks_for_the_city_district_in_natural_order(places):
    body = _text(_client("cs").get(NAV, {"step": "municipality", "municipality": PRAHA}))
    assert "Ve které městské části?" in body
    assert body.index(">Praha 3<") < body.index(">Praha 7<")
    response = Client().get(NAV, {"step": "municipality", "answered": "municipality",
                                  "municipality": PRAHA, "district": PRAHA_7})
    assert _query(response["Location"])["step"] == ["household"]


def test_an_unknown_place_gets_a_message_and_keeps_what_was_typed(places):
    response = _client("cs").get(NAV, {"step": "municipality", "answered": "municipality",
                                       "place": "Xyzzyville"})
    body = _text(response)
    assert response.status_code == 400
    assert "Toto místo jsme nenašli" in body and 'value="Xyzzyville"' in body


def test_a_name_several_places_share_offers_a_choice(places):
    from kmb.core.models import District, Municipality

    district = District.objects.first()
    Municipality.objects.create(code="599999", name="Nová Ves", district=district)
    Municipality.objects.create(code="599998", name="Nová Ves", district=district)
    response = Client().get(NAV, {"step": "municipality", "answered": "municipality",
                                  "place": "nova ves"})
    body = _text(response)
    assert body.count('name="choice"') == 2
    response = Client().get(NAV, {"step": "municipality", "answered": "municipality",
                                  "choice": "599998"})
    assert _query(response["Location"])["municipality"] == ["599998"]


def test_the_result_names_the_district_office_with_hours_and_phone(places):
    body = _text(_client("en").get(RESULT_PRAHA_7))
    assert "KMB Praha 7" in body and "+420 220 144 111" in body
    assert "Mon, Wed 8:00–17:00; Tue, Thu 8:00–14:00" in body
    assert "openstreetmap.org/search?query=U%20Pr%C5%AFhonu" in body
    # the order of the sections: this week before soon, then the contact point
    assert body.index("This week") < body.index(">Soon<") < body.index("Your contact point")
    # the request link carries the office and topics, never personal data
    link = re.search(r'href="(/request/\?[^"]+)"', body).group(1).replace("&amp;", "&")
    assert _query(link)["contact_point"] == [str(places.praha_7.uuid)]
    assert "notice_to_quit" in _query(link)["topic"]


def test_the_city_hall_is_shown_when_the_district_is_not_known(places):
    body = _text(Client().get(f"/navigator/result/?housing=none&municipality={PRAHA}"
                              "&district=unknown"))
    assert "KMB Magistrát hl. m. Prahy" in body
    assert "openstreetmap.org/?mlat=50.087400&amp;mlon=14.417400" in body
    assert "KMB Praha 7" in body  # among the other offices of the city


def test_the_estimator_is_linked_only_when_it_exists(places, settings):
    from kmb.portal.selectors import url_if_exists

    body = _text(Client().get(RESULT_PRAHA_7))
    estimator = url_if_exists("benefits:public_estimate")
    assert (estimator in body) if estimator else ("Estimate" not in body)
    assert url_if_exists("no_such:page") == ""


def test_the_result_page_makes_a_fixed_number_of_queries(places, django_assert_max_num_queries):
    client = Client()
    client.get(RESULT_PRAHA_7)
    # + the partner directory, the income limit, the opening hours (one query without
    # hours as data, three with them: blocks, note, closures)
    with django_assert_max_num_queries(9):
        client.get(RESULT_PRAHA_7)
    with django_assert_max_num_queries(9):
        client.get(f"/navigator/result/?housing=none&municipality={BRNO}&household=alone")
    from kmb.appointments.models import OpeningHours

    OpeningHours.objects.create(contact_point=places.praha_7, weekday=0, opens="08:00",
                                closes="12:00")
    with django_assert_max_num_queries(11):
        body = client.get(RESULT_PRAHA_7).content.decode()
    assert "8:00–12:00" in body


# --------------------------------------------------------------------------------------
# the finder
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "office"), [
    ({"q": "plzen"}, "KMB Plzeň"),
    ({"q": "LIBEREC"}, "KMB Liberec"),
    ({"q": "Holešovice"}, "KMB Praha 7"),
    ({"q": "praha 7"}, "KMB Praha 7"),
    ({"municipality": PRAHA, "district": PRAHA_7}, "KMB Praha 7"),
    ({"municipality": PRAHA, "district": PRAHA_3}, "KMB Magistrát hl. m. Prahy"),
    ({"municipality": PRAHA}, "KMB Magistrát hl. m. Prahy"),
])
def test_the_finder_shows_the_competent_office(places, query, office):
    body = _text(_client("cs").get("/contact-points/", query))
    found = body[body.index('id="found"'):body.index('id="all"')]
    assert office in found
    assert "Požádat o konzultaci online" in found


def test_the_finder_lists_every_office_with_what_it_serves(places):
    body = _text(_client("cs").get("/contact-points/"))
    for office in ("KMB Praha 7", "KMB Liberec", "KMB Plzeň", "KMB Magistrát města Brna"):
        assert office in body
    assert "Praha (Praha 7)" in body and "Obsluhované území" in body


@pytest.mark.parametrize("query", [
    {"q": "zzz"}, {"q": "x" * 500}, {"municipality": "abc"}, {"municipality": "1"},
    {"page": "999"}, {"page": "x"}, {"district": "'; drop table"},
])
def test_bad_finder_input_is_never_an_error(places, query):
    assert Client().get("/contact-points/", query).status_code == 200


def test_the_finder_makes_a_fixed_number_of_queries(places, django_assert_max_num_queries):
    from tests import factories

    for number in range(8):
        factories.ContactPointFactory(name=f"KMB Další {number}",
                                      municipality=places.liberec.municipality)
    with django_assert_max_num_queries(13):  # + the opening hours of all listed offices
        Client().get("/contact-points/", {"q": "holesovice"})
    from kmb.appointments.models import OpeningHours

    for office in [places.praha_7, places.liberec]:
        OpeningHours.objects.create(contact_point=office, weekday=1, opens="13:00",
                                    closes="17:30", kind="appointment")
    with django_assert_max_num_queries(15):  # hours, notes and closures of them all
        body = Client().get("/contact-points/", {"q": "holesovice"}).content.decode()
    assert "13:00–17:30 (jen na objednání)" in body


def test_nothing_personal_in_the_logs(places, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    client = Client()
    client.get(NAV, {"step": "municipality", "answered": "municipality", "place": "Liberec"})
    client.post(reverse("portal:request"), {
        "contact_point": str(places.liberec.uuid), "name": "Tajemná Osoba",
        "contact_method": "phone", "phone": "731 555 123", "consent": "on",
        "message": "Soukromý příběh"})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("Tajemná", "731", "Soukromý"):
        assert secret not in logged


def test_partner_services_come_from_the_directory_when_it_offers_them(places, monkeypatch):
    from types import SimpleNamespace

    from kmb.network import selectors as network

    asked = {}

    def fake(*, categories, municipality, limit):
        asked.update(categories=categories, municipality=municipality.code, limit=limit)
        return [SimpleNamespace(name="Dluhová poradna U Tří lip", description="Zdarma.",
                                organization=None, phone="+420 700 100 000", email="",
                                url="", detail_url="/directory/services/x/")]

    monkeypatch.setattr(network, "public_services_for", fake, raising=False)
    body = _text(Client().get(f"/navigator/result/?housing=rented&threat=debts"
                              f"&municipality={LIBEREC}"))
    assert "Dluhová poradna U Tří lip" in body and 'id="services"' in body
    assert asked == {"categories": ["debt_counselling", "insolvency"],
                     "municipality": LIBEREC, "limit": 6}


def test_without_a_directory_the_result_simply_shows_no_services(places, monkeypatch):
    from kmb.network import selectors as network

    monkeypatch.delattr(network, "public_services_for", raising=False)
    body = _text(Client().get(f"/navigator/result/?housing=rented&threat=debts"
                              f"&municipality={LIBEREC}"))
    assert "KMB Liberec" in body and 'id="services"' not in body
