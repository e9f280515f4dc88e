"""The partner directory, modelled on Open Referral HSDS 3.0, and referrals to it.

Directory tables follow the HSDS tables one to one: the model of a table has the HSDS
field names, a foreign key named after the HSDS ``<name>_id`` column without ``_id``, and
the HSDS identifier as its primary key, so that an import keeps the identifiers and links
resolve without look-ups. What HSDS lacks and its users ask for is added beside it and
marked as an extension: the capacity of a service, translations of names and
descriptions, named contact persons for staff only, and the contact points that work with
a partner. The directory is shared by every contact point; referrals are not.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kmb.core.i18n import translated
from kmb.core.links import validate_http_url, validate_identifier_uri
from kmb.core.models import Municipality
from kmb.core.permissions import Role
from kmb.core.text import fold


def _text(verbose_name, **kwargs) -> models.TextField:
    return models.TextField(verbose_name, blank=True, default="", **kwargs)


def _url(verbose_name) -> models.TextField:
    """A web address: empty or http(s), never another scheme (``javascript:``…)."""
    return _text(verbose_name, validators=[validate_http_url])


def _uri(verbose_name) -> models.TextField:
    """An identifier: an http(s) address or a URN."""
    return _text(verbose_name, validators=[validate_identifier_uri])


def _link(to: str, verbose_name, related_name: str, *, required: bool = False,
          on_delete=models.CASCADE) -> models.ForeignKey:
    return models.ForeignKey(to, on_delete=on_delete, null=not required, blank=not required,
                             related_name=related_name, verbose_name=verbose_name)


class HsdsModel(models.Model):
    """A row of an HSDS table; ``id`` is the HSDS identifier (a UUID)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


# --------------------------------------------------------------------------------------
# Taxonomies
# --------------------------------------------------------------------------------------

