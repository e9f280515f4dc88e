"""Figures computed from the append-only domain events, never from mutable case records."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kmb.accounts.models import ContactPoint
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
