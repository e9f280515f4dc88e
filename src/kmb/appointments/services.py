"""Writing appointments: booking (by staff and from the portal), moving, cancelling,
marking attended or not attended, and queueing the messages sent about them.

Two bookings of one slot: the database holds one booking per adviser and start (a unique
constraint); the adviser's row is locked while overlaps are checked, so bookings of
different lengths cannot overlap either. The loser of a race gets :class:`SlotTaken`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kmb.appointments import slots
from kmb.appointments.models import (
    HOLDING,
    AdviserCalendar,
    Appointment,
    AppointmentMessage,
    Channel,
    Closure,
    MessageKind,
    Mode,
    OfficeCalendar,
    OpeningHours,
    Source,
    Status,
)
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases.errors import ConflictError, DomainError
from kmb.core.events import event_record
from kmb.network.tokens import token_digest, token_new, token_well_formed

PORTAL = "public portal"


class SlotTaken(DomainError):
    """Someone else booked the time a moment earlier."""


def _lock_adviser(adviser) -> None:
    from kmb.accounts.models import User

    User.objects.select_for_update().filter(pk=adviser.pk).first()


def _check_time(*, contact_point, adviser, starts_at: datetime, ends_at: datetime,
                exclude_pk: int | None = None) -> None:
    if ends_at <= starts_at:
        raise DomainError(_("The appointment must end after it starts."))
    if starts_at < timezone.now():
        raise DomainError(_("This time has already passed. Choose a time in the future."))
    day = timezone.localtime(starts_at).date()
    reason = slots.closed_reason(contact_point, day)
    if reason:
        raise DomainError(_("The office is closed on %(day)s (%(reason)s). Choose another "
                            "day.") % {"day": f"{day.day}. {day.month}. {day.year}",
                                       "reason": reason})
    clash = Appointment.objects.filter(adviser=adviser, status__in=HOLDING,
                                       starts_at__lt=ends_at, ends_at__gt=starts_at)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise SlotTaken(_("The adviser already has an appointment at this time. Choose "
                          "another time."))


def _save_new(appointment: Appointment) -> None:
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError:
        raise SlotTaken(_("Someone has just booked this time. Choose another one.")) from None


def _booked_event(appointment: Appointment) -> None:
    event_record(kind="appointment.booked", contact_point=appointment.contact_point,
                 subject_id=appointment.uuid,
                 data={"source": appointment.source, "mode": appointment.mode})


def appointment_create(*, contact_point, actor, adviser, starts_at: datetime, minutes: int,
                       mode: str = Mode.IN_PERSON, client=None, label: str = "",
                       note: str = "", email: str = "", phone: str = "",
                       remind_email: bool = False, remind_sms: bool = False) -> Appointment:
    """Staff book an appointment for a client or someone without a record."""
    if client is not None and client.contact_point_id != contact_point.pk:
        raise DomainError(_("The client belongs to another contact point."))
    if not 5 <= minutes <= 480:
        raise DomainError(_("An appointment lasts between 5 minutes and 8 hours."))
    with transaction.atomic():
        _lock_adviser(adviser)
        ends_at = starts_at + timedelta(minutes=minutes)
        _check_time(contact_point=contact_point, adviser=adviser, starts_at=starts_at,
                    ends_at=ends_at)
        appointment = Appointment(
            contact_point=contact_point, adviser=adviser, client=client, label=label[:100],
            starts_at=starts_at, ends_at=ends_at, mode=mode, note=note[:300],
            email=email or (client.email if client else ""),
            phone=phone or (client.phone if client else ""),
            remind_email=remind_email, remind_sms=remind_sms, source=Source.STAFF,
            created_by=actor)
        _save_new(appointment)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=appointment,
                     contact_point=contact_point,
                     client_id=client.uuid if client else None)
        _booked_event(appointment)
        if appointment.remind_email and appointment.email:
            message_queue(appointment=appointment, kind=MessageKind.CONFIRMATION,
                          channel=Channel.EMAIL)
    return appointment


def appointment_book_public(*, contact_point, starts_at: datetime, name: str,
                            email: str = "", phone: str = "", remind_email: bool = False,
                            remind_sms: bool = False, language: str = "cs",
                            online_request=None) -> Appointment:
    """A resident books a free slot on the portal. The first adviser free then gets it;
    if every adviser free a moment ago has been taken meanwhile, :class:`SlotTaken`."""
    advisers = slots.advisers_free_for(contact_point, starts_at)
    if not advisers:
        raise SlotTaken(_("This time is no longer free. Choose one of the next free times."))
    length = timedelta(minutes=slots.office_calendar(contact_point).slot_minutes)
    from kmb.accounts.models import User

    for adviser in User.objects.filter(pk__in=advisers).order_by("pk"):
        try:
            with transaction.atomic():
                _lock_adviser(adviser)
                _check_time(contact_point=contact_point, adviser=adviser,
                            starts_at=starts_at, ends_at=starts_at + length)
                appointment = Appointment(
                    contact_point=contact_point, adviser=adviser, label=name[:100],
                    starts_at=starts_at, ends_at=starts_at + length, mode=Mode.IN_PERSON,
                    source=Source.PORTAL, email=email, phone=phone,
                    remind_email=remind_email and bool(email),
                    remind_sms=remind_sms and bool(phone), language=language,
                    online_request=online_request)
                _save_new(appointment)
                audit_record(actor=None, actor_label=PORTAL, action=AuditAction.CREATE,
                             obj=appointment, contact_point=contact_point, channel="portal")
                _booked_event(appointment)
                if appointment.email:
                    message_queue(appointment=appointment, kind=MessageKind.CONFIRMATION,
                                  channel=Channel.EMAIL)
                return appointment
        except SlotTaken:
            continue
    raise SlotTaken(_("Someone has just booked this time. Choose one of the next free "
                      "times."))


def _check_version(appointment: Appointment, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != appointment.version:
        raise ConflictError(_("Someone else has changed this appointment in the meantime. "
                              "Check it and try again."))


def _locked(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().get(pk=appointment.pk)


def appointment_move(*, appointment: Appointment, actor, starts_at: datetime,
                     minutes: int | None = None, adviser=None,
                     expected_version: int | None = None) -> Appointment:
    with transaction.atomic():
        current = _locked(appointment)
        _check_version(current, expected_version)
        if current.status != Status.BOOKED:
            raise DomainError(_("Only a booked appointment can be moved."))
        adviser = adviser or current.adviser
        length = timedelta(minutes=minutes) if minutes else current.ends_at - current.starts_at
        _lock_adviser(adviser)
        _check_time(contact_point=current.contact_point, adviser=adviser,
                    starts_at=starts_at, ends_at=starts_at + length, exclude_pk=current.pk)
        current.starts_at, current.ends_at, current.adviser = starts_at, starts_at + length, \
            adviser
        current.version += 1
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError:
            raise SlotTaken(_("Someone has just booked this time. Choose another one.")) \
                from None
        audit_record(actor=actor, actor_label="" if actor else PORTAL,
                     action=AuditAction.UPDATE, obj=current,
                     contact_point=current.contact_point, changes=["starts_at", "adviser"],
                     client_id=current.client.uuid if current.client_id else None,
                     channel="web" if actor else "portal")
        if current.remind_email and current.email or current.source == Source.PORTAL \
                and current.email:
            message_queue(appointment=current, kind=MessageKind.CONFIRMATION,
                          channel=Channel.EMAIL)
    return current


def appointment_cancel(*, appointment: Appointment, actor,
                       expected_version: int | None = None) -> Appointment:
    with transaction.atomic():
        current = _locked(appointment)
        _check_version(current, expected_version)
        if current.status != Status.BOOKED:
            raise DomainError(_("Only a booked appointment can be cancelled."))
        current.status = Status.CANCELLED
        current.cancel_digest = current.move_digest = ""
        current.version += 1
        current.save()
        audit_record(actor=actor, actor_label="" if actor else PORTAL,
                     action=AuditAction.UPDATE, obj=current,
                     contact_point=current.contact_point, changes=["status"],
                     client_id=current.client.uuid if current.client_id else None,
                     channel="web" if actor else "portal")
        event_record(kind="appointment.cancelled", contact_point=current.contact_point,
                     subject_id=current.uuid, data={"by": "staff" if actor else "client"})
    return current


def appointment_mark(*, appointment: Appointment, actor, status: str,
                     expected_version: int | None = None) -> Appointment:
    """Attended or did not attend; a no-show is counted in the statistics."""
    if status not in (Status.ATTENDED, Status.NO_SHOW):
        raise DomainError(_("Choose whether the person came."))
    with transaction.atomic():
        current = _locked(appointment)
        _check_version(current, expected_version)
        if current.status == Status.CANCELLED:
            raise DomainError(_("A cancelled appointment cannot be marked."))
        if current.starts_at > timezone.now() + timedelta(minutes=30):
            raise DomainError(_("The appointment has not started yet."))
        if current.status == status:
            return current
        previous = current.status
        current.status = status
        current.version += 1
        current.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current,
                     contact_point=current.contact_point, changes=["status"],
                     client_id=current.client.uuid if current.client_id else None)
        kind = "appointment.attended" if status == Status.ATTENDED else "appointment.no_show"
        event_record(kind=kind, contact_point=current.contact_point, subject_id=current.uuid,
                     data={"mode": current.mode, "source": current.source,
                           "corrects": previous if previous != Status.BOOKED else ""})
    return current


def appointment_link_consultation(*, appointment: Appointment, consultation) -> None:
    Appointment.objects.filter(pk=appointment.pk).update(consultation=consultation)


# --- the booking's own links --------------------------------------------------------------

def appointment_links_issue(*, appointment: Appointment) -> dict[str, str]:
    """Fresh raw tokens for the cancel and move links (the older ones stop working)."""
    cancel, cancel_digest = token_new()
    move, move_digest = token_new()
    Appointment.objects.filter(pk=appointment.pk).update(cancel_digest=cancel_digest,
                                                         move_digest=move_digest)
    return {"cancel": cancel, "move": move}


def appointment_by_token(*, raw: str, purpose: str) -> Appointment | None:
    """The booking a link is for: one purpose per token, valid until the start."""
    if purpose not in ("cancel", "move") or not token_well_formed(raw):
        return None
    field = f"{purpose}_digest"
    found = (Appointment.objects.select_related("contact_point")
             .filter(**{field: token_digest(raw)}, status=Status.BOOKED,
                     starts_at__gt=timezone.now()).first())
    return found


# --- messages -----------------------------------------------------------------------------

def message_queue(*, appointment: Appointment, kind: str, channel: str) -> AppointmentMessage:
    """One message of a kind and channel per start of the appointment; queued once."""
    from kmb.appointments.tasks import send_appointment_message

    message, created = AppointmentMessage.objects.get_or_create(
        appointment=appointment, kind=kind, channel=channel, for_start=appointment.starts_at)
    if created:
        transaction.on_commit(
            lambda: send_appointment_message.enqueue(message_id=str(message.uuid)))
    return message


def reminders_queue(*, day) -> int:
    """Queue the reminders of the appointments on ``day`` (run the day before)."""
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    queued = 0
    for appointment in Appointment.objects.filter(
            status=Status.BOOKED, starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1)).only(
                "pk", "uuid", "starts_at", "remind_email", "remind_sms", "email", "phone"):
        with transaction.atomic():
            if appointment.remind_email and appointment.email:
                message_queue(appointment=appointment, kind=MessageKind.REMINDER,
                              channel=Channel.EMAIL)
                queued += 1
            if appointment.remind_sms and appointment.phone:
                message_queue(appointment=appointment, kind=MessageKind.REMINDER,
                              channel=Channel.SMS)
                queued += 1
    return queued


# --- the office's hours -------------------------------------------------------------------

@transaction.atomic
def opening_block_add(*, contact_point, actor, weekday: int, opens, closes,
                      kind: str) -> OpeningHours:
    block = OpeningHours.objects.create(contact_point=contact_point, weekday=weekday,
                                        opens=opens, closes=closes, kind=kind)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=block,
                 contact_point=contact_point, changes=["weekday", "opens", "closes", "kind"])
    return block


@transaction.atomic
def closure_add(*, contact_point, actor, closure: Closure) -> Closure:
    closure.contact_point = contact_point
    closure.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=closure,
                 contact_point=contact_point, changes=["starts_on", "ends_on", "reason"])
    return closure


@transaction.atomic
def office_calendar_save(*, calendar: OfficeCalendar, actor, changes) -> OfficeCalendar:
    created = calendar.pk is None
    calendar.save()
    audit_record(actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE,
                 obj=calendar, contact_point=calendar.contact_point, changes=list(changes))
    return calendar


@transaction.atomic
def hours_entry_remove(*, contact_point, actor, model, pk: int) -> None:
    """Remove one block of hours or one closure of the office (another office's: nothing)."""
    found = model.objects.filter(contact_point=contact_point, pk=pk).first()
    if found is None:
        return
    audit_record(actor=actor, action=AuditAction.DELETE, obj=found,
                 contact_point=contact_point)
    found.delete()


# --- an adviser's own settings ------------------------------------------------------------

def adviser_calendar(*, user) -> AdviserCalendar:
    found, _created = AdviserCalendar.objects.get_or_create(user=user)
    return found


def digest_set(*, user, enabled: bool) -> None:
    AdviserCalendar.objects.update_or_create(user=user, defaults={"daily_digest": enabled})


def feed_issue(*, user) -> str:
    """A new private feed address (the previous one stops working); the raw token."""
    raw, digest = token_new()
    AdviserCalendar.objects.update_or_create(
        user=user, defaults={"feed_digest": digest, "feed_created_at": timezone.now()})
    return raw


def feed_revoke(*, user) -> None:
    AdviserCalendar.objects.filter(user=user).update(feed_digest="", feed_created_at=None)


def feed_user(*, raw: str):
    if not token_well_formed(raw):
        return None
    found = (AdviserCalendar.objects.select_related("user")
             .filter(feed_digest=token_digest(raw), user__is_active=True).first())
    return found.user if found else None


def appointments_prune_contacts() -> int:
    """Forget the contact data of past bookings without a client record."""
    from django.conf import settings

    before = timezone.now() - timedelta(days=settings.KMB_APPOINTMENT_CONTACT_KEEP_DAYS)
    return Appointment.objects.filter(client__isnull=True, ends_at__lt=before).exclude(
        label="", email="", phone="").update(label="", email="", phone="", note="",
                                             cancel_digest="", move_digest="")
