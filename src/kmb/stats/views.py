from __future__ import annotations

import io

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kmb.accounts.decorators import staff_view
from kmb.audit.models import SecurityEventKind
from kmb.audit.services import security_event_record
from kmb.core.pdf import render_pdf
from kmb.core.permissions import Perm
from kmb.core.replica import REPLICA, replica_reads
from kmb.stats import charts, page, selectors
from kmb.stats.csvfile import csv_response
from kmb.stats.models import Period


def _choices(request: HttpRequest):
    return selectors.scope_chosen(request.membership, request.GET.get("scope"),
                                  request.GET.get("period"))


def _scope_or_404(request: HttpRequest):
    """The chosen scope and period for a download: a scope that is not the user's is 404
    (the page itself explains it instead)."""
    _scopes, _key, scope, period = _choices(request)
    if scope is None:
        raise Http404
    return scope, period


@staff_view(Perm.STATS_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    """The page's figures and charts are rendered once per state of the roll-ups (they
    only change when the worker has computed new months) and kept in the shared cache;
    the worker renders them right after computing (``kmb.stats.page.warm``). The staff
    of an office see its cached figures too, followed by its housing and lettings counts,
    which are read on every request.

    The scopes the user may see are read from the primary; the figures from the replica
    when there is one (``kmb.core.replica``)."""
    from django.utils.safestring import mark_safe

    scopes, key, scope, period = _choices(request)
    ctx = {"scopes": scopes, "scope_key": key, "scope": scope, "period": period,
           "periods": Period.choices, "unknown_scope": bool(scopes) and scope is None,
           "query": page.query(key, period)}
    if scopes:
        with replica_reads() as alias:
            body = _body(request, scope, key, period, from_replica=alias == REPLICA)
        ctx["body"] = mark_safe(charts.with_nonce(body, request.csp_nonce))  # noqa: S308
    return render(request, "stats/overview.html", ctx)


def _body(request: HttpRequest, scope, key: str, period: str, *, from_replica: bool) -> str:
    """The rendered tables and charts (our own template). The cache key holds the state
    of the roll-ups the body is rendered from, so it is read where the body is; a body
    rendered from the replica is kept only for a minute (the replica may lag behind the
    state the worker stored its bodies for). Rendered without the request, so that no
    context processor reads the user's memberships from the replica here."""
    if scope is None:
        return page.render_body(selectors.Scope(key, _("unknown scope"), []), period)
    body_key = page.body_key(scope, period)
    body = page.cached_body(body_key)
    if body is None:
        body = page.render_body(scope, period)
        page.store_body(body_key, body,
                        timeout=page.REPLICA_BODY_TIMEOUT if from_replica else None)
    if scope.key == "office":  # an office's own staff: with its housing and lettings counts
        from kmb.housing.selectors import housing_statistics
        from kmb.lettings import stats as lettings_stats

        cp = request.membership.contact_point
        body += render_to_string("stats/_office_counts.html", {
            "housing": housing_statistics(contact_point=cp),
            "lettings": lettings_stats.office_counts(contact_point=cp)})
    return body


def _table_or_404(request: HttpRequest, table: str):
    scope, period = _scope_or_404(request)
    with replica_reads():
        _data, tables = selectors.all_tables(scope, period)
    if table not in tables:
        raise Http404
    return tables[table]


def _exported(request: HttpRequest, what: str) -> None:
    """Who downloaded which figures (a security event, written to the primary)."""
    security_event_record(kind=SecurityEventKind.EXPORT, user=request.user,
                          username=request.user.username,
                          detail=f"statistics {what} {request.GET.get('scope', '')}")


def _cell(value):
    return "" if value is None else value


@staff_view(Perm.STATS_VIEW)
def export_csv(request: HttpRequest, table: str) -> StreamingHttpResponse:
    code = table
    table = _table_or_404(request, code)
    _exported(request, f"{code}.csv")

    return csv_response([table.header, *table.rows], f"kmb-{code}.csv")


@staff_view(Perm.STATS_VIEW)
def export_xlsx(request: HttpRequest, table: str) -> HttpResponse:
    from openpyxl import Workbook

    code = table
    table = _table_or_404(request, code)
    _exported(request, f"{code}.xlsx")
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
    scope, _period = _scope_or_404(request)
    chosen = selectors.report_month(request.GET.get("month"))
    with replica_reads():
        _data, tables = selectors.all_tables(scope, Period.MONTH, today=chosen)
    _exported(request, f"report {chosen:%Y-%m}.pdf")
    month_row = tables["figures"].rows[0]
    figures = list(zip(tables["figures"].header[1:], month_row[1:], strict=True))
    html = render_to_string("stats/report_pdf.html", {
        "scope_name": scope.name, "month": chosen, "figures": figures,
        "definitions": tables["figures"].definitions, "tables": tables,
        "trend_svg": charts.trend_line(tables["figures"], [1, 2, 4], _("Trend: people advised")),
        "ethos_svg": charts.stacked_bars(tables["persons_by_ethos"],
                                         _("People by ETHOS Light category (now)")),
        "map_svg": charts.municipality_map(
            tables["municipalities"], _("Map: people advised per 1 000 inhabitants"),
            _("People advised per 1 000 inhabitants")),
        "generated": timezone.localtime()}, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="kmb-report-{chosen:%Y-%m}.pdf"')
    return response