class Taxonomy(HsdsModel):
    name = _text(_("name"))
    description = _text(_("description"))
    uri = _uri(_("URI"))
    version = _text(_("version"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(HsdsModel):
    code = _text(_("code"))
    name = _text(_("name"))
    name_en = _text(_("name (English)"), help_text=_("Extension of HSDS."))
    name_uk = _text(_("name (Ukrainian)"), help_text=_("Extension of HSDS."))
    description = _text(_("description"))
    parent = _link("self", _("parent term"), "children", on_delete=models.SET_NULL)
    taxonomy = _text(_("taxonomy name"))
    taxonomy_detail = _link(Taxonomy, _("taxonomy"), "terms", on_delete=models.SET_NULL)
    language = _text(_("language"))
    term_uri = _uri(_("term URI"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        indexes = [models.Index(fields=["taxonomy_detail", "code"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return translated(self, "name") or self.code


class Attribute(HsdsModel):
    """A classification of any directory row by a taxonomy term (HSDS ``attribute``).

    ``link_id`` names the row and ``link_entity`` its table; categories and target groups
    of a service are attributes, as HSDS intends.
    """

    link_id = models.UUIDField(_("linked row"), null=True, blank=True)
    taxonomy_term = _link(TaxonomyTerm, _("taxonomy term"), "attributes", required=True)
    link_type = _text(_("link type"))
    link_entity = _text(_("linked table"))
    value = _text(_("value"))

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        indexes = [models.Index(fields=["link_id"]),
                   models.Index(fields=["taxonomy_term", "link_entity"])]


class Metadata(HsdsModel):
    """The history of a directory row (HSDS ``metadata``): who changed which field when."""

    resource_id = models.UUIDField(_("changed row"), null=True, blank=True)
    resource_type = _text(_("changed table"))
    last_action_date = models.DateField(_("date of the change"), null=True, blank=True)
    last_action_type = _text(_("kind of change"))
    field_name = _text(_("field"))
    previous_value = _text(_("previous value"))
    replacement_value = _text(_("new value"))
    updated_by = _text(_("changed by"))
    recorded_at = models.DateTimeField(default=timezone.now, editable=False,
                                       help_text="Extension of HSDS: the exact time.")

    class Meta:
        ordering = ["-recorded_at", "-last_action_date"]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [models.Index(fields=["resource_id", "recorded_at"])]


class MetaTableDescription(HsdsModel):
    name = _text(_("name"))
    language = _text(_("language"))
    character_set = _text(_("character set"))

    class Meta:
        verbose_name = _("table description")
        verbose_name_plural = _("table descriptions")


# --------------------------------------------------------------------------------------
# Organizations, programs, services
# --------------------------------------------------------------------------------------

class Organization(HsdsModel):
    name = _text(_("name"))
    alternate_name = _text(_("alternate name"))
    description = _text(_("description"))
    description_en = _text(_("description (English)"))
    description_uk = _text(_("description (Ukrainian)"))
    email = _text(_("e-mail"))
    website = _url(_("website"))
    tax_status = _text(_("tax status"))
    tax_id = _text(_("tax identifier"))
    year_incorporated = models.FloatField(_("year incorporated"), null=True, blank=True)
    legal_status = _text(_("legal status"))
    logo = _url(_("logo URL"))
    uri = _uri(_("URI"))
    parent_organization = _link("self", _("parent organisation"), "children",
                                on_delete=models.SET_NULL)
    # extensions
    # extension: who keeps the entry up to date (see Maintained)
    maintainer = models.ForeignKey(
        "accounts.ContactPoint", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("maintained by (contact point)"),
        help_text=_("Empty: only administrators (and the partner, if ticked) edit it."))
    maintained_by_partner = models.BooleanField(
        _("maintained by the partner itself"), default=False,
        help_text=_("The organisation's own staff (partner accounts) edit it."))
    partner_of = models.ManyToManyField(
        "accounts.ContactPoint", blank=True, related_name="partner_organizations",
        verbose_name=_("contact points working with this partner"))
    name_search = models.TextField(blank=True, default="", editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_search()
        super().save(*args, **kwargs)

    def refresh_search(self) -> None:
        self.name_search = fold(f"{self.name} {self.alternate_name}")[:1000]

    @property
    def description_local(self) -> str:
        return translated(self, "description")


class OrganizationIdentifier(HsdsModel):
    organization = _link(Organization, _("organisation"), "organization_identifiers",
                         required=True)
    identifier_scheme = _text(_("identifier scheme"))
    identifier_type = _text(_("identifier type"))
    identifier = _text(_("identifier"))

    class Meta:
        verbose_name = _("organisation identifier")
        verbose_name_plural = _("organisation identifiers")


class Program(HsdsModel):
    organization = _link(Organization, _("organisation"), "programs", required=True)
    name = _text(_("name"))
    alternate_name = _text(_("alternate name"))
    description = _text(_("description"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    DEFUNCT = "defunct", _("defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")


class Capacity(models.TextChoices):
    """Whether a service takes referrals now (an extension of HSDS)."""

    UNKNOWN = "", _("not known")
    TAKING = "taking", _("taking referrals")
    WAITING_LIST = "waiting_list", _("waiting list")
    NOT_TAKING = "not_taking", _("not taking referrals")


class Service(HsdsModel):
    organization = _link(Organization, _("organisation"), "services", required=True)
    program = _link(Program, _("programme"), "services", on_delete=models.SET_NULL)
    name = _text(_("name"))
    name_en = _text(_("name (English)"))
    name_uk = _text(_("name (Ukrainian)"))
    alternate_name = _text(_("alternate name"))
    description = _text(_("description"))
    description_en = _text(_("description (English)"))
    description_uk = _text(_("description (Ukrainian)"))
    url = _url(_("website"))
    email = _text(_("e-mail"))
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus.choices,
                              default=ServiceStatus.ACTIVE)
    interpretation_services = _text(_("interpretation"))
    application_process = _text(_("how to apply"))
    fees_description = _text(_("fees"))
    wait_time = _text(_("wait time (deprecated)"))
    fees = _text(_("fees (deprecated)"))
    accreditations = _text(_("accreditations"))
    eligibility_description = _text(_("who the service is for"))
    minimum_age = models.FloatField(_("minimum age"), null=True, blank=True)
    maximum_age = models.FloatField(_("maximum age"), null=True, blank=True)
    assured_date = models.DateField(_("information checked on"), null=True, blank=True)
    assurer_email = _text(_("checked by (e-mail)"))
    licenses = _text(_("licences (deprecated)"))
    alert = _text(_("alert"))
    last_modified = models.DateTimeField(_("last modified"), null=True, blank=True)
    # extensions
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity.choices,
                                blank=True, default=Capacity.UNKNOWN)
    capacity_confirmed_on = models.DateField(_("capacity confirmed on"), null=True,
                                             blank=True)
    # extension: who keeps the entry up to date (see Maintained)
    maintainer = models.ForeignKey(
        "accounts.ContactPoint", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("maintained by (contact point)"),
        help_text=_("Empty: only administrators (and the partner, if ticked) edit it."))
    maintained_by_partner = models.BooleanField(
        _("maintained by the partner itself"), default=False,
        help_text=_("The organisation's own staff (partner accounts) edit it."))
    name_search = models.TextField(blank=True, default="", editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["status", "capacity"]),
                   models.Index(fields=["organization", "name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_search()
        super().save(*args, **kwargs)

    def refresh_search(self) -> None:
        self.name_search = fold(" ".join(filter(None, [
            self.name, self.alternate_name, self.name_en, self.name_uk])))[:1000]

    @property
    def name_local(self) -> str:
        return translated(self, "name")

    @property
    def description_local(self) -> str:
        return translated(self, "description")


# --------------------------------------------------------------------------------------
# Locations and what hangs on them
# --------------------------------------------------------------------------------------

class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("physical")
    POSTAL = "postal", _("postal")
    VIRTUAL = "virtual", _("virtual")


class Location(HsdsModel):
    location_type = models.CharField(_("kind of location"), max_length=10,
                                     choices=LocationType.choices,
                                     default=LocationType.PHYSICAL)
    url = _url(_("website"))
    organization = _link(Organization, _("organisation"), "locations",
                         on_delete=models.SET_NULL)
    name = _text(_("name"))
    alternate_name = _text(_("alternate name"))
    description = _text(_("description"))
    transportation = _text(_("how to get there"))
    transportation_en = _text(_("how to get there (English)"))
    transportation_uk = _text(_("how to get there (Ukrainian)"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    external_identifier = _text(_("external identifier"))
    external_identifier_type = _text(_("external identifier type"))
    # extension: the municipality of the physical address, for searching
    municipality = models.ForeignKey(Municipality, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("municipality"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or str(self.id)

    @property
    def transportation_local(self) -> str:
        return translated(self, "transportation")


# HSDS gives addresses the same three kinds as locations
AddressType = LocationType


class Address(HsdsModel):
    location = _link(Location, _("location"), "addresses")
    attention = _text(_("for the attention of"))
    address_1 = _text(_("street and number"))
    address_2 = _text(_("address, second line"))
    city = _text(_("town"))
    region = _text(_("district"))
    state_province = _text(_("region"))
    postal_code = _text(_("postal code"))
    country = _text(_("country"))
    address_type = models.CharField(_("kind of address"), max_length=10,
                                    choices=AddressType.choices, default=AddressType.PHYSICAL)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return ", ".join(filter(None, [self.address_1, self.address_2,
                                       f"{self.postal_code} {self.city}".strip()]))


class Accessibility(HsdsModel):
    location = _link(Location, _("location"), "accessibility")
    description = _text(_("description"))
    details = _text(_("details"))
    url = _url(_("URL"))

    class Meta:
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")


class ServiceAtLocation(HsdsModel):
    service = _link(Service, _("service"), "service_at_locations", required=True)
    location = _link(Location, _("location"), "service_at_locations", required=True)
    description = _text(_("description"))

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")


class Contact(HsdsModel):
    """A public contact of HSDS (e.g. "Reception"); published in the directory."""

    organization = _link(Organization, _("organisation"), "contacts")
    service = _link(Service, _("service"), "contacts")
    service_at_location = _link(ServiceAtLocation, _("service at a location"), "contacts")
    location = _link(Location, _("location"), "contacts")
    name = _text(_("name"))
    title = _text(_("title"))
    department = _text(_("department"))
    email = _text(_("e-mail"))

    class Meta:
        verbose_name = _("public contact")
        verbose_name_plural = _("public contacts")

    def __str__(self) -> str:
        return self.name or self.department or str(self.id)


class Phone(HsdsModel):
    location = _link(Location, _("location"), "phones")
    service = _link(Service, _("service"), "phones")
    organization = _link(Organization, _("organisation"), "phones")
    contact = _link(Contact, _("contact"), "phones")
    service_at_location = _link(ServiceAtLocation, _("service at a location"), "phones")
    number = _text(_("number"))
    extension = models.FloatField(_("extension"), null=True, blank=True)
    type = _text(_("type"))
    description = _text(_("description"))

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number


class Language(HsdsModel):
    service = _link(Service, _("service"), "languages")
    location = _link(Location, _("location"), "languages")
    phone = _link(Phone, _("phone"), "languages")
    name = _text(_("name"))
    code = _text(_("code"))
    note = _text(_("note"))

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name or self.code


class Weekday(models.TextChoices):
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("weekly")
    MONTHLY = "MONTHLY", _("monthly")


class Schedule(HsdsModel):
    """Opening hours as an RFC 5545 recurrence (HSDS ``schedule``)."""

    service = _link(Service, _("service"), "schedules")
    location = _link(Location, _("location"), "schedules")
    service_at_location = _link(ServiceAtLocation, _("service at a location"), "schedules")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    dtstart = models.DateField(_("first day"), null=True, blank=True)
    timezone = models.FloatField(_("time zone"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.FloatField(_("count"), null=True, blank=True)
    wkst = models.CharField(_("week starts on"), max_length=2, choices=Weekday.choices,
                            blank=True, default="")
    freq = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices,
                            blank=True, default="")
    interval = models.FloatField(_("interval"), null=True, blank=True)
    byday = _text(_("days"))
    byweekno = _text(_("weeks"))
    bymonthday = _text(_("days of the month"))
    byyearday = _text(_("days of the year"))
    description = _text(_("description"))
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    schedule_link = _url(_("schedule link"))
    attending_type = _text(_("how to attend"))
    notes = _text(_("notes"))

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    @property
    def days(self) -> list[str]:
        """Localised names of the days in ``byday`` ("MO,WE" -> ["Monday", "Wednesday"])."""
        labels = dict(Weekday.choices)
        found = []
        for part in self.byday.split(","):
            code = part.strip().upper()[-2:]
            if code in labels:
                found.append(str(labels[code]))
        return found


class ServiceArea(HsdsModel):
    service = _link(Service, _("service"), "service_areas")
    name = _text(_("name"))
    description = _text(_("description"))
    extent = _text(_("extent"))
    extent_type = _text(_("extent type"))
    uri = _url(_("URI"))
    # extension: the municipality named by the RÚIAN URI, for searching
    municipality = models.ForeignKey(Municipality, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("municipality"))

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return self.name


class CostOption(HsdsModel):
    service = _link(Service, _("service"), "cost_options", required=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    option = _text(_("option"))
    currency = _text(_("currency"))
    amount = models.FloatField(_("amount"), null=True, blank=True)
    amount_description = _text(_("amount description"))

    class Meta:
        verbose_name = _("cost option")
        verbose_name_plural = _("cost options")


class RequiredDocument(HsdsModel):
    service = _link(Service, _("service"), "required_documents")
    document = _text(_("document"))
    uri = _url(_("URI"))

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.document


class Funding(HsdsModel):
    organization = _link(Organization, _("organisation"), "funding")
    service = _link(Service, _("service"), "funding")
    source = _text(_("source"))

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")


# --------------------------------------------------------------------------------------
# Extensions for staff: contact persons, partner accounts, import history
# --------------------------------------------------------------------------------------

class ContactLanguage(models.TextChoices):
    CZECH = "cs", "čeština"
    ENGLISH = "en", "English"
    UKRAINIAN = "uk", "українська"


class PartnerContact(models.Model):
    """A named person at a partner whom staff can phone or write to. Never published:
    not in the public directory, the HSDS API or the HSDS export."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="staff_contacts")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="staff_contacts", verbose_name=_("service"),
                                help_text=_("Empty: a contact for the whole organisation."))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language of e-mails"), max_length=2,
                                choices=ContactLanguage.choices, default=ContactLanguage.CZECH)
    receives_referrals = models.BooleanField(_("receives referrals by e-mail"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person (staff only)")
        verbose_name_plural = _("contact persons (staff only)")

    def __str__(self) -> str:
        return self.name


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the maintainer")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class DirectorySuggestion(models.Model):
    """A change of a directory entry proposed by someone who does not maintain it; the
    maintainer applies it with one action, or rejects it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="suggestions",
                                     verbose_name=_("organisation"))
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="suggestions", verbose_name=_("service"))
    #: field -> proposed value, and field -> the value when it was proposed
    proposed = models.JSONField(_("proposed values"), default=dict)
    previous = models.JSONField(_("values when proposed"), default=dict)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    suggested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("suggested by"))
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("office"))
    created_at = models.DateTimeField(_("suggested at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suggested change")
        verbose_name_plural = _("suggested changes")
        indexes = [models.Index(fields=["organization", "status"]),
                   models.Index(fields=["service", "status"])]


class ContactChange(models.Model):
    """A change of who receives referrals for a service: a contact person receiving
    referrals added, changed or removed, or the service's referral e-mail changed. Staff
    only (never in the HSDS history or export); values stay out, the page shows the
    current ones."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="contact_changes")
    #: empty: a contact of the whole organisation (it receives referrals for every service)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="contact_changes")
    what = models.CharField(_("change"), max_length=30)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    actor_label = models.CharField(_("who"), max_length=200)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("office"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change of a referral contact")
        verbose_name_plural = _("changes of referral contacts")
        indexes = [models.Index(fields=["service", "at"]),
                   models.Index(fields=["organization", "at"])]


class PartnerMembership(models.Model):
    """A user who works for a partner organisation and sees the referrals sent to it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="partner_memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="partner_memberships",
                                     verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=30, choices=[(Role.PARTNER, Role.PARTNER.label)],
                            default=Role.PARTNER)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner account")
        verbose_name_plural = _("partner accounts")
        constraints = [models.UniqueConstraint(fields=["user", "organization"],
                                               name="partner_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization}"


class HsdsImport(models.Model):
    """One import of an HSDS file: who, when, what came in or why it was refused."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              related_name="+", verbose_name=_("who"))
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    file_format = models.CharField(_("format"), max_length=10)
    accepted = models.BooleanField(_("accepted"), default=False)
    counts = models.JSONField(_("rows"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("HSDS import")
        verbose_name_plural = _("HSDS imports")


# --------------------------------------------------------------------------------------
# Referrals
# --------------------------------------------------------------------------------------

class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    APPOINTMENT_SET = "appointment_set", _("appointment set")
    IN_PROGRESS = "in_progress", _("in progress")
    CLIENT_ACTION_NEEDED = "client_action_needed", _("needs the client's action")
    DECLINED = "declined", _("declined")
    GOT_HELP = "got_help", _("got help")
    COULD_NOT_CONTACT = "could_not_contact", _("could not contact")
    NOT_ELIGIBLE = "not_eligible", _("not eligible")
    NO_CAPACITY = "no_capacity", _("no capacity")
    NO_LONGER_INTERESTED = "no_longer_interested", _("no longer interested")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("referred elsewhere")
    DID_NOT_ATTEND = "did_not_attend", _("client did not attend")
    EXPIRED = "expired", _("expired without an answer")


OPEN_STATUSES = (ReferralStatus.PENDING, ReferralStatus.ACCEPTED,
                 ReferralStatus.APPOINTMENT_SET, ReferralStatus.IN_PROGRESS,
                 ReferralStatus.CLIENT_ACTION_NEEDED)
#: Open statuses the partner reports while working with the client (after accepting).
PROGRESS_STATUSES = (ReferralStatus.IN_PROGRESS, ReferralStatus.CLIENT_ACTION_NEEDED)
OUTCOME_STATUSES = (ReferralStatus.GOT_HELP, ReferralStatus.COULD_NOT_CONTACT,
                    ReferralStatus.DID_NOT_ATTEND, ReferralStatus.NOT_ELIGIBLE,
                    ReferralStatus.NO_CAPACITY, ReferralStatus.NO_LONGER_INTERESTED,
                    ReferralStatus.REFERRED_ELSEWHERE)
#: Closed referrals the adviser should look at again.
ATTENTION_STATUSES = (ReferralStatus.DECLINED, ReferralStatus.EXPIRED,
                      ReferralStatus.DID_NOT_ATTEND)


class DeclinedBy(models.TextChoices):
    PROVIDER = "provider", _("the partner")
    CLIENT = "client", _("the client")


class SharedItem(models.TextChoices):
    """What of the client's data a referral shares (as far as the consent covers)."""

    NAME = "name", pgettext_lazy("client's data", "name")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    BIRTH_DATE = "birth_date", _("date of birth")
    ADDRESS = "address", _("address")
    LANGUAGE = "language", _("preferred language")
    HOUSING = "housing", _("housing situation")
    HOUSEHOLD = "household", _("household size")


class Referral(models.Model):
    """A client sent to a partner's service, tracked until its outcome."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="referrals")
    client = models.ForeignKey("cases.Client", on_delete=models.PROTECT,
                               related_name="referrals", verbose_name=_("client"))
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals",
                                verbose_name=_("service"))
    consent = models.ForeignKey("cases.Consent", on_delete=models.PROTECT,
                                related_name="referrals", verbose_name=_("consent"))
    shared_data = models.JSONField(_("shared data"), default=list, blank=True)
    need = models.TextField(_("what the client needs"), max_length=3000)
    proposed_at = models.DateTimeField(_("proposed appointment"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    appointment_note = models.CharField(_("appointment note"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=ReferralStatus.choices,
                              default=ReferralStatus.PENDING)
    declined_by = models.CharField(_("declined by"), max_length=10, choices=DeclinedBy.choices,
                                   blank=True)
    reason = models.TextField(_("reason or note"), blank=True, max_length=2000)
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    recipient_email = models.EmailField(_("recipient's e-mail"))
    recipient_language = models.CharField(_("recipient's language"), max_length=2,
                                          choices=ContactLanguage.choices,
                                          default=ContactLanguage.CZECH)
    expires_on = models.DateField(_("answer expected by"))
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    attention_cleared_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("referred by"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["contact_point", "status", "created_at"]),
            models.Index(fields=["created_by", "status"]),
            models.Index(fields=["status", "expires_on"]),
            models.Index(fields=["client", "created_at"]),
            models.Index(fields=["service", "status"]),
            # the dashboard's referrals needing attention, newest first: read in order
            # rather than sorted from every declined or expired referral of the office
            models.Index(fields=["contact_point", "-closed_at", "-id"],
                         condition=models.Q(status__in=ATTENTION_STATUSES,
                                            attention_cleared_at__isnull=True),
                         name="network_ref_attention"),
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def last_event(self) -> ReferralEvent | None:
        events = list(self.events.all())  # prefetched on list pages and the timeline
        return events[-1] if events else None

    @property
    def age_days(self) -> int:
        return (timezone.localdate() - timezone.localtime(self.created_at).date()).days


class ReferralEvent(models.Model):
    """One change of a referral: its status history, with who changed it."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=30, choices=ReferralStatus.choices)
    previous_status = models.CharField(max_length=30, choices=ReferralStatus.choices,
                                       blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    actor_label = models.CharField(_("who"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral change")
        verbose_name_plural = _("referral changes")


class ReferralLink(models.Model):
    """A link a partner answers a referral with; only the SHA-256 digest of its token is
    kept. A link serves one referral and one purpose, and expires."""

    PURPOSE_RESPOND = "referral.respond"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="links")
    digest = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=30, default=PURPOSE_RESPOND)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("referral link")
        verbose_name_plural = _("referral links")
