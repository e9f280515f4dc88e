"""Municipal flats: letting programmes, their published scoring rules, applications and
their household, scores with history, waiting lists, flat offers, interests and the
allocation of an offered flat.

A municipal flat is a housing ``Flat`` whose owner is a municipality; it belongs to one
programme (``ProgrammeFlat``). Rules are versioned data (``RuleSet``): a new version is a
new row, never an edit of a published one, so every stored score names the exact rules
that produced it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.core.i18n import translated
from kmb.core.models import Municipality


class ProgrammeKind(models.TextChoices):
    SOCIAL = "social", _("social flats")
    SENIORS = "seniors", _("flats for seniors")
    KEY_PROFESSIONS = "key_professions", _("flats for key professions")
    SPECIAL = "special", _("special-purpose flats")
    BARRIER_FREE = "barrier_free", _("barrier-free flats")
    STARTER = "starter", _("start-up flats for young people")
    GENERAL = "general", _("other municipal flats")


class Programme(models.Model):
    """A way a municipality lets its flats: target group, conditions, rules, waiting list."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    kind = models.CharField(_("kind of programme"), max_length=20,
                            choices=ProgrammeKind.choices, default=ProgrammeKind.SOCIAL)
    name = models.CharField(_("name (Czech)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=200, blank=True)
    target_group = models.TextField(_("for whom (Czech)"), blank=True)
    target_group_en = models.TextField(_("for whom (English)"), blank=True)
    target_group_uk = models.TextField(_("for whom (Ukrainian)"), blank=True)
    conditions = models.TextField(_("other conditions (Czech)"), blank=True)
    conditions_en = models.TextField(_("other conditions (English)"), blank=True)
    conditions_uk = models.TextField(_("other conditions (Ukrainian)"), blank=True)
    how_to_apply = models.TextField(_("how to apply (Czech)"), blank=True)
    how_to_apply_en = models.TextField(_("how to apply (English)"), blank=True)
    how_to_apply_uk = models.TextField(_("how to apply (Ukrainian)"), blank=True)
    # eligibility (checked on every application; empty means no condition)
    min_age = models.PositiveSmallIntegerField(_("applicant at least (years)"), null=True,
                                               blank=True)
    max_age = models.PositiveSmallIntegerField(_("applicant at most (years)"), null=True,
                                               blank=True)
    max_income_per_person = models.PositiveIntegerField(
        _("income at most (CZK a month per person)"), null=True, blank=True)
    min_tie_years = models.PositiveSmallIntegerField(
        _("living or working in the municipality at least (years)"), null=True, blank=True)
    requires_key_profession = models.BooleanField(_("only for key professions"),
                                                  default=False)
    requires_barrier_free_need = models.BooleanField(
        _("only for households that need barrier-free access"), default=False)
    accepts_portal_applications = models.BooleanField(_("applications on the portal"),
                                                      default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("letting programme")
        verbose_name_plural = _("letting programmes")
        indexes = [models.Index(fields=["contact_point", "active"]),
                   models.Index(fields=["municipality", "active"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return translated(self, "name")


class FitRule(models.Model):
    """Which households fit a flat of so many rooms (data, per programme)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="fit_rules")
    rooms = models.PositiveSmallIntegerField(_("rooms"))
    min_persons = models.PositiveSmallIntegerField(_("persons at least"))
    max_persons = models.PositiveSmallIntegerField(_("persons at most"))

    class Meta:
        ordering = ["rooms"]
        verbose_name = _("household size rule")
        verbose_name_plural = _("household size rules")
        constraints = [models.UniqueConstraint(fields=["programme", "rooms"],
                                               name="lettings_fit_rule_unique")]


class RuleSet(models.Model):
    """One version of a programme's scoring rules: criteria with points and exclusions.

    ``criteria`` is a list of ``{"code", "scheme", ...}`` (see ``kmb.lettings.scoring``),
    ``exclusions`` a list of exclusion codes. Published versions are never edited.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="rule_sets")
    version = models.PositiveIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    criteria = models.JSONField(_("criteria"), default=list)
    exclusions = models.JSONField(_("exclusions"), default=list)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "-valid_from", "-version"]
        verbose_name = _("scoring rules")
        verbose_name_plural = _("scoring rules")
        constraints = [models.UniqueConstraint(fields=["programme", "version"],
                                               name="lettings_ruleset_version_unique")]
        indexes = [models.Index(fields=["programme", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.programme} v{self.version}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    INCOMPLETE = "incomplete", _("incomplete")
    REGISTERED = "registered", _("registered")
    SUSPENDED = "suspended", _("suspended")
    REMOVED = "removed", _("removed")
    HOUSED = "housed", _("housed")


#: status → statuses it may move to (staff), the reasons they need are in the services
STATUS_FLOW = {
    ApplicationStatus.SUBMITTED: {ApplicationStatus.INCOMPLETE, ApplicationStatus.REGISTERED,
                                  ApplicationStatus.REMOVED},
    ApplicationStatus.INCOMPLETE: {ApplicationStatus.REGISTERED, ApplicationStatus.REMOVED},
    ApplicationStatus.REGISTERED: {ApplicationStatus.SUSPENDED, ApplicationStatus.REMOVED,
                                   ApplicationStatus.INCOMPLETE, ApplicationStatus.HOUSED},
    ApplicationStatus.SUSPENDED: {ApplicationStatus.REGISTERED, ApplicationStatus.REMOVED},
    ApplicationStatus.REMOVED: set(),
    ApplicationStatus.HOUSED: set(),
}


class ApplicationSource(models.TextChoices):
    PORTAL = "portal", _("portal")
    OFFICE = "office", _("at the office")


class Application(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT,
                                  related_name="applications", verbose_name=_("programme"))
    number = models.CharField(_("application number"), max_length=20, blank=True,
                              db_index=True)
    client = models.ForeignKey("cases.Client", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("client"))
    source = models.CharField(_("submitted"), max_length=10,
                              choices=ApplicationSource.choices,
                              default=ApplicationSource.OFFICE)
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    missing = models.JSONField(_("what is missing"), default=list, blank=True)
    complete_by = models.DateField(_("to be completed by"), null=True, blank=True)
    # the applicant (also a member of the household with relationship "applicant")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    street = models.CharField(_("current address"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, default="cs")
    # current housing (the consultations' code list) and what it costs
    housing_situation = models.ForeignKey("cases.HousingSituation", on_delete=models.PROTECT,
                                          related_name="+",
                                          verbose_name=_("current housing"))
    housing_cost = models.PositiveIntegerField(_("current housing costs (CZK a month)"),
                                               default=0)
    # ties to the municipality
    permanent_residence = models.BooleanField(_("permanent residence in the municipality"),
                                              default=False)
    residence_years = models.PositiveSmallIntegerField(
        _("years living in the municipality"), default=0)
    work_years = models.PositiveSmallIntegerField(_("years working in the municipality"),
                                                  default=0)
    key_profession = models.CharField(_("key profession (employer and job)"),
                                      max_length=200, blank=True)
    # special needs
    barrier_free_needed = models.BooleanField(_("needs a barrier-free flat"), default=False)
    min_rooms = models.PositiveSmallIntegerField(_("rooms at least"), null=True, blank=True)
    max_floor = models.SmallIntegerField(_("floor at most (without a lift)"), null=True,
                                         blank=True)
    needs_note = models.CharField(_("other needs"), max_length=300, blank=True)
    # exclusions the applicant declares (checked by the office)
    owns_home = models.BooleanField(_("owns a flat or a house"), default=False)
    debt_to_municipality = models.BooleanField(_("owes the municipality"), default=False)
    # the register
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    registration_expires_on = models.DateField(_("registration valid until"), null=True,
                                               blank=True)
    lapse_reminder_sent_on = models.DateField(null=True, blank=True)
    # the current score (its history is in ScoreRecord)
    score = models.IntegerField(_("score"), default=0)
    score_breakdown = models.JSONField(default=list, blank=True)
    score_excluded = models.JSONField(default=list, blank=True)
    #: an exclusion holds: not on the waiting list
    excluded = models.BooleanField(_("excluded"), default=False)
    #: persons in the household (kept with the members, for the size filters)
    persons = models.PositiveSmallIntegerField(_("persons"), default=1)
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    scored_at = models.DateTimeField(null=True, blank=True)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application for a municipal flat")
        verbose_name_plural = _("applications for a municipal flat")
        indexes = [
            models.Index(fields=["contact_point", "status", "created_at"]),
            models.Index(fields=["programme", "status", "excluded", "score", "registered_on"]),
            models.Index(fields=["programme", "status", "excluded", "-score", "registered_on",
                                 "id"], name="lettings_waiting_list_idx"),
            models.Index(fields=["status", "registration_expires_on"]),
            models.Index(fields=["client"]),
        ]

    def __str__(self) -> str:
        return self.number or str(self.uuid)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_registered(self) -> bool:
        return self.status == ApplicationStatus.REGISTERED


class MemberRelationship(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    PARTNER = "partner", _("spouse or partner")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    OTHER = "other", _("other relative or person")


class ApplicationMember(models.Model):
    """A person of the applying household (the applicant included) and their income."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="members")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    relationship = models.CharField(_("relationship to the applicant"), max_length=12,
                                    choices=MemberRelationship.choices,
                                    default=MemberRelationship.OTHER)
    income = models.PositiveIntegerField(_("net income (CZK a month)"), default=0)
    disability = models.BooleanField(_("disability or long-term illness"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", _("identity document of the applicant")
    INCOME = "income", _("proof of the household's incomes")
    HOUSING = "housing", _("proof of the current housing (lease, accommodation contract)")
    RESIDENCE = "residence", _("proof of living or working in the municipality")
    HEALTH = "health", _("medical report or disability decision")
    EMPLOYER = "employer", _("employer's confirmation of the key profession")


class ApplicationDocument(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="documents")
    kind = models.CharField(_("document"), max_length=12, choices=DocumentKind.choices)
    image = models.FileField(max_length=200, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    #: seen at the office on paper (no upload)
    seen_at_office = models.BooleanField(_("seen at the office"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "created_at"]
        indexes = [models.Index(fields=["application", "kind"])]


class StatusChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=ApplicationStatus.choices,
                                   blank=True)
    to_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["application", "at"]),
                   models.Index(fields=["to_status", "at"])]


class ScoringRun(models.Model):
    """Re-scoring every open application of a programme (a background task)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="runs")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=300, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (
            100 if self.status == self.Status.DONE else 0)


class ScoreRecord(models.Model):
    """One computed score of an application, with the rules that produced it and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="scores")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    rule_version = models.PositiveIntegerField()
    total = models.IntegerField()
    breakdown = models.JSONField(default=list)
    excluded = models.JSONField(default=list)
    previous_total = models.IntegerField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    run = models.ForeignKey(ScoringRun, on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["application", "at"])]


class ChangeKind(models.TextChoices):
    MEMBER_ADDED = "member_added", _("a new household member")
    MEMBER_LEFT = "member_left", _("a member left the household")
    INCOME = "income", _("a new income")
    HOUSING = "housing", _("a change of the current housing")
    OTHER = "other", _("another change")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the office")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("not confirmed")


class ChangeReport(models.Model):
    """A change the applicant reported in their account; staff confirm it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="change_reports")
    kind = models.CharField(_("what changed"), max_length=15, choices=ChangeKind.choices)
    data = models.JSONField(default=dict)
    note = models.CharField(_("details"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=ChangeStatus.choices,
                              default=ChangeStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decision_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["application", "status"])]


class LinkPurpose(models.TextChoices):
    VERIFY = "verify", _("verify the e-mail address")
    SIGN_IN = "sign_in", _("sign in to the applicant's account")


class ApplicantLink(models.Model):
    """A one-time e-mailed link: only its digest is kept; single-purpose, expiring."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                     related_name="links")
    purpose = models.CharField(max_length=10, choices=LinkPurpose.choices)
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["application", "purpose"])]


class LetterKind(models.TextChoices):
    REGISTRATION = "registration", _("confirmation of registration")
    COMPLETE = "complete", _("request to complete the application")
    OFFER = "offer", _("offer of a flat")
    REMOVAL = "removal", _("removal from the register")


class Letter(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="letters")
    kind = models.CharField(max_length=15, choices=LetterKind.choices)
    language = models.CharField(max_length=5, default="cs")
    pdf = models.FileField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class ProgrammeFlat(models.Model):
    """A municipal flat (a housing flat owned by a municipality) and its programme."""

    flat = models.OneToOneField("housing.Flat", on_delete=models.CASCADE,
                                related_name="programme_link")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="flats")

    class Meta:
        verbose_name = _("municipal flat")
        verbose_name_plural = _("municipal flats")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("being prepared")
    OPEN = "open", _("open for interest")
    ALLOCATING = "allocating", _("being allocated")
    LET = "let", _("let")
    CANCELLED = "cancelled", _("cancelled")


class Offer(models.Model):
    """A municipal flat published on the portal for a window in which applicants of its
    programme express interest; then allocated by score."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    flat = models.ForeignKey("housing.Flat", on_delete=models.PROTECT,
                             related_name="municipal_offers", verbose_name=_("flat"))
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="offers",
                                  verbose_name=_("programme"))
    status = models.CharField(_("status"), max_length=12, choices=OfferStatus.choices,
                              default=OfferStatus.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closes_at = models.DateTimeField(_("interest until"), null=True, blank=True)
    min_persons = models.PositiveSmallIntegerField(_("household of at least"), default=1)
    max_persons = models.PositiveSmallIntegerField(_("household of at most"), default=1)
    note = models.TextField(_("note for applicants"), blank=True)
    refusals = models.PositiveSmallIntegerField(_("refusals"), default=0)
    #: the anonymised result shown on the portal once the flat is let
    result = models.JSONField(default=dict, blank=True)
    let_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("flat offer")
        verbose_name_plural = _("flat offers")
        indexes = [models.Index(fields=["status", "closes_at"]),
                   models.Index(fields=["contact_point", "status", "created_at"])]

    def __str__(self) -> str:
        return str(self.flat)

    @property
    def window_open(self) -> bool:
        return (self.status == OfferStatus.OPEN and self.closes_at is not None
                and self.closes_at > timezone.now())


class Interest(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="interests")
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="interests")
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["offer", "application"],
                                               name="lettings_interest_unique")]
        indexes = [models.Index(fields=["application", "withdrawn_at"])]


class DecisionOutcome(models.TextChoices):
    OFFERED = "offered", _("offered, waiting for the answer")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")
    SKIPPED = "skipped", _("passed over")


class Allocation(models.Model):
    """The flat offered to one interested applicant, in the order of the ranking, and the
    answer. The ranking position and the score at that moment are kept."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="allocations")
    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="allocations")
    rank = models.PositiveSmallIntegerField(_("position"))
    score = models.IntegerField(_("score"))
    breakdown = models.JSONField(default=list)
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices,
                               default=DecisionOutcome.OFFERED)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    offered_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    proposal = models.OneToOneField("housing.Proposal", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="allocation")

    class Meta:
        ordering = ["offer", "offered_at", "pk"]
        indexes = [models.Index(fields=["offer", "outcome"])]
