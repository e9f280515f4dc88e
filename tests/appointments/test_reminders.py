"""The daily run: the adviser's digest and the client's reminders arrive once through the
real SMTP server and worker, the SMS through the file gateway, only with consent; a
failed delivery is tried again; reminders appear on the client's timeline."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command

from kmb.accounts.models import Membership
from kmb.appointments import services
from kmb.appointments.models import AppointmentMessage, MessageStatus
from kmb.appointments.tasks import message_attempt
from kmb.cases.timeline import client_timeline
from tests import factories
from tests.appointments.factories import at, office_hours
from tests.conftest import run_background_tasks

MONDAY = date(2026, 12, 21)
TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
def booked(transactional_db, cp_a, adviser_a, client_a, settings, tmp_path):
    settings.KMB_SMS_BACKEND = "file"
    settings.KMB_SMS_FILE_DIR = tmp_path / "sms"
    office_hours(cp_a)
    client_a.email, client_a.phone = "jirina@example.cz", "+420 608 111 222"
    client_a.housing_loss_date = MONDAY + timedelta(days=5)
    client_a.save()
    with time_machine.travel("2026-12-20 10:00 +0100", tick=False):
        with_consent = services.appointment_create(
            contact_point=cp_a, actor=adviser_a, adviser=adviser_a, client=client_a,
            starts_at=at(TUESDAY, 9), minutes=45, remind_email=True, remind_sms=True)
        without = services.appointment_create(
            contact_point=cp_a, actor=adviser_a, adviser=adviser_a, label="Bez souhlasu",
            email="nechci@example.cz", phone="+420 608 999 999", starts_at=at(TUESDAY, 10),
            minutes=45)
    AppointmentMessage.objects.all().delete()  # the confirmation is another test's matter
    return with_consent, without


@pytest.mark.django_db(transaction=True)
def test_the_digest_and_the_reminders_arrive_once(booked, smtp_server, adviser_a, tmp_path,
                                                 client_a):
    factories.TaskFactory(client=client_a, created_by=adviser_a, assignee=adviser_a,
                          title="Zavolat pronajímateli", due_date=MONDAY)
    with time_machine.travel("2026-12-21 06:30 +0100", tick=False):
        call_command("appointments_daily", verbosity=0)
        call_command("appointments_daily", verbosity=0)  # cron ran twice: nothing doubles
        run_background_tasks()
        call_command("appointments_daily", verbosity=0)
        run_background_tasks()
    to_adviser = [m for m in smtp_server.messages if m["To"] == adviser_a.email]
    to_client = [m for m in smtp_server.messages if m["To"] == "jirina@example.cz"]
    assert len(to_adviser) == 1 and len(to_client) == 1
    assert not [m for m in smtp_server.messages if m["To"] == "nechci@example.cz"]
    digest = to_adviser[0].get_body(preferencelist=("plain",)).get_content()
    assert "Váš den pondělí 21. 12. 2026" in digest
    assert to_adviser[0]["Subject"].startswith("KMB: váš den")
    assert "9:00 JN" in digest  # tomorrow's appointment, initials only
    assert "26. 12." in digest  # the housing-loss date within 7 days
    assert "Nováková" not in digest and "Zavolat" not in digest
    reminder = to_client[0].get_body(preferencelist=("plain",)).get_content()
    assert "22. 12. 2026" in reminder and "9:00" in reminder
    assert any(p.get_content_type() == "text/calendar" for p in to_client[0].iter_attachments())
    sms = [json.loads(p.read_text()) for p in (tmp_path / "sms").glob("*.json")]
    assert len(sms) == 1 and sms[0]["to"] == "+420 608 111 222" and "9:00" in sms[0]["text"]
    # on the client's timeline, for whoever sees the client
    membership = Membership.objects.get(user=adviser_a)
    page = client_timeline(client=client_a, membership=membership)
    kinds = [e.kind for e in page.object_list] if hasattr(page, "object_list") else \
        [e.kind for e in page]
    assert kinds.count("appointment_message") == 2 and "appointment" in kinds


@pytest.mark.django_db(transaction=True)
def test_the_digest_can_be_turned_off(booked, smtp_server, adviser_a):
    services.digest_set(user=adviser_a, enabled=False)
    with time_machine.travel("2026-12-21 06:30 +0100", tick=False):
        call_command("appointments_daily", verbosity=0)
        run_background_tasks()
    assert not [m for m in smtp_server.messages if m["To"] == adviser_a.email]


@pytest.mark.django_db(transaction=True)
def test_a_reminder_the_server_refuses_is_tried_again_and_then_sent(booked, settings,
                                                                   smtp_server):
    with time_machine.travel("2026-12-21 06:30 +0100", tick=False):
        services.reminders_queue(day=TUESDAY)
        message = AppointmentMessage.objects.get(channel="email")
        real_port = settings.EMAIL_PORT
        settings.EMAIL_PORT = 9  # nothing listens there
        assert message_attempt(message_id=str(message.uuid)) == MessageStatus.RETRYING
        settings.EMAIL_PORT = real_port
        assert message_attempt(message_id=str(message.uuid)) == MessageStatus.SENT
        assert message_attempt(message_id=str(message.uuid)) == MessageStatus.SENT
    message.refresh_from_db()
    assert message.attempts == 2 and len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_a_reminder_of_a_cancelled_appointment_is_not_sent(booked, smtp_server, adviser_a):
    with_consent, _without = booked
    with time_machine.travel("2026-12-21 06:30 +0100", tick=False):
        services.reminders_queue(day=TUESDAY)
        services.appointment_cancel(appointment=with_consent, actor=adviser_a)
        run_background_tasks()
    assert not smtp_server.messages
    assert set(AppointmentMessage.objects.values_list("status", flat=True)) == {"failed"}
