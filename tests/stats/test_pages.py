"""The statistics pages: scopes given by an administrator, figures together and per
office, exports, the council PDF, and bad input answered without a server error."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from openpyxl import load_workbook

from kmb.core.events import event_record
from kmb.core.permissions import Role
from kmb.stats import charts
from kmb.stats.models import ScopeKind, StatsScope
from kmb.stats.rollup import refresh_dirty
from kmb.stats.selectors import Table
from tests import factories


def _web(user) -> HttpClient:
    web = HttpClient()
    web.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return web


@pytest.fixture
def city(db):
    praha = factories.municipality("554782")
    offices = [factories.ContactPointFactory(name=f"KMB Praha {n}", municipality=praha)
               for n in (3, 7, 14)]
    other = factories.ContactPointFactory(name="KMB Liberec")
    analyst = factories.staff("analytik.mesto", Role.ANALYST, offices[0])
    scope = StatsScope.objects.create(name="Hlavní město Praha", kind=ScopeKind.CITY)
    scope.contact_points.add(*offices)
    scope.analysts.add(analyst)
    for index, office in enumerate(offices):
        for n in range(index + 1):
            client = factories.ClientFactory(contact_point=office, municipality=praha)
            event_record(kind="consultation.recorded", contact_point=office,
                         subject_id=client.uuid,
                         data={"channel": "phone", "anonymous": False, "ethos": "6",
                               "municipality": "554782", "duration_minutes": 30})
    secret = factories.ClientFactory(contact_point=other)
    for _ in range(5):
        event_record(kind="consultation.recorded", contact_point=other, subject_id=secret.uuid,
                     data={"channel": "phone", "anonymous": False})
    refresh_dirty()
    return {"offices": offices, "analyst": analyst, "scope": scope, "other": other}


def test_city_analyst_sees_offices_together_and_apart(city, django_assert_max_num_queries):
    web = _web(city["analyst"])
    # Rendered on the request (the cache is empty): the sums, the labels, the cache.
    with django_assert_max_num_queries(30):
        body = web.get("/staff/stats/").content.decode()
    assert "Hlavní město Praha" in body
    offices = body[body.index('id="t-offices"'):]
    offices = offices[:offices.index("</table>")]
    for name, persons in (("KMB Praha 3", 1), ("KMB Praha 7", 2), ("KMB Praha 14", 3)):
        assert f'<th scope="row">{name}</th><td>{persons}</td>' in offices
    assert '<th scope="row">Rozsah celkem</th><td>6</td>' in offices
    assert "KMB Liberec" not in body  # an office outside the scope is not shown
    assert "<svg" in body and 'role="img"' in body  # charts rendered on the server
    municipalities = body[body.index('id="t-municipalities"'):]
    assert "Praha" in municipalities[:2000]
    assert "Co se počítá" in body and "Sloučené záznamy klienta" in body


def test_query_count_does_not_grow_with_offices(city, django_assert_max_num_queries):
    web = _web(city["analyst"])
    more = [factories.ContactPointFactory(name=f"KMB X{n}") for n in range(6)]
    city["scope"].contact_points.add(*more)
    with django_assert_max_num_queries(30):
        assert web.get("/staff/stats/?period=Q").status_code == 200


def _offices_row(body: str, name: str) -> str:
    offices = body[body.index('id="t-offices"'):]
    offices = offices[:offices.index("</table>")]
    row = offices[offices.index(f'<th scope="row">{name}</th>'):]
    return row[:row.index("</tr>")]


def test_worker_renders_every_page_after_new_figures(city, django_assert_max_num_queries):
    """After the worker has computed new months, the page of every scope, period and
    language is already rendered: the analyst gets it without summing anything, and it
    shows the new figures."""
    from kmb.stats import page
    from kmb.stats.tasks import refresh_rollups

    office = city["offices"][0]
    client = factories.ClientFactory(contact_point=office)
    event_record(kind="consultation.recorded", contact_point=office, subject_id=client.uuid,
                 data={"channel": "phone", "anonymous": False})
    refresh_rollups.func()
    scope = page.defined_scopes()[0]
    for language in ("cs", "en", "uk"):
        for period in ("M", "Q", "Y"):
            assert page.cached_body(page.body_key(scope, period, language=language))
    web = _web(city["analyst"])
    for query in ("", "?period=Q", f"?scope={city['scope'].uuid}&period=Y&x=1"):
        with django_assert_max_num_queries(15) as queries:
            body = web.get("/staff/stats/" + query).content.decode()
        assert not any("stats_rolluprow" in q["sql"] and "SUM" in q["sql"].upper()
                       for q in queries.captured_queries)
        assert "<td>2</td>" in _offices_row(body, "KMB Praha 3")  # the new person counted
    assert page.warm() == 0  # nothing new: nothing rendered again


def test_quarter_and_year_sum_the_months_of_every_office(city):
    """Additive figures of a quarter or year are the sums of their months, per office and
    for the scope together (the database adds them up)."""
    from kmb.stats import selectors

    scope = selectors.scope_of(city["scope"])
    for period in ("M", "Q", "Y"):
        data, tables = selectors.all_tables(scope, period)
        current = data.starts[-1]
        per_office = [data.get("consultations", start=current, cp=cp.id)
                      for cp in scope.contact_points]
        assert sorted(per_office) == [1, 2, 3]
        assert data.get("consultations", start=current) == 6
        assert data.get("persons", start=current) == 6
        assert tables["offices"].rows[-1][1:3] == [6, 6]  # all six are new


def test_analyst_without_scope_gets_an_explanation(db, cp_a, analyst_a):
    body = _web(analyst_a).get("/staff/stats/").content.decode()
    assert "Zatím vám nebyl přidělen žádný rozsah statistik" in body


@pytest.mark.parametrize("query", ["?scope=nonsense", "?scope=00000000-0000-0000-0000-000000000000",
                                   "?period=Z", "?period=Y&scope=%27%3B--", "?scope="])
def test_bad_scope_or_period_gives_labelled_empty_tables(city, query):
    response = _web(city["analyst"]).get("/staff/stats/" + query)
    assert response.status_code == 200


def test_foreign_scope_is_not_shown(city):
    foreign = StatsScope.objects.create(name="Liberecký kraj", kind=ScopeKind.REGION)
    foreign.contact_points.add(city["other"])
    body = _web(city["analyst"]).get(f"/staff/stats/?scope={foreign.uuid}").content.decode()
    assert "Tento rozsah neexistuje nebo vám nebyl přidělen" in body
    assert "Liberecký kraj" not in body
    web = _web(city["analyst"])
    for url in ("export/offices.csv", "export/offices.xlsx", "report.pdf"):
        assert web.get(f"/staff/stats/{url}?scope={foreign.uuid}").status_code == 404


def test_council_report_month_defaults_to_the_last_full_month():
    from datetime import date

    from kmb.stats.selectors import report_month

    assert report_month("2025-03") == date(2025, 3, 1)
    assert report_month("garbage", today=date(2026, 1, 15)) == date(2025, 12, 1)
    assert report_month("2025-13", today=date(2026, 7, 1)) == date(2026, 6, 1)
    assert report_month(None, today=date(2026, 7, 31)) == date(2026, 6, 1)


def test_empty_period_gives_labelled_empty_table(db, cp_a, analyst_a):
    scope = StatsScope.objects.create(name="Prázdný", kind=ScopeKind.OFFICE)
    scope.contact_points.add(cp_a)
    scope.analysts.add(analyst_a)
    body = _web(analyst_a).get("/staff/stats/").content.decode()
    assert "V tomto rozsahu nebyly v těchto obdobích zaznamenány žádné události." in body


def test_exports_csv_and_xlsx_with_labels_not_codes(city):
    web = _web(city["analyst"])
    response = web.get("/staff/stats/export/offices.csv")
    assert response.status_code == 200 and response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Kontaktní místo" and rows[1][:2] == ["KMB Praha 14", "3"]
    response = web.get("/staff/stats/export/persons_by_ethos.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any("ETHOS Light 6" in str(v) for v in values)
    assert web.get("/staff/stats/export/nonsense.csv").status_code == 404


def test_council_pdf(city):
    last_month = (timezone.now().replace(day=1) - timedelta(days=2)).strftime("%Y-%m")
    web = _web(city["analyst"])
    response = web.get(f"/staff/stats/report.pdf?month={last_month}")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    assert web.get("/staff/stats/report.pdf?month=garbage").status_code == 200


def test_an_adviser_has_no_statistics(db, adviser_a):
    assert _web(adviser_a).get("/staff/stats/").status_code == 404


def test_cached_page_follows_renames_and_vanished_figures(city, django_capture_on_commit_callbacks):
    """The cached body is not shown again after an administrator renames the scope or an
    office, nor after a month's figures are computed again to nothing (no new row)."""
    from kmb.stats import page
    from kmb.stats.models import RollupRow
    from kmb.stats.rollup import store

    web = _web(city["analyst"])
    assert "Hlavní město Praha" in web.get("/staff/stats/").content.decode()
    city["scope"].name = "Praha a okolí"
    city["scope"].save()
    city["offices"][1].name = "KMB Praha Sedm"
    city["offices"][1].save()
    body = web.get("/staff/stats/").content.decode()
    assert "KMB Praha Sedm" in _offices_row(body, "KMB Praha Sedm")
    assert "Hlavní město Praha" not in body  # not in the heading, nor in table captions

    before = page.version()
    row = RollupRow.objects.filter(contact_point=city["offices"][0]).exclude(
        id=RollupRow.objects.order_by("-id").values("id")[:1]).first()
    with django_capture_on_commit_callbacks(execute=True):
        store(row.contact_point_id, row.period, row.start, {})
        page.figures_changed()
    assert page.version() != before


