"""Writes of the housing supply: one transaction, an audit entry and a domain event each.

Flats move in preparation → offered → reserved → let (or withdrawn), with history. A
proposal reserves its flat with a conditional UPDATE, so of two advisers proposing the
same flat at once exactly one wins. A signed lease lets the flat and plans follow-ups.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from kmb.accounts.models import ContactPoint, User
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.benefits import selectors as benefit_selectors
from kmb.benefits import services as benefit_services
from kmb.benefits.engine import HouseholdInput, InvalidHousehold
from kmb.cases import selectors as case_selectors
from kmb.cases import services as case_services
from kmb.cases.errors import ConflictError, DomainError
from kmb.cases.models import Client
from kmb.core.events import event_record
from kmb.core.templatetags.kmb_format import czk, number
from kmb.core.text import fold
from kmb.housing import matching, selectors
from kmb.housing.models import (
    OPEN_PROPOSAL,
    Flat,
    FlatPhoto,
    FlatStatus,
    FlatStatusChange,
    FollowUp,
    HouseholdNeeds,
    Landlord,
    Lease,
    OwnerConsultation,
    OwnerSource,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    SupportMeasure,
)
from kmb.network.tokens import token_digest, token_new

ALLOWED_STATUS_CHANGES = {
    FlatStatus.PREPARATION: {FlatStatus.OFFERED, FlatStatus.WITHDRAWN},
    FlatStatus.OFFERED: {FlatStatus.PREPARATION, FlatStatus.WITHDRAWN},
    FlatStatus.RESERVED: set(),  # through proposals only
    FlatStatus.LET: {FlatStatus.PREPARATION, FlatStatus.WITHDRAWN},
    FlatStatus.WITHDRAWN: {FlatStatus.PREPARATION},
}


# --------------------------------------------------------------------------------------
# Owners
# --------------------------------------------------------------------------------------

def _changed(obj, data: dict[str, Any]) -> list[str]:
    return [k for k, v in data.items() if getattr(obj, k) != v]


@transaction.atomic
def landlord_create(*, contact_point: ContactPoint, actor: User | None, data: dict[str, Any],
                    source: str = OwnerSource.STAFF) -> Landlord:
    landlord = Landlord(contact_point=contact_point, created_by=actor, source=source,
                        reviewed=source == OwnerSource.STAFF, **data)
    landlord.name_search = fold(landlord.name)
    landlord.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=landlord,
                 contact_point=contact_point, changes=data.keys(),
                 actor_label="" if actor else "portal")
    event_record(kind="housing.owner_registered", contact_point=contact_point,
                 subject_id=landlord.uuid, data={"kind": landlord.kind, "source": source})
    return landlord


@transaction.atomic
def landlord_update(*, landlord: Landlord, actor: User, data: dict[str, Any],
                    expected_version: int | None) -> Landlord:
    updated = Landlord.objects.filter(pk=landlord.pk, version=expected_version or 0).update(
        version=F("version") + 1)
    if not updated:
        raise ConflictError(_("Someone else has changed this owner in the meantime. "
                              "Reload the page and make your change again."))
    changes = _changed(landlord, data)
    for key, value in data.items():
        setattr(landlord, key, value)
    landlord.name_search = fold(landlord.name)
    landlord.reviewed = True
    landlord.version = (expected_version or 0) + 1
    landlord.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=landlord,
                 contact_point=landlord.contact_point, changes=changes + ["reviewed"])
    return landlord


@transaction.atomic
def owner_consultation_record(*, landlord: Landlord, actor: User, topics: list,
                              notes: str = "", occurred_at: datetime | None = None
                              ) -> OwnerConsultation:
    consultation = OwnerConsultation.objects.create(
        contact_point=landlord.contact_point, landlord=landlord, adviser=actor, notes=notes,
        occurred_at=occurred_at or timezone.now())
    consultation.topics.set(topics)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=consultation,
                 contact_point=landlord.contact_point, changes=["topics", "notes"])
    event_record(kind="housing.owner_consultation", contact_point=landlord.contact_point,
                 subject_id=landlord.uuid, occurred_at=consultation.occurred_at,
                 data={"owner_kind": landlord.kind,
                       "topics": sorted(t.code for t in topics)})
    return consultation


# --------------------------------------------------------------------------------------
# Flats
# --------------------------------------------------------------------------------------

def rooms_of(layout: str) -> int:
    return int(layout.split("+")[0])


def _history(flat: Flat, old: str, new: str, actor: User | None, note: str = "") -> None:
    FlatStatusChange.objects.create(flat=flat, from_status=old, to_status=new, actor=actor,
                                    note=note[:300])


@transaction.atomic
def flat_create(*, contact_point: ContactPoint, landlord: Landlord, actor: User | None,
                data: dict[str, Any]) -> Flat:
    if landlord.contact_point_id != contact_point.pk:
        raise DomainError(_("The owner belongs to another contact point."))
    flat = Flat(contact_point=contact_point, landlord=landlord, created_by=actor, **data)
    flat.rooms = rooms_of(flat.layout)
    flat.status = FlatStatus.PREPARATION
    flat.save()
    _history(flat, "", FlatStatus.PREPARATION, actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=flat, contact_point=contact_point,
                 changes=data.keys(), actor_label="" if actor else "portal")
    event_record(kind="housing.flat_registered", contact_point=contact_point,
                 subject_id=flat.uuid, data={"measure": flat.measure, "rooms": flat.rooms})
    return flat


@transaction.atomic
def flat_update(*, flat: Flat, actor: User, data: dict[str, Any],
                expected_version: int | None) -> Flat:
    updated = Flat.objects.filter(pk=flat.pk, version=expected_version or 0).update(
        version=F("version") + 1)
    if not updated:
        raise ConflictError(_("Someone else has changed this flat in the meantime. "
                              "Reload the page and make your change again."))
    changes = _changed(flat, data)
    for key, value in data.items():
        setattr(flat, key, value)
    flat.rooms = rooms_of(flat.layout)
    if flat.status == FlatStatus.OFFERED:
        problem = flat_offer_problem(flat=flat)
        if problem:
            raise DomainError(problem)
    flat.version = (expected_version or 0) + 1
    flat.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=flat,
                 contact_point=flat.contact_point, changes=changes)
    return flat


def flat_offer_problem(*, flat: Flat, on: date | None = None) -> str:
    """Why the flat cannot be offered under its measure (empty if it can)."""
    if flat.measure == SupportMeasure.NONE:
        return ""
    found = selectors.max_permitted_rent(flat=flat, on=on)
    if found is None:
        return _("No maximum permitted rent is set for this date; a flat cannot be offered "
                 "under a support measure until it is.")
    limit, row = found
    if flat.rent > limit:
        note = _(" (the parameter is still to be confirmed)") if row.to_be_confirmed else ""
        return _("The rent %(rent)s is above the maximum permitted rent under § 9 of the "
                 "housing support act, %(limit)s for %(area)s m²%(note)s: the flat cannot "
                 "be offered under %(measure)s.") % {
            "rent": czk(flat.rent), "limit": czk(limit), "area": number(flat.area_m2),
            "note": note,
            "measure": flat.get_measure_display()}
    return ""


@transaction.atomic
def flat_set_status(*, flat: Flat, actor: User, status: str, note: str = "") -> Flat:
    old = flat.status
    if status == old:
        return flat
    if status not in ALLOWED_STATUS_CHANGES.get(old, set()):
        raise DomainError(_("A flat cannot go from “%(old)s” to “%(new)s”.") % {
            "old": flat.get_status_display(), "new": FlatStatus(status).label})
    if status == FlatStatus.OFFERED:
        problem = flat_offer_problem(flat=flat)
        if problem:
            raise DomainError(problem)
    updated = Flat.objects.filter(pk=flat.pk, status=old).update(
        status=status, version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        raise ConflictError(_("The flat's status has just been changed by someone else."))
    flat.refresh_from_db()
    _history(flat, old, status, actor, note)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=flat,
                 contact_point=flat.contact_point, changes=["status"])
    event_record(kind="housing.flat_status", contact_point=flat.contact_point,
                 subject_id=flat.uuid, data={"from": old, "to": status,
                                             "measure": flat.measure})
    return flat


# --- photos ---------------------------------------------------------------------------

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDE = 1600


def photo_clean(upload) -> Image.Image:
    """Open an upload as a real JPEG, PNG or WebP image, or raise a DomainError."""
    if upload.size > PHOTO_MAX_BYTES:
        raise DomainError(_("The photo is larger than 10 MB."))
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError):
        raise DomainError(_("This file is not a photo we can read (JPEG, PNG or WebP).")) from None
    if kind not in PHOTO_FORMATS:
        raise DomainError(_("Upload a photo in JPEG, PNG or WebP."))
    return image


def _photo_bytes(image: Image.Image) -> tuple[bytes, int, int]:
    # turn by the EXIF orientation, then drop every piece of metadata (GPS, camera…)
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.split()[-1])
        image = background
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), clean.width, clean.height


@transaction.atomic
def photo_add(*, flat: Flat, actor: User, upload, caption: str = "") -> FlatPhoto:
    """Add a checked, resized, metadata-free photo. The row is saved in the transaction
    and the file is written only once that transaction commits, so a failed save or a
    rolled-back outer transaction leaves no file behind (and no row without its file)."""
    image = photo_clean(upload)
    data, width, height = _photo_bytes(image)
    photo = FlatPhoto(flat=flat, uploaded_by=actor, caption=caption, width=width,
                      height=height)
    field = FlatPhoto._meta.get_field("image")
    photo.image.name = field.generate_filename(photo, "photo.jpg")
    photo.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=photo,
                 contact_point=flat.contact_point, changes=["image", "caption"])
    transaction.on_commit(functools.partial(_photo_write, photo.pk, photo.image.name, data),
                          robust=True)
    return photo


def _photo_write(pk: int, name: str, data: bytes) -> None:
    """Write a committed photo's file; if the storage fails, the row goes too."""
    storage = FlatPhoto._meta.get_field("image").storage
    try:
        saved = storage.save(name, ContentFile(data))
    except Exception:
        FlatPhoto.objects.filter(pk=pk).delete()
        raise
    if saved != name:  # the storage chose another free name
        FlatPhoto.objects.filter(pk=pk).update(image=saved)


