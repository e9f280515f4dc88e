"""Figures for the statistics pages, read from the roll-up tables only (a fixed number of
queries however many events there are)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import DateField, Q, QuerySet, Sum
from django.db.models.functions import Trunc
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kmb.accounts.models import ContactPoint
from kmb.core.models import Municipality
from kmb.stats.figures import BREAKDOWNS, FIGURES, PERSON_CODES, STOCK_FIGURES, Breakdown
from kmb.stats.models import Inhabitants, Period, RollupRow, ScopeKind, StatsScope, TotalRow
from kmb.stats.rollup import add_months, period_end, period_start

PERIOD_COUNT = {Period.MONTH: 36, Period.QUARTER: 12, Period.YEAR: 3}
# a scope of this many offices or more may be read from the totals of every office
TOTALS_FROM = 3


@dataclass
class Scope:
    key: str
    name: str
    contact_points: list[ContactPoint]
    kind: str = ScopeKind.OFFICE


def scopes_for(membership) -> list[Scope]:
    """The scopes a user may look at: those an administrator gave them, and for the staff
    of an office (not analysts) their own office."""
    found = scopes_of(StatsScope.objects.filter(analysts=membership.user))
    from kmb.core.permissions import Role
    if membership.role != Role.ANALYST and membership.contact_point_id:
        cp = membership.contact_point
        found.insert(0, Scope("office", cp.name, [cp]))
    return found


def scope_chosen(membership, key: str | None, period: str | None
                 ) -> tuple[list[Scope], str, Scope | None, str]:
    """The user's scopes, the chosen key (default: the first scope), the chosen scope
    (None when the key is not one of the user's scopes) and the period (default: month)."""
    scopes = scopes_for(membership)
    key = key or (scopes[0].key if scopes else "")
    scope = next((s for s in scopes if s.key == key), None)
    if period not in Period.values:
        period = Period.MONTH
    return scopes, key, scope, period


def report_month(value: str | None, today: date | None = None) -> date:
    """The month of the council report: "YYYY-MM", or the last full month."""
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        today = today or timezone.localdate()
        return add_months(today.replace(day=1), -1)


def scope_of(scope: StatsScope, active: list[ContactPoint] | None = None) -> Scope:
    """A defined scope with its contact points by name (for the scope of all: every active
    one, read here unless ``active`` gives them)."""
    if scope.kind == ScopeKind.ALL:
        cps = active if active is not None else list(
            ContactPoint.objects.filter(active=True).order_by("name", "id"))
    else:
        cps = sorted(scope.contact_points.all(), key=lambda c: (c.name, c.id))
    return Scope(str(scope.uuid), scope.name, cps, scope.kind)


def scopes_of(queryset) -> list[Scope]:
    """The scopes of a queryset in a fixed number of queries (the active contact points
    are read once, however many scopes of all there are)."""
    scopes = list(queryset.prefetch_related("contact_points"))
    active = (list(ContactPoint.objects.filter(active=True).order_by("name", "id"))
              if any(s.kind == ScopeKind.ALL for s in scopes) else [])
    return [scope_of(s, active) for s in scopes]


def periods(period: str, today: date | None = None) -> list[date]:
    """The starts of the periods shown, oldest first, ending with the current one."""
    current = period_start((today or timezone.localdate()).replace(day=1), period)
    step = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}[period]
    return [add_months(current, -step * i) for i in reversed(range(PERIOD_COUNT[period]))]


