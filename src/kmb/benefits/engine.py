"""Estimates of the state social assistance benefit (DSSP) for a household.

This module is the pure-Python core of the benefits estimator. It does not use
Django models or views; it only uses Django's lazy translations for the texts it
returns.

The rules themselves are not written here. They are computed by the engine
``openfisca-czechia`` (a rules-as-code model of the Czech tax and benefit system,
built on openfisca-core). This module:

* describes a household in our own terms (:class:`HouseholdInput`,
  :class:`PersonInput`, :class:`Incomes`) and validates it (:func:`validate`);
* maps it to the engine's inputs and runs ONE vectorised simulation for any
  number of households (:func:`estimate_many`; :func:`estimate` for one);
* reads back the DSSP total, its four components and the engine's intermediate
  values, the enforcement deductions and the income left after them;
* applies the assets test, which is not part of the engine, with limits given by the
  caller (``asset_limits=``: the Django service reads them from the database as dated
  parameters); without one, the code table :data:`ASSET_LIMITS` is the documented
  fallback for use without a database (unit tests, benchmarks);
* flags estimates that are less reliable and explains the result in sentences
  (English message ids, translated through gettext).

Amounts are monthly CZK. The engine computes in float32 and rounds only where the
law says so (for example the DSSP total is rounded up to whole crowns, tax and
deductions to whole crowns); components and intermediate values are returned as
:class:`~decimal.Decimal` rounded to hellers (two decimal places).
"""

from __future__ import annotations

import dataclasses
import gc
import importlib.metadata
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

__all__ = [
    "ASSET_LIMITS",
    "COMPONENTS",
    "DISTRICT_RENTS_FROM",
    "ENGINE_MIN_PERIOD",
    "ENGINE_PACKAGE",
    "HOUSEHOLD_OUTPUTS",
    "HOUSING_TYPES",
    "INCOME_VARIABLES",
    "MUNICIPALITY_SIZES",
    "PERSON_OUTPUTS",
    "ROLES",
    "TENURES",
    "VULNERABILITY_CODES",
    "WORK_ACTIVITIES",
    "AssetLimits",
    "AssetLimitsLookup",
    "AssetsTest",
    "Estimate",
    "FieldProblem",
    "HouseholdInput",
    "Incomes",
    "InvalidHousehold",
    "Note",
    "PersonInput",
    "asset_limits_for",
    "district_choices",
    "engine_version",
    "estimate",
    "estimate_many",
    "get_tax_benefit_system",
    "resolve_district",
    "validate",
]

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


def _json_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Note):
        return value.as_json()
    return value


# ---------------------------------------------------------------------------
# Translatable notes
# ---------------------------------------------------------------------------


def _format_money_en(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:,.2f}".replace(",", " ")


def _format_money_local(value: Decimal) -> str:
    from django.utils.formats import number_format

    decimals = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def _format_ratio_local(value: float) -> str:
    from django.utils.formats import number_format

    return number_format(value, decimal_pos=0 if value == int(value) else 2)


def _format_date_local(value: date) -> str:
    from django.utils.formats import date_format

    return date_format(value, "SHORT_DATE_FORMAT")


_lazy_money = lazy(_format_money_local, str)
_lazy_date = lazy(_format_date_local, str)
_lazy_ratio = lazy(_format_ratio_local, str)


@dataclass(slots=True)
class Note:
    """A translatable sentence: an English message id and its parameters.

    ``message`` is a lazy string translated in the active language when rendered;
    ``english()`` renders it in English without Django (used for storage). Parameter
    types decide their formatting: Decimal = money, float = ratio, date = date, Note =
    nested text; other values are shown as they are.
    """

    code: str
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> Any:
        if not self.params:
            return _(self.msgid)
        return format_lazy(_(self.msgid), **{k: _display(v) for k, v in self.params.items()})

    def english(self) -> str:
        return self.msgid.format(**{k: _english(v) for k, v in self.params.items()})

    def __str__(self) -> str:
        return str(self.message)

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "msgid": self.msgid,
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "text": self.english(),
        }


def _display(value: Any) -> Any:
    if isinstance(value, Note):
        return value.message
    if isinstance(value, Decimal):
        return _lazy_money(value)
    if isinstance(value, float):
        return _lazy_ratio(value)
    if isinstance(value, date):
        return _lazy_date(value)
    return value


def _english(value: Any) -> str:
    if isinstance(value, Note):
        return value.english()
    if isinstance(value, Decimal):
        return _format_money_en(value)
    if isinstance(value, float):
        return f"{value:.0f}" if value == int(value) else f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(slots=True)