def test_scopes_of_all_read_the_contact_points_once(city, django_assert_max_num_queries):
    from kmb.stats.selectors import scopes_for

    for n in range(4):
        StatsScope.objects.create(name=f"Celá ČR {n}", kind=ScopeKind.ALL).analysts.add(
            city["analyst"])
    membership = city["analyst"].memberships.first()
    with django_assert_max_num_queries(3):
        scopes = scopes_for(membership)
    everywhere = [s for s in scopes if s.kind == ScopeKind.ALL]
    assert len(everywhere) == 4 and all(len(s.contact_points) == 4 for s in everywhere)
    names = [cp.name for cp in everywhere[0].contact_points]
    assert names == sorted(names)


def test_map_places_municipalities_where_they_are_and_shades_them_by_rate():
    table = Table("municipalities", "", ["", "", "", "", ""], [
        ["Praha", 10, 1000, 10.0, "ČSÚ"], ["Brno", 2, 1000, 2.0, "ČSÚ"],
        ["Ostrava", 3, None, None, "—"], ["Obec bez polohy", 1, 500, 2.0, "ČSÚ"]],
        keys=["554782", "582786", "554821", "999999"])
    svg = charts.municipality_map(table, "Mapa", "Na 1 000 obyvatel")
    circles = {m["code"]: m for m in re.finditer(
        r'<circle cx="(?P<x>[\d.]+)" cy="(?P<y>[\d.]+)" r="(?P<r>[\d.]+)" fill="(?P<fill>[^"]+)"'
        r'[^>]*data-municipality="(?P<code>\d+)"', svg)}
    assert set(circles) == {"554782", "582786", "554821"}

    def at(code):
        return float(circles[code]["x"]), float(circles[code]["y"])

    (praha_x, praha_y), (brno_x, brno_y), (ostrava_x, _y) = (
        at("554782"), at("582786"), at("554821"))
    assert praha_x < brno_x < ostrava_x  # west to east
    assert praha_y < brno_y  # Praha lies north of Brno
    assert float(circles["554782"]["r"]) > float(circles["582786"]["r"])  # more people
    assert circles["554782"]["fill"] == charts.SHADES[-1]  # the highest rate: darkest
    assert circles["582786"]["fill"] == charts.SHADES[0]  # a fifth of it: lightest
    assert circles["554821"]["fill"] == "url(#kmb-nodata)"  # no inhabitants: hatched
    assert "Obec bez polohy" in svg[svg.index("</circle>"):]  # named beneath the map
    assert 'role="img"' in svg and "<title>Mapa</title>" in svg and "<desc>" in svg
    assert "<script" not in svg


