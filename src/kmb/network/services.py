"""Writes of the partner network: directory entries, HSDS imports and referrals.

Each service runs in one transaction, audits and, for referrals, records domain events.
Directory changes also leave HSDS ``metadata`` rows (field, previous and new value, who),
which is the entry's history on its page and travels with the HSDS export; values of the
staff-only contact persons are never written there.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kmb.accounts.models import ContactPoint, User
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases.errors import ConflictError, DomainError
from kmb.cases.models import Client, ConsentPurpose
from kmb.cases.services import consent_record
from kmb.core.events import event_record
from kmb.core.mail import mail_send_after_commit
from kmb.core.params import parameter_value
from kmb.network.hsds import importer
from kmb.network.models import (
    ATTENTION_STATUSES,
    OPEN_STATUSES,
    OUTCOME_STATUSES,
    PROGRESS_STATUSES,
    Address,
    Attribute,
    ContactChange,
    DeclinedBy,
    DirectorySuggestion,
    HsdsImport,
    Location,
    Metadata,
    Organization,
    OrganizationIdentifier,
    PartnerContact,
    Referral,
    ReferralEvent,
    ReferralLink,
    ReferralStatus,
    Service,
    SharedItem,
    SuggestionStatus,
    TaxonomyTerm,
)
from kmb.network.taxonomy import CATEGORIES_ID, TARGET_GROUPS_ID
from kmb.network.tokens import token_digest, token_new, token_well_formed
from kmb.network.workdays import add_working_days

ICO_SCHEME = "CZ-ICO"
SYSTEM_LABEL = "KMB (automatic)"


# --------------------------------------------------------------------------------------
# Directory
# --------------------------------------------------------------------------------------

def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _history(*, obj, table: str, actor: User, changes: dict[str, tuple[Any, Any]],
             action: str) -> None:
    """HSDS metadata rows: one per changed field, with the old and the new value."""
    today = timezone.localdate()
    Metadata.objects.bulk_create([
        Metadata(resource_id=obj.pk, resource_type=table, last_action_date=today,
                 last_action_type=action, field_name=name,
                 previous_value=_value_text(old)[:2000], replacement_value=_value_text(new)[:2000],
                 updated_by=actor.display_name)
        for name, (old, new) in sorted(changes.items())
    ])


def _apply(obj, data: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    changes = {}
    for name, value in data.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = (old, value)
            setattr(obj, name, value)
    return changes


def _check_version(model, obj, expected_version: int | None) -> None:
    if obj.pk is None or expected_version is None or obj._state.adding:
        return
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1)
    if not updated:
        raise ConflictError(_("Someone else has changed this entry in the meantime. Your "
                              "changes were not saved; reload the page to see theirs."))
    obj.version = expected_version + 1


@transaction.atomic
def organization_save(*, actor: User, data: dict[str, Any], ico: str = "",
                      organization: Organization | None = None,
                      expected_version: int | None = None,
                      contact_point: ContactPoint | None = None) -> Organization:
    """Create or change an organisation. A new one is maintained by the contact point
    that adds it."""
    creating = organization is None
    organization = organization or Organization(maintainer=contact_point)
    if not creating:
        _check_version(Organization, organization, expected_version)
    changes = _apply(organization, data)
    organization.save()
    if _ico_set(organization, ico):
        changes["identifier"] = ("", ico)
    _history(obj=organization, table="organization", actor=actor, changes=changes,
             action="create" if creating else "update")
    audit_record(actor=actor, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
                 obj=organization, changes=changes, contact_point=contact_point)
    return organization


def _ico_set(organization: Organization, ico: str) -> bool:
    current = OrganizationIdentifier.objects.filter(organization=organization,
                                                    identifier_scheme=ICO_SCHEME).first()
    if current is None and ico:
        OrganizationIdentifier.objects.create(
            organization=organization, identifier_scheme=ICO_SCHEME,
            identifier_type="IČO", identifier=ico)
        return True
    if current is not None and current.identifier != ico:
        if ico:
            current.identifier = ico
            current.save(update_fields=["identifier"])
        else:
            current.delete()
        return True
    return False


@transaction.atomic
def organization_partner_set(*, actor: User, organization: Organization,
                             contact_point: ContactPoint, partner: bool) -> None:
    """Mark whether a contact point works with this partner."""
    if partner:
        organization.partner_of.add(contact_point)
    else:
        organization.partner_of.remove(contact_point)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=organization,
                 contact_point=contact_point, changes=["partner_of"])


def _terms_set(service: Service, taxonomy_id, terms) -> tuple[list[str], list[str]]:
    """Set the service's attributes of one taxonomy; the codes before and after."""
    current = {a.taxonomy_term_id: a for a in Attribute.objects.filter(
        link_id=service.pk, taxonomy_term__taxonomy_detail_id=taxonomy_id)
        .select_related("taxonomy_term")}
    wanted = {t.pk: t for t in terms}
    before = sorted(a.taxonomy_term.code for a in current.values())
    Attribute.objects.filter(pk__in=[a.pk for k, a in current.items() if k not in wanted]
                             ).delete()
    Attribute.objects.bulk_create([
        Attribute(link_id=service.pk, link_entity="service", link_type="classification",
                  taxonomy_term=term)
        for key, term in wanted.items() if key not in current])
    return before, sorted(t.code for t in wanted.values())


