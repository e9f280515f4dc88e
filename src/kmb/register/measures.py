"""Support measures for households in the register, and the contributions they earn.

A measure starts for a procedure whose entry is valid (state "entered"); housing assistance
continues for a bridging period after it ends (``register.assistance_bridging_months``).
The contributions the municipality claims from the regional office are computed from the
measures actually running in a year, pro rata by days, from the dated code list
``register.contributions``.
"""

from __future__ import annotations

import io
from calendar import isleap
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kmb.accounts.tenancy import membership_has
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases.errors import DomainError
from kmb.core.events import event_record
from kmb.core.permissions import Perm
from kmb.register.deadlines import add_months
from kmb.register.models import (
    FLAT_MEASURES,
    AssistanceRecord,
    MeasureEndReason,
    MeasureKind,
    Procedure,
    Provider,
    State,
    SupportMeasure,
)
from kmb.register.params import contribution_kinds, register_parameters


def _check_manage(membership) -> None:
    if not membership_has(membership, Perm.REGISTER_MANAGE):
        raise DomainError(_("Only a register officer may record support measures."))


@transaction.atomic
def measure_start(*, membership, actor, procedure: Procedure, kind: str, provider: Provider,
                  starts_on: date, flat=None, lease=None,
                  first_entry_of_flat: bool = False) -> SupportMeasure:
    """Start a measure for a household entered in the register. Guaranteed tenancy,
    sublease and supported municipal housing live in a flat of the office's housing
    supply, optionally with the lease signed there by this household; housing assistance
    has no flat."""
    _check_manage(membership)
    if procedure.contact_point_id != membership.contact_point_id or (
            provider.contact_point_id != membership.contact_point_id):
        raise DomainError(_("The record belongs to another contact point."))
    if procedure.state != State.ENTERED:
        raise DomainError(_("A support measure needs a valid entry in the register."))
    if kind not in MeasureKind.values:
        raise DomainError(_("Choose the measure."))
    if procedure.entered_on and starts_on < procedure.entered_on:
        raise DomainError(_("A measure cannot start before the entry in the register."))
    if starts_on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    _check_flat(procedure, kind, flat, lease, starts_on)
    measure = SupportMeasure.objects.create(
        contact_point=procedure.contact_point, procedure=procedure, kind=kind,
        provider=provider, starts_on=starts_on, flat=flat, lease=lease,
        first_entry_of_flat=first_entry_of_flat, created_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=measure,
                 contact_point=procedure.contact_point, client_id=procedure.client.uuid,
                 changes=["kind", "provider", "starts_on"])
    event_record(kind="register.measure_started", contact_point=procedure.contact_point,
                 subject_id=measure.uuid, data={"kind": kind, "on": starts_on.isoformat()})
    return measure


def _check_flat(procedure: Procedure, kind: str, flat, lease, starts_on: date) -> None:
    if kind not in FLAT_MEASURES:
        if flat is not None or lease is not None:
            raise DomainError(_("Housing assistance is not tied to a flat; leave the flat "
                                "and the lease empty."))
        return
    if flat is None:
        raise DomainError(_("Choose the flat of the housing supply the measure lives in."))
    if flat.contact_point_id != procedure.contact_point_id:
        raise DomainError(_("The record belongs to another contact point."))
    if lease is None:
        return
    if lease.contact_point_id != procedure.contact_point_id:
        raise DomainError(_("The record belongs to another contact point."))
    if lease.flat_id != flat.pk:
        raise DomainError(_("The lease was signed for another flat."))
    if lease.client_id != procedure.client_id:
        raise DomainError(_("The lease was signed by another household."))
    if lease.starts_on > starts_on:
        raise DomainError(_("The measure cannot start before its lease starts."))


