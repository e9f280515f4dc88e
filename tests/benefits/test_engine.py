"""Tests of the DSSP estimator: our mapping against the engine called directly.

Plain functions without database access, so they run under pytest-django and also with
``-p no:django`` (then minimal settings are configured here).
"""

from __future__ import annotations

import os
import sys
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

_SRC = Path(__file__).resolve().parents[2] / "src"
if str(_SRC) not in sys.path:
    sys.path.insert(0, str(_SRC))

from django.conf import settings  # noqa: E402

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    import django

    settings.configure(USE_I18N=True, LANGUAGE_CODE="en")
    django.setup()

from django.utils.functional import Promise  # noqa: E402

from kmb.benefits import engine  # noqa: E402
from kmb.benefits.engine import (  # noqa: E402
    ASSET_LIMITS,
    DISTRICT_RENTS_FROM,
    ENGINE_MIN_PERIOD,
    HOUSEHOLD_OUTPUTS,
    PERSON_OUTPUTS,
    HouseholdInput,
    Incomes,
    InvalidHousehold,
    PersonInput,
    asset_limits_for,
    district_choices,
    engine_version,
    estimate,
    estimate_many,
    get_tax_benefit_system,
    resolve_district,
    validate,
)

P = "2026-10"
D = Decimal


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def run_engine(situation: dict, period: str) -> tuple[dict, list[dict]]:
    """Call the engine directly on a situation dict; household 0 and its persons."""
    from openfisca_core.simulation_builder import SimulationBuilder

    simulation = SimulationBuilder().build_from_entities(get_tax_benefit_system(), situation)
    household = {name: simulation.calculate(name, period)[0].item() for name in HOUSEHOLD_OUTPUTS}
    count = len(situation["osoby"])
    persons = [
        {name: simulation.calculate(name, period)[i].item() for name in PERSON_OUTPUTS}
        for i in range(count)
    ]
    return household, persons


def situation(persons: dict[str, dict], household: dict, period: str = P) -> dict:
    return {
        "osoby": {
            name: {var: {period: value} for var, value in values.items()}
            for name, values in persons.items()
        },
        "domacnosti": {
            "d": {
                "clenove": list(persons),
                **{var: {period: value} for var, value in household.items()},
            }
        },
    }


def same(ours, theirs) -> bool:
    if isinstance(ours, bool) or isinstance(theirs, bool):
        return bool(ours) == bool(theirs)
    return abs(Decimal(str(ours)) - Decimal(str(theirs))) <= Decimal("0.01")


def assert_matches_engine(
    estimate_result, situation_dict: dict, period: str = P, skip: tuple[str, ...] = ()
) -> None:
    household, persons = run_engine(situation_dict, period)
    for name, value in household.items():
        if name in skip:
            continue
        ours = estimate_result.intermediate[name]
        assert same(ours, value), f"{name}: ours {ours}, engine {value}"
    assert estimate_result.dssp == int(household["dssp"])
    for i, person in enumerate(persons):
        for name, value in person.items():
            if name in skip:
                continue
            ours = estimate_result.persons[i][name]
            assert same(ours, value), f"persons[{i}].{name}: ours {ours}, engine {value}"


def codes(problems) -> set[tuple[str, str]]:
    return {(p.path, p.code) for p in problems}


def errors(problems) -> set[tuple[str, str]]:
    return {(p.path, p.code) for p in problems if p.severity == "error"}


def engine_test_cases(file_name: str) -> dict[str, dict]:
    """The engine's own YAML test cases shipped in the package, by name."""
    import openfisca_czechia
    import yaml

    path = Path(openfisca_czechia.__file__).parent / "tests" / "dssp" / file_name
    with path.open(encoding="utf-8") as handle:
        return {case["name"]: case for case in yaml.safe_load(handle)}


def single(**overrides) -> HouseholdInput:
    values = {
        "period": P,
        "district": "ostrava_mesto",
        "tenure": "rent",
        "rent": D(7000),
        "services": D(1500),
        "energy": D(2500),
        "members": [PersonInput(role="head", age=40, work_activity="job_seeker")],
    }
    values.update(overrides)
    return HouseholdInput(**values)


# ---------------------------------------------------------------------------
# the engine's published example (README)
# ---------------------------------------------------------------------------


