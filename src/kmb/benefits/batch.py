"""Batch runs for analysts: many households at once, as they are and under a scenario.

The households are the latest estimates of the contact point's clients made in the last
``recent_days``, re-estimated for one month. The scenario changes rents, energy costs and
incomes by a percentage ("rents rise 10 %"). Both runs are vectorised
(:func:`~kmb.benefits.engine.estimate_many`), chunk by chunk, and the batch row shows the
progress. Result rows carry no names.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.accounts.models import ContactPoint, User
from kmb.audit.models import AuditAction, SecurityEventKind
from kmb.audit.services import audit_record, security_event_record
from kmb.benefits import engine
from kmb.benefits.engine import HouseholdInput, Incomes
from kmb.benefits.forms import current_period, period_choices
from kmb.benefits.models import (
    BatchError,
    BatchStatus,
    BenefitBatch,
    BenefitBatchRow,
    BenefitEstimate,
)
from kmb.benefits.services import estimate_households

logger = logging.getLogger(__name__)

_CENT = Decimal("0.01")


def _percent_field(label) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=-90, max_value=300, decimal_places=1,
                              max_digits=5, initial=0,
                              widget=forms.NumberInput(attrs={"step": "0.1"}))


class BatchForm(forms.Form):
    period = forms.ChoiceField(label=_("Month"), choices=())
    recent_days = forms.IntegerField(label=_("Clients with an estimate in the last (days)"),
                                     min_value=1, max_value=3650, initial=365)
    rent_change_percent = _percent_field(_("Change of rents (%)"))
    energy_change_percent = _percent_field(_("Change of energy costs (%)"))
    income_change_percent = _percent_field(_("Change of incomes (%)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()
        self.fields["period"].initial = current_period()
        self.fields["rent_change_percent"].initial = 10


@transaction.atomic
def batch_create(*, contact_point: ContactPoint, actor: User, period: str, recent_days: int,
                 rent_change_percent: Decimal, energy_change_percent: Decimal,
                 income_change_percent: Decimal) -> BenefitBatch:
    from kmb.benefits.tasks import run_batch

    created = BenefitBatch.objects.create(
        contact_point=contact_point, created_by=actor, period=period, recent_days=recent_days,
        rent_change_percent=rent_change_percent, energy_change_percent=energy_change_percent,
        income_change_percent=income_change_percent)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=created,
                 contact_point=contact_point)
    transaction.on_commit(lambda: run_batch.enqueue(batch_id=str(created.uuid)))
    return created


def _latest_inputs(batch: BenefitBatch):
    since = batch.created_at - timedelta(days=batch.recent_days)
    latest = (BenefitEstimate.objects.filter(client=OuterRef("client"))
              .order_by("-created_at", "-id").values("pk")[:1])
    return (BenefitEstimate.objects
            .filter(contact_point_id=batch.contact_point_id, created_at__gte=since,
                    client__merged_into__isnull=True, pk=Subquery(latest))
            .order_by("pk").values_list("inputs", flat=True))


def _scale(value: Decimal | None, factor: Decimal) -> Decimal | None:
    if value is None or factor == 1:
        return value
    return (Decimal(value) * factor).quantize(_CENT, ROUND_HALF_UP)


def scenario(household: HouseholdInput, *, rent: Decimal, energy: Decimal,
             income: Decimal) -> HouseholdInput:
    """The household under the scenario (factors such as 1.10 for +10 %)."""
    members = [
        dataclasses.replace(person, incomes=Incomes(**{
            f.name: (_scale(getattr(person.incomes, f.name), income)
                     if f.name in engine.INCOME_VARIABLES else getattr(person.incomes, f.name))
            for f in dataclasses.fields(Incomes)}))
        for person in household.members
    ]
    return dataclasses.replace(household, members=members, rent=_scale(household.rent, rent),
                               energy=_scale(household.energy, energy))


def _factor(percent: Decimal) -> Decimal:
    return Decimal(1) + Decimal(percent) / 100


def _prepare(batch: BenefitBatch, raw: dict[str, Any]) -> tuple[HouseholdInput, HouseholdInput
                                                                  ] | None:
    try:
        household = HouseholdInput.from_json(raw["household"])
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None
    household = dataclasses.replace(
        household, period=batch.period,
        members=[dataclasses.replace(p, label="") for p in household.members])
    after = scenario(household, rent=_factor(batch.rent_change_percent),
                     energy=_factor(batch.energy_change_percent),
                     income=_factor(batch.income_change_percent))
    for candidate in (household, after):
        if any(p.severity == "error" for p in engine.validate(candidate)):
            return None
    return household, after


def _row(batch: BenefitBatch, number: int, before, after) -> BenefitBatchRow:
    household = before.household
    return BenefitBatchRow(
        batch=batch, number=number, members=len(household.members),
        children=sum(1 for p in household.members
                     if p.is_dependent_child or (p.is_dependent_child is None
                                                 and p.age is not None and p.age < 15)),
        district=engine.resolve_district(household.district) or "",
        housing_type=household.housing_type, tenure=household.tenure,
        dssp_before=before.dssp, dssp_after=after.dssp,
        housing_after=after.housing_component, living_after=after.living_component,
        child_bonus_after=after.child_bonus, work_bonus_after=after.work_bonus,
        reliable=after.reliable, assets_passed=after.assets.passed)


def batch_run(*, batch_id: str) -> None:
    """Run a batch (called by the background task). Failures mark the batch as failed.

    Safe to run again: a run cut off by a dead worker left some rows, which are dropped
    before the batch starts over, so every household ends with exactly one row."""
    batch = BenefitBatch.objects.get(uuid=batch_id)
    if batch.status not in (BatchStatus.QUEUED, BatchStatus.RUNNING):
        return
    with transaction.atomic():
        BenefitBatchRow.objects.filter(batch=batch).delete()
        BenefitBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.RUNNING, started_at=timezone.now(), total=0, processed=0,
            skipped=0, summary={}, error="")
    try:
        _run(batch)
    except Exception:
        logger.exception("Batch %s failed", batch.uuid)
        BenefitBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, finished_at=timezone.now(), error=BatchError.FAILED)


@transaction.atomic
def batch_restart(*, batch: BenefitBatch, actor: User) -> bool:
    """Start a failed batch again from the beginning; False if it had not failed."""
    from kmb.benefits.tasks import run_batch

    restarted = BenefitBatch.objects.filter(pk=batch.pk, status=BatchStatus.FAILED).update(
        status=BatchStatus.QUEUED, total=0, processed=0, skipped=0, summary={}, error="",
        started_at=None, finished_at=None)
    if not restarted:
        return False
    BenefitBatchRow.objects.filter(batch=batch).delete()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=batch,
                 contact_point=batch.contact_point, changes=["status"])
    transaction.on_commit(lambda: run_batch.enqueue(batch_id=str(batch.uuid)))
    return True


def batch_interrupted(*, batch_id: str, final: bool) -> None:
    """The worker running the batch died: it runs again, or (final) waits for a restart."""
    batches = BenefitBatch.objects.filter(
        uuid=batch_id, status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING])
    if final:
        batches.update(status=BatchStatus.FAILED, finished_at=timezone.now(),
                       error=BatchError.LOST)
    else:
        batches.update(status=BatchStatus.QUEUED, error=BatchError.INTERRUPTED)


def _run(batch: BenefitBatch) -> None:
    raws = list(_latest_inputs(batch).iterator(chunk_size=2000))
    BenefitBatch.objects.filter(pk=batch.pk).update(total=len(raws))
    summary = _Summary()
    processed = skipped = number = 0
    chunk = settings.KMB_BENEFIT_BATCH_CHUNK
    for start in range(0, len(raws), chunk):
        pairs = []
        for raw in raws[start:start + chunk]:
            prepared = _prepare(batch, raw)
            if prepared is None:
                skipped += 1
            else:
                pairs.append(prepared)
        results = estimate_households([p[0] for p in pairs] + [p[1] for p in pairs])
        half = len(pairs)
        rows = []
        for before, after in zip(results[:half], results[half:], strict=True):
            number += 1
            rows.append(_row(batch, number, before, after))
            summary.add(before, after)
        BenefitBatchRow.objects.bulk_create(rows, batch_size=1000)
        processed += len(raws[start:start + chunk])
        BenefitBatch.objects.filter(pk=batch.pk).update(processed=processed, skipped=skipped)
    BenefitBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE, finished_at=timezone.now(), processed=processed,
        skipped=skipped, summary=summary.as_json())


class _Summary:
    def __init__(self) -> None:
        self.count = self.entitled_before = self.entitled_after = 0
        self.total_before = self.total_after = self.increased = self.decreased = 0
        self.unreliable = 0

    def add(self, before, after) -> None:
        self.count += 1
        self.entitled_before += before.dssp > 0
        self.entitled_after += after.dssp > 0
        self.total_before += before.dssp
        self.total_after += after.dssp
        self.increased += after.dssp > before.dssp
        self.decreased += after.dssp < before.dssp
        self.unreliable += not after.reliable

    def as_json(self) -> dict[str, int]:
        return dict(self.__dict__)


# --- export -----------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    """A cell value that a spreadsheet never runs as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def batch_xlsx(*, batch: BenefitBatch, actor: User) -> IO[bytes]:
    """The batch's rows as an XLSX file (written row by row to a temporary file)."""
    from openpyxl import Workbook

    names = dict(engine.district_choices())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Households")))
    sheet.append([str(h) for h in (
        _("Number"), _("Members"), _("Dependent children"), _("District"), _("Housing type"),
        _("Tenure"), _("Benefit now"), _("Benefit under the scenario"), _("Change"),
        _("Housing component"), _("Living component"), _("Child bonus"), _("Work bonus"),
        _("Reliable"), _("Assets test passed"))])
    rows = BenefitBatchRow.objects.filter(batch=batch).order_by("number").iterator(2000)
    for row in rows:
        sheet.append([_safe(v) for v in (
            row.number, row.members, row.children, names.get(row.district, row.district),
            row.housing_type, row.tenure, row.dssp_before, row.dssp_after, row.change,
            row.housing_after, row.living_after, row.child_bonus_after, row.work_bonus_after,
            row.reliable, row.assets_passed)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response that streams it)
    workbook.save(handle)
    handle.seek(0)
    audit_record(actor=actor, action=AuditAction.EXPORT, obj=batch,
                 contact_point=batch.contact_point)
    security_event_record(kind=SecurityEventKind.EXPORT, user=actor,
                          detail=f"benefit batch {batch.uuid}")
    return handle
