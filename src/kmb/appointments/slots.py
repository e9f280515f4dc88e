"""Which days a contact point is closed and which appointment slots are free.

A slot is a stretch of ``slot_minutes`` inside a block of opening hours, on a day that is
neither a Czech public holiday nor a closure, far enough ahead, within the booking
horizon, and free for at least one adviser who is available then. An office that has not
set any adviser's availability books its advisers for all of its hours.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone
from django.utils.translation import gettext as _

from kmb.appointments.models import (
    HOLDING,
    Appointment,
    Availability,
    Closure,
    OfficeCalendar,
    OpeningHours,
)
from kmb.core.permissions import Role

#: how many free slots the portal offers at once
OFFERED = 8


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime

    @property
    def key(self) -> str:
        return timezone.localtime(self.starts_at).strftime("%Y-%m-%dT%H:%M")


@lru_cache(maxsize=64)
def _czech_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("CZ", years=year, language="cs"))


def public_holiday(day: date) -> str | None:
    """The Czech public holiday on ``day`` (its Czech name), if any."""
    return _czech_holidays(day.year).get(day)


def office_calendar(contact_point) -> OfficeCalendar:
    found = OfficeCalendar.objects.filter(contact_point=contact_point).first()
    return found or OfficeCalendar(contact_point=contact_point)


def closures_between(contact_point, first: date, last: date) -> list[Closure]:
    return list(Closure.objects.filter(contact_point=contact_point, ends_on__gte=first,
                                       starts_on__lte=last))


def closed_reason(contact_point, day: date, closures: list[Closure] | None = None) -> str | None:
    """Why the office is closed on ``day`` (a holiday's name, a closure's reason), or None."""
    holiday = public_holiday(day)
    if holiday:
        return holiday
    if closures is None:
        closures = closures_between(contact_point, day, day)
    for closure in closures:
        if closure.starts_on <= day <= closure.ends_on:
            return closure.reason or _("no reason given")
    return None


def _local(day: date, at) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _availability(contact_point) -> dict[int, list[tuple[int, object, object]]]:
    """weekday -> [(adviser id, from, to)]; without any rows, the office's advisers for
    all of its hours (``None`` times)."""
    rows = Availability.objects.filter(contact_point=contact_point).values_list(
        "weekday", "adviser_id", "starts", "ends")
    by_day: dict[int, list] = defaultdict(list)
    for weekday, adviser_id, starts, ends in rows:
        by_day[weekday].append((adviser_id, starts, ends))
    if by_day:
        return by_day
    from kmb.accounts.models import Membership

    advisers = sorted(set(Membership.objects.filter(
        contact_point=contact_point, active=True, user__is_active=True,
        role__in=[Role.ADVISER, Role.LEAD]).values_list("user_id", flat=True)))
    return {day: [(a, None, None) for a in advisers] for day in range(7)}


def free_slots(contact_point, *, limit: int = OFFERED, now: datetime | None = None,
               first_day: date | None = None, days: int | None = None) -> list[Slot]:
    """The next free slots of the office, earliest first (a fixed number of queries)."""
    return list(_slot_candidates(contact_point, limit=limit, now=now, first_day=first_day,
                                 days=days, with_advisers=False))


def advisers_free_for(contact_point, starts_at: datetime) -> list[int]:
    """Advisers free for the slot starting at ``starts_at``; empty if it is no slot."""
    day = timezone.localtime(starts_at).date()
    for slot, advisers in _slot_candidates(contact_point, limit=10_000, first_day=day,
                                           days=1, with_advisers=True):
        if slot.starts_at == starts_at:
            return advisers
    return []


#: days whose bookings are read at once: the next free slots are usually near, so most
#: requests read one window; a fully booked month costs a few more small queries
WINDOW_DAYS = 7


def _slot_candidates(contact_point, *, limit, now=None, first_day=None, days=None,
                     with_advisers: bool):
    settings = office_calendar(contact_point)
    if not settings.online_booking:
        return
    now = now or timezone.now()
    earliest = (now + timedelta(hours=settings.min_notice_hours)).timestamp()
    today = timezone.localtime(now).date()
    first = max(first_day or today, today)
    last = today + timedelta(days=settings.book_days_ahead)
    if days is not None:
        last = min(last, first + timedelta(days=days - 1))
    if last < first:
        return
    blocks = defaultdict(list)
    for block in OpeningHours.objects.filter(contact_point=contact_point):
        blocks[block.weekday].append(block)
    if not blocks:
        return
    available = _availability(contact_point)
    advisers = {a for rows in available.values() for a, _s, _e in rows}
    closures = closures_between(contact_point, first, last)
    length = timedelta(minutes=settings.slot_minutes)
    found = 0
    window_start = first
    while window_start <= last and found < limit:
        window_end = min(last, window_start + timedelta(days=WINDOW_DAYS - 1))
        busy = _busy(advisers, window_start, window_end)
        day = window_start
        while day <= window_end and found < limit:
            if day.weekday() in blocks and closed_reason(contact_point, day, closures) is None:
                for block in sorted(blocks[day.weekday()], key=lambda b: b.opens):
                    start = _local(day, block.opens)
                    end_of_block = _local(day, block.closes)
                    while start + length <= end_of_block and found < limit:
                        slot = Slot(start, start + length)
                        if start.timestamp() >= earliest:
                            free = _free_advisers(slot, available.get(day.weekday(), []),
                                                  busy, day)
                            if free:
                                found += 1
                                yield (slot, free) if with_advisers else slot
                        start += length
            day += timedelta(days=1)
        window_start = window_end + timedelta(days=1)


def _busy(advisers: set[int], first: date, last: date) -> dict:
    """(adviser, day) -> [(start, end) as timestamps] of the bookings that hold time."""
    busy: dict = defaultdict(list)
    if not advisers:
        return busy
    zone = timezone.get_current_timezone()
    for adviser_id, starts, ends in Appointment.objects.filter(
            adviser_id__in=advisers, status__in=HOLDING,
            starts_at__lt=_local(last + timedelta(days=1), _midnight()),
            ends_at__gt=_local(first, _midnight())).values_list("adviser_id", "starts_at",
                                                                "ends_at"):
        day = starts.astimezone(zone).date()
        last_day = ends.astimezone(zone).date()
        while day <= last_day:
            busy[(adviser_id, day)].append((starts.timestamp(), ends.timestamp()))
            day += timedelta(days=1)
    return busy


def _midnight():
    from datetime import time

    return time(0, 0)


def _free_advisers(slot: Slot, rows, busy, day: date) -> list[int]:
    local_start = timezone.localtime(slot.starts_at).time()
    local_end = timezone.localtime(slot.ends_at).time()
    slot_start, slot_end = slot.starts_at.timestamp(), slot.ends_at.timestamp()
    free = []
    for adviser_id, starts, ends in rows:
        if starts is not None and not (starts <= local_start and local_end <= ends):
            continue
        if any(s < slot_end and slot_start < e for s, e in busy.get((adviser_id, day), ())):
            continue
        if adviser_id not in free:
            free.append(adviser_id)
    return free
