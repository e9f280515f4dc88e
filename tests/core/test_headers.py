"""Headers: nothing personal is cached, a Permissions-Policy everywhere, the API docs
work under the CSP, and client searches are audited without their terms."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.test import Client as HttpClient

from kmb.audit.models import AuditEntry
from kmb.benefits import batch as batch_service
from tests.benefits.test_pages import _clients_with_estimates, _login, _save

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_staff_pages_and_api_answers_are_not_stored(web_adviser_a, adviser_a, client_a):
    assert _no_store(web_adviser_a.get("/staff/"))
    assert _no_store(web_adviser_a.get(f"/staff/clients/{client_a.uuid}/"))
    assert _no_store(HttpClient().get("/accounts/login/"))
    token = HttpClient().post("/api/v1/auth/token", json.dumps(
        {"username": "poradce.a", "password": "kmb-demo"}), content_type="application/json")
    assert _no_store(token)
    api = HttpClient(HTTP_AUTHORIZATION=f"Bearer {token.json()['token']}")
    assert _no_store(api.get(f"/api/v1/clients/{client_a.uuid}"))
    assert _no_store(api.get("/api/v1/clients/not-a-uuid"))  # errors too


def test_personal_files_are_not_stored(cp_a, adviser_a, analyst_a, web_adviser_a, client_a):
    saved = _save(web_adviser_a, client_a)
    pdf = web_adviser_a.get(f"/staff/benefits/estimates/{saved.uuid}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and _no_store(pdf)
    _clients_with_estimates(cp_a, adviser_a, 1)
    batch = batch_service.batch_create(contact_point=cp_a, actor=analyst_a, period="2026-11",
                                       recent_days=30, rent_change_percent=Decimal(0),
                                       energy_change_percent=Decimal(0),
                                       income_change_percent=Decimal(0))
    batch_service.batch_run(batch_id=str(batch.uuid))
    xlsx = _login(analyst_a).get(f"/staff/benefits/batches/{batch.uuid}/xlsx/")
    assert xlsx.status_code == 200 and _no_store(xlsx)


def test_public_pages_may_be_cached_and_all_have_a_permissions_policy(db, web_adviser_a):
    landing = HttpClient().get("/")
    assert landing.status_code == 200 and not _no_store(landing)
    for response in (landing, HttpClient().get("/healthz"), web_adviser_a.get("/staff/"),
                     HttpClient().get("/api/v1/openapi.json"), HttpClient().get("/nowhere/")):
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy


def test_api_docs_use_local_assets_allowed_by_the_csp(db):
    response = HttpClient().get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "<script>" not in page.replace(" ", "")  # no inline script for the CSP to block
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "cdn" not in csp
    for source in sources:
        assert HttpClient().get(source).status_code == 200, source


def test_client_search_is_audited_without_the_terms(web_adviser_a, adviser_a, client_a):
    web_adviser_a.post("/staff/clients/", {"q": "Nováková"})
    entry = AuditEntry.objects.get(action="search")
    assert entry.actor == adviser_a and entry.contact_point == client_a.contact_point
    assert entry.changes == ["results: 1"]
    web_adviser_a.post("/staff/clients/", {"q": "Nikdo Takový"})
    assert AuditEntry.objects.filter(action="search").first().changes == ["results: 0"]
    web_adviser_a.get("/staff/clients/")  # just the list: no search
    assert AuditEntry.objects.filter(action="search").count() == 2
    stored = json.dumps(list(AuditEntry.objects.values()), default=str)
    assert "Nováková" not in stored and "Takový" not in stored


def test_api_client_search_is_audited(adviser_a, client_a):
    token = HttpClient().post("/api/v1/auth/token", json.dumps(
        {"username": "poradce.a", "password": "kmb-demo"}),
        content_type="application/json").json()["token"]
    HttpClient(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/clients", {"q": "Novák"})
    entry = AuditEntry.objects.get(action="search")
    assert entry.channel == "api" and entry.changes == ["results: 1"]
