"""The body of the statistics page (tables and charts of one scope and period) and its
cache: one key function shared by the view, which reads the cache, and the worker, which
fills it after computing new roll-ups so that nobody waits for the first rendering."""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kmb.stats import charts, selectors
from kmb.stats.figures import BREAKDOWNS
from kmb.stats.models import Period, RollupRow, StatsScope

CHART_BREAKDOWNS = ("persons_by_ethos", "persons_by_ethos_first", "consultations_by_channel",
                    "referral_outcomes", "material_aid")
MONTHS_IN_BARS = 12
# Kept until the roll-ups change (the key holds their version) or the day ends.
BODY_TIMEOUT = 26 * 3600
# A body rendered from a replica: its roll-ups may be older than the version in the key
# (rows a rebuild removed on the primary may still be there), so it is kept only briefly.
REPLICA_BODY_TIMEOUT = 60

log = logging.getLogger(__name__)


def cached_body(key: str) -> str | None:
    """The cached body, or None (also when the cache table is missing: then the page is
    rendered as if cold rather than failing)."""
    try:
        return caches["stats"].get(key)
    except DatabaseError:
        log.warning("statistics cache unavailable (run manage.py createcachetable)")
        return None


def store_body(key: str, body: str, timeout: int | None = None) -> None:
    try:
        caches["stats"].set(key, body, timeout or BODY_TIMEOUT)
    except DatabaseError:
        log.warning("statistics cache unavailable (run manage.py createcachetable)")


GENERATION_KEY = "stats:generation"


def _generation() -> int:
    try:
        return caches["stats"].get(GENERATION_KEY) or 0
    except DatabaseError:
        return 0


def figures_changed() -> None:
    """Mark every cached body as outdated once the current transaction commits: called
    after roll-ups are computed or rebuilt (rows may also disappear, which the highest row
    id does not show) and after inhabitants are loaded (the rates per 1 000 change)."""
    def bump() -> None:
        try:
            caches["stats"].set(GENERATION_KEY, _generation() + 1, None)
        except DatabaseError:
            log.warning("statistics cache unavailable (run manage.py createcachetable)")

    transaction.on_commit(bump)


def version() -> str:
    """Changes whenever a roll-up row is written (new rows take new ids: one index
    look-up) and whenever :func:`figures_changed` has been called."""
    top = RollupRow.objects.aggregate(v=Max("id"))["v"] or 0
    return f"{top}.{_generation()}"


def query(scope_key: str, period: str) -> str:
    """The query string of the export and report links of a scope and period."""
    return urlencode({"scope": scope_key, "period": period})


def body_key(scope: selectors.Scope, period: str, *, language: str | None = None,
             today: date | None = None, rollups: str | None = None) -> str:
    """The cache key of the rendered body: the state of the roll-ups, the language, the
    day (the periods shown end with the current one), the scope with its name and its
    contact points with their names (an administrator may change any of them; all are
    shown on the page) and the period."""
    names = "\n".join([scope.name, *(f"{cp.id}:{cp.name}" for cp in scope.contact_points)])
    digest = hashlib.sha256(names.encode()).hexdigest()[:16]
    parts = (version() if rollups is None else rollups,
             language or translation.get_language(), today or timezone.localdate(),
             scope.key, digest, period)
    return "stats:body:" + "|".join(str(x) for x in parts)


def body_context(scope: selectors.Scope, period: str, today: date | None = None) -> dict:
    """Tables and charts of a scope and period."""
    data, tables = selectors.all_tables(scope, period, today)
    fig = tables["figures"]
    # Stacked bars of 36 months by up to 20 categories are hard to read and slow to draw:
    # the monthly page draws the last year (the trend line and the tables keep 3 years).
    last = MONTHS_IN_BARS if period == Period.MONTH else None
    return {
        "data": data, "tables": tables, "scope_name": scope.name,
        "query": query(scope.key, period),
        "trend_svg": charts.trend_line(fig, [1, 2, 3, 4, 7], _("Trend: people advised")),
        "breakdowns": [
            {"table": tables[b.code],
             "svg": charts.stacked_bars(tables[b.code], str(b.label), last)
             if b.code in CHART_BREAKDOWNS and not tables[b.code].is_empty else ""}
            for b in BREAKDOWNS],
        "bars_note": _("The chart shows the last %(shown)s months; the table below holds "
                       "all %(all)s.") % {"shown": last, "all": len(data.starts)}
        if last else "",
        "offices_svg": (charts.office_bars(tables["offices"], 1, _("People advised per office"))
                        if len(tables["offices"].rows) > 2 else ""),
        "map_svg": charts.municipality_map(
            tables["municipalities"], _("Map: people advised per 1 000 inhabitants"),
            _("People advised per 1 000 inhabitants")),
    }


def render_body(scope: selectors.Scope, period: str, extra: dict | None = None,
                request=None) -> str:
    return render_to_string("stats/_overview_body.html",
                            {**body_context(scope, period), **(extra or {})}, request=request)


def defined_scopes() -> list[selectors.Scope]:
    """Every scope an administrator has defined, with its contact points as analysts see
    them (see ``selectors.scopes_for``)."""
    return selectors.scopes_of(StatsScope.objects.all())


def warm() -> int:
    """Render and cache the body of every defined scope × period × language for the
    current state of the roll-ups; returns how many bodies were rendered. Bodies already
    cached are skipped, so running it again costs a few look-ups; it stops when newer
    roll-ups appear meanwhile (whoever wrote them warms the cache after them)."""
    rollups, today, done = version(), timezone.localdate(), 0
    for scope in defined_scopes():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for period in Period.values:
                    key = body_key(scope, period, language=language, today=today,
                                   rollups=rollups)
                    if version() != rollups:
                        return done  # newer roll-ups: their writer renders them next
                    if cached_body(key) is None:
                        store_body(key, render_body(scope, period))
                        done += 1
    return done



def refresh() -> int:
    """What the worker does after new events, and once a day just after midnight (the
    periods shown end with the current day's): compute the dirty months, then render the
    pages for the new state. Returns how many months were computed."""
    from kmb.stats.rollup import refresh_dirty

    done = refresh_dirty()
    warm()
    return done
