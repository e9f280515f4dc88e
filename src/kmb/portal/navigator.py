"""The navigator: a few questions, then what to do, ordered by urgency.

The answers describe a situation, not a person (where one lives, what threatens, by when,
who lives there, a rough income band, the municipality). They travel from step to step in
the query string of GET requests and are never stored: nothing here writes to the database
or the session. The rules below are plain functions of the answers, so they can be tested
and read without the web layer. Their wording lives in the content (``kmb.portal.content``):
``advice.<code>``, ``benefit.<code>`` and ``doc.<code>``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

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
    "emergency_night", "danger", "contact_point", "notice", "arrears", "must_leave", "debts",
    "children", "unfit", "looking", "register", "seniors", "disability", "other",
)
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

    def by_urgency(self) -> list[tuple[Urgency, list[Item]]]:
        return [(u, [i for i in self.items if i.urgency == u]) for u in Urgency
                if any(i.urgency == u for i in self.items)]


def _deadline_urgency(when: str) -> Urgency:
    if when == "now":
        return Urgency.TONIGHT
    if when in ("week", "month"):
        return Urgency.WEEK
    return Urgency.SOON


def _advice(a: Answers) -> dict[str, Urgency]:
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
        found["notice"] = min(deadline, Urgency.WEEK)
    if "arrears" in threats:
        found["arrears"] = min(deadline, Urgency.WEEK)
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
            ) and a.income != "over_35k":
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
    "arrears": ("debt_counselling", "legal_counselling"),
    "debts": ("debt_counselling", "insolvency"),
    "must_leave": ("shelter",),
    "looking": ("social_rental_agency", "foundation_funds"),
    "children": ("family_support",),
    "seniors": ("seniors",),
}


def plan_for(answers: Answers) -> Plan:
    """What to do, ordered by urgency, and what to check and bring."""
    advice = _advice(answers)
    items = sorted((Item(key, urgency) for key, urgency in advice.items()),
                   key=lambda i: (i.urgency, ADVICE_ORDER.index(i.key)))
    benefits = _benefits(answers)
    categories = [c for i in items for c in _CATEGORIES.get(i.key, ())]
    if answers.income in ("none", "under_10k"):
        categories.append("food_bank")
    return Plan(items=tuple(items), benefits=tuple(benefits),
                documents=tuple(_documents(answers, benefits)),
                topics=tuple(_topics(answers, benefits)),
                service_categories=tuple(dict.fromkeys(categories)))
