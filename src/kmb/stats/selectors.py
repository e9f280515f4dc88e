"""Figures computed from the append-only domain events, never from mutable case records."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kmb.accounts.models import ContactPoint
from kmb.cases.models import MaterialAidKind
from kmb.core.models import DomainEvent


def _months_back(n: int) -> list[date]:
    today = timezone.localdate().replace(day=1)
    months = []
    year, month = today.year, today.month
    for _ in range(n):
        months.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def consultations_by_month(*, contact_point: ContactPoint, months: int = 12) -> list[dict]:
    """Consultations per month: total, anonymous, by channel and the most frequent topics."""
    first = _months_back(months)[0]
    events = (DomainEvent.objects.filter(contact_point=contact_point,
                                         kind="consultation.recorded",
                                         occurred_at__date__gte=first)
              .annotate(month=TruncMonth("occurred_at", tzinfo=timezone.get_current_timezone()))
              .values_list("month", "data"))
    per_month: dict[date, Counter] = defaultdict(Counter)
    for month, data in events.iterator(chunk_size=2000):
        bucket = per_month[month.date() if hasattr(month, "date") else month]
        bucket["total"] += 1
        bucket["anonymous"] += bool(data.get("anonymous"))
        bucket["at_risk"] += bool(data.get("housing_at_risk"))
        bucket[f"channel:{data.get('channel')}"] += 1
        for topic in data.get("topics", []):
            bucket[f"topic:{topic}"] += 1
    return [{"month": m, **per_month.get(m, Counter())} for m in _months_back(months)]


def events_by_kind(*, contact_point: ContactPoint) -> dict[str, int]:
    rows = (DomainEvent.objects.filter(contact_point=contact_point)
            .values("kind").annotate(n=Count("id")).order_by("kind"))
    return {row["kind"]: row["n"] for row in rows}


def material_aid_by_kind(*, contact_point: ContactPoint, months: int = 12) -> list[dict]:
    """Material aid given, per kind of aid: how often, pieces and value in Kč in the
    current month, and how often in the last ``months`` months (the current one included).
    Kinds no longer offered still count when they were given."""
    current = timezone.localdate().replace(day=1)
    first = _months_back(months)[0]
    events = (DomainEvent.objects.filter(contact_point=contact_point,
                                         kind="material_aid.given",
                                         occurred_at__date__gte=first)
              .values_list("occurred_at", "data"))
    counts: dict[str, Counter] = defaultdict(Counter)
    for occurred_at, data in events.iterator(chunk_size=2000):
        bucket = counts[data.get("kind") or "other"]
        bucket["period"] += 1
        if timezone.localdate(occurred_at) >= current:
            bucket["month"] += 1
            bucket["quantity"] += data.get("quantity") or 0
            bucket["value_czk"] += data.get("value_czk") or 0
    kinds = {k.code: k for k in MaterialAidKind.objects.all()}
    rows = [{"code": code, "label": kinds[code].label if code in kinds else code,
             "order": kinds[code].order if code in kinds else 999, **counter}
            for code, counter in counts.items()]
    return sorted(rows, key=lambda r: (r["order"], r["code"]))