@transaction.atomic
def service_save(*, actor: User, data: dict[str, Any], organization: Organization,
                 categories=None, target_groups=None, service: Service | None = None,
                 expected_version: int | None = None,
                 contact_point: ContactPoint | None = None) -> Service:
    """Create or change a service. A new one is maintained by whoever maintains its
    organisation. ``categories``/``target_groups`` None leave them as they are."""
    creating = service is None
    service = service or Service(organization=organization,
                                 maintainer_id=organization.maintainer_id,
                                 maintained_by_partner=organization.maintained_by_partner)
    if not creating:
        _check_version(Service, service, expected_version)
    changes = _apply(service, data)
    service.last_modified = timezone.now()
    service.save()
    for label, taxonomy_id, terms in (("categories", CATEGORIES_ID, categories),
                                      ("target_groups", TARGET_GROUPS_ID, target_groups)):
        if terms is None and not creating:
            continue
        before, after = _terms_set(service, taxonomy_id, terms or ())
        if before != after:
            changes[label] = (", ".join(before), ", ".join(after))
    _history(obj=service, table="service", actor=actor, changes=changes,
             action="create" if creating else "update")
    audit_record(actor=actor, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
                 obj=service, changes=changes, contact_point=contact_point)
    if "email" in changes and not creating:
        contact_change_record(organization=organization, service=service, what="email",
                              fields=["email"], actor=actor, contact_point=contact_point)
    return service


def contact_change_record(*, organization: Organization, service: Service | None,
                          what: str, actor: User | None, contact_point: ContactPoint | None,
                          fields: list[str] | None = None, contact_name: str = "",
                          actor_label: str = "") -> ContactChange:
    """Note a change of who receives referrals, for the service's history and the
    warning advisers see when they refer."""
    label = actor_label or (actor.display_name if actor is not None else SYSTEM_LABEL)
    return ContactChange.objects.create(
        organization=organization, service=service, what=what, fields=fields or [],
        contact_name=contact_name[:200], actor=actor, actor_label=label[:200],
        contact_point=contact_point)


def _receives(contact: PartnerContact) -> bool:
    return bool(contact.receives_referrals and contact.email)


@transaction.atomic
def service_capacity_set(*, actor: User, service: Service, capacity: str,
                         confirmed_on: date | None = None) -> Service:
    changes = _apply(service, {"capacity": capacity,
                               "capacity_confirmed_on": confirmed_on or timezone.localdate()})
    service.last_modified = timezone.now()
    service.save(update_fields=["capacity", "capacity_confirmed_on", "last_modified",
                                "updated_at"])
    _history(obj=service, table="service", actor=actor, changes=changes, action="update")
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=service, changes=changes)
    return service