def readme_household() -> HouseholdInput:
    return HouseholdInput(
        period=P,
        district="praha",
        housing_type="dwelling",
        tenure="rent",
        rent=D(12000),
        services=D(2000),
        energy=D(5000),
        members=[
            PersonInput(
                role="head",
                age=30,
                is_parent=True,
                vulnerabilities=frozenset({"caring_parent"}),
                work_activity="employed",
                employment_contract="standard",
                tax_declaration_signed=True,
                claims_child_tax_benefit=True,
                incomes=Incomes(employment_gross=D(25000)),
                enforcement_count=1,
                enforcement_dependants=1,
            ),
            PersonInput(role="child", age=2, is_dependent_child=True),
        ],
    )


README_SITUATION = {
    "osoby": {
        "dospely1": {
            "je_rodic": {P: True},
            "je_rodic_pecujici_o_dite": {P: True},
            "hruby_prijem_ze_zamestnani_1": {P: 25000},
            "typ_pracovni_smlouvy_zamestnani_1": {P: "hpp"},
            "je_podepsane_prohlaseni_k_dani_u_zamestnani_1": {P: True},
            "uplatnuje_danove_zvyhodneni_na_vyzivovane_deti": {P: True},
            "pocet_exekuci_osoby": {P: 1},
            "pocet_vyzivovanych_osob_pro_vypocet_srazky_v_exekuci_nebo_insolvenci": {P: 1},
        },
        "dite1": {"je_nezaopatrene_dite": {P: True}, "vek": {P: 2}},
    },
    "domacnosti": {
        "domacnost1": {
            "clenove": ["dospely1", "dite1"],
            "typ_bydleni": {P: "byt_nebo_rodinny_dum"},
            "vztah_k_nemovitosti": {P: "najemni_podnajemni"},
            "dssp_okres_bydliste": {P: "praha"},
            "naklady_na_najemne": {P: 12000},
            "dalsi_poplatky_spojene_s_bydlenim": {P: 2000},
            "naklady_na_energie": {P: 5000},
        }
    },
}


def test_readme_example_gives_the_published_figures():
    result = estimate(readme_household())
    # the README's printed output
    assert result.dssp == 13324
    assert result.housing_component == D("10576.00")
    assert result.living_component == D("0.00")
    assert result.child_bonus == D("1000.00")
    assert result.work_bonus == D("1747.60")
    assert result.persons[0]["cisty_pracovni_prijem_osoby"] == D("22187.00")
    assert result.persons[0]["srazka_v_exekuci_nebo_insolvenci"] == D("1491.00")
    assert result.enforcement_deductions == D("1491.00")
    assert result.income_after_deductions == D("34020.00")
    assert result.intermediate["rezidualni_prijem_domacnosti"] == D("15020.00")


def test_readme_example_matches_the_engine_called_directly():
    # the README sets the tax declaration flag directly; the age of the adult does not
    # enter any formula that matters here
    assert_matches_engine(estimate(readme_household()), README_SITUATION)


def test_components_use_the_engine_variable_names():
    result = estimate(readme_household())
    assert list(result.components) == [
        "dssp_slozka_na_bydleni",
        "dssp_slozka_na_zivobyti",
        "dssp_bonus_na_dite",
        "dssp_pracovni_bonus",
    ]
    assert result.engine == "openfisca-czechia"
    assert result.engine_version == engine_version() == "1.0.1"
    # derived: counted costs minus the component
    costs = result.intermediate["dssp_naklady_na_bydleni_za_uzivani_bytu"]
    assert result.housing_contribution == costs - result.housing_component


# ---------------------------------------------------------------------------
# the engine's own test suite (tests/dssp/dssp.yaml), at its period (January 2026)
# ---------------------------------------------------------------------------


def couple_with_children(period: str, **housing) -> HouseholdInput:
    return HouseholdInput(
        period=period,
        housing_type="dwelling",
        tenure="rent",
        rent=D(18000),
        services=D(2000),
        energy=D(5000),
        members=[
            PersonInput(
                role="head",
                age=35,
                is_parent=True,
                work_activity="employed",
                incomes=Incomes(employment_net=D(25000)),
            ),
            PersonInput(
                role="partner",
                age=33,
                is_parent=True,
                vulnerabilities=frozenset({"caring_parent"}),
                incomes=Incomes(parental_allowance=D(12000)),
            ),
            PersonInput(role="child", age=2, is_dependent_child=True),
            PersonInput(role="child", age=8, is_dependent_child=True),
        ],
        **housing,
    )