def test_risk_outcomes_and_waiting_list_on_the_page_and_in_exports(city):
    """The outcomes of risks of losing housing and the waiting list for municipal flats:
    columns of the figures table with their definitions, a table of reasons for leaving
    the list, in the CSV/XLSX exports and the council report."""
    import uuid

    office = city["offices"][0]
    application = uuid.uuid4()
    event_record(kind="lettings.application", contact_point=office, subject_id=application,
                 data={"status": "registered", "from": "submitted"})
    event_record(kind="lettings.application", contact_point=office, subject_id=uuid.uuid4(),
                 data={"status": "registered", "from": "incomplete"})
    event_record(kind="lettings.application", contact_point=office, subject_id=application,
                 data={"status": "housed", "from": "registered"})
    refresh_dirty()
    web = _web(city["analyst"])
    body = web.get("/staff/stats/").content.decode()
    figures = body[body.index('id="t-figures"'):]
    for label in ("z toho: ztráta bydlení odvrácena", "z toho: o bydlení přišli",
                  "z toho: výsledek není známý", "Žádosti v pořadníku na konci období"):
        assert label in figures[:figures.index("</table>")]
    assert "stav na konci, ne součet měsíců" in figures  # the definition beneath
    reasons = body[body.index('id="t-lettings_left_by_reason"'):]
    assert "přidělen byt (bydlí)" in reasons[:reasons.index("</table>")]
    rows = list(csv.reader(io.StringIO(b"".join(web.get(
        "/staff/stats/export/figures.csv").streaming_content).decode())))
    column = rows[0].index("Žádosti v pořadníku na konci období")
    assert rows[1][column] == "1"  # two put on the list this month, one housed
    assert rows[1][rows[0].index("Žádosti o obecní byt zařazené do pořadníku")] == "2"
    response = web.get("/staff/stats/export/lettings_left_by_reason.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any("přidělen byt" in str(c) for row in sheet.iter_rows(values_only=True)
               for c in row if c)
    month = timezone.localdate().strftime("%Y-%m")
    pdf = web.get(f"/staff/stats/report.pdf?month={month}")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    from kmb.stats import selectors
    _data, tables = selectors.all_tables(selectors.scope_of(city["scope"]), "M")
    report = dict(zip(tables["figures"].header[1:], tables["figures"].rows[0][1:],
                      strict=True))
    assert report["Žádosti, které z pořadníku odešly"] == 1


