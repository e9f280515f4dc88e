"""Writing domain events (the source of statistics)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.utils import timezone

from kmb.core.models import DomainEvent


def event_record(
    *,
    kind: str,
    contact_point: Any,
    subject_id: uuid.UUID | None = None,
    occurred_at: datetime | None = None,
    data: dict[str, Any] | None = None,
) -> DomainEvent:
    return DomainEvent.objects.create(
        kind=kind,
        contact_point=contact_point,
        subject_id=subject_id,
        occurred_at=occurred_at or timezone.now(),
        data=data or {},
    )
