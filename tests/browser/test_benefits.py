"""Benefit estimates in Chromium: in the case, for the public (also without JavaScript),
and a batch run by an analyst. Staff pages are driven by ids and names."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kmb.benefits.models import BenefitBatch, BenefitEstimate
from tests.benefits.conftest import ensure_parameters
from tests.browser.conftest import assert_accessible
from tests.conftest import run_background_tasks

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture(autouse=True)
def _parameters(transactional_db):
    ensure_parameters()


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "kmb-demo")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_adviser_estimates_benefits_in_the_case(page, client_a, adviser_a):
    _login(page, "poradce.a")
    page.goto(f"/staff/clients/{client_a.uuid}/")
    page.locator("#estimate-benefits").click()
    expect(page.locator("#estimate-submit")).to_be_visible()
    assert_accessible(page)

    page.select_option("#id_district", "praha")
    page.fill("#id_rent", "12000")
    page.fill("#id_services", "2000")
    page.fill("#id_energy", "5000")
    page.fill("#id_m-0-age", "30")
    page.fill("#id_m-0-birth_date", "")
    page.select_option("#id_m-0-work_activity", "employed")
    page.fill("#id_m-0-income_employment_gross", "-25000")
    page.locator("#estimate-submit").click()
    expect(page.locator(".kmb-field--error").first).to_be_visible()
    expect(page.locator("#id_m-0-income_employment_gross")).to_have_value("-25000")
    assert_accessible(page)
    assert BenefitEstimate.objects.count() == 0

    page.fill("#id_m-0-income_employment_gross", "25000")
    page.check("#id_m-0-vulnerabilities input[value=caring_parent]")
    page.check("#id_m-0-claims_child_tax_benefit")
    page.fill("#id_m-0-enforcement_count", "1")
    page.fill("#id_m-0-enforcement_dependants", "1")
    page.locator("#add-member").click()
    page.select_option("#id_m-1-role", "child")
    page.fill("#id_m-1-age", "2")
    page.select_option("#id_m-1-is_dependent_child", "yes")
    page.locator("#estimate-submit").click()

    expect(page.locator("#dssp-total")).to_contain_text("13 324")
    expect(page.locator("#components")).to_be_visible()
    expect(page.locator("#explanation li").first).to_be_visible()
    assert_accessible(page)
    saved = BenefitEstimate.objects.get(client=client_a)
    assert saved.dssp == 13324

    page.goto(f"/staff/clients/{client_a.uuid}/")
    expect(page.locator(f"a[href='/staff/benefits/estimates/{saved.uuid}/']")).to_be_visible()
    assert_accessible(page)


def test_public_estimate_with_and_without_javascript(page, page_no_js):
    for current in (page_no_js, page):
        current.goto("/benefits/")
        expect(current.get_by_role("heading", level=1)).to_have_text(
            "Spočítejte si dávku státní sociální pomoci")
        if current is page:  # axe needs JavaScript; the same pages are checked with it
            assert_accessible(current)
        current.get_by_label("Okres").select_option("ostrava_mesto")
        current.get_by_label("Kolik platíte měsíčně za nájem a služby (Kč)").fill("9000")
        current.locator("#id_a1_age").fill("34")
        current.locator("#id_a1_activity").select_option("parent")
        current.locator("#id_a1_other_income").fill("7600")
        current.get_by_label("Počet dětí do 6 let").fill("1")
        current.get_by_label("kauci na nový byt").check()
        current.get_by_role("button", name="Spočítat").click()
        expect(current.locator("#result-total")).to_contain_text("Kč")
        expect(current.get_by_role("heading", name="Jak o dávku požádat")).to_be_visible()
        expect(current.locator("#result-help")).to_be_visible()
        if current is page:
            assert_accessible(current)
    assert BenefitEstimate.objects.count() == 0


def test_public_estimate_in_ukrainian(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="uk-UA")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto("/benefits/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Розрахуйте державну соціальну допомогу (dávka státní sociální pomoci)")
        assert_accessible(page)
        page.locator("#id_rent").fill("-1")
        page.get_by_role("button", name="Розрахувати").click()
        expect(page.locator("#form-errors")).to_contain_text("Сума не може бути від'ємною.")
        assert_accessible(page)
    finally:
        context.close()


def test_analyst_runs_a_batch_and_sees_progress_and_results(page, cp_a, adviser_a, analyst_a,
                                                            client_a):
    from django.test import Client as HttpClient

    from tests.benefits.helpers import form_data
    from tests.benefits.test_engine import readme_household

    http = HttpClient()
    http.force_login(adviser_a, backend="django.contrib.auth.backends.ModelBackend")
    http.post(f"/staff/benefits/clients/{client_a.uuid}/new/", form_data(readme_household()))
    _login(page, "analytik.a")
    page.goto("/staff/benefits/batches/")
    assert_accessible(page)
    page.fill("#id_rent_change_percent", "10")
    page.locator("#batch-submit").click()
    expect(page.locator("#batch-progress")).to_be_visible()
    assert_accessible(page)
    run_background_tasks()
    expect(page.locator("#batch-rows")).to_be_visible(timeout=20000)  # htmx refreshes
    assert_accessible(page)
    batch = BenefitBatch.objects.get()
    assert batch.status == "done" and batch.total == 1
    with page.expect_download() as download:
        page.locator("#batch-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
