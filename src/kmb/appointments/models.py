"""Opening hours, closures and availability (the data slots are made from), appointments,
the messages sent about them, and each adviser's calendar settings (digest, iCal feed)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class HoursKind(models.TextChoices):
    OPEN = "open", _("open to everyone")
    APPOINTMENT = "appointment", _("by appointment only")


class OfficeCalendar(models.Model):
    """How a contact point books: the length of a slot and how far ahead people book."""

    contact_point = models.OneToOneField("accounts.ContactPoint", on_delete=models.CASCADE,
                                         related_name="calendar")
    slot_minutes = models.PositiveSmallIntegerField(_("length of a slot (minutes)"),
                                                    default=45)
    book_days_ahead = models.PositiveSmallIntegerField(_("booking possible for days ahead"),
                                                       default=21)
    min_notice_hours = models.PositiveSmallIntegerField(
        _("booking at least hours ahead"), default=2)
    online_booking = models.BooleanField(_("residents book on the portal"), default=True)
    hours_note = models.CharField(_("note to the opening hours"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("office calendar")
        verbose_name_plural = _("office calendars")

    def __str__(self) -> str:
        return str(self.contact_point)


class OpeningHours(models.Model):
    """One block of a week: Monday 8:00–12:00, open to everyone or by appointment."""

    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.CASCADE,
                                      related_name="opening_blocks")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("from"))
    closes = models.TimeField(_("to"))
    kind = models.CharField(_("kind"), max_length=12, choices=HoursKind.choices,
                            default=HoursKind.OPEN)

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        indexes = [models.Index(fields=["contact_point", "weekday"])]
        constraints = [models.CheckConstraint(condition=Q(closes__gt=models.F("opens")),
                                              name="appt_hours_closes_after_opens")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """Days the office is closed besides public holidays (holiday leave, a move)."""

    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.CASCADE,
                                      related_name="closures")
    starts_on = models.DateField(_("closed from"))
    ends_on = models.DateField(_("closed until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        indexes = [models.Index(fields=["contact_point", "ends_on"])]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="appt_closure_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"


class Availability(models.Model):
    """When an adviser receives people by appointment (within the office's hours)."""

    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.CASCADE,
                                      related_name="+")
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="availability", verbose_name=_("adviser"))
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("to"))

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name = _("adviser's availability")
        verbose_name_plural = _("advisers' availability")
        indexes = [models.Index(fields=["contact_point", "weekday"])]
        constraints = [models.CheckConstraint(condition=Q(ends__gt=models.F("starts")),
                                              name="appt_availability_ends_after_start")]


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("by phone")
    OUTREACH = "outreach", _("outreach")


class Status(models.TextChoices):
    BOOKED = "booked", _("booked")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not attend")
    CANCELLED = "cancelled", _("cancelled")


class Source(models.TextChoices):
    STAFF = "staff", _("staff")
    PORTAL = "portal", _("public portal")


#: Statuses that hold the adviser's time.
HOLDING = [Status.BOOKED, Status.ATTENDED, Status.NO_SHOW]


class Appointment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="appointments")
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="appointments", verbose_name=_("adviser"))
    client = models.ForeignKey("cases.Client", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="appointments",
                               verbose_name=_("client"))
    online_request = models.ForeignKey("cases.OnlineRequest", on_delete=models.SET_NULL,
                                       null=True, blank=True, related_name="+")
    # who comes when there is no client record (a first visit, an anonymous consultation)
    label = models.CharField(_("name or nickname"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("how"), max_length=12, choices=Mode.choices,
                            default=Mode.IN_PERSON)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.BOOKED)
    source = models.CharField(_("booked by"), max_length=10, choices=Source.choices,
                              default=Source.STAFF)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # contact for confirmations and reminders, each used only with its consent
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    remind_email = models.BooleanField(_("remind by e-mail"), default=False)
    remind_sms = models.BooleanField(_("remind by SMS"), default=False)
    language = models.CharField(_("language"), max_length=5, default="cs")
    # the booking's own links (cancel, move): only digests are kept; valid until the start
    cancel_digest = models.CharField(max_length=64, blank=True, db_index=True)
    move_digest = models.CharField(max_length=64, blank=True, db_index=True)
    consultation = models.ForeignKey("cases.Consultation", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["contact_point", "starts_at"]),
                   models.Index(fields=["adviser", "starts_at"]),
                   models.Index(fields=["client", "starts_at"])]
        constraints = [
            # one adviser, one start: two bookings of the same slot cannot both hold
            models.UniqueConstraint(fields=["adviser", "starts_at"],
                                    condition=~Q(status="cancelled"),
                                    name="appt_one_booking_per_adviser_slot"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="appt_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    @property
    def who(self) -> str:
        if self.client_id:
            return self.client.display_name
        return self.label or str(_("anonymous"))

    @property
    def initials(self) -> str:
        """What the iCal feed shows of the person: initials only."""
        if self.client_id:
            parts = [self.client.first_name, self.client.last_name]
        else:
            parts = (self.label or "").split()
        letters = "".join(p.strip()[0].upper() for p in parts if p and p.strip())
        return letters[:3] or "–"

    @property
    def is_open(self) -> bool:
        return self.status == Status.BOOKED


class MessageKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("booking confirmation")
    REMINDER = "reminder", _("reminder the day before")


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    RETRYING = "retrying", _("will be tried again")
    SENT = "sent", _("sent")
    FAILED = "failed", _("could not be sent")


class AppointmentMessage(models.Model):
    """One message to the client about one appointment: at most one of each kind and
    channel (so a reminder is sent once however often the daily run starts)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE,
                                    related_name="messages")
    kind = models.CharField(max_length=14, choices=MessageKind.choices)
    channel = models.CharField(max_length=6, choices=Channel.choices)
    # the appointment's start the message was made for (a moved booking is told again)
    for_start = models.DateTimeField()
    status = models.CharField(max_length=10, choices=MessageStatus.choices,
                              default=MessageStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(
            fields=["appointment", "kind", "channel", "for_start"],
            name="appt_message_once")]
        indexes = [models.Index(fields=["status", "created_at"])]


class AdviserCalendar(models.Model):
    """An adviser's own settings: the daily digest and the private iCal feed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="adviser_calendar")
    daily_digest = models.BooleanField(_("send me the daily digest"), default=True)
    feed_digest = models.CharField(max_length=64, blank=True, db_index=True)
    feed_created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("adviser's calendar settings")
        verbose_name_plural = _("advisers' calendar settings")


class DigestSent(models.Model):
    """The digest of one day went to one adviser: it is not sent twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"],
                                               name="appt_digest_once_a_day")]
