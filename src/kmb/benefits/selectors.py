"""Reads of saved estimates and batches, always scoped to one contact point."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from kmb.accounts.models import Membership
from kmb.benefits.engine import Note
from kmb.benefits.models import BenefitBatch, BenefitBatchRow, BenefitEstimate
from kmb.cases.models import Client


def _uuid_or_404(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError):
        raise Http404 from None


def estimate_get_for_user(*, membership: Membership, estimate_id) -> BenefitEstimate:
    """The one way to load an estimate: 404 outside the user's contact point."""
    found = (BenefitEstimate.objects
             .filter(uuid=_uuid_or_404(estimate_id), contact_point_id=membership.contact_point_id,
                     client__contact_point_id=membership.contact_point_id)
             .select_related("client", "created_by").first())
    if found is None:
        raise Http404
    return found


def estimate_latest(*, client: Client) -> BenefitEstimate | None:
    return BenefitEstimate.objects.filter(client=client).order_by("-created_at", "-id").first()


def batch_get_for_user(*, membership: Membership, batch_id) -> BenefitBatch:
    found = (BenefitBatch.objects
             .filter(uuid=_uuid_or_404(batch_id), contact_point_id=membership.contact_point_id)
             .select_related("created_by").first())
    if found is None:
        raise Http404
    return found


def batches(*, membership: Membership) -> QuerySet[BenefitBatch]:
    return (BenefitBatch.objects.filter(contact_point_id=membership.contact_point_id)
            .select_related("created_by").order_by("-created_at", "-id"))


def batch_rows(*, batch: BenefitBatch) -> QuerySet[BenefitBatchRow]:
    return BenefitBatchRow.objects.filter(batch=batch).order_by("number")


# --- notes stored as JSON, rendered again in the reader's language ------------------

_MONEY = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _param(value: Any) -> Any:
    if isinstance(value, dict) and "msgid" in value:
        return note_from_json(value)
    if isinstance(value, str) and _MONEY.fullmatch(value):
        return Decimal(value)
    if isinstance(value, str) and _DATE.fullmatch(value):
        return date.fromisoformat(value)
    return value


def note_from_json(data: dict[str, Any]) -> Note:
    """A stored note (``Note.as_json``) as a note again: translated when rendered.

    Amounts were stored as numeric strings (counts stay JSON numbers), dates as ISO
    strings; both get their types back so that they are formatted for the reader's
    language.
    """
    params = {k: _param(v) for k, v in (data.get("params") or {}).items()}
    return Note(data.get("code", ""), data.get("msgid", ""), params)


def notes_from_json(items: list[dict[str, Any]] | None) -> list[Note]:
    return [note_from_json(item) for item in items or []]
