"""The database router: reads go to the replica only inside ``replica_reads`` (and not
inside a transaction on the primary); writes always go to the primary; the replica is
configured strictly from DATABASE_REPLICA_URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.test.utils import CaptureQueriesContext

from kmb.core.models import DomainEvent, Municipality
from kmb.core.replica import REPLICA, ReplicaRouter, reading_alias, replica_reads
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
both = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


@both
def test_reads_go_to_the_replica_only_inside_the_block():
    assert router.db_for_read(Municipality) == DEFAULT_DB_ALIAS
    with replica_reads() as alias:
        assert alias == REPLICA
        assert router.db_for_read(Municipality) == REPLICA
        assert router.db_for_read(DomainEvent) == REPLICA
        assert router.db_for_write(Municipality) == DEFAULT_DB_ALIAS
        # the statistics cache is the application's own: never read from the replica
        cache_model = DatabaseCache("kmb_stats_cache", {}).cache_model_class
        assert router.db_for_read(cache_model) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Municipality) == DEFAULT_DB_ALIAS


@both
def test_inside_a_transaction_on_the_primary_reads_stay_there():
    with transaction.atomic(), replica_reads() as alias:
        assert alias == DEFAULT_DB_ALIAS
        assert router.db_for_read(Municipality) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert reading_alias() == REPLICA
        with transaction.atomic():  # e.g. a service writing and reading back
            factories.municipality("554782")
            assert Municipality.objects.get(code="554782").name == "Praha"
            assert reading_alias() == DEFAULT_DB_ALIAS
        assert reading_alias() == REPLICA


@both
def test_an_object_read_from_the_replica_is_written_to_the_primary():
    factories.municipality("554782")
    with replica_reads():
        found = Municipality.objects.get(code="554782")
    assert found._state.db == REPLICA
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary, \
            CaptureQueriesContext(connections[REPLICA]) as replica:
        found.name = "Po"
        found.save()
        # outside the block its relations and re-reads come from the primary again
        assert Municipality.objects.get(code="554782").name == "Po"
    assert any(q["sql"].startswith("UPDATE") for q in primary.captured_queries)
    assert replica.captured_queries == []


def test_migrations_and_relations():
    routing = ReplicaRouter()
    assert routing.allow_migrate(REPLICA, "cases") is False
    assert routing.allow_migrate(DEFAULT_DB_ALIAS, "cases") is None
    a, b = Municipality(code="1"), Municipality(code="2")
    a._state.db, b._state.db = DEFAULT_DB_ALIAS, REPLICA
    assert routing.allow_relation(a, b) is True
    b._state.db = "elsewhere"
    assert routing.allow_relation(a, b) is None


def test_without_a_replica_the_block_reads_the_primary(settings, monkeypatch):
    monkeypatch.setattr(settings, "DATABASES",
                        {DEFAULT_DB_ALIAS: settings.DATABASES[DEFAULT_DB_ALIAS]})
    with replica_reads() as alias:
        assert alias == DEFAULT_DB_ALIAS
        assert router.db_for_read(Municipality) == DEFAULT_DB_ALIAS


def _databases(**env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("KMB_SECRET_KEY", "KMB_DEBUG", "DATABASE_REPLICA_URL")}
    environ.update(env, KMB_DEMO="1", DATABASE_URL="sqlite:////tmp/kmb-replica-test.sqlite3")
    code = ("from django.conf import settings; d = settings.DATABASES; "
            "print(sorted(d), d.get('replica', {}).get('NAME'))")
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", code],
                          env=environ, capture_output=True, text=True, timeout=120)


def test_the_replica_is_configured_strictly_from_the_environment():
    assert _databases().stdout.strip() == "['default'] None"
    ok = _databases(DATABASE_REPLICA_URL="sqlite:////tmp/kmb-replica-copy.sqlite3")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "['default', 'replica'] /tmp/kmb-replica-copy.sqlite3"
    bad = _databases(DATABASE_REPLICA_URL="nonsense://x")
    assert bad.returncode != 0 and "DATABASE_REPLICA_URL" in bad.stderr
    other = _databases(DATABASE_REPLICA_URL="postgres://kmb@127.0.0.1:5432/kmb")
    assert other.returncode != 0
    assert "DATABASE_REPLICA_URL must be the same kind of database" in other.stderr
