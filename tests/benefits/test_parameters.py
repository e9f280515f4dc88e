"""Dated parameters: dates, legal sources, MOP and deposit caps, the staff page, and that
clients never see the internal "to be confirmed" caveats."""

from __future__ import annotations

import importlib
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client as HttpClient

from kmb.benefits import params
from kmb.benefits.models import BenefitEstimate
from kmb.benefits.services import estimate_household
from kmb.core.models import DatedParameter
from kmb.core.permissions import Role
from tests import factories
from tests.benefits.helpers import form_data
from tests.benefits.test_engine import readme_household, single
from tests.benefits.test_pages import PUBLIC

pytestmark = pytest.mark.django_db
D = Decimal
MIGRATION = importlib.import_module("kmb.benefits.migrations.0003_parameter_sources_and_mop_caps")
#: Czech and English words of the internal caveat.
CAVEATS = ("ověřit", "úředního znění", "to be confirmed", "official text")
#: Parameters that are not law (the offices' own practice).
NOT_LAW = ("referral.", "mop.worth_applying", "privacy.retention.review_days",
           "register.reminder_working_days", "register.tie_and")


def _login(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return http


def test_the_old_living_minimum_is_valid_from_january_2023():
    found = params.parameters_on(date(2023, 1, 1), (params.LIVING_MINIMUM_KEY,))
    table = params.living_minimum_from(found.get(params.LIVING_MINIMUM_KEY))
    assert table is not None and table.single == D(4860) and table.first_adult == D(4470)
    assert params.parameters_on(date(2023, 6, 30), (params.LIVING_MINIMUM_KEY,))
    assert not params.parameters_on(date(2022, 12, 31), (params.LIVING_MINIMUM_KEY,))
    row = DatedParameter.objects.get(key="living_minimum", valid_from=date(2023, 1, 1))
    assert "436/2022 Sb." in row.source


def test_every_parameter_names_its_source_and_law_names_act_and_section():
    rows = [r for r in DatedParameter.objects.all() if not r.key.startswith("demo.")]
    assert rows
    for row in rows:
        assert row.source.strip(), row.key
        if not row.key.startswith(NOT_LAW):
            # a Czech act (its section) or an EU regulation (its article)
            assert "Sb." in row.source or "(EU)" in row.source, (row.key, row.source)
            # the section, or (where it could not be read offline) a flagged gap
            assert "§" in row.source or "čl." in row.source or (
                row.to_be_confirmed and "paragraf ověřit" in row.source), (row.key, row.source)


def test_mop_caps_are_dated_parameters_each_to_be_confirmed():
    caps = params.mop_caps_on(date(2026, 10, 15))
    assert caps.single_living_minimum == D(5500)
    assert caps.serious_event == D(15 * 5500)
    assert caps.social_exclusion_yearly == D(4 * 5500)
    assert caps.twelve_months == D(40 * 5500)
    assert caps.household_and_education_yearly == D(10 * 5500)
    assert caps.one_off_expense_up_to_actual and caps.to_be_confirmed
    for key in (params.MOP_SERIOUS_EVENT_KEY, params.MOP_SOCIAL_EXCLUSION_KEY,
                params.MOP_TWELVE_MONTHS_KEY, params.MOP_HOUSEHOLD_EDUCATION_KEY,
                params.MOP_ONE_OFF_EXPENSE_KEY):
        assert DatedParameter.objects.get(key=key).to_be_confirmed, key
    deposit = DatedParameter.objects.get(key=params.DEPOSIT_MAX_KEY)
    assert deposit.value == 3 and "§ 2254" in deposit.source
    assert not DatedParameter.objects.filter(key="mop.caps").exists()


def test_the_migration_keeps_what_an_administrator_set_and_reverses():
    DatedParameter.objects.filter(key__startswith="mop.").delete()
    DatedParameter.objects.filter(key=params.DEPOSIT_MAX_KEY).delete()
    DatedParameter.objects.create(
        key="mop.caps", valid_from=date(2025, 10, 1), to_be_confirmed=True, source="x",
        value={"unforeseen_event_multiple": 12, "social_exclusion_multiple": 4,
               "worth_applying_residual_multiple": 2})
    MIGRATION.forward(apps, None)
    assert DatedParameter.objects.get(key=params.MOP_SERIOUS_EVENT_KEY).value == 12
    assert DatedParameter.objects.get(key=params.MOP_WORTH_APPLYING_KEY).value == 2
    assert DatedParameter.objects.get(key=params.MOP_TWELVE_MONTHS_KEY).value == 40
    MIGRATION.backward(apps, None)
    old = DatedParameter.objects.get(key="mop.caps")
    assert old.value == {"unforeseen_event_multiple": 12, "social_exclusion_multiple": 4,
                         "worth_applying_residual_multiple": 2}
    assert not DatedParameter.objects.filter(key=params.MOP_TWELVE_MONTHS_KEY).exists()
    assert DatedParameter.objects.filter(key="living_minimum",
                                         valid_from=date(2023, 10, 1)).exists()
    MIGRATION.forward(apps, None)
    assert DatedParameter.objects.filter(key="living_minimum",
                                         valid_from=date(2023, 1, 1)).exists()


def test_deposit_guidance_uses_the_caps():
    result = estimate_household(household=single(), situation="deposit",
                                amount_needed=D(30000))
    codes = {n.code: n.params for n in result.help.notes}
    # rent 7 000 Kč: at most 21 000 Kč of deposit (OZ § 2254)
    assert result.help.deposit_max == D(21000)
    assert codes["deposit_legal_max"]["limit"] == D(21000)
    assert "deposit_over_legal_max" in codes and "mop_one_off_actual" in codes
    assert codes["mop_twelve_months_cap"]["cap"] == D(40 * 5500)
    within = estimate_household(household=single(), situation="deposit",
                                amount_needed=D(14000))
    assert "deposit_over_legal_max" not in {n.code for n in within.help.notes}


def test_public_deposit_answer_states_the_legal_maximum():
    page = HttpClient(HTTP_ACCEPT_LANGUAGE="cs").post(
        "/benefits/", {**PUBLIC, "amount_needed": "40000"}).content.decode()
    assert "nejvýše 3× měsíční nájemné" in page
    assert "víc, než zákon dovoluje" in page


@pytest.mark.parametrize("language", ["cs", "en", "uk"])
def test_public_estimate_carries_no_internal_caveat(language):
    page = HttpClient(HTTP_ACCEPT_LANGUAGE=language).post("/benefits/", PUBLIC).content.decode()
    assert 'id="result-total"' in page
    for word in CAVEATS:
        assert word not in page, word


def test_client_pdf_has_no_caveat_while_the_staff_page_keeps_it(web_adviser_a, client_a,
                                                                tmp_path):
    response = web_adviser_a.post(f"/staff/benefits/clients/{client_a.uuid}/new/",
                                  form_data(readme_household(), situation="deposit",
                                            amount_needed="20000"))
    assert response.status_code == 302
    saved = BenefitEstimate.objects.get(client=client_a)
    staff_page = web_adviser_a.get(f"/staff/benefits/estimates/{saved.uuid}/").content.decode()
    assert 'data-code="assets_to_be_confirmed"' in staff_page
    assert 'data-code="mop_to_be_confirmed"' in staff_page
    pdf = web_adviser_a.get(f"/staff/benefits/estimates/{saved.uuid}/pdf/")
    path = tmp_path / "estimate.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    flat = " ".join(text.split())
    assert "Úřad práce" in flat and "kauc" in flat.lower()
    for word in CAVEATS:
        assert word not in flat, word


def test_parameter_page_lists_what_is_to_be_confirmed(web_lead_a):
    response = web_lead_a.get("/staff/parameters/")
    assert response.status_code == 200
    page = response.content.decode()
    box = page.split('id="to-be-confirmed"')[1].split("</section>")[0]
    for key in (params.MOP_TWELVE_MONTHS_KEY, params.HOUSING_SUPPORT_MULTIPLE_KEY,
                params.ASSET_LIMITS_KEY):
        assert f'data-key="{key}"' in box
    assert f'data-key="{params.DEPOSIT_MAX_KEY}"' not in box  # the Civil Code is certain
    table = page.split('id="parameters"')[1]
    assert "§ 2254" in table and "436/2022 Sb." in table
    assert 'id="read-only"' in page and "/admin/core/datedparameter/" not in page
    assert "demo." not in table


def test_parameter_page_for_analysts_and_administrators_only(cp_a, web_adviser_a, analyst_a,
                                                             housing_officer_a, anonymous):
    assert web_adviser_a.get("/staff/parameters/").status_code == 404
    assert _login(housing_officer_a).get("/staff/parameters/").status_code == 404
    assert _login(analyst_a).get("/staff/parameters/").status_code == 200
    assert anonymous.get("/staff/parameters/").status_code == 302  # to the login
    admin = factories.UserFactory(username="spravce", is_superuser=True, is_staff=True)
    page = _login(admin).get("/staff/parameters/").content.decode()
    assert "/admin/core/datedparameter/" in page and 'id="read-only"' not in page
    member_admin = factories.staff("spravce2", Role.ADMINISTRATOR, None)
    assert _login(member_admin).get("/staff/parameters/").status_code == 200


def test_current_texts_speak_of_the_living_component_not_the_old_benefit():
    from kmb.benefits.public_texts import TEXTS

    for key, languages in TEXTS.items():
        if key != "replaced":  # the one text that tells the history names the old benefit
            assert "příspěvek na živobytí" not in languages["cs"].lower(), key
    assert "složku na živobytí" in TEXTS["why_income_high"]["cs"]


@pytest.mark.parametrize(("language", "words"), [
    ("cs", ("příspěvek na bydlení", "doplatek na bydlení", "příspěvek na živobytí",
            "přídavek na dítě", "31. prosince 2025", "července 2026", "151/2025 Sb.")),
    ("en", ("příspěvek na živobytí", "31 December 2025", "July 2026", "151/2025")),
    ("uk", ("přídavek na dítě", "31 грудня 2025", "151/2025")),
])
def test_public_page_says_which_benefits_dssp_replaced_and_until_when(language, words):
    page = HttpClient(HTTP_ACCEPT_LANGUAGE=language).get("/benefits/").content.decode()
    box = page.split('id="replaced-benefits"')[1].split("</p>")[0]
    for word in words:
        assert word in box, word
