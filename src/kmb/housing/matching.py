"""Matching households with flats, both ways, by rules kept as data (``rules/v*.yaml``).

Hard criteria filter (size against persons, barrier-free access, pets, affordability,
dates, consent); soft criteria give points (urgency, location, time waiting, size).
Every criterion of every candidate gets an explanation: a code, whether it holds and
the figures, rendered into plain language in the reader's language. Nothing is decided
here: the ranking is shown, an adviser proposes.

The ranking works on plain tuples loaded with one query, so one flat against ten
thousand households stays well within a page's time (see ``benchmarks/``).
"""

from __future__ import annotations

import contextlib
import functools
import gc
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kmb.core.templatetags.kmb_format import czk

RULES_DIR = Path(__file__).resolve().parent / "rules"

#: Monthly housing costs (rent, services and energy) at which the DSSP estimate is run for
#: a household's affordability table; every table has exactly these rows.
COST_GRID = tuple(range(2000, 40001, 2000))


def grid_bracket(cost: int) -> tuple[int, int]:
    """The indexes of the two rows of :data:`COST_GRID` around ``cost`` (clamped)."""
    for i in range(1, len(COST_GRID)):
        if cost <= COST_GRID[i]:
            return i - 1, i
    return len(COST_GRID) - 2, len(COST_GRID) - 1


@dataclass(frozen=True)
class RuleSet:
    version: int
    valid_from: date
    source: str
    hard: dict[str, Any]
    soft: dict[str, Any]
    text: str


@functools.cache
def rule_sets() -> tuple[RuleSet, ...]:
    """All versions of the rules, oldest first."""
    found = []
    for path in sorted(RULES_DIR.glob("v*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        found.append(RuleSet(version=int(data["version"]), valid_from=data["valid_from"],
                             source=data.get("source", ""), hard=data["hard"],
                             soft=data["soft"], text=text))
    return tuple(sorted(found, key=lambda r: r.valid_from))


def rules_on(day: date | None = None) -> RuleSet:
    day = day or timezone.localdate()
    valid = [r for r in rule_sets() if r.valid_from <= day]
    return valid[-1] if valid else rule_sets()[0]


def rules_version(version: int) -> RuleSet | None:
    return next((r for r in rule_sets() if r.version == version), None)


# --------------------------------------------------------------------------------------
# What is compared
# --------------------------------------------------------------------------------------

@dataclass
class FlatFacts:
    id: int
    rooms: int
    layout: str
    area: float
    rent: int
    cost: int
    barrier_free: bool
    pets_allowed: bool
    available_from: date | None
    municipality_id: int
    municipality_name: str
    district_id: int


@dataclass
class NeedsFacts:
    id: int
    client_id: int
    persons: int
    barrier_free_needed: bool
    has_pets: bool
    earliest_move_in: date | None
    housing_loss_date: date | None
    consent: bool
    income: int | None
    #: [[monthly housing cost, housing component], …] sorted by cost
    affordability: list
    municipality_ids: frozenset
    district_ids: frozenset
    waiting_since: date


@dataclass
class Match:
    """One candidate: its score, whether every hard criterion holds, and why."""

    flat_id: int
    needs_id: int
    client_id: int
    eligible: bool
    score: int
    items: list[tuple[str, bool, dict]] = field(default_factory=list)

    def explanation(self) -> list[dict[str, Any]]:
        return [explain_item(code, ok, values) for code, ok, values in self.items]


def housing_component(table: list, cost: int) -> int | None:
    """The estimated housing component for ``cost``, interpolated in the DSSP table."""
    if not table:
        return None
    c0, h0 = table[0]
    if cost <= c0:
        return int(h0)
    for c1, h1 in table:  # a short table: a plain scan beats building a list to bisect
        if cost <= c1:
            return int(round(h0 + (h1 - h0) * (cost - c0) / (c1 - c0))) if c1 != c0 else int(h1)
        c0, h0 = c1, h1
    return int(h0)


# --------------------------------------------------------------------------------------
# Criteria
# --------------------------------------------------------------------------------------

