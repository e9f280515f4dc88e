"""Reading dated parameters."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from kmb.core.models import DatedParameter

_MISSING = object()


def parameter_value(key: str, *, on: date | None = None, default: Any = _MISSING) -> Any:
    day = on or timezone.localdate()
    row = DatedParameter.objects.valid_on(day).filter(key=key).order_by("-valid_from").first()
    if row is None:
        if default is _MISSING:
            raise LookupError(f"No value of parameter {key!r} valid on {day.isoformat()}")
        return default
    return row.value
