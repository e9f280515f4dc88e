"""The navigator: a few questions, then what to do, ordered by urgency.

The answers describe a situation, not a person (where one lives, what threatens, by when,
who lives there, a rough income band, the municipality). They travel from step to step in
the query string of GET requests and are never stored: nothing here writes to the database
or the session. The rules below are plain functions of the answers, so they can be tested
and read without the web layer. Their wording lives in the content (``kmb.portal.content``):
``advice.<code>``, ``benefit.<code>`` and ``doc.<code>``.

What a notice to quit means depends on where and how a person lives, so the advice does
too: a flat lease (OZ § 2286–2291), an accommodation contract in a hostel, which is not a
lease (OZ § 2326 ff.), living with family or without a contract, and an owner whose home
may be sold in enforcement each get their own text. The housing-support register is
offered only where the household's income can be within the act's limit, computed from
the household's living minimum and the dated multiple (see :func:`register_outlook`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.http import QueryDict
from django.utils.http import urlencode

STEPS: tuple[str, ...] = (
    "housing", "threat", "when", "municipality", "household", "income", "benefits",
)

CHOICES: dict[str, tuple[str, ...]] = {
    "housing": ("rented", "owner", "family", "hostel", "shelter", "institution", "none",
                "other"),
    "threat": ("notice", "arrears", "debts", "must_leave", "violence", "unfit", "looking",
               "other"),
    "when": ("now", "week", "month", "quarter", "later", "no_risk"),
    "household": ("alone", "partner", "children", "senior", "disability", "other_adults"),
    "income": ("none", "under_10k", "under_20k", "under_35k", "over_35k", "unknown"),
    "benefits": ("receiving", "applied", "no", "unknown"),
}
MULTIPLE = frozenset({"threat", "household"})
UNKNOWN_DISTRICT = "unknown"
_MAX_CODE = 10


class Urgency(enum.IntEnum):
    TONIGHT = 0
    WEEK = 1
    SOON = 2

    @property
    def code(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Answers:
    housing: str = ""
    threat: tuple[str, ...] = ()
    when: str = ""
    municipality: str = ""  # RÚIAN code of the municipality
    district: str = ""  # RÚIAN code of the city district, or UNKNOWN_DISTRICT
    household: tuple[str, ...] = ()
    income: str = ""
    benefits: str = ""

    @classmethod
    def from_query(cls, query: QueryDict | Mapping) -> Answers:
        """Read the answers from a query string; anything unknown is dropped, never an error."""
        values: dict = {}
        for name, allowed in CHOICES.items():
            if name in MULTIPLE:
                raw = query.getlist(name) if hasattr(query, "getlist") else query.get(name, [])
                values[name] = tuple(c for c in allowed if c in set(raw or ()))
            else:
                value = query.get(name, "")
                values[name] = value if value in allowed else ""
        values["municipality"] = _code(query.get("municipality"))
        district = query.get("district") or ""
        values["district"] = district if district == UNKNOWN_DISTRICT else _code(district)
        return cls(**values)

    def with_(self, **changes) -> Answers:
        return replace(self, **changes)

    def items(self) -> list[tuple[str, str]]:
        """The answers as (name, value) pairs: hidden inputs and query strings."""
        pairs: list[tuple[str, str]] = []
        for name in ("housing", "threat", "when", "municipality", "district", "household",
                     "income", "benefits"):
            value = getattr(self, name)
            if isinstance(value, tuple):
                pairs.extend((name, v) for v in value)
            elif value:
                pairs.append((name, value))
        return pairs

    def query(self, **extra: str) -> str:
        return urlencode(self.items() + [(k, v) for k, v in extra.items() if v])

    @property
    def effective_when(self) -> str:
        return "now" if self.housing == "none" else self.when

    def answered(self, step: str) -> bool:
        if step == "municipality":
            return bool(self.municipality)
        return bool(getattr(self, step))


def _code(value) -> str:
    value = str(value or "").strip()
    return value if value.isdigit() and len(value) <= _MAX_CODE else ""


# --------------------------------------------------------------------------------------
# The order of the steps
# --------------------------------------------------------------------------------------

def applies(step: str, answers: Answers) -> bool:
    """Whether a step is asked at all: someone with nowhere to sleep is not asked by when."""
    if step in ("threat", "when"):
        return answers.housing != "none"
    return step in STEPS


def next_step(step: str, answers: Answers) -> str | None:
    """The step after ``step`` (``None``: the result)."""
    for candidate in STEPS[STEPS.index(step) + 1:]:
        if applies(candidate, answers):
            return candidate
    return None


def previous_step(step: str, answers: Answers) -> str | None:
    for candidate in reversed(STEPS[:STEPS.index(step)]):
        if applies(candidate, answers):
            return candidate
    return None


def step_number(step: str, answers: Answers) -> tuple[int, int]:
    """(n, total) of the steps that apply, for "Question 2 of 6"."""
    asked = [s for s in STEPS if applies(s, answers)]
    return asked.index(step) + 1, len(asked)


# --------------------------------------------------------------------------------------
# What to do
# --------------------------------------------------------------------------------------

# Within one urgency, advice appears in this order: safety, then deadlines, then the rest.
ADVICE_ORDER: tuple[str, ...] = (
    "emergency_night", "danger", "contact_point",
    "notice_lease", "notice_hostel", "notice_family", "notice_owner", "notice",
    "arrears_lease", "arrears", "must_leave", "debts",
    "children", "unfit", "looking", "register", "seniors", "disability", "other",
)
# The notice-to-quit advice by the housing answer; anything else gets the general text,
# which says that the rules depend on the contract.
NOTICE_BY_HOUSING = {"rented": "notice_lease", "hostel": "notice_hostel",
                     "family": "notice_family", "owner": "notice_owner"}
# The arrears advice: a tenant's repeats the notice rules of a lease (§ 2291).
ARREARS_BY_HOUSING = {"rented": "arrears_lease"}
# Without a "notice" answer, these threats still bring the housing's own text: the end
# of a stay in a hostel or with family, or the sale of an owner's home in enforcement.
LOSS_THREATS = {"hostel": frozenset({"must_leave", "arrears"}),
                "family": frozenset({"must_leave"}),
                "owner": frozenset({"debts", "arrears", "must_leave"})}
RISKS = frozenset({"notice", "arrears", "must_leave", "violence"})
INSECURE_HOUSING = frozenset({"none", "family", "hostel", "shelter", "institution", "other"})
LOW_INCOME = frozenset({"none", "under_10k", "under_20k", "unknown", ""})


@dataclass(frozen=True)
class Item:
    key: str
    urgency: Urgency


@dataclass(frozen=True)
class Plan:
    items: tuple[Item, ...]
    benefits: tuple[str, ...]
    documents: tuple[str, ...]
    topics: tuple[str, ...]
    service_categories: tuple[str, ...] = field(default=())
    register: RegisterOutlook | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)

    def by_urgency(self) -> list[tuple[Urgency, list[Item]]]:
        return [(u, [i for i in self.items if i.urgency == u]) for u in Urgency
                if any(i.urgency == u for i in self.items)]


def _deadline_urgency(when: str) -> Urgency:
    if when == "now":
        return Urgency.TONIGHT
    if when in ("week", "month"):
        return Urgency.WEEK
    return Urgency.SOON


def _advice(a: Answers, outlook: RegisterOutlook | None) -> dict[str, Urgency]:
    when = a.effective_when
    threats = set(a.threat)
    deadline = _deadline_urgency(when)
    found: dict[str, Urgency] = {}
    if when == "now":
        found["emergency_night"] = Urgency.TONIGHT
    if "violence" in threats:
        found["danger"] = Urgency.TONIGHT
    found["contact_point"] = min(deadline, Urgency.WEEK if threats & RISKS else Urgency.SOON)
    if "notice" in threats:
        found[NOTICE_BY_HOUSING.get(a.housing, "notice")] = min(deadline, Urgency.WEEK)
    elif threats & LOSS_THREATS.get(a.housing, frozenset()):
        found[NOTICE_BY_HOUSING[a.housing]] = min(deadline, Urgency.WEEK)
    if "arrears" in threats:
        found[ARREARS_BY_HOUSING.get(a.housing, "arrears")] = min(deadline, Urgency.WEEK)
    if "must_leave" in threats or a.housing == "institution":
        found["must_leave"] = deadline
    if "debts" in threats:
        found["debts"] = min(deadline, Urgency.WEEK) if threats & RISKS else Urgency.SOON
    if "children" in a.household:
        found["children"] = min(deadline, Urgency.WEEK) if when in ("now", "week") else (
            Urgency.SOON)
    if "unfit" in threats:
        found["unfit"] = Urgency.SOON
    needs_home = a.housing in INSECURE_HOUSING or threats & {"notice", "must_leave", "looking"}
    if needs_home:
        found["looking"] = Urgency.SOON
    if (a.housing in INSECURE_HOUSING or threats & {"notice", "must_leave", "unfit", "violence"}
            ) and (outlook is None or outlook.status != "unlikely"):
        found["register"] = Urgency.SOON
    if "senior" in a.household:
        found["seniors"] = Urgency.SOON
    if "disability" in a.household:
        found["disability"] = Urgency.SOON
    if not threats - {"other"} and a.housing != "none":
        found["other"] = Urgency.SOON
    return found


def _benefits(a: Answers) -> list[str]:
    found = []
    # a larger household with a middle income may still get the benefit
    low = a.income in LOW_INCOME or (
        a.income == "under_35k" and bool({"children", "partner", "other_adults"}
                                         & set(a.household)))
    if a.benefits in ("receiving", "applied"):
        found.append("dssp_change")
    elif low or "arrears" in a.threat:
        found.append("dssp")
    if a.effective_when in ("now", "week") or (
            {"looking", "must_leave"} & set(a.threat) and a.income in LOW_INCOME):
        found.append("mop")
    if {"senior", "disability"} & set(a.household):
        found.append("care")
    return found


def _documents(a: Answers, benefits: list[str]) -> list[str]:
    threats = set(a.threat)
    docs = ["id"]
    if a.housing in ("rented", "family", "hostel") or threats & {"notice", "arrears"}:
        docs.append("lease")
    if threats & {"notice", "must_leave"}:
        docs.append("notice")
    if "arrears" in threats:
        docs.append("arrears")
    if benefits or "looking" in threats:
        docs.append("income")
    if "debts" in threats:
        docs.append("debts")
    if a.benefits in ("receiving", "applied"):
        docs.append("benefits")
    if {"senior", "disability"} & set(a.household):
        docs.append("health")
    return docs


_TOPICS = {
    "notice": "notice_to_quit", "arrears": "rent_arrears", "debts": "debts_enforcement",
    "violence": "domestic_violence", "unfit": "unfit_housing", "looking": "looking_for_housing",
    "other": "other",
}
_MUST_LEAVE_TOPIC = {"hostel": "hostel_ending", "institution": "leaving_institution"}


def _topics(a: Answers, benefits: list[str]) -> list[str]:
    codes = [_TOPICS[t] for t in a.threat if t in _TOPICS]
    if "must_leave" in a.threat or a.housing == "institution":
        codes.append(_MUST_LEAVE_TOPIC.get(a.housing, "looking_for_housing"))
    if a.housing == "none":
        codes.append("crisis")
    if "dssp" in benefits or "mop" in benefits:
        codes.append("benefits")
    return list(dict.fromkeys(codes))


_CATEGORIES = {
    "emergency_night": ("night_shelter", "shelter"),
    "danger": ("domestic_violence", "crisis_help"),
    "notice": ("legal_counselling",),
    "notice_lease": ("legal_counselling",),
    "notice_hostel": ("legal_counselling", "shelter"),
    "notice_family": ("legal_counselling",),
    "notice_owner": ("debt_counselling", "insolvency"),
    "arrears": ("debt_counselling", "legal_counselling", "foundation_funds"),
    "arrears_lease": ("debt_counselling", "legal_counselling", "foundation_funds"),
    "debts": ("debt_counselling", "insolvency"),
    "must_leave": ("shelter",),
    "looking": ("social_rental_agency", "foundation_funds"),
    "children": ("family_support",),
    "seniors": ("seniors",),
}


def plan_for(answers: Answers, limits: IncomeLimits | None = None) -> Plan:
    """What to do, ordered by urgency, and what to check and bring.

    ``limits`` are the dated parameters of the housing-support income limit valid today;
    without them the register is offered with its conditions but without a figure.
    """
    outlook = register_outlook(answers, limits) if limits is not None else None
    advice = _advice(answers, outlook)
    items = sorted((Item(key, urgency) for key, urgency in advice.items()),
                   key=lambda i: (i.urgency, ADVICE_ORDER.index(i.key)))
    benefits = _benefits(answers)
    categories = [c for i in items for c in _CATEGORIES.get(i.key, ())]
    if answers.income in ("none", "under_10k"):
        categories.append("food_bank")
    return Plan(items=tuple(items), benefits=tuple(benefits),
                documents=tuple(_documents(answers, benefits)),
                topics=tuple(_topics(answers, benefits)),
                service_categories=tuple(dict.fromkeys(categories)),
                register=outlook if "register" in advice else None)


# --------------------------------------------------------------------------------------
# The housing-support register: whether the income can be within the limit
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IncomeLimits:
    """The dated parameters the register's income limit is computed from (CZK a month).

    ``multiple`` is the act's multiple of the household's living minimum (zákon 175/2025
    Sb.; a dated parameter flagged "to be confirmed"); the rest is the living minimum
    (zákon 110/2006 Sb.) of a person living alone, of the first and of a further adult,
    and the lowest amount for a dependent child.
    """

    multiple: Decimal
    single: Decimal
    first_adult: Decimal
    further_adult: Decimal
    child_lowest: Decimal
    to_be_confirmed: bool = True


@dataclass(frozen=True)
class RegisterOutlook:
    """``likely``: the whole income band is within the limit; ``unlikely``: the household
    is known exactly and the whole band is above it; ``possible`` otherwise. ``limit`` is
    the limit of the household as answered: exact, or at least this much when the number
    of children or other adults is not known."""

    status: str
    limit: Decimal | None
    exact: bool


# The income bands of the navigator, as (lowest, highest) CZK a month.
INCOME_BANDS: dict[str, tuple[Decimal, Decimal | None]] = {
    "none": (Decimal(0), Decimal(0)),
    "under_10k": (Decimal(0), Decimal(10000)),
    "under_20k": (Decimal(10000), Decimal(20000)),
    "under_35k": (Decimal(20000), Decimal(35000)),
    "over_35k": (Decimal(35000), None),
}


def household_living_minimum(household: tuple[str, ...], limits: IncomeLimits
                             ) -> tuple[Decimal, bool]:
    """The living minimum of the household as answered, and whether it is exact.

    A person alone counts as living alone; otherwise the person answering is the first
    adult, a partner a further adult, and "children" or "other adults" at least one each
    (zákon 110/2006 Sb., § 2 and § 3). Only "alone" or "alone with a partner" is exact:
    the other answers do not say how many people they are, so the minimum is a floor.
    """
    chosen = set(household)
    if not chosen:
        return limits.single, False
    if chosen == {"alone"}:
        return limits.single, True
    total = limits.first_adult
    if "partner" in chosen:
        total += limits.further_adult
    if "other_adults" in chosen:
        total += limits.further_adult
    if "children" in chosen:
        total += limits.child_lowest
    return total, chosen == {"partner"}


def register_outlook(answers: Answers, limits: IncomeLimits) -> RegisterOutlook:
    """Whether the household's income can be within the register's income limit.

    Indicative only: the contact point checks the real figures and the Labour Office's
    binding opinion decides (zákon 175/2025 Sb., § 18 and § 19).
    """
    living_minimum, exact = household_living_minimum(answers.household, limits)
    limit = (living_minimum * limits.multiple).quantize(Decimal(1))
    band = INCOME_BANDS.get(answers.income)
    if band is None:
        return RegisterOutlook("possible", limit, exact)
    lowest, highest = band
    if highest is not None and highest <= limit:
        return RegisterOutlook("likely", limit, exact)
    if exact and lowest > limit:
        return RegisterOutlook("unlikely", limit, exact)
    return RegisterOutlook("possible", limit, exact)
