"""An adviser in Chromium: log in, find a client, record a consultation, see it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kmb.cases.models import Consultation
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_adviser_finds_client_and_records_consultation(page, client_a, adviser_a):
    login(page, "poradce.a")
    expect(page.get_by_role("heading", name="Moje práce")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Klienti", exact=True).first.click()
    page.get_by_label("Jméno, datum narození, telefon nebo adresa").fill("novakova")
    page.get_by_role("button", name="Hledat").last.click()
    expect(page.get_by_role("link", name="Jiřina Nováková")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Jiřina Nováková").click()
    assert_accessible(page)

    page.get_by_role("link", name="Zaznamenat konzultaci").first.click()
    assert_accessible(page)
    page.get_by_label("Výpověď z nájmu").check()
    page.get_by_label("Dluh na nájemném").check()
    page.get_by_label("Současná bytová situace").select_option("notice_eviction")
    page.get_by_label("Bydlení je ohroženo").check()
    page.get_by_label("O bydlení přijde do").fill(
        (timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_label("Co bylo poradeno").fill("Sepsána žádost o splátkový kalendář.")
    page.get_by_role("button", name="Uložit konzultaci").click()

    expect(page.get_by_text("Sepsána žádost o splátkový kalendář.")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Konzultace byla zaznamenána")
    assert_accessible(page)
    assert Consultation.objects.filter(client=client_a).count() == 1

    page.get_by_role("link", name="Přehled").first.click()
    expect(page.get_by_role("link", name="Jiřina Nováková")).to_be_visible()


def test_errors_are_shown_at_the_field_and_pass_axe(page, client_a, adviser_a):
    login(page, "poradce.a")
    page.goto(f"/staff/clients/{client_a.uuid}/consultations/new/")
    page.get_by_label("Co bylo poradeno").fill("Text, který se nesmí ztratit.")
    page.get_by_role("button", name="Uložit konzultaci").click()
    expect(page.get_by_text("Vyberte alespoň jedno téma.").first).to_be_visible()
    expect(page.get_by_label("Co bylo poradeno")).to_have_value("Text, který se nesmí ztratit.")
    assert_accessible(page)


def test_new_client_with_duplicate_warning(page, client_a, adviser_a):
    login(page, "poradce.a")
    page.goto("/staff/clients/new/")
    assert_accessible(page)
    page.get_by_label("Jméno", exact=True).fill("Jirina")
    page.get_by_label("Příjmení", exact=True).fill("Novakova")
    page.get_by_role("button", name="Založit klienta").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_role("link", name="Jiřina Nováková")).to_be_visible()
    assert_accessible(page)


def test_staff_pages_work_without_javascript(page_no_js, client_a, adviser_a):
    page = page_no_js
    page.goto("/accounts/login/")
    page.get_by_label("Uživatelské jméno").fill("poradce.a")
    page.get_by_label("Heslo").fill("kmb-demo")
    page.get_by_role("button", name="Přihlásit").click()
    page.goto("/staff/consultations/new/")
    page.get_by_label("Dávka státní sociální pomoci (DSSP)").check()
    page.get_by_role("button", name="Uložit konzultaci").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Konzultace")
    assert Consultation.objects.filter(client__isnull=True).count() == 1


def test_security_page_and_english(page, adviser_a):
    login(page, "poradce.a")
    page.goto("/accounts/security/")
    assert_accessible(page)
    page.get_by_role("button", name="Nastavit dvoufázové přihlášení").click()
    expect(page.get_by_role("img", name="QR kód")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Account and security")).to_be_visible()
    assert_accessible(page)