def single_parent(period: str, **housing) -> HouseholdInput:
    return HouseholdInput(
        period=period,
        housing_type="dwelling",
        tenure="rent",
        rent=D(12000),
        services=D(0),
        energy=D(3000),
        members=[
            PersonInput(
                role="head",
                age=28,
                is_parent=True,
                vulnerabilities=frozenset({"caring_parent"}),
                work_activity="employed",
                incomes=Incomes(employment_net=D(4000), parental_allowance=D(4000)),
            ),
            PersonInput(role="child", age=2, is_dependent_child=True),
        ],
        **housing,
    )


def hostel_single(period: str, **housing) -> HouseholdInput:
    return HouseholdInput(
        period=period,
        housing_type="hostel",
        tenure="rent",
        rent=D(4000),
        members=[
            PersonInput(
                role="head",
                age=40,
                work_activity="employed",
                incomes=Incomes(employment_net=D(8000)),
            ),
        ],
        **housing,
    )


def owner_senior(period: str, **housing) -> HouseholdInput:
    return HouseholdInput(
        period=period,
        housing_type="dwelling",
        tenure="own",
        services=D(1000),
        energy=D(3000),
        members=[
            PersonInput(
                role="head",
                age=70,
                vulnerabilities=frozenset({"pensioner"}),
                incomes=Incomes(old_age_pension=D(8000)),
            ),
        ],
        **housing,
    )


@pytest.mark.parametrize(
    ("name", "household"),
    [
        (
            "Pár s dětmi v nájmu v Praze (leden 2026)",
            couple_with_children("2026-01", district="praha"),
        ),
        (
            "Samoživitelka s dítětem v nájmu v malé obci (leden 2026)",
            single_parent("2026-01", district="strakonice", municipality_size="under_70k"),
        ),
        (
            "Jednotlivec v ubytovně (leden 2026)",
            hostel_single("2026-01", district="most", municipality_size="under_70k"),
        ),
        (
            "Senior ve vlastním bytě v okresním městě (leden 2026)",
            owner_senior("2026-01", district="olomouc", municipality_size="70k_plus"),
        ),
    ],
)
def test_engine_test_suite_cases(name, household):
    case = engine_test_cases("dssp.yaml")[name]
    result = estimate(household)
    assert result.period == str(case["period"])
    assert result.dssp == pytest.approx(case["output"]["domacnost"]["dssp"], abs=0.01)


def test_engine_test_suite_case_components_from_its_comments():
    # the comments of the first case give the parts: 9518 / 0 / 2000 / 4624.8
    result = estimate(couple_with_children("2026-01", district="praha"))
    assert result.housing_component == D("9518.00")
    assert result.living_component == D("0.00")
    assert result.child_bonus == D("2000.00")
    assert result.work_bonus == D("4624.80")


# ---------------------------------------------------------------------------
# the same situations in October 2026 (rents by district), against the engine directly
# ---------------------------------------------------------------------------


def test_couple_with_children_matches_engine():
    result = estimate(couple_with_children(P, district="Praha"))
    direct = situation(
        {
            "a": {
                "vek": 35,
                "je_rodic": True,
                "cisty_pracovni_prijem_osoby": 25000,
                "je_samoplatce_zdravotniho_pojisteni": False,
            },
            "b": {
                "vek": 33,
                "je_rodic": True,
                "je_rodic_pecujici_o_dite": True,
                "rodicovsky_prispevek": 12000,
            },
            "c": {"vek": 2, "je_nezaopatrene_dite": True},
            "e": {"vek": 8, "je_nezaopatrene_dite": True},
        },
        {
            "typ_bydleni": "byt_nebo_rodinny_dum",
            "vztah_k_nemovitosti": "najemni_podnajemni",
            "dssp_okres_bydliste": "praha",
            "naklady_na_najemne": 18000,
            "dalsi_poplatky_spojene_s_bydlenim": 2000,
            "naklady_na_energie": 5000,
        },
    )
    assert_matches_engine(result, direct)
    assert result.dssp > 0
    assert result.reliable


def test_single_parent_matches_engine():
    result = estimate(single_parent(P, district="Strakonice"))
    direct = situation(
        {
            "a": {
                "vek": 28,
                "je_rodic": True,
                "je_rodic_pecujici_o_dite": True,
                "cisty_pracovni_prijem_osoby": 4000,
                "rodicovsky_prispevek": 4000,
                "je_samoplatce_zdravotniho_pojisteni": False,
            },
            "c": {"vek": 2, "je_nezaopatrene_dite": True},
        },
        {
            "vztah_k_nemovitosti": "najemni_podnajemni",
            "dssp_okres_bydliste": "strakonice",
            "naklady_na_najemne": 12000,
            "naklady_na_energie": 3000,
        },
    )
    assert_matches_engine(result, direct)
    # a lone parent caring for a small child is vulnerable, so is the child
    assert result.intermediate["dssp_jsou_vsechny_osoby_v_domacnosti_zranitelne"] is True