@transaction.atomic
def photo_remove(*, photo: FlatPhoto, actor: User) -> None:
    flat = photo.flat
    name = photo.image.name
    audit_record(actor=actor, action=AuditAction.DELETE, obj=photo,
                 contact_point=flat.contact_point, changes=["image"])
    photo.delete()
    storage = FlatPhoto._meta.get_field("image").storage
    transaction.on_commit(lambda: storage.delete(name))


# --------------------------------------------------------------------------------------
# What a household needs
# --------------------------------------------------------------------------------------

AFFORDABILITY_COSTS = matching.COST_GRID


def affordability_table(*, client: Client) -> tuple[list, int | None, Any]:
    """[[cost, housing component], …] and the counted income, from the client's latest
    DSSP estimate run again at each cost; empty when there is no usable estimate."""
    saved = benefit_selectors.estimate_latest(client=client)
    if saved is None:
        return [], None, None
    try:
        base = HouseholdInput.from_json(saved.inputs.get("household", saved.inputs))
        variants = [dataclasses.replace(base, rent=Decimal(c), services=Decimal(0),
                                        energy=Decimal(0), tenure="rent",
                                        housing_type="dwelling")
                    for c in AFFORDABILITY_COSTS]
        results = benefit_services.estimate_households(variants)
    except (InvalidHousehold, TypeError, ValueError, KeyError):
        return [], None, saved
    income = results[0].intermediate.get("dssp_rozhodny_prijem")
    table = [[c, int(r.housing_component)] for c, r in zip(AFFORDABILITY_COSTS, results,
                                                           strict=True)]
    return table, (int(income) if income is not None else None), saved


