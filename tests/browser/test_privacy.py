"""A lead in Chromium: the client's data protection page, erasure with confirmation, the
retention list and the record of processing activities, with axe on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kmb.cases.models import Client
from tests.browser.conftest import assert_accessible, login
from tests.privacy.conftest import ensure_privacy_parameters

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_lead_erases_a_client_after_confirming(page, client_a, lead_a):
    from tests.conftest import _ensure_code_lists

    _ensure_code_lists()
    ensure_privacy_parameters()
    login(page, "vedouci.a")
    page.goto(f"/staff/clients/{client_a.uuid}/")
    page.get_by_role("link", name="Ochrana údajů: export, výmaz").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ochrana osobních údajů")
    assert_accessible(page)

    page.get_by_role("link", name="Vymazat osobní údaje klienta").click()
    assert_accessible(page)
    page.get_by_label("klient odvolal souhlas").check()
    page.locator("#id_reason").fill("Klientka odvolala souhlas se zpracováním.")
    page.get_by_role("button", name="Pokračovat").click()
    question = "Opravdu vymazat osobní údaje klienta Jiřina Nováková?"
    expect(page.get_by_text(question)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ano, vymazat údaje").click()
    expect(page.get_by_role("status").first).to_contain_text("byly vymazány")
    assert_accessible(page)
    assert Client.objects.get(pk=client_a.pk).last_name == ""

    page.get_by_role("link", name="Ochrana osobních údajů", exact=True).first.click()
    expect(page.get_by_role("heading", name="Klienti k anonymizaci")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Záznamy o činnostech zpracování").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Záznamy o činnostech")
    assert_accessible(page)
