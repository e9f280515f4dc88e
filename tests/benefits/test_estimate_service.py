"""Households through our staff form and our API, compared with the engine called directly."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client as HttpClient

from kmb.audit.models import AuditEntry
from kmb.benefits import params, services
from kmb.benefits.engine import HouseholdInput, Incomes, PersonInput, estimate
from kmb.benefits.models import BenefitEstimate
from kmb.core.models import DatedParameter, DomainEvent
from tests.api.test_api import _token
from tests.benefits.helpers import api_json, form_data
from tests.benefits.test_engine import (
    couple_with_children,
    hostel_single,
    owner_senior,
    readme_household,
    single,
    single_parent,
)

pytestmark = pytest.mark.django_db
D = Decimal
P = "2026-10"


def all_vulnerable() -> HouseholdInput:
    return HouseholdInput(
        period=P, district="brno_mesto", tenure="rent", rent=D(15000), services=D(2500),
        energy=D(3500),
        members=[PersonInput(role="head", age=70, vulnerabilities=frozenset({"pensioner"}),
                             incomes=Incomes(old_age_pension=D(6000))),
                 PersonInput(role="partner", age=70, vulnerabilities=frozenset({"pensioner"}),
                             incomes=Incomes(old_age_pension=D(8000)))])


def above_every_limit() -> HouseholdInput:
    return single(members=[PersonInput(role="head", age=40, work_activity="employed",
                                       incomes=Incomes(employment_gross=D(150000)))])


def self_employed() -> HouseholdInput:
    return single(members=[PersonInput(role="head", age=45, work_activity="self_employed",
                                       incomes=Incomes(self_employment=D(9000)))])


CASES = {
    "readme": readme_household,
    "couple_with_children": lambda: couple_with_children(P, district="praha"),
    "single_parent": lambda: single_parent(P, district="strakonice"),
    "hostel": lambda: hostel_single(P, district="most"),
    "owner_senior": lambda: owner_senior(P, district="olomouc"),
    "all_vulnerable": all_vulnerable,
    "no_income": single,
    "above_every_limit": above_every_limit,
    "self_employment": self_employed,
    "engine_suite_january": lambda: couple_with_children("2026-01", district="praha"),
    "small_town_january": lambda: single_parent("2026-01", district="strakonice",
                                                municipality_size="under_70k"),
}


def _comparable(outputs: dict) -> dict:
    return {k: outputs[k] for k in ("dssp", "components", "enforcement_deductions",
                                    "income_after_deductions", "intermediate", "persons",
                                    "reliable")}


def _api(username: str) -> HttpClient:
    return HttpClient(HTTP_AUTHORIZATION=f"Bearer {_token(username)}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("name", sorted(CASES))
def test_staff_form_gives_what_the_engine_gives(name, web_adviser_a, client_a):
    household = CASES[name]()
    response = web_adviser_a.post(f"/staff/benefits/clients/{client_a.uuid}/new/",
                                  form_data(household))
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = BenefitEstimate.objects.get(client=client_a)
    direct = estimate(household)
    assert _comparable(saved.outputs) == _comparable(direct.outputs_as_json())
    assert saved.engine_version == direct.engine_version == "1.0.1"
    assert saved.inputs["household"]["members"][0]["role"] == household.members[0].role
    page = web_adviser_a.get(response["Location"])
    assert page.status_code == 200


@pytest.mark.parametrize("name", sorted(CASES))
def test_api_gives_what_the_engine_gives(name, adviser_a):
    household = CASES[name]()
    response = _api("poradce.a").post("/api/v1/benefits/estimate", api_json(household),
                                      content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    direct = estimate(household)
    assert body["dssp"] == direct.dssp
    assert body["components"] == {
        "housing_component": str(direct.housing_component),
        "living_component": str(direct.living_component),
        "child_bonus": str(direct.child_bonus), "work_bonus": str(direct.work_bonus)}
    assert D(body["enforcement_deductions"]) == direct.enforcement_deductions
    assert body["reliable"] == direct.reliable
    assert [n["code"] for n in body["explanation"]][:len(direct.explanation)] == \
        [n.code for n in direct.explanation]
    assert BenefitEstimate.objects.count() == 0  # without a client nothing is saved


def test_readme_published_figures_through_the_api(adviser_a):
    body = _api("poradce.a").post("/api/v1/benefits/estimate", api_json(readme_household()),
                                  content_type="application/json").json()
    assert body["dssp"] == 13324
    assert body["components"]["housing_component"] == "10576.00"
    assert body["components"]["work_bonus"] == "1747.60"
    assert body["enforcement_deductions"] == "1491.00"
    assert body["income_after_deductions"] == "34020.00"


def test_self_employment_and_hostel_are_flagged(adviser_a):
    api = _api("poradce.a")
    for household, code in ((self_employed(), "self_employment"),
                            (hostel_single(P, district="most"), "non_standard_housing"),
                            (single(shared_dwelling=True), "shared_dwelling")):
        body = api.post("/api/v1/benefits/estimate", api_json(household),
                        content_type="application/json").json()
        assert body["reliable"] is False
        assert code in [r["code"] for r in body["reliability_reasons"]]


def test_saving_with_a_client_is_audited_and_writes_an_event(adviser_a, client_a):
    response = _api("poradce.a").post(
        "/api/v1/benefits/estimate", api_json(readme_household(), client=str(client_a.uuid)),
        content_type="application/json")
    assert response.status_code == 200
    saved = BenefitEstimate.objects.get()
    assert str(saved.uuid) == response.json()["id"]
    assert saved.contact_point == client_a.contact_point and saved.channel == "api"
    entry = AuditEntry.objects.get(object_type="benefits.benefitestimate", action="create")
    assert entry.client_id == client_a.uuid and entry.channel == "api"
    event = DomainEvent.objects.get(kind="benefit_estimate.recorded")
    assert event.subject_id == saved.uuid
    assert "Nováková" not in json.dumps(event.data)


def test_next_estimate_prefills_from_the_previous_one(web_adviser_a, client_a):
    household = couple_with_children(P, district="praha")
    web_adviser_a.post(f"/staff/benefits/clients/{client_a.uuid}/new/", form_data(household))
    page = web_adviser_a.get(f"/staff/benefits/clients/{client_a.uuid}/new/").content.decode()
    assert 'name="m-TOTAL_FORMS" value="4"' in page
    assert 'name="m-0-income_employment_net" value="25000' in page
    assert 'name="rent" value="18000' in page


def test_first_estimate_prefills_from_the_case(web_adviser_a, client_a, cp_a):
    from kmb.cases.models import Household, HouseholdMember

    client_a.municipality = cp_a.municipality
    client_a.household = Household.objects.create(contact_point=cp_a)
    client_a.save()
    HouseholdMember.objects.create(household=client_a.household, first_name="Anička",
                                   relationship="child", birth_date=date(2020, 5, 1))
    page = web_adviser_a.get(f"/staff/benefits/clients/{client_a.uuid}/new/").content.decode()
    assert 'name="m-TOTAL_FORMS" value="2"' in page
    assert 'value="Anička"' in page and 'value="2020-05-01"' in page
    assert '<option value="praha" selected>' in page


def test_adding_a_member_without_javascript(web_adviser_a, client_a):
    data = form_data(single(), add_member="1")
    data.pop("calculate")
    page = web_adviser_a.post(f"/staff/benefits/clients/{client_a.uuid}/new/", data)
    assert page.status_code == 200
    assert 'name="m-TOTAL_FORMS" value="2"' in page.content.decode()
    assert BenefitEstimate.objects.count() == 0


# --- bad input: clear messages, never a 500, never half-saved ---------------------


@pytest.mark.parametrize(("change", "field"), [
    ({"rent": "-100"}, "rent"),
    ({"m-0-age": "250"}, "m-0-age"),
    ({"m-0-income_other": "-5"}, "m-0-income_other"),
    ({"district": "atlantis"}, "district"),
    ({"m-0-age": ""}, "m-0-age"),
    ({"energy": "abc"}, "energy"),
])
def test_bad_form_input_is_shown_at_the_field(change, field, web_adviser_a, client_a):
    response = web_adviser_a.post(f"/staff/benefits/clients/{client_a.uuid}/new/",
                                  form_data(single(), **change))
    assert response.status_code == 200
    page = response.content.decode()
    assert "kmb-field--error" in page and f'href="#id_{field}"' in page
    assert BenefitEstimate.objects.count() == 0
    assert not AuditEntry.objects.filter(object_type="benefits.benefitestimate").exists()


def test_empty_household_in_the_form(web_adviser_a, client_a):
    data = form_data(single(), **{"m-0-DELETE": "on"})
    response = web_adviser_a.post(f"/staff/benefits/clients/{client_a.uuid}/new/", data)
    assert response.status_code == 200
    assert 'id="members-errors"' in response.content.decode()
    assert BenefitEstimate.objects.count() == 0


@pytest.mark.parametrize(("payload", "path"), [
    ({"rent": -1}, "rent"),
    ({"members": [{"role": "head", "age": 300}]}, "members.0.age"),
    ({"members": [{"role": "head", "age": 30,
                   "incomes": {"employment_gross": -5}}]}, "members.0.incomes.employment_gross"),
    ({"members": []}, "members"),
    ({"district": "Atlantis"}, "district"),
    ({"members": [{"role": "head"}]}, "members.0.age"),
    ({"members": [{"role": "head", "age": "old"}]}, "members.0.age"),
    ({"period": "2019-13"}, "period"),
    ({"situation": "lottery"}, "situation"),
])
def test_bad_api_input_gets_field_messages(payload, path, adviser_a):
    body = {"district": "praha", "rent": 5000,
            "members": [{"role": "head", "age": 30, "work_activity": "job_seeker"}], **payload}
    response = _api("poradce.a").post("/api/v1/benefits/estimate", body,
                                      content_type="application/json")
    assert response.status_code == 422, response.content
    data = response.json()
    assert data["detail"] == "invalid"
    assert path in data["errors"] and all(data["errors"][path])


def test_api_messages_follow_the_request_language(adviser_a):
    body = {"district": "praha", "rent": -1, "members": [{"role": "head", "age": 30}]}
    en = _api("poradce.a").post("/api/v1/benefits/estimate", body,
                                content_type="application/json").json()
    assert en["errors"]["rent"] == ["The amount cannot be negative."]
    cs_api = HttpClient(HTTP_AUTHORIZATION=f"Bearer {_token('poradce.a')}",
                        HTTP_ACCEPT_LANGUAGE="cs")
    cs = cs_api.post("/api/v1/benefits/estimate", body, content_type="application/json").json()
    assert cs["errors"]["rent"] and isinstance(cs["errors"]["rent"][0], str)


def test_api_needs_a_token_and_a_role(adviser_a, housing_officer_a):
    body = api_json(single())
    assert HttpClient().post("/api/v1/benefits/estimate", body,
                             content_type="application/json").status_code == 401
    officer = _api("bytovy.a")
    assert officer.post("/api/v1/benefits/estimate", body,
                        content_type="application/json").status_code == 403


def test_api_other_contact_points_client_is_404(adviser_b, client_a):
    response = _api("poradce.b").post(
        "/api/v1/benefits/estimate", api_json(single(), client=str(client_a.uuid)),
        content_type="application/json")
    assert response.status_code == 404
    assert BenefitEstimate.objects.count() == 0


def test_openapi_documents_the_endpoint(adviser_a):
    schema = HttpClient().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/benefits/estimate"]["post"]
    assert "422" in operation["responses"]
    assert "HouseholdIn" in json.dumps(operation)


# --- our dated parameters, on both sides of their dates ---------------------------


def test_asset_limits_are_read_from_the_database_on_both_sides_of_their_start():
    assert params.asset_limits_on(date(2025, 9, 30)) is None
    limits = params.asset_limits_on(date(2025, 10, 1))
    assert limits.savings_limit(1) == 200_000 and limits.savings_limit(10) == 400_000
    row = DatedParameter.objects.get(key="dssp.asset_limits")
    assert row.to_be_confirmed


def test_an_administrator_change_of_the_asset_limits_takes_effect_on_its_date():
    old = DatedParameter.objects.get(key="dssp.asset_limits")
    old.valid_to = date(2026, 12, 31)
    old.save()
    DatedParameter.objects.create(key="dssp.asset_limits", valid_from=date(2027, 1, 1),
                                  value={**old.value, "savings_first_member": 250000})
    rich = {"savings": D(220_000), "cars": 0, "homes_owned": 0}
    december = services.estimate_household(household=single(period="2026-12", **rich))
    january = services.estimate_household(household=single(period="2027-01", **rich))
    assert december.estimate.assets.savings_ok is False
    assert january.estimate.assets.savings_ok is True
    assert january.estimate.assets.savings_limit == 250_000


def test_without_valid_asset_limits_the_test_is_not_applied():
    DatedParameter.objects.filter(key="dssp.asset_limits").delete()
    result = services.estimate_household(household=single(savings=D(10**6), cars=5))
    assert result.estimate.assets.passed is None
    assert "no_asset_limits" in [n.code for n in result.notes]


def test_living_minimum_on_both_sides_of_its_change():
    before = params.living_minimum_from(params.parameters_on(date(2026, 9, 30))["living_minimum"])
    after = params.living_minimum_from(params.parameters_on(date(2026, 10, 1))["living_minimum"])
    assert (before.single, before.first_adult, before.further_adult) == (4860, 4470, 4040)
    assert (after.single, after.first_adult, after.further_adult) == (5500, 5000, 3750)


@pytest.mark.parametrize("period", ["2026-09", "2026-10"])
def test_our_household_living_minimum_agrees_with_the_engine(period):
    for household in (couple_with_children(period, district="praha"),
                      single(period=period, municipality_size="70k_plus"),
                      all_vulnerable()):
        household.period = period
        result = services.estimate_household(household=household)
        ours = D(result.housing_support["living_minimum"])
        assert ours == result.estimate.intermediate["zivotni_minimum_domacnosti"]


@pytest.mark.parametrize(("today", "single_amount"), [("2026-09-30", "4860"),
                                                      ("2026-10-01", "5500")])
def test_api_without_a_period_uses_this_month_and_its_parameters(today, single_amount,
                                                                 adviser_a):
    body = {"district": "praha", "rent": 9000, "situation": "deposit",
            "members": [{"role": "head", "age": 40, "work_activity": "job_seeker"}]}
    token = _token("poradce.a")
    with time_machine.travel(date.fromisoformat(today), tick=False):
        response = HttpClient(HTTP_AUTHORIZATION=f"Bearer {token}").post(
            "/api/v1/benefits/estimate", body, content_type="application/json")
    data = response.json()
    assert data["period"] == today[:7]
    support = next(n for n in data["explanation"] if n["code"] == "housing_support_limit")
    assert support  # our 1.43 limit is shown beside the engine's
    help_codes = [n["code"] for n in data["help"]]
    assert "mop_deposit" in help_codes and "foundation" in help_codes


def test_housing_support_limit_shows_ours_and_the_engines_without_picking():
    result = services.estimate_household(household=readme_household())
    support = result.housing_support
    assert D(support["multiple"]) == D("1.43")
    assert D(support["engine_multiple"]) == D("2.00")
    codes = [n.code for n in result.notes]
    assert "housing_support_limit" in codes and "housing_support_engine" in codes


def test_deposit_help_says_when_emergency_assistance_is_worth_it():
    poor = services.estimate_household(household=single(savings=D(0)), situation="deposit",
                                       amount_needed=D(20000))
    assert poor.help.mop_worth_applying is True
    saver = services.estimate_household(household=single(savings=D(50000)),
                                        situation="deposit", amount_needed=D(20000))
    assert saver.help.savings_cover is True and saver.help.mop_worth_applying is False
    arrears = services.estimate_household(household=above_every_limit(), situation="arrears")
    codes = [n.code for n in arrears.help.notes]
    assert "mop_unlikely" in codes and "debt_counselling" in codes
    assert services.estimate_household(household=single()).help is None
