"""Appointments and the reminders sent about them on the client timeline."""

from __future__ import annotations

from kmb.cases.timeline import TimelineSource, rows_of, timeline_register
from kmb.core.permissions import Perm


def _appointments(client):
    from kmb.appointments.models import Appointment

    return rows_of(Appointment.objects.filter(client=client), "appointment", "starts_at")


def _load_appointments(pks):
    from kmb.appointments.models import Appointment

    return Appointment.objects.select_related("adviser").in_bulk(pks)


def _messages(client):
    from kmb.appointments.models import AppointmentMessage

    return rows_of(AppointmentMessage.objects.filter(appointment__client=client,
                                                     sent_at__isnull=False),
                   "appointment_message", "sent_at")


def _load_messages(pks):
    from kmb.appointments.models import AppointmentMessage

    return AppointmentMessage.objects.select_related("appointment").in_bulk(pks)


def register() -> None:
    # when someone comes and that they were reminded: no advice in either, so whoever
    # sees the client sees them
    timeline_register(TimelineSource(kind="appointment", rows=_appointments,
                                     load=_load_appointments,
                                     template="appointments/timeline/appointment.html",
                                     perm=Perm.CLIENT_VIEW,
                                     load_restricted=_load_appointments))
    timeline_register(TimelineSource(kind="appointment_message", rows=_messages,
                                     load=_load_messages,
                                     template="appointments/timeline/message.html",
                                     perm=Perm.CLIENT_VIEW, load_restricted=_load_messages))
