"""Mapping a validated household to the engine's inputs and running the simulation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from kmb.benefits.engine.districts import resolve_district
from kmb.benefits.engine.household import (
    EMPLOYMENT_CONTRACTS,
    HOUSING_TYPES,
    INCOME_VARIABLES,
    MUNICIPALITY_SIZES,
    TENURES,
    HouseholdInput,
    Incomes,
)
from kmb.benefits.engine.results import HOUSEHOLD_OUTPUTS, PERSON_OUTPUTS, _convert_all
from kmb.benefits.engine.system import get_tax_benefit_system
from kmb.benefits.engine.validation import (
    _BAD,
    FieldProblem,
    _age_on,
    _parse_period,
    _to_decimal,
    _to_int,
)


@lru_cache(maxsize=1)
def _enum_indexes() -> dict[str, dict[str, int]]:
    """Index of every enum member by name, for the engine's Enum inputs."""
    from openfisca_czechia.variables.bydleni.typ_bydleni import TypBydleni
    from openfisca_czechia.variables.bydleni.vztah_k_nemovitosti import VztahKNemovitosti
    from openfisca_czechia.variables.dssp.slozka_na_bydleni.okres_bydliste import (
        DsspOkresBydliste,
    )
    from openfisca_czechia.variables.dssp.slozka_na_bydleni.velikost_obce_bydliste import (
        DsspVelikostObceBydliste,
    )
    from openfisca_czechia.variables.nepracovni_prijmy_osob.stupen_zavislosti_prispevku_na_peci import (  # noqa: E501
        StupenZavislostiPrispevkuNaPeci,
    )
    from openfisca_czechia.variables.pracovni_prijmy_osob.zamestnani_sdilena_logika.typ_pracovni_smlouvy import (  # noqa: E501
        TypPracovniSmlouvy,
    )
    from openfisca_czechia.variables.pracovni_prijmy_osob.zamestnani_sdilena_logika.zamestnavatel import (  # noqa: E501
        Zamestnavatel,
    )
    from openfisca_czechia.variables.stupen_invalidity import StupenInvalidity

    enums = {
        "typ_bydleni": TypBydleni,
        "vztah_k_nemovitosti": VztahKNemovitosti,
        "dssp_okres_bydliste": DsspOkresBydliste,
        "dssp_velikost_obce_bydliste": DsspVelikostObceBydliste,
        "stupen_zavislosti_prispevku_na_peci": StupenZavislostiPrispevkuNaPeci,
        "typ_pracovni_smlouvy_zamestnani_1": TypPracovniSmlouvy,
        "podepsane_prohlaseni_u_zamestnavatele": Zamestnavatel,
        "stupen_invalidity": StupenInvalidity,
    }
    return {name: {m.name: i for i, m in enumerate(enum)} for name, enum in enums.items()}


# ---------------------------------------------------------------------------
# Preparing the engine inputs
# ---------------------------------------------------------------------------


@dataclass
class _Prepared:
    """A validated household resolved to plain values for the engine."""

    household: HouseholdInput
    period: str
    first_day: date
    district: str
    ages: list[int]
    dependent: list[bool]
    parents: list[bool]
    amounts: list[dict[str, float]]
    bump_index: int | None  # member who gets the +1 000 CZK in the income variant
    warnings: list[FieldProblem]