@transaction.atomic
def location_save(*, actor: User, organization: Organization, data: dict[str, Any],
                  address: dict[str, Any], accessibility: str = "",
                  location: Location | None = None,
                  contact_point: ContactPoint | None = None) -> Location:
    """A place of the organisation with its physical address and accessibility."""
    creating = location is None
    location = location or Location(organization=organization)
    changes = _apply(location, data)
    location.save()
    current = location.addresses.filter(address_type="physical").first() or Address(
        location=location, address_type="physical", country="CZ")
    municipality = location.municipality
    changes.update({f"address.{k}": v for k, v in _apply(current, {
        **address,
        "city": municipality.name if municipality else address.get("city", ""),
        "region": municipality.district.name if municipality else "",
        "state_province": municipality.district.region.name if municipality else "",
    }).items()})
    current.save()
    access = location.accessibility.first()
    if accessibility and access is None:
        location.accessibility.create(description=accessibility)
        changes["accessibility"] = ("", accessibility)
    elif access is not None and access.description != accessibility:
        changes["accessibility"] = (access.description, accessibility)
        access.description = accessibility
        access.save(update_fields=["description"])
    _history(obj=location, table="location", actor=actor, changes=changes,
             action="create" if creating else "update")
    audit_record(actor=actor, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
                 obj=location, changes=changes, contact_point=contact_point)
    return location


@transaction.atomic
def service_part_add(*, actor: User, service: Service, kind: str, obj,
                     contact_point: ContactPoint | None = None) -> Any:
    """Add a phone, schedule, language, place, area, cost, document or contact."""
    obj.save()
    if kind == "staff_contact":  # staff only: names and numbers stay out of the history
        audit_record(actor=actor, action=AuditAction.CREATE, obj=obj,
                     changes=["name", "role", "phone", "email"], contact_point=contact_point)
        if _receives(obj):
            contact_change_record(organization=service.organization, service=service,
                                  what="added", contact_name=obj.name, actor=actor,
                                  contact_point=contact_point,
                                  fields=["name", "phone", "email"])
        return obj
    _history(obj=service, table="service", actor=actor,
             changes={kind: ("", str(obj))}, action="update")
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=service, changes=[kind])
    Service.objects.filter(pk=service.pk).update(last_modified=timezone.now())
    return obj


@transaction.atomic
def staff_contact_add(*, actor: User, organization: Organization,
                      contact: PartnerContact,
                      contact_point: ContactPoint | None = None) -> PartnerContact:
    """A contact person for staff; names and numbers stay out of the HSDS history."""
    contact.organization = organization
    contact.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=contact,
                 changes=["name", "role", "phone", "email"], contact_point=contact_point)
    if _receives(contact):
        contact_change_record(organization=organization, service=contact.service,
                              what="added", contact_name=contact.name, actor=actor,
                              contact_point=contact_point, fields=["name", "phone", "email"])
    return contact


@transaction.atomic
def staff_contact_remove(*, actor: User, contact: PartnerContact,
                         contact_point: ContactPoint | None = None) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, obj=contact,
                 contact_point=contact_point)
    if _receives(contact):
        contact_change_record(organization=contact.organization, service=contact.service,
                              what="removed", contact_name=contact.name, actor=actor,
                              contact_point=contact_point)
    contact.delete()


@transaction.atomic
def service_part_remove(*, actor: User, service: Service, kind: str, obj,
                        contact_point: ContactPoint | None = None) -> None:
    if kind == "staff_contact":
        audit_record(actor=actor, action=AuditAction.DELETE, obj=obj,
                     contact_point=contact_point)
        if _receives(obj):
            contact_change_record(organization=service.organization, service=obj.service,
                                  what="removed", contact_name=obj.name, actor=actor,
                                  contact_point=contact_point)
    else:
        _history(obj=service, table="service", actor=actor,
                 changes={kind: (str(obj), "")}, action="delete")
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=service, changes=[kind])
        Attribute.objects.filter(link_id=obj.pk).delete()
    obj.delete()


