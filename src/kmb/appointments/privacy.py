"""A client's appointments for the subject access export, and erasing them.

The export lists each appointment (time, how, status, contact used for reminders,
consent to reminders) and the messages sent about it. Erasure blanks the name, the note
and the contact details and the links; the times and statuses stay (no-shows are counted
in the statistics from events, which hold no personal data)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from kmb.appointments.models import Appointment
from kmb.cases.models import Client
from kmb.core.subject_data import Row, Section, model_row


def client_appointment_section(*, client: Client) -> Section:
    rows: list[Row] = []
    for a in (Appointment.objects.filter(client=client).prefetch_related("messages")
              .order_by("starts_at", "id")):
        row = model_row(a, ("starts_at", "ends_at", "mode", "status", "source", "label",
                            "note", "email", "phone", "remind_email", "remind_sms"))
        row.children.append((_("Messages sent"), [
            model_row(m, ("kind", "channel", "status", "sent_at")) for m in a.messages.all()]))
        rows.append(row)
    return Section("appointments", _("Appointments and reminders"), rows)


def client_appointment_last_activity(*, client: Client) -> datetime | None:
    return Appointment.objects.filter(client=client).aggregate(last=Max("updated_at"))["last"]


def client_appointments_erase(*, client: Client) -> dict[str, int]:
    return {"appointments": Appointment.objects.filter(client=client).update(
        label="", note="", email="", phone="", cancel_digest="", move_digest="",
        remind_email=False, remind_sms=False)}
