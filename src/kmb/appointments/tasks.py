"""Background tasks (run by ``manage.py db_worker``): the messages about appointments and
the advisers' daily digest. Each is safe to run again: a message already sent, or a
digest already sent that day, is not sent twice; a failed attempt is tried again later."""

from __future__ import annotations

import logging
import smtplib
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from kmb.appointments.ical import appointment_ics
from kmb.appointments.models import (
    AppointmentMessage,
    Channel,
    DigestSent,
    MessageKind,
    MessageStatus,
    Status,
)
from kmb.appointments.sms import SmsError, sms_send
from kmb.core.mail import mail_send_after_commit, retry_delay
from kmb.core.worker import LostTask, on_task_lost

logger = logging.getLogger("kmb.appointments")


@task()
def send_appointment_message(*, message_id: str) -> str:
    return message_attempt(message_id=message_id)


def message_attempt(*, message_id: str) -> str:
    with transaction.atomic():
        message = (AppointmentMessage.objects.select_for_update()
                   .select_related("appointment__contact_point")
                   .filter(uuid=message_id).first())
        if message is None or message.status in (MessageStatus.SENT, MessageStatus.FAILED):
            return message.status if message else ""
        appointment = message.appointment
        stale = (appointment.status != Status.BOOKED
                 or appointment.starts_at != message.for_start
                 or appointment.starts_at < timezone.now())
        if stale:  # cancelled or moved since: this message would mislead
            message.status, message.last_error = MessageStatus.FAILED, "stale"
            message.save(update_fields=["status", "last_error"])
            return message.status
        AppointmentMessage.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1)
        message.attempts += 1
    try:
        if message.channel == Channel.SMS:
            sms_send(to=appointment.phone, text=_sms_text(appointment))
        else:
            _email(message, appointment).send()
    except (OSError, smtplib.SMTPException, SmsError) as exc:
        return _not_sent(message, exc)
    AppointmentMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT, sent_at=timezone.now(), last_error="")
    return MessageStatus.SENT


def _not_sent(message: AppointmentMessage, exc: Exception) -> str:
    error = type(exc).__name__[:200]
    if message.attempts >= settings.KMB_MAIL_MAX_ATTEMPTS:
        AppointmentMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.FAILED, last_error=error)
        logger.warning("Appointment message %s could not be sent (%s); giving up.",
                       message.uuid, error)
        return MessageStatus.FAILED
    when = timezone.now() + retry_delay(message.attempts)
    AppointmentMessage.objects.filter(pk=message.pk).update(status=MessageStatus.RETRYING,
                                                            last_error=error)
    send_appointment_message.using(run_after=when).enqueue(message_id=str(message.uuid))
    logger.info("Appointment message %s not sent (%s); trying again at %s.", message.uuid,
                error, when)
    return MessageStatus.RETRYING


def _context(appointment, **extra) -> dict:
    local = timezone.localtime(appointment.starts_at)
    return {"appointment": appointment, "office": appointment.contact_point,
            "when": local, "site_url": settings.SITE_URL, **extra}


def _email(message: AppointmentMessage, appointment) -> EmailMultiAlternatives:
    from kmb.appointments.services import appointment_links_issue

    with translation.override(appointment.language):
        links = {}
        if message.kind == MessageKind.CONFIRMATION:
            raw = appointment_links_issue(appointment=appointment)
            links = {"cancel_url": settings.SITE_URL + reverse(
                         "appointments_public:cancel", kwargs={"token": raw["cancel"]}),
                     "move_url": settings.SITE_URL + reverse(
                         "appointments_public:move", kwargs={"token": raw["move"]})}
        context = _context(appointment, kind=message.kind, **links)
        if message.kind == MessageKind.CONFIRMATION:
            subject = _("Your appointment at %(office)s") % {
                "office": appointment.contact_point.name}
        else:
            subject = _("Reminder: your appointment at %(office)s tomorrow") % {
                "office": appointment.contact_point.name}
        body = render_to_string("appointments/email/client.txt", context)
    email = EmailMultiAlternatives(subject=subject, body=body, to=[appointment.email],
                                   headers={"Message-ID": f"<{message.uuid}@kmb>"})
    email.attach("schuzka.ics", appointment_ics(appointment), "text/calendar; method=PUBLISH")
    return email


