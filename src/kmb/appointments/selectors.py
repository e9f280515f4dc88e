"""Reading appointments and hours: the calendar's days, one appointment for a user (404
for another contact point), the hours the portal shows."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.http import Http404
from django.utils import timezone

from kmb.appointments import slots
from kmb.appointments.ical import feed_window
from kmb.appointments.models import (
    HOLDING,
    Appointment,
    Closure,
    OfficeCalendar,
    OpeningHours,
    Status,
)


def appointment_get_for_user(*, membership, appointment_id) -> Appointment:
    try:
        found_id = uuid.UUID(str(appointment_id))
    except ValueError:
        found_id = None
    if membership is None or membership.contact_point_id is None or found_id is None:
        raise Http404
    found = (Appointment.objects.select_related("client", "adviser", "contact_point",
                                                "online_request", "consultation")
             .filter(uuid=found_id, contact_point=membership.contact_point).first())
    if found is None:
        raise Http404
    return found


@dataclass
class Day:
    day: date
    closed: str | None
    appointments: list
    hours: list

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()


def calendar_days(*, contact_point, first: date, days: int, adviser=None) -> list[Day]:
    """The days from ``first``, each with its appointments (fixed number of queries)."""
    last = first + timedelta(days=days - 1)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), datetime.min.time()))
    qs = (Appointment.objects.filter(contact_point=contact_point, starts_at__gte=start,
                                     starts_at__lt=end)
          .select_related("client", "adviser").order_by("starts_at", "id"))
    if adviser is not None:
        qs = qs.filter(adviser=adviser)
    by_day = defaultdict(list)
    for appointment in qs[:2000]:
        by_day[timezone.localtime(appointment.starts_at).date()].append(appointment)
    blocks = defaultdict(list)
    for block in OpeningHours.objects.filter(contact_point=contact_point):
        blocks[block.weekday].append(block)
    closures = slots.closures_between(contact_point, first, last)
    return [Day(day=d, closed=slots.closed_reason(contact_point, d, closures),
                appointments=by_day[d], hours=blocks[d.weekday()])
            for d in (first + timedelta(days=i) for i in range(days))]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


@dataclass
class WeekHours:
    """What the portal shows: each weekday's blocks, the note, closures coming up."""

    days: list  # [(weekday label, [OpeningHours])]
    note: str
    closures: list

    @property
    def any(self) -> bool:
        return any(blocks for _label, blocks in self.days)


def hours_for_many(contact_points) -> dict[int, WeekHours]:
    """Opening hours of many offices at once (one query, three when any has hours)."""
    from kmb.appointments.models import Weekday

    ids = [cp.pk for cp in contact_points if cp is not None]
    blocks = defaultdict(list)
    for block in OpeningHours.objects.filter(contact_point__in=ids).order_by("weekday",
                                                                              "opens"):
        blocks[block.contact_point_id].append(block)
    with_hours = list(blocks)  # offices without hours as data show their typed text
    notes = dict(OfficeCalendar.objects.filter(contact_point__in=with_hours)
                 .values_list("contact_point_id", "hours_note")) if with_hours else {}
    today = timezone.localdate()
    closures = defaultdict(list)
    for closure in (Closure.objects.filter(contact_point__in=with_hours, ends_on__gte=today,
                                           starts_on__lte=today + timedelta(days=30))
                    if with_hours else []):
        closures[closure.contact_point_id].append(closure)
    result = {}
    for pk in ids:
        days = [(label, [b for b in blocks[pk] if b.weekday == value])
                for value, label in Weekday.choices]
        result[pk] = WeekHours(days=[d for d in days if d[1]], note=notes.get(pk, ""),
                               closures=closures[pk])
    return result


def upcoming_for_client(*, client, limit: int = 5) -> list[Appointment]:
    return list(Appointment.objects.filter(client=client, status=Status.BOOKED,
                                           starts_at__gte=timezone.now())
                .select_related("adviser").order_by("starts_at")[:limit])


def consultation_initial(*, membership, appointment_id) -> tuple[Appointment, dict]:
    """What the consultation form starts with after an attended appointment."""
    appointment = appointment_get_for_user(membership=membership,
                                           appointment_id=appointment_id)
    channel = {"in_person": "in_person", "phone": "phone", "outreach": "outreach"}[
        appointment.mode]
    minutes = int((appointment.ends_at - appointment.starts_at).total_seconds() // 60)
    initial = {"occurred_at": timezone.localtime(appointment.starts_at), "channel": channel,
               "duration_minutes": minutes}
    if appointment.online_request_id:
        initial["topics"] = [t.code for t in appointment.online_request.topics.all()]
    return appointment, initial


def feed_items(*, user, limit: int = 1000) -> tuple[list[Appointment], list]:
    """What an adviser's private feed lists: the appointments of the feed's window and the
    open tasks due in it, both only from the offices the adviser is an active member of."""
    from kmb.accounts.models import Membership
    from kmb.cases.models import Task, TaskStatus

    offices = Membership.objects.filter(user=user, active=True,
                                        contact_point__isnull=False).values("contact_point_id")
    since, until = feed_window()
    appointments = list(
        Appointment.objects.filter(adviser=user, contact_point__in=offices,
                                   status__in=HOLDING, starts_at__gte=since,
                                   starts_at__lt=until)
        .select_related("client", "contact_point").order_by("starts_at")[:limit])
    tasks = list(
        Task.objects.filter(assignee=user, contact_point__in=offices, status=TaskStatus.OPEN,
                            due_date__gte=timezone.localtime(since).date(),
                            due_date__lte=timezone.localtime(until).date())
        .select_related("client").order_by("due_date")[:limit])
    return appointments, tasks