def test_hostel_matches_engine_and_is_flagged():
    result = estimate(hostel_single(P, district="usti_nad_labem"))
    direct = situation(
        {
            "a": {
                "vek": 40,
                "cisty_pracovni_prijem_osoby": 8000,
                "je_samoplatce_zdravotniho_pojisteni": False,
            }
        },
        {
            "typ_bydleni": "ubytovaci_zarizeni",
            "vztah_k_nemovitosti": "najemni_podnajemni",
            "dssp_okres_bydliste": "usti_nad_labem",
            "naklady_na_najemne": 4000,
        },
    )
    assert_matches_engine(result, direct)
    assert not result.reliable
    assert [r.code for r in result.reliability_reasons] == ["non_standard_housing"]
    assert "rent_capped_facility" in [n.code for n in result.explanation]


def test_owner_senior_matches_engine():
    result = estimate(owner_senior(P, district="olomouc"))
    direct = situation(
        {"a": {"vek": 70, "starobni_duchod": 8000}},
        {
            "vztah_k_nemovitosti": "vlastni_druzstevni_sluzebni",
            "dssp_okres_bydliste": "olomouc",
            "dalsi_poplatky_spojene_s_bydlenim": 1000,
            "naklady_na_energie": 3000,
        },
    )
    assert_matches_engine(result, direct)
    assert result.housing_component > 0
    assert "owner_allowance" in [n.code for n in result.explanation]


def test_all_members_vulnerable_use_the_higher_table():
    household = HouseholdInput(
        period=P,
        district="Brno-město",
        tenure="rent",
        rent=D(15000),
        services=D(2500),
        energy=D(3500),
        members=[
            PersonInput(
                role="head",
                age=70,
                vulnerabilities=frozenset({"pensioner"}),
                incomes=Incomes(old_age_pension=D(6000)),
            ),
            PersonInput(
                role="partner",
                age=70,
                vulnerabilities=frozenset({"pensioner"}),
                incomes=Incomes(old_age_pension=D(8000)),
            ),
        ],
    )
    result = estimate(household)
    direct = situation(
        {"a": {"vek": 70, "starobni_duchod": 6000}, "b": {"vek": 70, "starobni_duchod": 8000}},
        {
            "vztah_k_nemovitosti": "najemni_podnajemni",
            "dssp_okres_bydliste": "brno_mesto",
            "naklady_na_najemne": 15000,
            "dalsi_poplatky_spojene_s_bydlenim": 2500,
            "naklady_na_energie": 3500,
        },
    )
    assert_matches_engine(result, direct)
    assert result.intermediate["dssp_jsou_vsechny_osoby_v_domacnosti_zranitelne"] is True
    assert "normative_rent_vulnerable" in [n.code for n in result.explanation]
    # the same couple aged 60 without pensions and without a code is not vulnerable
    younger = HouseholdInput(
        period=P,
        district="brno_mesto",
        tenure="rent",
        rent=D(15000),
        services=D(2500),
        energy=D(3500),
        members=[
            PersonInput(role="head", age=60, work_activity="job_seeker"),
            PersonInput(role="partner", age=60, work_activity="job_seeker"),
        ],
    )
    other = estimate(younger)
    assert (
        other.intermediate["dssp_normativni_najemne_domacnosti"]
        < result.intermediate["dssp_normativni_najemne_domacnosti"]
    )


def test_no_income_job_seeker():
    result = estimate(single())
    direct = situation(
        {"a": {"vek": 40, "je_registrovana_na_uradu_prace": True}},
        {
            "vztah_k_nemovitosti": "najemni_podnajemni",
            "dssp_okres_bydliste": "ostrava_mesto",
            "naklady_na_najemne": 7000,
            "dalsi_poplatky_spojene_s_bydlenim": 1500,
            "naklady_na_energie": 2500,
        },
    )
    assert_matches_engine(result, direct)
    assert result.intermediate["dssp_rozhodny_prijem"] == 0
    assert result.living_component > 0
    assert result.work_bonus == 0
    assert "work_bonus_no_income" in [n.code for n in result.explanation]