class FieldProblem:
    """A problem with one input field.

    ``path`` names the field (``"members[1].age"``, ``"district"``), ``code`` is a
    machine code (``required``, ``negative``, ``out_of_range``, ``unknown_district``…),
    ``severity`` is ``"error"`` (no estimate possible) or ``"warning"`` (the estimate is
    made but is less precise). ``message`` is a lazy, translatable English sentence.
    """

    path: str
    code: str
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    severity: str = "error"

    @property
    def message(self) -> Any:
        return Note(self.code, self.msgid, self.params).message

    def english(self) -> str:
        return Note(self.code, self.msgid, self.params).english()

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "code": self.code,
            "severity": self.severity,
            "msgid": self.msgid,
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "text": self.english(),
        }

    def prefixed(self, prefix: str) -> FieldProblem:
        return dataclasses.replace(self, path=f"{prefix}.{self.path}" if self.path else prefix)


class InvalidHousehold(ValueError):
    """Raised by :func:`estimate` / :func:`estimate_many` when validation finds errors."""

    def __init__(self, problems: Sequence[FieldProblem]):
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.path}: {p.code}" for p in self.problems))


# Message ids of validation problems. gettext_noop marks them for makemessages; they
# are translated lazily through gettext_lazy when a message is rendered.
_PROBLEMS = {
    "required": gettext_noop("This value is required."),
    "age_required": gettext_noop("Enter the age or the date of birth."),
    "invalid_date": gettext_noop("Enter a valid date."),
    "invalid_number": gettext_noop("Enter a number."),
    "invalid_integer": gettext_noop("Enter a whole number."),
    "negative": gettext_noop("The amount cannot be negative."),
    "too_large": gettext_noop("The amount is implausibly large (more than {limit} CZK a month)."),
    "age_out_of_range": gettext_noop("The age must be between 0 and {max_age} years."),
    "birth_date_future": gettext_noop("The date of birth is after the estimated month."),
    "age_mismatch": gettext_noop("The age ({age}) does not match the date of birth ({derived})."),
    "count_out_of_range": gettext_noop("The number must be between 0 and {maximum}."),
    "empty_household": gettext_noop("The household has no members."),
    "too_many_members": gettext_noop("A household can have at most {maximum} members."),
    "multiple_heads": gettext_noop("Only one member can be the head of the household."),
    "no_adult": gettext_noop("No member is an adult; the benefit is claimed by an adult."),
    "invalid_period": gettext_noop("Enter the month as YYYY-MM, for example 2026-10."),
    "unsupported_period": gettext_noop("The engine can estimate months from {first} onwards."),
    "unknown_district": gettext_noop("Unknown district: {value}."),
    "district_required": gettext_noop("Enter the district (okres) where the household lives."),
    "municipality_size_required": gettext_noop(
        "Before {month} the normative rent depends on the size of the municipality; enter it."
    ),
    "unknown_choice": gettext_noop("Unknown value {value}; allowed: {allowed}."),
    "unknown_code": gettext_noop("Unknown or unsupported code {value}; supported: {allowed}."),
    "conflicting_codes": gettext_noop("Choose only one of: {codes}."),
    "code_needs_income": gettext_noop("The code {value} needs the monthly amount of this income."),
    "ambiguous_employment": gettext_noop(
        "Enter the employment income either gross or net, not both."
    ),
    "employed_without_income": gettext_noop(
        "The member is employed: enter the gross (or net) monthly wage."
    ),
    "self_employment_missing": gettext_noop(
        "The member is self-employed but no self-employment income was entered."
    ),
    "income_without_employment": gettext_noop(
        "Employment income is entered but the work activity is not 'employed'; "
        "the engine treats the member as employed."
    ),
    "dependent_child_too_old": gettext_noop("A dependent child can be at most 26 years old."),
    "dependent_child_unknown": gettext_noop(
        "The member is {age}: say whether they are a dependent child (e.g. still studying). "
        "They are counted as an adult."
    ),
    "rent_ignored_for_owner": gettext_noop(
        "Rent is not counted for owners and cooperative members; the engine uses a flat amount."
    ),
    "tenure_in_facility": gettext_noop(
        "In a hostel or residential service the household usually pays rent; "
        "with this tenure the rent is not counted in the housing costs."
    ),
    "no_housing_costs": gettext_noop(
        "No rent, services or energy costs were entered; the housing component may be too low."
    ),
    "caring_parent_without_child": gettext_noop(
        "The member is a caring parent but the household has no dependent child."
    ),
    "tax_benefit_with_net": gettext_noop(
        "With a net wage the child tax credit is not computed; enter the gross wage instead."
    ),
}


def _problem(path: str, key: str, severity: str = "error", code: str | None = None, **params):
    return FieldProblem(
        path=path, code=code or key, msgid=_PROBLEMS[key], params=params, severity=severity
    )


# ---------------------------------------------------------------------------
# Engine loading (once per process)
# ---------------------------------------------------------------------------

_engine_lock = threading.Lock()
_tax_benefit_system: Any = None


def get_tax_benefit_system() -> Any:
    """The engine's tax-benefit system, built once per process (thread-safe, lazy).

    Building it reads all parameters and variables of the model (about 0.4 s).
    """
    global _tax_benefit_system
    system = _tax_benefit_system
    if system is None:
        with _engine_lock:
            system = _tax_benefit_system
            if system is None:
                from openfisca_czechia import CountryTaxBenefitSystem

                system = CountryTaxBenefitSystem()
                _tax_benefit_system = system
    return system


