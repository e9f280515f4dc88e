"""The benefits estimator as the rest of KMB uses it: one service for pages, API and batch.

:func:`estimate_household` runs the engine with our dated parameters (the assets test
from the database) and adds what the engine does not say: the income limit of the
housing support act and, for a deposit or arrears, whether emergency assistance (MOP) or a
foundation fund may help. :func:`estimate_record` keeps an estimate with the case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from kmb.accounts.models import ContactPoint, User
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.benefits import params
from kmb.benefits.engine import (
    Estimate,
    HouseholdInput,
    Note,
    estimate,
    estimate_many,
)
from kmb.benefits.models import BenefitEstimate, Situation
from kmb.cases.models import Client
from kmb.core.events import event_record

_NOTES = {
    "housing_support_limit": gettext_noop(
        "Housing support act: the income limit is {multiple} times the household's living "
        "minimum ({living_minimum} CZK), i.e. {limit} CZK. The household's income without "
        "the benefit is {income} CZK: {verdict}"
    ),
    "within_limit": gettext_noop("within the limit."),
    "above_limit": gettext_noop("above the limit."),
    "housing_support_engine": gettext_noop(
        "The engine uses {multiple} times the living minimum ({limit} CZK) for this limit; "
        "the coefficient is to be confirmed against the official text."
    ),
    "assets_to_be_confirmed": gettext_noop(
        "The limits of the assets test are kept as dated parameters and are still to be "
        "confirmed against the official text."
    ),
    "no_asset_limits": gettext_noop(
        "No limits of the assets test are valid for this month; the assets test was not "
        "applied."
    ),
    "mop_deposit": gettext_noop(
        "Emergency assistance (MOP) from the Labour Office can pay a necessary one-off "
        "expense such as a deposit for a new flat. Apply before signing the lease and bring "
        "the landlord's written terms."
    ),
    "mop_social_exclusion": gettext_noop(
        "Emergency assistance (MOP) can help a household threatened with losing its home "
        "after an unforeseen event, or threatened with social exclusion (up to {cap} CZK a "
        "year, {multiple} times the living minimum of an individual)."
    ),
    "mop_unforeseen_cap": gettext_noop(
        "After a serious unforeseen event the assistance can reach {cap} CZK ({multiple} "
        "times the living minimum of an individual)."
    ),
    "mop_one_off_actual": gettext_noop(
        "For a necessary one-off expense such as a deposit, the assistance can reach the "
        "whole expense."
    ),
    "mop_twelve_months_cap": gettext_noop(
        "All emergency assistance a person gets within 12 months is capped at {cap} CZK "
        "({multiple} times the living minimum of an individual)."
    ),
    "mop_to_be_confirmed": gettext_noop(
        "The caps of emergency assistance are kept as dated parameters and are still to be "
        "confirmed against the official text."
    ),
    "deposit_legal_max": gettext_noop(
        "A deposit may be at most {multiple} monthly rents, here {limit} CZK; the landlord "
        "returns it with interest when the lease ends (Civil Code, section 2254)."
    ),
    "deposit_over_legal_max": gettext_noop(
        "The deposit asked ({amount} CZK) is more than the law allows ({limit} CZK): the "
        "tenant may refuse the excess or claim it back."
    ),
    "mop_likely": gettext_noop(
        "Worth applying: the income left after housing costs ({residual} CZK) is below "
        "{multiple} times the household's living minimum ({threshold} CZK)."
    ),
    "mop_unlikely": gettext_noop(
        "Applying may not succeed: the income left after housing costs ({residual} CZK) is "
        "above {multiple} times the household's living minimum ({threshold} CZK)."
    ),
    "mop_savings_cover": gettext_noop(
        "The savings entered ({savings} CZK) would cover the amount needed ({amount} CZK); "
        "the Labour Office expects them to be used first."
    ),
    "foundation": gettext_noop(
        "A foundation fund can contribute towards a deposit or pay off part of a debt, "
        "especially when emergency assistance is refused or does not cover the whole amount."
    ),
    "debt_counselling": gettext_noop(
        "For arrears, agree a repayment plan with the landlord or supplier, and book the "
        "client with debt counselling."
    ),
}


def _note(code: str, **values: Any) -> Note:
    return Note(code, _NOTES[code], values)


@dataclass
class Help:
    """What may help with a deposit or arrears (structured, for any language)."""

    situation: str
    amount_needed: Decimal | None
    residual_income: Decimal
    threshold: Decimal | None
    multiple: Decimal | None
    mop_worth_applying: bool | None
    savings_cover: bool | None
    social_exclusion_cap: Decimal | None
    social_exclusion_multiple: Decimal | None
    unforeseen_cap: Decimal | None
    unforeseen_multiple: Decimal | None
    twelve_months_cap: Decimal | None = None
    twelve_months_multiple: Decimal | None = None
    #: The most a landlord may ask as a deposit for the entered rent (OZ § 2254).
    deposit_max_multiple: Decimal | None = None
    deposit_max: Decimal | None = None
    notes: list[Note] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        plain = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.__dict__.items()
                 if k != "notes"}
        return {**plain, "notes": [n.as_json() for n in self.notes]}


@dataclass
class Result:
    """An estimate of the engine together with our own notes and guidance."""

    estimate: Estimate
    notes: list[Note]
    help: Help | None
    housing_support: dict[str, Any] | None
    situation: str = ""
    amount_needed: Decimal | None = None

    def outputs_as_json(self) -> dict[str, Any]:
        data = self.estimate.outputs_as_json()
        data["kmb"] = {
            "notes": [n.as_json() for n in self.notes],
            "help": self.help.as_json() if self.help else None,
            "housing_support": self.housing_support,
            "situation": self.situation,
            "amount_needed": None if self.amount_needed is None else str(self.amount_needed),
        }
        return data


def _first_day(period: str) -> date:
    year, month = period.split("-")
    return date(int(year), int(month), 1)


def estimate_household(*, household: HouseholdInput, situation: str = "",
                       amount_needed: Decimal | None = None, explain: bool = True) -> Result:
    """Estimate one household (raises :class:`~kmb.benefits.engine.InvalidHousehold`)."""
    found: dict[str, params.Parameter] = {}

    def limits(day: date):
        found.update(params.parameters_on(day))
        return params.asset_limits_from(found.get(params.ASSET_LIMITS_KEY))

    result = estimate(household, explain=explain, asset_limits=limits)
    return _complete(result, found, situation, amount_needed)


def estimate_households(households: list[HouseholdInput], *, explain: bool = False
                        ) -> list[Estimate]:
    """Estimate many households in one vectorised run, with our assets-test limits."""
    cache: dict[date, dict[str, params.Parameter]] = {}

    def limits(day: date):
        if day not in cache:
            cache[day] = params.parameters_on(day, (params.ASSET_LIMITS_KEY,))
        return params.asset_limits_from(cache[day].get(params.ASSET_LIMITS_KEY))

    return estimate_many(households, explain=explain, asset_limits=limits)


def _complete(result: Estimate, found: dict[str, params.Parameter], situation: str,
              amount_needed: Decimal | None) -> Result:
    notes: list[Note] = []
    limits_row = found.get(params.ASSET_LIMITS_KEY)
    if limits_row is None:
        notes.append(_note("no_asset_limits"))
    elif limits_row.to_be_confirmed:
        notes.append(_note("assets_to_be_confirmed"))
    living_minimum = params.living_minimum_from(found.get(params.LIVING_MINIMUM_KEY))
    household_lm = _household_living_minimum(result, living_minimum)
    support = _housing_support(result, found, household_lm, notes)
    help_ = None
    if situation in (Situation.DEPOSIT, Situation.ARREARS):
        help_ = _help(result, found, living_minimum, household_lm, situation, amount_needed)
    return Result(result, notes, help_, support, situation, amount_needed)


def _household_living_minimum(result: Estimate, table: params.LivingMinimum | None
                              ) -> Decimal | None:
    if table is None:
        return None
    household = result.household
    day = _first_day(result.period)
    ages = []
    for person in household.members:
        if person.birth_date is not None:
            born = person.birth_date
            ages.append(max(day.year - born.year - ((day.month, day.day) <
                                                     (born.month, born.day)), 0))
        else:
            ages.append(int(person.age or 0))
    dependent = [bool(p.is_dependent_child) if p.is_dependent_child is not None else age < 15
                 for p, age in zip(household.members, ages, strict=True)]
    return table.of_household(ages, dependent)


def _housing_support(result: Estimate, found: dict[str, params.Parameter],
                     household_lm: Decimal | None, notes: list[Note]) -> dict[str, Any] | None:
    """Our income limit of the housing support act beside the engine's (both are shown)."""
    multiple = params.decimal_of(found.get(params.HOUSING_SUPPORT_MULTIPLE_KEY))
    income = result.intermediate["podpora_bydleni_prijem_domacnosti"]
    engine_limit = result.intermediate["podpora_bydleni_hranice_prijmu"]
    engine_lm = result.intermediate["zivotni_minimum_domacnosti"]
    engine_multiple = (engine_limit / engine_lm).quantize(Decimal("0.01")) if engine_lm else None
    if multiple is None or household_lm is None:
        return None
    limit = (household_lm * multiple).quantize(Decimal("0.01"))
    within = income <= limit
    notes.append(_note("housing_support_limit", multiple=float(multiple),
                       living_minimum=household_lm, limit=limit, income=income,
                       verdict=_note("within_limit" if within else "above_limit")))
    if engine_multiple is not None and engine_multiple != multiple:
        notes.append(_note("housing_support_engine", multiple=float(engine_multiple),
                           limit=engine_limit))
    row = found[params.HOUSING_SUPPORT_MULTIPLE_KEY]
    return {"multiple": str(multiple), "living_minimum": str(household_lm),
            "limit": str(limit), "income": str(income), "within": within,
            "to_be_confirmed": row.to_be_confirmed,
            "engine_multiple": None if engine_multiple is None else str(engine_multiple),
            "engine_limit": str(engine_limit)}


