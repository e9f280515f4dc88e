"""Deadlines of the register procedure, computed to the day (pure functions, no database).

The rules are those of the administrative procedure code (zákon 500/2004 Sb., správní řád,
"SŘ"), which applies wherever the housing-support act (zákon 175/2025 Sb.) sets nothing
else. The number of days of each period is an argument: the caller reads it from the dated
parameters (``kmb.register.params``) so that an administrator can correct it.

Counting (SŘ § 40 odst. 1):

* a period in days starts on the day after the event that sets it running (písm. a);
* a period ending on a Saturday, a Sunday or a public holiday ends on the next working day
  (písm. c). Czech public holidays come from the ``holidays`` package.

Suspension (SŘ § 65 odst. 1): while the procedure is suspended the period for the decision
does not run. A suspension is given as the first and the last day on which the clock stood
still (both inclusive); counting resumes on the day after the last one.

Deemed delivery (SŘ § 24 odst. 1): a letter not collected within 10 days from the day it
was ready for collection is delivered on the last day of those 10 days. The prevailing
reading is that this day is *not* moved to a working day (the fiction is not a period for
an act of a party); ``move_to_working_day`` lets an office follow the other reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

# Legal basis of each deadline, shown next to it (Czech citations: they are citations).
BASIS_DECISION = "zákon 500/2004 Sb., § 71 odst. 1 a 3, § 40 odst. 1"
BASIS_DECISION_EXTENDED = "zákon 500/2004 Sb., § 71 odst. 3 písm. a), § 40 odst. 1"
BASIS_SUSPENSION = "zákon 500/2004 Sb., § 64 a § 65 odst. 1"
BASIS_REMEDY = "zákon 500/2004 Sb., § 45 odst. 2, § 39 odst. 1"
BASIS_EVIDENCE = "zákon 500/2004 Sb., § 36 odst. 3, § 39 odst. 1"
BASIS_DELIVERY = "zákon 500/2004 Sb., § 24 odst. 1"
BASIS_APPEAL = "zákon 500/2004 Sb., § 83 odst. 1, § 40 odst. 1"
BASIS_VALIDITY = "zákon 175/2025 Sb., § 23"


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("CZ", years=year).keys())


def is_public_holiday(day: date) -> bool:
    return day in _holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Czech public holiday (zákon 245/2000 Sb.)."""
    return day.weekday() < 5 and not is_public_holiday(day)


def next_working_day_from(day: date) -> date:
    """``day`` itself if it is a working day, else the next working day (SŘ § 40/1/c)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class Suspension:
    """Days on which the clock of the decision stood still, both ends inclusive.

    ``last`` is ``None`` while the procedure is still suspended.
    """

    first: date
    last: date | None = None

    def covers(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


def _counted_end(start: date, days: int, suspensions: Sequence[Suspension]) -> date | None:
    """The ``days``-th day after ``start`` not covered by a suspension (``None``: open-ended
    suspension that the count runs into)."""
    if days < 0:
        raise ValueError("A period cannot be negative.")
    if not suspensions:
        return start + timedelta(days=days)
    day = start
    remaining = days
    ordered = sorted(suspensions, key=lambda s: s.first)
    while remaining:
        day += timedelta(days=1)
        covering = next((s for s in ordered if s.covers(day)), None)
        if covering is None:
            remaining -= 1
        elif covering.last is None:
            return None
        else:
            day = covering.last
    return day


def period_end(start: date, days: int, suspensions: Iterable[Suspension] = ()) -> date | None:
    """The last day of a period of ``days`` days set running by an event on ``start``.

    Counting starts on the day after ``start``; suspended days do not count; the end moves
    to the next working day. ``None`` while an open suspension stops the clock.
    """
    end = _counted_end(start, days, tuple(suspensions))
    return None if end is None else next_working_day_from(end)


def deemed_delivery(ready_on: date, days: int = 10, *, move_to_working_day: bool = False) -> date:
    """The day an uncollected letter counts as delivered (SŘ § 24 odst. 1)."""
    end = ready_on + timedelta(days=days)
    return next_working_day_from(end) if move_to_working_day else end


def days_left(due: date, today: date) -> int:
    """Calendar days from ``today`` to ``due`` (negative: overdue)."""
    return (due - today).days


@dataclass(frozen=True)
class Deadline:
    """A computed deadline with its kind and legal basis."""

    kind: str
    due: date | None
    basis: str


def decision_deadline(filed_on: date, *, days: int = 30, extension_days: int = 30,
                      extended: bool = False,
                      suspensions: Iterable[Suspension] = ()) -> Deadline:
    """When the decision (or the entry) is due: ``days`` from the filing of a complete
    application, ``days + extension_days`` with an inquiry or in a complex case
    (SŘ § 71 odst. 3), suspended days not counted."""
    total = days + (extension_days if extended else 0)
    return Deadline(kind="decision", due=period_end(filed_on, total, suspensions),
                    basis=BASIS_DECISION_EXTENDED if extended else BASIS_DECISION)


def appeal_deadline(delivered_on: date, *, days: int = 15) -> Deadline:
    """The last day to appeal: ``days`` from the delivery of the decision (SŘ § 83 odst. 1)."""
    return Deadline(kind="appeal", due=period_end(delivered_on, days), basis=BASIS_APPEAL)


def remedy_deadline(delivered_on: date, *, days: int) -> Deadline:
    """The period the authority set to remedy the defects of the application (SŘ § 45/2)."""
    return Deadline(kind="remedy", due=period_end(delivered_on, days), basis=BASIS_REMEDY)


def evidence_deadline(delivered_on: date, *, days: int) -> Deadline:
    """The period to see the evidence and comment before the decision (SŘ § 36 odst. 3)."""
    return Deadline(kind="evidence", due=period_end(delivered_on, days), basis=BASIS_EVIDENCE)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the last day of a shorter month (SŘ § 40/1/b)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def validity_end(entered_on: date, *, months: int) -> Deadline:
    """The last day of validity of an entry in the register (zákon 175/2025 Sb., § 23)."""
    return Deadline(kind="validity", due=add_months(entered_on, months), basis=BASIS_VALIDITY)