@transaction.atomic
def measure_end(*, membership, actor, measure: SupportMeasure, ends_on: date,
                reason: str) -> SupportMeasure:
    _check_manage(membership)
    if measure.contact_point_id != membership.contact_point_id:
        raise DomainError(_("The record belongs to another contact point."))
    if measure.ends_on:
        raise DomainError(_("The measure has already ended."))
    if reason not in MeasureEndReason.values:
        raise DomainError(_("Choose the reason for ending."))
    if ends_on < measure.starts_on or ends_on > timezone.localdate():
        raise DomainError(_("The end must be between the start and today."))
    measure.ends_on, measure.end_reason = ends_on, reason
    if measure.kind == MeasureKind.ASSISTANCE:
        months = register_parameters(ends_on).assistance_bridging_months
        measure.bridging_until = add_months(ends_on, months)
    measure.save(update_fields=["ends_on", "end_reason", "bridging_until"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=measure,
                 contact_point=measure.contact_point,
                 client_id=measure.procedure.client.uuid, changes=["ends_on", "end_reason"])
    event_record(kind="register.measure_ended", contact_point=measure.contact_point,
                 subject_id=measure.uuid, data={"kind": measure.kind, "reason": reason,
                                                "on": ends_on.isoformat()})
    return measure


@transaction.atomic
def assistance_record(*, membership, actor, measure: SupportMeasure, on: date, minutes: int,
                      visit: bool, note: str = "") -> AssistanceRecord:
    _check_manage(membership)
    if measure.contact_point_id != membership.contact_point_id:
        raise DomainError(_("The record belongs to another contact point."))
    if measure.kind != MeasureKind.ASSISTANCE:
        raise DomainError(_("Hours and visits are recorded for housing assistance only."))
    last = measure.bridging_until or measure.ends_on
    if on < measure.starts_on or (last and on > last) or on > timezone.localdate():
        raise DomainError(_("The day is outside the time of the assistance."))
    if not 1 <= minutes <= 24 * 60:
        raise DomainError(_("Enter the minutes of one day (1 to 1440)."))
    record = AssistanceRecord.objects.create(measure=measure, on=on, minutes=minutes,
                                             visit=visit, note=note, recorded_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=measure,
                 contact_point=measure.contact_point,
                 client_id=measure.procedure.client.uuid, changes=["assistance"])
    return record


# ---- contributions ---------------------------------------------------------------------

@dataclass(frozen=True)
class ClaimLine:
    kind: str
    measure: SupportMeasure
    days: int
    rate: Decimal | None
    amount: Decimal | None  # None: the rate is not confirmed yet


def _overlap_days(measure: SupportMeasure, start: date, end: date) -> int:
    last = min(measure.ends_on or end, end)
    first = max(measure.starts_on, start)
    return max((last - first).days + 1, 0)


def _line(kind: str, spec: dict, measure: SupportMeasure, year: int,
          days: int) -> ClaimLine | None:
    rate = Decimal(str(spec["amount"])) if spec.get("amount") is not None else None
    unit = spec.get("unit", "flat_year")
    if unit == "one_off":
        if not (measure.first_entry_of_flat and measure.starts_on.year == year):
            return None
        return ClaimLine(kind, measure, 1, rate, rate)
    if kind == "flat_management" and measure.provider.managed_flats > int(
            spec.get("max_provider_flats") or 10**9):
        return None
    year_days = 366 if isleap(year) else 365
    amount = None if rate is None else (rate * days / year_days).quantize(
        Decimal("1"), rounding=ROUND_HALF_UP)
    return ClaimLine(kind, measure, days, rate, amount)


def contribution_claims(*, contact_point, year: int) -> list[ClaimLine]:
    """Every contribution line of ``year``: each running measure, each kind it earns."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    kinds = contribution_kinds(end)
    measures = (SupportMeasure.objects.filter(contact_point=contact_point,
                                              starts_on__lte=end)
                .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
                .select_related("provider", "procedure", "flat__municipality")
                .order_by("starts_on", "id"))
    lines = []
    for measure in measures:
        days = _overlap_days(measure, start, end)
        for kind, spec in kinds.items():
            if measure.kind in (spec.get("measures") or []) and days:
                line = _line(kind, spec, measure, year, days)
                if line is not None:
                    lines.append(line)
    return lines


def claims_total(lines: list[ClaimLine]) -> Decimal:
    return sum((line.amount for line in lines if line.amount is not None), Decimal(0))


def settlement_xlsx(*, contact_point, year: int, lines: list[ClaimLine]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    sheet.append([contact_point.name, str(year)])
    sheet.append(["contribution", "measure", "provider", "flat", "start", "end", "days",
                  "rate_czk", "amount_czk"])
    for line in lines:
        m = line.measure
        sheet.append([line.kind, m.kind, m.provider.name, m.flat_display, m.starts_on,
                      m.ends_on, line.days,
                      None if line.rate is None else float(line.rate),
                      None if line.amount is None else float(line.amount)])
    sheet.append(["total", "", "", "", "", "", "", "", float(claims_total(lines))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
