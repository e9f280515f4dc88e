"""Reading dated parameters."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
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


#: Keys of rows that are bookkeeping of the demo data, not parameters of law.
INTERNAL_PREFIXES = ("demo.",)


def parameters_for_review() -> QuerySet[DatedParameter]:
    """Every dated parameter with its validity and source, for the staff parameter page."""
    rows = DatedParameter.objects.order_by("key", "valid_from", "pk")
    for prefix in INTERNAL_PREFIXES:
        rows = rows.exclude(key__startswith=prefix)
    return rows


def parameters_to_be_confirmed(*, on: date | None = None) -> QuerySet[DatedParameter]:
    """Parameters still marked "to be confirmed" that are valid on a day or later."""
    day = on or timezone.localdate()
    return parameters_for_review().filter(to_be_confirmed=True).exclude(valid_to__lt=day)
