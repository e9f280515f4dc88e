"""A referral in Chromium: from the adviser's page to the partner's e-mail link and back
(after a look at the public directory, with and without JavaScript)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kmb.network.models import Referral, ReferralStatus
from tests.browser.conftest import assert_accessible, login
from tests.conftest import run_background_tasks
from tests.network.factories import debt_service

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

LINK = re.compile(r"https?://[^/\s]+(/referral-link/[A-Za-z0-9_-]+/)")


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_referral_from_client_page_to_partner_link_and_back(page, browser, live_server,
                                                            client_a, adviser_a,
                                                            smtp_server):
    service = debt_service()
    # the public directory, first with JavaScript (axe), then without it
    page.goto("/directory/")
    assert_accessible(page)
    page.locator("#id_category").select_option("debt_counselling")
    page.locator("#id_municipality").fill("Praha")
    page.locator("main form[role=search] button[type=submit]").click()
    page.locator(f"main a[href='/directory/services/{service.pk}/']").click()
    expect(page.locator("main")).to_contain_text("Dukelských hrdinů 12")
    expect(page.locator("main")).not_to_contain_text("Jana Dvořáková")
    assert_accessible(page)
    no_js = browser.new_context(base_url=live_server.url, locale="cs-CZ",
                                java_script_enabled=False)
    try:
        plain = no_js.new_page()
        plain.goto("/directory/")
        plain.locator("#id_q").fill("rozcesti")
        plain.locator("main form[role=search] button[type=submit]").click()
        plain.locator(f"main a[href='/directory/services/{service.pk}/']").click()
        expect(plain.locator("main")).to_contain_text("Tram 1, 6")
    finally:
        no_js.close()

    login(page, "poradce.a")
    page.goto(f"/staff/clients/{client_a.uuid}/")
    assert_accessible(page)

    page.locator("#refer-to-partner").click()
    expect(page).to_have_url(re.compile(r"/staff/referrals/new/"))
    assert_accessible(page)
    page.locator("main #id_q").fill("rozcesti")
    page.locator("main form[role=search] button[type=submit]").click()
    assert_accessible(page)
    page.locator(f"main a[href$='/{service.pk}/']").first.click()
    expect(page.locator("#id_need")).to_be_visible()
    assert_accessible(page)

    page.locator("#id_need").fill("Exekuce na mzdu, potřebuje splátkový kalendář.")
    page.locator("#id_proposed_at").fill(_local(timezone.now() + timedelta(days=2)))
    page.locator("input[name=shared_data][value=phone]").check()
    page.locator("#id_consent_given").check()
    page.locator("#send-referral").click()
    expect(page).to_have_url(re.compile(r"/staff/referrals/[0-9a-f-]{36}/$"))
    assert_accessible(page)
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.PENDING

    run_background_tasks()
    assert len(smtp_server.messages) == 1
    body = smtp_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    link = LINK.search(body).group(1)

    partner_context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    partner = partner_context.new_page()
    partner.set_default_timeout(15000)
    try:
        partner.goto(link)
        expect(partner.locator("#do-accept")).to_be_visible()
        expect(partner.locator("main")).to_contain_text("Jiřina Nováková")
        assert_accessible(partner)
        partner.locator("#id_accept_note").fill("Přijmeme, ozveme se.")
        partner.locator("#do-accept").click()
        expect(partner.locator("#do-appointment")).to_be_visible()
        assert_accessible(partner)
        partner.locator("#id_appointment_at").fill(
            _local(timezone.now() + timedelta(days=4)))
        partner.locator("#id_appointment_note").fill("Pobočka Holešovice")
        partner.locator("#do-appointment").click()
        expect(partner.locator("#do-outcome")).to_be_visible()
        assert_accessible(partner)
        partner.locator("#id_outcome").select_option("got_help")
        partner.locator("#id_outcome_note").fill("Podán návrh na oddlužení.")
        partner.locator("#do-outcome").click()
        expect(partner.locator("#do-outcome")).to_have_count(0)
        assert_accessible(partner)
    finally:
        partner_context.close()

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.GOT_HELP
    page.goto(f"/staff/clients/{client_a.uuid}/")
    expect(page.locator(f"a[href='/staff/referrals/{referral.uuid}/']")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Podán návrh na oddlužení.")
    assert_accessible(page)
    page.goto(f"/staff/referrals/{referral.uuid}/")
    expect(page.locator("main")).to_contain_text("partner link (jana.dvorakova@example.cz)")
    assert_accessible(page)
