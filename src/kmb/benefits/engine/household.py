"""The household as our own input model: code lists and input dataclasses."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from kmb.benefits.engine.notes import _json_decimal, _jsonable

ENGINE_PACKAGE = "openfisca-czechia"

#: First month the engine can compute: its minimum wage and insurance parameters start
#: in January 2026 (earlier months raise ParameterNotFoundError inside the engine).
ENGINE_MIN_PERIOD = "2026-01"

#: From this month the engine takes the normative rent by district
#: (``dssp_okres_bydliste``); before it, by the size class of the municipality
#: (``dssp_velikost_obce_bydliste``). A test checks this against the engine's formula dates.
DISTRICT_RENTS_FROM = "2026-10"

# ---------------------------------------------------------------------------
# Code lists of our input model
# ---------------------------------------------------------------------------

#: Relationship of a member to the household. At most one ``head`` (the applicant).
ROLES = ("head", "partner", "child", "parent", "sibling", "other_relative", "other")

#: Work activity as the DSSP law knows it.
WORK_ACTIVITIES = ("employed", "self_employed", "job_seeker", "none")

#: Type of the employment contract -> engine ``typ_pracovni_smlouvy_zamestnani_1``.
EMPLOYMENT_CONTRACTS = {"standard": "hpp", "dpp": "dpp", "dpc": "dpc"}

#: Housing type -> engine ``typ_bydleni``.
HOUSING_TYPES = {
    "dwelling": "byt_nebo_rodinny_dum",  # flat or family house
    "hostel": "ubytovaci_zarizeni",  # ubytovna, hostel, other accommodation facility
    "residential_service": "pobytove_sluzby",  # residential social service
    "non_residential": "jiny_nez_obytny_prostor",  # space not meant for living
}

#: Tenure -> engine ``vztah_k_nemovitosti`` (the engine knows only two groups).
TENURES = {
    "rent": "najemni_podnajemni",
    "sublet": "najemni_podnajemni",
    "own": "vlastni_druzstevni_sluzebni",
    "cooperative": "vlastni_druzstevni_sluzebni",
    "service_flat": "vlastni_druzstevni_sluzebni",
}
_OWNER_TENURES = frozenset({"own", "cooperative", "service_flat"})

#: Size class of the municipality -> engine ``dssp_velikost_obce_bydliste``; only used
#: for months before :data:`DISTRICT_RENTS_FROM`.
MUNICIPALITY_SIZES = {
    "under_70k": "obec_do_69999_obyvatel",
    "70k_plus": "obec_70000_obyvatel_a_vice",
    "prague_brno": "praha_a_brno",
}

#: Vulnerability and status codes of a person, as far as the engine models them.
#: A dependent child and a person aged 68 or more are vulnerable without a code
#: (from ``is_dependent_child`` and the age).
VULNERABILITY_CODES = {
    # receives an old-age pension (needs incomes.old_age_pension > 0) -> starobni_duchod
    "pensioner": "starobni_duchod",
    # invalidity of the 1st/2nd/3rd degree -> stupen_invalidity (2nd and 3rd make the
    # person vulnerable; every degree gives a tax credit)
    "invalidity_1": "stupen_invalidity",
    "invalidity_2": "stupen_invalidity",
    "invalidity_3": "stupen_invalidity",
    # receives maternity benefit (needs incomes.maternity > 0) -> materska
    "maternity": "materska",
    # a parent personally caring for a child -> je_rodic_pecujici_o_dite; the engine
    # applies the age limit of the youngest child (4, or 15 for a lone parent)
    "caring_parent": "je_rodic_pecujici_o_dite",
    # carer named in someone's care allowance -> pecovatel_uvedeny_v_prispevku_na_peci
    "carer": "pecovatel_uvedeny_v_prispevku_na_peci",
    # receives care allowance of degree 1-4 (needs incomes.care_allowance > 0); degree 2+
    # makes the person vulnerable -> stupen_zavislosti_prispevku_na_peci
    "care_allowance_1": "stupen_zavislosti_prispevku_na_peci",
    "care_allowance_2": "stupen_zavislosti_prispevku_na_peci",
    "care_allowance_3": "stupen_zavislosti_prispevku_na_peci",
    "care_allowance_4": "stupen_zavislosti_prispevku_na_peci",
    # spouse or partner died in the last 12 months -> zemrely_manzel_nebo_partner_v_poslednich_12m
    "widowed_recently": "zemrely_manzel_nebo_partner_v_poslednich_12m",
    # holds a ZTP/P card (severe disability) -> ma_prukaz_ztpp; affects taxes only
    "disabled_ztpp": "ma_prukaz_ztpp",
}

#: Monthly income kinds of :class:`Incomes` -> engine variable.
INCOME_VARIABLES = {
    "employment_gross": "hruby_prijem_ze_zamestnani_1",
    "employment_net": "cisty_pracovni_prijem_osoby",
    "self_employment": "jine_prijmy",
    "old_age_pension": "starobni_duchod",
    "other_pension": "invalidni_vdovecky_sirotci_duchody",
    "maternity": "materska",
    "parental_allowance": "rodicovsky_prispevek",
    "sickness": "nemocenska",
    "unemployment_benefit": "podpora_v_nezamestnanosti",
    "care_allowance": "prispevek_na_peci",
    "child_maintenance": "vyzivne_na_deti",
    "foster_carer_pay": "odmena_pestouna",
    "foster_child_allowance": "prispevek_na_uhradu_potreb_na_dite",
    "other": "jine_prijmy",
}

_MAX_MONTHLY_AMOUNT = Decimal("10000000")
_MAX_MEMBERS = 30
_MAX_AGE = 120

# ---------------------------------------------------------------------------
# Input dataclasses
# ---------------------------------------------------------------------------


@dataclass
class Incomes:
    """Average monthly incomes of one person in CZK (``None`` = not entered, counts as 0).

    Give employment income EITHER gross (the engine computes tax, insurance and the
    child tax bonus) OR net (pay after tax and insurance, without any child tax
    bonus; used as the engine's ``cisty_pracovni_prijem_osoby``), never both.
    """

    #: Gross wage from one employment -> ``hruby_prijem_ze_zamestnani_1``.
    employment_gross: Decimal | None = None
    #: Net pay from employment -> overrides ``cisty_pracovni_prijem_osoby``.
    employment_net: Decimal | None = None
    #: Net income from self-employment. The engine does not model self-employment:
    #: it is added to ``jine_prijmy`` (counted in the decisive income, not for the work
    #: bonus) and the estimate is flagged as less reliable.
    self_employment: Decimal | None = None
    #: Old-age pension -> ``starobni_duchod`` (makes the person vulnerable).
    old_age_pension: Decimal | None = None
    #: Invalidity, widow's/widower's or orphan's pension -> ``invalidni_vdovecky_sirotci_duchody``.
    other_pension: Decimal | None = None
    #: Maternity benefit (peněžitá pomoc v mateřství) -> ``materska``.
    maternity: Decimal | None = None
    #: Parental allowance -> ``rodicovsky_prispevek``.
    parental_allowance: Decimal | None = None
    #: Whether the parental allowance directly follows maternity benefit (then it counts
    #: for the work bonus) -> ``navazuje_rodicovsky_prispevek_na_materskou``.
    parental_allowance_follows_maternity: bool = True
    #: Sickness benefit -> ``nemocenska`` (makes the person work-active).
    sickness: Decimal | None = None
    #: Unemployment benefit -> ``podpora_v_nezamestnanosti``.
    unemployment_benefit: Decimal | None = None
    #: Care allowance the person receives as the one in need of care -> ``prispevek_na_peci``.
    care_allowance: Decimal | None = None
    #: Maintenance (alimony) received for a child -> ``vyzivne_na_deti``.
    child_maintenance: Decimal | None = None
    #: Foster carer's pay -> ``odmena_pestouna``.
    foster_carer_pay: Decimal | None = None
    #: Foster child allowance -> ``prispevek_na_uhradu_potreb_na_dite``.
    foster_child_allowance: Decimal | None = None
    #: Any other taxable income -> ``jine_prijmy``.
    other: Decimal | None = None


@dataclass
class PersonInput:
    """One member of the household."""

    #: Relationship to the household: one of :data:`ROLES`; at most one ``head``.
    role: str = "other"
    #: Optional display label used in explanations (e.g. a first name).
    label: str = ""
    #: Age in completed years on the first day of the period. Give it or ``birth_date``.
    age: int | None = None
    #: Date of birth; the age is computed on the first day of the period.
    birth_date: date | None = None
    #: Dependent child (nezaopatřené dítě) -> ``je_nezaopatrene_dite``. ``None``: a
    #: member under 15 is taken as a dependent child, an older one is not (with a note).
    is_dependent_child: bool | None = None
    #: Parent of a child living in the household -> ``je_rodic``. ``None``: head and
    #: partner are parents if the household has a dependent child with the role ``child``.
    is_parent: bool | None = None
    #: Vulnerability and status codes, see :data:`VULNERABILITY_CODES`.
    vulnerabilities: frozenset[str] = frozenset()
    #: ``employed`` (needs employment income), ``self_employed``, ``job_seeker``
    #: (registered at the Labour Office -> ``je_registrovana_na_uradu_prace``) or ``none``.
    work_activity: str = "none"
    #: Employment contract: ``standard`` (HPP), ``dpp`` or ``dpc``
    #: -> ``typ_pracovni_smlouvy_zamestnani_1``.
    employment_contract: str = "standard"
    #: Signed tax declaration at the employer -> ``podepsane_prohlaseni_u_zamestnavatele``.
    tax_declaration_signed: bool = True
    #: Claims the child tax credit (only one parent in a household) ->
    #: ``uplatnuje_danove_zvyhodneni_na_vyzivovane_deti``.
    claims_child_tax_benefit: bool = False
    #: Fulfils the support plan of the Labour Office -> ``dssp_plni_osoba_podpurny_plan``.
    follows_support_plan: bool = True
    #: Has a child placed in care for at most two years -> ``ma_sverene_dite_do_pece_max_2_roky``.
    foster_placement_max_2_years: bool = False
    #: Monthly incomes.
    incomes: Incomes = field(default_factory=Incomes)
    #: Number of enforcement proceedings (exekuce) -> ``pocet_exekuci_osoby``.
    enforcement_count: int = 0
    #: At least one priority enforcement (maintenance, taxes...) -> ``ma_prednostni_exekuce``.
    priority_enforcement: bool = False
    #: In personal insolvency (debt relief) -> ``je_v_insolvenci``.
    insolvency: bool = False
    #: Persons the debtor maintains, for the non-seizable amount ->
    #: ``pocet_vyzivovanych_osob_pro_vypocet_srazky_v_exekuci_nebo_insolvenci``.
    enforcement_dependants: int = 0


@dataclass
class HouseholdInput:
    """A household (společně posuzované osoby) and its housing, for one month."""

    #: The members; the order is kept in the results.
    members: list[PersonInput] = field(default_factory=list)
    #: The month, ``"YYYY-MM"``, e.g. ``"2026-10"``; from :data:`ENGINE_MIN_PERIOD`.
    period: str = ""
    #: District (okres) as the engine's ``dssp_okres_bydliste`` code (``"brno_mesto"``)
    #: or its Czech name (``"Brno-město"``); Prague is one district (``"praha"``).
    district: str | None = None
    #: Municipality size class (:data:`MUNICIPALITY_SIZES`), only for months before
    #: :data:`DISTRICT_RENTS_FROM`; not needed in Prague and Brno-město.
    municipality_size: str | None = None
    #: Housing type, one of :data:`HOUSING_TYPES`.
    housing_type: str = "dwelling"
    #: Tenure, one of :data:`TENURES` (rent, sublet, own, cooperative, service_flat).
    tenure: str = "rent"
    #: Monthly rent -> ``naklady_na_najemne`` (counted for rent and sublet only).
    rent: Decimal = Decimal(0)
    #: Monthly services and other housing fees -> ``dalsi_poplatky_spojene_s_bydlenim``.
    services: Decimal = Decimal(0)
    #: Monthly energy costs (electricity, gas, heating) -> ``naklady_na_energie``.
    energy: Decimal = Decimal(0)
    #: Heats with solid fuel -> ``vyuziva_domacnost_tuha_paliva``.
    solid_fuel: bool = False
    #: The dwelling is shared with another household (flags the estimate).
    shared_dwelling: bool = False
    #: Savings and financial assets of all members, without pension and building savings
    #: (assets test; ``None`` = not entered).
    savings: Decimal | None = None
    #: Number of cars owned by members (assets test).
    cars: int | None = None
    #: Number of homes (flats, houses) owned by members, including the one they live in.
    homes_owned: int | None = None
    #: A second home has been held for at most three years (e.g. inherited, being sold).
    second_home_under_3_years: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HouseholdInput:
        """Rebuild a household from :meth:`to_json` output (e.g. stored with a case)."""
        data = dict(data)
        members = []
        for raw in data.pop("members", []):
            raw = dict(raw)
            incomes = Incomes(
                **{
                    k: (_json_decimal(v) if k != "parental_allowance_follows_maternity" else v)
                    for k, v in (raw.pop("incomes", None) or {}).items()
                }
            )
            if raw.get("birth_date"):
                raw["birth_date"] = date.fromisoformat(raw["birth_date"])
            raw["vulnerabilities"] = frozenset(raw.get("vulnerabilities") or ())
            members.append(PersonInput(**raw, incomes=incomes))
        for key in ("rent", "services", "energy", "savings"):
            if key in data:
                data[key] = _json_decimal(data[key])
        return cls(members=members, **data)

    def to_json(self) -> dict[str, Any]:
        """JSON-compatible dict of the inputs (Decimals as strings, dates ISO)."""
        data = _dataclass_json(self, _HOUSEHOLD_FIELDS)
        data["members"] = [
            {
                **_dataclass_json(person, _PERSON_FIELDS),
                "incomes": _dataclass_json(person.incomes or Incomes(), _INCOME_FIELDS),
            }
            for person in self.members
        ]
        return data


def _dataclass_json(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """Flat fields of a dataclass as JSON values (much faster than dataclasses.asdict)."""
    data = {}
    for name in names:
        value = getattr(obj, name)
        if value is None or isinstance(value, (bool, int, str)):
            data[name] = value
        elif isinstance(value, Decimal):
            data[name] = str(value)
        elif isinstance(value, date):
            data[name] = value.isoformat()
        elif isinstance(value, (set, frozenset)):
            data[name] = sorted(value)
        else:
            data[name] = _jsonable(value)
    return data


_INCOME_FIELDS = tuple(f.name for f in dataclasses.fields(Incomes))
_PERSON_FIELDS = tuple(f.name for f in dataclasses.fields(PersonInput) if f.name != "incomes")
_HOUSEHOLD_FIELDS = tuple(f.name for f in dataclasses.fields(HouseholdInput) if f.name != "members")