def test_income_above_every_limit():
    household = HouseholdInput(
        period=P,
        district="praha",
        tenure="rent",
        rent=D(20000),
        services=D(3000),
        energy=D(4000),
        members=[
            PersonInput(
                role="head",
                age=40,
                work_activity="employed",
                incomes=Incomes(employment_gross=D(150000)),
            ),
            PersonInput(
                role="partner",
                age=38,
                work_activity="employed",
                incomes=Incomes(employment_gross=D(90000)),
            ),
            PersonInput(role="child", age=10),
            PersonInput(role="child", age=5),
        ],
    )
    result = estimate(household)
    direct = situation(
        {
            "a": {"vek": 40, "hruby_prijem_ze_zamestnani_1": 150000},
            "b": {"vek": 38, "hruby_prijem_ze_zamestnani_1": 90000},
            "c": {"vek": 10, "je_nezaopatrene_dite": True},
            "e": {"vek": 5, "je_nezaopatrene_dite": True},
        },
        {
            "vztah_k_nemovitosti": "najemni_podnajemni",
            "dssp_okres_bydliste": "praha",
            "naklady_na_najemne": 20000,
            "dalsi_poplatky_spojene_s_bydlenim": 3000,
            "naklady_na_energie": 4000,
        },
    )
    assert_matches_engine(result, direct)
    assert result.dssp == 0
    assert all(value == 0 for value in result.components.values())
    found = {n.code for n in result.explanation}
    assert {
        "housing_component_zero",
        "living_component_zero",
        "child_bonus_income",
        "total_zero",
    } <= found
    assert not result.likely_entitled


def test_self_employment_is_flagged_and_counted_as_other_income():
    household = single(
        members=[
            PersonInput(
                role="head",
                age=45,
                work_activity="self_employed",
                incomes=Incomes(self_employment=D(9000)),
            )
        ]
    )
    result = estimate(household)
    direct = situation(
        {
            "a": {
                "vek": 45,
                "jine_prijmy": 9000,
                "dssp_je_osoba_pracovne_aktivni": True,
                "je_samoplatce_zdravotniho_pojisteni": False,
            }
        },
        {
            "vztah_k_nemovitosti": "najemni_podnajemni",
            "dssp_okres_bydliste": "ostrava_mesto",
            "naklady_na_najemne": 7000,
            "dalsi_poplatky_spojene_s_bydlenim": 1500,
            "naklady_na_energie": 2500,
        },
    )
    assert_matches_engine(result, direct)
    assert not result.reliable
    assert "self_employment" in [r.code for r in result.reliability_reasons]
    assert result.persons[0]["dssp_je_osoba_pracovne_aktivni"] is True
    assert result.intermediate["dssp_rozhodny_prijem"] == D("9000.00")


def test_shared_dwelling_is_flagged():
    result = estimate(single(shared_dwelling=True))
    assert [r.code for r in result.reliability_reasons] == ["shared_dwelling"]


def test_inactive_adult_loses_child_bonus_and_is_explained():
    household = HouseholdInput(
        period=P,
        district="kladno",
        tenure="rent",
        rent=D(9000),
        energy=D(3000),
        members=[
            PersonInput(
                role="head",
                age=30,
                label="Jana",
                work_activity="employed",
                incomes=Incomes(employment_gross=D(20000)),
            ),
            PersonInput(role="partner", age=31, label="Petr", work_activity="none"),
            PersonInput(role="child", age=6),
        ],
    )
    result = estimate(household)
    direct = situation(
        {
            "a": {"vek": 30, "je_rodic": True, "hruby_prijem_ze_zamestnani_1": 20000},
            "b": {"vek": 31, "je_rodic": True},
            "c": {"vek": 6, "je_nezaopatrene_dite": True},
        },
        {
            "vztah_k_nemovitosti": "najemni_podnajemni",
            "dssp_okres_bydliste": "kladno",
            "naklady_na_najemne": 9000,
            "naklady_na_energie": 3000,
        },
    )
    assert_matches_engine(result, direct)
    assert result.child_bonus == 0
    inactive = [n for n in result.explanation if n.code == "inactive_member"]
    assert [n.params["member"] for n in inactive] == ["Petr"]
    assert "child_bonus_inactive" in [n.code for n in result.explanation]


