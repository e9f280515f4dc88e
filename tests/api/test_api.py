"""The API as a partner system or script would use it."""

from __future__ import annotations

import json

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from kmb.cases.models import Client, Consultation

pytestmark = pytest.mark.django_db


def _token(username: str, password: str = "kmb-demo", **extra) -> str:
    response = HttpClient().post("/api/v1/auth/token",
                                 json.dumps({"username": username, "password": password,
                                             **extra}),
                                 content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _api(token: str) -> HttpClient:
    return HttpClient(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="cs")


def test_token_search_detail_and_create(adviser_a, client_a):
    api = _api(_token("poradce.a"))
    found = api.get("/api/v1/clients", {"q": "novakova"}).json()
    assert found["count"] == 1 and found["results"][0]["last_name"] == "Nováková"
    detail = api.get(f"/api/v1/clients/{client_a.uuid}").json()
    assert detail["id"] == str(client_a.uuid)

    created = api.post("/api/v1/clients", {"first_name": "Ivan", "last_name": "Kovalenko",
                                           "preferred_language": "uk", "phone": "608 123 456"},
                       content_type="application/json")
    assert created.status_code == 201
    assert created.json()["phone"] == "+420 608 123 456"

    consultation = api.post("/api/v1/consultations", {
        "client": created.json()["id"], "occurred_at": timezone.localtime().isoformat()[:16],
        "channel": "phone", "duration_minutes": 20, "topics": ["looking_for_housing"],
        "housing_situation": "commercial_hostel"}, content_type="application/json")
    assert consultation.status_code == 201, consultation.content
    listing = api.get(f"/api/v1/clients/{created.json()['id']}/consultations").json()
    assert [c["topics"] for c in listing] == [["looking_for_housing"]]


def test_anonymous_consultation_over_api(adviser_a):
    api = _api(_token("poradce.a"))
    response = api.post("/api/v1/consultations", {
        "occurred_at": timezone.localtime().isoformat()[:16], "topics": ["dssp"]},
        content_type="application/json")
    assert response.status_code == 201
    assert Consultation.objects.get().client is None


def test_other_contact_point_gets_404(adviser_b, client_a):
    api = _api(_token("poradce.b"))
    assert api.get(f"/api/v1/clients/{client_a.uuid}").status_code == 404
    assert api.get(f"/api/v1/clients/{client_a.uuid}/consultations").status_code == 404
    assert api.get("/api/v1/clients", {"q": "Nováková"}).json()["count"] == 0
    response = api.post("/api/v1/consultations", {
        "client": str(client_a.uuid), "occurred_at": timezone.localtime().isoformat()[:16],
        "topics": ["dssp"]}, content_type="application/json")
    assert response.status_code == 404
    assert Consultation.objects.count() == 0


def test_bad_input_gets_field_messages_in_czech(adviser_a):
    api = _api(_token("poradce.a"))
    response = api.post("/api/v1/clients", {"first_name": "Eva", "last_name": "Malá",
                                            "birth_date": "2999-01-01",
                                            "birth_number": "123"},
                        content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["birth_date"] == ["Datum narození nemůže být v budoucnosti."]
    assert "rodné číslo" in errors["birth_number"][0]
    wrong_type = api.post("/api/v1/consultations", {"occurred_at": "x", "topics": "nope"},
                          content_type="application/json")
    assert wrong_type.status_code == 422
    assert not Client.objects.exists()


def test_wrong_password_and_missing_token(adviser_a):
    response = HttpClient().post("/api/v1/auth/token",
                                 {"username": "poradce.a", "password": "wrong"},
                                 content_type="application/json")
    assert response.status_code == 401
    assert HttpClient().get("/api/v1/clients").status_code == 401
    assert _api("forged").get("/api/v1/clients").status_code == 401


def test_two_factor_user_needs_the_code_for_a_token(adviser_a):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=adviser_a, confirmed=True)
    response = HttpClient().post("/api/v1/auth/token",
                                 {"username": "poradce.a", "password": "kmb-demo"},
                                 content_type="application/json")
    assert response.status_code == 401 and response.json()["code"] == "otp_required"
    code = f"{totp(device.bin_key):06d}"
    assert _token("poradce.a", otp_code=code)


def test_openapi_document_and_health(db):
    doc = HttpClient().get("/api/v1/openapi.json").json()
    assert "/api/v1/clients" in doc["paths"] and "/api/v1/auth/token" in doc["paths"]
    health = HttpClient().get("/healthz")
    assert health.status_code == 200 and health.json()["database"] == "ok"


def test_follow_up_without_risk_fields_keeps_the_clients_clock(adviser_a, client_a):
    from datetime import timedelta

    loss = timezone.localdate() + timedelta(days=9)
    client_a.housing_at_risk, client_a.housing_loss_date = True, loss
    client_a.save()
    api = _api(_token("poradce.a"))
    response = api.post("/api/v1/consultations", {
        "client": str(client_a.uuid), "occurred_at": timezone.localtime().isoformat()[:16],
        "channel": "phone", "topics": ["dssp"]}, content_type="application/json")
    assert response.status_code == 201
    client_a.refresh_from_db()
    assert client_a.housing_loss_date == loss and client_a.housing_at_risk