def _help(result: Estimate, found: dict[str, params.Parameter],
          living_minimum: params.LivingMinimum | None, household_lm: Decimal | None,
          situation: str, amount_needed: Decimal | None) -> Help:
    caps = params.mop_caps_from(found)
    worth = caps.worth_applying_residual_multiple
    residual = result.intermediate["rezidualni_prijem_domacnosti"]
    threshold = (household_lm * worth).quantize(Decimal("0.01")) \
        if worth is not None and household_lm is not None else None
    savings = result.assets.savings
    savings_cover = (savings >= amount_needed) if savings is not None and amount_needed \
        else None
    worth_applying = None if threshold is None else (residual < threshold and not savings_cover)
    deposit_multiple = params.deposit_max_multiple_from(found)
    help_ = Help(
        situation=situation, amount_needed=amount_needed, residual_income=residual,
        threshold=threshold, multiple=worth, mop_worth_applying=worth_applying,
        savings_cover=savings_cover,
        social_exclusion_cap=caps.social_exclusion_yearly,
        social_exclusion_multiple=caps.social_exclusion_yearly_multiple,
        unforeseen_cap=caps.serious_event,
        unforeseen_multiple=caps.serious_event_multiple,
        twelve_months_cap=caps.twelve_months,
        twelve_months_multiple=caps.twelve_months_multiple,
        deposit_max_multiple=deposit_multiple,
        deposit_max=_deposit_max(result, deposit_multiple),
    )
    if situation == Situation.DEPOSIT:
        _deposit_notes(help_, caps)
    _mop_notes(help_, caps, savings)
    help_.notes.append(_note("foundation"))
    if situation == Situation.ARREARS:
        help_.notes.append(_note("debt_counselling"))
    return help_


