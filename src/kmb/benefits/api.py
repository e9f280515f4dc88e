"""POST /api/v1/benefits/estimate: a household in our own JSON in, the estimate out.

The same service as the pages (:func:`kmb.benefits.services.estimate_household`). Texts
are in the language of the Accept-Language header. Field paths in errors are dotted,
like ``members.0.age``, the same as for type errors.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from kmb.accounts.tenancy import membership_has
from kmb.benefits import services
from kmb.benefits.engine import (
    HouseholdInput,
    Incomes,
    InvalidHousehold,
    Note,
    PersonInput,
)
from kmb.benefits.forms import current_period
from kmb.benefits.models import Situation
from kmb.cases import selectors as case_selectors
from kmb.core.permissions import Perm

router = Router(tags=["benefits"])

COMPONENT_KEYS = {
    "dssp_slozka_na_bydleni": "housing_component",
    "dssp_slozka_na_zivobyti": "living_component",
    "dssp_bonus_na_dite": "child_bonus",
    "dssp_pracovni_bonus": "work_bonus",
}


class IncomesIn(Schema):
    """Average monthly incomes in CZK. Give employment income gross OR net, not both."""

    employment_gross: Decimal | None = None
    employment_net: Decimal | None = None
    self_employment: Decimal | None = Field(None, description="Net; flags the estimate")
    old_age_pension: Decimal | None = None
    other_pension: Decimal | None = Field(None, description="Invalidity, widow's, orphan's")
    maternity: Decimal | None = None
    parental_allowance: Decimal | None = None
    parental_allowance_follows_maternity: bool = True
    sickness: Decimal | None = None
    unemployment_benefit: Decimal | None = None
    care_allowance: Decimal | None = Field(None, description="Received as the person cared for")
    child_maintenance: Decimal | None = None
    foster_carer_pay: Decimal | None = None
    foster_child_allowance: Decimal | None = None
    other: Decimal | None = None


class MemberIn(Schema):
    role: str = Field("other", description="head (at most one), partner, child, parent, "
                                           "sibling, other_relative, other")
    label: str = Field("", max_length=60, description="Shown in the explanation")
    age: int | None = Field(None, description="Completed years; or give birth_date")
    birth_date: date | None = None
    is_dependent_child: bool | None = Field(None, description="Null: under 15 is a child")
    is_parent: bool | None = None
    vulnerabilities: list[str] = Field(
        default_factory=list,
        description="pensioner, invalidity_1..3, maternity, caring_parent, carer, "
                    "care_allowance_1..4, widowed_recently, disabled_ztpp")
    work_activity: str = Field("none", description="employed, self_employed, job_seeker, none")
    employment_contract: str = Field("standard", description="standard, dpp, dpc")
    tax_declaration_signed: bool = True
    claims_child_tax_benefit: bool = False
    follows_support_plan: bool = True
    foster_placement_max_2_years: bool = False
    incomes: IncomesIn = Field(default_factory=IncomesIn)
    enforcement_count: int = 0
    priority_enforcement: bool = False
    insolvency: bool = False
    enforcement_dependants: int = 0


class HouseholdIn(Schema):
    period: str | None = Field(None, description="YYYY-MM; the current month if omitted")
    district: str | None = Field(None, description="Code (brno_mesto) or Czech name")
    municipality_size: str | None = Field(
        None, description="under_70k, 70k_plus, prague_brno; only before 2026-10")
    housing_type: str = Field("dwelling", description="dwelling, hostel, "
                                                      "residential_service, non_residential")
    tenure: str = Field("rent", description="rent, sublet, own, cooperative, service_flat")
    rent: Decimal = Decimal(0)
    services: Decimal = Decimal(0)
    energy: Decimal = Decimal(0)
    solid_fuel: bool = False
    shared_dwelling: bool = False
    savings: Decimal | None = Field(None, description="Without pension and building savings")
    cars: int | None = None
    homes_owned: int | None = None
    second_home_under_3_years: bool = False
    members: list[MemberIn] = Field(default_factory=list)
    situation: str = Field("", description="'', deposit or arrears")
    amount_needed: Decimal | None = Field(None, description="Deposit or arrears in CZK")
    client: UUID | None = Field(None, description="Save the estimate with this client")


class NoteOut(Schema):
    code: str
    text: str


class AssetsOut(Schema):
    passed: bool | None
    savings: Decimal | None
    savings_limit: Decimal | None
    cars: int | None
    cars_allowed: int | None
    homes: int | None
    homes_allowed: int | None


class EstimateOut(Schema):
    id: UUID | None = Field(None, description="The saved estimate, when a client was given")
    period: str
    engine: str
    engine_version: str
    dssp: int = Field(..., description="Whole CZK a month")
    components: dict[str, Decimal] = Field(
        ..., description="housing_component, living_component, child_bonus, work_bonus")
    enforcement_deductions: Decimal
    income_after_deductions: Decimal
    housing_contribution: Decimal | None
    reliable: bool
    reliability_reasons: list[NoteOut]
    explanation: list[NoteOut]
    missing: list[NoteOut]
    assets: AssetsOut
    help: list[NoteOut] = Field(..., description="For a deposit or arrears")


class FieldErrorsOut(Schema):
    detail: str
    errors: dict[str, list[str]]


def household_from(payload: HouseholdIn) -> HouseholdInput:
    members = []
    for member in payload.members:
        data = member.dict()
        incomes = Incomes(**data.pop("incomes"))
        data["vulnerabilities"] = frozenset(data["vulnerabilities"])
        members.append(PersonInput(**data, incomes=incomes))
    data = payload.dict(exclude={"members", "situation", "amount_needed", "client"})
    data["period"] = data["period"] or current_period()
    return HouseholdInput(members=members, **data)


def dotted(path: str) -> str:
    """``members[1].incomes.other`` -> ``members.1.incomes.other``."""
    return path.replace("[", ".").replace("]", "")


def _notes(notes: list[Note]) -> list[dict[str, str]]:
    return [{"code": note.code, "text": str(note.message)} for note in notes]


def _out(result: services.Result, saved_id: UUID | None) -> dict[str, Any]:
    est = result.estimate
    assets = est.assets
    return {
        "id": saved_id, "period": est.period, "engine": est.engine,
        "engine_version": est.engine_version, "dssp": est.dssp,
        "components": {COMPONENT_KEYS[k]: v for k, v in est.components.items()},
        "enforcement_deductions": est.enforcement_deductions,
        "income_after_deductions": est.income_after_deductions,
        "housing_contribution": est.housing_contribution, "reliable": est.reliable,
        "reliability_reasons": _notes(est.reliability_reasons),
        "explanation": _notes(est.explanation + result.notes),
        "missing": _notes(est.missing),
        "assets": {"passed": assets.passed, "savings": assets.savings,
                   "savings_limit": assets.savings_limit, "cars": assets.cars,
                   "cars_allowed": assets.cars_allowed, "homes": assets.homes,
                   "homes_allowed": assets.homes_allowed},
        "help": _notes(result.help.notes) if result.help else [],
    }


@router.post("/estimate", response={200: EstimateOut, 422: FieldErrorsOut},
             summary="Estimate the state social assistance benefit (DSSP) of a household")
def estimate_endpoint(request: HttpRequest, payload: HouseholdIn):
    """Runs the benefit engine for one household and returns the four components, the
    enforcement deductions, the assets test and the explanation. With ``client`` the
    estimate is also saved with that client's case."""
    membership = request.membership
    if payload.client is not None:
        if not membership_has(membership, Perm.BENEFITS_ESTIMATE):
            raise PermissionDenied
    elif not (membership_has(membership, Perm.BENEFITS_ESTIMATE)
              or membership_has(membership, Perm.STATS_VIEW)):
        raise PermissionDenied
    client = None
    if payload.client is not None:
        client = case_selectors.client_get_for_user(membership=membership,
                                                    client_id=payload.client)
    if payload.situation not in Situation.values:
        return 422, {"detail": "invalid",
                     "errors": {"situation": [_("Choose '', 'deposit' or 'arrears'.")]}}
    household = household_from(payload)
    try:
        if client is not None:
            saved = services.estimate_record(
                client=client, actor=request.user, contact_point=membership.contact_point,
                household=household, situation=payload.situation,
                amount_needed=payload.amount_needed, channel="api")
            return 200, _out(saved.result, saved.uuid)
        result = services.estimate_household(household=household,
                                              situation=payload.situation,
                                              amount_needed=payload.amount_needed)
    except InvalidHousehold as exc:
        errors: dict[str, list[str]] = {}
        for problem in exc.problems:
            errors.setdefault(dotted(problem.path), []).append(str(problem.message))
        return 422, {"detail": "invalid", "errors": errors}
    return 200, _out(result, None)
