"""Municipal flats in Chromium: a household applies on the portal in Ukrainian without
JavaScript and verifies its e-mail, the office completes and registers the application,
the score breakdown matches the published rules, a flat is offered, three applicants are
interested, the first refuses, the second accepts and the anonymised result appears; a
rule change re-scores with history; another office sees nothing. axe on the staff pages."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kmb.cases.models import HousingSituation
from kmb.core.mail import OutgoingMail
from kmb.lettings import scoring, selectors, services
from kmb.lettings.models import Application, Offer, ScoreRecord
from tests.browser.conftest import assert_accessible, login
from tests.conftest import run_background_tasks
from tests.housing.conftest import ensure_housing_data
from tests.lettings import factories as lf

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _link(part: str) -> str:
    body = OutgoingMail.objects.order_by("-created_at").first().body
    return re.search(r"https?://\S*?(" + part + r"[A-Za-z0-9_-]+/)", body).group(1)


def test_apply_register_offer_allocate_and_rescore(page, page_no_js, live_server, cp_a,
                                                   housing_officer_a, adviser_b, settings,
                                                   tmp_path):
    ensure_housing_data()
    settings.MEDIA_ROOT = tmp_path / "media"
    prog = lf.programme(cp_a, housing_officer_a)

    # --- the household applies on the portal, in Ukrainian, without JavaScript
    web = page_no_js
    web.goto("/language/?lang=uk&next=/municipal-flats/apply/")
    expect(web.locator("h1")).to_have_text("Подати заяву на муніципальну квартиру")
    web.locator(f"input[name=programme][value='{prog.pk}']").check()
    web.locator("#id_first_name").fill("Олена")
    web.locator("#id_last_name").fill("Коваленко")
    web.locator("#id_birth_date").fill("1988-03-02")
    web.locator("#id_email").fill("olena@example.cz")
    web.locator("#id_income").fill("двадцять тисяч")  # not a number: a clear message
    situation = HousingSituation.objects.get(code="refugee_accommodation")
    web.locator("#id_housing_situation").select_option(str(situation.pk))
    web.locator("#id_housing_cost").fill("9 500")
    web.locator("#id_residence_years").fill("3")
    web.locator("#id_members-0-first_name").fill("Марія")
    web.locator("#id_members-0-last_name").fill("Коваленко")
    web.locator("#id_members-0-birth_date").fill("2017-09-01")
    web.locator("#id_members-0-relationship").select_option("child")
    web.locator("#consent").check()
    web.get_by_role("button", name="Надіслати заяву").click()
    expect(web.locator("main")).to_contain_text("Вкажіть суму цілим числом у кронах")
    assert Application.objects.count() == 0
    web.locator("#id_income").fill("21 000")
    web.locator("#consent").check()
    web.get_by_role("button", name="Надіслати заяву").click()
    expect(web.locator("h1")).to_have_text("Заяву надіслано")
    app = Application.objects.get()
    assert app.language == "uk"
    web.goto(_link("/municipal-flats/verify/"))
    web.get_by_role("button", name="Підтвердити адресу").click()
    expect(web.locator("h1")).to_have_text("Електронну адресу підтверджено")

    # --- the office completes the documents and registers it
    login(page, "bytovy.a")
    page.goto("/staff/lettings/")
    assert_accessible(page)
    page.goto("/staff/lettings/applications/")
    assert_accessible(page)
    page.get_by_role("link", name=app.number).click()
    assert_accessible(page)
    for kind in services.document_checklist(app):
        page.locator("#id_kind").select_option(kind)
        page.locator("#id_seen_at_office").check()
        page.get_by_role("button", name="Přidat doklad").click()
        expect(page.get_by_role("status")).to_contain_text("přidán")
    page.get_by_role("button", name="Zařadit do evidence").click()
    expect(page.locator("#status")).to_have_text("v evidenci")
    assert_accessible(page)
    app.refresh_from_db()
    rules = selectors.rules_in_force(programme=prog)
    expected = scoring.score(rules.criteria, rules.exclusions, services.facts_for(app))
    table = page.locator("main table").first
    expect(table.locator("tfoot")).to_contain_text(str(expected.total))
    for row in expected.breakdown:
        label = str(scoring.FACTORS[row["code"]][0])
        expect(table).to_contain_text(label[:1].upper() + label[1:])
    assert app.score == expected.total

    # --- two more registered applicants and a municipal flat offered on the portal
    second = lf.application(prog, housing_officer_a, register=True, first="Bohdan",
                            situation="night_shelter", children=1)
    third = lf.application(prog, housing_officer_a, register=True, first="Cyril",
                           situation="overcrowded", children=1)
    flat = lf.municipal_flat(cp_a, housing_officer_a, prog, layout="2+1")
    page.goto("/staff/lettings/offers/")
    assert_accessible(page)
    page.get_by_role("button", name="Připravit nabídku").click()
    page.get_by_role("button", name="Zveřejnit na portálu").click()
    expect(page.locator("#offer-status")).to_have_text("lze projevit zájem")
    offer = Offer.objects.get(flat=flat)
    for applicant in (app, second, third):
        services.interest_express(application=applicant, offer=offer)
    Offer.objects.filter(pk=offer.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    # --- allocation: ranked, the first refuses, the second accepts
    page.reload()
    ranking = page.locator("#ranking tbody tr")
    expect(ranking).to_have_count(3)
    ranked = selectors.interested_ranked(offer=offer)
    expect(ranking.first).to_contain_text(ranked[0].full_name)
    assert_accessible(page)
    page.get_by_role("button", name="Nabídnout dalšímu žadateli").click()
    page.locator("#reason").fill("byt je daleko od školy")
    page.get_by_role("button", name="Odmítl(a)", exact=True).click()
    expect(ranking.first).to_contain_text("byt je daleko od školy")
    page.get_by_role("button", name="Nabídnout dalšímu žadateli").click()
    page.get_by_role("button", name="Přijal(a)", exact=True).click()
    expect(page.locator("#offer-result")).to_contain_text(
        f"s {ranked[1].score} body")
    expect(page.locator("#offer-result")).to_contain_text("Zájem projevilo domácností: 3")
    offer.refresh_from_db()
    result = selectors.offer_result_public(offer)
    assert result["interested"] == 3 and result["refusals"] == 1
    assert_accessible(page)

    # --- a rule change re-scores in the background with history
    page.goto(f"/staff/lettings/programmes/{prog.uuid}/rules/")
    assert_accessible(page)
    criteria = json.loads(page.locator("#id_criteria").input_value())
    for c in criteria:
        if c["code"] == "children":
            c["points"], c["max"] = 10, 30
    page.locator("#id_criteria").fill(json.dumps(criteria))
    page.locator("#id_note").fill("Více bodů za děti")
    page.get_by_role("button", name="Náhled v běžné řeči").click()
    expect(page.locator("main")).to_contain_text("10 bodů za každé")
    page.get_by_role("button", name="Zveřejnit").click()
    expect(page.locator("#run-progress")).to_be_visible()
    run_background_tasks()
    page.reload()
    expect(page.locator("#run-status")).to_contain_text("dokončeno")
    third.refresh_from_db()
    assert third.rule_set.version == 2
    assert ScoreRecord.objects.filter(application=third, rule_version=2).exists()
    page.goto(f"/staff/lettings/applications/{third.uuid}/")
    expect(page.locator("#score-history")).to_contain_text("v2")

    # --- another office sees nothing
    page.context.clear_cookies()
    login(page, adviser_b.username)
    response = page.goto(f"/staff/lettings/applications/{app.uuid}/")
    assert response.status == 404
