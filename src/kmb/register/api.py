"""/api/v1/register/…: procedures with their state, next deadline and legal basis, their
steps and letters, and the report (small numbers suppressed). Same tenancy and roles as
the staff pages."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from kmb.accounts.tenancy import membership_has
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.core.permissions import Perm
from kmb.register import report as reports
from kmb.register import selectors
from kmb.register.models import CLOSED_STATES, Procedure

router = Router(tags=["register"])


class DeadlineOut(Schema):
    kind: str
    due: date | None
    legal_basis: str


class ProcedureOut(Schema):
    id: UUID
    client: UUID
    path: str
    channel: str
    state: str
    filed_on: date
    entered_on: date | None
    valid_until: date | None
    next_deadline: DeadlineOut | None


class ProcedurePage(Schema):
    count: int
    page: int
    pages: int
    results: list[ProcedureOut]


class StepOut(Schema):
    action: str
    label: str
    on: date
    recorded_at: datetime
    who: str
    state_before: str
    state_after: str


class LetterOut(Schema):
    id: UUID
    reference: str
    kind: str
    issued_on: date
    delivered_on: date | None
    ready_on: date | None
    sha256: str


class ProcedureDetailOut(ProcedureOut):
    steps: list[StepOut]
    letters: list[LetterOut]


def _require(request: HttpRequest, perm: str) -> None:
    if not membership_has(request.membership, perm):
        raise PermissionDenied


def _out(p: Procedure) -> dict:
    deadline = ({"kind": p.next_due_kind, "due": p.next_due, "legal_basis": p.next_due_basis}
                if p.next_due else None)
    return {"id": p.uuid, "client": p.client.uuid, "path": p.path, "channel": p.channel,
            "state": p.state, "filed_on": p.filed_on, "entered_on": p.entered_on,
            "valid_until": p.valid_until, "next_deadline": deadline}


@router.get("/procedures", response=ProcedurePage, summary="Register procedures")
def procedures(request: HttpRequest, state: str = "", open: bool = False, page: int = 1):
    """The office's procedures, the nearest deadline first; ``open=true`` leaves out the
    finished ones, ``state`` filters by one state."""
    _require(request, Perm.REGISTER_VIEW)
    qs = Procedure.objects.filter(contact_point=request.membership.contact_point
                                  ).select_related("client").order_by("next_due", "id")
    if open:
        qs = qs.exclude(state__in=CLOSED_STATES)
    if state:
        qs = qs.filter(state=state[:30])
    page_obj = Paginator(qs, settings.KMB_PAGE_SIZE).get_page(page)
    return {"count": page_obj.paginator.count, "page": page_obj.number,
            "pages": page_obj.paginator.num_pages,
            "results": [_out(p) for p in page_obj.object_list]}


@router.get("/procedures/{procedure_id}", response=ProcedureDetailOut,
            summary="A register procedure with its steps and letters")
def procedure_detail(request: HttpRequest, procedure_id: str):
    _require(request, Perm.REGISTER_VIEW)
    procedure = selectors.procedure_get_for_user(membership=request.membership,
                                                 procedure_id=procedure_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=procedure,
                 contact_point=procedure.contact_point, client_id=procedure.client.uuid,
                 channel="api")
    data = _out(procedure)
    data["steps"] = [{"action": s.action, "label": s.label, "on": s.on, "recorded_at": s.at,
                      "who": s.who, "state_before": s.state_before,
                      "state_after": s.state_after}
                     for s in selectors.procedure_steps(procedure=procedure)]
    data["letters"] = [{"id": x.uuid, "reference": x.reference, "kind": x.kind,
                        "issued_on": x.issued_on, "delivered_on": x.delivered_on,
                        "ready_on": x.ready_on, "sha256": x.sha256}
                       for x in selectors.procedure_letters(procedure=procedure)]
    return data


@router.get("/report", summary="The register report of a year or a month")
def report(request: HttpRequest, period: str):
    """Figures of ``period`` (``2026`` or ``2026-11``) in the format of
    ``docs/register-report.md``; counts from 1 to 4 are "<5"."""
    _require(request, Perm.REGISTER_REPORT)
    try:
        parsed = reports.period_parse(period)
    except reports.BadPeriod as exc:
        raise HttpError(422, str(exc)) from None
    return reports.suppressed(reports.register_report(
        contact_point=request.membership.contact_point, period=parsed))


class MeasureOut(Schema):
    id: UUID
    procedure: UUID
    kind: str
    provider: str
    starts_on: date
    ends_on: date | None
    end_reason: str
    bridging_until: date | None
    flat: str
    flat_id: UUID | None
    lease_id: UUID | None
    assistance_minutes: int
    assistance_visits: int


class MeasurePage(Schema):
    count: int
    page: int
    pages: int
    results: list[MeasureOut]


@router.get("/measures", response=MeasurePage, summary="Support measures")
def measures_list(request: HttpRequest, running: bool = False, page: int = 1):
    """The office's support measures, newest first; ``running=true`` only those not
    ended."""
    from django.db.models import Count, Sum

    from kmb.register.models import SupportMeasure

    _require(request, Perm.REGISTER_VIEW)
    qs = (SupportMeasure.objects.filter(contact_point=request.membership.contact_point)
          .select_related("provider", "procedure", "flat__municipality", "lease")
          .annotate(minutes=Sum("assistance__minutes"),
                    visits=Count("assistance", filter=Q(assistance__visit=True)))
          .order_by("-starts_on", "-id"))
    if running:
        qs = qs.filter(ends_on__isnull=True)
    page_obj = Paginator(qs, settings.KMB_PAGE_SIZE).get_page(page)
    return {"count": page_obj.paginator.count, "page": page_obj.number,
            "pages": page_obj.paginator.num_pages,
            "results": [{"id": m.uuid, "procedure": m.procedure.uuid, "kind": m.kind,
                         "provider": m.provider.name, "starts_on": m.starts_on,
                         "ends_on": m.ends_on, "end_reason": m.end_reason,
                         "bridging_until": m.bridging_until, "flat": m.flat_display,
                         "flat_id": m.flat.uuid if m.flat_id else None,
                         "lease_id": m.lease.uuid if m.lease_id else None,
                         "assistance_minutes": m.minutes or 0,
                         "assistance_visits": m.visits or 0}
                        for m in page_obj.object_list]}
