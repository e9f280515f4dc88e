"""Flats, owners, proposals and follow-ups over the API, scoped and permitted exactly like
the pages (another contact point's object answers 404). Writes go through the same forms
and services as the pages, so the messages are the same."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from kmb.accounts.tenancy import membership_has
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.core.permissions import Perm
from kmb.housing import forms, matching, selectors, services
from kmb.housing.models import FlatStatus

router = Router(tags=["housing"])


def _require(request: HttpRequest, perm: str, *, hide: bool = False) -> None:
    """Refuse a missing permission: 403 on a list, 404 on one object (like the pages, an
    address never tells whether the object exists)."""
    if not membership_has(getattr(request, "membership", None), perm):
        raise Http404 if hide else PermissionDenied


def _page(qs, page: int) -> tuple:
    page_obj = Paginator(qs, settings.KMB_PAGE_SIZE).get_page(page)
    return page_obj, {"count": page_obj.paginator.count, "page": page_obj.number,
                      "pages": page_obj.paginator.num_pages}


class FlatOut(Schema):
    id: UUID
    owner: UUID
    municipality: str
    municipality_code: str
    part: str | None
    street: str
    house_number: str
    flat_number: str
    floor: int
    lift: bool
    area_m2: float
    layout: str
    rooms: int
    rent: int
    service_advances: int
    energy_estimate: int
    deposit: int
    barrier_free: bool
    pets_allowed: bool
    available_from: date | None
    min_lease_months: int | None
    status: str
    measure: str
    version: int


class FlatPage(Schema):
    count: int
    page: int
    pages: int
    results: list[FlatOut]


class FlatIn(Schema):
    owner: UUID
    municipality: str
    part: str = ""
    street: str = ""
    house_number: str
    flat_number: str = ""
    floor: int = 0
    lift: bool = False
    area_m2: str
    layout: str
    rent: int
    service_advances: int = 0
    energy_estimate: int = 0
    deposit: int = 0
    barrier_free: bool = False
    pets_allowed: bool = False
    available_from: str = ""
    min_lease_months: int | None = None
    measure: str = "none"
    description: str = ""


class OwnerOut(Schema):
    id: UUID
    kind: str
    name: str
    ico: str
    contact_person: str
    phone: str
    email: str
    municipality: str | None
    from_portal: bool
    version: int


class OwnerPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OwnerOut]


class ExplanationOut(Schema):
    code: str
    ok: bool
    text: str


class ProposalOut(Schema):
    id: UUID
    flat: UUID
    client: UUID
    status: str
    rule_version: int
    score: int
    explanation: list[ExplanationOut]
    viewing_at: datetime | None
    created_at: datetime


class ProposalPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ProposalOut]


class FollowUpOut(Schema):
    id: UUID
    lease: UUID
    client: UUID
    months: int
    due_on: date
    outcome: str


class FieldErrorsOut(Schema):
    detail: str
    errors: dict[str, list[str]]


def _flat_out(f) -> dict:
    return {"id": f.uuid, "owner": f.landlord.uuid, "municipality": f.municipality.name,
            "municipality_code": f.municipality.code,
            "part": f.municipality_part.name if f.municipality_part_id else None,
            "street": f.street, "house_number": f.house_number, "flat_number": f.flat_number,
            "floor": f.floor, "lift": f.lift, "area_m2": float(f.area_m2), "layout": f.layout,
            "rooms": f.rooms, "rent": f.rent, "service_advances": f.service_advances,
            "energy_estimate": f.energy_estimate, "deposit": f.deposit,
            "barrier_free": f.barrier_free, "pets_allowed": f.pets_allowed,
            "available_from": f.available_from, "min_lease_months": f.min_lease_months,
            "status": f.status, "measure": f.measure, "version": f.version}


def _owner_out(o) -> dict:
    return {"id": o.uuid, "kind": o.kind, "name": o.name, "ico": o.ico,
            "contact_person": o.contact_person, "phone": o.phone, "email": o.email,
            "municipality": o.municipality.name if o.municipality_id else None,
            "from_portal": o.source == "portal", "version": o.version}


def _proposal_out(p) -> dict:
    return {"id": p.uuid, "flat": p.flat.uuid, "client": p.client.uuid, "status": p.status,
            "rule_version": p.rule_version, "score": p.score,
            "explanation": matching.explanation_from_json(p.explanation),
            "viewing_at": p.viewing_at, "created_at": p.created_at}


@router.get("/flats", response=FlatPage, summary="Flats of the contact point")
def flat_list(request: HttpRequest, status: str = "", page: int = 1):
    _require(request, Perm.HOUSING_VIEW)
    if not membership_has(request.membership, Perm.FLAT_MANAGE):
        status = FlatStatus.OFFERED
    qs = selectors.flats(contact_point=request.membership.contact_point,
                         status=status if status in FlatStatus.values else "").select_related(
        "municipality_part")
    page_obj, meta = _page(qs, page)
    return {**meta, "results": [_flat_out(f) for f in page_obj.object_list]}


@router.get("/flats/{flat_id}", response=FlatOut, summary="A flat")
def flat_detail(request: HttpRequest, flat_id: str):
    _require(request, Perm.HOUSING_VIEW, hide=True)
    flat = selectors.flat_get_for_user(membership=request.membership, flat_id=flat_id)
    if not membership_has(request.membership, Perm.FLAT_MANAGE) and \
            flat.status != FlatStatus.OFFERED:
        raise Http404
    return _flat_out(flat)


@router.post("/flats", response={201: FlatOut, 422: FieldErrorsOut}, summary="Add a flat")
def flat_create(request: HttpRequest, payload: FlatIn):
    _require(request, Perm.FLAT_MANAGE)
    data = payload.dict()
    owner = selectors.landlord_get_for_user(membership=request.membership,
                                            landlord_id=data.pop("owner"))
    form = forms.FlatForm({k: ("on" if v is True else "" if v is False or v is None else v)
                           for k, v in data.items()})
    if not form.is_valid():
        return 422, {"detail": "invalid", "errors": {k: [str(m) for m in v]
                                                     for k, v in form.errors.items()}}
    flat = services.flat_create(contact_point=request.membership.contact_point,
                                landlord=owner, actor=request.user, data=form.service_data())
    return 201, _flat_out(flat)


@router.get("/owners", response=OwnerPage, summary="Owners of the contact point")
def owner_list(request: HttpRequest, q: str = "", page: int = 1):
    _require(request, Perm.OWNER_MANAGE)
    qs = selectors.landlords(contact_point=request.membership.contact_point, q=q[:100])
    page_obj, meta = _page(qs, page)
    return {**meta, "results": [_owner_out(o) for o in page_obj.object_list]}


@router.get("/owners/{landlord_id}", response=OwnerOut, summary="An owner")
def owner_detail(request: HttpRequest, landlord_id: str):
    _require(request, Perm.OWNER_MANAGE, hide=True)
    owner = selectors.landlord_get_for_user(membership=request.membership,
                                            landlord_id=landlord_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=owner,
                 contact_point=owner.contact_point, channel="api")
    return _owner_out(owner)


@router.get("/proposals", response=ProposalPage, summary="Proposals visible to the user")
def proposal_list(request: HttpRequest, status: str = "", page: int = 1):
    _require(request, Perm.PROPOSAL_MANAGE)
    qs = selectors.proposals(membership=request.membership, status=status[:20])
    page_obj, meta = _page(qs, page)
    return {**meta, "results": [_proposal_out(p) for p in page_obj.object_list]}


@router.get("/proposals/{proposal_id}", response=ProposalOut, summary="A proposal")
def proposal_detail(request: HttpRequest, proposal_id: str):
    _require(request, Perm.PROPOSAL_MANAGE, hide=True)
    proposal = selectors.proposal_get_for_user(membership=request.membership,
                                               proposal_id=proposal_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=proposal,
                 contact_point=proposal.contact_point, client_id=proposal.client.uuid,
                 channel="api")
    return _proposal_out(proposal)


@router.get("/follow-ups", response=list[FollowUpOut], summary="Follow-ups due within a month")
def followup_list(request: HttpRequest):
    _require(request, Perm.LEASE_MANAGE)
    due = selectors.followups_due(contact_point=request.membership.contact_point)[:200]
    return [{"id": f.uuid, "lease": f.lease.uuid, "client": f.lease.client.uuid,
             "months": f.months, "due_on": f.due_on, "outcome": f.outcome} for f in due]