def test_map_legend_tells_small_rates_apart():
    """Rates far below one per 1 000 inhabitants (a big city, a young office) still get
    five distinct class limits in the legend, not five times "0,00"."""
    table = Table("municipalities", "", ["", "", "", "", ""], [
        ["Praha", 17, 1324277, 17 / 1324.277, "ČSÚ"]], keys=["554782"])
    svg = charts.municipality_map(table, "Mapa", "Na 1 000 obyvatel")
    limits = re.findall(r">(\d+,\d+)–(\d+,\d+)</text>", svg)
    assert len(limits) == 5 and len({upper for _low, upper in limits}) == 5
    assert limits[-1][1] == "0,0128"


def test_table_rows_are_written_as_the_template_would():
    """Row headers, escaped labels, an empty value as a dash, decimals localised."""
    from django.utils import translation

    from kmb.stats.selectors import Table

    table = Table("t", "c", ["a", "b", "c", "d"], [["<b>Praha</b>", 3, None, 12.5]])
    with translation.override("cs"):
        html = table.rows_html
    assert html.strip() == ('<tr><th scope="row">&lt;b&gt;Praha&lt;/b&gt;</th><td>3</td>'
                            "<td>—</td><td>12,5</td></tr>")


def test_office_page_caches_its_figures_not_its_counts(city, django_assert_max_num_queries):
    """The staff of an office see its figures from the cache after the first request, with
    the housing and lettings counts read again; never another office's figures."""
    from django.core.cache import caches

    caches["stats"].clear()
    lead = factories.staff("vedouci.praha3", Role.LEAD, city["offices"][0])
    web = _web(lead)
    first = web.get("/staff/stats/?scope=office")
    assert first.status_code == 200
    body = first.content.decode()
    assert "KMB Praha 3" in body and "KMB Liberec" not in body
    with django_assert_max_num_queries(20):
        again = web.get("/staff/stats/?scope=office")
    assert again.content.decode().count("<table") == body.count("<table")
    other = factories.staff("vedouci.praha7", Role.LEAD, city["offices"][1])
    body7 = _web(other).get("/staff/stats/?scope=office").content.decode()
    assert "KMB Praha 7" in body7 and "KMB Praha 3" not in body7
