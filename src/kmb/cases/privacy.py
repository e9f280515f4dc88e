"""What the case file holds about one client, and erasing it (GDPR art. 15 and 17).

Called by the privacy app, which checks the permission, runs everything in one
transaction and writes the audit entry. Statistics do not change: they are computed from
domain events, which carry no personal data and are kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from kmb.cases.models import (
    Client,
    Consent,
    Consultation,
    DataQuality,
    HouseholdMember,
    MaterialAid,
    OnlineRequest,
    Task,
)
from kmb.core.subject_data import Field, Row, Section, model_row

PERSONAL_FIELDS = (
    "nickname", "first_name", "last_name", "name_quality", "birth_date", "birth_date_quality",
    "birth_number", "birth_number_quality", "phone", "phone_quality", "email", "street",
    "municipality", "postal_code", "address_quality", "preferred_language",
)
SITUATION_FIELDS = ("housing_situation", "housing_at_risk", "housing_loss_date", "key_worker",
                    "created_at", "updated_at")
CONSULTATION_FIELDS = ("occurred_at", "channel", "duration_minutes", "adviser", "topics",
                       "housing_situation", "housing_at_risk", "loss_date", "advice", "notes")


def _staff(user) -> str:
    return user.display_name if user is not None else ""


def client_sections(*, client: Client, sensitive: bool = True) -> list[Section]:
    """The client's record by section. ``sensitive=False`` leaves out what the reader's
    role may not see (advice and notes of consultations)."""
    person = model_row(client, PERSONAL_FIELDS + SITUATION_FIELDS)
    person.fields.insert(0, Field("uuid", _("record identifier"), str(client.uuid)))
    for item in person.fields:
        if item.name == "key_worker":
            item.value = _staff(client.key_worker)
    return [
        Section("client", _("Personal data"), [person]),
        Section("household", _("Household"), _household_rows(client)),
        Section("consents", _("Consents"), _consent_rows(client)),
        Section("consultations", _("Consultations"), _consultation_rows(client, sensitive)),
        Section("material_aid", _("Material aid given"), _material_aid_rows(client)),
        Section("tasks", _("Plan and tasks"), _task_rows(client)),
        Section("online_requests", _("Requests sent from the portal"),
                _online_request_rows(client)),
    ]


def _household_rows(client: Client) -> list[Row]:
    if client.household_id is None:
        return []
    return [model_row(m, ("first_name", "last_name", "birth_date", "birth_date_quality",
                          "relationship", "created_at"))
            for m in HouseholdMember.objects.filter(household_id=client.household_id)]


def _consent_rows(client: Client) -> list[Row]:
    rows = []
    for consent in Consent.objects.filter(client=client).select_related("recorded_by"):
        row = model_row(consent, ("purpose", "scope", "given_on", "expires_on", "withdrawn_on"))
        row.fields.append(Field("recorded_by", _("recorded by"), _staff(consent.recorded_by)))
        rows.append(row)
    return rows


def _consultation_rows(client: Client, sensitive: bool) -> list[Row]:
    names = CONSULTATION_FIELDS if sensitive else CONSULTATION_FIELDS[:-2]
    rows = []
    for consultation in (Consultation.objects.filter(client=client)
                         .select_related("adviser", "housing_situation")
                         .prefetch_related("topics").order_by("occurred_at", "id")):
        row = model_row(consultation, names)
        for item in row.fields:
            if item.name == "adviser":
                item.value = _staff(consultation.adviser)
        rows.append(row)
    return rows


def _material_aid_rows(client: Client) -> list[Row]:
    return [model_row(aid, ("created_at", "kind", "mode", "organization", "quantity",
                            "value_czk", "description"))
            for aid in MaterialAid.objects.filter(consultation__client=client)
            .select_related("kind", "organization").order_by("created_at", "id")]


def _task_rows(client: Client) -> list[Row]:
    rows = []
    for task in Task.objects.filter(client=client).select_related("assignee"):
        row = model_row(task, ("title", "owner", "due_date", "status", "completed_at",
                               "created_at"))
        row.fields.append(Field("assignee", _("responsible staff member"),
                                _staff(task.assignee)))
        rows.append(row)
    return rows


def _online_requests(client: Client):
    return OnlineRequest.objects.filter(consultation__client=client)


def _online_request_rows(client: Client) -> list[Row]:
    return [model_row(r, ("received_at", "name", "contact_method", "phone", "email",
                          "preferred_time", "topics", "message", "language", "municipality",
                          "consent_text", "status"))
            for r in _online_requests(client).prefetch_related("topics")]


def client_last_activity(*, client: Client) -> datetime:
    """The latest time anything happened in the client's case (views do not count)."""
    times = [client.created_at, client.updated_at]
    for qs, name in ((Consultation.objects.filter(client=client), "occurred_at"),
                     (Task.objects.filter(client=client), "created_at"),
                     (Task.objects.filter(client=client), "completed_at"),
                     (Consent.objects.filter(client=client), "created_at")):
        times.append(qs.aggregate(last=Max(name))["last"])
    return max(t for t in times if t is not None)