def test_negative_living_component_from_the_engine_is_kept_and_flagged():
    household = single(members=[PersonInput(role="head", age=40, incomes=Incomes(other=D(6000)))])
    result = estimate(household)
    direct = situation(
        {"a": {"vek": 40, "jine_prijmy": 6000}},
        {
            "vztah_k_nemovitosti": "najemni_podnajemni",
            "dssp_okres_bydliste": "ostrava_mesto",
            "naklady_na_najemne": 7000,
            "dalsi_poplatky_spojene_s_bydlenim": 1500,
            "naklady_na_energie": 2500,
        },
    )
    assert_matches_engine(result, direct)
    assert result.living_component < 0
    assert "negative_component" in [r.code for r in result.reliability_reasons]
    # without rent the engine's total would be negative; the benefit is never below zero
    assert result.sensitivity["without_rent"] == 0
    cheap = estimate(
        single(
            rent=D(0),
            services=D(0),
            energy=D(500),
            members=[PersonInput(role="head", age=40, incomes=Incomes(other=D(6000)))],
        )
    )
    assert cheap.intermediate["dssp"] < 0
    assert cheap.dssp == 0
    assert "total_negative" in [n.code for n in cheap.explanation]


def test_solid_fuel_and_net_wage_match_engine():
    household = single(
        solid_fuel=True,
        energy=D(1000),
        members=[
            PersonInput(
                role="head",
                age=50,
                work_activity="employed",
                incomes=Incomes(employment_net=D(5000)),
            )
        ],
    )
    result = estimate(household)
    direct = situation(
        {
            "a": {
                "vek": 50,
                "cisty_pracovni_prijem_osoby": 5000,
                "je_samoplatce_zdravotniho_pojisteni": False,
            }
        },
        {
            "vztah_k_nemovitosti": "najemni_podnajemni",
            "dssp_okres_bydliste": "ostrava_mesto",
            "naklady_na_najemne": 7000,
            "dalsi_poplatky_spojene_s_bydlenim": 1500,
            "naklady_na_energie": 1000,
            "vyuziva_domacnost_tuha_paliva": True,
        },
    )
    assert_matches_engine(result, direct)
    assert "solid_fuel" in [n.code for n in result.explanation]


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------


def test_valid_household_has_no_errors():
    assert errors(validate(readme_household())) == set()


def test_missing_inputs_give_clear_problems_not_a_crash():
    household = HouseholdInput(
        period=P,
        district=None,
        members=[
            PersonInput(role="head"),  # no age, no birth date
            PersonInput(role="partner", age=30, work_activity="employed"),  # no wage
            PersonInput(role="partner", age=30, vulnerabilities=frozenset({"pensioner"})),
        ],
    )
    found = errors(validate(household))
    assert ("district", "required") in found
    assert ("members[0].age", "required") in found
    assert ("members[1].incomes.employment_gross", "required") in found
    assert ("members[2].incomes.old_age_pension", "required") in found
    with pytest.raises(InvalidHousehold) as raised:
        estimate(household)
    assert ("members[0].age", "required") in codes(raised.value.problems)


def test_negative_amounts():
    household = single(
        rent=D(-1),
        energy="-5",
        members=[
            PersonInput(
                role="head",
                age=40,
                work_activity="employed",
                incomes=Incomes(employment_gross=D(-100)),
            )
        ],
    )
    found = errors(validate(household))
    assert ("rent", "negative") in found
    assert ("energy", "negative") in found
    assert ("members[0].incomes.employment_gross", "negative") in found


def test_not_a_number_and_implausible_amounts():
    household = single(rent="abc", services=D(50_000_000))
    found = errors(validate(household))
    assert ("rent", "invalid_number") in found
    assert ("services", "out_of_range") in found


@pytest.mark.parametrize("age", [-1, 121, 500])
def test_absurd_ages(age):
    household = single(members=[PersonInput(role="head", age=age)])
    assert ("members[0].age", "out_of_range") in errors(validate(household))


def test_birth_date_gives_the_age_and_is_checked():
    # 68 years on 1 October 2026 -> vulnerable by age
    born = PersonInput(role="head", birth_date=date(1958, 10, 1))
    result = estimate(single(members=[born]))
    assert result.persons[0]["dssp_je_osoba_zranitelna"] is True
    future = single(members=[PersonInput(role="head", birth_date=date(2027, 1, 1))])
    assert ("members[0].birth_date", "out_of_range") in errors(validate(future))
    mismatch = single(members=[PersonInput(role="head", age=30, birth_date=date(1958, 1, 1))])
    assert ("members[0].age", "inconsistent") in errors(validate(mismatch))
    ancient = single(members=[PersonInput(role="head", birth_date=date(1890, 1, 1))])
    assert ("members[0].birth_date", "out_of_range") in errors(validate(ancient))


def test_empty_household():
    household = single(members=[])
    assert ("members", "empty_household") in errors(validate(household))
    with pytest.raises(InvalidHousehold):
        estimate(household)