def _num(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        return float(value)
    dec = _to_decimal(value)
    return 0.0 if dec is None or dec is _BAD else float(dec)


def _prepare(household: HouseholdInput, warnings: list[FieldProblem]) -> _Prepared:
    year, month = _parse_period(household.period)  # type: ignore[misc]
    first_day = date(year, month, 1)
    members = household.members
    ages: list[int] = []
    for person in members:
        if person.birth_date is not None:
            ages.append(max(_age_on(person.birth_date, first_day), 0))
        else:
            ages.append(int(_to_int(person.age)))
    dependent = [
        bool(p.is_dependent_child) if p.is_dependent_child is not None else age < 15
        for p, age in zip(members, ages, strict=True)
    ]
    has_child_role = any(d and p.role == "child" for p, d in zip(members, dependent, strict=True))
    parents = []
    for person in members:
        if person.is_parent is not None:
            parent = bool(person.is_parent)
        else:
            parent = has_child_role and person.role in ("head", "partner")
        parents.append(parent or "caring_parent" in (person.vulnerabilities or ()))
    amounts = []
    for person in members:
        incomes = person.incomes if person.incomes is not None else Incomes()
        amounts.append({name: _num(getattr(incomes, name)) for name in INCOME_VARIABLES})
    adults = [i for i, d in enumerate(dependent) if not d]
    heads = [i for i in adults if members[i].role == "head"]
    bump = heads[0] if heads else (adults[0] if adults else None)
    return _Prepared(
        household=household,
        period=f"{year:04d}-{month:02d}",
        first_day=first_day,
        district=resolve_district(household.district) or "praha",
        ages=ages,
        dependent=dependent,
        parents=parents,
        amounts=amounts,
        bump_index=bump,
        warnings=warnings,
    )


_VARIANTS = ("base", "without_rent", "without_energy", "extra_income")
_EXTRA_INCOME = 1000.0

# ---------------------------------------------------------------------------
# The simulation
# ---------------------------------------------------------------------------


def _simulate(prepared: list[_Prepared], period: str, explain: bool) -> dict[str, Any]:
    """Run ONE vectorised simulation for all households of one period.

    With ``explain`` every household is simulated four times in the same simulation
    (as it is, without rent and services, without energy, with 1 000 CZK more income),
    which costs little because the engine's formulas are vectorised.
    """
    import numpy as np
    from openfisca_core.simulation_builder import SimulationBuilder

    system = get_tax_benefit_system()
    enum = _enum_indexes()
    n_households = len(prepared)
    variants = len(_VARIANTS) if explain else 1

    # --- person arrays (one household after another) -------------------------
    person_household: list[int] = []
    cols: dict[str, list[Any]] = {
        name: []
        for name in (
            "vek",
            "je_nezaopatrene_dite",
            "je_rodic",
            "je_rodic_pecujici_o_dite",
            "stupen_invalidity",
            "pecovatel_uvedeny_v_prispevku_na_peci",
            "stupen_zavislosti_prispevku_na_peci",
            "zemrely_manzel_nebo_partner_v_poslednich_12m",
            "ma_prukaz_ztpp",
            "je_registrovana_na_uradu_prace",
            "dssp_plni_osoba_podpurny_plan",
            "ma_sverene_dite_do_pece_max_2_roky",
            "typ_pracovni_smlouvy_zamestnani_1",
            "podepsane_prohlaseni_u_zamestnavatele",
            "uplatnuje_danove_zvyhodneni_na_vyzivovane_deti",
            "navazuje_rodicovsky_prispevek_na_materskou",
            "pocet_exekuci_osoby",
            "ma_prednostni_exekuce",
            "je_v_insolvenci",
            "pocet_vyzivovanych_osob_pro_vypocet_srazky_v_exekuci_nebo_insolvenci",
            "hruby_prijem_ze_zamestnani_1",
            "starobni_duchod",
            "invalidni_vdovecky_sirotci_duchody",
            "materska",
            "rodicovsky_prispevek",
            "nemocenska",
            "podpora_v_nezamestnanosti",
            "prispevek_na_peci",
            "vyzivne_na_deti",
            "odmena_pestouna",
            "prispevek_na_uhradu_potreb_na_dite",
            "jine_prijmy",
        )
    }
    net_mask: list[bool] = []
    net_value: list[float] = []
    self_employed: list[bool] = []
    bump_person: list[int] = []
    invalidity = enum["stupen_invalidity"]
    dependency = enum["stupen_zavislosti_prispevku_na_peci"]
    contracts = enum["typ_pracovni_smlouvy_zamestnani_1"]
    employer = enum["podepsane_prohlaseni_u_zamestnavatele"]

    for h, prep in enumerate(prepared):
        first_person = len(person_household)
        if prep.bump_index is not None:
            bump_person.append(first_person + prep.bump_index)
        for i, person in enumerate(prep.household.members):
            person_household.append(h)
            codes = person.vulnerabilities or frozenset()
            a = prep.amounts[i]
            cols["vek"].append(prep.ages[i])
            cols["je_nezaopatrene_dite"].append(prep.dependent[i])
            cols["je_rodic"].append(prep.parents[i])
            cols["je_rodic_pecujici_o_dite"].append("caring_parent" in codes)
            level = "bez_invalidity"
            for degree in (3, 2, 1):
                if f"invalidity_{degree}" in codes:
                    level = f"stupen_{degree}"
                    break
            cols["stupen_invalidity"].append(invalidity[level])
            cols["pecovatel_uvedeny_v_prispevku_na_peci"].append("carer" in codes)
            care = "stupen_1"
            for degree in (4, 3, 2, 1):
                if f"care_allowance_{degree}" in codes:
                    care = f"stupen_{degree}"
                    break
            cols["stupen_zavislosti_prispevku_na_peci"].append(dependency[care])
            cols["zemrely_manzel_nebo_partner_v_poslednich_12m"].append("widowed_recently" in codes)
            cols["ma_prukaz_ztpp"].append("disabled_ztpp" in codes)
            cols["je_registrovana_na_uradu_prace"].append(person.work_activity == "job_seeker")
            cols["dssp_plni_osoba_podpurny_plan"].append(bool(person.follows_support_plan))
            cols["ma_sverene_dite_do_pece_max_2_roky"].append(
                bool(person.foster_placement_max_2_years)
            )
            cols["typ_pracovni_smlouvy_zamestnani_1"].append(
                contracts[EMPLOYMENT_CONTRACTS[person.employment_contract]]
            )
            cols["podepsane_prohlaseni_u_zamestnavatele"].append(
                employer["zamestnavatel_a" if person.tax_declaration_signed else "zadny"]
            )
            cols["uplatnuje_danove_zvyhodneni_na_vyzivovane_deti"].append(
                bool(person.claims_child_tax_benefit)
            )
            incomes = person.incomes if person.incomes is not None else Incomes()
            cols["navazuje_rodicovsky_prispevek_na_materskou"].append(
                bool(incomes.parental_allowance_follows_maternity)
            )
            cols["pocet_exekuci_osoby"].append(int(_to_int(person.enforcement_count) or 0))
            cols["ma_prednostni_exekuce"].append(bool(person.priority_enforcement))
            cols["je_v_insolvenci"].append(bool(person.insolvency))
            cols["pocet_vyzivovanych_osob_pro_vypocet_srazky_v_exekuci_nebo_insolvenci"].append(
                int(_to_int(person.enforcement_dependants) or 0)
            )
            cols["hruby_prijem_ze_zamestnani_1"].append(a["employment_gross"])
            cols["starobni_duchod"].append(a["old_age_pension"])
            cols["invalidni_vdovecky_sirotci_duchody"].append(a["other_pension"])
            cols["materska"].append(a["maternity"])
            cols["rodicovsky_prispevek"].append(a["parental_allowance"])
            cols["nemocenska"].append(a["sickness"])
            cols["podpora_v_nezamestnanosti"].append(a["unemployment_benefit"])
            cols["prispevek_na_peci"].append(a["care_allowance"])
            cols["vyzivne_na_deti"].append(a["child_maintenance"])
            cols["odmena_pestouna"].append(a["foster_carer_pay"])
            cols["prispevek_na_uhradu_potreb_na_dite"].append(a["foster_child_allowance"])
            cols["jine_prijmy"].append(a["other"] + a["self_employment"])
            has_net = incomes.employment_net is not None
            net_mask.append(has_net)
            net_value.append(a["employment_net"])
            self_employed.append(
                person.work_activity == "self_employed" or a["self_employment"] > 0
            )

    n_persons = len(person_household)

    # --- household arrays -----------------------------------------------------
    typ = enum["typ_bydleni"]
    tenure = enum["vztah_k_nemovitosti"]
    okres = enum["dssp_okres_bydliste"]
    size = enum["dssp_velikost_obce_bydliste"]
    h_cols: dict[str, list[Any]] = {
        "typ_bydleni": [typ[HOUSING_TYPES[p.household.housing_type]] for p in prepared],
        "vztah_k_nemovitosti": [tenure[TENURES[p.household.tenure]] for p in prepared],
        "dssp_okres_bydliste": [okres[p.district] for p in prepared],
        "dssp_velikost_obce_bydliste": [size[_municipality_size(p)] for p in prepared],
        "naklady_na_najemne": [_num(p.household.rent) for p in prepared],
        "dalsi_poplatky_spojene_s_bydlenim": [_num(p.household.services) for p in prepared],
        "naklady_na_energie": [_num(p.household.energy) for p in prepared],
        "vyuziva_domacnost_tuha_paliva": [bool(p.household.solid_fuel) for p in prepared],
    }

    # --- tile for the explanation variants ------------------------------------
    hh_of = np.asarray(person_household, dtype=np.int64)
    all_hh_of = np.concatenate([hh_of + k * n_households for k in range(variants)])
    person_arrays = {k: np.tile(np.asarray(v), variants) for k, v in cols.items()}
    household_arrays = {k: np.tile(np.asarray(v), variants) for k, v in h_cols.items()}
    if explain:
        n, p = n_households, n_persons
        household_arrays["naklady_na_najemne"][n : 2 * n] = 0
        household_arrays["dalsi_poplatky_spojene_s_bydlenim"][n : 2 * n] = 0
        household_arrays["naklady_na_energie"][2 * n : 3 * n] = 0
        household_arrays["vyuziva_domacnost_tuha_paliva"][2 * n : 3 * n] = False
        if bump_person:
            person_arrays["jine_prijmy"][3 * p + np.asarray(bump_person)] += _EXTRA_INCOME

    # --- build ---------------------------------------------------------------
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("osoba", np.arange(n_persons * variants))
    households = builder.declare_entity("domacnost", np.arange(n_households * variants))
    builder.join_with_persons(households, all_hh_of, np.zeros(n_persons * variants, dtype=np.int64))
    simulation = builder.build(system)
    for name, array in person_arrays.items():
        simulation.set_input(name, period, array)
    for name, array in household_arrays.items():
        simulation.set_input(name, period, array)

    # --- overrides of computed variables ----------------------------------
    # The engine computes net pay from gross pay. Where only the net pay is known it is
    # put in place of the computed value (as the engine's own tests do), before anything
    # that depends on it is computed.
    net = np.tile(np.asarray(net_mask, dtype=bool), variants)
    if net.any():
        computed = simulation.calculate("cisty_pracovni_prijem_osoby", period).copy()
        computed[net] = np.tile(np.asarray(net_value, dtype=np.float64), variants)[net]
        simulation.set_input("cisty_pracovni_prijem_osoby", period, computed)
    # Self-employed members are work-active under the law; the engine does not model
    # self-employment, so this one flag is set for them.
    selfemp = np.tile(np.asarray(self_employed, dtype=bool), variants)
    if selfemp.any():
        active = simulation.calculate("dssp_je_osoba_pracovne_aktivni", period).copy()
        active[selfemp] = True
        simulation.set_input("dssp_je_osoba_pracovne_aktivni", period, active)
    # People with net pay or self-employment pay health insurance through their work,
    # not as "self-payers" without income (this only affects the residual income).
    insured = selfemp | (net & (np.tile(np.asarray(net_value), variants) > 0))
    if insured.any():
        payer = simulation.calculate("je_samoplatce_zdravotniho_pojisteni", period).copy()
        payer[insured] = False
        simulation.set_input("je_samoplatce_zdravotniho_pojisteni", period, payer)

    # --- read ----------------------------------------------------------------
    out_h = {
        name: _convert_all(simulation.calculate(name, period)[:n_households], kind)
        for name, kind in HOUSEHOLD_OUTPUTS.items()
    }
    out_p = {
        name: _convert_all(simulation.calculate(name, period)[:n_persons], kind)
        for name, kind in PERSON_OUTPUTS.items()
    }
    variant_dssp = None
    if explain:
        all_dssp = simulation.calculate("dssp", period)
        variant_dssp = {
            v: all_dssp[k * n_households : (k + 1) * n_households].tolist()
            for k, v in enumerate(_VARIANTS)
        }
    return {
        "households": out_h,
        "persons": out_p,
        "person_household": person_household,
        "variants": variant_dssp,
    }


def _municipality_size(prepared: _Prepared) -> str:
    size = prepared.household.municipality_size
    if size in MUNICIPALITY_SIZES:
        return MUNICIPALITY_SIZES[size]
    if prepared.district in ("praha", "brno_mesto"):
        return "praha_a_brno"
    return "obec_do_69999_obyvatel"  # not used from DISTRICT_RENTS_FROM on


# ---------------------------------------------------------------------------
# Thresholds read from the engine's parameters (for the explanation only)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Thresholds:
    living_component_multiple: float
    energy_flat_multiple: float
    energy_cap_multiple: float
    facility_share: float
    non_residential_share: float
    contribution_share: float
    contribution_extra_multiple: float
    contribution_extra_share: float
    living_income_share: float
    child_bonus_multiple: float
    work_bonus_multiple: float
    work_bonus_share: float


@lru_cache(maxsize=64)
def _thresholds(period: str) -> _Thresholds:
    params = get_tax_benefit_system().parameters(f"{period}-01").dssp
    bydleni = params.slozka_na_bydleni
    costs = bydleni.naklady_na_bydleni_za_uzivani_bytu
    slozka = bydleni.slozka_na_bydleni
    zivobyti = params.slozka_na_zivobyti.slozka_na_zivobyti
    work = params.pracovni_bonus.pracovni_bonus
    return _Thresholds(
        living_component_multiple=float(
            zivobyti.nasobek_zivotniho_minima_domacnosti_jako_hranice_rozhodneho_prijmu_pod_kterou_je_slozka_soucasti_davky  # noqa: E501
        ),
        energy_flat_multiple=float(
            costs.nasobek_zivotniho_minima_domacnosti_jako_hranice_rozhodneho_prijmu_nad_kterou_se_pro_energie_zapocitava_pausal  # noqa: E501
        ),
        energy_cap_multiple=float(
            costs.nasobek_energetickeho_pausalu_jako_maximum_zapocitane_vyse_skutecnych_nakladu_na_energie  # noqa: E501
        ),
        facility_share=float(
            costs.podil_normativniho_najemneho_jako_maximum_zapocitane_vyse_najemneho_pro_ubytovaci_zarizeni  # noqa: E501
        ),
        non_residential_share=float(
            costs.podil_normativniho_najemneho_jako_maximum_zapocitane_vyse_najemneho_pro_jine_prostory_k_bydleni  # noqa: E501
        ),
        contribution_share=float(slozka.koeficient_pro_vypocet_urcene_casti_rozhodneho_prijmu),
        contribution_extra_multiple=float(
            slozka.nasobek_zivotniho_minima_domacnosti_jako_hranice_pro_rozhodny_prijem_nad_kterou_se_pricita_k_urcene_casti_rozhodneho_prijmu  # noqa: E501
        ),
        contribution_extra_share=float(
            slozka.koeficient_jako_nasobek_castky_presujici_hranici_nasobku_zivotniho_minima_ktery_se_pricita_k_urcene_casti_rozhodneho_prijmu  # noqa: E501
        ),
        living_income_share=1.0 - float(zivobyti.odecitany_nasobek_rozhodneho_prijmu_ve_vypoctu),
        child_bonus_multiple=float(
            params.bonus_na_dite.bonus_na_dite.nasobek_zivotniho_minima_domacnosti_jako_hranice_rozhodneho_prijmu_pod_kterou_je_bonus_soucasti_davky  # noqa: E501
        ),
        work_bonus_multiple=float(
            work.nasobek_zivotniho_minima_domacnosti_jako_hranice_rozhodneho_prijmu_delici_vypocty_pracovniho_bonusu  # noqa: E501
        ),
        work_bonus_share=float(work.pracovni_bonus_jako_cast_prijmu_v_situaci_pod_hranici),
    )
