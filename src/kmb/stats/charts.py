"""Charts rendered on the server as SVG (pygal), so they work without JavaScript. Each
chart is shown with its data table beneath; the SVG itself is an image with a title."""

from __future__ import annotations

import html

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


def _svg(chart, title: str) -> str:
    svg = chart.render(is_unicode=True)
    # an accessible image: the table beneath holds the same numbers
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(title)}" ', 1)


def trend_line(table: Table, columns: list[int], title: str) -> str:
    """Lines over time for the chosen columns of a table whose rows are periods (newest
    first)."""
    chart = _config(Line, title)
    rows = list(reversed(table.rows))
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


def tile_map(table: Table, title: str, legend_title: str) -> str:
    """A tile map of the scope's municipalities: one equal tile per municipality (no
    municipal boundaries are available offline), shaded by people advised per 1 000
    inhabitants in five classes; municipalities without inhabitants data are hatched."""
    rows = [r for r in table.rows if r[3] is not None] + [r for r in table.rows if r[3] is None]
    if not rows:
        return ""
    rates = sorted(r[3] for r in rows if r[3] is not None)
    top = rates[-1] if rates else 0
    bounds = [top * (i + 1) / len(SHADES) for i in range(len(SHADES))]
    cols = min(6, len(rows))
    tile_w, tile_h, gap = 130, 70, 6
    lines = (len(rows) + cols - 1) // cols
    width = cols * (tile_w + gap) + 10
    height = lines * (tile_h + gap) + 90
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{html.escape(title)}"'
           f' viewBox="0 0 {width} {height}" class="kmb-chart">',
           f"<title>{html.escape(title)}</title>",
           '<defs><pattern id="kmb-nodata" width="6" height="6" patternUnits="userSpaceOnUse">'
           '<path d="M0,6 L6,0" stroke="#888" stroke-width="1"/></pattern></defs>']
    for i, row in enumerate(rows):
        x = 5 + (i % cols) * (tile_w + gap)
        y = 5 + (i // cols) * (tile_h + gap)
        rate = row[3]
        if rate is None:
            fill, text_fill = "url(#kmb-nodata)", "#1b1b1b"
        else:
            shade = next(k for k, b in enumerate(bounds) if rate <= b + 1e-9)
            fill = SHADES[shade]
            text_fill = "#ffffff" if shade >= 3 else "#1b1b1b"
        value = "—" if rate is None else f"{rate:.2f}".replace(".", ",")
        out.append(f'<g><rect x="{x}" y="{y}" width="{tile_w}" height="{tile_h}" rx="4" '
                   f'fill="{fill}" stroke="#555"/>'
                   f'<text x="{x + 8}" y="{y + 26}" font-size="13" fill="{text_fill}" '
                   f'font-family="sans-serif">{html.escape(str(row[0])[:18])}</text>'
                   f'<text x="{x + 8}" y="{y + 52}" font-size="15" font-weight="bold" '
                   f'fill="{text_fill}" font-family="sans-serif">{value}</text></g>')
    y = lines * (tile_h + gap) + 20
    if table.notice:
        legend_title = f"{legend_title} ({_('sample inhabitants data')})"
    out.append(f'<text x="5" y="{y}" font-size="13" font-family="sans-serif">'
               f"{html.escape(legend_title)}</text>")
    for k, shade in enumerate(SHADES):
        low = 0 if k == 0 else bounds[k - 1]
        label = f"{low:.2f}–{bounds[k]:.2f}".replace(".", ",")
        out.append(f'<rect x="{5 + k * 120}" y="{y + 10}" width="20" height="20" '
                   f'fill="{shade}" stroke="#555"/><text x="{30 + k * 120}" y="{y + 25}" '
                   f'font-size="12" font-family="sans-serif">{label}</text>')
    out.append("</svg>")
    return "".join(out)
