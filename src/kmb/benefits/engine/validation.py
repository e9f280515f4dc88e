"""Validation of a household's inputs, with translatable problems per field."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_noop

from kmb.benefits.engine.districts import resolve_district
from kmb.benefits.engine.household import (
    _MAX_AGE,
    _MAX_MEMBERS,
    _MAX_MONTHLY_AMOUNT,
    _OWNER_TENURES,
    DISTRICT_RENTS_FROM,
    EMPLOYMENT_CONTRACTS,
    ENGINE_MIN_PERIOD,
    HOUSING_TYPES,
    INCOME_VARIABLES,
    MUNICIPALITY_SIZES,
    ROLES,
    TENURES,
    VULNERABILITY_CODES,
    WORK_ACTIVITIES,
    HouseholdInput,
    Incomes,
    PersonInput,
)
from kmb.benefits.engine.notes import Note, _jsonable


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