def _sms_text(appointment) -> str:
    office = appointment.contact_point
    local = timezone.localtime(appointment.starts_at)
    with translation.override(appointment.language):
        return (_("%(office)s: reminder of your appointment tomorrow %(day)s at %(time)s, "
                  "%(address)s. If you cannot come, call %(phone)s.") % {
            "office": office.name, "day": f"{local.day}. {local.month}.",
            "time": f"{local.hour}:{local.minute:02d}", "address": office.address,
            "phone": office.phone or "–"})[:459]


@on_task_lost("kmb.appointments.tasks.send_appointment_message")
def _message_lost(lost: LostTask) -> None:
    if lost.final:
        AppointmentMessage.objects.filter(
            uuid=lost.kwargs.get("message_id"),
            status__in=[MessageStatus.QUEUED, MessageStatus.RETRYING]).update(
            status=MessageStatus.FAILED, last_error="WorkerLost")


# --- the advisers' daily digest -------------------------------------------------------------

@task()
def send_daily_digest(*, user_id: int, day: str) -> str:
    return digest_send(user_id=user_id, day=date.fromisoformat(day))


def digest_send(*, user_id: int, day: date) -> str:
    """Queue the digest of ``day`` to the adviser once; nothing when there is nothing. The
    day is claimed in the same transaction that puts the message in the outbox, which
    delivers it and tries again when the mail server does not take it."""
    from kmb.accounts.models import User
    from kmb.appointments.digest import digest_for

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return "skipped"
    settings_row = getattr(user, "adviser_calendar", None)
    if settings_row is not None and not settings_row.daily_digest:
        return "opted out"
    if DigestSent.objects.filter(user=user, day=day).exists():
        return "already sent"
    digest = digest_for(user=user, day=day)
    if digest.empty:
        return "empty"
    with translation.override(user_language(user)):
        context = {"digest": digest, "user": user, "site_url": settings.SITE_URL,
                   "settings_url": settings.SITE_URL + reverse("appointments:settings")}
        subject = _("KMB: your day %(day)s") % {"day": f"{day.day}. {day.month}. {day.year}"}
        body = render_to_string("appointments/email/digest.txt", context)
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=day)  # claims the day (once)
            mail_send_after_commit(subject=subject, body=body, to=[user.email])
    except IntegrityError:
        return "already sent"
    return "sent"


def user_language(user) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def digests_queue(*, day: date) -> int:
    """Queue the digest of ``day`` for each active adviser who has not opted out."""
    from kmb.accounts.models import User
    from kmb.core.permissions import Role

    users = (User.objects.filter(is_active=True, memberships__active=True,
                                 memberships__role__in=[Role.ADVISER, Role.LEAD])
             .exclude(email="").exclude(adviser_calendar__daily_digest=False)
             .exclude(pk__in=DigestSent.objects.filter(day=day).values("user_id"))
             .distinct().values_list("pk", flat=True))
    count = 0
    for pk in users:
        send_daily_digest.enqueue(user_id=pk, day=day.isoformat())
        count += 1
    return count


def daily_run(*, today: date | None = None) -> dict[str, int]:
    """What cron starts each morning: digests for today, reminders for tomorrow."""
    from kmb.appointments.services import appointments_prune_contacts, reminders_queue

    today = today or timezone.localdate()
    return {"digests": digests_queue(day=today),
            "reminders": reminders_queue(day=today + timedelta(days=1)),
            "contacts_forgotten": appointments_prune_contacts()}
