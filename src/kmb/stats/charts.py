"""Charts rendered on the server as SVG (pygal), so they work without JavaScript. Each
chart is shown with its data table beneath; the SVG itself is an image with a title."""

from __future__ import annotations

import csv
import functools
import html
import math
import re
from pathlib import Path

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from kmb.stats.selectors import Table

STYLE = Style(background="white", plot_background="white", foreground="#1b1b1b",
              foreground_strong="#1b1b1b", foreground_subtle="#555555",
              colors=("#0b4f8a", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#be123c",
                      "#0f766e", "#4d7c0f", "#1d4ed8", "#9d174d", "#374151", "#92400e"),
              font_family="sans-serif", label_font_size=12, major_label_font_size=12,
              legend_font_size=12, title_font_size=14)


STYLE_TAG = '<style type="text/css">'


class _Static:
    """What the page needs of a pygal chart, at about half the cost: charts are drawn
    without JavaScript, so the tooltip data pygal writes into every bar and dot for its
    script (three or four ``<desc>`` elements each) is left out, and an attribute is read
    from the chart's state in one dictionary look-up instead of pygal's recursive
    ``__getattribute__`` (same result: state first, then the chart itself)."""

    def __getattribute__(self, name):
        state = object.__getattribute__(self, "__dict__").get("state")
        if state is not None and name != "state" and not name.startswith("__"):
            values = state.__dict__
            if name in values:
                return values[name]
        return object.__getattribute__(self, name)

    def _tooltip_data(self, *args, **kwargs) -> None:
        return None


class Line(_Static, pygal.Line):
    pass


class StackedBar(_Static, pygal.StackedBar):
    """A category without cases in a period is given as None and drawn as no bar at all
    (pygal would turn it into a bar of height zero: an element of its own, invisible)."""

    _adapters = ()


class HorizontalBar(_Static, pygal.HorizontalBar):
    pass


def _config(chart_class, title: str, **options):
    return chart_class(**{
        "style": STYLE, "js": [], "disable_xml_declaration": True, "width": 800,
        "height": 360, "title": title, "x_label_rotation": 30, "show_minor_x_labels": True,
        "legend_at_bottom": True, "truncate_legend": -1, "print_values": False,
        "no_data_text": "—", "explicit_size": False, **options})


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)


def _svg(chart, title: str) -> str:
    # pygal writes its settings for its own JavaScript into an inline <script> even
    # with no script to load; the charts work without it and the CSP would block it
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    # its (empty) tooltip is hidden by a style attribute, which the CSP blocks too
    svg = svg.replace('style="opacity: 0"', 'opacity="0"')
    # an accessible image: the table beneath holds the same numbers
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(title)}" ', 1)


def with_nonce(body: str, nonce: str) -> str:
    """The charts' own <style> elements marked with the response's CSP nonce, so a browser
    applies them (the page's policy allows no other inline style). Done when the page is
    served, since the body is rendered once and cached for many responses."""
    return body.replace(STYLE_TAG, f'<style type="text/css" nonce="{nonce}">')


def trend_line(table: Table, columns: list[int], title: str) -> str:
    """Lines over time for the chosen columns of a table whose rows are periods (newest
    first)."""
    rows = list(reversed(table.rows))
    # 36 months of labels overlap: every third is written (each point keeps its tooltip
    # title and the table beneath has every period)
    sparse = {"x_labels_major_every": 3, "show_minor_x_labels": False} if len(rows) > 12 else {}
    chart = _config(Line, title, **sparse)
    chart.x_labels = [str(r[0]) for r in rows]
    for index in columns:
        chart.add(table.header[index], [r[index] if r[index] is not None else None
                                        for r in rows])
    return _svg(chart, title)


def stacked_bars(table: Table, title: str, last: int | None = None) -> str:
    """Stacked bars by category over time (the last column, the total, is left out); with
    ``last`` only the newest periods (the table's rows are newest first)."""
    chart = _config(StackedBar, title)
    rows = list(reversed(table.rows[:last] if last else table.rows))
    chart.x_labels = [str(r[0]) for r in rows]
    for index in range(1, len(table.header) - 1):
        chart.add(table.header[index], [r[index] or None for r in rows])
    return _svg(chart, title)


def office_bars(table: Table, column: int, title: str) -> str:
    """One bar per office, named on the axis (one series: a scope of all contact points
    has over a hundred offices, which as a series each would cost a legend entry and
    pygal's set-up of a series each)."""
    rows = table.rows[:-1]  # the last row is the scope together
    chart = _config(HorizontalBar, title, show_legend=False, x_label_rotation=0,
                    height=max(360, 60 + 16 * len(rows)), truncate_label=-1)
    chart.x_labels = [str(row[0]) for row in rows]
    chart.add(str(table.header[column]), [row[column] or 0 for row in rows])
    return _svg(chart, title)


