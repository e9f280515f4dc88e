"""Writes of case data. Each service runs in one transaction, audits and records events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.accounts.models import ContactPoint, User
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases.errors import ConflictError, DomainError
from kmb.cases.models import (
    UNKNOWN_SITUATION,
    Client,
    ClientSearchToken,
    Consent,
    Consultation,
    Household,
    HouseholdMember,
    HousingSituation,
    MaterialAid,
    MaterialAidMode,
    OnlineRequest,
    OnlineRequestStatus,
    Task,
    TaskStatus,
    Topic,
)
from kmb.core.events import event_record
from kmb.core.text import digits, fold

CLIENT_FIELDS = (
    "nickname", "first_name", "last_name", "name_quality", "birth_date", "birth_date_quality",
    "birth_number", "birth_number_quality", "phone", "phone_quality", "email", "street",
    "municipality", "postal_code", "address_quality", "preferred_language", "key_worker",
    "housing_situation", "housing_at_risk", "housing_loss_date",
)


def _refresh_search_keys(client: Client) -> None:
    client.name_search = fold(" ".join(filter(None, [client.first_name, client.last_name,
                                                     client.nickname])))
    municipality = client.municipality.name if client.municipality_id else ""
    client.address_search = fold(" ".join(filter(None, [client.street, client.postal_code,
                                                        municipality])))
    client.phone_digits = digits(client.phone)[-9:]


def _residence_data(client: Client | None) -> dict[str, Any]:
    """Statistical dimensions of a consultation: the municipality of residence and the
    household (a pseudonymous id and the number of persons in it), no personal data."""
    if client is None:
        return {}
    data: dict[str, Any] = {"municipality": client.municipality.code
                            if client.municipality_id else None}
    if client.household_id:
        data["household"] = str(client.household.uuid)
        data["household_size"] = 1 + client.household.members.count()
    return data


def _situation_data(client: Client) -> dict[str, Any]:
    return {"housing_situation": client.housing_situation.code
            if client.housing_situation_id else None}


@transaction.atomic
def client_create(*, contact_point: ContactPoint, actor: User, data: dict[str, Any],
                  channel: str = "web", occurred_at: datetime | None = None) -> Client:
    """Create a client. ``occurred_at`` backdates the record (imports, demo data)."""
    client = Client(contact_point=contact_point, created_by=actor)
    for field in CLIENT_FIELDS:
        if field in data:
            setattr(client, field, data[field])
    if client.key_worker_id is None:
        client.key_worker = actor
    _refresh_search_keys(client)
    client.save()
    if occurred_at is not None:
        Client.objects.filter(pk=client.pk).update(created_at=occurred_at)
        client.created_at = occurred_at
    audit_record(actor=actor, action=AuditAction.CREATE, obj=client, contact_point=contact_point,
                 client_id=client.uuid, changes=[f for f in CLIENT_FIELDS if data.get(f)],
                 channel=channel)
    event_record(kind="client.created", contact_point=contact_point, subject_id=client.uuid,
                 occurred_at=occurred_at,
                 data={"anonymous": client.is_anonymous, **_situation_data(client)})
    return client


@transaction.atomic
def client_update(*, client: Client, actor: User, data: dict[str, Any], expected_version: int,
                  channel: str = "web") -> Client:
    """Change a client; refuse if someone saved it since ``expected_version`` was read."""
    changed = [f for f in CLIENT_FIELDS if f in data and getattr(client, f) != data[f]]
    updated = Client.objects.filter(pk=client.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise ConflictError(_("Someone else has changed this client in the meantime. "
                              "Your changes were not saved; reload the page to see theirs."))
    was_anonymous = client.is_anonymous
    for field in changed:
        setattr(client, field, data[field])
    _refresh_search_keys(client)
    client.version = expected_version + 1
    client.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=client,
                 contact_point=client.contact_point, client_id=client.uuid, changes=changed,
                 channel=channel)
    if was_anonymous and not client.is_anonymous:
        event_record(kind="client.identified", contact_point=client.contact_point,
                     subject_id=client.uuid)
    return client


@transaction.atomic
def client_merge(*, source: Client, target: Client, actor: User) -> Client:
    """Merge ``source`` into ``target`` keeping both histories; ``source`` stays as a pointer."""
    if source.pk == target.pk:
        raise DomainError(_("A client cannot be merged with itself."))
    if source.contact_point_id != target.contact_point_id:
        raise DomainError(_("Only clients of the same contact point can be merged."))
    if source.merged_into_id or target.merged_into_id:
        raise DomainError(_("One of the clients has already been merged."))
    filled = []
    for field in CLIENT_FIELDS:
        if getattr(target, field) in ("", None) and getattr(source, field) not in ("", None):
            setattr(target, field, getattr(source, field))
            filled.append(field)
    _move_client_records(source=source, target=target)
    if source.household_id and source.household_id != target.household_id:
        if target.household_id is None:
            target.household_id = source.household_id
            filled.append("household")
        else:
            HouseholdMember.objects.filter(household_id=source.household_id).update(
                household_id=target.household_id)
    _refresh_search_keys(target)
    target.version += 1
    target.save()
    Client.objects.filter(pk=source.pk).update(merged_into=target, version=F("version") + 1)
    for client, changes in ((target, filled), (source, ["merged_into"])):
        audit_record(actor=actor, action=AuditAction.MERGE, obj=client,
                     contact_point=client.contact_point, client_id=client.uuid, changes=changes)
    event_record(kind="client.merged", contact_point=target.contact_point,
                 subject_id=target.uuid, data={"merged": str(source.uuid)})
    return target


def _move_client_records(*, source: Client, target: Client) -> None:
    """Every record that points at a client (consultations, plans, consents, and those of
    other parts such as estimates and referrals) moves to the surviving client. The
    merged record's search tokens go: a search finds the survivor, whose own keys (filled
    from the merged record) give its tokens (``Client.save``)."""
    ClientSearchToken.objects.filter(client=source).delete()
    for relation in Client._meta.related_objects:
        if relation.many_to_many or relation.one_to_one or relation.related_model in (
                Client, ClientSearchToken):
            continue
        relation.related_model._base_manager.filter(**{relation.field.name: source}).update(
            **{relation.field.name: target})


def _household_for(client: Client) -> Household:
    if client.household_id is None:
        client.household = Household.objects.create(contact_point=client.contact_point)
        Client.objects.filter(pk=client.pk).update(household=client.household)
    return client.household


@transaction.atomic
def household_member_add(*, client: Client, actor: User, data: dict[str, Any]) -> HouseholdMember:
    household = _household_for(client)
    member = HouseholdMember.objects.create(household=household, **data)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=member,
                 contact_point=client.contact_point, client_id=client.uuid,
                 changes=[k for k, v in data.items() if v not in ("", None)])
    return member


@transaction.atomic
def household_member_remove(*, client: Client, member: HouseholdMember, actor: User) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, obj=member,
                 contact_point=client.contact_point, client_id=client.uuid)
    member.delete()


@transaction.atomic
def consent_record(*, client: Client, actor: User, data: dict[str, Any],
                   occurred_at: datetime | None = None) -> Consent:
    expires_on = data.get("expires_on")
    if expires_on and expires_on < data["given_on"]:
        raise DomainError(_("A consent cannot expire before it was given."))
    consent = Consent.objects.create(contact_point=client.contact_point, client=client,
                                     recorded_by=actor, **data)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=consent,
                 contact_point=client.contact_point, client_id=client.uuid,
                 changes=list(data.keys()))
    event_record(kind="consent.recorded", contact_point=client.contact_point,
                 subject_id=client.uuid, occurred_at=occurred_at,
                 data={"purpose": consent.purpose})
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: User, on: date | None = None) -> Consent:
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=consent,
                 contact_point=consent.contact_point, client_id=consent.client.uuid,
                 changes=["withdrawn_on"])
    return consent


@transaction.atomic
def consultation_record(
    *,
    contact_point: ContactPoint,
    actor: User,
    client: Client | None,
    occurred_at: datetime,
    channel: str,
    duration_minutes: int,
    topics: Iterable[Topic],
    housing_situation: HousingSituation | None = None,
    housing_at_risk: bool = False,
    loss_date: date | None = None,
    advice: str = "",
    notes: str = "",
    adviser: User | None = None,
    source: str = "web",
    online_request: OnlineRequest | None = None,
    material_aid: Iterable[dict[str, Any]] = (),
) -> Consultation:
    """Record one advice contact; for a known client it also updates their current situation.

    ``material_aid`` lists the aid handed out or arranged (``kind``, ``mode``,
    ``organization``, ``quantity``, ``value_czk``, ``description``); each row is audited
    and becomes a ``material_aid.given`` event for statistics.
    """
    if client is not None and client.contact_point_id != contact_point.pk:
        raise DomainError(_("The client belongs to another contact point."))
    if loss_date and not housing_at_risk:
        housing_at_risk = True
    if housing_situation is None:
        housing_situation = HousingSituation.objects.filter(code=UNKNOWN_SITUATION).first()
    consultation = Consultation.objects.create(
        contact_point=contact_point, client=client, occurred_at=occurred_at, channel=channel,
        duration_minutes=duration_minutes, adviser=adviser or actor,
        housing_situation=housing_situation, housing_at_risk=housing_at_risk,
        loss_date=loss_date, advice=advice, notes=notes,
    )
    topic_list = list(topics)
    consultation.topics.set(topic_list)
    if client is not None:
        _client_situation_from(client, consultation)
    if online_request is not None:
        _online_request_close(online_request, actor=actor, consultation=consultation)
    aid_rows = [_material_aid_create(consultation, row, actor=actor, source=source)
                for row in material_aid]
    audit_record(actor=actor, action=AuditAction.CREATE, obj=consultation,
                 contact_point=contact_point, client_id=client.uuid if client else None,
                 changes=["occurred_at", "channel", "topics", "advice", "notes"]
                 + (["material_aid"] if aid_rows else []), channel=source)
    event_record(
        kind="consultation.recorded", contact_point=contact_point,
        subject_id=client.uuid if client else None, occurred_at=occurred_at,
        data={
            "channel": channel, "duration_minutes": duration_minutes,
            "topics": sorted(t.code for t in topic_list), "anonymous": client is None,
            "housing_situation": housing_situation.code if housing_situation else None,
            "ethos": housing_situation.ethos_category if housing_situation else None,
            "housing_at_risk": housing_at_risk,
            **_residence_data(client),
        },
    )
    for aid in aid_rows:
        event_record(kind="material_aid.given", contact_point=contact_point,
                     subject_id=client.uuid if client else None, occurred_at=occurred_at,
                     data=_material_aid_event_data(aid, anonymous=client is None))
    return consultation


def _material_aid_create(consultation: Consultation, row: dict[str, Any], *, actor: User,
                         source: str) -> MaterialAid:
    if row.get("mode", MaterialAidMode.HANDED_OUT) not in MaterialAidMode.values:
        raise DomainError(_("Choose whether the aid was handed out or arranged."))
    aid = MaterialAid.objects.create(
        contact_point=consultation.contact_point, consultation=consultation,
        kind=row["kind"], mode=row.get("mode") or MaterialAidMode.HANDED_OUT,
        organization=row.get("organization"), quantity=row.get("quantity"),
        value_czk=row.get("value_czk"), description=row.get("description") or "")
    audit_record(actor=actor, action=AuditAction.CREATE, obj=aid,
                 contact_point=consultation.contact_point,
                 client_id=consultation.client.uuid if consultation.client_id else None,
                 changes=[k for k, v in row.items() if v not in ("", None)], channel=source)
    return aid


def _material_aid_event_data(aid: MaterialAid, *, anonymous: bool) -> dict[str, Any]:
    """What statistics count: no personal data, no free text."""
    return {"kind": aid.kind.code, "mode": aid.mode, "quantity": aid.quantity,
            "value_czk": aid.value_czk, "anonymous": anonymous,
            "organization": str(aid.organization_id) if aid.organization_id else None}


def _client_situation_from(client: Client, consultation: Consultation) -> None:
    """The latest consultation sets the client's current housing situation and clock; a
    consultation that did not find the situation out keeps the one known before."""
    latest = (Consultation.objects.filter(client=client)
              .order_by("-occurred_at", "-created_at").values_list("pk", flat=True).first())
    if latest != consultation.pk:
        return
    situation = consultation.housing_situation
    if situation is None or (situation.code == UNKNOWN_SITUATION
                             and client.housing_situation_id is not None):
        situation = client.housing_situation
    Client.objects.filter(pk=client.pk).update(
        housing_situation=situation,
        housing_at_risk=consultation.housing_at_risk,
        housing_loss_date=consultation.loss_date,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    client.refresh_from_db()


@transaction.atomic
def task_create(*, client: Client, actor: User, data: dict[str, Any],
                occurred_at: datetime | None = None) -> Task:
    task = Task.objects.create(contact_point=client.contact_point, client=client,
                               created_by=actor, **data)
    if occurred_at is not None:
        Task.objects.filter(pk=task.pk).update(created_at=occurred_at)
        task.created_at = occurred_at
    audit_record(actor=actor, action=AuditAction.CREATE, obj=task,
                 contact_point=client.contact_point, client_id=client.uuid,
                 changes=list(data.keys()))
    event_record(kind="task.created", contact_point=client.contact_point,
                 subject_id=client.uuid, occurred_at=occurred_at, data={"owner": task.owner})
    return task


@transaction.atomic
def task_set_status(*, task: Task, actor: User, status: str,
                    occurred_at: datetime | None = None) -> Task:
    if status not in TaskStatus.values:
        raise DomainError(_("Unknown task status."))
    if task.status == status:
        return task
    task.status = status
    task.completed_at = (occurred_at or timezone.now()) if status == TaskStatus.DONE else None
    task.save(update_fields=["status", "completed_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=task,
                 contact_point=task.contact_point, client_id=task.client.uuid,
                 changes=["status"])
    if status == TaskStatus.DONE:
        event_record(kind="task.done", contact_point=task.contact_point,
                     subject_id=task.client.uuid, occurred_at=task.completed_at,
                     data={"owner": task.owner})
    return task


@transaction.atomic
def online_request_create(
    *,
    contact_point: ContactPoint,
    name: str,
    contact_method: str,
    consent_text: str,
    phone: str = "",
    email: str = "",
    preferred_time: str = "",
    topics: Iterable[Topic] = (),
    message: str = "",
    language: str = "cs",
    municipality: Any = None,
) -> OnlineRequest:
    """A resident asks for a consultation from the public portal (no account, no actor)."""
    if not consent_text:
        raise DomainError(_("The request can be sent only with the consent."))
    if contact_method == "phone" and not phone or contact_method == "email" and not email:
        raise DomainError(_("Give the phone number or e-mail we should use."))
    request = OnlineRequest.objects.create(
        contact_point=contact_point, name=name, contact_method=contact_method, phone=phone,
        email=email, preferred_time=preferred_time, message=message, language=language,
        municipality=municipality, consent_text=consent_text)
    topic_list = list(topics)
    request.topics.set(topic_list)
    audit_record(actor=None, actor_label="public portal", action=AuditAction.CREATE,
                 obj=request, contact_point=contact_point,
                 changes=["name", "contact_method", "phone", "email", "message"],
                 channel="portal")
    event_record(kind="online_request.received", contact_point=contact_point,
                 subject_id=request.uuid,
                 data={"topics": sorted(t.code for t in topic_list), "language": language})
    return request


def _online_request_close(request: OnlineRequest, *, actor: User,
                          consultation: Consultation | None = None,
                          status: str = OnlineRequestStatus.HANDLED) -> None:
    request.status = status
    request.handled_by = actor
    request.handled_at = timezone.now()
    request.consultation = consultation or request.consultation
    request.save(update_fields=["status", "handled_by", "handled_at", "consultation"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=request,
                 contact_point=request.contact_point, changes=["status"])


@transaction.atomic
def online_request_set_status(*, request: OnlineRequest, actor: User, status: str
                              ) -> OnlineRequest:
    if status not in OnlineRequestStatus.values or status == OnlineRequestStatus.NEW:
        raise DomainError(_("Unknown status."))
    _online_request_close(request, actor=actor, status=status)
    event_record(kind=f"online_request.{status}", contact_point=request.contact_point,
                 subject_id=request.uuid)
    return request