@lru_cache(maxsize=1)
def engine_version() -> str:
    """Version of the installed engine package (stored with every estimate)."""
    return importlib.metadata.version(ENGINE_PACKAGE)


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


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "_", stripped.casefold()).strip("_")


@lru_cache(maxsize=1)
def _district_table() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> Czech name, lookup key -> code) of the engine's districts."""
    from openfisca_czechia.variables.dssp.slozka_na_bydleni.okres_bydliste import (
        DsspOkresBydliste,
    )

    names = {m.name: m.value for m in DsspOkresBydliste}
    lookup: dict[str, str] = {}
    for code, name in names.items():
        lookup[code] = code
        lookup[_fold(name)] = code
    lookup["hlavni_mesto_praha"] = "praha"
    lookup["brno"] = "brno_mesto"
    lookup["ostrava"] = "ostrava_mesto"
    lookup["plzen"] = "plzen_mesto"
    return names, lookup


def district_choices() -> list[tuple[str, str]]:
    """(engine code, Czech name) of all districts, sorted by name, e.g. for a form."""
    names, _lookup = _district_table()
    return sorted(names.items(), key=lambda item: _fold(item[1]))


@lru_cache(maxsize=1024)
def _resolve_district_cached(value: str) -> str | None:
    _names, lookup = _district_table()
    key = _fold(value)
    if re.fullmatch(r"praha_\d+", key):
        key = "praha"
    return lookup.get(key)


def resolve_district(value: str | None) -> str | None:
    """The engine's district code for a code or Czech name; ``None`` if unknown.

    Accepts ``"brno_mesto"``, ``"Brno-město"``, ``"brno mesto"``, ``"Praha 5"`` (Prague
    is a single district for the benefit) etc.
    """
    if not value or not isinstance(value, str):
        return None
    return _resolve_district_cached(value)


# ---------------------------------------------------------------------------
# Assets test (not in the engine) — dated parameters
# ---------------------------------------------------------------------------

#: Limits of the DSSP assets test, as dated rows ``(valid_from, valid_to, values)``;
#: ``valid_to`` is inclusive, ``None`` = open. Savings exclude pension and building
#: savings. The application reads these limits from the database (dated parameter
#: ``dssp.asset_limits``, seeded by ``kmb.benefits`` migration 0002 and editable by an
#: administrator); this table is only the fallback for callers without a database.
ASSET_LIMITS: list[tuple[date, date | None, dict[str, int]]] = [
    (
        date(2025, 10, 1),  # zákon 151/2025 Sb. in force
        None,
        {
            "savings_first_member": 200_000,
            "savings_per_further_member": 50_000,
            "savings_max": 400_000,
            "cars_per_adult": 1,
            "homes": 1,
            "second_home_max_years": 3,
        },
    ),
]


@dataclass(frozen=True)
class AssetLimits:
    """Limits of the assets test valid on a day."""

    valid_from: date
    valid_to: date | None
    savings_first_member: Decimal
    savings_per_further_member: Decimal
    savings_max: Decimal
    cars_per_adult: int
    homes: int
    second_home_max_years: int

    def savings_limit(self, members: int) -> Decimal:
        further = max(members - 1, 0)
        return min(
            self.savings_first_member + self.savings_per_further_member * further,
            self.savings_max,
        )


def asset_limits_for(
    on: date, table: Sequence[tuple[date, date | None, Mapping[str, Any]]] | None = None
) -> AssetLimits:
    """The assets-test limits valid on ``on`` (raises LookupError if none is valid)."""
    rows = ASSET_LIMITS if table is None else table
    valid = [row for row in rows if row[0] <= on and (row[1] is None or on <= row[1])]
    if not valid:
        raise LookupError(f"No assets-test limits valid on {on.isoformat()}")
    valid_from, valid_to, values = max(valid, key=lambda row: row[0])
    return AssetLimits(
        valid_from=valid_from,
        valid_to=valid_to,
        savings_first_member=Decimal(values["savings_first_member"]),
        savings_per_further_member=Decimal(values["savings_per_further_member"]),
        savings_max=Decimal(values["savings_max"]),
        cars_per_adult=int(values["cars_per_adult"]),
        homes=int(values["homes"]),
        second_home_max_years=int(values["second_home_max_years"]),
    )


@dataclass(frozen=True)
class AssetsTest:
    """Result of the assets test. ``passed`` is ``None`` when it cannot be decided."""

    limits: AssetLimits | None
    savings_limit: Decimal | None
    savings: Decimal | None
    savings_ok: bool | None
    cars_allowed: int | None
    cars: int | None
    cars_ok: bool | None
    homes_allowed: int | None
    homes: int | None
    homes_ok: bool | None
    passed: bool | None

    def as_json(self) -> dict[str, Any]:
        data = _jsonable({k: v for k, v in dataclasses.asdict(self).items() if k != "limits"})
        if self.limits is not None:
            data["limits"] = _jsonable(dataclasses.asdict(self.limits))
        else:
            data["limits"] = None
        return data