SHADES = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")


POSITIONS = Path(__file__).resolve().parent / "data" / "municipality-positions.csv"
_COS = math.cos(math.radians(49.8))  # east-west scale in the middle of the country
MAP_WIDTH = 800


@functools.lru_cache(maxsize=1)
def positions() -> dict[str, tuple[float, float]]:
    """Latitude and longitude of each municipality's definition point (RÚIAN), by code."""
    with open(POSITIONS, encoding="utf-8", newline="") as handle:
        return {row["municipality_code"]: (float(row["latitude"]), float(row["longitude"]))
                for row in csv.DictReader(handle)}


def _frame(points: list[tuple[float, float]], height_limits=(320, 640)):
    """A frame (south, west, north, east) around the points, at least about 40 km across
    and never wider than the country, with the same scale east-west and north-south."""
    country = list(positions().values())
    c_south, c_north = min(p[0] for p in country), max(p[0] for p in country)
    c_west, c_east = min(p[1] for p in country), max(p[1] for p in country)
    south, north = min(p[0] for p in points), max(p[0] for p in points)
    west, east = min(p[1] for p in points), max(p[1] for p in points)
    lat_c, lon_c = (south + north) / 2, (west + east) / 2
    half_lat = max((north - south) / 2 * 1.15 + 0.04, 0.2)
    half_lon = max((east - west) / 2 * 1.15 + 0.06, 0.3)
    if half_lon * 2 > (c_east - c_west) * 0.6:  # most of the country: show all of it
        lat_c, lon_c = (c_south + c_north) / 2, (c_west + c_east) / 2
        half_lat = (c_north - c_south) / 2 + 0.05
        half_lon = (c_east - c_west) / 2 + 0.07
    # equal scale: widen the narrower side until the height fits the limits
    height = MAP_WIDTH * half_lat / (half_lon * _COS)
    if height > height_limits[1]:
        half_lon = half_lat * MAP_WIDTH / (height_limits[1] * _COS)
    elif height < height_limits[0]:
        half_lat = half_lon * _COS * height_limits[0] / MAP_WIDTH
    return lat_c - half_lat, lon_c - half_lon, lat_c + half_lat, lon_c + half_lon


def _land(frame, project, scale: float) -> str:
    """The country inside the frame as a grey background drawn from the municipalities'
    definition points: a small dot per municipality in a close frame, or (for the whole
    country) squares of about 4 km that hold at least one point, joined along each line."""
    south, west, north, east = frame
    inside = [(lat, lon) for lat, lon in positions().values()
              if south <= lat <= north and west <= lon <= east]
    if len(inside) <= 1500:
        dots = "".join(f"M{x:.1f},{y:.1f}h2.4v2.4h-2.4z"
                       for x, y in (project(lat, lon) for lat, lon in inside))
        return f'<path d="{dots}" fill="#b8b8b8"/>'
    step = (east - west) / 150
    cells: dict[int, set[int]] = {}
    for lat, lon in inside:  # a cell is as high on screen as it is wide
        cells.setdefault(int((north - lat) / (step * _COS)), set()).add(int((lon - west) / step))
    side = step * _COS * scale
    parts = []
    for row, cols in cells.items():
        ordered = sorted(cols)
        run_start = prev = ordered[0]
        for col in ordered[1:] + [None]:
            if col is not None and col == prev + 1:
                prev = col
                continue
            x, y = project(north - row * step * _COS, west + run_start * step)
            width = (prev - run_start + 1) * side
            parts.append(f"M{x:.1f},{y:.1f}h{width:.1f}v{side:.1f}h{-width:.1f}z")
            if col is not None:
                run_start = prev = col
    return f'<path d="{"".join(parts)}" fill="#e4e4e4"/>'


def _places(smallest: float) -> int:
    """Decimal places that tell the legend's class limits apart (two at least)."""
    if smallest <= 0 or smallest >= 0.1:
        return 2
    return min(6, 1 - math.floor(math.log10(smallest)))