def _size(rules: RuleSet, f: FlatFacts, n: NeedsFacts, items: list) -> bool:
    h = rules.hard
    values = {"persons": n.persons, "layout": f.layout, "area": f.area}
    if n.persons > f.rooms * h["max_persons_per_room"] or \
            f.area < n.persons * h["min_m2_per_person"]:
        items.append(("size_small", False, {**values, "max": h["max_persons_per_room"],
                                            "m2": h["min_m2_per_person"]}))
        return False
    if f.rooms > n.persons + h["max_extra_rooms"]:
        items.append(("size_large", False, {**values, "extra": h["max_extra_rooms"]}))
        return False
    items.append(("size_fits", True, values))
    return True


def _access(f: FlatFacts, n: NeedsFacts, items: list) -> bool:
    ok = True
    if n.barrier_free_needed:
        ok = f.barrier_free
        items.append(("barrier_free" if ok else "barrier_missing", ok, {}))
    if n.has_pets:
        items.append(("pets_ok" if f.pets_allowed else "pets_refused", f.pets_allowed, {}))
        ok = ok and f.pets_allowed
    return ok


def _afford(rules: RuleSet, f: FlatFacts, n: NeedsFacts, items: list) -> bool:
    component = housing_component(n.affordability, f.cost)
    if component is None or not n.income:
        items.append(("afford_unknown", False, {}))
        return False
    own = max(f.cost - component, 0)
    share = own / n.income
    limit = rules.hard["max_own_share_of_income"]
    values = {"rent": f.rent, "cost": f.cost, "component": component, "own": own,
              "share": round(share * 100), "limit": round(limit * 100), "income": n.income}
    ok = share <= limit
    items.append(("afford_ok" if ok else "afford_no", ok, values))
    return ok


def _dates(rules: RuleSet, f: FlatFacts, n: NeedsFacts, today: date, items: list) -> bool:
    ready = max(n.earliest_move_in or today, today)
    free = max(f.available_from or today, today)
    wait = (free - ready).days
    limit = rules.hard["max_days_to_wait"]
    values = {"free": free, "ready": ready, "days": limit}
    ok = wait <= limit
    items.append(("dates_ok" if ok else "dates_late", ok, values))
    return ok


def _soft(rules: RuleSet, f: FlatFacts, n: NeedsFacts, today: date, items: list) -> int:
    s = rules.soft
    total = 0
    points = 0
    if n.housing_loss_date:
        days = (n.housing_loss_date - today).days
        share = next((sh for limit, sh in s["urgency"]["bands"] if days <= limit), 0)
        points = round(s["urgency"]["weight"] * share)
        items.append(("urgency", True, {"date": n.housing_loss_date, "points": points}))
    else:
        items.append(("urgency_none", True, {"points": 0}))
    total += points
    loc = s["location"]
    if f.municipality_id in n.municipality_ids:
        points = round(loc["weight"] * loc["municipality"])
        items.append(("location_municipality", True, {"name": f.municipality_name,
                                                      "points": points}))
    elif f.district_id in n.district_ids:
        points = round(loc["weight"] * loc["district"])
        items.append(("location_district", True, {"name": f.municipality_name,
                                                  "points": points}))
    else:
        points = 0
        items.append(("location_other", True, {"name": f.municipality_name, "points": 0}))
    total += points
    days = max((today - n.waiting_since).days, 0)
    points = round(s["waiting"]["weight"] * min(days / s["waiting"]["full_after_days"], 1))
    items.append(("waiting", True, {"days": days, "points": points}))
    total += points
    if f.rooms in (n.persons, max(n.persons - 1, 1)):
        points = s["size"]["weight"]
        items.append(("size_exact", True, {"points": points}))
        total += points
    return total


def evaluate(rules: RuleSet, f: FlatFacts, n: NeedsFacts, today: date) -> Match:
    items: list = []
    eligible = _size(rules, f, n, items)
    eligible = _access(f, n, items) and eligible
    eligible = _afford(rules, f, n, items) and eligible
    eligible = _dates(rules, f, n, today, items) and eligible
    if not n.consent:
        items.append(("consent_missing", False, {}))
        eligible = False
    else:
        items.append(("consent", True, {}))
    score = _soft(rules, f, n, today, items)
    return Match(flat_id=f.id, needs_id=n.id, client_id=n.client_id, eligible=eligible,
                 score=score, items=items)


