"""Opening hours and appointments for tests."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from kmb.appointments.models import Appointment, OfficeCalendar, OpeningHours, Status


def office_hours(cp, *, days=range(5), opens=time(8, 0), closes=time(12, 0),
                 slot_minutes: int = 60, notice_hours: int = 2, kind: str = "open") -> None:
    OpeningHours.objects.bulk_create([OpeningHours(contact_point=cp, weekday=d, opens=opens,
                                                   closes=closes, kind=kind) for d in days])
    OfficeCalendar.objects.update_or_create(contact_point=cp, defaults={
        "slot_minutes": slot_minutes, "min_notice_hours": notice_hours})


def at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def appointment_objects(cp, adviser, client) -> dict:
    """An appointment of contact point A (for the walks over every URL)."""
    start = timezone.now() + timedelta(days=2)
    appointment = Appointment.objects.create(
        contact_point=cp, adviser=adviser, client=client, starts_at=start,
        ends_at=start + timedelta(minutes=45), status=Status.BOOKED)
    return {"appointment_id": appointment.uuid}
