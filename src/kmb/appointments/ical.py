"""iCalendar (RFC 5545) for one appointment (the e-mail attachment) and each adviser's
private feed, made with the ``icalendar`` library. The feed names people by initials
only; tasks appear as all-day entries without their text."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//KMB//Kontaktni mista pro bydleni//CS"


def _calendar(name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _uid(kind: str, value) -> str:
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "kmb"
    return f"{kind}-{value}@{host}"


def appointment_ics(appointment) -> bytes:
    """The client's copy: where, when, with whom (the office), nothing about the case."""
    office = appointment.contact_point
    with translation.override(appointment.language):
        cal = _calendar()
        cal.add("method", "PUBLISH")
        event = Event()
        event.add("uid", _uid("appointment", appointment.uuid))
        event.add("dtstamp", timezone.now())
        event.add("dtstart", appointment.starts_at)
        event.add("dtend", appointment.ends_at)
        event.add("summary", _("Appointment at %(office)s") % {"office": office.name})
        event.add("location", office.address)
        event.add("description", _("%(mode)s. Phone of the office: %(phone)s") % {
            "mode": appointment.get_mode_display(), "phone": office.phone or "–"})
        event.add("status", "CANCELLED" if appointment.status == "cancelled" else "CONFIRMED")
        event.add("sequence", appointment.version)
        cal.add_component(event)
    return cal.to_ical()


def adviser_feed_ics(*, user, appointments, tasks) -> bytes:
    cal = _calendar(_("KMB – my appointments"))
    stamp = timezone.now()
    for a in appointments:
        event = Event()
        event.add("uid", _uid("appointment", a.uuid))
        event.add("dtstamp", stamp)
        event.add("dtstart", a.starts_at)
        event.add("dtend", a.ends_at)
        event.add("summary", f"{a.initials} – {a.get_mode_display()}")
        event.add("location", a.contact_point.address)
        event.add("status", "CANCELLED" if a.status == "cancelled" else "CONFIRMED")
        event.add("sequence", a.version)
        cal.add_component(event)
    for task in tasks:
        event = Event()
        event.add("uid", _uid("task", task.uuid))
        event.add("dtstamp", stamp)
        event.add("dtstart", task.due_date)
        event.add("dtend", task.due_date + timedelta(days=1))
        who = _initials(task.client) if task.client_id else "–"
        event.add("summary", _("Task due – %(initials)s") % {"initials": who})
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


def _initials(client) -> str:
    parts = [client.first_name, client.last_name] if (client.first_name or client.last_name) \
        else (client.nickname or "").split()
    return "".join(p.strip()[0].upper() for p in parts if p and p.strip())[:3] or "–"


def feed_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    return now - timedelta(days=30), now + timedelta(days=120)