# --------------------------------------------------------------------------------------
# Suggestions: changes proposed by those who do not maintain an entry
# --------------------------------------------------------------------------------------

def _json_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


@transaction.atomic
def suggestion_create(*, actor: User, contact_point: ContactPoint | None,
                      organization: Organization, service: Service | None = None,
                      data: dict[str, Any], note: str = "") -> DirectorySuggestion:
    """Propose new values for an organisation's or a service's fields; only the fields
    that differ from the entry are kept."""
    entry = service or organization
    proposed, previous = {}, {}
    for name, value in data.items():
        old = getattr(entry, name)
        if old != value:
            proposed[name] = _json_value(value)
            previous[name] = _json_value(old)
    if not proposed:
        raise DomainError(_("Nothing differs from the entry; no suggestion was sent."))
    suggestion = DirectorySuggestion.objects.create(
        organization=organization, service=service, proposed=proposed, previous=previous,
        note=note[:2000], suggested_by=actor, contact_point=contact_point)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=suggestion,
                 contact_point=contact_point, changes=sorted(proposed))
    return suggestion


@transaction.atomic
def suggestion_decide(*, actor: User, contact_point: ContactPoint | None,
                      suggestion: DirectorySuggestion, accept: bool,
                      note: str = "") -> DirectorySuggestion:
    """The maintainer applies a suggestion (one action: every proposed value is written,
    with history and audit as any edit) or rejects it. The caller checks that the actor
    maintains the entry."""
    suggestion = DirectorySuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.PENDING:
        raise DomainError(_("This suggestion has already been decided."))
    if accept:
        entry = suggestion.service or suggestion.organization
        data = {name: entry._meta.get_field(name).to_python(value)
                for name, value in suggestion.proposed.items()}
        if suggestion.service is not None:
            service_save(actor=actor, data=data, organization=suggestion.organization,
                         service=suggestion.service, contact_point=contact_point)
        else:
            organization_save(actor=actor, data=data, organization=suggestion.organization,
                              ico=_ico_of(suggestion.organization),
                              contact_point=contact_point)
    suggestion.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.REJECTED
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    suggestion.decision_note = note[:2000]
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=suggestion,
                 contact_point=contact_point, changes=["status"])
    return suggestion


def _ico_of(organization: Organization) -> str:
    return organization.organization_identifiers.filter(
        identifier_scheme=ICO_SCHEME).values_list("identifier", flat=True).first() or ""


def hsds_import(*, actor: User, file_name: str, data: bytes,
                contact_point: ContactPoint | None = None, may_edit=None) -> HsdsImport:
    """Import an HSDS file whole, or refuse it whole with the list of its problems."""
    rows = importer.read_file(file_name, data)
    if not rows.problems:
        importer.check_rows(rows)
    if not rows.problems and may_edit is not None:
        importer.keep_to_maintained(rows, may_edit)
    emails = dict(Service.objects.filter(id__in=list(rows.data["service"]))
                  .values_list("id", "email"))
    record = HsdsImport(actor=actor, file_name=(file_name or "")[:200],
                        file_format=_format_of(file_name, data))
    counts = {}
    if not rows.problems:
        try:
            with transaction.atomic():
                counts = importer.write_rows(rows)
                _import_owners(rows, emails, actor=actor, contact_point=contact_point)
        except DatabaseError:
            rows.error(file_name, "", _("The data could not be saved; nothing was imported."))
    record.accepted = not rows.problems
    record.counts = counts
    record.problems = [p.as_dict() for p in rows.problems]
    record.warnings = [w.as_dict() for w in rows.warnings]
    with transaction.atomic():
        record.save()
        audit_record(actor=actor, action=AuditAction.CREATE, obj=record,
                     changes=sorted(counts), channel="import")
    return record


