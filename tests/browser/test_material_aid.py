"""Material aid on the consultation form in Chromium: htmx adds a row in place, the
same button works as a plain form post without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kmb.cases.models import MaterialAid
from kmb.network.models import Organization
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_adviser_records_two_kinds_of_aid_and_sees_them(page, client_a, adviser_a, cp_a):
    Organization.objects.create(name="Nábytková banka Praha").partner_of.add(cp_a)
    login(page, "poradce.a")
    page.goto(f"/staff/clients/{client_a.uuid}/consultations/new/")
    page.get_by_label("Materiální pomoc (jídlo, oblečení, nábytek)").check()
    page.get_by_label("Co bylo poradeno").fill("Domluven odvoz nábytku.")
    row1 = page.get_by_role("group", name="Materiální pomoc, řádek 1")
    row1.get_by_label("Druh pomoci").select_option("furniture")
    row1.get_by_label("Předáno, nebo zprostředkováno").select_option("arranged")
    row1.get_by_label("Prostřednictvím partnera").select_option(label="Nábytková banka Praha")
    row1.get_by_label("Co přesně").fill("postel a stůl")
    page.evaluate("window.kmbSamePage = true")
    page.get_by_role("button", name="Přidat další druh pomoci").click()
    row2 = page.get_by_role("group", name="Materiální pomoc, řádek 2")
    expect(row2).to_be_visible()
    assert page.evaluate("window.kmbSamePage") is True  # swapped in place, no reload
    expect(row2.get_by_label("Druh pomoci")).to_be_focused()
    # htmx swapped only the aid rows: what was typed elsewhere is still there
    expect(page.get_by_label("Co bylo poradeno")).to_have_value("Domluven odvoz nábytku.")
    expect(row1.get_by_label("Co přesně")).to_have_value("postel a stůl")
    row2.get_by_label("Druh pomoci").select_option("food")
    row2.get_by_label("Hodnota (Kč)").fill("350")
    assert_accessible(page)
    page.get_by_role("button", name="Uložit konzultaci").click()
    expect(page.get_by_role("status")).to_contain_text("Konzultace byla zaznamenána")
    expect(page.get_by_text("Nábytek a vybavení domácnosti")).to_be_visible()
    expect(page.get_by_text("350\xa0Kč")).to_be_visible()
    assert_accessible(page)
    assert sorted(MaterialAid.objects.values_list("kind__code", flat=True)) == [
        "food", "furniture"]


def test_adding_a_row_works_without_javascript(page_no_js, client_a, adviser_a):
    page = page_no_js
    page.goto("/accounts/login/")
    page.get_by_label("Uživatelské jméno").fill("poradce.a")
    page.get_by_label("Heslo").fill("kmb-demo")
    page.get_by_role("button", name="Přihlásit").click()
    page.goto(f"/staff/clients/{client_a.uuid}/consultations/new/")
    page.get_by_label("Ztracené nebo chybějící doklady").check()
    page.get_by_role("group", name="Materiální pomoc, řádek 1").get_by_label(
        "Druh pomoci").select_option("hygiene")
    page.get_by_role("button", name="Přidat další druh pomoci").click()
    row2 = page.get_by_role("group", name="Materiální pomoc, řádek 2")
    row2.get_by_label("Druh pomoci").select_option("clothing")
    expect(page.get_by_label("Ztracené nebo chybějící doklady")).to_be_checked()
    page.get_by_role("button", name="Uložit konzultaci").click()
    expect(page.get_by_text("Hygienické potřeby")).to_be_visible()
    assert sorted(MaterialAid.objects.values_list("kind__code", flat=True)) == [
        "clothing", "hygiene"]


def test_enter_in_a_field_still_saves_the_consultation(page, client_a, adviser_a):
    login(page, "poradce.a")
    page.goto(f"/staff/clients/{client_a.uuid}/consultations/new/")
    page.get_by_label("Dluh za energie, hrozba odpojení").check()
    page.get_by_label("Délka (minuty)").fill("20")
    page.get_by_label("Délka (minuty)").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Konzultace byla zaznamenána")
    assert not MaterialAid.objects.exists()
