"""The register procedure in Chromium: an adviser records the application, the register
officer walks it through defects, inquiry, the binding opinion, entry, a change and the
removal; the letters open as PDFs. axe runs on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kmb.core.permissions import Role
from kmb.register.models import Letter, Procedure
from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "kmb-demo")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _step(page, action: str, **fields) -> None:
    page.locator(f"#next-steps a[href$='/steps/{action}/']").click()
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    for name, value in fields.items():
        selector = f"#id_{name}"
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#procedure-state")).to_be_visible()


def test_a_procedure_walked_end_to_end(page, browser, live_server, client_a, adviser_a,
                                       cp_a):
    officer = factories.staff("referent.a", Role.REGISTER_OFFICER, cp_a)
    officer.first_name, officer.last_name = "Radka", "Řádná"
    officer.save()
    today = timezone.localdate()
    day = {n: (today - timedelta(days=n)).isoformat() for n in range(0, 30)}

    _login(page, "poradce.a")
    page.goto(f"/staff/clients/{client_a.uuid}/")
    page.locator("#register-file").click()
    assert_accessible(page)
    page.fill("#id_filed_on", day[25])
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#procedure-state")).to_have_text("žádost podána")
    expect(page.locator("#next-steps")).to_have_count(0)  # the adviser only sees the state
    assert_accessible(page)
    procedure = Procedure.objects.get()

    officer_context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    officer_page = officer_context.new_page()
    _login(officer_page, "referent.a")
    officer_page.goto("/staff/register/")
    assert_accessible(officer_page)
    officer_page.get_by_role("link", name=client_a.display_name).click()
    _step(officer_page, "check_competence", on=day[24], tie_kind="residence",
          declaration_signed_on=day[25], tie_evidence="občanský průkaz")
    _step(officer_page, "request_remedy", on=day[23], remedy_days="7",
          note="chybí doklad o příjmech")
    expect(officer_page.locator("#procedure-state")).to_have_text(
        "přerušeno: odstranění nedostatků")
    letter = Letter.objects.get()
    officer_page.fill(f"#d-{letter.pk}", day[22])
    officer_page.get_by_role("button", name=f"Zaznamenat doručení {letter.reference}").click()
    expect(officer_page.get_by_text("Doručení bylo zaznamenáno.")).to_be_visible()
    _step(officer_page, "record_remedy", on=day[20])
    _step(officer_page, "record_inquiry", on=day[18], note="Šetření v bytě: vlhkost, plíseň.")
    _step(officer_page, "request_opinion", on=day[17])
    _step(officer_page, "record_opinion", on=day[5], opinion_result="favourable")
    _step(officer_page, "enter", on=day[4])
    expect(officer_page.locator("#procedure-state")).to_have_text("zapsán do evidence")
    _step(officer_page, "report_change", on=day[2], note="Narodilo se dítě.")
    _step(officer_page, "remove", on=day[1], reasons="Získal nájem bytu.")
    expect(officer_page.locator("#procedure-state")).to_have_text("zápis skončil nebo vyřazen")
    assert_accessible(officer_page)
    procedure.refresh_from_db()
    assert [s.action for s in procedure.steps.all()][-3:] == ["enter", "report_change",
                                                              "remove"]
    response = officer_page.request.get(
        f"/staff/register/letters/{Letter.objects.get(kind='entry').uuid}/pdf/")
    assert response.headers["content-type"] == "application/pdf"
    officer_context.close()