def _deposit_max(result: Estimate, multiple: Decimal | None) -> Decimal | None:
    """The largest lawful deposit for the household's monthly rent (OZ § 2254)."""
    rent = result.household.rent
    if multiple is None or not rent or rent <= 0:
        return None
    return (Decimal(rent) * multiple).quantize(Decimal("0.01"))


def _deposit_notes(help_: Help, caps: params.MopCaps) -> None:
    notes = help_.notes
    notes.append(_note("mop_deposit"))
    if caps.one_off_expense_up_to_actual:
        notes.append(_note("mop_one_off_actual"))
    if help_.deposit_max is not None:
        notes.append(_note("deposit_legal_max", multiple=float(help_.deposit_max_multiple),
                           limit=help_.deposit_max))
        if help_.amount_needed is not None and help_.amount_needed > help_.deposit_max:
            notes.append(_note("deposit_over_legal_max", amount=help_.amount_needed,
                               limit=help_.deposit_max))


def _mop_notes(help_: Help, caps: params.MopCaps, savings: Decimal | None) -> None:
    notes = help_.notes
    if help_.social_exclusion_cap is not None:
        notes.append(_note("mop_social_exclusion", cap=help_.social_exclusion_cap,
                           multiple=float(help_.social_exclusion_multiple)))
    if help_.situation == Situation.ARREARS and help_.unforeseen_cap is not None:
        notes.append(_note("mop_unforeseen_cap", cap=help_.unforeseen_cap,
                           multiple=float(help_.unforeseen_multiple)))
    if help_.twelve_months_cap is not None:
        notes.append(_note("mop_twelve_months_cap", cap=help_.twelve_months_cap,
                           multiple=float(help_.twelve_months_multiple)))
    if caps.to_be_confirmed:
        notes.append(_note("mop_to_be_confirmed"))
    if help_.savings_cover:
        notes.append(_note("mop_savings_cover", savings=savings, amount=help_.amount_needed))
    elif help_.threshold is not None:
        notes.append(_note("mop_likely" if help_.mop_worth_applying else "mop_unlikely",
                           residual=help_.residual_income, multiple=float(help_.multiple),
                           threshold=help_.threshold))