def period_label(start: date, period: str) -> str:
    if period == Period.YEAR:
        return str(start.year)
    if period == Period.QUARTER:
        return _("Q%(q)s %(year)s") % {"q": (start.month - 1) // 3 + 1, "year": start.year}
    from django.utils.dateformat import format as date_format
    return date_format(start, "F Y")


@dataclass
class Figures:
    """Sums of the roll-ups: values[(cp_id or None, start, figure, category)]."""

    period: str
    starts: list[date]
    values: dict = field(default_factory=lambda: defaultdict(int))
    labels: dict = field(default_factory=dict)  # period labels, formatted once

    def get(self, figure: str, category: str = "", start: date | None = None,
            cp: int | None = None) -> int:
        return self.values.get((cp, start, figure, category), 0)

    def label(self, start: date) -> str:
        """The period's label (formatted once per page rather than once per table)."""
        if start not in self.labels:
            self.labels[start] = period_label(start, self.period)
        return self.labels[start]

    def categories(self, figure: str) -> list[str]:
        return sorted({k[3] for k in self.values if k[2] == figure})


def _sources(cp_ids: list[int]) -> list[tuple[QuerySet, int]]:
    """Where a scope's sums come from, with the sign to add them with: the roll-up rows
    of its offices; or, for a scope holding most of the country's offices, the totals of
    every office less the rows of the few it leaves out (132 offices' rows are 380 000 over
    three years, their totals about 4 000)."""
    own = RollupRow.objects.filter(contact_point_id__in=cp_ids)
    if len(cp_ids) < TOTALS_FROM:
        return [(own, 1)]
    left_out = list(ContactPoint.objects.exclude(id__in=cp_ids).values_list("id", flat=True))
    if len(left_out) >= len(cp_ids):
        return [(own, 1)]
    sources = [(TotalRow.objects.all(), 1)]
    if left_out:
        sources.append((RollupRow.objects.filter(contact_point_id__in=left_out), -1))
    return sources


def _period_sums(rows: QuerySet, period: str, sign: int = 1) -> list[QuerySet]:
    """Queries of (start, figure, category, sum × sign) of the periods' rows: for months
    every figure from the monthly rows; for quarters and years distinct-person figures from
    their own rows, additive figures from the monthly rows folded into quarters or years."""
    total = Sum("value") * sign
    if period == Period.MONTH:
        # every figure has monthly rows of its own: one pass over the months' rows
        return [rows.filter(period=Period.MONTH).values_list("start", "figure", "category")
                .annotate(v=total).order_by()]
    kind = "quarter" if period == Period.QUARTER else "year"
    return [rows.filter(period=period, figure__in=PERSON_CODES)
            .values_list("start", "figure", "category").annotate(v=total).order_by(),
            rows.filter(period=Period.MONTH).exclude(figure__in=PERSON_CODES)
            .annotate(p=Trunc("start", kind, output_field=DateField()))
            .values_list("p", "figure", "category").annotate(v=total).order_by()]


def _together(queries: list[QuerySet]):
    """The rows of several aggregate queries, read in one round trip (UNION ALL)."""
    first, *rest = queries
    return first.union(*rest, all=True) if rest else first


def load(contact_points: list[ContactPoint], period: str, starts: list[date],
         per_office: date | None = None) -> Figures:
    """The scope's sums, added up by the database (GROUP BY over the covering index
    ``stats_rollup_cover``): for months every figure in one pass over the monthly rows;
    for quarters and years distinct-person figures from their own rows, additive figures
    from the monthly rows folded into quarters or years. With ``per_office`` a third query
    gives each contact point's plain figures (no categories) for that one period.
    Python only receives one row per period, figure and category, however many contact
    points the scope holds. Stocks (applications on the waiting list) are the running
    total of their monthly flows: one more query sums the flows before the first period,
    and each period's stock is that plus the flows up to the period's end."""
    result = Figures(period, starts)
    if not contact_points or not starts:
        return result
    cp_ids = [cp.id for cp in contact_points]
    end = period_end(starts[-1], period)
    sources = _sources(cp_ids)
    # one query per kind of sum, the sources' sums of that kind read together
    for queries in zip(*(_period_sums(rows.filter(start__gte=starts[0], start__lt=end),
                                      period, sign) for rows, sign in sources), strict=True):
        for start, figure, category, value in _together(list(queries)):
            if isinstance(start, datetime):
                start = start.date()
            result.values[(None, start, figure, category)] += value
    if STOCK_FIGURES:
        flows = {code for f in STOCK_FIGURES for code in f.stock_of}
        before: dict[str, int] = defaultdict(int)
        for figure, value in _together([
                rows.filter(period=Period.MONTH, start__lt=starts[0], figure__in=flows,
                            category="").values_list("figure")
                .annotate(v=Sum("value") * sign).order_by() for rows, sign in sources]):
            before[figure] += value
        for figure in STOCK_FIGURES:
            inflow, outflow = figure.stock_of
            stock = before.get(inflow, 0) - before.get(outflow, 0)
            for start in starts:
                stock += (result.values.get((None, start, inflow, ""), 0)
                          - result.values.get((None, start, outflow, ""), 0))
                result.values[(None, start, figure.code, "")] = stock
    if len(sources) > 1:  # a figure the left-out offices make up alone is none of the scope
        for key in [k for k, v in result.values.items() if not v]:
            del result.values[key]
    if per_office is not None:
        office = RollupRow.objects.filter(contact_point_id__in=cp_ids, category="")
        if period == Period.MONTH:
            office = office.filter(period=Period.MONTH, start=per_office)
        else:
            office = office.filter(Q(period=period, start=per_office,
                                     figure__in=PERSON_CODES)
                                   | Q(period=Period.MONTH, start__gte=per_office,
                                       start__lt=period_end(per_office, period))
                                   & ~Q(figure__in=PERSON_CODES))
        office_rows = (office.values_list("contact_point_id", "figure")
                       .annotate(v=Sum("value")).order_by())
        for cp, figure, value in office_rows:
            result.values[(cp, per_office, figure, "")] += value
    return result


def figure_value(data: Figures, figure, start: date | None, cp: int | None = None):
    if figure.average_of:
        total = data.get(figure.average_of[0], start=start, cp=cp)
        count = data.get(figure.average_of[1], start=start, cp=cp)
        return round(total / count, 1) if count else None
    return data.get(figure.code, start=start, cp=cp)


# --- tables ---------------------------------------------------------------------------

@dataclass
class Table:
    code: str
    caption: str
    header: list[str]
    rows: list[list]  # first cell is the row label
    definitions: list[tuple[str, str]] = field(default_factory=list)
    empty: str = ""
    notice: str = ""  # shown above the table, e.g. that its rates rest on sample figures
    keys: list[str] = field(default_factory=list)  # a code per row, e.g. the municipality

    @property
    def is_empty(self) -> bool:
        return not any(any(v not in (0, None, "") for v in row[1:]) for row in self.rows)

    @property
    def rows_html(self) -> str:
        """The rows of the table's body as ``stats/_table.html`` shows them: the label a
        row header, an empty value a dash, numbers as the template would show them
        (localised, escaped). Built here because a statistics page holds thousands of
        cells, which a template loop takes ten times longer to write."""
        out = []
        for row in self.rows:
            cells = [f'<th scope="row">{conditional_escape(localize(row[0]))}</th>'
                     if row else ""]
            cells += [f"<td>{_cell_html(v)}</td>" for v in row[1:]]
            out.append(f"<tr>{''.join(cells)}</tr>\n  ")
        return mark_safe("".join(out))  # noqa: S308 (every cell escaped)


def _cell_html(value) -> str:
    if value is None:
        return "—"
    if type(value) is int:
        return str(value)
    return conditional_escape(localize(value))


def figures_table(data: Figures, scope_name: str) -> Table:
    header = [_("Period")] + [str(f.label) for f in FIGURES]
    rows = [[data.label(s)] + [figure_value(data, f, s) for f in FIGURES]
            for s in reversed(data.starts)]
    return Table("figures", _("Figures for %(scope)s") % {"scope": scope_name}, header, rows,
                 [(str(f.label), str(f.definition)) for f in FIGURES],
                 _("No events recorded in the scope in these periods."))


OFFICE_FIGURES = ("persons", "persons_new", "consultations", "consultations_anonymous",
                  "persons_at_risk", "referrals", "estimates")


def offices_table(data: Figures, scope: Scope, start: date) -> Table:
    figs = [f for f in FIGURES if f.code in OFFICE_FIGURES]
    header = [_("Contact point")] + [str(f.label) for f in figs]
    rows = [[cp.name] + [figure_value(data, f, start, cp.id) for f in figs]
            for cp in scope.contact_points]
    rows.append([_("Scope together")] + [figure_value(data, f, start) for f in figs])
    return Table("offices", _("Per office: %(period)s") % {
        "period": data.label(start)}, header, rows,
        [(str(f.label), str(f.definition)) for f in figs],
        _("The scope has no contact points."))


def _municipality_names(data: Figures) -> dict[str, str]:
    codes = data.categories("persons_by_municipality")
    return dict(Municipality.objects.filter(code__in=codes).values_list("code", "name"))


def breakdown_table(data: Figures, breakdown: Breakdown,
                    municipalities: dict[str, str] | None = None) -> Table:
    labels = breakdown.labels()
    codes = data.categories(breakdown.code)
    if breakdown.code == "persons_by_municipality":
        labels = municipalities if municipalities is not None else _municipality_names(data)
    names = [labels.get(c) or (_("not recorded") if c == "" else c) for c in codes]
    header = [_("Period")] + names + [_("Total")]
    rows = []
    for s in reversed(data.starts):
        values = [data.get(breakdown.code, c, s) for c in codes]
        rows.append([data.label(s)] + values + [sum(values)])
    return Table(breakdown.code, str(breakdown.label), header, rows,
                 [(str(breakdown.label), str(breakdown.definition))],
                 _("No events of this kind in the scope in these periods."))


def municipalities_table(data: Figures, start: date,
                         municipalities: dict[str, str] | None = None) -> Table:
    """People advised per municipality of residence and per 1 000 inhabitants."""
    codes = data.categories("persons_by_municipality")
    names = municipalities if municipalities is not None else _municipality_names(data)
    inhabitants: dict[str, Inhabitants] = {}
    for row in Inhabitants.objects.filter(municipality_code__in=codes,
                                          year__lte=start.year).order_by("year"):
        inhabitants[row.municipality_code] = row  # the newest year up to the period wins
    rows = []
    for code in codes:
        persons = data.get("persons_by_municipality", code, start)
        if not persons:
            continue
        inh = inhabitants.get(code)
        rate = round(persons * 1000 / inh.inhabitants, 2) if inh and inh.inhabitants else None
        rows.append([names.get(code) or (_("not recorded") if code == "" else code), persons,
                     inh.inhabitants if inh else None, rate,
                     f"{inh.source}, {inh.year}" if inh else _("no data"), code])
    rows.sort(key=lambda r: (-(r[3] or 0), str(r[0])))
    keys = [r.pop() for r in rows]
    used = [inhabitants[c] for c in codes
            if c in inhabitants and data.get("persons_by_municipality", c, start)]
    notice = _("The rates per 1 000 inhabitants are based on sample inhabitants data "
               "(approximate figures, not published statistics).") if any(
        i.sample for i in used) else ""
    return Table("municipalities", _("People advised per municipality of residence: %(p)s") % {
        "p": data.label(start)},
        [_("Municipality"), _("People advised"), _("Inhabitants"),
         _("Per 1 000 inhabitants"), _("Source of inhabitants")], rows,
        [(_("Per 1 000 inhabitants"), _(
            "People advised in the period living in the municipality, divided by its "
            "inhabitants (source and year in the last column), times 1 000."))],
        _("No people advised with a recorded municipality in this period."), notice, keys)


def all_tables(scope: Scope, period: str, today: date | None = None):
    starts = periods(period, today)
    current = starts[-1]
    data = load(scope.contact_points, period, starts, per_office=current)
    names = _municipality_names(data)
    tables = {"figures": figures_table(data, scope.name),
              "offices": offices_table(data, scope, current),
              "municipalities": municipalities_table(data, current, names)}
    for b in BREAKDOWNS:
        tables[b.code] = breakdown_table(data, b, names)
    return data, tables
