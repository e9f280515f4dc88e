"""The statutory register of persons in need of housing support (zákon 175/2025 Sb.).

A :class:`Procedure` is one application to be entered in the register, handled as an
administrative procedure under the správní řád. Its steps are recorded as an append-only
list of :class:`Step` rows; which step may follow which is data (``data/workflow.yaml``,
read by :mod:`kmb.register.workflow`). Letters are stored immutably with their reference
number (číslo jednací) and the SHA-256 of their PDF.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProcedurePath(models.TextChoices):
    NEED = "need", _("person in need of housing support (§ 13–21)")
    ASSISTANCE = "assistance", _("need of housing assistance only (§ 22)")


class Channel(models.TextChoices):
    PAPER = "paper", _("on paper at the office")
    PORTAL = "portal", _("through the portal")
    DATA_BOX = "data_box", _("by data box")
    POST = "post", _("by post")


class State(models.TextChoices):
    FILED = "filed", _("application filed")
    EXAMINATION = "examination", _("being examined")
    DEFECTS = "defects", _("suspended: defects to remedy")
    OPINION_REQUESTED = "opinion_requested", _("binding opinion requested")
    OPINION_RECEIVED = "opinion_received", _("binding opinion received")
    EVIDENCE = "evidence", _("applicant invited to see the evidence")
    ENTERED = "entered", _("entered in the register")
    REFUSED = "refused", _("refused (appeal period running)")
    APPEALED = "appealed", _("appealed")
    REFUSED_FINAL = "refused_final", _("refused, final")
    ENDED = "ended", _("entry ended or removed")


#: States in which nothing is running any more.
CLOSED_STATES = (State.REFUSED_FINAL, State.ENDED)


class TieKind(models.TextChoices):
    RESIDENCE = "residence", _("permanent residence in the district")
    LIVING = "living", _("living in the district for 2 years")
    WORK = "work", _("working in the district for 2 years")
    STUDY = "study", _("studying in the district for 2 years")


class OpinionResult(models.TextChoices):
    FAVOURABLE = "favourable", _("favourable")
    UNFAVOURABLE = "unfavourable", _("unfavourable")


class RefusalReason(models.TextChoices):
    """Why an application was refused, for the reports (the reasoning itself is text)."""

    INCOME = "income", _("income or assets over the limit (binding opinion)")
    NOT_IN_NEED = "not_in_need", _("not in housing need")
    NO_TIE = "no_tie", _("no tie to the district")
    OTHER = "other", _("other reason")


class Procedure(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    client = models.ForeignKey("cases.Client", on_delete=models.PROTECT,
                               related_name="register_procedures", verbose_name=_("applicant"))
    path = models.CharField(_("kind of entry"), max_length=20, choices=ProcedurePath.choices,
                            default=ProcedurePath.NEED)
    channel = models.CharField(_("filed"), max_length=20, choices=Channel.choices,
                               default=Channel.PAPER)
    state = models.CharField(_("state"), max_length=30, choices=State.choices,
                             default=State.FILED, db_index=True)
    filed_on = models.DateField(_("filed on"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+",
                                verbose_name=_("responsible officer"))
    # empty for an application the person filed themselves through the public portal
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("prepared by"))
    extended = models.BooleanField(_("inquiry or complex case (+30 days)"), default=False)
    tie_kind = models.CharField(_("tie to the district"), max_length=20,
                                choices=TieKind.choices, blank=True)
    tie_evidence = models.CharField(_("evidence of the tie"), max_length=300, blank=True)
    declaration_signed_on = models.DateField(_("declaration signed on"), null=True, blank=True)
    opinion_result = models.CharField(_("binding opinion"), max_length=20,
                                      choices=OpinionResult.choices, blank=True)
    entered_on = models.DateField(_("entered on"), null=True, blank=True)
    valid_until = models.DateField(_("entry valid until"), null=True, blank=True)
    appeal_filed_on = models.DateField(_("appeal filed on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # the nearest running deadline, recomputed by the services after every step
    next_due = models.DateField(_("next deadline"), null=True, blank=True, db_index=True)
    next_due_kind = models.CharField(max_length=30, blank=True)
    next_due_basis = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("register procedure")
        verbose_name_plural = _("register procedures")
        indexes = [models.Index(fields=["contact_point", "state", "next_due"])]

    def __str__(self) -> str:
        return f"{self.get_path_display()} {self.filed_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_STATES


class Suspension(models.Model):
    """The procedure was suspended (SŘ § 64): the clock of the decision stood still."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE,
                                  related_name="suspensions")
    first_day = models.DateField(_("suspended from"))
    last_day = models.DateField(_("suspended until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["first_day", "id"]


class Step(models.Model):
    """One step of a procedure: who did what, on which day, with which document."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("step"), max_length=40)
    state_before = models.CharField(max_length=30, blank=True)
    state_after = models.CharField(max_length=30)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # empty only for the filing of an application through the public portal
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", verbose_name=_("who"))
    note = models.TextField(_("record"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("Steps of a procedure cannot be changed.")
        super().save(*args, **kwargs)

    @property
    def who(self) -> str:
        if self.actor_id is None:
            return str(_("the applicant, through the public portal"))
        return self.actor.display_name

    @property
    def label(self) -> str:
        from kmb.register.workflow import LABELS

        return str(LABELS.get(self.action, self.action))


class ReferenceSequence(models.Model):
    """The last číslo jednací issued by one office in one year."""

    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact_point", "year"],
                                               name="register_sequence_unique")]


class LetterKind(models.TextChoices):
    DEFECTS = "defects", _("request to remedy defects and notice of suspension")
    EVIDENCE = "evidence", _("invitation to see the evidence")
    ENTRY = "entry", _("notification of entry in the register")
    REFUSAL = "refusal", _("decision refusing the entry")
    REMOVAL = "removal", _("notification of removal from the register")


#: Fields of a letter that may change after it is issued: its delivery.
DELIVERY_FIELDS = frozenset({"ready_on", "delivered_on"})


class Letter(models.Model):
    """A letter or decision as issued: the PDF never changes after it is stored."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="letters")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, null=True, related_name="letters")
    kind = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices)
    year = models.PositiveIntegerField()
    number = models.PositiveIntegerField()
    reference = models.CharField(_("reference number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("signed by"))
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    period_days = models.PositiveSmallIntegerField(
        _("period set in the letter (days)"), null=True, blank=True)
    ready_on = models.DateField(_("ready for collection on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    # which wording made the letter: {part: version of the office's text, or 0 = default}
    text_versions = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "number"]
        constraints = [models.UniqueConstraint(fields=["contact_point", "year", "number"],
                                               name="register_letter_number_unique")]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= DELIVERY_FIELDS:
                raise RuntimeError("An issued letter cannot be changed, only its delivery.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("An issued letter cannot be deleted.")


class OfficeSettings(models.Model):
    """How an office signs its letters: the authority's name and the reference prefix."""

    contact_point = models.OneToOneField("accounts.ContactPoint", on_delete=models.CASCADE,
                                         related_name="+")
    authority = models.CharField(_("authority"), max_length=200,
                                 help_text=_("The authority that issues the letters, e.g. "
                                             "Městský úřad Kutná Hora."))
    department = models.CharField(_("department"), max_length=200, blank=True)
    reference_prefix = models.CharField(_("reference prefix"), max_length=30,
                                        help_text=_("The start of every reference number, "
                                                    "e.g. MUKH/KMB."))
    appeal_authority = models.CharField(_("appeal authority"), max_length=200,
                                        help_text=_("The regional office that decides "
                                                    "appeals, e.g. Krajský úřad "
                                                    "Středočeského kraje."))

    class Meta:
        verbose_name = _("register settings of an office")
        verbose_name_plural = _("register settings of offices")


class LetterPart(models.TextChoices):
    TITLE = "title", _("title")
    STATEMENT = "statement", _("statement")
    REASONING = "reasoning", _("reasoning")
    INSTRUCTION = "instruction", _("instruction")


class LetterText(models.Model):
    """One version of an office's own wording of one part of a letter, replacing the
    default text. Versions are never changed: a new wording is a new row, the latest one
    is in force, and every issued letter records which versions it was made from (its PDF
    is stored anyway, so an issued letter never changes).

    Placeholders in braces (``{applicant}``, ``{filed_on}``, ``{due_days}``…) are filled in;
    the list is shown on the editing page. An empty text returns to the default wording.
    """

    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.CASCADE,
                                      related_name="+")
    kind = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices)
    part = models.CharField(_("part"), max_length=20, choices=LetterPart.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    text = models.TextField(_("text"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("changed by"))
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["kind", "part", "-version"]
        verbose_name = _("letter text of an office")
        verbose_name_plural = _("letter texts of offices")
        constraints = [models.UniqueConstraint(fields=["contact_point", "kind", "part",
                                                       "version"],
                                               name="register_letter_text_version_unique")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("A version of a letter text cannot be changed.")
        super().save(*args, **kwargs)


class DeadlineReminder(models.Model):
    """A reminder sent to the responsible officer before a deadline (sent once)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE,
                                  related_name="reminders")
    kind = models.CharField(max_length=30)
    due = models.DateField()
    working_days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["procedure", "kind", "due", "working_days_before"],
            name="register_reminder_once")]


class Provider(models.Model):
    """Who provides a support measure (a municipality, an NGO, a social housing provider)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    name = models.CharField(_("name"), max_length=200)
    ico = models.CharField(_("company ID (IČO)"), max_length=8, blank=True)
    managed_flats = models.PositiveIntegerField(
        _("flats managed in the system"), default=0,
        help_text=_("Decides the flat management contribution (providers with up to 50 "
                    "flats)."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name


class MeasureKind(models.TextChoices):
    ASSISTANCE = "assistance", _("housing assistance")
    GUARANTEED_TENANCY = "guaranteed_tenancy", _("guaranteed tenancy")
    SUBLEASE = "sublease", _("sublease housing")
    MUNICIPAL = "municipal", _("supported municipal housing")


#: Measures that live in a particular flat.
FLAT_MEASURES = (MeasureKind.GUARANTEED_TENANCY, MeasureKind.SUBLEASE, MeasureKind.MUNICIPAL)


class MeasureEndReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("housing secured, support no longer needed")
    LEASE_ENDED = "lease_ended", _("the lease ended")
    MOVED = "moved", _("moved away")
    REFUSED_COOPERATION = "refused", _("support refused or cooperation ended")
    ENTRY_ENDED = "entry_ended", _("entry in the register ended")
    OTHER = "other", _("other reason")


class SupportMeasure(models.Model):
    """A support measure for a household entered in the register."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT,
                                  related_name="measures")
    kind = models.CharField(_("measure"), max_length=30, choices=MeasureKind.choices)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="measures",
                                 verbose_name=_("provider"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=20,
                                  choices=MeasureEndReason.choices, blank=True)
    bridging_until = models.DateField(_("bridging support until"), null=True, blank=True)
    flat = models.ForeignKey("housing.Flat", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="support_measures", verbose_name=_("flat"))
    lease = models.ForeignKey("housing.Lease", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="support_measures",
                              verbose_name=_("lease"))
    # what was typed before measures were linked to the flats of the housing supply; kept
    # for the measures that no flat could be found for, never written any more
    flat_label = models.CharField(_("flat as recorded earlier"), max_length=200, blank=True,
                                  editable=False)
    first_entry_of_flat = models.BooleanField(
        _("first time this flat and owner enter the system"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("support measure")
        verbose_name_plural = _("support measures")
        indexes = [models.Index(fields=["contact_point", "starts_on", "ends_on"])]

    @property
    def flat_display(self) -> str:
        """The flat's address: the linked flat, or what was typed before links existed."""
        return str(self.flat) if self.flat_id else self.flat_label


class AssistanceRecord(models.Model):
    """Time given in housing assistance: hours or a visit on a day."""

    measure = models.ForeignKey(SupportMeasure, on_delete=models.CASCADE,
                                related_name="assistance")
    on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"))
    visit = models.BooleanField(_("visit in the home"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["on", "id"]