def _event_data(result: Result) -> dict[str, Any]:
    est = result.estimate
    return {"period": est.period, "entitled": est.dssp > 0, "reliable": est.reliable,
            "members": len(est.household.members), "situation": result.situation,
            "assets_passed": est.assets.passed, "engine_version": est.engine_version,
            "dssp": int(est.dssp or 0)}


@transaction.atomic
def estimate_record(*, client: Client, actor: User, contact_point: ContactPoint,
                    household: HouseholdInput, situation: str = "",
                    amount_needed: Decimal | None = None, channel: str = "web"
                    ) -> BenefitEstimate:
    """Estimate and keep the estimate with the client's case; audited, with a domain event.

    Raises :class:`~kmb.benefits.engine.InvalidHousehold` before writing anything.
    """
    result = estimate_household(household=household, situation=situation,
                                amount_needed=amount_needed)
    est = result.estimate
    saved = BenefitEstimate.objects.create(
        contact_point=contact_point, client=client, period=est.period, engine=est.engine,
        engine_version=est.engine_version, inputs=est.inputs_as_json(),
        outputs=result.outputs_as_json(), situation=situation or "",
        amount_needed=amount_needed, dssp=est.dssp, reliable=est.reliable, channel=channel,
        created_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=saved,
                 contact_point=contact_point, client_id=client.uuid,
                 changes=["inputs", "outputs"], channel=channel)
    event_record(kind="benefit_estimate.recorded", contact_point=contact_point,
                 subject_id=saved.uuid, data=_event_data(result))
    saved.result = result  # the full result, for callers that show it right away
    return saved


# --- partner services and the contact point that can help ---------------------------

#: Categories of the partner directory (its taxonomy codes) that fit a situation.
PARTNER_CATEGORIES = {
    Situation.DEPOSIT: ("foundation_funds", "social_rental_agencies"),
    Situation.ARREARS: ("debt_counselling", "foundation_funds", "legal_counselling"),
}


def partner_services(saved: BenefitEstimate | None = None, *, situation: str = "",
                     municipality=None, limit: int = 10) -> list[Any]:
    """Services of the partner directory that fit a deposit or arrears, in the client's
    municipality where it is known (through ``kmb.network.selectors``)."""
    if saved is not None:
        situation = saved.situation
        client = saved.client
        municipality = client.municipality if client.municipality_id else None
    codes = PARTNER_CATEGORIES.get(situation)
    if not codes:
        return []
    try:
        from kmb.network import selectors as network
    except ImportError:  # the partner directory is not installed
        return []
    terms = {term.code: term for term in network.categories()}
    found: dict[Any, Any] = {}
    for code in codes:
        if code not in terms:
            continue
        for service in network.directory_search(category=terms[code],
                                                municipality=municipality,
                                                public=True)[:limit]:
            found.setdefault(service.pk, service)
    return list(found.values())[:limit]


def contact_point_for(municipality) -> Any:
    """The contact point that serves a municipality, where the accounts app can tell."""
    if municipality is None:
        return None
    try:
        from kmb.accounts.selectors import contact_point_for_municipality
    except ImportError:
        return None
    return contact_point_for_municipality(municipality=municipality)