def household_from_case(*, client: Client) -> dict[str, Any]:
    members = case_selectors.household_members(client=client)
    children = sum(1 for m in members if m.relationship == "child")
    composition = ", ".join(sorted(str(m.get_relationship_display()) for m in members))
    return {"persons": 1 + len(members), "children": children, "composition": composition,
            "housing_loss_date": client.housing_loss_date}


@transaction.atomic
def needs_save(*, client: Client, actor: User, data: dict[str, Any],
               expected_version: int | None = None) -> HouseholdNeeds:
    """Save what the household needs; size, composition, urgency and affordability are
    taken again from the case and the DSSP estimator, never typed in."""
    needs = HouseholdNeeds.objects.select_for_update().filter(client=client).first()
    if needs is not None and expected_version is not None and needs.version != expected_version:
        raise ConflictError(_("Someone else has changed these needs in the meantime. "
                              "Reload the page and make your change again."))
    created = needs is None
    if created:
        needs = HouseholdNeeds(contact_point=client.contact_point, client=client)
    table, income, estimate = affordability_table(client=client)
    values = {**data, **household_from_case(client=client), "affordability": table,
              "income": income, "estimate_id": getattr(estimate, "uuid", None)}
    changes = list(values) if created else _changed(needs, values)
    for key, value in values.items():
        setattr(needs, key, value)
    needs.version = (needs.version or 0) + (0 if created else 1)
    needs.save()
    audit_record(actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE,
                 obj=needs, contact_point=client.contact_point, client_id=client.uuid,
                 changes=changes)
    if created:
        event_record(kind="housing.household_looking", contact_point=client.contact_point,
                     subject_id=client.uuid, data={"persons": needs.persons})
    return needs


