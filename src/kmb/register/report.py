"""The register's monthly and yearly report (format: ``docs/register-report.md``).

Flows (applications filed, decisions, appeals, removals) come from the append-only domain
events, so a past month's figures do not change; the people in the register are counted
from the procedures entered at the end of the period. Anything leaving the office (CSV,
XLSX, the API) shows counts from 1 to 4 as "<5", and processing times only when at least 5
decisions stand behind them.
"""

from __future__ import annotations

import csv
import io
import math
import re
import statistics
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from kmb.cases.models import EthosCategory
from kmb.core.disclosure import SUPPRESS_BELOW, hide_small
from kmb.core.models import DomainEvent
from kmb.register.models import MeasureKind, Procedure, ProcedurePath, RefusalReason

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


def period_parse(text: str) -> Period:
    """``2026`` (a year) or ``2026-11`` (a month)."""
    match = _PERIOD.match((text or "").strip())
    if not match:
        raise BadPeriod(_("Give the period as a year (2026) or a month (2026-11)."))
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise BadPeriod(_("Give the period as a year (2026) or a month (2026-11)."))
    if match.group(2):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise BadPeriod(_("Give the period as a year (2026) or a month (2026-11)."))
        return Period(date(year, month, 1), date(year, month, monthrange(year, month)[1]),
                      f"{year}-{month:02d}")
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


def percentile(values: list[int], share: float) -> int:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def _events(contact_point, period: Period, kinds: list[str]):
    return DomainEvent.objects.filter(
        contact_point=contact_point, kind__in=kinds,
        occurred_at__date__gte=period.start, occurred_at__date__lte=period.end)


def _household_type(client) -> str:
    household = client.household
    members = list(household.members.all()) if household else []
    if not members:
        return "single"
    if any(m.relationship == "child" for m in members):
        return "with_children"
    return "adults_only"


HOUSEHOLD_TYPES = {"single": "one person", "with_children": "with children",
                   "adults_only": "adults only"}


def _by_kind(events) -> dict[str, int]:
    counts = dict.fromkeys(MeasureKind.values, 0)
    for event in events:
        kind = event.data.get("kind")
        if kind in counts:
            counts[kind] += 1
    return counts


def register_report(*, contact_point, period: Period) -> dict[str, Any]:
    """Exact figures (for the office's own page); :func:`suppressed` before sharing."""
    filed = list(_events(contact_point, period, ["register.filed"]))
    decisions = list(_events(contact_point, period,
                             ["register.enter", "register.refuse", "register.appeal_changed"]))
    entered = [e for e in decisions if e.kind != "register.refuse"]
    refused = [e for e in decisions if e.kind == "register.refuse"]
    days = [int(e.data.get("days_since_filing", 0)) for e in decisions
            if e.kind != "register.appeal_changed"]
    in_register = (Procedure.objects.filter(contact_point=contact_point,
                                            entered_on__lte=period.end)
                   .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
                   .filter(state__in=["entered", "ended"])
                   .select_related("client__housing_situation", "client__household")
                   .prefetch_related("client__household__members"))
    by_ethos = {code: 0 for code in EthosCategory.values}
    by_household = dict.fromkeys(HOUSEHOLD_TYPES, 0)
    for procedure in in_register:
        situation = procedure.client.housing_situation
        by_ethos[situation.ethos_category if situation else "unknown"] += 1
        by_household[_household_type(procedure.client)] += 1
    return {
        "contact_point": contact_point.name,
        "period": {"label": period.label, "from": period.start.isoformat(),
                   "to": period.end.isoformat()},
        "applications_filed": len(filed),
        "applications_by_path": {p: sum(e.data.get("path") == p for e in filed)
                                 for p in ProcedurePath.values},
        "entered": len(entered),
        "refused": len(refused),
        "refused_by_reason": {r: sum(e.data.get("reason") == r for e in refused)
                              for r in RefusalReason.values},
        "processing_days": {
            "decisions": len(days),
            "median": statistics.median(days) if days else None,
            "p90": percentile(days, 0.9) if days else None,
        },
        "appeals": _events(contact_point, period, ["register.record_appeal"]).count(),
        "removed": _events(contact_point, period, ["register.remove"]).count(),
        "validity_ended": _events(contact_point, period, ["register.end_validity"]).count(),
        "in_register": {"total": sum(by_household.values()), "by_ethos": by_ethos,
                        "by_household_type": by_household},
        "measures": {
            "started": _by_kind(_events(contact_point, period, ["register.measure_started"])),
            "ended": _by_kind(_events(contact_point, period, ["register.measure_ended"])),
        },
    }


def suppressed(report: dict[str, Any]) -> dict[str, Any]:
    """The report as it may leave the office: small counts become "<5"."""
    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        return hide_small(value)

    shared = walk(report)
    times = report["processing_days"]
    if times["decisions"] < SUPPRESS_BELOW:
        shared["processing_days"] = {"decisions": hide_small(times["decisions"]),
                                     "median": None, "p90": None}
    shared["suppressed_below"] = SUPPRESS_BELOW
    return shared


def report_rows(report: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Flat (indicator, value) rows: ``refused_by_reason.income`` and so on."""
    rows: list[tuple[str, Any]] = []
    for key, value in report.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows += report_rows(value, name + ".")
        else:
            rows.append((name, value))
    return rows


def report_csv(report: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["indicator", "value"])
    for name, value in report_rows(report):
        writer.writerow([name, "" if value is None else value])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_xlsx(report: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "report"
    sheet.append(["indicator", "value"])
    for name, value in report_rows(report):
        sheet.append([name, value])
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
