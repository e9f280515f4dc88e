"""Figures for the city: registered applications by situation, household size and score
band, and the monthly flows (new, housed, removed). No personal data."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kmb.cases.models import EthosCategory
from kmb.lettings.models import Application, ApplicationStatus, StatusChange

SCORE_BANDS = ((0, 19), (20, 39), (40, 59), (60, 79), (80, None))


def band_label(low: int, high: int | None) -> str:
    return f"{low}–{high}" if high is not None else f"{low}+"


def _scope(contact_point=None):
    qs = Application.objects.all()
    return qs.filter(contact_point=contact_point) if contact_point is not None else qs


def registered_counts(*, contact_point=None) -> dict:
    """Registered applications by ETHOS situation, household size and score band."""
    registered = _scope(contact_point).filter(status=ApplicationStatus.REGISTERED)
    by_situation = dict(registered.values_list("housing_situation__ethos_category")
                        .annotate(n=Count("pk")).order_by())
    sizes = Counter(registered.values_list("persons", flat=True))
    scores = list(registered.values_list("score", flat=True))
    bands = []
    for low, high in SCORE_BANDS:
        bands.append((band_label(low, high),
                      sum(1 for s in scores if s >= low and (high is None or s <= high))))
    situations = [(EthosCategory(code).label if code in EthosCategory.values else code, n)
                  for code, n in sorted(by_situation.items(), key=lambda kv: str(kv[0]))]
    return {"total": len(scores), "situations": situations,
            "sizes": sorted(((min(k, 6), v) for k, v in sizes.items())), "bands": bands}


def monthly_flows(*, contact_point=None, months: int = 12) -> list[dict]:
    """Per month: new applications, housed and removed (from the status history)."""
    from kmb.lettings.services import add_months

    today = timezone.localdate()
    since = add_months(date(today.year, today.month, 1), -(months - 1))
    changes = StatusChange.objects.filter(at__date__gte=since)
    if contact_point is not None:
        changes = changes.filter(application__contact_point=contact_point)
    rows = (changes.filter(to_status__in=(ApplicationStatus.SUBMITTED,
                                          ApplicationStatus.HOUSED, ApplicationStatus.REMOVED))
            .annotate(month=TruncMonth("at")).values_list("month", "to_status")
            .annotate(n=Count("pk")).order_by("month"))
    table: dict[str, dict] = {}
    for month, status, n in rows:
        key = month.strftime("%Y-%m") if month else ""
        row = table.setdefault(key, {"month": key, "new": 0, "housed": 0, "removed": 0})
        row[{"submitted": "new", "housed": "housed", "removed": "removed"}[status]] += n
    return [table[k] for k in sorted(table)]


def office_counts(*, contact_point) -> dict:
    counts = registered_counts(contact_point=contact_point)
    counts["by_status"] = dict(_scope(contact_point).values_list("status")
                               .annotate(n=Count("pk")).order_by())
    counts["flows"] = monthly_flows(contact_point=contact_point)
    return counts