@contextlib.contextmanager
def no_gc():
    """Thousands of small acyclic objects (rows, facts, explanations): the cyclic garbage
    collector would only add pauses, so it waits until the ranking is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def rank(rules: RuleSet, pairs, today: date | None = None, *, only_eligible: bool = True
         ) -> list[Match]:
    """Evaluate (flat, needs) pairs; eligible first, by score, then longest waiting."""
    today = today or timezone.localdate()
    with no_gc():
        results = [evaluate(rules, f, n, today) for f, n in pairs]
    if only_eligible:
        results = [m for m in results if m.eligible]
    results.sort(key=lambda m: (not m.eligible, -m.score))
    return results


# --------------------------------------------------------------------------------------
# Plain language
# --------------------------------------------------------------------------------------

MESSAGES = {
    "size_fits": gettext_noop("fits: {persons} persons in {layout}, {area} m²"),
    "size_small": gettext_noop(
        "too small: {persons} persons in {layout}, {area} m² (at most {max} persons per room "
        "and at least {m2} m² per person)"),
    "size_large": gettext_noop(
        "too large: {persons} persons in {layout} (at most {extra} room more than persons)"),
    "barrier_free": gettext_noop("barrier-free access needed: the flat has it"),
    "barrier_missing": gettext_noop("barrier-free access needed: the flat does not have it"),
    "pets_ok": gettext_noop("the household has pets: the owner allows them"),
    "pets_refused": gettext_noop("the household has pets: the owner does not allow them"),
    "afford_ok": gettext_noop(
        "affordable: rent {rent} (housing costs {cost}) with an estimated housing component "
        "of {component}; the household pays {own}, {share} % of its income {income} (at most "
        "{limit} %)"),
    "afford_no": gettext_noop(
        "not affordable: rent {rent} (housing costs {cost}) with an estimated housing "
        "component of {component}; the household would pay {own}, {share} % of its income "
        "{income} (at most {limit} %)"),
    "afford_unknown": gettext_noop(
        "affordability unknown: record a DSSP estimate for the client and refresh the needs"),
    "dates_ok": gettext_noop("dates: free from {free}, the household can move in from {ready}"),
    "dates_late": gettext_noop(
        "dates: free only from {free}, more than {days} days after the household can move "
        "in ({ready})"),
    "consent": gettext_noop("consent to share an anonymised profile with owners: given"),
    "consent_missing": gettext_noop(
        "consent to share an anonymised profile with owners: missing"),
    "urgency": gettext_noop("urgency: housing lost by {date} ({points} points)"),
    "urgency_none": gettext_noop("urgency: no date of housing loss ({points} points)"),
    "location_municipality": gettext_noop(
        "location: {name} is a preferred municipality ({points} points)"),
    "location_district": gettext_noop(
        "location: {name} lies in a preferred district ({points} points)"),
    "location_other": gettext_noop("location: {name} is not among the preferences ({points} "
                                   "points)"),
    "waiting": gettext_noop("waiting: looking for a flat for {days} days ({points} points)"),
    "size_exact": gettext_noop("size: the rooms match the household ({points} points)"),
}

_MONEY = {"rent", "cost", "component", "own", "income"}


def _show(key: str, value: Any) -> str:
    if key in _MONEY:
        return czk(value)
    if isinstance(value, date):
        return f"{value.day}. {value.month}. {value.year}"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        return f"{day.day}. {day.month}. {day.year}"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def explain_item(code: str, ok: bool, values: dict) -> dict[str, Any]:
    text = _(MESSAGES[code]).format(**{k: _show(k, v) for k, v in values.items()})
    return {"code": code, "ok": ok, "text": text}


def explanation_json(match: Match) -> list[dict[str, Any]]:
    """What a proposal stores: codes and figures (to render in any language later)."""
    return [{"code": code, "ok": ok,
             "values": {k: (v.isoformat() if isinstance(v, date) else v)
                        for k, v in values.items()}}
            for code, ok, values in match.items]


def explanation_from_json(items: list[dict]) -> list[dict[str, Any]]:
    return [explain_item(i["code"], i["ok"], i.get("values", {})) for i in items
            if i.get("code") in MESSAGES]
