"""Housing supply: owners (landlords) and SVJ, their flats and photos, what a household
needs, proposals of a flat to a household, leases and the follow-ups of new tenancies."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.core.models import CodeListItem, Municipality, MunicipalityPart


class OwnerKind(models.TextChoices):
    PERSON = "person", _("natural person")
    COMPANY = "company", _("company")
    MUNICIPALITY = "municipality", _("municipality")
    SVJ = "svj", _("owners' association (SVJ) or building manager")


class OwnerSource(models.TextChoices):
    STAFF = "staff", _("entered by staff")
    PORTAL = "portal", _("offered on the portal")


class Landlord(models.Model):
    """An owner as a client of the contact point (pronajímatel, SVJ, správce)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    kind = models.CharField(_("kind of owner"), max_length=20, choices=OwnerKind.choices,
                            default=OwnerKind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    ico = models.CharField(_("company ID (IČO)"), max_length=8, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("municipality"))
    consent_given_on = models.DateField(_("consent to keep the data given on"), null=True,
                                        blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=OwnerSource.choices,
                              default=OwnerSource.STAFF)
    #: A contact from the portal waits in the office's queue until someone takes it up.
    reviewed = models.BooleanField(_("taken up by the office"), default=True)
    name_search = models.CharField(max_length=200, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        indexes = [models.Index(fields=["contact_point", "name_search"]),
                   models.Index(fields=["contact_point", "reviewed"])]

    def __str__(self) -> str:
        return self.name


class OwnerAccount(models.Model):
    """A user who answers proposals for the flats of one owner (the owner, a person of an
    SVJ or of a building manager); created by an administrator."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="owner_accounts")
    landlord = models.ForeignKey(Landlord, on_delete=models.CASCADE, related_name="accounts",
                                 verbose_name=_("owner"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("owner account")
        verbose_name_plural = _("owner accounts")
        constraints = [models.UniqueConstraint(fields=["user", "landlord"],
                                               name="owner_account_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.landlord}"


class OwnerTopic(CodeListItem):
    """What an owner comes with (their own list, not the clients' topics)."""

    class Meta(CodeListItem.Meta):
        verbose_name = _("owner consultation topic")
        verbose_name_plural = _("owner consultation topics")


class OwnerConsultation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    landlord = models.ForeignKey(Landlord, on_delete=models.CASCADE,
                                 related_name="consultations")
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    topics = models.ManyToManyField(OwnerTopic, related_name="+", verbose_name=_("topics"))
    notes = models.TextField(_("what was advised"), blank=True)
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("owner consultation")
        verbose_name_plural = _("owner consultations")
        indexes = [models.Index(fields=["landlord", "occurred_at"])]


class SupportMeasure(models.TextChoices):
    NONE = "none", _("no support measure")
    GUARANTEED = "guaranteed", _("guaranteed tenancy")
    SUBLEASE = "sublease", _("sublease housing")
    SUPPORTED_MUNICIPAL = "municipal", _("supported municipal housing")


class FlatStatus(models.TextChoices):
    PREPARATION = "preparation", _("in preparation")
    OFFERED = "offered", _("offered")
    RESERVED = "reserved", _("reserved")
    LET = "let", _("let")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Flat(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    landlord = models.ForeignKey(Landlord, on_delete=models.PROTECT, related_name="flats",
                                 verbose_name=_("owner"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    municipality_part = models.ForeignKey(MunicipalityPart, on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("part of the municipality"))
    street = models.CharField(_("street"), max_length=150, blank=True)
    house_number = models.CharField(_("house number"), max_length=20)
    flat_number = models.CharField(_("flat number"), max_length=20, blank=True)
    floor = models.SmallIntegerField(_("floor"), default=0)
    lift = models.BooleanField(_("lift in the building"), default=False)
    area_m2 = models.DecimalField(_("size (m²)"), max_digits=6, decimal_places=1)
    layout = models.CharField(_("layout"), max_length=10)
    rooms = models.PositiveSmallIntegerField(_("rooms"), editable=False, default=1)
    rent = models.PositiveIntegerField(_("rent (CZK a month)"))
    service_advances = models.PositiveIntegerField(_("service advances (CZK a month)"),
                                                   default=0)
    energy_estimate = models.PositiveIntegerField(_("energy estimate (CZK a month)"),
                                                  default=0)
    deposit = models.PositiveIntegerField(_("deposit (CZK)"), default=0)
    barrier_free = models.BooleanField(_("barrier-free access"), default=False)
    pets_allowed = models.BooleanField(_("pets allowed"), default=False)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    min_lease_months = models.PositiveSmallIntegerField(_("minimum lease term (months)"),
                                                        null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=FlatStatus.choices,
                              default=FlatStatus.PREPARATION)
    measure = models.CharField(_("offered under the measure"), max_length=12,
                               choices=SupportMeasure.choices, default=SupportMeasure.NONE)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("flat")
        verbose_name_plural = _("flats")
        indexes = [models.Index(fields=["contact_point", "status", "updated_at"]),
                   models.Index(fields=["contact_point", "municipality"])]

    def __str__(self) -> str:
        return self.address

    @property
    def address(self) -> str:
        street = f"{self.street} {self.house_number}".strip()
        number = f", {_('flat')} {self.flat_number}" if self.flat_number else ""
        return f"{street}{number}, {self.municipality.name}"

    @property
    def monthly_cost(self) -> int:
        return self.rent + self.service_advances + self.energy_estimate


class FlatStatusChange(models.Model):
    flat = models.ForeignKey(Flat, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=FlatStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=FlatStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["flat", "at"])]


def _photo_path(instance: FlatPhoto, filename: str) -> str:
    # the name never carries what the uploader called the file
    return f"housing/flats/{instance.flat.uuid}/{instance.uuid}.jpg"


class FlatPhoto(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    flat = models.ForeignKey(Flat, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=_photo_path, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class HouseholdNeeds(models.Model):
    """What a household needs from a flat, taken from the client's case.

    The affordability table is computed with the DSSP estimator of the benefits app:
    for a range of monthly housing costs, the housing component the household would get.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    client = models.OneToOneField("cases.Client", on_delete=models.CASCADE,
                                  related_name="housing_needs")
    persons = models.PositiveSmallIntegerField(_("persons"), default=1)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    composition = models.CharField(_("composition"), max_length=200, blank=True)
    preferred_municipality_ids = models.JSONField(default=list, blank=True)
    preferred_district_ids = models.JSONField(default=list, blank=True)
    barrier_free_needed = models.BooleanField(_("needs barrier-free access"), default=False)
    has_pets = models.BooleanField(_("has pets"), default=False)
    earliest_move_in = models.DateField(_("earliest move-in date"), null=True, blank=True)
    housing_loss_date = models.DateField(_("housing lost by"), null=True, blank=True)
    consent_share_on = models.DateField(
        _("consent to share an anonymised profile with owners given on"), null=True,
        blank=True)
    #: Income the DSSP estimate counts (CZK a month) and [[cost, housing component], …]
    income = models.PositiveIntegerField(_("household income (CZK a month)"), null=True,
                                         blank=True)
    affordability = models.JSONField(default=list, blank=True)
    estimate_id = models.UUIDField(null=True, blank=True)
    waiting_since = models.DateField(_("looking for a flat since"), default=timezone.localdate)
    active = models.BooleanField(_("looking for a flat"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("household needs")
        verbose_name_plural = _("household needs")
        indexes = [models.Index(fields=["contact_point", "active"])]


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed to the owner")
    VIEWING = "viewing", _("viewing arranged")
    OWNER_ACCEPTED = "owner_accepted", _("accepted by the owner")
    OWNER_DECLINED = "owner_declined", _("declined by the owner")
    CLIENT_ACCEPTED = "client_accepted", _("accepted by the client")
    CLIENT_DECLINED = "client_declined", _("declined by the client")
    LEASED = "leased", _("lease signed")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_PROPOSAL = (ProposalStatus.PROPOSED, ProposalStatus.VIEWING,
                 ProposalStatus.OWNER_ACCEPTED, ProposalStatus.CLIENT_ACCEPTED)


class Proposal(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    flat = models.ForeignKey(Flat, on_delete=models.PROTECT, related_name="proposals")
    client = models.ForeignKey("cases.Client", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices,
                              default=ProposalStatus.PROPOSED)
    rule_version = models.PositiveIntegerField(_("version of the matching rules"))
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    explanation = models.JSONField(default=list)
    #: the anonymised profile the owner sees (no name, no contact)
    profile = models.JSONField(default=dict)
    viewing_at = models.DateTimeField(_("viewing"), null=True, blank=True)
    owner_reason = models.CharField(_("owner's reason"), max_length=300, blank=True)
    client_reason = models.CharField(_("client's reason"), max_length=300, blank=True)
    token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["contact_point", "status", "created_at"]),
                   models.Index(fields=["client", "created_at"])]


class ProposalEvent(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=ProposalStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    actor_label = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Lease(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="lease")
    flat = models.ForeignKey(Flat, on_delete=models.PROTECT, related_name="leases")
    client = models.ForeignKey("cases.Client", on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("starts on"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True,
                                                   help_text=_("Empty for an indefinite term."))
    rent = models.PositiveIntegerField(_("rent (CZK a month)"))
    deposit = models.PositiveIntegerField(_("deposit (CZK)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("lease")
        verbose_name_plural = _("leases")


class FollowUpOutcome(models.TextChoices):
    HOUSED = "housed", _("housed")
    HOUSED_ARREARS = "housed_arrears", _("housed, with arrears")
    MOVED_ON = "moved_on", _("moved on as planned")
    LEASE_ENDED = "lease_ended", _("lease ended")
    LOST_CONTACT = "lost_contact", _("lost contact")


SUSTAINED_OUTCOMES = (FollowUpOutcome.HOUSED, FollowUpOutcome.HOUSED_ARREARS,
                      FollowUpOutcome.MOVED_ON)


class FollowUp(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    lease = models.ForeignKey(Lease, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after the start"))
    due_on = models.DateField(_("due on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=FollowUpOutcome.choices,
                               blank=True)
    note = models.CharField(_("note (why the lease ended)"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["contact_point", "outcome", "due_on"])]

