"""The statistics page, its exports and the open data read their figures through the
``replica`` alias (in tests a second connection to the test database); the scopes a user
may see, the session, the statistics cache and every write (an export's security event)
stay on the primary."""

from __future__ import annotations

import csv
import io
from contextlib import ExitStack, contextmanager
from datetime import timedelta

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kmb.audit.models import SecurityEvent, SecurityEventKind
from kmb.core.events import event_record
from kmb.core.permissions import Role
from kmb.core.replica import REPLICA
from kmb.stats.models import ScopeKind, StatsScope
from kmb.stats.rollup import refresh_dirty
from tests import factories

# committed data (a replica cannot see the primary's open transaction), both aliases allowed
pytestmark = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def city():
    praha = factories.municipality("554782")
    offices = [factories.ContactPointFactory(name=f"KMB Praha {n}", municipality=praha)
               for n in (3, 7)]
    analyst = factories.staff("analytik.replika", Role.ANALYST, offices[0])
    scope = StatsScope.objects.create(name="Hlavní město Praha", kind=ScopeKind.CITY,
                                      public=True)
    scope.contact_points.add(*offices)
    scope.analysts.add(analyst)
    last_month = timezone.now().replace(day=1) - timedelta(days=3)
    for index, office in enumerate(offices):
        for _ in range(5 * (index + 1)):
            client = factories.ClientFactory(contact_point=office, municipality=praha)
            for when in (timezone.now(), last_month):
                event_record(kind="consultation.recorded", contact_point=office,
                             subject_id=client.uuid, occurred_at=when,
                             data={"channel": "phone", "anonymous": False, "ethos": "6",
                                   "municipality": "554782", "duration_minutes": 30})
    refresh_dirty()
    web = HttpClient()
    web.force_login(analyst, backend="django.contrib.auth.backends.ModelBackend")
    return {"web": web, "scope": scope, "analyst": analyst, "offices": offices}


@contextmanager
def _per_alias():
    """The SQL each alias ran inside the block: {"default": [...], "replica": [...]}."""
    with ExitStack() as stack:
        captured = {alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
                    for alias in (DEFAULT_DB_ALIAS, REPLICA)}
        found: dict[str, list[str]] = {}
        yield found
    found.update({alias: [q["sql"] for q in c.captured_queries]
                  for alias, c in captured.items()})


def _touching(queries: list[str], table: str) -> list[str]:
    return [q for q in queries if f'"{table}"' in q]


def _assert_figures_from_replica(sql: dict[str, list[str]]) -> None:
    assert _touching(sql[REPLICA], "stats_rolluprow"), "the figures are read on the replica"
    assert not _touching(sql[DEFAULT_DB_ALIAS], "stats_rolluprow")
    assert not [q for q in sql[REPLICA] if q.lstrip().upper().startswith(WRITES)]
    for table in ("django_session", "accounts_user", "accounts_membership",
                  "stats_statsscope", "stats_statsscope_analysts", "kmb_stats_cache",
                  "audit_securityevent"):
        assert not _touching(sql[REPLICA], table), table


def test_the_page_reads_its_figures_from_the_replica(city):
    with _per_alias() as sql:
        body = city["web"].get("/staff/stats/").content.decode()
    assert "Hlavní město Praha" in body
    assert '<th scope="row">KMB Praha 7</th><td>10</td>' in body
    _assert_figures_from_replica(sql)
    # who may see which scope: the primary (an administrator's change counts at once)
    assert _touching(sql[DEFAULT_DB_ALIAS], "stats_statsscope_analysts")
    # the rendered body is stored in the statistics cache on the primary, briefly
    assert [q for q in _touching(sql[DEFAULT_DB_ALIAS], "kmb_stats_cache")
            if q.lstrip().upper().startswith(("INSERT", "UPDATE"))]


def test_an_offices_own_page_reads_from_the_replica(city):
    lead = factories.staff("vedouci.replika", Role.LEAD, city["offices"][1])
    web = HttpClient()
    web.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    with _per_alias() as sql:
        assert web.get("/staff/stats/").status_code == 200
    _assert_figures_from_replica(sql)
    assert _touching(sql[REPLICA], "core_domainevent")  # the housing counts, live


@pytest.mark.parametrize("url", ["export/offices.csv", "export/persons_by_ethos.xlsx",
                                 "report.pdf"])
def test_exports_read_from_the_replica_and_log_on_the_primary(city, url):
    with _per_alias() as sql:
        response = city["web"].get(f"/staff/stats/{url}")
        content = (b"".join(response.streaming_content) if response.streaming
                   else response.content)
    assert response.status_code == 200 and content
    _assert_figures_from_replica(sql)
    inserts = [q for q in _touching(sql[DEFAULT_DB_ALIAS], "audit_securityevent")
               if q.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1
    event = SecurityEvent.objects.using(DEFAULT_DB_ALIAS).get(kind=SecurityEventKind.EXPORT)
    assert event.user == city["analyst"] and event.detail.startswith("statistics ")
    if url.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(content.decode())))
        assert rows[2][:2] == ["KMB Praha 7", "10"]


def test_open_data_reads_from_the_replica(city):
    anonymous = HttpClient()
    with _per_alias() as sql:
        page = anonymous.get("/open-data/").content.decode()
    _assert_figures_from_replica(sql)
    assert "Hlavní město Praha" in page
    with _per_alias() as sql:
        response = anonymous.get(f"/open-data/{city['scope'].uuid}.csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    _assert_figures_from_replica(sql)
    assert rows[0] == ["mesic", "ukazatel", "kategorie", "hodnota"]
    last = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    assert [last, "Lidé, kterým bylo poraděno", "celkem", "15"] in rows


def test_the_worker_renders_the_pages_from_the_primary(city):
    """The worker computes the roll-ups on the primary and renders the pages right after:
    from the primary, which has them (the replica may not yet)."""
    from kmb.stats import page

    with _per_alias() as sql:
        assert page.warm() > 0
    assert _touching(sql[DEFAULT_DB_ALIAS], "stats_rolluprow")
    assert sql[REPLICA] == []


def test_an_unreachable_replica_leaves_the_page_on_the_primary(city, monkeypatch):
    from django.db import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    connections[REPLICA].close()
    with _per_alias() as sql:
        monkeypatch.setattr(connections[REPLICA], "ensure_connection", refuse)
        body = city["web"].get("/staff/stats/").content.decode()
    assert '<th scope="row">KMB Praha 7</th><td>10</td>' in body
    assert _touching(sql[DEFAULT_DB_ALIAS], "stats_rolluprow")
    assert sql[REPLICA] == []
