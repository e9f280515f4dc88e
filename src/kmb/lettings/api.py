"""Applications (with the score and its breakdown), programmes (with the rules in force)
and flat offers over the API, scoped and permitted exactly like the pages: another contact
point's object answers 404, a missing permission 403 on a list and 404 on one object."""

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
from kmb.audit.services import audit_record, search_record
from kmb.core.permissions import Perm
from kmb.lettings import letters, selectors
from kmb.lettings.models import ApplicationStatus, OfferStatus

router = Router(tags=["municipal flats"])


def _require(request: HttpRequest, perm: str, *, hide: bool = False) -> None:
    if not membership_has(getattr(request, "membership", None), perm):
        raise Http404 if hide else PermissionDenied


def _page(qs, page: int) -> tuple:
    page_obj = Paginator(qs, settings.KMB_PAGE_SIZE).get_page(page)
    return page_obj, {"count": page_obj.paginator.count, "page": page_obj.number,
                      "pages": page_obj.paginator.num_pages}


class BreakdownOut(Schema):
    code: str
    label: str
    value: str
    points: int


class MemberOut(Schema):
    first_name: str
    last_name: str
    birth_date: date
    relationship: str
    income: int
    disability: bool


class ApplicationOut(Schema):
    id: UUID
    number: str
    programme: UUID
    client: UUID | None
    status: str
    status_reason: str
    source: str
    first_name: str
    last_name: str
    housing_situation: str
    persons: int
    registered_on: date | None
    registration_expires_on: date | None
    score: int
    rule_version: int | None
    excluded: list[str]
    breakdown: list[BreakdownOut]
    position: int | None
    created_at: datetime


class ApplicationDetailOut(ApplicationOut):
    members: list[MemberOut]


class ApplicationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ApplicationOut]


class CriterionOut(Schema):
    code: str
    label: str
    lines: list[str]
    max: int


class RulesOut(Schema):
    version: int
    valid_from: date
    criteria: list[CriterionOut]
    exclusions: list[str]
    data: list[dict]


class ProgrammeOut(Schema):
    id: UUID
    kind: str
    name: str
    municipality: str
    municipality_code: str
    active: bool
    waiting: int
    rules: RulesOut | None


class OfferOut(Schema):
    id: UUID
    flat: UUID
    programme: UUID
    status: str
    address: str
    layout: str
    area_m2: float
    rent: int
    published_at: datetime | None
    closes_at: datetime | None
    min_persons: int
    max_persons: int
    interested: int
    refusals: int
    result: dict | None


class OfferPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OfferOut]


def _restricted(request) -> bool:
    from kmb.cases.selectors import case_confidential_allowed

    return not case_confidential_allowed(request.membership)


def _situation(a, restricted: bool) -> str:
    situation = a.housing_situation
    return situation.ethos_category if restricted and situation.sensitive else situation.code


def _application_out(a, *, position=None, restricted: bool = True,
                     situations: dict | None = None) -> dict:
    return {"id": a.uuid, "number": a.number, "programme": a.programme.uuid,
            "client": a.client.uuid if a.client_id else None, "status": a.status,
            "status_reason": a.status_reason, "source": a.source,
            "first_name": a.first_name, "last_name": a.last_name,
            "housing_situation": _situation(a, restricted),
            "persons": a.persons,
            "registered_on": a.registered_on,
            "registration_expires_on": a.registration_expires_on, "score": a.score,
            "rule_version": a.rule_set.version if a.rule_set_id else None,
            "excluded": a.score_excluded,
            "breakdown": [{**r, "value": str(r["value"])}
                          for r in letters.breakdown_rows(a, restricted=restricted,
                                                          situations=situations)],
            "position": position, "created_at": a.created_at}


@router.get("/applications", response=ApplicationPage,
            summary="Applications for a municipal flat, with the score and its breakdown")
