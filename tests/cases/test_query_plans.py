"""On PostgreSQL, every query of the adviser's pages can be answered from an index.

The planner is told to avoid sequential scans (``enable_seqscan = off``); it still
chooses one where no index can serve the query, and that is what these tests catch: a
page whose query would read a whole table of clients, consultations, tasks or events
once an office holds a hundred thousand of them. Skipped on SQLite.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kmb.cases.models import Topic
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of PostgreSQL"),
]

HOT_TABLES = ("cases_client", "cases_consultation", "cases_task", "core_domainevent",
              "network_referral", "audit_auditentry", "cases_clientsearchtoken")


def _whole_table_reads(node: dict, limited: bool = False) -> list[str]:
    """Hot tables a plan reads whole: a sequential scan, or an index walked from end to
    end without a condition (what the planner picks when sequential scans are off)."""
    found = []
    kind = node.get("Node Type", "")
    table = node.get("Relation Name", "")
    whole_index = kind in ("Index Scan", "Index Only Scan") and "Index Cond" not in node
    if table in HOT_TABLES and (kind == "Seq Scan" or whole_index and not limited):
        found.append(table)
    limited = limited or kind == "Limit"
    for child in node.get("Plans", []):
        found += _whole_table_reads(child, limited)
    return found


@pytest.fixture
def office(cp_a, adviser_a, lead_a, client_a):
    topics = list(Topic.objects.all()[:2])
    today = timezone.localdate()
    for i in range(30):
        client = factories.ClientFactory(contact_point=cp_a, last_name=f"Dvořák{i}",
                                         key_worker=adviser_a,
                                         housing_loss_date=today + timedelta(days=i % 20))
        consultation = factories.ConsultationFactory(client=client, adviser=adviser_a)
        consultation.topics.set(topics)
        factories.TaskFactory(client=client, created_by=adviser_a, assignee=adviser_a,
                              due_date=today + timedelta(days=i % 10))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return cp_a


def _indexes(node: dict) -> set[str]:
    found = {node["Index Name"]} if "Index Name" in node else set()
    for child in node.get("Plans", []):
        found |= _indexes(child)
    return found


def _seq_scans(send, *args, indexes: set[str] | None = None, **kwargs
               ) -> dict[str, list[str]]:
    """The hot tables each read query of a request scans sequentially; ``indexes``
    collects the indexes the plans use."""
    with CaptureQueriesContext(connection) as ctx:
        response = send(*args, **kwargs)
    assert response.status_code == 200
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            hot = _whole_table_reads(plan[0]["Plan"])
            if indexes is not None:
                indexes |= _indexes(plan[0]["Plan"])
            if hot:
                found[sql[:300]] = hot
    return found


@pytest.mark.parametrize("path", [
    "/staff/", "/staff/clients/", "/staff/consultations/", "/staff/tasks/",
    "/staff/tasks/?scope=office", "/staff/referrals/", "/staff/referrals/?scope=office",
])
def test_adviser_pages_use_indexes(office, web_adviser_a, path):
    assert _seq_scans(web_adviser_a.get, path) == {}


def test_lead_dashboard_uses_indexes(office, web_lead_a):
    assert _seq_scans(web_lead_a.get, "/staff/") == {}


def test_referrals_needing_attention_read_in_order(office, web_lead_a, adviser_a):
    """The office's referrals needing attention are read newest first from their own
    index, not sorted from every declined or expired referral of the office."""
    from kmb.network import services
    from tests.network.factories import debt_service, referral_for

    service = debt_service()
    for client in factories.ClientFactory.create_batch(12, contact_point=office):
        services.referral_expire(referral=referral_for(client, adviser_a, service))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    used: set[str] = set()
    assert _seq_scans(web_lead_a.get, "/staff/", indexes=used) == {}
    assert "network_ref_attention" in used


@pytest.mark.parametrize("q", ["novakova", "dvorak praha", "1. 1. 1980", "777123456"])
def test_client_search_uses_indexes(office, web_adviser_a, q):
    assert _seq_scans(web_adviser_a.post, "/staff/clients/", {"q": q}) == {}


@pytest.mark.parametrize("q", ["novakova", "dvorak praha", "Dvořák Praha"])
def test_client_search_reads_the_office_tokens(office, web_adviser_a, adviser_a, q):
    """A word searched is a range of the office's token index: its cost follows the
    office, not the trigram indexes of every office in the country."""
    used: set[str] = set()
    assert _seq_scans(web_adviser_a.post, "/staff/clients/", {"q": q}, indexes=used) == {}
    assert "cases_search_token_prefix" in used
    assert not {"cases_client_name_trgm", "cases_client_address_trgm"} & used

    api = HttpClient(HTTP_AUTHORIZATION=f"Bearer {_api_token(adviser_a)}")
    used = set()
    assert _seq_scans(api.get, "/api/v1/clients", {"q": q}, indexes=used) == {}
    assert "cases_search_token_prefix" in used


def _api_token(user) -> str:
    response = HttpClient().post("/api/v1/auth/token",
                                 json.dumps({"username": user.username,
                                             "password": "kmb-demo"}),
                                 content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_client_detail_uses_indexes(office, web_adviser_a, client_a):
    factories.ConsultationFactory(client=client_a, adviser=client_a.key_worker)
    assert _seq_scans(web_adviser_a.get, f"/staff/clients/{client_a.uuid}/") == {}
