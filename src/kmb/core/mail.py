"""E-mail leaves only after the transaction that caused it has committed.

Each message is an :class:`~kmb.core.models.OutgoingMail` row written in that transaction
(so a rolled-back change sends nothing) and delivered by the background worker. A message
the mail server does not take is tried again after ``KMB_MAIL_RETRY_SECONDS``, doubling
each time, up to ``KMB_MAIL_MAX_ATTEMPTS`` tries; then it is marked failed and the page of
the object it was about tells the person who caused it. A message is never sent again
once the server took it, even if its task runs twice.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from kmb.core.models import MailStatus, OutgoingMail
from kmb.core.worker import LostTask, on_task_lost

logger = logging.getLogger("kmb.mail")


@task()
def deliver_mail(*, mail_id: str) -> None:
    """Try to deliver one queued message (run by ``manage.py db_worker``)."""
    mail_attempt(mail_id=mail_id)


@task()
def send_email(*, subject: str, body: str, to: list[str], html: str = "",
               from_email: str | None = None) -> None:
    """Messages queued before the outbox existed (kept so that they still leave)."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def mail_send_after_commit(*, subject: str, body: str, to: list[str], html: str = "",
                           reference: str = "", triggered_by=None) -> OutgoingMail:
    """Queue the message for the background worker once the current transaction commits.

    ``reference`` (``referral:<uuid>``) and ``triggered_by`` let the page of that object
    show its author whether the message left."""
    mail = OutgoingMail.objects.create(
        subject=subject[:300], body=body, html=html, to=list(to), reference=reference[:100],
        triggered_by=triggered_by if getattr(triggered_by, "pk", None) else None)
    transaction.on_commit(lambda: deliver_mail.enqueue(mail_id=str(mail.uuid)))
    return mail


def _permanent(exc: Exception) -> bool:
    """Refusals the server will repeat (5xx): trying again does not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def retry_delay(attempts: int) -> timedelta:
    """The pause before try number ``attempts + 1``: the base, doubled each time."""
    return timedelta(seconds=settings.KMB_MAIL_RETRY_SECONDS * 2 ** max(0, attempts - 1))


def mail_attempt(*, mail_id: str) -> str:
    """One delivery attempt; returns the status the message ends in."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(uuid=mail_id).first()
        if mail is None or mail.status in (MailStatus.SENT, MailStatus.FAILED):
            return mail.status if mail else ""
        OutgoingMail.objects.filter(pk=mail.pk).update(attempts=F("attempts") + 1)
        mail.attempts += 1
    message = EmailMultiAlternatives(subject=mail.subject, body=mail.body, to=mail.to,
                                     headers={"Message-ID": mail.message_id})
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as exc:
        return _not_delivered(mail, exc)
    OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.SENT,
                                                   sent_at=timezone.now(), last_error="")
    return MailStatus.SENT


def _not_delivered(mail: OutgoingMail, exc: Exception) -> str:
    error = type(exc).__name__[:200]
    if _permanent(exc) or mail.attempts >= settings.KMB_MAIL_MAX_ATTEMPTS:
        OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED,
                                                       last_error=error)
        logger.warning("E-mail %s could not be sent (%s); giving up.", mail.uuid, error)
        return MailStatus.FAILED
    when = timezone.now() + retry_delay(mail.attempts)
    OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.RETRYING,
                                                   last_error=error, next_attempt_at=when)
    deliver_mail.using(run_after=when).enqueue(mail_id=str(mail.uuid))
    logger.info("E-mail %s not delivered (%s); trying again at %s.", mail.uuid, error, when)
    return MailStatus.RETRYING


@on_task_lost("kmb.core.mail.deliver_mail")
def _delivery_lost(lost: LostTask) -> None:
    """A worker died while delivering: given up for good, the author is told."""
    if lost.final:
        OutgoingMail.objects.filter(uuid=lost.kwargs.get("mail_id"),
                                    status__in=[MailStatus.QUEUED, MailStatus.RETRYING]
                                    ).update(status=MailStatus.FAILED,
                                             last_error="WorkerLost")


def mail_problems(*, reference: str):
    """Messages about ``reference`` that have not left (yet), newest first."""
    return OutgoingMail.objects.filter(
        reference=reference, status__in=[MailStatus.RETRYING, MailStatus.FAILED]
    ).order_by("-created_at")


def mail_prune() -> int:
    """Forget messages older than ``KMB_MAIL_KEEP_DAYS`` (their text is personal data)."""
    since = timezone.now() - timedelta(days=settings.KMB_MAIL_KEEP_DAYS)
    deleted, _per_model = OutgoingMail.objects.filter(
        created_at__lt=since, status__in=[MailStatus.SENT, MailStatus.FAILED]).delete()
    return deleted


def mail_erase_for_address(*, address: str) -> int:
    """Blank the kept copies of mail sent to ``address`` (GDPR erasure). The outbox holds
    only the last ``KMB_MAIL_KEEP_DAYS`` days, so it is read whole; JSON lookups on the
    recipient list differ between the databases. A message not yet delivered is dropped."""
    wanted = address.strip().casefold()
    if not wanted:
        return 0
    ids = [mail.pk for mail in OutgoingMail.objects.only("pk", "to")
           if wanted in {str(to).strip().casefold() for to in mail.to}]
    OutgoingMail.objects.filter(pk__in=ids).exclude(status=MailStatus.SENT).update(
        status=MailStatus.FAILED, next_attempt_at=None)
    return OutgoingMail.objects.filter(pk__in=ids).update(subject="–", body="", html="", to=[])
