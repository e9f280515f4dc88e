"""Reliability flags and the explanation of an estimate in translatable sentences."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from kmb.benefits.engine.assets import AssetsTest
from kmb.benefits.engine.districts import _district_table
from kmb.benefits.engine.household import DISTRICT_RENTS_FROM, MUNICIPALITY_SIZES, TENURES
from kmb.benefits.engine.mapping import _municipality_size, _num, _Prepared, _Thresholds
from kmb.benefits.engine.notes import Note
from kmb.benefits.engine.results import _money

# ---------------------------------------------------------------------------
# Reliability and explanation
# ---------------------------------------------------------------------------

_EXPLAIN = {
    "living_minimum": gettext_noop(
        "The living minimum of the household is {living_minimum} CZK a month. Its decisive "
        "income is {income} CZK, which is {ratio} times the living minimum."
    ),
    "inactive_member": gettext_noop(
        "{member} is neither work-active nor vulnerable, so they are not counted for housing "
        "costs and living needs, and the household cannot get the child bonus."
    ),
    "normative_rent": gettext_noop(
        "The normative rent where the household lives ({place}) for the number of counted "
        "persons ({persons}) is {normative} CZK."
    ),
    "normative_rent_vulnerable": gettext_noop(
        "The normative rent where the household lives ({place}) for the number of counted "
        "persons ({persons}) is {normative} CZK (the higher table, because all members are "
        "vulnerable)."
    ),
    "rent_capped": gettext_noop(
        "Rent and services ({paid} CZK) are above the normative rent; only {counted} CZK "
        "of them is counted."
    ),
    "rent_full": gettext_noop("Rent and services are counted in full ({paid} CZK)."),
    "rent_capped_facility": gettext_noop(
        # xgettext:no-python-format
        "In this kind of housing rent and services count only up to {share} % of the "
        "normative rent ({cap} CZK); {counted} CZK is counted."
    ),
    "owner_allowance": gettext_noop(
        "Owners and cooperative members do not count rent: a flat amount of {amount} CZK "
        "for the use of the home is counted instead."
    ),
    "energy_flat": gettext_noop(
        "Because the decisive income is at least {multiple} times the living minimum "
        "({threshold} CZK), the energy flat rate of {flat} CZK is counted instead of the "
        "actual energy costs."
    ),
    "energy_actual": gettext_noop(
        "Actual energy costs of {actual} CZK are counted up to {multiple} times the energy "
        "flat rate ({cap} CZK); {counted} CZK is counted."
    ),
    "solid_fuel": gettext_noop("Heating with solid fuel adds {amount} CZK to the energy costs."),
    "housing_costs": gettext_noop("Housing costs counted in total: {costs} CZK."),
    "housing_component": gettext_noop(
        # xgettext:no-python-format
        "Housing component: the counted housing costs of {costs} CZK minus the household's "
        "own contribution of {contribution} CZK ({share} % of the decisive income, plus "
        "{extra_share} % of the part above {multiple} times the living minimum) give "
        "{component} CZK."
    ),
    "housing_component_zero": gettext_noop(
        # xgettext:no-python-format
        "The housing component is zero: the household's own contribution ({share} % of its "
        "decisive income, at least {contribution} CZK) covers the counted housing costs of "
        "{costs} CZK."
    ),
    "living_component": gettext_noop(
        # xgettext:no-python-format
        "Living component: the amounts for the members' living needs ({needs} CZK) minus "
        "{share} % of the decisive income ({part} CZK) give {component} CZK."
    ),
    "living_component_zero": gettext_noop(
        "The living component is zero because the decisive income ({income} CZK) is above "
        "{multiple} times the living minimum ({threshold} CZK)."
    ),
    "living_component_negative": gettext_noop(
        # xgettext:no-python-format
        "The engine computes a negative living component ({component} CZK) because the "
        "members counted for living needs get less than {share} % of the decisive income; "
        "it lowers the total."
    ),
    "child_bonus": gettext_noop(
        "Child bonus: {per_child} CZK for each dependent child (children: {children}), "
        "{bonus} CZK in total."
    ),
    "child_bonus_no_children": gettext_noop(
        "There is no dependent child in the household, so there is no child bonus."
    ),
    "child_bonus_income": gettext_noop(
        "The child bonus is zero because the decisive income is above {multiple} times the "
        "living minimum ({threshold} CZK)."
    ),
    "child_bonus_inactive": gettext_noop(
        "The child bonus is zero because not every member is work-active or vulnerable."
    ),
    "work_bonus_no_income": gettext_noop(
        "The work bonus is zero because no adult member has income counted for it (pay from "
        "employment, sickness benefit, foster carer's pay, parental allowance that follows "
        "maternity benefit)."
    ),
    "work_bonus_alone": gettext_noop(
        "The work bonus is zero because it is paid only together with another part of the "
        "benefit, and all the other parts are zero."
    ),
    "work_bonus_low": gettext_noop(
        # xgettext:no-python-format
        "Work bonus: {share} % of the income counted for it ({work_income} CZK), because the "
        "decisive income is below {multiple} times the living minimum ({threshold} CZK): "
        "{bonus} CZK."
    ),
    "work_bonus_high": gettext_noop(
        "Work bonus: {bonus} CZK. It is reduced because the decisive income is above "
        "{multiple} times the living minimum ({threshold} CZK)."
    ),
    "total": gettext_noop(
        "In total the estimated benefit is {dssp} CZK a month (the sum of the parts rounded "
        "up to whole crowns)."
    ),
    "total_zero": gettext_noop("The estimated benefit is zero."),
    "total_negative": gettext_noop(
        "The engine computes a negative total ({amount} CZK); no benefit would be paid."
    ),
    "largest_part": gettext_noop("The largest part of the benefit is the {part} ({amount} CZK)."),
    "without_rent": gettext_noop(
        "Without rent and services the benefit would be {amount} CZK, i.e. {difference} CZK less."
    ),
    "without_energy": gettext_noop(
        "Without energy costs the benefit would be {amount} CZK, i.e. {difference} CZK less."
    ),
    "extra_income": gettext_noop(
        "With 1 000 CZK more income (not from work) the benefit would fall by {difference} CZK."
    ),
    "extra_income_same": gettext_noop(
        "1 000 CZK more income (not from work) would not change the benefit."
    ),
    "enforcement": gettext_noop(
        "Enforcement or insolvency deductions take {amount} CZK a month; the household keeps "
        "{after} CZK including the benefit."
    ),
    "assets_rule": gettext_noop(
        "The assets test is not part of the engine; it is checked against the limits valid "
        "from {valid_from}."
    ),
    "assets_savings_ok": gettext_noop(
        "Savings of {savings} CZK are within the limit of {limit} CZK for this household "
        "(members: {members})."
    ),
    "assets_savings_over": gettext_noop(
        "Savings of {savings} CZK are above the limit of {limit} CZK for this household "
        "(members: {members}): the benefit would not be granted."
    ),
    "assets_cars_ok": gettext_noop(
        "Cars: {cars}, adults: {adults}; one car per adult is allowed, so this is within the limit."
    ),
    "assets_cars_over": gettext_noop(
        "Cars: {cars}, adults: {adults}; that is more than one car per adult, so the benefit "
        "would not be granted."
    ),
    "assets_homes_ok": gettext_noop("Homes owned: {homes}, allowed: {allowed}."),
    "assets_homes_over": gettext_noop(
        "Homes owned: {homes}, allowed: {allowed}; the benefit would not be granted."
    ),
    "assets_unknown": gettext_noop(
        "Savings, cars or homes were not entered; the assets test is incomplete."
    ),
    "member": gettext_noop("Member {number}"),
    "part_housing": gettext_noop("housing component"),
    "part_living": gettext_noop("living component"),
    "part_child": gettext_noop("child bonus"),
    "part_work": gettext_noop("work bonus"),
    "place_size_under_70k": gettext_noop("a municipality under 70 000 inhabitants"),
    "place_size_70k_plus": gettext_noop("a municipality of 70 000 inhabitants or more"),
    "place_size_prague_brno": gettext_noop("Prague or Brno"),
}

_RELIABILITY = {
    "self_employment": gettext_noop(
        "Income from self-employment is not modelled by the engine: it is counted as other "
        "income and does not count for the work bonus."
    ),
    "shared_dwelling": gettext_noop(
        "The dwelling is shared by several households; the Labour Office may divide the "
        "housing costs between them."
    ),
    "non_standard_housing": gettext_noop(
        "Non-standard housing (hostel, residential service or a space not meant for living) "
        "is assessed individually by the Labour Office."
    ),
    "negative_component": gettext_noop(
        "The engine produced a negative living component; check the members' work activity "
        "and vulnerability."
    ),
}


def _note(code: str, **params: Any) -> Note:
    return Note(code, _EXPLAIN[code], params)



def _reliability(prep: _Prepared, components: Mapping[str, Decimal]) -> list[Note]:
    reasons = []
    household = prep.household
    if any(
        p.work_activity == "self_employed" or a["self_employment"] > 0
        for p, a in zip(household.members, prep.amounts, strict=True)
    ):
        reasons.append(Note("self_employment", _RELIABILITY["self_employment"]))
    if household.shared_dwelling:
        reasons.append(Note("shared_dwelling", _RELIABILITY["shared_dwelling"]))
    if household.housing_type != "dwelling":
        reasons.append(Note("non_standard_housing", _RELIABILITY["non_standard_housing"]))
    if components["dssp_slozka_na_zivobyti"] < 0:
        reasons.append(Note("negative_component", _RELIABILITY["negative_component"]))
    return reasons


def _member_ref(prep: _Prepared, index: int) -> Any:
    label = prep.household.members[index].label
    return label if label else _note("member", number=index + 1)


def _place(prep: _Prepared) -> Any:
    if prep.period >= DISTRICT_RENTS_FROM:
        names, _lookup = _district_table()
        return names[prep.district]
    engine_size = _municipality_size(prep)
    ours = {v: k for k, v in MUNICIPALITY_SIZES.items()}[engine_size]
    return _note(f"place_size_{ours}")


def _explain(
    prep: _Prepared,
    h: Mapping[str, Any],
    persons: list[dict[str, Any]],
    components: Mapping[str, Decimal],
    contribution: Decimal | None,
    t: _Thresholds,
    sensitivity: Mapping[str, int] | None,
    dssp: int,
    deductions: Decimal,
) -> list[Note]:
    household = prep.household
    notes: list[Note] = []
    lm = h["zivotni_minimum_domacnosti"]
    income = h["dssp_rozhodny_prijem"]
    ratio = float(income / lm) if lm else 0.0
    notes.append(_note("living_minimum", living_minimum=lm, income=income, ratio=round(ratio, 2)))
    for i, person in enumerate(persons):
        if not (person["dssp_je_osoba_zranitelna"] or person["dssp_je_osoba_pracovne_aktivni"]):
            notes.append(_note("inactive_member", member=_member_ref(prep, i)))

    # housing costs
    all_vulnerable = h["dssp_jsou_vsechny_osoby_v_domacnosti_zranitelne"]
    normative = h["dssp_normativni_najemne_domacnosti"]
    counted_persons = max(h["dssp_pocet_osob_v_domacnosti_pro_vypocet_nakladu_na_bydleni"], 1)
    notes.append(
        _note(
            "normative_rent_vulnerable" if all_vulnerable else "normative_rent",
            persons=counted_persons,
            place=_place(prep),
            normative=normative,
        )
    )
    costs = h["dssp_naklady_na_bydleni_za_uzivani_bytu"]
    usage: Decimal | None = None
    renting = TENURES[household.tenure] == "najemni_podnajemni"
    paid = _money(_num(household.rent) + _num(household.services))
    if household.housing_type == "dwelling" and not renting:
        usage = h["dssp_vlastnicky_pausal_domacnosti"]
        notes.append(_note("owner_allowance", amount=usage))
    elif household.housing_type == "dwelling":
        usage = min(paid, normative)
        notes.append(
            _note("rent_capped", paid=paid, counted=usage)
            if paid > normative
            else _note("rent_full", paid=paid)
        )
    elif household.housing_type in ("hostel", "residential_service") or (
        household.housing_type == "non_residential" and renting
    ):
        share = t.facility_share if household.housing_type == "hostel" else t.non_residential_share
        cap = _money(float(normative) * share)
        usage = min(paid, cap)
        notes.append(
            _note("rent_capped_facility", share=int(round(share * 100)), cap=cap, counted=usage)
        )
    flat = h["dssp_energeticky_pausal_domacnosti"]
    energy_counted = costs - usage if usage is not None else None
    energy_threshold = _money(float(lm) * t.energy_flat_multiple)
    if energy_counted is not None and energy_counted >= 0:
        if income >= energy_threshold:
            if abs(energy_counted - flat) <= Decimal("0.05"):
                notes.append(
                    _note(
                        "energy_flat",
                        multiple=t.energy_flat_multiple,
                        threshold=energy_threshold,
                        flat=flat,
                    )
                )
        else:
            actual = h["dssp_naklady_na_energie"]
            solid = actual - _money(_num(household.energy))
            if solid > 0:
                notes.append(_note("solid_fuel", amount=solid))
            notes.append(
                _note(
                    "energy_actual",
                    actual=actual,
                    multiple=t.energy_cap_multiple,
                    cap=_money(float(flat) * t.energy_cap_multiple),
                    counted=energy_counted,
                )
            )
    notes.append(_note("housing_costs", costs=costs))
    housing = components["dssp_slozka_na_bydleni"]
    if housing > 0 and contribution is not None:
        notes.append(
            _note(
                "housing_component",
                costs=costs,
                contribution=contribution,
                share=int(round(t.contribution_share * 100)),
                extra_share=int(round(t.contribution_extra_share * 100)),
                multiple=t.contribution_extra_multiple,
                component=housing,
            )
        )
    else:
        notes.append(
            _note(
                "housing_component_zero",
                share=int(round(t.contribution_share * 100)),
                contribution=_money(float(income) * t.contribution_share),
                costs=costs,
            )
        )

    # living component
    living = components["dssp_slozka_na_zivobyti"]
    living_threshold = _money(float(lm) * t.living_component_multiple)
    if income > living_threshold:
        notes.append(
            _note(
                "living_component_zero",
                income=income,
                multiple=t.living_component_multiple,
                threshold=living_threshold,
            )
        )
    elif living < 0:
        notes.append(
            _note(
                "living_component_negative",
                component=living,
                share=int(round(t.living_income_share * 100)),
            )
        )
    else:
        notes.append(
            _note(
                "living_component",
                needs=h["dssp_soucet_castek_na_zivotni_potreby_clenu_domacnosti"],
                share=int(round(t.living_income_share * 100)),
                part=_money(float(income) * t.living_income_share),
                component=living,
            )
        )

    # child bonus
    children = sum(prep.dependent)
    child_bonus = components["dssp_bonus_na_dite"]
    child_threshold = _money(float(lm) * t.child_bonus_multiple)
    if children == 0:
        notes.append(_note("child_bonus_no_children"))
    elif child_bonus > 0:
        notes.append(
            _note(
                "child_bonus",
                children=children,
                per_child=h["dssp_castka_na_nezaopatrene_dite"],
                bonus=child_bonus,
            )
        )
    elif income > child_threshold or h["dssp_castka_na_nezaopatrene_dite"] <= 0:
        notes.append(
            _note("child_bonus_income", multiple=t.child_bonus_multiple, threshold=child_threshold)
        )
    else:
        notes.append(_note("child_bonus_inactive"))

    # work bonus
    work = components["dssp_pracovni_bonus"]
    work_income = h["dssp_prijem_zohlednovany_pro_pracovni_bonus"]
    work_threshold = _money(float(lm) * t.work_bonus_multiple)
    others_zero = housing <= 0 and living <= 0 and child_bonus <= 0
    if work_income <= 0:
        notes.append(_note("work_bonus_no_income"))
    elif others_zero:
        notes.append(_note("work_bonus_alone"))
    elif income <= work_threshold:
        notes.append(
            _note(
                "work_bonus_low",
                share=int(round(t.work_bonus_share * 100)),
                work_income=work_income,
                multiple=t.work_bonus_multiple,
                threshold=work_threshold,
                bonus=work,
            )
        )
    else:
        notes.append(
            _note(
                "work_bonus_high",
                bonus=work,
                multiple=t.work_bonus_multiple,
                threshold=work_threshold,
            )
        )

    # total, largest part, what matters
    if dssp > 0:
        notes.append(_note("total", dssp=Decimal(dssp)))
        parts = {
            "part_housing": housing,
            "part_living": living,
            "part_child": child_bonus,
            "part_work": work,
        }
        largest = max(parts, key=lambda key: parts[key])
        notes.append(_note("largest_part", part=_note(largest), amount=parts[largest]))
    elif h["dssp"] < 0:
        notes.append(_note("total_negative", amount=h["dssp"]))
    else:
        notes.append(_note("total_zero"))
    if sensitivity is not None:
        if renting and paid > 0:
            amount = sensitivity["without_rent"]
            if amount != dssp:
                notes.append(
                    _note("without_rent", amount=Decimal(amount), difference=Decimal(dssp - amount))
                )
        if _num(household.energy) > 0 or household.solid_fuel:
            amount = sensitivity["without_energy"]
            if amount != dssp:
                notes.append(
                    _note(
                        "without_energy", amount=Decimal(amount), difference=Decimal(dssp - amount)
                    )
                )
        if dssp > 0 and prep.bump_index is not None:
            drop = dssp - sensitivity["extra_income"]
            notes.append(
                _note("extra_income", difference=Decimal(drop))
                if drop
                else _note("extra_income_same")
            )
    if deductions > 0:
        notes.append(
            _note(
                "enforcement",
                amount=deductions,
                after=h["cisty_penezni_prijem_domacnosti_po_srazkach"],
            )
        )
    return notes


def _explain_assets(assets: AssetsTest, prep: _Prepared) -> list[Note]:
    if assets.limits is None:
        return []
    notes = [_note("assets_rule", valid_from=assets.limits.valid_from)]
    members = len(prep.household.members)
    if assets.savings_ok is not None:
        notes.append(
            _note(
                "assets_savings_ok" if assets.savings_ok else "assets_savings_over",
                savings=assets.savings,
                limit=assets.savings_limit,
                members=members,
            )
        )
    if assets.cars_ok is not None:
        adults = sum(1 for age in prep.ages if age >= 18)
        notes.append(
            _note(
                "assets_cars_ok" if assets.cars_ok else "assets_cars_over",
                cars=assets.cars,
                adults=adults,
            )
        )
    if assets.homes_ok is not None:
        notes.append(
            _note(
                "assets_homes_ok" if assets.homes_ok else "assets_homes_over",
                homes=assets.homes,
                allowed=assets.homes_allowed,
            )
        )
    return notes
