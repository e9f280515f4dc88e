"""The housing supply in Chromium: an owner offers a flat on the portal, the housing
officer completes it with a photo, matches and proposes it, the owner accepts through the
link, the lease is signed and the 3-month follow-up appears. axe on every page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from kmb.accounts.models import ServiceArea
from kmb.housing.models import Flat, FollowUp, Landlord, Proposal
from tests import factories
from tests.browser.conftest import assert_accessible, login
from tests.housing import factories as hf
from tests.housing.conftest import ensure_housing_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

LINK = re.compile(r"/housing-link/[A-Za-z0-9_-]+/")


def test_flat_from_portal_offer_to_follow_up(page, browser, live_server, cp_a, adviser_a,
                                            housing_officer_a, settings, tmp_path):
    ensure_housing_data()
    settings.MEDIA_ROOT = tmp_path / "media"
    ServiceArea.objects.get_or_create(contact_point=cp_a,
                                      municipality=factories.municipality("554782"))
    client = hf.household_client(cp_a, adviser_a)

    # the owner offers the flat on the portal, without an account
    page.goto("/for-landlords/offer/")
    assert_accessible(page)
    page.locator("#id_kind_0").check()
    page.locator("#id_name").fill("Jana Majitelová")
    page.locator("#id_phone").fill("777 123 456")
    page.locator("#id_municipality").fill("Praha")
    page.locator("#id_street").fill("Dělnická")
    page.locator("#id_house_number").fill("12")
    page.locator("#id_layout").fill("2+1")
    page.locator("#id_area_m2").fill("58")
    page.locator("#id_rent").fill("11400")
    page.locator("#id_consent").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/for-landlords/offer/sent/"))
    assert_accessible(page)
    flat = Flat.objects.get()

    # the housing officer finds it in the queue and completes it with a photo
    login(page, "bytovy.a")
    page.goto("/staff/housing/owners/?queue=1")
    assert_accessible(page)
    page.get_by_role("link", name="Jana Majitelová").click()
    assert_accessible(page)
    page.goto(f"/staff/housing/flats/{flat.uuid}/edit/")
    assert_accessible(page)
    page.locator("#id_service_advances").fill("2500")
    page.locator("#id_energy_estimate").fill("1500")
    page.locator("#id_lift").check()
    page.locator("main form.kmb-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/staff/housing/flats/{flat.uuid}/$"))
    photo = tmp_path / "kuchyne.png"
    Image.new("RGB", (2400, 1600), "#4477aa").save(photo)
    page.locator("#id_image").set_input_files(str(photo))
    page.locator("#id_caption").fill("Kuchyně")
    page.get_by_role("button", name="Nahrát fotografii").click()
    expect(page.locator("main img[alt='Kuchyně']")).to_be_visible()
    page.get_by_role("button", name=re.compile("Nastavit na „nabízený“")).click()
    expect(page.locator("main")).to_contain_text("nabízený")
    assert_accessible(page)

    # match and propose
    page.get_by_role("link", name="Najít domácnosti").click()
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("vyhovuje: 3 osoby v 2+1")
    expect(page.locator("main")).to_contain_text("dostupné: nájemné 11\u00a0400\u00a0Kč")
    page.get_by_role("button", name=re.compile("Navrhnout byt")).first.click()
    expect(page).to_have_url(re.compile(r"/staff/housing/proposals/"))
    assert_accessible(page)
    proposal = Proposal.objects.get()
    assert proposal.client == client

    # the explanation refers to the rules shown to staff
    page.get_by_role("link", name="Zobrazit pravidla").first.click()
    expect(page.locator("main")).to_contain_text("max_own_share_of_income: 0.4")
    assert_accessible(page)
    page.go_back()

    page.get_by_role("button", name="Vytvořit odkaz pro vlastníka").click()
    link = LINK.search(page.locator("#owner-link").inner_text()).group(0)

    # the owner accepts through the link: no name, no contact of the household
    owner = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    try:
        owner_page = owner.new_page()
        owner_page.goto(link)
        assert_accessible(owner_page)
        expect(owner_page.locator("main")).not_to_contain_text("Hledající")
        owner_page.locator("#id_answer_0").check()
        owner_page.get_by_role("button", name="Odeslat odpověď").click()
        expect(owner_page.locator("main")).to_contain_text("přijato vlastníkem")
    finally:
        owner.close()

    # the client accepts, the lease is signed, the flat is let
    page.reload()
    page.locator("#id_client-answer_0").check()
    page.get_by_role("button", name="Zaznamenat odpověď klienta").click()
    expect(page.locator("main")).to_contain_text("přijato klientem")
    today = timezone.localdate().isoformat()
    page.locator("#id_signed_on").fill(today)
    page.locator("#id_starts_on").fill(today)
    page.locator("#id_term_months").fill("12")
    page.get_by_role("button", name="Zaznamenat nájemní smlouvu").click()
    expect(page.locator("main")).to_contain_text("po 3 měsících")
    assert_accessible(page)
    assert Flat.objects.get().status == "let"
    assert FollowUp.objects.filter(months=3).exists()
    page.goto("/staff/housing/follow-ups/")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Hledající")
    assert Landlord.objects.get().name == "Jana Majitelová"
