"""Inhabitants of municipalities: the shipped file loads, sample figures are marked as such
and the statistics page then says that its rates rest on sample data."""

from __future__ import annotations

import csv

import pytest
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient

from kmb.core.events import event_record
from kmb.core.permissions import Role
from kmb.stats import charts
from kmb.stats.management.commands.load_inhabitants import DEFAULT
from kmb.stats.models import Inhabitants, ScopeKind, StatsScope
from kmb.stats.rollup import refresh_dirty
from tests import factories

CORE_MUNICIPALITIES = DEFAULT.parents[2] / "core" / "data" / "cz-municipalities-psc.csv"


def test_shipped_positions_are_ruian_municipalities_inside_the_country():
    with open(CORE_MUNICIPALITIES, encoding="utf-8") as handle:
        known = {row["kodobce"] for row in csv.DictReader(handle)}
    where = charts.positions()
    assert set(where) <= known and len(where) >= 6250
    assert all(48.5 < lat < 51.1 and 12.0 < lon < 18.9 for lat, lon in where.values())
    (praha_lat, praha_lon), (brno_lat, brno_lon) = where["554782"], where["582786"]
    assert round(praha_lat, 1) == 50.1 and round(praha_lon, 1) == 14.4
    assert round(brno_lat, 1) == 49.2 and round(brno_lon, 1) == 16.6


def _load(path, rows, header=("municipality_code", "name", "year", "inhabitants", "source")):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    call_command("load_inhabitants", str(path), verbosity=0)


def test_shipped_file_holds_published_figures_for_every_municipality(db):
    with open(CORE_MUNICIPALITIES, encoding="utf-8") as handle:
        known = {row["kodobce"]: row["nazobce"] for row in csv.DictReader(handle)}
    call_command("load_inhabitants", verbosity=0)
    latest = {r.municipality_code: r for r in Inhabitants.objects.filter(year=2020)}
    assert set(latest) == set(known)  # every RÚIAN municipality, no other code
    for code, row in latest.items():
        assert known[code] == row.name  # the RÚIAN code is the municipality it names
        assert not row.sample
        assert row.source.startswith("ČSÚ, Počet obyvatel v obcích k 1. 1. 2020")
    # published ČSÚ figures on 1 January 2020: the country, Praha, Brno, Ostrava
    assert sum(r.inhabitants for r in latest.values()) == 10693939
    assert latest["554782"].inhabitants == 1324277
    assert latest["582786"].inhabitants == 381346
    assert latest["554821"].inhabitants == 287968
    # the earlier 2019 figures of the demo municipalities stay alongside
    older = {r.municipality_code: r for r in Inhabitants.objects.filter(year=2019)}
    assert len(older) == 31
    assert older["554782"].inhabitants == 1308632  # Praha
    assert older["582786"].inhabitants == 380681  # Brno
    assert older["549240"].inhabitants == 30351  # Písek, the district town of the demo office


def test_loading_the_shipped_file_again_changes_nothing(db):
    call_command("load_inhabitants", verbosity=0)
    call_command("load_inhabitants", verbosity=0)
    assert Inhabitants.objects.count() == 6258 + 31


def test_sample_column_is_optional_and_a_reload_replaces_the_mark(db, tmp_path):
    _load(tmp_path / "a.csv", [("554782", "Praha", 2024, 1000, "zkouška", "yes")],
          header=("municipality_code", "name", "year", "inhabitants", "source", "sample"))
    assert Inhabitants.objects.get(municipality_code="554782").sample
    _load(tmp_path / "b.csv", [("554782", "Praha", 2024, 1300000, "ČSÚ, tabulka X")])
    row = Inhabitants.objects.get(municipality_code="554782")
    assert (row.sample, row.inhabitants, row.source) == (False, 1300000, "ČSÚ, tabulka X")


def test_a_bad_line_loads_nothing(db, tmp_path):
    with pytest.raises(CommandError, match="line 3"):
        _load(tmp_path / "c.csv", [("554782", "Praha", 2024, 1000, "x"),
                                   ("582786", "Brno", "loni", 5, "x")])
    assert not Inhabitants.objects.exists()


@pytest.fixture
def analyst(db):
    praha = factories.municipality("554782")
    office = factories.ContactPointFactory(name="KMB Praha 3", municipality=praha)
    user = factories.staff("analytik.vzorek", Role.ANALYST, office)
    scope = StatsScope.objects.create(name="Hlavní město Praha", kind=ScopeKind.CITY)
    scope.contact_points.add(office)
    scope.analysts.add(user)
    for _ in range(3):
        client = factories.ClientFactory(contact_point=office, municipality=praha)
        event_record(kind="consultation.recorded", contact_point=office, subject_id=client.uuid,
                     data={"channel": "phone", "anonymous": False, "ethos": "6",
                           "municipality": "554782", "duration_minutes": 30})
    refresh_dirty()
    web = HttpClient()
    web.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return web


NOTICE = "vycházejí z ukázkových údajů o počtu obyvatel"


def test_page_and_map_say_the_rates_rest_on_sample_data(analyst):
    Inhabitants.objects.create(municipality_code="554782", name="Praha", year=2024,
                               inhabitants=1000, source="Ukázkové údaje", sample=True)
    body = analyst.get("/staff/stats/").content.decode()
    table = body[body.index('id="map"'):]
    assert NOTICE in table[:table.index('id="t-municipalities"')]
    assert "ukázkové údaje o obyvatelích" in body  # in the map's legend
    assert 'data-municipality="554782"' in body  # Praha drawn where it is
    rows = table[table.index("<tbody>"):table.index("</tbody>")]
    assert "<th scope=\"row\">Praha</th><td>3</td><td>1000</td><td>3,0</td>" in rows


def test_published_figures_carry_no_sample_label(analyst):
    Inhabitants.objects.create(municipality_code="554782", name="Praha", year=2021,
                               inhabitants=1301432, source="ČSÚ, Sčítání 2021")
    body = analyst.get("/staff/stats/").content.decode()
    assert NOTICE not in body and "ukázkové údaje o obyvatelích" not in body
    assert "ČSÚ, Sčítání 2021, 2021" in body