def _assets_test(
    household: HouseholdInput, prepared: _Prepared, limits: AssetLimits | None
) -> AssetsTest:
    if limits is None:
        return AssetsTest(None, None, None, None, None, None, None, None, None, None, None)
    adults = sum(1 for age in prepared.ages if age >= 18)
    savings_limit = limits.savings_limit(len(household.members))
    savings = _to_decimal(household.savings)
    savings_ok = None if savings is None else savings <= savings_limit
    cars_allowed = adults * limits.cars_per_adult
    cars = household.cars
    cars_ok = None if cars is None else cars <= cars_allowed
    homes_allowed = limits.homes + (1 if household.second_home_under_3_years else 0)
    homes = household.homes_owned
    homes_ok = None if homes is None else homes <= homes_allowed
    checks = (savings_ok, cars_ok, homes_ok)
    if any(c is False for c in checks):
        passed: bool | None = False
    elif all(c is True for c in checks):
        passed = True
    else:
        passed = None
    return AssetsTest(
        limits,
        savings_limit,
        savings,
        savings_ok,
        cars_allowed,
        cars,
        cars_ok,
        homes_allowed,
        homes,
        homes_ok,
        passed,
    )


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

_BAD = object()


def _to_decimal(value: Any) -> Any:
    """Decimal, ``None`` for no value, or ``_BAD`` for something that is not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _BAD
    if isinstance(value, Decimal):
        return value if value.is_finite() else _BAD
    if isinstance(value, (int, float)):
        try:
            result = Decimal(str(value))
        except InvalidOperation:
            return _BAD
        return result if result.is_finite() else _BAD
    if isinstance(value, str):
        try:
            result = Decimal(value.replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except InvalidOperation:
            return _BAD
        return result if result.is_finite() else _BAD
    return _BAD


def _to_int(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _BAD
    if isinstance(value, int):
        return value
    dec = _to_decimal(value)
    if dec is _BAD or dec is None or dec != dec.to_integral_value():
        return _BAD
    return int(dec)


def _parse_period(period: Any) -> tuple[int, int] | None:
    if not isinstance(period, str):
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})", period.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    return year, month


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _check_amount(path: str, value: Any, problems: list[FieldProblem]) -> Decimal | None:
    if value is None:
        return None
    amount = _to_decimal(value)
    if amount is _BAD:
        problems.append(_problem(path, "invalid_number"))
        return None
    if amount is None:
        return None
    if amount < 0:
        problems.append(_problem(path, "negative"))
    elif amount > _MAX_MONTHLY_AMOUNT:
        problems.append(_problem(path, "too_large", code="out_of_range", limit=_MAX_MONTHLY_AMOUNT))
    return amount


def _check_count(path: str, value: Any, maximum: int, problems: list[FieldProblem]) -> int | None:
    number = _to_int(value)
    if number is _BAD:
        problems.append(_problem(path, "invalid_integer"))
        return None
    if number is not None and not 0 <= number <= maximum:
        problems.append(_problem(path, "count_out_of_range", code="out_of_range", maximum=maximum))
    return number


def _choice(path: str, value: Any, allowed: Iterable[str], problems: list[FieldProblem]) -> None:
    allowed = list(allowed)
    if value not in allowed:
        problems.append(
            _problem(path, "unknown_choice", value=repr(value), allowed=", ".join(allowed))
        )


def validate(household: HouseholdInput) -> list[FieldProblem]:
    """All problems of the inputs, errors and warnings, each with its field path.

    An estimate is possible when no problem has ``severity == "error"``.
    """
    problems: list[FieldProblem] = []
    members = household.members or []

    parsed = _parse_period(household.period)
    first_day: date | None = None
    if parsed is None:
        problems.append(_problem("period", "invalid_period"))
    else:
        first_day = date(parsed[0], parsed[1], 1)
        if f"{parsed[0]:04d}-{parsed[1]:02d}" < ENGINE_MIN_PERIOD:
            problems.append(_problem("period", "unsupported_period", first=ENGINE_MIN_PERIOD))

    district = None
    if household.district in (None, ""):
        problems.append(_problem("district", "district_required", code="required"))
    else:
        district = resolve_district(household.district)
        if district is None:
            problems.append(
                _problem("district", "unknown_district", value=repr(household.district))
            )

    if household.municipality_size is not None:
        _choice("municipality_size", household.municipality_size, MUNICIPALITY_SIZES, problems)
    elif (
        parsed is not None
        and f"{parsed[0]:04d}-{parsed[1]:02d}" < DISTRICT_RENTS_FROM
        and district not in (None, "praha", "brno_mesto")
    ):
        problems.append(
            _problem(
                "municipality_size",
                "municipality_size_required",
                code="required",
                month=DISTRICT_RENTS_FROM,
            )
        )

    _choice("housing_type", household.housing_type, HOUSING_TYPES, problems)
    _choice("tenure", household.tenure, TENURES, problems)
    rent = _check_amount("rent", household.rent, problems)
    services = _check_amount("services", household.services, problems)
    energy = _check_amount("energy", household.energy, problems)
    _check_amount("savings", household.savings, problems)
    _check_count("cars", household.cars, 100, problems)
    _check_count("homes_owned", household.homes_owned, 100, problems)

    if household.tenure in _OWNER_TENURES:
        if rent and rent > 0 and household.housing_type == "dwelling":
            problems.append(_problem("rent", "rent_ignored_for_owner", severity="warning"))
        if household.housing_type in ("hostel", "residential_service"):
            problems.append(_problem("tenure", "tenure_in_facility", severity="warning"))
    if not any(x and x > 0 for x in (rent, services, energy)) and (
        household.tenure not in _OWNER_TENURES
    ):
        problems.append(_problem("rent", "no_housing_costs", severity="warning", code="missing"))

    if not members:
        problems.append(_problem("members", "empty_household"))
        return problems
    if len(members) > _MAX_MEMBERS:
        problems.append(
            _problem("members", "too_many_members", code="out_of_range", maximum=_MAX_MEMBERS)
        )

    ages: list[int | None] = []
    dependent: list[bool] = []
    heads = 0
    for i, person in enumerate(members):
        base = f"members[{i}]"
        if person.role == "head":
            heads += 1
            if heads > 1:
                problems.append(_problem(f"{base}.role", "multiple_heads"))
        _choice(f"{base}.role", person.role, ROLES, problems)
        age = _validate_age(base, person, first_day, problems)
        ages.append(age)
        is_child = (
            bool(person.is_dependent_child)
            if person.is_dependent_child is not None
            else (age is not None and age < 15)
        )
        dependent.append(is_child)
        if person.is_dependent_child and age is not None and age > 26:
            problems.append(
                _problem(
                    f"{base}.is_dependent_child", "dependent_child_too_old", code="out_of_range"
                )
            )
        if (
            person.is_dependent_child is None
            and age is not None
            and 15 <= age <= 26
            and (person.role in ("child", "sibling", "other_relative"))
        ):
            problems.append(
                _problem(
                    f"{base}.is_dependent_child",
                    "dependent_child_unknown",
                    severity="warning",
                    code="missing",
                    age=age,
                )
            )
        _validate_person(base, person, problems)

    if all(a is not None and a < 18 for a in ages):
        problems.append(_problem("members", "no_adult", severity="warning"))
    if not any(dependent):
        for i, person in enumerate(members):
            if "caring_parent" in (person.vulnerabilities or ()):
                problems.append(
                    _problem(
                        f"members[{i}].vulnerabilities",
                        "caring_parent_without_child",
                        severity="warning",
                    )
                )
    return problems


def _validate_age(
    base: str, person: PersonInput, first_day: date | None, problems: list[FieldProblem]
) -> int | None:
    age = _to_int(person.age)
    if age is _BAD:
        problems.append(_problem(f"{base}.age", "invalid_integer"))
        age = None
    elif age is not None and not 0 <= age <= _MAX_AGE:
        problems.append(
            _problem(f"{base}.age", "age_out_of_range", code="out_of_range", max_age=_MAX_AGE)
        )
        age = None
    birth = person.birth_date
    if birth is not None and not isinstance(birth, date):
        problems.append(_problem(f"{base}.birth_date", "invalid_date"))
        birth = None
    if birth is not None and first_day is not None:
        derived = _age_on(birth, first_day)
        if derived < 0 and not (birth.year == first_day.year and birth.month == first_day.month):
            problems.append(
                _problem(f"{base}.birth_date", "birth_date_future", code="out_of_range")
            )
            return None
        derived = max(derived, 0)
        if derived > _MAX_AGE:
            problems.append(
                _problem(
                    f"{base}.birth_date", "age_out_of_range", code="out_of_range", max_age=_MAX_AGE
                )
            )
            return None
        if age is not None and age != derived:
            problems.append(
                _problem(
                    f"{base}.age", "age_mismatch", code="inconsistent", age=age, derived=derived
                )
            )
        return derived
    if person.age is None and birth is None:
        problems.append(_problem(f"{base}.age", "age_required", code="required"))
    return age


def _validate_person(base: str, person: PersonInput, problems: list[FieldProblem]) -> None:
    _choice(f"{base}.work_activity", person.work_activity, WORK_ACTIVITIES, problems)
    _choice(
        f"{base}.employment_contract", person.employment_contract, EMPLOYMENT_CONTRACTS, problems
    )
    codes = person.vulnerabilities or frozenset()
    if isinstance(codes, str):
        codes = frozenset({codes})
    for code in sorted(codes) if codes else ():
        if code not in VULNERABILITY_CODES:
            problems.append(
                _problem(
                    f"{base}.vulnerabilities",
                    "unknown_code",
                    value=repr(code),
                    allowed=", ".join(VULNERABILITY_CODES),
                )
            )
    for group in ("invalidity_", "care_allowance_") if len(codes) > 1 else ():
        chosen = sorted(c for c in codes if c.startswith(group))
        if len(chosen) > 1:
            problems.append(
                _problem(f"{base}.vulnerabilities", "conflicting_codes", codes=", ".join(chosen))
            )

    incomes = person.incomes if person.incomes is not None else Incomes()
    amounts: dict[str, Decimal | None] = {}
    for name in INCOME_VARIABLES:
        value = getattr(incomes, name)
        amounts[name] = (
            None if value is None else _check_amount(f"{base}.incomes.{name}", value, problems)
        )

    def positive(name: str) -> bool:
        value = amounts.get(name)
        return value is not None and value > 0

    for code, income in (("pensioner", "old_age_pension"), ("maternity", "maternity")):
        if code in codes and not positive(income):
            problems.append(
                _problem(
                    f"{base}.incomes.{income}", "code_needs_income", code="required", value=code
                )
            )
    for code in codes:
        if (
            code.startswith("care_allowance_")
            and code in VULNERABILITY_CODES
            and not positive("care_allowance")
        ):
            problems.append(
                _problem(
                    f"{base}.incomes.care_allowance",
                    "code_needs_income",
                    code="required",
                    value=code,
                )
            )

    has_gross = amounts["employment_gross"] is not None
    has_net = amounts["employment_net"] is not None
    if has_gross and has_net:
        problems.append(
            _problem(f"{base}.incomes.employment_net", "ambiguous_employment", code="ambiguous")
        )
    employment = positive("employment_gross") or positive("employment_net")
    if person.work_activity == "employed" and not employment:
        problems.append(
            _problem(f"{base}.incomes.employment_gross", "employed_without_income", code="required")
        )
    if person.work_activity == "self_employed" and amounts["self_employment"] is None:
        problems.append(
            _problem(
                f"{base}.incomes.self_employment",
                "self_employment_missing",
                severity="warning",
                code="missing",
            )
        )
    if employment and person.work_activity in ("none", "job_seeker", "self_employed"):
        problems.append(
            _problem(
                f"{base}.work_activity",
                "income_without_employment",
                severity="warning",
                code="inconsistent",
            )
        )
    if person.claims_child_tax_benefit and has_net and not has_gross:
        problems.append(
            _problem(
                f"{base}.claims_child_tax_benefit",
                "tax_benefit_with_net",
                severity="warning",
                code="ignored",
            )
        )
    _check_count(f"{base}.enforcement_count", person.enforcement_count, 100, problems)
    _check_count(f"{base}.enforcement_dependants", person.enforcement_dependants, 30, problems)


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


# ---------------------------------------------------------------------------
# Outputs read from the engine
# ---------------------------------------------------------------------------

#: Household-level engine variables read into :attr:`Estimate.intermediate`, with kind.
HOUSEHOLD_OUTPUTS: dict[str, str] = {
    "dssp": "money",
    "dssp_slozka_na_bydleni": "money",
    "dssp_slozka_na_zivobyti": "money",
    "dssp_bonus_na_dite": "money",
    "dssp_pracovni_bonus": "money",
    "zivotni_minimum_domacnosti": "money",
    "dssp_rozhodny_prijem": "money",
    "dssp_normativni_najemne_domacnosti": "money",
    "dssp_naklady_na_bydleni_za_uzivani_bytu": "money",
    "dssp_energeticky_pausal_domacnosti": "money",
    "dssp_naklady_na_energie": "money",
    "dssp_vlastnicky_pausal_domacnosti": "money",
    "dssp_naklady_spojene_s_uzivanim_bytu": "money",
    "dssp_pocet_osob_v_domacnosti_pro_vypocet_nakladu_na_bydleni": "int",
    "dssp_jsou_vsechny_osoby_v_domacnosti_zranitelne": "bool",
    "dssp_soucet_castek_na_zivotni_potreby_clenu_domacnosti": "money",
    "dssp_prijem_zohlednovany_pro_pracovni_bonus": "money",
    "dssp_castka_na_nezaopatrene_dite": "money",
    "celkove_naklady_na_bydleni": "money",
    "cisty_penezni_prijem_domacnosti": "money",
    "cisty_penezni_prijem_domacnosti_po_srazkach": "money",
    "celkove_pojistne_samoplatcu_zdravotniho_pojisteni_v_domacnosti": "money",
    "rezidualni_prijem_domacnosti": "money",
    "podpora_bydleni_prijem_domacnosti": "money",
    "podpora_bydleni_hranice_prijmu": "money",
    "podpora_bydleni_ma_narok": "bool",
}

#: Person-level engine variables read into :attr:`Estimate.persons`, with kind.
PERSON_OUTPUTS: dict[str, str] = {
    "cisty_pracovni_prijem_osoby": "money",
    "danovy_bonus_osoby": "money",
    "dssp_zapocitatelny_pracovni_prijem_osoby": "money",
    "dssp_je_osoba_zranitelna": "bool",
    "dssp_je_osoba_pracovne_aktivni": "bool",
    "je_samoplatce_zdravotniho_pojisteni": "bool",
    "srazka_v_exekuci_nebo_insolvenci": "money",
    "zakladni_nezabavitelna_castka_osoby_v_exekuci_nebo_insolvenci": "money",
}

#: The four components of DSSP (engine variable names), in display order.
COMPONENTS = (
    "dssp_slozka_na_bydleni",
    "dssp_slozka_na_zivobyti",
    "dssp_bonus_na_dite",
    "dssp_pracovni_bonus",
)

#: Variants simulated together with every household to explain which inputs matter.
_VARIANTS = ("base", "without_rent", "without_energy", "extra_income")
_EXTRA_INCOME = 1000.0


def _convert_all(values: Any, kind: str) -> list[Any]:
    """Engine array -> list of Python values (money: Decimal rounded to hellers)."""
    if kind == "int":
        return [int(v) for v in values.tolist()]
    if kind == "bool":
        return [bool(v) for v in values.tolist()]
    cache: dict[float, Decimal] = {}
    result = []
    for value in values.tolist():
        amount = cache.get(value)
        if amount is None:
            amount = cache[value] = Decimal(f"{value:.2f}")
        result.append(amount)
    return result


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


# ---------------------------------------------------------------------------
# The estimate
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """The estimated DSSP of one household for one month, with its explanation.

    ``components`` and ``intermediate`` are keyed by the engine's variable names (see
    :data:`HOUSEHOLD_OUTPUTS`), ``persons`` holds the person-level engine variables
    (:data:`PERSON_OUTPUTS`) in the order of the members.
    """

    period: str
    engine: str
    engine_version: str
    #: DSSP total in whole CZK (the engine rounds the sum of the components up); never
    #: below zero (the engine's own value is in ``intermediate["dssp"]``).
    dssp: int
    #: The four components by engine name (see :data:`COMPONENTS`).
    components: dict[str, Decimal]
    #: Sum of the members' enforcement/insolvency deductions (``srazka_v_exekuci_nebo_insolvenci``).
    enforcement_deductions: Decimal
    #: Household net income including DSSP after the deductions
    #: (``cisty_penezni_prijem_domacnosti_po_srazkach``).
    income_after_deductions: Decimal
    #: Household-level engine values.
    intermediate: dict[str, Any]
    #: Person-level engine values, one dict per member.
    persons: list[dict[str, Any]]
    #: The household's own contribution to housing costs, derived as counted housing
    #: costs minus the housing component; ``None`` when the component is zero.
    housing_contribution: Decimal | None
    assets: AssetsTest
    reliable: bool
    reliability_reasons: list[Note]
    explanation: list[Note]
    missing: list[Note]
    warnings: list[FieldProblem]
    #: DSSP in whole CZK for the explanation variants (``without_rent``,
    #: ``without_energy``, ``extra_income``), or ``None`` when not computed.
    sensitivity: dict[str, int] | None
    #: The inputs the estimate was made from. Serialised by :meth:`inputs_as_json`
    #: when needed, so do not change the household after estimating it.
    household: HouseholdInput

    @property
    def housing_component(self) -> Decimal:
        return self.components["dssp_slozka_na_bydleni"]

    @property
    def living_component(self) -> Decimal:
        return self.components["dssp_slozka_na_zivobyti"]

    @property
    def child_bonus(self) -> Decimal:
        return self.components["dssp_bonus_na_dite"]

    @property
    def work_bonus(self) -> Decimal:
        return self.components["dssp_pracovni_bonus"]

    @property
    def likely_entitled(self) -> bool:
        """A positive benefit and an assets test that is not failed."""
        return self.dssp > 0 and self.assets.passed is not False

    def inputs_as_json(self) -> dict[str, Any]:
        """The inputs as given, with the period and engine version, for storage."""
        return {
            "engine": self.engine,
            "engine_version": self.engine_version,
            "household": self.household.to_json(),
        }

    def outputs_as_json(self) -> dict[str, Any]:
        """All outputs, JSON-compatible (amounts as strings), for storage."""
        return {
            "engine": self.engine,
            "engine_version": self.engine_version,
            "period": self.period,
            "dssp": self.dssp,
            "components": _jsonable(self.components),
            "enforcement_deductions": str(self.enforcement_deductions),
            "income_after_deductions": str(self.income_after_deductions),
            "housing_contribution": _jsonable(self.housing_contribution),
            "intermediate": _jsonable(self.intermediate),
            "persons": _jsonable(self.persons),
            "assets": self.assets.as_json(),
            "reliable": self.reliable,
            "reliability_reasons": [n.as_json() for n in self.reliability_reasons],
            "explanation": [n.as_json() for n in self.explanation],
            "missing": [n.as_json() for n in self.missing],
            "warnings": [w.as_json() for w in self.warnings],
            "sensitivity": self.sensitivity,
        }


#: A function giving the assets-test limits valid on a day (``None``: no test applied).
AssetLimitsLookup = Callable[[date], "AssetLimits | None"]


def _code_table_limits(day: date) -> AssetLimits | None:
    try:
        return asset_limits_for(day)
    except LookupError:
        return None


def estimate(
    household: HouseholdInput,
    *,
    explain: bool = True,
    asset_limits: AssetLimitsLookup | None = None,
) -> Estimate:
    """Estimate DSSP for one household (raises :class:`InvalidHousehold` on errors).

    ``asset_limits`` gives the assets-test limits for the first day of the period; without
    it the code table :data:`ASSET_LIMITS` is used.
    """
    problems = validate(household)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidHousehold(errors)
    return _run([_prepare(household, problems)], explain, asset_limits)[0]


def estimate_many(
    households: Sequence[HouseholdInput],
    *,
    explain: bool = True,
    asset_limits: AssetLimitsLookup | None = None,
) -> list[Estimate]:
    """Estimate many households in one vectorised simulation (one per distinct period).

    Raises :class:`InvalidHousehold` listing the errors of all households, with paths
    prefixed by ``households[i]``. ``asset_limits`` as in :func:`estimate` (called once
    per distinct period).
    """
    # A large batch allocates millions of small, acyclic objects; Python's cyclic garbage
    # collector would run over and over on them. It is paused for the batch and restored.
    pause_gc = len(households) >= _GC_PAUSE_FROM and gc.isenabled()
    if pause_gc:
        gc.disable()
    try:
        prepared = []
        errors: list[FieldProblem] = []
        for i, household in enumerate(households):
            problems = validate(household)
            bad = [p.prefixed(f"households[{i}]") for p in problems if p.severity == "error"]
            if bad:
                errors.extend(bad)
            elif not errors:
                prepared.append(_prepare(household, problems))
        if errors:
            raise InvalidHousehold(errors)
        return _run(prepared, explain, asset_limits)
    finally:
        if pause_gc:
            gc.enable()


_GC_PAUSE_FROM = 500


def _run(
    prepared: list[_Prepared], explain: bool, asset_limits: AssetLimitsLookup | None = None
) -> list[Estimate]:
    limits_for = asset_limits or _code_table_limits
    by_period: dict[str, list[int]] = {}
    for index, prep in enumerate(prepared):
        by_period.setdefault(prep.period, []).append(index)
    results: list[Estimate | None] = [None] * len(prepared)
    version = engine_version()
    for period, indexes in by_period.items():
        group = [prepared[i] for i in indexes]
        raw = _simulate(group, period, explain)
        thresholds = _thresholds(period)
        limits = limits_for(group[0].first_day)
        person_start = 0
        for k, index in enumerate(indexes):
            prep = prepared[index]
            n_members = len(prep.household.members)
            results[index] = _build_estimate(
                prep, raw, k, person_start, n_members, thresholds, limits, version
            )
            person_start += n_members
    return results  # type: ignore[return-value]


def _build_estimate(
    prep: _Prepared,
    raw: dict[str, Any],
    k: int,
    person_start: int,
    n_members: int,
    thresholds: _Thresholds,
    limits: AssetLimits | None,
    version: str,
) -> Estimate:
    out_h, out_p = raw["households"], raw["persons"]
    h = {name: out_h[name][k] for name in HOUSEHOLD_OUTPUTS}
    persons = [
        {name: out_p[name][person_start + i] for name in PERSON_OUTPUTS} for i in range(n_members)
    ]
    components = {name: h[name] for name in COMPONENTS}
    # The engine can return a negative total when its living component is negative (see
    # _reliability); no benefit is negative, so the total is shown as zero and the engine's
    # own value stays in intermediate["dssp"].
    dssp = max(int(h["dssp"]), 0)
    deductions = sum((p["srazka_v_exekuci_nebo_insolvenci"] for p in persons), Decimal("0.00"))
    housing = components["dssp_slozka_na_bydleni"]
    costs = h["dssp_naklady_na_bydleni_za_uzivani_bytu"]
    contribution = (costs - housing) if housing > 0 else None
    sensitivity = None
    if raw["variants"] is not None:
        sensitivity = {v: max(int(raw["variants"][v][k]), 0) for v in _VARIANTS if v != "base"}
    assets = _assets_test(prep.household, prep, limits)
    reasons = _reliability(prep, components)
    explanation = _explain(
        prep, h, persons, components, contribution, thresholds, sensitivity, dssp, deductions
    )
    explanation.extend(_explain_assets(assets, prep))
    missing = [Note(w.code, w.msgid, w.params) for w in prep.warnings]
    if assets.limits is not None and assets.passed is None:
        missing.append(Note("assets_unknown", _EXPLAIN["assets_unknown"]))
    return Estimate(
        period=prep.period,
        engine=ENGINE_PACKAGE,
        engine_version=version,
        dssp=dssp,
        components=components,
        enforcement_deductions=deductions,
        income_after_deductions=h["cisty_penezni_prijem_domacnosti_po_srazkach"],
        intermediate=h,
        persons=persons,
        housing_contribution=contribution,
        assets=assets,
        reliable=not reasons,
        reliability_reasons=reasons,
        explanation=explanation,
        missing=missing,
        warnings=list(prep.warnings),
        sensitivity=sensitivity,
        household=prep.household,
    )


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


def _money(value: Any) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


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