def _import_owners(rows, emails: dict, *, actor: User | None,
                   contact_point: ContactPoint | None) -> None:
    """New entries of an import are maintained by the importing contact point (none from
    the command line: administrators); changed referral e-mails are noted."""
    new_orgs = [k for k in rows.data["organization"] if k not in rows.existing_entries]
    new_services = [k for k in rows.data["service"] if k not in emails]
    if contact_point is not None:
        Organization.objects.filter(id__in=new_orgs).update(maintainer=contact_point)
        Service.objects.filter(id__in=new_services).update(maintainer=contact_point)
    for service in Service.objects.filter(id__in=list(emails)).select_related("organization"):
        if service.email != emails[service.pk]:
            contact_change_record(organization=service.organization, service=service,
                                  what="email", fields=["email"], actor=actor,
                                  contact_point=contact_point,
                                  actor_label="" if actor else "HSDS import")


def _format_of(name: str, data: bytes) -> str:
    lower = (name or "").lower()
    if lower.endswith(".zip") or data[:4] == b"PK\x03\x04":
        return "zip"
    return "csv" if lower.endswith(".csv") else "json"


# --------------------------------------------------------------------------------------
# Referrals
# --------------------------------------------------------------------------------------

class LinkError(DomainError):
    """A partner link that is not (or no longer) valid; ``kind`` says why."""

    def __init__(self, kind: str, message) -> None:
        super().__init__(message)
        self.kind = kind


def _param(key: str, default: int) -> int:
    try:
        return int(parameter_value(key, default=default))
    except (TypeError, ValueError):
        return default


def referral_expiry_for(day: date) -> date:
    """The last day a partner has to answer a referral sent on ``day``: a number of
    working days (a dated parameter), Czech public holidays excluded."""
    return add_working_days(day, _param("referral.expiry_working_days", 5))


REFERRAL_SCOPE = "referral"


def referral_scope_code(service: Service, shared: list[str]) -> str:
    """The consent scope of a referral as a code, ``referral:<items>:<partner>``: the
    shared items as codes (shown in the reader's language, see :func:`referral_scope_text`)
    and the partner's name as it was when the client agreed."""
    items = ",".join(s for s in shared if s in SharedItem.values)
    code = f"{REFERRAL_SCOPE}:{items}:{service.organization.name} – {service.name}"
    return code[:300]


def referral_scope_text(rest: str) -> str:
    """``name,phone:Partner – Service`` as "Partner – Service: name, phone" in the active
    language."""
    items, _sep, partner = rest.partition(":")
    labels = dict(SharedItem.choices)
    shown = ", ".join(str(labels[i]) for i in items.split(",") if i in labels)
    return f"{partner}: {shown}" if shown else partner


