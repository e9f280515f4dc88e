"""Reference data shared by every part: territory, dated parameters, domain events."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.core.i18n import translated
from kmb.core.text import fold


class Region(models.Model):
    """Kraj."""

    code = models.CharField(_("RÚIAN code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """Okres."""

    code = models.CharField(_("RÚIAN code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class OrpDistrict(models.Model):
    """Správní obvod obce s rozšířenou působností (ORP): the municipalities for which one
    municipality with extended powers carries out state administration. Government
    regulation 418/2025 Sb. assigns contact points whole ORP districts."""

    code = models.CharField(_("code"), max_length=10, unique=True,
                            help_text=_("ČSÚ code of the ORP district (code list 65)."))
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="orp_districts")

    class Meta:
        ordering = ["name"]
        verbose_name = _("ORP district (municipality with extended powers)")
        verbose_name_plural = _("ORP districts (municipalities with extended powers)")

    def __str__(self) -> str:
        return self.name


class PouDistrict(models.Model):
    """Správní obvod pověřeného obecního úřadu (POÚ), part of an ORP district."""

    code = models.CharField(_("code"), max_length=10, unique=True,
                            help_text=_("ČSÚ code of the POÚ district (code list 61)."))
    name = models.CharField(_("name"), max_length=100)
    orp = models.ForeignKey(OrpDistrict, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="pou_districts", verbose_name=_("ORP district"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("POÚ district (authorised municipal office)")
        verbose_name_plural = _("POÚ districts (authorised municipal offices)")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """Obec, identified by its RÚIAN code."""

    code = models.CharField(_("RÚIAN code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_search = models.CharField(max_length=100, db_index=True, editable=False)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="municipalities")
    orp = models.ForeignKey(OrpDistrict, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="municipalities", verbose_name=_("ORP district"))
    pou = models.ForeignKey(PouDistrict, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="municipalities", verbose_name=_("POÚ district"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_search = fold(self.name)
        super().save(*args, **kwargs)


class CityDistrict(models.Model):
    """Městská část / městský obvod of a statutory city (Praha 7, Brno-střed…).

    A part of a municipality can lie in several city districts (it is split by postal
    codes), so districts are their own table, linked to the parts they cover.
    """

    code = models.CharField(_("RÚIAN code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_search = models.CharField(max_length=100, db_index=True, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="city_districts")

    class Meta:
        ordering = ["name"]
        verbose_name = _("city district")
        verbose_name_plural = _("city districts")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_search = fold(self.name)
        super().save(*args, **kwargs)


class MunicipalityPart(models.Model):
    """Část obce, with the city district (městská část/obvod) where there is one."""

    code = models.CharField(_("RÚIAN code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_search = models.CharField(max_length=100, db_index=True, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="parts")
    city_district_code = models.CharField(
        _("city district code"), max_length=10, blank=True,
        help_text=_("The first city district of the part; see city districts for all."))
    city_district_name = models.CharField(_("city district"), max_length=100, blank=True)
    city_districts = models.ManyToManyField(CityDistrict, related_name="parts", blank=True,
                                            verbose_name=_("city districts"))
    postal_codes = models.CharField(
        _("postal codes"), max_length=200, blank=True, help_text=_("Separated by spaces.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("part of a municipality")
        verbose_name_plural = _("parts of municipalities")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_search = fold(self.name)
        super().save(*args, **kwargs)


class DatedParameterQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> DatedParameterQuerySet:
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class DatedParameter(models.Model):
    """A value that law can change: valid in a date range, editable by an administrator."""

    key = models.CharField(_("key"), max_length=100, db_index=True)
    value = models.JSONField(_("value"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    to_be_confirmed = models.BooleanField(
        _("to be confirmed against the official text"), default=False
    )

    objects = DatedParameterQuerySet.as_manager()

    class Meta:
        ordering = ["key", "-valid_from"]
        verbose_name = _("dated parameter")
        verbose_name_plural = _("dated parameters")
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="dated_parameter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.valid_from})"


class CodeListItem(models.Model):
    """Base for code lists kept as data: a stable code and labels in our languages."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name_cs = models.CharField(_("name (Czech)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return translated(self, "name", original="name_cs")


class DomainEvent(models.Model):
    """An append-only fact for statistics: written by the services, never updated.

    It carries no personal data, only the dimensions statistics need, so figures for a
    past month stay the same and survive anonymisation of the case records.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=60)
    occurred_at = models.DateTimeField(default=timezone.now)
    recorded_at = models.DateTimeField(auto_now_add=True)
    contact_point = models.ForeignKey(
        "accounts.ContactPoint", on_delete=models.PROTECT, related_name="+", null=True
    )
    subject_id = models.UUIDField(null=True, help_text="Pseudonymous id of the case object.")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")
        indexes = [models.Index(fields=["contact_point", "kind", "occurred_at"])]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("Domain events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Domain events are append-only.")


class RateCounter(models.Model):
    """A counter of one rate limit in one time window, shared by every process.

    The key holds the kind of limit, a keyed hash of what is limited (an IP address, an
    e-mail address) and the number of the window: no address is stored in the clear.
    """

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self) -> str:
        return self.key


class WorkerHeartbeat(models.Model):
    """A background worker that is (or was) running; ``seen_at`` is its last sign of life.

    Tasks claimed by a worker that has not reported for longer than the lease
    (``KMB_WORKER_LEASE_SECONDS``) were abandoned: the worker died.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("background worker")
        verbose_name_plural = _("background workers")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    RETRYING = "retrying", _("not delivered yet, trying again")
    SENT = "sent", _("sent")
    FAILED = "failed", _("could not be sent")


class OutgoingMail(models.Model):
    """One e-mail on its way out: sent by the worker, tried again with growing pauses.

    ``reference`` names what the message is about (``referral:<uuid>``) so that the page of
    that object can show the person who caused the message whether it left.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=100, blank=True, db_index=True)
    triggered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html = models.TextField(blank=True)
    to = models.JSONField(default=list)
    status = models.CharField(_("status"), max_length=10, choices=MailStatus.choices,
                              default=MailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True,
                                  help_text="The kind of error only, no addresses.")
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.uuid} ({self.status})"

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so a copy delivered twice is recognisable."""
        return f"<{self.uuid}@kmb>"


class DailyJobRun(models.Model):
    """One day's run of a daily job (referral expiry, reminders, retention).

    The pair (job, day) is unique: of all the workers that find a job due, exactly one
    inserts the row and runs the job that day; the others see the row and leave it.
    """

    job = models.CharField(max_length=60)
    day = models.DateField()
    worker_id = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=None, null=True, blank=True)

    class Meta:
        ordering = ["-day", "job"]
        verbose_name = _("daily job run")
        verbose_name_plural = _("daily job runs")
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="daily_job_once")]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
