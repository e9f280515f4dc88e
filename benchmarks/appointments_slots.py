"""Benchmark: the portal's next free slots and a week of the office calendar for a busy
contact point (20 advisers, a year of appointments), on the configured database.

Run from the repository root against a database of its own, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kmb_bench \\
        .venv/bin/python benchmarks/appointments_slots.py [--advisers 20] [--days 365]

It migrates that database, fills one synthetic contact point (seeded; rows made
directly), books most of the slots of the coming weeks so that the free ones are far
ahead, then times ``free_slots`` (what the request form asks) and ``calendar_days`` for
the whole office's week (target: at most 100 ms each). The synthetic rows are removed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from kmb.accounts.models import ContactPoint, Membership, User  # noqa: E402
from kmb.appointments import selectors, slots  # noqa: E402
from kmb.appointments.models import (  # noqa: E402
    Appointment,
    OfficeCalendar,
    OpeningHours,
)
from kmb.core.models import Municipality  # noqa: E402
from kmb.core.permissions import Role  # noqa: E402

NAME = "Benchmark contact point (appointments)"


def _fill(advisers: int, days: int) -> ContactPoint:
    rng = random.Random(20261206)
    municipality = Municipality.objects.order_by("code").first()
    if municipality is None:
        from kmb.core.models import District, Region

        region, _ = Region.objects.get_or_create(code="B0", defaults={"name": "Bench"})
        district, _ = District.objects.get_or_create(code="B0", defaults={
            "name": "Bench", "region": region})
        municipality, _ = Municipality.objects.get_or_create(code="B0000", defaults={
            "name": "Bench", "district": district})
    office = ContactPoint.objects.create(name=NAME, municipality=municipality, address="-")
    OpeningHours.objects.bulk_create([OpeningHours(contact_point=office, weekday=d,
                                                   opens=clock(8), closes=clock(17))
                                      for d in range(5)])
    OfficeCalendar.objects.create(contact_point=office, slot_minutes=30, book_days_ahead=60,
                                  min_notice_hours=0)
    users = []
    for i in range(advisers):
        user = User.objects.create(username=f"bench.appt.{i}")
        Membership.objects.create(user=user, contact_point=office, role=Role.ADVISER)
        users.append(user)
    today = timezone.localdate()
    rows = []
    for offset in range(-days + 30, 30):  # the past year and the next 30 days
        day = today + timedelta(days=offset)
        if day.weekday() > 4:
            continue
        for slot in range(18):
            start = timezone.make_aware(datetime.combine(day, clock(8))) + \
                timedelta(minutes=30 * slot)
            for user in users:
                if offset >= 0 or rng.random() < 0.6:
                    rows.append(Appointment(contact_point=office, adviser=user,
                                            starts_at=start,
                                            ends_at=start + timedelta(minutes=30)))
    Appointment.objects.bulk_create(rows, batch_size=5000)
    print(f"{len(rows)} appointments, {advisers} advisers")
    return office


def _time(label: str, run, repeat: int = 20) -> None:
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"{label}: p50 {statistics.median(times):.1f} ms, "
          f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--advisers", type=int, default=20)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    _cleanup()
    office = _fill(args.advisers, args.days)
    try:
        found = slots.free_slots(office)
        print(f"first free slot: {timezone.localtime(found[0].starts_at):%Y-%m-%d %H:%M}"
              if found else "no free slot")
        _time("free_slots (8 next, month fully booked)", lambda: slots.free_slots(office))
        # the usual case: every other future booking cancelled, free slots this week
        future = Appointment.objects.filter(contact_point=office,
                                            starts_at__gte=timezone.now())
        Appointment.objects.filter(pk__in=list(future.values_list("pk", flat=True)[::2])
                                   ).update(status="cancelled")
        _time("free_slots (8 next, half booked)", lambda: slots.free_slots(office))
        monday = selectors.week_start(timezone.localdate())
        _time("calendar_days (office week)",
              lambda: selectors.calendar_days(contact_point=office, first=monday, days=7))
    finally:
        _cleanup()


def _cleanup() -> None:
    for office in ContactPoint.objects.filter(name=NAME):
        Appointment.objects.filter(contact_point=office).delete()
        User.objects.filter(memberships__contact_point=office).delete()
        office.delete()


if __name__ == "__main__":
    main()