def _decimal(value: float, places: int) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def municipality_map(table: Table, title: str, legend_title: str) -> str:
    """The scope's municipalities where they are: a circle at each municipality's
    definition point (RÚIAN), its area growing with the people advised and its shade (five
    classes) with the people advised per 1 000 inhabitants; circles of municipalities
    without inhabitants data are hatched. The data table beneath holds the same figures."""
    where = positions()
    placed, unplaced = [], []
    for key, row in zip(table.keys, table.rows, strict=False):
        if key in where:
            placed.append((key, row))
        elif key:  # the row of people without a recorded municipality has no key
            unplaced.append((key, row))
    if not table.rows:
        return ""
    rates = sorted(r[3] for r in table.rows if r[3] is not None)
    top = rates[-1] if rates else 0
    bounds = [top * (i + 1) / len(SHADES) for i in range(len(SHADES))]
    places = _places(bounds[0])
    frame = _frame([where[k] for k, _r in placed] or list(where.values()))
    south, west, north, east = frame
    scale = MAP_WIDTH / ((east - west) * _COS)
    map_h = round((north - south) * scale)

    def project(lat: float, lon: float) -> tuple[float, float]:
        return (lon - west) * _COS * scale, (north - lat) * scale

    most = max((r[1] for _k, r in placed), default=1) or 1
    legend_y = map_h + 28
    height = legend_y + 80 + (22 if unplaced else 0)
    desc = _("Each circle is a municipality at its definition point (RÚIAN); its area "
             "shows the people advised and its shade the people advised per 1 000 "
             "inhabitants. The table beneath holds the same figures.")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{html.escape(title)}"'
           f' viewBox="0 0 {MAP_WIDTH} {height}" class="kmb-chart kmb-map">',
           f"<title>{html.escape(title)}</title><desc>{html.escape(desc)}</desc>",
           '<defs><pattern id="kmb-nodata" width="6" height="6" patternUnits="userSpaceOnUse">'
           '<rect width="6" height="6" fill="#ffffff"/>'
           '<path d="M0,6 L6,0" stroke="#555" stroke-width="1.2"/></pattern></defs>',
           f'<rect width="{MAP_WIDTH}" height="{map_h}" fill="#ffffff" stroke="#999"/>',
           _land(frame, project, scale)]
    labelled = {k for k, _r in sorted(placed, key=lambda kr: -kr[1][1])[:8]}
    labels = []
    for key, row in sorted(placed, key=lambda kr: -kr[1][1]):  # small circles on top
        x, y = project(*where[key])
        radius = 3 + 19 * math.sqrt(row[1] / most)
        rate = row[3]
        if rate is None:
            fill = "url(#kmb-nodata)"
            value = _("no inhabitants data")
        else:
            fill = SHADES[next(k for k, b in enumerate(bounds) if rate <= b + 1e-9)]
            value = _decimal(rate, places)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{fill}" '
                   f'stroke="#1b1b1b" stroke-width="0.8" data-municipality="{key}">'
                   f"<title>{html.escape(str(row[0]))}: {row[1]}; {value}</title></circle>")
        if key in labelled:
            name = html.escape(str(row[0])[:24])
            place = (f'x="{x + radius + 3:.1f}" y="{y + 4:.1f}" font-size="12" '
                     'font-family="sans-serif"')
            labels.append(f'<text {place} fill="#ffffff" stroke="#ffffff" stroke-width="3">'
                          f'{name}</text><text {place} fill="#1b1b1b">{name}</text>')
    out.extend(labels)
    if table.notice:
        legend_title = f"{legend_title} ({_('sample inhabitants data')})"
    out.append(f'<text x="5" y="{legend_y}" font-size="13" font-family="sans-serif">'
               f"{html.escape(legend_title)}</text>")
    for k, shade in enumerate(SHADES if top else ()):
        low = 0 if k == 0 else bounds[k - 1]
        label = f"{_decimal(low, places)}–{_decimal(bounds[k], places)}"
        out.append(f'<rect x="{5 + k * 125}" y="{legend_y + 10}" width="20" height="20" '
                   f'fill="{shade}" stroke="#555"/><text x="{30 + k * 125}" '
                   f'y="{legend_y + 25}" font-size="12" font-family="sans-serif">{label}</text>')
    out.append(f'<rect x="5" y="{legend_y + 40}" width="20" height="20" fill="url(#kmb-nodata)" '
               f'stroke="#555"/><text x="30" y="{legend_y + 55}" font-size="12" '
               f'font-family="sans-serif">{html.escape(_("no inhabitants data"))}</text>'
               f'<text x="255" y="{legend_y + 55}" font-size="12" font-family="sans-serif">'
               f'{html.escape(_("Circle area: people advised (largest %(n)s)") % {"n": most})}'
               "</text>")
    if unplaced:
        names = ", ".join(str(r[0]) for _k, r in unplaced)
        if len(names) > 110:
            names = names[:107] + "…"
        out.append(f'<text x="5" y="{legend_y + 80}" font-size="12" font-family="sans-serif">'
                   f'{html.escape(_("Not on the map (no position): %(names)s") % {"names": names})}'
                   "</text>")
    out.append("</svg>")
    return "".join(out)