def application_list(request: HttpRequest, status: str = "", programme: str = "",
                     page: int = 1):
    _require(request, Perm.LETTINGS_VIEW)
    cp = request.membership.contact_point
    prog = selectors.programme_get(contact_point=cp, programme_id=programme) \
        if programme else None
    qs = selectors.application_list(
        contact_point=cp, status=status if status in ApplicationStatus.values else "",
        programme=prog).select_related("client", "rule_set", "programme")
    page_obj, meta = _page(qs, page)
    search_record(actor=request.user, contact_point=cp, object_type="lettings.application",
                  results=meta["count"], channel="api")
    restricted = _restricted(request)
    from kmb.lettings.scoring import situation_labels

    situations = situation_labels(restricted=restricted)
    return {**meta, "results": [_application_out(a, restricted=restricted,
                                                 situations=situations)
                                for a in page_obj.object_list]}


@router.get("/applications/{application_id}", response=ApplicationDetailOut,
            summary="An application with its household, score breakdown and position")
def application_detail(request: HttpRequest, application_id: str):
    _require(request, Perm.LETTINGS_VIEW, hide=True)
    app = selectors.application_get(contact_point=request.membership.contact_point,
                                    application_id=application_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=app,
                 contact_point=app.contact_point,
                 client_id=app.client.uuid if app.client_id else None, channel="api")
    members = list(app.members.all())
    out = _application_out(app, position=selectors.waiting_position(application=app),
                            restricted=_restricted(request))
    out["members"] = [{"first_name": m.first_name, "last_name": m.last_name,
                       "birth_date": m.birth_date, "relationship": m.relationship,
                       "income": m.income, "disability": m.disability} for m in members]
    return out


def _programme_out(p, waiting: int) -> dict:
    plain = selectors.rules_plain(programme=p)
    rules = None
    if plain:
        rules = {"version": plain["version"], "valid_from": plain["valid_from"],
                 "criteria": plain["criteria"], "exclusions": plain["exclusions"],
                 "data": plain["rule_set"].criteria}
    return {"id": p.uuid, "kind": p.kind, "name": p.name, "municipality": p.municipality.name,
            "municipality_code": p.municipality.code, "active": p.active,
            "waiting": waiting, "rules": rules}


@router.get("/programmes", response=list[ProgrammeOut],
            summary="Letting programmes of the contact point with the rules in force")
def programme_list(request: HttpRequest):
    _require(request, Perm.LETTINGS_VIEW)
    return [_programme_out(p, p.waiting) for p in selectors.with_waiting(
        selectors.programmes_of(contact_point=request.membership.contact_point))]


@router.get("/programmes/{programme_id}", response=ProgrammeOut, summary="A programme")
def programme_detail(request: HttpRequest, programme_id: str):
    _require(request, Perm.LETTINGS_VIEW, hide=True)
    p = selectors.programme_get(contact_point=request.membership.contact_point,
                                programme_id=programme_id)
    return _programme_out(p, selectors.waiting_counts(programme=p))


def _offer_out(o) -> dict:
    return {"id": o.uuid, "flat": o.flat.uuid, "programme": o.programme.uuid,
            "status": o.status, "address": o.flat.address, "layout": o.flat.layout,
            "area_m2": float(o.flat.area_m2), "rent": o.flat.rent,
            "published_at": o.published_at, "closes_at": o.closes_at,
            "min_persons": o.min_persons, "max_persons": o.max_persons,
            "interested": getattr(o, "interested", 0), "refusals": o.refusals,
            "result": o.result or None}


@router.get("/offers", response=OfferPage, summary="Municipal flat offers of the contact point")
def offer_list(request: HttpRequest, status: str = "", page: int = 1):
    _require(request, Perm.LETTINGS_VIEW)
    qs = selectors.offers_of(contact_point=request.membership.contact_point,
                             status=status if status in OfferStatus.values else "")
    page_obj, meta = _page(qs, page)
    return {**meta, "results": [_offer_out(o) for o in page_obj.object_list]}


@router.get("/offers/{offer_id}", response=OfferOut, summary="A municipal flat offer")
def offer_detail(request: HttpRequest, offer_id: str):
    _require(request, Perm.LETTINGS_VIEW, hide=True)
    found = selectors.offers_of(contact_point=request.membership.contact_point).filter(
        uuid=selectors._uuid(offer_id)).first()
    if found is None:
        raise Http404
    return _offer_out(found)
