"""Demo calendars: the demo offices' opening hours as data (from their typed hours),
advisers' availability, and appointments this week and next in four offices (Praha 7, Most,
Liberec and the Prague city hall, which receives people Monday to Wednesday by
appointment only): some attended or missed, the rest booked, some from the portal.
Idempotent: a marker parameter records that it ran."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from kmb.accounts.models import ContactPoint, Membership
from kmb.appointments import slots
from kmb.appointments.hours import hours_note, parse_hours
from kmb.appointments.models import (
    Appointment,
    Availability,
    HoursKind,
    Mode,
    OfficeCalendar,
    OpeningHours,
    Source,
    Status,
)
from kmb.cases.models import Client
from kmb.core.events import event_record
from kmb.core.models import DatedParameter
from kmb.core.permissions import Role

MARKER_KEY = "demo.appointments"
SEED = 20261207
CALENDAR_OFFICES = ("KMB Praha 7", "KMB Most", "KMB Liberec", "KMB Magistrát hl. m. Prahy")
# the city hall receives people by appointment only, Monday to Wednesday
CITY_HALL = "KMB Magistrát hl. m. Prahy"
CITY_HALL_BLOCKS = [(day, time(8, 0), time(12, 0)) for day in range(3)] + \
    [(day, time(13, 0), time(17, 0)) for day in range(3)]
PORTAL_NAMES = ("Jana K.", "Petr", "Olena", "M. Horáková", "Tomáš V.")


def seed_appointments_demo(*, stdout) -> None:
    if DatedParameter.objects.filter(key=MARKER_KEY).exists():
        stdout.write("The appointments demo is already loaded; nothing changed.\n")
        return
    rng = random.Random(SEED)
    count = 0
    with transaction.atomic():
        for office in ContactPoint.objects.filter(active=True):
            _hours(office)
        for office in ContactPoint.objects.filter(name__in=CALENDAR_OFFICES):
            count += _calendar(office, rng)
        DatedParameter.objects.create(key=MARKER_KEY, value=True,
                                      valid_from=timezone.localdate(),
                                      description="Appointments demo data loaded.")
    stdout.write(f"Appointments: opening hours of every office as data; {count} "
                 "appointments this week and next in four offices "
                 "(calendar at /staff/calendar/).\n")


def _hours(office: ContactPoint) -> None:
    if OpeningHours.objects.filter(contact_point=office).exists():
        return
    if office.name == CITY_HALL:
        OpeningHours.objects.bulk_create([
            OpeningHours(contact_point=office, weekday=d, opens=o, closes=c,
                         kind=HoursKind.APPOINTMENT) for d, o, c in CITY_HALL_BLOCKS])
        OfficeCalendar.objects.update_or_create(contact_point=office, defaults={
            "hours_note": "", "slot_minutes": 60})
        return
    OpeningHours.objects.bulk_create([
        OpeningHours(contact_point=office, weekday=b.weekday, opens=b.opens, closes=b.closes,
                     kind=HoursKind.APPOINTMENT if b.by_appointment else HoursKind.OPEN)
        for b in parse_hours(office.opening_hours)])
    note = hours_note(office.opening_hours)
    if note:
        OfficeCalendar.objects.update_or_create(contact_point=office,
                                                defaults={"hours_note": note})


def _advisers(office: ContactPoint) -> list:
    return [m.user for m in Membership.objects.filter(
        contact_point=office, active=True, role__in=[Role.ADVISER, Role.LEAD])
        .select_related("user").order_by("role", "user__username")]


def _calendar(office: ContactPoint, rng: random.Random) -> int:
    advisers = [a for a in _advisers(office) if a.username.startswith("poradce")] or \
        _advisers(office)
    if not advisers:
        return 0
    blocks = list(OpeningHours.objects.filter(contact_point=office))
    for adviser in advisers:
        Availability.objects.bulk_create([
            Availability(contact_point=office, adviser=adviser, weekday=b.weekday,
                         starts=b.opens, ends=b.closes) for b in blocks])
    length = timedelta(minutes=slots.office_calendar(office).slot_minutes)
    clients = list(Client.objects.filter(contact_point=office, merged_into__isnull=True)
                   .order_by("id")[:40])
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    now = timezone.now()
    made = 0
    for offset in range(12):  # this week and the next one's working days
        day = monday + timedelta(days=offset)
        if day.weekday() > 4:
            continue
        if slots.closed_reason(office, day):
            continue
        for block in [b for b in blocks if b.weekday == day.weekday()]:
            start = timezone.make_aware(datetime.combine(day, block.opens))
            end = timezone.make_aware(datetime.combine(day, block.closes))
            while start + length <= end:
                if rng.random() < 0.35:
                    made += _one(office, rng.choice(advisers), start, start + length,
                                 rng, clients, now)
                start += length
    return made


def _one(office, adviser, starts_at, ends_at, rng, clients, now) -> int:
    if Appointment.objects.filter(adviser=adviser, starts_at=starts_at).exists():
        return 0
    portal = rng.random() < 0.3
    client = None if portal or not clients else rng.choice(clients)
    mode = Mode.IN_PERSON if portal else rng.choice(
        [Mode.IN_PERSON, Mode.IN_PERSON, Mode.PHONE, Mode.OUTREACH])
    status = Status.BOOKED
    if ends_at < now:
        status = Status.NO_SHOW if rng.random() < 0.15 else Status.ATTENDED
    appointment = Appointment.objects.create(
        contact_point=office, adviser=adviser, client=client, starts_at=starts_at,
        ends_at=ends_at, mode=mode, status=status,
        source=Source.PORTAL if portal else Source.STAFF,
        label=rng.choice(PORTAL_NAMES) if portal else "",
        remind_email=portal, email="demo@example.cz" if portal else "",
        created_at=starts_at - timedelta(days=3))
    event_record(kind="appointment.booked", contact_point=office,
                 subject_id=appointment.uuid, occurred_at=appointment.created_at,
                 data={"source": appointment.source, "mode": mode})
    if status != Status.BOOKED:
        event_record(kind="appointment.attended" if status == Status.ATTENDED
                     else "appointment.no_show", contact_point=office,
                     subject_id=appointment.uuid, occurred_at=ends_at,
                     data={"source": appointment.source, "mode": mode, "corrects": ""})
    return 1
