"""Input that no database can store: NUL characters, lone surrogates, non-characters.

They are refused with the field named (422 on the API, 400 on pages) and nothing is saved,
on SQLite and PostgreSQL alike: every URL of the URLconf is tried, then the writes a
script would try first, then an HSDS import.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from kmb.cases.models import Client, Consultation
from kmb.network import services as network_services
from kmb.network.models import Organization
from tests.api.test_api import _api, _token
from tests.test_tenancy import _fill, _routes, a_objects  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

NUL = "Nov\x00áková"
SURROGATE = "Nov\ud800áková"


@pytest.mark.parametrize("route", _routes())
def test_every_url_refuses_a_nul_in_query_and_form(route, a_objects, web_adviser_a):  # noqa: F811
    url = _fill(route, a_objects)
    assert url is not None
    if url.startswith("/api/"):
        http, bad = _api(_token("poradce.a")), 422
    else:
        http, bad = web_adviser_a, 400
    counts = (Client.objects.count(), Consultation.objects.count())
    got = http.get(url, {"q": NUL, "page": "1"})
    assert got.status_code == bad, (url, got.status_code)
    if bad == 422:
        posted = http.post(url, json.dumps({"q": NUL, "last_name": NUL, "advice": NUL}),
                           content_type="application/json")
    else:
        posted = http.post(url, {"q": NUL, "last_name": NUL, "advice": NUL})
    assert posted.status_code == bad, (url, posted.status_code)
    assert (Client.objects.count(), Consultation.objects.count()) == counts
    if bad == 422:
        assert posted.json()["errors"]["last_name"]
    else:
        assert "last_name" in posted.content.decode()


def test_client_form_with_a_nul_saves_nothing_and_names_the_field(web_adviser_a):
    response = web_adviser_a.post("/staff/clients/new/", {"first_name": "Eva",
                                                          "last_name": NUL},
                                  HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400
    body = response.content.decode()
    assert "nelze uložit" in body and "last_name" in body
    assert not Client.objects.exists()


@pytest.mark.parametrize("bad", [NUL, SURROGATE, "konec\ufffe"])
def test_api_refuses_unstorable_text_with_the_field(adviser_a, client_a, bad):
    api = _api(_token("poradce.a"))
    body = json.dumps({"client": str(client_a.uuid),
                       "occurred_at": timezone.localtime().isoformat()[:16],
                       "topics": ["dssp", bad], "advice": bad})
    response = api.post("/api/v1/consultations", body, content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"advice", "topics.1"}
    assert errors["advice"] == ["Text obsahuje znaky, které nelze uložit (např. znak NUL). "
                                "Odstraňte je a zkuste to znovu."]
    created = api.post("/api/v1/clients", json.dumps({"first_name": "Eva", "last_name": bad}),
                       content_type="application/json")
    assert created.status_code == 422 and "last_name" in created.json()["errors"]
    assert Consultation.objects.count() == 0
    assert Client.objects.count() == 1


def test_hsds_import_names_the_row_with_unstorable_text():
    data = Path(__file__).parent / "network" / "data" / "organization_full.json"
    document = json.loads(data.read_text())
    document["name"] = "Poradna\ud800"
    document["description"] = "Popis\x00"
    record = network_services.hsds_import(actor=None, file_name="org.json",
                                          data=json.dumps(document).encode())
    assert not record.accepted
    fields = {(p["place"], p["field"]) for p in record.problems}
    assert ("organization", "name") in fields
    assert ("organization", "description") in fields
    assert not Organization.objects.exists()


def test_api_follow_up_keeps_a_loss_date_recorded_long_ago(adviser_a, client_a):
    """The year check applies to a newly entered date, not to the client's recorded one."""
    old = timezone.localdate() - timedelta(days=500)
    client_a.housing_at_risk = True
    client_a.housing_loss_date = old
    client_a.save()
    api = _api(_token("poradce.a"))
    response = api.post("/api/v1/consultations", {
        "client": str(client_a.uuid), "occurred_at": timezone.localtime().isoformat()[:16],
        "topics": ["dssp"]}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Consultation.objects.get().loss_date == old
    newly = api.post("/api/v1/consultations", {
        "client": str(client_a.uuid), "occurred_at": timezone.localtime().isoformat()[:16],
        "topics": ["dssp"], "housing_at_risk": True,
        "loss_date": (old - timedelta(days=1)).isoformat()}, content_type="application/json")
    assert newly.status_code == 422 and "loss_date" in newly.json()["errors"]


def test_web_follow_up_keeps_a_loss_date_recorded_long_ago(web_adviser_a, client_a):
    old = timezone.localdate() - timedelta(days=500)
    client_a.housing_at_risk = True
    client_a.housing_loss_date = old
    client_a.save()
    response = web_adviser_a.post(f"/staff/clients/{client_a.uuid}/consultations/new/", {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "channel": "phone",
        "duration_minutes": 15, "topics": ["dssp"], "housing_at_risk": "on",
        "loss_date": old.isoformat()})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Consultation.objects.get().loss_date == old
