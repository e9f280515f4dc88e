"""Turning a household of the engine into the fields of our forms and our API."""

from __future__ import annotations

from kmb.benefits.engine import HouseholdInput, resolve_district
from kmb.benefits.forms import INCOME_LABELS


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def form_data(household: HouseholdInput, **extra) -> dict:
    """POST data of the staff estimate form for ``household``."""
    data = {
        "period": household.period, "district": resolve_district(household.district) or "",
        "municipality_size": household.municipality_size or "",
        "housing_type": household.housing_type, "tenure": household.tenure,
        "rent": _value(household.rent), "services": _value(household.services),
        "energy": _value(household.energy), "savings": _value(household.savings),
        "cars": _value(household.cars), "homes_owned": _value(household.homes_owned),
        "m-TOTAL_FORMS": str(len(household.members)), "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "30", "calculate": "1",
    }
    for flag in ("solid_fuel", "shared_dwelling", "second_home_under_3_years"):
        if getattr(household, flag):
            data[flag] = "on"
    for i, person in enumerate(household.members):
        p = f"m-{i}-"
        data.update({
            p + "role": person.role, p + "label": person.label, p + "age": _value(person.age),
            p + "birth_date": _value(person.birth_date),
            p + "is_dependent_child": {True: "yes", False: "no"}.get(person.is_dependent_child,
                                                                     ""),
            p + "work_activity": person.work_activity,
            p + "employment_contract": person.employment_contract,
            p + "enforcement_count": str(person.enforcement_count),
            p + "enforcement_dependants": str(person.enforcement_dependants),
        })
        data[p + "vulnerabilities"] = sorted(person.vulnerabilities)
        for flag in ("tax_declaration_signed", "claims_child_tax_benefit",
                     "follows_support_plan", "priority_enforcement", "insolvency"):
            if getattr(person, flag):
                data[p + flag] = "on"
        if person.incomes.parental_allowance_follows_maternity:
            data[p + "parental_allowance_follows_maternity"] = "on"
        for kind in INCOME_LABELS:
            value = getattr(person.incomes, kind)
            if value is not None:
                data[p + f"income_{kind}"] = str(value)
    data.update(extra)
    return data


def api_json(household: HouseholdInput, **extra) -> dict:
    """Our API's JSON for ``household`` (the same shape as ``to_json`` by design)."""
    data = household.to_json()
    for member in data["members"]:
        member["incomes"] = {k: v for k, v in member["incomes"].items() if v is not None}
    data.update(extra)
    return data