@transaction.atomic
def referral_create(
    *,
    contact_point: ContactPoint,
    actor: User,
    client: Client,
    service: Service,
    need: str,
    shared_data: list[str],
    consent_expires_on: date,
    recipient: PartnerContact | None = None,
    proposed_at: datetime | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> Referral:
    """Refer a client to a service: record the consent to share, send the partner a link.

    ``at`` records a referral made earlier (paper records, demo data); ``notify=False``
    sends no e-mail.
    """
    if client.contact_point_id != contact_point.pk:
        raise DomainError(_("The client belongs to another contact point."))
    if service.status not in ("active", "temporarily closed"):
        raise DomainError(_("This service is not active; choose another one."))
    email = recipient.email if recipient else service.email
    if not email:
        raise DomainError(_("The service has no e-mail address for referrals; add a "
                            "contact person with an e-mail first."))
    if recipient is not None and recipient.organization_id != service.organization_id:
        raise DomainError(_("The contact person does not work for this organisation."))
    at = at or timezone.now()
    today = timezone.localdate(at)
    shared = [s for s in SharedItem.values if s in shared_data]
    consent = consent_record(client=client, actor=actor, data={
        "purpose": ConsentPurpose.SHARING, "scope": referral_scope_code(service, shared),
        "given_on": today, "expires_on": consent_expires_on})
    referral = Referral.objects.create(
        contact_point=contact_point, client=client, service=service, consent=consent,
        shared_data=shared, need=need, proposed_at=proposed_at, created_by=actor,
        recipient_name=recipient.name if recipient else service.organization.name,
        recipient_email=email,
        recipient_language=recipient.language if recipient else "cs",
        expires_on=referral_expiry_for(today), created_at=at)
    ReferralEvent.objects.create(referral=referral, status=ReferralStatus.PENDING, at=at,
                                 actor=actor, actor_label=actor.display_name)
    raw = referral_link_issue(referral=referral)
    if notify:
        _mail_partner(referral, raw, kind="new")
    audit_record(actor=actor, action=AuditAction.CREATE, obj=referral,
                 contact_point=contact_point, client_id=client.uuid,
                 changes=["service", "need", "shared_data", "proposed_at"])
    event_record(kind="referral.created", contact_point=contact_point, occurred_at=at,
                 subject_id=referral.uuid, data=_event_data(referral))
    return referral


def _event_data(referral: Referral, **extra) -> dict[str, Any]:
    categories = list(TaxonomyTerm.objects.filter(
        attributes__link_id=referral.service_id, taxonomy_detail_id=CATEGORIES_ID)
        .order_by("code").values_list("code", flat=True))
    return {"service": str(referral.service_id),
            "organization": str(referral.service.organization_id),
            "categories": categories, **extra}


def referral_link_issue(*, referral: Referral) -> str:
    """A new link for the partner; the raw token is returned once and never stored."""
    raw, digest = token_new()
    ReferralLink.objects.create(
        referral=referral, digest=digest,
        expires_at=timezone.now() + timedelta(days=_param("referral.link_valid_days", 90)))
    return raw


def referral_link_url(raw: str) -> str:
    return settings.SITE_URL + reverse("network:referral_link", args=[raw])


def referral_link_resolve(raw: str) -> ReferralLink:
    """The link of a token, or :class:`LinkError` (``invalid``, ``expired``)."""
    if not token_well_formed(raw):
        raise LinkError("invalid", _("This link is not valid."))
    link = (ReferralLink.objects.filter(digest=token_digest(raw),
                                        purpose=ReferralLink.PURPOSE_RESPOND)
            .select_related("referral__service__organization", "referral__client",
                            "referral__contact_point", "referral__consent",
                            "referral__created_by").first())
    if link is None:
        raise LinkError("invalid", _("This link is not valid."))
    if link.revoked_at is not None or link.expires_at <= timezone.now():
        raise LinkError("expired", _("This link has expired."))
    return link


#: What a partner (or partner staff) may do, from which statuses.
PARTNER_ACTIONS: dict[str, tuple[str, ...]] = {
    "accept": (ReferralStatus.PENDING,),
    "decline": OPEN_STATUSES,
    "appointment": OPEN_STATUSES,
    "outcome": OPEN_STATUSES,
    "progress": tuple(s for s in OPEN_STATUSES if s != ReferralStatus.PENDING),
}


@transaction.atomic
def referral_respond(
    *,
    referral: Referral,
    action: str,
    expected_version: int,
    actor: User | None = None,
    actor_label: str,
    appointment_at: datetime | None = None,
    note: str = "",
    outcome: str = "",
    at: datetime | None = None,
    notify: bool = True,
) -> Referral:
    """The partner's answer: accept (with an appointment or not), decline with a reason,
    set or change the appointment, or record the outcome."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.version != expected_version:
        raise ConflictError(_("The referral has changed since the page was opened; nothing "
                              "was changed. Here is its current state."))
    if action not in PARTNER_ACTIONS or referral.status not in PARTNER_ACTIONS[action]:
        raise DomainError(_("This answer is no longer possible: the referral is %(status)s.")
                          % {"status": referral.get_status_display()})
    if action == "accept":
        status = ReferralStatus.APPOINTMENT_SET if appointment_at else ReferralStatus.ACCEPTED
    elif action == "decline":
        if not note.strip():
            raise DomainError(_("Give the reason for declining."))
        status = ReferralStatus.DECLINED
        referral.declined_by = DeclinedBy.PROVIDER
    elif action == "appointment":
        if appointment_at is None:
            raise DomainError(_("Give the date and time of the appointment."))
        status = ReferralStatus.APPOINTMENT_SET
    elif action == "progress":
        if outcome not in PROGRESS_STATUSES:
            raise DomainError(_("Choose how the work with the client stands."))
        status = outcome
    else:
        if outcome not in OUTCOME_STATUSES:
            raise DomainError(_("Choose an outcome."))
        status = outcome
    if appointment_at is not None:
        referral.appointment_at = appointment_at
        referral.appointment_note = note[:500] if action != "decline" else ""
    if action in ("decline", "outcome"):
        referral.reason = note
    at = at or timezone.now()
    referral.responded_at = referral.responded_at or at
    _change(referral, status=status, actor=actor, actor_label=actor_label, note=note,
            channel="partner" if actor else "partner_link", at=at)
    if notify:
        _mail_adviser(referral)
    return referral


@transaction.atomic
def referral_staff_update(*, referral: Referral, actor: User, action: str, note: str = "",
                          expected_version: int | None = None) -> Referral:
    """The adviser's side: the client declined, or an expired/declined referral has been
    dealt with (it leaves the dashboard)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if expected_version is not None and referral.version != expected_version:
        raise ConflictError(_("The referral has changed since the page was opened; nothing "
                              "was changed. Here is its current state."))
    if action == "client_declined":
        if referral.status not in OPEN_STATUSES:
            raise DomainError(_("Only an open referral can be declined."))
        if not note.strip():
            raise DomainError(_("Give the reason for declining."))
        referral.declined_by = DeclinedBy.CLIENT
        referral.reason = note
        _change(referral, status=ReferralStatus.DECLINED, actor=actor,
                actor_label=actor.display_name, note=note, channel="web")
        referral.attention_cleared_at = timezone.now()  # the adviser knows already
        referral.save(update_fields=["attention_cleared_at"])
    elif action == "acknowledge":
        if referral.status not in ATTENTION_STATUSES or referral.attention_cleared_at:
            raise DomainError(_("There is nothing to acknowledge."))
        referral.attention_cleared_at = timezone.now()
        referral.version += 1
        referral.save(update_fields=["attention_cleared_at", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=referral,
                     contact_point=referral.contact_point, client_id=referral.client.uuid,
                     changes=["attention_cleared_at"])
    else:
        raise DomainError(_("Unknown action."))
    return referral


def _change(referral: Referral, *, status: str, actor: User | None, actor_label: str,
            note: str = "", channel: str = "web", at: datetime | None = None) -> None:
    """Set a new status: history row, audit entry (who: staff or partner link), and for
    closing statuses a domain event for statistics."""
    at = at or timezone.now()
    previous = referral.status
    referral.status = status
    referral.version += 1
    if status not in OPEN_STATUSES:
        referral.closed_at = at
    referral.save()
    ReferralEvent.objects.create(referral=referral, status=status, previous_status=previous,
                                 at=at, actor=actor, actor_label=actor_label[:200], note=note)
    audit_record(actor=actor, actor_label=actor_label[:200], action=AuditAction.UPDATE,
                 obj=referral, contact_point=referral.contact_point,
                 client_id=referral.client.uuid, changes=["status"], channel=channel)
    data = {"from": previous, "to": status,
            "by": {"web": "staff", "system": "system"}.get(channel, "partner")}
    if status == ReferralStatus.DECLINED:
        data["declined_by"] = referral.declined_by
    kind = {ReferralStatus.ACCEPTED: "referral.accepted",
            ReferralStatus.APPOINTMENT_SET: "referral.appointment_set",
            ReferralStatus.IN_PROGRESS: "referral.in_progress",
            ReferralStatus.CLIENT_ACTION_NEEDED: "referral.client_action_needed",
            ReferralStatus.DECLINED: "referral.declined",
            ReferralStatus.EXPIRED: "referral.expired"}.get(status, "referral.outcome")
    if kind == "referral.outcome":
        data["outcome"] = status
    days = (at - referral.created_at).days
    event_record(kind=kind, contact_point=referral.contact_point, subject_id=referral.uuid,
                 occurred_at=at, data=_event_data(referral, days_since_sent=days, **data))


@transaction.atomic
def referral_expire(*, referral: Referral, at: datetime | None = None) -> bool:
    """Expire one unanswered referral; its links stop working. False if it was answered
    in the meantime."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != ReferralStatus.PENDING:
        return False
    locked.client = referral.client
    locked.contact_point = referral.contact_point
    locked.service = referral.service
    _change(locked, status=ReferralStatus.EXPIRED, actor=None, actor_label=SYSTEM_LABEL,
            channel="system", at=at)
    ReferralLink.objects.filter(referral=locked, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    return True


def referrals_expire(*, today: date | None = None) -> tuple[int, int]:
    """Expire referrals nobody answered in time and remind partners the working day(s)
    before. Returns (expired, reminded). Safe to run any number of times a day."""
    today = today or timezone.localdate()
    expired = 0
    for referral in (Referral.objects.filter(status=ReferralStatus.PENDING,
                                             expires_on__lt=today)
                     .select_related("client", "contact_point", "service")):
        if referral_expire(referral=referral):
            expired += 1
    before = _param("referral.reminder_working_days", 1)
    reminded = 0
    for referral in (Referral.objects.filter(status=ReferralStatus.PENDING,
                                             reminder_sent_at__isnull=True,
                                             expires_on__gte=today)
                     .select_related("service__organization", "contact_point")):
        if add_working_days(today, before) < referral.expires_on:
            continue
        with transaction.atomic():
            updated = Referral.objects.filter(pk=referral.pk, reminder_sent_at__isnull=True,
                                              status=ReferralStatus.PENDING).update(
                reminder_sent_at=timezone.now())
            if updated:
                _mail_partner(referral, referral_link_issue(referral=referral),
                              kind="reminder")
                reminded += 1
    return expired, reminded


# --------------------------------------------------------------------------------------
# E-mail
# --------------------------------------------------------------------------------------

def _render_mail(template: str, language: str, context: dict) -> tuple[str, str, str]:
    context = {**context, "lang": language}
    with translation.override(language):
        subject = render_to_string(f"network/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"network/email/{template}.txt", context)
        html = render_to_string(f"network/email/{template}.html", context)
    return " ".join(subject.split()), body, html


def _mail_partner(referral: Referral, raw: str, *, kind: str) -> None:
    """The partner's e-mail carries no personal data: only who refers, to which service,
    by when to answer, and the link."""
    context = {"referral": referral, "service": referral.service,
               "contact_point": referral.contact_point, "link": referral_link_url(raw),
               "kind": kind}
    subject, body, html = _render_mail("referral_partner", referral.recipient_language,
                                       context)
    mail_send_after_commit(subject=subject, body=body, html=html,
                           to=[referral.recipient_email], reference=f"referral:{referral.uuid}",
                           triggered_by=referral.created_by)


def _mail_adviser(referral: Referral) -> None:
    adviser = referral.created_by
    if not adviser.email:
        return
    context = {"referral": referral, "service": referral.service,
               "link": settings.SITE_URL + reverse("network:referral_detail",
                                                   args=[referral.uuid])}
    subject, body, html = _render_mail("referral_update", adviser.preferred_language or "cs",
                                       context)
    mail_send_after_commit(subject=subject, body=body, html=html, to=[adviser.email])