def client_erase_personal_data(*, client: Client) -> dict[str, int]:
    """Blank everything that identifies the client or their household, keep the skeleton
    (dates, codes, counts) that statistics and the audit trail refer to.

    Returns how many records of each kind were changed. The caller holds the transaction.
    """
    blank: dict[str, Any] = {name: "" for name in (
        "nickname", "first_name", "last_name", "birth_number", "phone", "email", "street",
        "postal_code", "name_search", "address_search", "phone_digits")}
    blank.update(birth_date=None, municipality=None, housing_loss_date=None,
                 name_quality=DataQuality.NOT_ASKED, birth_date_quality=DataQuality.NOT_ASKED,
                 birth_number_quality=DataQuality.NOT_ASKED,
                 phone_quality=DataQuality.NOT_ASKED, address_quality=DataQuality.NOT_ASKED)
    for name, value in blank.items():
        setattr(client, name, value)
    counts = {"client": 1}
    if client.household_id:
        counts["household_members"] = _household_erase(client)
    client.version += 1
    client.save()
    counts["consultations"] = Consultation.objects.filter(client=client).update(
        advice="", notes="")
    counts["material_aid"] = MaterialAid.objects.filter(consultation__client=client).update(
        description="")
    counts["consents"] = Consent.objects.filter(client=client).update(scope="")
    counts["tasks"] = Task.objects.filter(client=client).update(title="–")
    counts["online_requests"] = _online_requests(client).update(
        name="–", phone="", email="", preferred_time="", message="", municipality=None)
    return counts


def _household_erase(client: Client) -> int:
    """Blank the members of the client's household; a household another client still
    shares stays as it is and the erased client leaves it."""
    if Client.objects.filter(household_id=client.household_id).exclude(pk=client.pk).exists():
        client.household = None
        return 0
    return HouseholdMember.objects.filter(household_id=client.household_id).update(
        first_name="", last_name="", birth_date=None)


def clients_inactive_since(*, contact_point, before: datetime, exclude=None) -> list[Client]:
    """Clients of a contact point whose case has had no activity since ``before``, not
    merged away; ``exclude`` is a query of client ids to leave out (already anonymised)."""
    candidates = Client.objects.filter(contact_point=contact_point, merged_into__isnull=True,
                                       updated_at__lt=before, created_at__lt=before)
    if exclude is not None:
        candidates = candidates.exclude(pk__in=exclude)
    candidates = (candidates
                  .exclude(consultations__occurred_at__gte=before)
                  .exclude(tasks__created_at__gte=before)
                  .exclude(tasks__completed_at__gte=before)
                  .exclude(consents__created_at__gte=before)
                  .distinct().order_by("updated_at", "id"))
    return list(candidates)


def online_requests_erase_before(*, contact_point, before: datetime) -> list[OnlineRequest]:
    """Blank the handled portal requests received before ``before`` that did not become
    part of a client's case (those go with the client). New requests are left alone."""
    found = list(OnlineRequest.objects.filter(contact_point=contact_point,
                                              received_at__lt=before)
                 .exclude(status="new").exclude(consultation__client__isnull=False)
                 .exclude(name="–"))
    OnlineRequest.objects.filter(pk__in=[r.pk for r in found]).update(
        name="–", phone="", email="", preferred_time="", message="", municipality=None)
    return found
