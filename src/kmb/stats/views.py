from __future__ import annotations

import csv
import io
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kmb.accounts.decorators import staff_view
from kmb.core.permissions import Perm
from kmb.stats import charts, selectors
from kmb.stats.figures import BREAKDOWNS
from kmb.stats.models import Period

CHART_BREAKDOWNS = ("persons_by_ethos", "persons_by_ethos_first", "consultations_by_channel",
                    "referral_outcomes", "material_aid")


def _choices(request: HttpRequest):
    scopes = selectors.scopes_for(request.membership)
    key = request.GET.get("scope") or (scopes[0].key if scopes else "")
    scope = next((s for s in scopes if s.key == key), None)
    period = request.GET.get("period") or Period.MONTH
    if period not in Period.values:
        period = Period.MONTH
    return scopes, key, scope, period


def _context(request: HttpRequest):
    scopes, key, scope, period = _choices(request)
    ctx = {"scopes": scopes, "scope_key": key, "scope": scope, "period": period,
           "periods": Period.choices, "unknown_scope": bool(scopes) and scope is None}
    if scope is None:
        scope = selectors.Scope(key, _("unknown scope"), [])
        ctx["scope"] = None
    data, tables = selectors.all_tables(scope, period)
    ctx.update(data=data, tables=tables, scope_name=scope.name)
    return ctx, tables


def _version() -> int:
    """Changes whenever a roll-up row is written (new rows take new ids): one index look-up."""
    from django.db.models import Max

    from kmb.stats.models import RollupRow

    return RollupRow.objects.aggregate(v=Max("id"))["v"] or 0


@staff_view(Perm.STATS_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    """The page's figures and charts are rendered once per state of the roll-ups (they
    only change when the worker has computed new months) and kept in the cache."""
    from django.core.cache import cache
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    scopes, key, scope, period = _choices(request)
    body_key = None
    if scope is not None:
        cps = ",".join(str(cp.id) for cp in scope.contact_points)
        body_key = "stats:body:" + "|".join(str(x) for x in (
            _version(), get_language(), key, hash(cps), period, timezone.localdate(),
            request.GET.urlencode()))
        body = cache.get(body_key)
        if body is not None:
            return render(request, "stats/overview.html",
                          {"scopes": scopes, "scope_key": key, "scope": scope, "period": period,
                           "periods": Period.choices, "body": mark_safe(body),  # noqa: S308
                           "query": request.GET.urlencode()})
    ctx, tables = _context(request)
    fig = tables["figures"]
    ctx["trend_svg"] = charts.trend_line(fig, [1, 2, 3, 4, 7], _("Trend: people advised"))
    ctx["breakdowns"] = [
        {"table": tables[b.code],
         "svg": charts.stacked_bars(tables[b.code], str(b.label))
         if b.code in CHART_BREAKDOWNS and not tables[b.code].is_empty else ""}
        for b in BREAKDOWNS]
    ctx["offices_svg"] = (charts.office_bars(tables["offices"], 1, _("People advised per office"))
                          if len(tables["offices"].rows) > 2 else "")
    ctx["map_svg"] = charts.tile_map(tables["municipalities"],
                                     _("Map: people advised per 1 000 inhabitants"),
                                     _("People advised per 1 000 inhabitants"))
    ctx["query"] = request.GET.urlencode()
    if ctx["scope"] is not None and ctx["scope"].key == "office":
        from kmb.housing.selectors import housing_statistics
        from kmb.lettings import stats as lettings_stats

        ctx["housing"] = housing_statistics(contact_point=request.membership.contact_point)
        ctx["lettings"] = lettings_stats.office_counts(
            contact_point=request.membership.contact_point)
    if scopes:
        ctx["body"] = mark_safe(render_to_string(  # noqa: S308 (our own template)
            "stats/_overview_body.html", ctx, request=request))
        if body_key is not None and "housing" not in ctx:
            cache.set(body_key, str(ctx["body"]), 3600)
    return render(request, "stats/overview.html", ctx)


def _table_or_404(request: HttpRequest, table: str):
    _ctx, tables = _context(request)
    if table not in tables:
        raise Http404
    return tables[table]


def _cell(value):
    return "" if value is None else value


@staff_view(Perm.STATS_VIEW)
def export_csv(request: HttpRequest, table: str) -> StreamingHttpResponse:
    code = table
    table = _table_or_404(request, code)

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in [table.header, *table.rows]:
            writer.writerow([_cell(v) for v in row])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kmb-{code}.csv"'
    return response


@staff_view(Perm.STATS_VIEW)
def export_xlsx(request: HttpRequest, table: str) -> HttpResponse:
    from openpyxl import Workbook

    code = table
    table = _table_or_404(request, code)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=code[:31])
    sheet.append([table.caption])
    for row in [table.header, *table.rows]:
        sheet.append([_cell(v) for v in row])
    if table.definitions:
        sheet.append([])
        for label, definition in table.definitions:
            sheet.append([label, definition])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="kmb-{code}.xlsx"'
    return response


@staff_view(Perm.STATS_VIEW)
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The monthly report for the council: the chosen month (default: the last full one)."""
    from kmb.register.letters import render_pdf

    scopes, key, scope, _period = _choices(request)
    today = timezone.localdate()
    default = (today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        chosen = date(year, month, 1)
    except ValueError:
        chosen = default
    if scope is None:
        scope = selectors.Scope(key, _("unknown scope"), [])
    data, tables = selectors.all_tables(scope, Period.MONTH, today=chosen)
    month_row = tables["figures"].rows[0]
    figures = list(zip(tables["figures"].header[1:], month_row[1:], strict=True))
    html = render_to_string("stats/report_pdf.html", {
        "scope_name": scope.name, "month": chosen, "figures": figures,
        "definitions": tables["figures"].definitions, "tables": tables,
        "trend_svg": charts.trend_line(tables["figures"], [1, 2, 4], _("Trend: people advised")),
        "ethos_svg": charts.stacked_bars(tables["persons_by_ethos"],
                                         _("People by ETHOS Light category (now)")),
        "map_svg": charts.tile_map(tables["municipalities"],
                                   _("Map: people advised per 1 000 inhabitants"),
                                   _("People advised per 1 000 inhabitants")),
        "generated": timezone.localtime()}, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="kmb-report-{chosen:%Y-%m}.pdf"')
    return response
