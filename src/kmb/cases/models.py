"""Clients, households, consents, consultations (the advice log) and tasks."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.core.models import CodeListItem, Municipality
from kmb.core.text import SEARCH_TOKEN_LENGTH, search_index


class DataQuality(models.TextChoices):
    """How we know a value (as in HMIS): statistics must tell "none" from "not asked"."""

    KNOWN = "known", _("known")
    DOES_NOT_KNOW = "does_not_know", _("client does not know")
    REFUSED = "refused", _("client refused")
    NOT_ASKED = "not_asked", _("not asked")


class Language(models.TextChoices):
    CZECH = "cs", _("Czech")
    SLOVAK = "sk", _("Slovak")
    UKRAINIAN = "uk", _("Ukrainian")
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    VIETNAMESE = "vi", _("Vietnamese")
    ROMANI = "rom", _("Romani")
    OTHER = "other", _("other")


class EthosCategory(models.TextChoices):
    ROOFLESS_ROUGH = "1", _("ETHOS Light 1 – living rough")
    ROOFLESS_EMERGENCY = "2", _("ETHOS Light 2 – emergency accommodation")
    HOUSELESS_ACCOMMODATION = "3", _("ETHOS Light 3 – accommodation for the homeless")
    HOUSELESS_INSTITUTION = "4", _("ETHOS Light 4 – institution, no housing to go to")
    NON_CONVENTIONAL = "5", _("ETHOS Light 5 – non-conventional dwelling")
    FAMILY_FRIENDS = "6", _("ETHOS Light 6 – temporarily with family or friends")
    # The labels avoid "(ne)vyhovující bydlení": the Housing Support Act uses these words
    # with a legal meaning of their own (zákon č. 175/2025 Sb., § 2).
    INSECURE = "insecure", _("insecure housing")
    INADEQUATE = "inadequate", _("overcrowded or poor-condition dwelling")
    HOUSED = "housed", _("housed, not excluded")
    UNKNOWN = "unknown", _("unknown")


#: The code of the one "not known" housing situation.
UNKNOWN_SITUATION = "unknown"


class Topic(CodeListItem):
    """What the client came with (zakázka)."""

    sensitive = models.BooleanField(
        _("sensitive"), default=False,
        help_text=_("Shown only to roles that may read the advice (e.g. domestic violence, "
                    "health)."))

    class Meta(CodeListItem.Meta):
        verbose_name = _("consultation topic")
        verbose_name_plural = _("consultation topics")


class HousingSituation(CodeListItem):
    """Where the household lives now, in Czech detail, mapped to ETHOS."""

    ethos_category = models.CharField(_("ETHOS category"), max_length=20,
                                      choices=EthosCategory.choices)
    sensitive = models.BooleanField(
        _("sensitive"), default=False,
        help_text=_("Roles that may not read the advice see only the ETHOS category."))

    class Meta(CodeListItem.Meta):
        verbose_name = _("housing situation")
        verbose_name_plural = _("housing situations")


class MaterialAidKind(CodeListItem):
    """What kind of material aid was handed out or arranged (food, furniture…)."""

    class Meta(CodeListItem.Meta):
        verbose_name = _("kind of material aid")
        verbose_name_plural = _("kinds of material aid")


class Household(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")


class Client(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="clients")
    nickname = models.CharField(_("initials or nickname"), max_length=60, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    name_quality = models.CharField(_("name – data quality"), max_length=20,
                                    choices=DataQuality.choices, default=DataQuality.KNOWN)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_quality = models.CharField(_("date of birth – data quality"), max_length=20,
                                          choices=DataQuality.choices,
                                          default=DataQuality.NOT_ASKED)
    birth_number = models.CharField(_("birth number (rodné číslo)"), max_length=11, blank=True)
    birth_number_quality = models.CharField(_("birth number – data quality"), max_length=20,
                                            choices=DataQuality.choices,
                                            default=DataQuality.NOT_ASKED)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    phone_quality = models.CharField(_("phone – data quality"), max_length=20,
                                     choices=DataQuality.choices, default=DataQuality.NOT_ASKED)
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("municipality"))
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    address_quality = models.CharField(_("address – data quality"), max_length=20,
                                       choices=DataQuality.choices,
                                       default=DataQuality.NOT_ASKED)
    preferred_language = models.CharField(_("preferred language"), max_length=5,
                                          choices=Language.choices, default=Language.CZECH)
    household = models.ForeignKey(Household, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="clients")
    key_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("key worker"))
    # The current situation, kept by the services from the latest consultation.
    housing_situation = models.ForeignKey(HousingSituation, on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("housing situation"))
    housing_at_risk = models.BooleanField(_("housing at risk"), default=False)
    housing_loss_date = models.DateField(_("housing lost by"), null=True, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged_from")
    # search keys: folded (no case, no diacritics)
    name_search = models.CharField(max_length=300, blank=True, editable=False)
    address_search = models.CharField(max_length=300, blank=True, editable=False)
    phone_digits = models.CharField(max_length=30, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "nickname"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [
            models.Index(fields=["contact_point", "name_search"]),
            models.Index(fields=["contact_point", "birth_date"]),
            models.Index(fields=["contact_point", "phone_digits"]),
            models.Index(fields=["contact_point", "housing_loss_date"]),
            models.Index(fields=["contact_point", "updated_at"]),
            # the client list: live (not merged) clients of an office in name order, read
            # in index order and counted from the index alone
            models.Index(fields=["contact_point", "last_name", "first_name", "nickname", "id"],
                         condition=models.Q(merged_into__isnull=True),
                         name="cases_client_live_by_name"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        # Read for a role that may not see everything (see cases.selectors): saving would
        # overwrite what that role does not see.
        if getattr(self, "kmb_restricted", False):
            raise RuntimeError("a record read with a restricted role cannot be saved")
        adding = self._state.adding
        super().save(*args, **kwargs)
        self._save_search_tokens(kwargs.get("update_fields"), kwargs.get("using"), adding)

    @classmethod
    def from_db(cls, db, field_names, values):
        client = super().from_db(db, field_names, values)
        keys = client.__dict__
        if keys.keys() >= SEARCH_TOKEN_SOURCES:
            client._saved_search_keys = client._search_token_keys()
        return client

    def _search_token_keys(self) -> tuple[str, ...]:
        if self.merged_into_id is not None:
            return ()  # a merged record is found through the client it was merged into
        return (self.name_search, self.address_search, self.last_name, self.first_name,
                self.nickname)

    def _save_search_tokens(self, update_fields, using, adding: bool) -> None:
        """Keep the client's search tokens (``ClientSearchToken``) equal to the words of
        its search keys, whoever saves it: the services, a merge, erasing personal data."""
        if update_fields is not None and not SEARCH_TOKEN_SOURCES & set(update_fields):
            return
        if not self.__dict__.keys() >= SEARCH_TOKEN_SOURCES:
            return  # loaded without them: save() did not write them either
        keys = self._search_token_keys()
        if keys == getattr(self, "_saved_search_keys", None):
            return
        db = using or self._state.db
        if not adding:
            ClientSearchToken.objects.using(db).filter(client=self).delete()
        ClientSearchToken.objects.using(db).bulk_create(search_token_rows(
            contact_point_id=self.contact_point_id, client_id=self.pk, keys=keys))
        self._saved_search_keys = keys

    @property
    def is_anonymous(self) -> bool:
        return not (self.first_name or self.last_name)

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.nickname or str(_("anonymous client"))

    @property
    def age(self) -> int | None:
        if not self.birth_date:
            return None
        today = timezone.localdate()
        years = today.year - self.birth_date.year
        return years - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))


#: The fields of a client its search tokens are made of.
SEARCH_TOKEN_SOURCES = frozenset({"name_search", "address_search", "last_name", "first_name",
                                  "nickname", "merged_into_id"})


def search_token_rows(*, contact_point_id: int, client_id: int, keys: tuple[str, ...]
                      ) -> list[ClientSearchToken]:
    """The search tokens of a client from its ``(name_search, address_search, last_name,
    first_name, nickname)``; none for ``()`` (a merged record)."""
    if not keys:
        return []
    name_search, address_search, last_name, first_name, nickname = keys
    tokens, words = search_index(name_search, address_search)
    return [ClientSearchToken(contact_point_id=contact_point_id, client_id=client_id,
                              token=token, words=words, last_name=last_name,
                              first_name=first_name, nickname=nickname) for token in tokens]


class ClientSearchToken(models.Model):
    """A word of a live (not merged) client's folded name or address
    (``kmb.core.text.search_tokens``), kept by ``Client.save`` and ``client_merge``. A
    search reads the words of one office that start with what was typed, so its cost
    follows the size of the office, not of the country."""

    # both served by the indexes below
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.CASCADE,
                                      related_name="+", db_index=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="search_tokens",
                               db_index=False)
    token = models.CharField(max_length=SEARCH_TOKEN_LENGTH)
    # copied from the client: a search filters by the other words and sorts by the name
    # in the token index alone, then reads only the clients of the page
    words = models.TextField(blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    nickname = models.CharField(max_length=60, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "token"],
                                               name="cases_search_token_unique")]
        indexes = [models.Index(fields=["contact_point", "token"],
                                opclasses=["", "varchar_pattern_ops"],
                                include=["client", "last_name", "first_name", "nickname",
                                         "words"],
                                name="cases_search_token_prefix")]

    def __str__(self) -> str:
        return self.token


class Relationship(models.TextChoices):
    PARTNER = "partner", _("spouse or partner")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("sibling")
    GRANDPARENT = "grandparent", _("grandparent")
    GRANDCHILD = "grandchild", _("grandchild")
    OTHER_RELATIVE = "other_relative", _("other relative")
    OTHER = "other", _("other person")


class HouseholdMember(models.Model):
    """A person living with the client and assessed together (not the client themself)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_quality = models.CharField(_("date of birth – data quality"), max_length=20,
                                          choices=DataQuality.choices,
                                          default=DataQuality.KNOWN)
    relationship = models.CharField(_("relationship to the client"), max_length=20,
                                    choices=Relationship.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["birth_date", "id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or str(_("unnamed member"))


class ConsentPurpose(models.TextChoices):
    RECORDS = "records", _("keeping records of the consultations")
    SHARING = "sharing", _("sharing data with a partner organisation")
    CONTACT = "contact", _("being contacted by phone or e-mail")
    BENEFITS = "benefits", _("help with benefit applications")
    OTHER = "other", _("other purpose")


class Consent(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    scope = models.CharField(_("scope"), max_length=300,
                             help_text=_("Which data and with whom."))
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-created_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["client", "given_on"])]

    @property
    def scope_text(self) -> str:
        """The scope in the reader's language (codes written by other apps rendered)."""
        from kmb.core.scopes import scope_text

        return scope_text(self.scope)

    def is_valid_on(self, day) -> bool:
        if self.withdrawn_on and self.withdrawn_on <= day:
            return False
        return self.given_on <= day and (self.expires_on is None or self.expires_on >= day)


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    OUTREACH = "outreach", _("outreach")
    ONLINE = "online", _("online request")


class Consultation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="consultations")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="consultations")
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices,
                               default=Channel.IN_PERSON)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("adviser"))
    topics = models.ManyToManyField(Topic, related_name="+", verbose_name=_("topics"))
    housing_situation = models.ForeignKey(HousingSituation, on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("current housing situation"))
    housing_at_risk = models.BooleanField(_("housing at risk"), default=False)
    loss_date = models.DateField(_("housing lost by"), null=True, blank=True)
    advice = models.TextField(_("what was advised"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [
            # with the client: the lead's counters (anonymous ones) from the index alone
            models.Index(fields=["contact_point", "occurred_at"], include=["client"],
                         name="cases_consultation_cp_at"),
            models.Index(fields=["client", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {timezone.localtime(self.occurred_at):%d.%m.%Y}"

    def save(self, *args, **kwargs):
        # Read for a role that may not see everything (see cases.selectors): saving would
        # overwrite what that role does not see.
        if getattr(self, "kmb_restricted", False):
            raise RuntimeError("a record read with a restricted role cannot be saved")
        super().save(*args, **kwargs)


class MaterialAidMode(models.TextChoices):
    HANDED_OUT = "handed_out", _("handed out")
    ARRANGED = "arranged", _("arranged")


class MaterialAid(models.Model):
    """Material aid handed out or arranged at a consultation, e.g. a food parcel or
    furniture from a partner's furniture bank."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="material_aid")
    kind = models.ForeignKey(MaterialAidKind, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("kind of aid"))
    mode = models.CharField(_("handed out or arranged"), max_length=12,
                            choices=MaterialAidMode.choices, default=MaterialAidMode.HANDED_OUT)
    organization = models.ForeignKey("network.Organization", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("through the partner"))
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    value_czk = models.PositiveIntegerField(_("value (Kč)"), null=True, blank=True)
    description = models.CharField(_("what exactly"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("material aid")
        verbose_name_plural = _("material aid")
        indexes = [models.Index(fields=["contact_point", "created_at"])]

    def __str__(self) -> str:
        return self.kind.label


class TaskOwner(models.TextChoices):
    OFFICE = "office", _("office")
    CLIENT = "client", _("client")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Task(models.Model):
    """One step of a client's plan (individuální plán)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="tasks")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("what is to be done"), max_length=200)
    owner = models.CharField(_("who does it"), max_length=10, choices=TaskOwner.choices,
                             default=TaskOwner.OFFICE)
    # found through the index (assignee, status, due_date) below: a separate index of the
    # assignee alone led the planner to read all of an adviser's tasks, done ones included
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+", db_index=False,
                                 verbose_name=_("responsible staff member"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices,
                              default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "created_at"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["contact_point", "status", "due_date"]),
            models.Index(fields=["assignee", "status", "due_date"]),
            # open tasks of an office by due date: the dashboards' counters and lists
            models.Index(fields=["contact_point", "due_date"],
                         condition=models.Q(status="open"), name="cases_task_open_by_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (self.status == TaskStatus.OPEN and self.due_date is not None
                and self.due_date < timezone.localdate())


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    EITHER = "either", _("phone or e-mail")


class OnlineRequestStatus(models.TextChoices):
    NEW = "new", _("new")
    CONTACTED = "contacted", _("contacted")
    HANDLED = "handled", _("handled")
    SPAM = "spam", _("spam or unusable")


class OnlineRequest(models.Model):
    """A request for a consultation sent from the public portal; waits in the office's queue."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="online_requests")
    name = models.CharField(_("name or nickname"), max_length=100)
    contact_method = models.CharField(_("how to contact"), max_length=10,
                                      choices=ContactMethod.choices, default=ContactMethod.PHONE)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_time = models.CharField(_("when to contact"), max_length=200, blank=True)
    topics = models.ManyToManyField(Topic, related_name="+", blank=True,
                                    verbose_name=_("what it is about"))
    message = models.TextField(_("message"), blank=True, max_length=3000)
    language = models.CharField(_("language"), max_length=5, default="cs")
    municipality = models.ForeignKey(Municipality, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("municipality"))
    consent_text = models.TextField(_("consent given"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    status = models.CharField(_("status"), max_length=12, choices=OnlineRequestStatus.choices,
                              default=OnlineRequestStatus.NEW)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    consultation = models.ForeignKey(Consultation, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("online request")
        verbose_name_plural = _("online requests")
        indexes = [models.Index(fields=["contact_point", "status", "received_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def language_label(self) -> str:
        """The language the request was written in, named (not its code)."""
        return str(dict(Language.choices).get(self.language, self.language))