def test_unknown_district():
    household = single(district="Atlantida")
    problems = validate(household)
    assert ("district", "unknown_district") in errors(problems)
    assert "Atlantida" in problems[0].english()


def test_district_names_and_codes_resolve():
    assert resolve_district("Brno-město") == "brno_mesto"
    assert resolve_district("brno mesto") == "brno_mesto"
    assert resolve_district("BRNO_MESTO") == "brno_mesto"
    assert resolve_district("Hlavní město Praha") == "praha"
    assert resolve_district("Praha 5") == "praha"
    assert resolve_district("Ústí nad Labem") == "usti_nad_labem"
    assert resolve_district("Žďár nad Sázavou") == "zdar_nad_sazavou"
    assert resolve_district("nowhere") is None
    choices = district_choices()
    assert len(choices) == 77  # 76 districts and Prague
    assert ("praha", "Hlavní město Praha") in choices


def test_more_than_one_head():
    household = single(members=[PersonInput(role="head", age=40), PersonInput(role="head", age=41)])
    assert errors(validate(household)) == {("members[1].role", "multiple_heads")}


def test_unknown_codes_and_choices():
    household = single(
        housing_type="castle",
        tenure="squat",
        members=[
            PersonInput(
                role="king",
                age=40,
                work_activity="busy",
                vulnerabilities=frozenset({"pregnant", "invalidity_2", "invalidity_3"}),
            )
        ],
    )
    found = errors(validate(household))
    assert ("housing_type", "unknown_choice") in found
    assert ("tenure", "unknown_choice") in found
    assert ("members[0].role", "unknown_choice") in found
    assert ("members[0].work_activity", "unknown_choice") in found
    assert ("members[0].vulnerabilities", "unknown_code") in found
    assert ("members[0].vulnerabilities", "conflicting_codes") in found


def test_gross_and_net_wage_together_are_ambiguous():
    household = single(
        members=[
            PersonInput(
                role="head",
                age=40,
                work_activity="employed",
                incomes=Incomes(employment_gross=D(20000), employment_net=D(16000)),
            )
        ]
    )
    assert ("members[0].incomes.employment_net", "ambiguous") in errors(validate(household))


def test_periods_before_the_engine_and_before_district_rents():
    assert ("period", "invalid_period") in errors(validate(single(period="10/2026")))
    assert ("period", "invalid_period") in errors(validate(single(period="2026-13")))
    early = single(period="2025-12")
    assert ("period", "unsupported_period") in errors(validate(early))
    # before October 2026 the size of the municipality is needed (not in Prague/Brno)
    before = single(period="2026-09")
    assert ("municipality_size", "required") in errors(validate(before))
    assert errors(validate(single(period="2026-09", district="praha"))) == set()
    assert errors(validate(single(period=ENGINE_MIN_PERIOD, municipality_size="70k_plus"))) == set()


def test_district_rents_date_matches_the_engine():
    variable = get_tax_benefit_system().variables["dssp_normativni_najemne_domacnosti"]
    assert list(variable.formulas)[-1] == f"{DISTRICT_RENTS_FROM}-01"


def test_warnings_do_not_block_and_appear_as_missing():
    household = single(
        members=[
            PersonInput(role="head", age=45, work_activity="job_seeker"),
            PersonInput(role="child", age=17),  # dependent child or not?
        ]
    )
    problems = validate(household)
    assert errors(problems) == set()
    assert ("members[1].is_dependent_child", "missing") in codes(problems)
    result = estimate(household)
    assert "missing" in [n.code for n in result.missing]
    assert result.warnings


def test_messages_are_lazy_and_translatable():
    problem = validate(single(members=[]))[0]
    assert isinstance(problem.message, Promise)
    from django.utils import translation

    with translation.override("en"):
        assert str(problem.message) == "The household has no members."
    with translation.override("cs"):
        assert str(problem.message) != "The household has no members."
    result = estimate(readme_household())
    assert all(isinstance(note.message, Promise) for note in result.explanation)
    rendered = [str(note.message) for note in result.explanation]
    digits_only = ["".join(ch for ch in text if ch.isalnum()) for text in rendered]
    assert any("13324" in text for text in digits_only)
    english = [note.english() for note in result.explanation]
    assert any("13 324 CZK" in text for text in english)


# ---------------------------------------------------------------------------
# assets test and its dated parameters
# ---------------------------------------------------------------------------