# --------------------------------------------------------------------------------------
# Proposals
# --------------------------------------------------------------------------------------

def _proposal_event(proposal: Proposal, actor: User | None, actor_label: str = "",
                    note: str = "") -> None:
    ProposalEvent.objects.create(proposal=proposal, status=proposal.status,
                                 actor_label=actor_label or getattr(actor, "username", ""),
                                 note=note[:300])


def anonymised_profile(*, needs: HouseholdNeeds) -> dict[str, Any]:
    """What an owner may see of a household: no name, no contact, no address."""
    return {"persons": needs.persons, "children": needs.children,
            "barrier_free_needed": needs.barrier_free_needed, "has_pets": needs.has_pets,
            "earliest_move_in": needs.earliest_move_in.isoformat()
            if needs.earliest_move_in else None}


@transaction.atomic
def proposal_create(*, flat: Flat, client: Client, actor: User) -> Proposal:
    """Propose a flat to a household and reserve it; only one proposal can win the flat."""
    if flat.contact_point_id != client.contact_point_id:
        raise DomainError(_("The flat and the client belong to different contact points."))
    needs = selectors.needs_for_client(client=client)
    if needs is None or not needs.active:
        raise DomainError(_("Record what the household needs before proposing a flat."))
    rules = matching.rules_on()
    result = matching.evaluate(rules, selectors.flat_facts(flat=flat),
                               selectors.needs_facts(needs=needs), timezone.localdate())
    if not result.eligible:
        raise DomainError(_("The flat does not meet the hard criteria for this household; "
                            "see the explanation."))
    reserved = Flat.objects.filter(pk=flat.pk, status=FlatStatus.OFFERED).update(
        status=FlatStatus.RESERVED, version=F("version") + 1, updated_at=timezone.now())
    if not reserved:
        raise ConflictError(_("This flat has just been reserved for another household "
                              "(or is no longer offered). Choose another flat."))
    _history(flat, FlatStatus.OFFERED, FlatStatus.RESERVED, actor)
    flat.refresh_from_db()
    proposal = Proposal.objects.create(
        contact_point=flat.contact_point, flat=flat, client=client, proposed_by=actor,
        rule_version=rules.version, score=result.score,
        explanation=matching.explanation_json(result),
        profile=anonymised_profile(needs=needs))
    _proposal_event(proposal, actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=proposal,
                 contact_point=flat.contact_point, client_id=client.uuid,
                 changes=["flat", "client"])
    event_record(kind="housing.proposal", contact_point=flat.contact_point,
                 subject_id=proposal.uuid, data={"status": proposal.status,
                                                 "rule_version": rules.version})
    return proposal


