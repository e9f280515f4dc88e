"""The scoring engine: published rules (data) applied to the facts of an application.

A rule set is a list of criteria and a list of exclusions. Each criterion names a *factor*
(a fact measured on the application) and a *scheme* (how points follow from it):

* ``flag``      – ``points`` when the fact holds;
* ``per_unit``  – ``points`` for each unit, at most ``max``;
* ``at_least``  – ``bands`` ``[[threshold, points], …]``: the points of the highest
  threshold the value reaches;
* ``at_most``   – ``bands`` ``[[threshold, points], …]``: the points of the lowest
  threshold the value does not exceed;
* ``choice``    – ``points`` ``{code: points}`` for the value (``other`` otherwise).

An exclusion (``owns_home``, ``debt_to_municipality``) removes the application from the
waiting list while it holds; the score is still computed and shown with the reason.

The same data produce the plain-language text of the portal (``rules_plain``), so what is
published is what is computed.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kmb.core.templatetags.kmb_format import czk

#: factor code → (label, unit kind); unit kinds: flag, count, years, months, czk, percent,
#: code (a housing situation code)
FACTORS: dict[str, tuple[Any, str]] = {
    "housing_situation": (gettext_lazy("current housing situation"), "code"),
    "children": (gettext_lazy("children in the household"), "count"),
    "household_size": (gettext_lazy("persons in the household"), "count"),
    "residence_years": (gettext_lazy("years living in the municipality"), "years"),
    "work_years": (gettext_lazy("years working in the municipality"), "years"),
    "tie_years": (gettext_lazy("years living or working in the municipality"), "years"),
    "permanent_residence": (gettext_lazy("permanent residence in the municipality"), "flag"),
    "register_months": (gettext_lazy("time on the register"), "months"),
    "income_per_person": (gettext_lazy("income per person"), "czk"),
    "rent_burden": (gettext_lazy("share of income spent on current housing"), "percent"),
    "disability": (gettext_lazy("disability or long-term illness in the household"), "flag"),
    "applicant_age": (gettext_lazy("age of the applicant"), "years"),
    "key_profession": (gettext_lazy("works in a key profession"), "flag"),
    "barrier_free_needed": (gettext_lazy("needs a barrier-free flat"), "flag"),
}

EXCLUSIONS: dict[str, Any] = {
    "owns_home": gettext_lazy("owns a flat or a house"),
    "debt_to_municipality": gettext_lazy("owes the municipality (rent, fees)"),
}

SCHEMES = ("flag", "per_unit", "at_least", "at_most", "choice")


@dataclasses.dataclass(frozen=True)
class Facts:
    """What the rules measure on one application (computed on a given day)."""

    housing_situation: str
    children: int
    household_size: int
    residence_years: int
    work_years: int
    permanent_residence: bool
    register_months: int
    income_per_person: int
    rent_burden: int
    disability: bool
    applicant_age: int
    key_profession: bool
    barrier_free_needed: bool
    owns_home: bool
    debt_to_municipality: bool

    @property
    def tie_years(self) -> int:
        return max(self.residence_years, self.work_years)

    def value(self, factor: str):
        return getattr(self, factor)


def age_on(birth: date | None, day: date) -> int:
    if birth is None:
        return 0
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def months_between(start: date | None, day: date) -> int:
    if start is None or start > day:
        return 0
    return (day.year - start.year) * 12 + day.month - start.month - (day.day < start.day)


def facts_of(*, situation: str, members: list[tuple[date | None, str, int, bool]],
             residence_years: int, work_years: int, permanent_residence: bool,
             registered_on: date | None, housing_cost: int, applicant_birth: date | None,
             key_profession: bool, barrier_free_needed: bool, owns_home: bool,
             debt_to_municipality: bool, on: date) -> Facts:
    """``members``: (birth date, relationship, income, disability) of every person."""
    size = max(len(members), 1)
    income = sum(m[2] for m in members)
    children = sum(1 for m in members if m[1] == "child" or (m[0] and age_on(m[0], on) < 18))
    burden = round(100 * housing_cost / income) if income else (100 if housing_cost else 0)
    return Facts(
        housing_situation=situation, children=children, household_size=size,
        residence_years=residence_years, work_years=work_years,
        permanent_residence=permanent_residence,
        register_months=months_between(registered_on, on),
        income_per_person=income // size, rent_burden=min(burden, 999),
        disability=any(m[3] for m in members), applicant_age=age_on(applicant_birth, on),
        key_profession=key_profession, barrier_free_needed=barrier_free_needed,
        owns_home=owns_home, debt_to_municipality=debt_to_municipality)


def _points(criterion: dict, value) -> int:
    scheme = criterion["scheme"]
    if scheme == "flag":
        return int(criterion["points"]) if value else 0
    if scheme == "per_unit":
        return min(int(value) * int(criterion["points"]), int(criterion.get("max", 10 ** 6)))
    if scheme == "at_least":
        got = 0
        for threshold, points in sorted(criterion["bands"], key=lambda b: b[0]):
            if value >= threshold:
                got = points
        return int(got)
    if scheme == "at_most":
        for threshold, points in sorted(criterion["bands"], key=lambda b: b[0]):
            if value <= threshold:
                return int(points)
        return 0
    if scheme == "choice":
        return int(criterion["points"].get(str(value), criterion.get("other", 0)))
    raise ValueError(scheme)


@dataclasses.dataclass
class Score:
    total: int
    breakdown: list[dict]   # [{"code", "value", "points"}] in the order of the rules
    excluded: list[str]     # exclusion codes that hold

    @property
    def eligible(self) -> bool:
        return not self.excluded


def score(criteria: list[dict], exclusions: list[str], facts: Facts) -> Score:
    breakdown = []
    for criterion in criteria:
        value = facts.value(criterion["code"])
        points = _points(criterion, value)
        breakdown.append({"code": criterion["code"],
                          "value": value if not isinstance(value, bool) else int(value),
                          "points": points})
    excluded = [code for code in exclusions if getattr(facts, code, False)]
    return Score(sum(b["points"] for b in breakdown), breakdown, excluded)


# --------------------------------------------------------------------------------------
# Validation of rules entered by staff
# --------------------------------------------------------------------------------------

def rules_problems(criteria: Any, exclusions: Any) -> list[str]:
    """What is wrong with rules (empty when they can be published)."""
    problems: list[str] = []
    if not isinstance(criteria, list) or not criteria:
        return [_("The rules need at least one criterion.")]
    seen = set()
    for i, c in enumerate(criteria, start=1):
        if not isinstance(c, dict) or c.get("code") not in FACTORS:
            problems.append(_("Criterion %(n)s: unknown fact.") % {"n": i})
            continue
        if c["code"] in seen:
            problems.append(_("Criterion %(n)s: the fact is scored twice.") % {"n": i})
        seen.add(c["code"])
        scheme = c.get("scheme")
        try:
            if scheme in ("flag", "per_unit"):
                int(c["points"])
                if scheme == "per_unit":
                    int(c.get("max", 0))
            elif scheme in ("at_least", "at_most"):
                bands = c["bands"]
                if not bands or any(len(b) != 2 for b in bands):
                    raise ValueError
                [(int(a), int(b)) for a, b in bands]
            elif scheme == "choice":
                if not isinstance(c["points"], dict):
                    raise ValueError
                [int(v) for v in c["points"].values()]
            else:
                raise ValueError
        except (KeyError, TypeError, ValueError):
            problems.append(_("Criterion %(n)s: the points are not whole numbers in the "
                              "expected form.") % {"n": i})
    if not isinstance(exclusions, list) or any(e not in EXCLUSIONS for e in exclusions):
        problems.append(_("Unknown exclusion."))
    return problems


# --------------------------------------------------------------------------------------
# Plain language
# --------------------------------------------------------------------------------------

def _amount(kind: str, value) -> str:
    if kind == "years":
        return _("%(n)s years") % {"n": value}
    if kind == "months":
        return _("%(n)s months") % {"n": value}
    if kind == "czk":
        return czk(value)
    if kind == "percent":
        return f"{value} %"
    return str(value)


def _pts(points: int) -> str:
    return _("%(n)s points") % {"n": points}


def situation_labels(*, restricted: bool = False) -> dict[str, str]:
    """Housing situation code → label; ``restricted``: sensitive ones as their ETHOS
    category only."""
    from kmb.cases.models import EthosCategory, HousingSituation

    out = {}
    for s in HousingSituation.objects.all():
        if restricted and s.sensitive:
            out[s.code] = str(EthosCategory(s.ethos_category).label)
        else:
            out[s.code] = s.label
    return out


def criterion_plain(c: dict, situations: dict[str, str] | None = None) -> list[str]:
    """The lines of one criterion in plain language (active language)."""
    label, kind = FACTORS[c["code"]]
    scheme = c["scheme"]
    if scheme == "flag":
        return [_("if it holds: %(points)s") % {"points": _pts(c["points"])}]
    if scheme == "per_unit":
        line = _("%(points)s for each") % {"points": _pts(c["points"])}
        if c.get("max") is not None:
            line += ", " + _("at most %(points)s") % {"points": _pts(c["max"])}
        return [line]
    if scheme == "at_least":
        return [_("%(amount)s or more: %(points)s") % {"amount": _amount(kind, t),
                                                        "points": _pts(p)}
                for t, p in sorted(c["bands"], key=lambda b: b[0]) if p]
    if scheme == "at_most":
        return [_("up to %(amount)s: %(points)s") % {"amount": _amount(kind, t),
                                                      "points": _pts(p)}
                for t, p in sorted(c["bands"], key=lambda b: b[0]) if p]
    if scheme == "choice":
        names = situations if situations is not None else situation_labels()
        lines = [f"{names.get(code, code)}: {_pts(p)}"
                 for code, p in sorted(c["points"].items(), key=lambda kv: -kv[1]) if p]
        if c.get("other"):
            lines.append(_("any other: %(points)s") % {"points": _pts(c["other"])})
        return lines
    return []


def rules_plain(criteria: list[dict], exclusions: list[str]) -> dict:
    """``{"criteria": [{"code", "label", "lines", "max"}], "exclusions": [label]}``."""
    situations = situation_labels() if any(c["scheme"] == "choice" for c in criteria) else {}
    out = []
    for c in criteria:
        out.append({"code": c["code"], "label": str(FACTORS[c["code"]][0]),
                    "lines": criterion_plain(c, situations), "max": criterion_max(c)})
    return {"criteria": out, "exclusions": [str(EXCLUSIONS[e]) for e in exclusions],
            "max_total": sum(x["max"] for x in out)}


def criterion_max(c: dict) -> int:
    scheme = c["scheme"]
    if scheme == "flag":
        return int(c["points"])
    if scheme == "per_unit":
        return int(c.get("max", c["points"]))
    if scheme in ("at_least", "at_most"):
        return max(int(p) for _t, p in c["bands"])
    if scheme == "choice":
        return max([int(v) for v in c["points"].values()] + [int(c.get("other", 0))])
    return 0


def value_plain(code: str, value) -> str:
    """A fact's value for the breakdown (\"why this score\")."""
    kind = FACTORS.get(code, ("", ""))[1]
    if kind == "flag":
        return _("yes") if value else _("no")
    if kind == "code":
        return situation_labels().get(str(value), str(value))
    if kind == "count":
        return str(value)
    return _amount(kind, value)