def test_asset_limits_on_both_sides_of_their_start():
    with pytest.raises(LookupError):
        asset_limits_for(date(2025, 9, 30))
    limits = asset_limits_for(date(2025, 10, 1))
    assert limits.savings_first_member == 200_000
    assert limits.savings_per_further_member == 50_000
    assert limits.savings_max == 400_000
    assert limits.cars_per_adult == 1
    assert limits.homes == 1
    assert limits.savings_limit(1) == 200_000
    assert limits.savings_limit(3) == 300_000
    assert limits.savings_limit(10) == 400_000
    assert asset_limits_for(date(2030, 1, 1)) == limits
    assert ASSET_LIMITS[0][0] == date(2025, 10, 1)


def test_asset_limits_change_on_their_dates():
    table = [
        (date(2025, 10, 1), date(2026, 12, 31), dict(ASSET_LIMITS[0][2])),
        (date(2027, 1, 1), None, {**ASSET_LIMITS[0][2], "savings_first_member": 250_000}),
    ]
    assert asset_limits_for(date(2026, 12, 31), table).savings_first_member == 200_000
    assert asset_limits_for(date(2027, 1, 1), table).savings_first_member == 250_000
    assert asset_limits_for(date(2026, 12, 31), table).valid_to == date(2026, 12, 31)


def test_assets_test_in_the_estimate():
    within = estimate(single(savings=D(150_000), cars=1, homes_owned=0))
    assert within.assets.passed is True
    assert within.assets.savings_limit == 200_000
    over = estimate(single(savings=D(250_000), cars=2, homes_owned=2))
    assert over.assets.passed is False
    assert over.assets.savings_ok is False
    assert over.assets.cars_ok is False
    assert over.assets.homes_ok is False
    assert not over.likely_entitled
    second_home = estimate(single(homes_owned=2, second_home_under_3_years=True))
    assert second_home.assets.homes_ok is True
    assert second_home.assets.passed is None  # savings and cars not entered
    assert "assets_unknown" in [n.code for n in second_home.missing]


# ---------------------------------------------------------------------------
# batch, storage, loader
# ---------------------------------------------------------------------------


def mixed_batch() -> list[HouseholdInput]:
    return [
        readme_household(),
        couple_with_children(P, district="praha"),
        single_parent(P, district="strakonice"),
        hostel_single(P, district="most"),
        owner_senior(P, district="olomouc"),
        single(),
        single(
            members=[
                PersonInput(
                    role="head",
                    age=45,
                    work_activity="self_employed",
                    incomes=Incomes(self_employment=D(9000)),
                )
            ]
        ),
        couple_with_children("2026-01", district="praha"),  # another period
        single(period="2026-03", municipality_size="70k_plus", savings=D(10)),
    ]


def test_estimate_many_equals_estimate_one_by_one():
    batch = mixed_batch()
    together = estimate_many(batch)
    assert len(together) == len(batch)
    for household, result in zip(batch, together, strict=True):
        alone = estimate(household)
        assert result.outputs_as_json() == alone.outputs_as_json()


def test_estimate_many_reports_errors_with_household_paths():
    batch = [single(), single(members=[PersonInput(role="head", age=-3)])]
    with pytest.raises(InvalidHousehold) as raised:
        estimate_many(batch)
    assert ("households[1].members[0].age", "out_of_range") in codes(raised.value.problems)


def test_inputs_and_outputs_as_json_round_trip():
    import json

    result = estimate(readme_household())
    stored_inputs = json.loads(json.dumps(result.inputs_as_json()))
    stored_outputs = json.loads(json.dumps(result.outputs_as_json()))
    assert stored_inputs["engine_version"] == "1.0.1"
    assert stored_outputs["dssp"] == 13324
    assert stored_outputs["components"]["dssp_pracovni_bonus"] == "1747.60"
    again = estimate(HouseholdInput.from_json(stored_inputs["household"]))
    assert again.outputs_as_json() == stored_outputs


def test_sensitivity_compares_with_and_without_rent():
    result = estimate(readme_household())
    assert result.sensitivity["without_rent"] < result.dssp
    note = next(n for n in result.explanation if n.code == "without_rent")
    assert note.params["difference"] == result.dssp - result.sensitivity["without_rent"]
    quick = estimate(readme_household(), explain=False)
    assert quick.sensitivity is None
    assert quick.dssp == result.dssp


def test_tax_benefit_system_is_built_once_even_across_threads(monkeypatch):
    first = get_tax_benefit_system()
    assert get_tax_benefit_system() is first
    monkeypatch.setattr(engine.system, "_tax_benefit_system", None)
    seen = []
    threads = [
        threading.Thread(target=lambda: seen.append(get_tax_benefit_system())) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(system) for system in seen}) == 1