def proposal_link_issue(*, proposal: Proposal, actor: User) -> str:
    """A fresh link for the owner (the raw token is shown once, only its digest kept)."""
    if proposal.status not in (ProposalStatus.PROPOSED, ProposalStatus.VIEWING):
        raise DomainError(_("The owner has already answered this proposal."))
    raw, digest = token_new()
    proposal.token_digest = digest
    proposal.token_expires_at = timezone.now() + timedelta(
        days=settings.KMB_HOUSING_LINK_DAYS)
    proposal.save(update_fields=["token_digest", "token_expires_at", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=proposal,
                 contact_point=proposal.contact_point, client_id=proposal.client.uuid,
                 changes=["token"])
    return raw


class LinkError(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def proposal_link_resolve(raw: str) -> Proposal:
    from kmb.network.tokens import token_well_formed

    if not token_well_formed(raw):
        raise LinkError("invalid")
    proposal = selectors.proposal_by_token_digest(token_digest(raw))
    if proposal is None:
        raise LinkError("invalid")
    if proposal.token_expires_at and proposal.token_expires_at < timezone.now():
        raise LinkError("expired")
    return proposal


_NEXT = {
    ProposalStatus.VIEWING: (ProposalStatus.PROPOSED, ProposalStatus.VIEWING),
    ProposalStatus.OWNER_ACCEPTED: (ProposalStatus.PROPOSED, ProposalStatus.VIEWING),
    ProposalStatus.OWNER_DECLINED: (ProposalStatus.PROPOSED, ProposalStatus.VIEWING),
    ProposalStatus.CLIENT_ACCEPTED: (ProposalStatus.OWNER_ACCEPTED,),
    ProposalStatus.CLIENT_DECLINED: (ProposalStatus.PROPOSED, ProposalStatus.VIEWING,
                                     ProposalStatus.OWNER_ACCEPTED),
    ProposalStatus.WITHDRAWN: OPEN_PROPOSAL,
}
_RELEASES_FLAT = {ProposalStatus.OWNER_DECLINED, ProposalStatus.CLIENT_DECLINED,
                  ProposalStatus.WITHDRAWN}


@transaction.atomic
def proposal_advance(*, proposal: Proposal, status: str, actor: User | None,
                     actor_label: str = "", reason: str = "",
                     viewing_at: datetime | None = None, channel: str = "web",
                     expected_version: int | None = None) -> Proposal:
    """Move a proposal one step; a decline or withdrawal offers the flat again."""
    allowed_from = _NEXT.get(status)
    if allowed_from is None:
        raise DomainError(_("Unknown step of a proposal."))
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(_("This proposal has been changed in the meantime; here is "
                              "its current state."))
    if locked.status not in allowed_from:
        raise DomainError(_("This step is not possible now: the proposal is “%(status)s”.")
                          % {"status": locked.get_status_display()})
    if status in (ProposalStatus.OWNER_DECLINED, ProposalStatus.CLIENT_DECLINED) and \
            not reason.strip():
        raise DomainError(_("Give the reason for declining."))
    if status == ProposalStatus.VIEWING and viewing_at is None:
        raise DomainError(_("Give the date and time of the viewing."))
    changes = ["status"]
    locked.status = status
    if viewing_at is not None:
        locked.viewing_at = viewing_at
        changes.append("viewing_at")
    if status == ProposalStatus.OWNER_DECLINED:
        locked.owner_reason = reason[:300]
        changes.append("owner_reason")
    if status == ProposalStatus.CLIENT_DECLINED:
        locked.client_reason = reason[:300]
        changes.append("client_reason")
    locked.version += 1
    locked.save()
    if status in _RELEASES_FLAT:
        flat = locked.flat
        if Flat.objects.filter(pk=flat.pk, status=FlatStatus.RESERVED).update(
                status=FlatStatus.OFFERED, version=F("version") + 1,
                updated_at=timezone.now()):
            _history(flat, FlatStatus.RESERVED, FlatStatus.OFFERED, actor,
                     note=str(locked.get_status_display()))
    _proposal_event(locked, actor, actor_label, note=reason)
    audit_record(actor=actor, actor_label=actor_label, action=AuditAction.UPDATE, obj=locked,
                 contact_point=locked.contact_point, client_id=locked.client.uuid,
                 changes=changes, channel=channel)
    event_record(kind="housing.proposal", contact_point=locked.contact_point,
                 subject_id=locked.uuid, data={"status": status,
                                               "rule_version": locked.rule_version})
    proposal.__dict__.update({k: v for k, v in locked.__dict__.items()
                              if not k.startswith("_")})
    return proposal


# --------------------------------------------------------------------------------------
# Leases and follow-ups
# --------------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def lease_sign(*, proposal: Proposal, actor: User, signed_on: date, starts_on: date,
               term_months: int | None, rent: int, deposit: int) -> Lease:
    locked = Proposal.objects.select_for_update().select_related("flat", "client").get(
        pk=proposal.pk)
    if locked.status != ProposalStatus.CLIENT_ACCEPTED:
        raise DomainError(_("A lease can be signed only after the owner and the client "
                            "have accepted the proposal."))
    proposed_on = timezone.localtime(locked.created_at).date()
    if starts_on < proposed_on or signed_on < proposed_on:
        raise DomainError(_("A lease cannot be signed or start before the proposal "
                            "(%(day)s).") % {"day": f"{proposed_on.day}. {proposed_on.month}. "
                                                    f"{proposed_on.year}"})
    lease = Lease.objects.create(contact_point=locked.contact_point, proposal=locked,
                                 flat=locked.flat, client=locked.client, signed_on=signed_on,
                                 starts_on=starts_on, term_months=term_months, rent=rent,
                                 deposit=deposit, created_by=actor)
    locked.status = ProposalStatus.LEASED
    locked.version += 1
    locked.save()
    _proposal_event(locked, actor)
    flat = locked.flat
    Flat.objects.filter(pk=flat.pk).update(status=FlatStatus.LET, version=F("version") + 1,
                                           updated_at=timezone.now())
    _history(flat, FlatStatus.RESERVED, FlatStatus.LET, actor)
    HouseholdNeeds.objects.filter(client=locked.client).update(active=False)
    for months in settings.KMB_HOUSING_FOLLOWUP_MONTHS:
        due = add_months(starts_on, months)
        FollowUp.objects.create(contact_point=lease.contact_point, lease=lease, months=months,
                                due_on=due)
        case_services.task_create(client=locked.client, actor=actor, data={
            "title": _("Follow-up of the new tenancy after %(months)s months") % {
                "months": months},
            "due_date": due, "owner": "office", "assignee": actor})
    audit_record(actor=actor, action=AuditAction.CREATE, obj=lease,
                 contact_point=lease.contact_point, client_id=locked.client.uuid,
                 changes=["signed_on", "starts_on", "term_months", "rent", "deposit"])
    event_record(kind="housing.lease_signed", contact_point=lease.contact_point,
                 subject_id=lease.uuid, occurred_at=timezone.now(),
                 data={"measure": flat.measure, "rooms": flat.rooms})
    proposal.status = locked.status
    proposal.version = locked.version
    return lease


@transaction.atomic
def followup_record(*, followup: FollowUp, actor: User, outcome: str, note: str = ""
                    ) -> FollowUp:
    from kmb.housing.models import FollowUpOutcome

    if outcome not in FollowUpOutcome.values:
        raise DomainError(_("Choose an outcome."))
    if outcome == FollowUpOutcome.LEASE_ENDED and not note.strip():
        raise DomainError(_("Say why the lease ended."))
    followup.outcome = outcome
    followup.note = note[:300]
    followup.recorded_at = timezone.now()
    followup.recorded_by = actor
    followup.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=followup,
                 contact_point=followup.contact_point, client_id=followup.lease.client.uuid,
                 changes=["outcome", "note"])
    event_record(kind="housing.followup", contact_point=followup.contact_point,
                 subject_id=followup.lease.uuid,
                 data={"months": followup.months, "outcome": outcome})
    return followup


# --------------------------------------------------------------------------------------
# The owners' form on the portal
# --------------------------------------------------------------------------------------

@transaction.atomic
def portal_offer_create(*, contact_point: ContactPoint, owner: dict[str, Any],
                        flat: dict[str, Any]) -> Flat:
    """An owner's offer from the portal: an owner contact in the office's queue with a
    draft flat in preparation."""
    landlord = landlord_create(contact_point=contact_point, actor=None, data=owner,
                               source=OwnerSource.PORTAL)
    return flat_create(contact_point=contact_point, landlord=landlord, actor=None, data=flat)
