"""Material aid handed out or arranged at a consultation: the form (with and without
JavaScript), the API, the timeline, the audit trail and the statistics."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from kmb.audit.models import AuditEntry
from kmb.cases.models import Consultation, MaterialAid
from kmb.core.events import event_record
from kmb.core.models import DomainEvent
from kmb.network.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def food_bank(cp_a):
    organization = Organization.objects.create(name="Potravinová banka Praha")
    organization.partner_of.add(cp_a)
    return organization


def _post(**extra) -> dict:
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "in_person", "duration_minutes": "30", "topics": ["material_aid"],
        "housing_situation": "homeless_shelter", "advice": "Potravinová pomoc.",
        "aid-TOTAL_FORMS": "1", "aid-INITIAL_FORMS": "0",
        "aid-0-kind": "", "aid-0-mode": "handed_out", "aid-0-organization": "",
        "aid-0-quantity": "", "aid-0-value_czk": "", "aid-0-description": "",
    }
    data.update(extra)
    return data


def test_adviser_records_aid_on_the_consultation_form_and_sees_it_on_the_timeline(
        web_adviser_a, client_a, food_bank):
    url = reverse("cases:client_consultation_create", args=[client_a.uuid])
    page = web_adviser_a.get(url).content.decode()
    assert 'name="aid-0-kind"' in page and "Potravinová banka Praha" in page
    response = web_adviser_a.post(url, _post(**{
        "aid-0-kind": "food", "aid-0-mode": "arranged",
        "aid-0-organization": str(food_bank.pk), "aid-0-quantity": "2",
        "aid-0-value_czk": "1500", "aid-0-description": "potravinové balíčky"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    aid = MaterialAid.objects.get()
    assert (aid.kind.code, aid.mode, aid.organization, aid.quantity, aid.value_czk) == (
        "food", "arranged", food_bank, 2, 1500)
    assert aid.consultation.client == client_a and aid.contact_point == client_a.contact_point
    timeline = web_adviser_a.get(reverse("cases:client_detail",
                                         args=[client_a.uuid])).content.decode()
    assert "Poskytnutá materiální pomoc" in timeline and "Potraviny" in timeline
    assert "1\xa0500\xa0Kč" in timeline and "Potravinová banka Praha" in timeline
    entry = AuditEntry.objects.get(object_type="cases.materialaid")
    assert entry.actor.username == "poradce.a" and entry.client_id == client_a.uuid
    event = DomainEvent.objects.get(kind="material_aid.given")
    assert event.data == {"kind": "food", "mode": "arranged", "quantity": 2,
                          "value_czk": 1500, "anonymous": False,
                          "organization": str(food_bank.pk)}


def test_an_empty_aid_row_records_no_aid(web_adviser_a, client_a):
    url = reverse("cases:client_consultation_create", args=[client_a.uuid])
    assert web_adviser_a.post(url, _post()).status_code == 302
    assert Consultation.objects.count() == 1 and not MaterialAid.objects.exists()
    assert not DomainEvent.objects.filter(kind="material_aid.given").exists()


def test_an_aid_row_without_its_kind_is_refused_and_nothing_is_saved(web_adviser_a,
                                                                      client_a):
    url = reverse("cases:client_consultation_create", args=[client_a.uuid])
    response = web_adviser_a.post(url, _post(**{"aid-0-quantity": "3",
                                                "aid-0-description": "deky"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vyberte druh pomoci." in html and 'value="deky"' in html
    assert not Consultation.objects.exists() and not MaterialAid.objects.exists()


def test_without_javascript_add_a_row_keeps_what_was_typed_and_saves_nothing(
        web_adviser_a, client_a):
    url = reverse("cases:client_consultation_create", args=[client_a.uuid])
    response = web_adviser_a.post(url, _post(aid_add="1", **{"aid-0-kind": "clothing"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="aid-1-kind"' in html and 'name="aid-TOTAL_FORMS" value="2"' in html
    assert 'value="clothing" selected' in html and "Potravinová pomoc." in html
    assert "Vyberte alespoň jedno téma" not in html  # nothing judged yet
    assert not Consultation.objects.exists()
    response = web_adviser_a.post(url, _post(**{
        "aid-TOTAL_FORMS": "2", "aid-0-kind": "clothing", "aid-1-kind": "hygiene",
        "aid-1-mode": "handed_out", "aid-1-organization": "", "aid-1-quantity": "",
        "aid-1-value_czk": "", "aid-1-description": ""}))
    assert response.status_code == 302
    assert sorted(MaterialAid.objects.values_list("kind__code", flat=True)) == [
        "clothing", "hygiene"]


def test_a_partner_the_office_does_not_work_with_cannot_be_chosen(web_adviser_a, client_a):
    stranger = Organization.objects.create(name="Nábytková banka jinde")
    url = reverse("cases:client_consultation_create", args=[client_a.uuid])
    response = web_adviser_a.post(url, _post(**{"aid-0-kind": "furniture",
                                                "aid-0-organization": str(stranger.pk)}))
    assert response.status_code == 200 and not MaterialAid.objects.exists()


def test_api_records_and_returns_material_aid(adviser_a, client_a, food_bank):
    from tests.api.test_api import _api, _token

    api = _api(_token("poradce.a"))
    payload = {"client": str(client_a.uuid),
               "occurred_at": timezone.localtime().isoformat()[:16],
               "topics": ["material_aid"],
               "material_aid": [{"kind": "furniture", "mode": "arranged",
                                 "organization": str(food_bank.pk), "quantity": 1},
                                {"kind": "vouchers", "value_czk": 500}]}
    response = api.post("/api/v1/consultations", json.dumps(payload),
                        content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert [(a["kind"], a["mode"], a["quantity"], a["value_czk"])
            for a in body["material_aid"]] == [("furniture", "arranged", 1, None),
                                               ("vouchers", "handed_out", None, 500)]
    assert body["material_aid"][0]["organization"] == str(food_bank.pk)
    assert DomainEvent.objects.filter(kind="material_aid.given").count() == 2
    listing = api.get(f"/api/v1/clients/{client_a.uuid}/consultations").json()
    assert len(listing[0]["material_aid"]) == 2


def test_api_refuses_bad_aid_rows_with_field_errors_and_saves_nothing(adviser_a, client_a):
    from tests.api.test_api import _api, _token

    api = _api(_token("poradce.a"))
    payload = {"client": str(client_a.uuid),
               "occurred_at": timezone.localtime().isoformat()[:16], "topics": ["dssp"],
               "material_aid": [{"kind": "food"}, {"kind": "gold"},
                                {"kind": "food", "value_czk": -5}]}
    response = api.post("/api/v1/consultations", json.dumps(payload),
                        content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "material_aid.1.kind" in errors and "material_aid.2.value_czk" in errors
    assert "material_aid.0.kind" not in errors
    assert not Consultation.objects.exists() and not MaterialAid.objects.exists()


def test_statistics_count_material_aid_per_kind(analyst_a, cp_a, adviser_a, client_a,
                                                food_bank, web_adviser_a):
    url = reverse("cases:client_consultation_create", args=[client_a.uuid])
    for kind, value in (("food", "300"), ("food", "200"), ("clothing", "")):
        web_adviser_a.post(url, _post(**{"aid-0-kind": kind, "aid-0-quantity": "1",
                                         "aid-0-value_czk": value}))
    # given two months ago: counts for the year, not for this month
    event_record(kind="material_aid.given", contact_point=cp_a,
                 occurred_at=timezone.now() - timedelta(days=62),
                 data={"kind": "food", "mode": "handed_out", "quantity": 4,
                       "value_czk": 1000, "anonymous": True, "organization": None})
    from kmb.stats.models import StatsScope
    from kmb.stats.rollup import refresh_dirty

    refresh_dirty()
    scope = StatsScope.objects.create(name="Praha 7")
    scope.contact_points.add(cp_a)
    scope.analysts.add(analyst_a)
    http = HttpClient()
    http.force_login(analyst_a, backend="django.contrib.auth.backends.ModelBackend")
    page = http.get(reverse("stats:overview")).content.decode()
    assert "Materiální pomoc podle druhu" in page and "Potraviny" in page
    body = page[page.index('id="t-material_aid"'):]
    body = body[:body.index("</table>")]
    # this month: food twice, clothing once; the aid given two months ago in its month
    assert "<td>1</td><td>2</td><td>3</td>" in body  # clothing, food, total
    figures = page[page.index('id="t-figures"'):]
    assert "<td>500</td>" in figures[:figures.index("</tr>", figures.index("<tbody>"))]


def test_tampered_aid_rows_get_a_message_not_a_server_error(web_adviser_a, client_a):
    url = reverse("cases:client_consultation_create", args=[client_a.uuid])
    for bad in ({"aid-TOTAL_FORMS": "x"}, {"aid-TOTAL_FORMS": "5000"},
                {"aid-TOTAL_FORMS": "x", "aid_add": "1"}):
        response = web_adviser_a.post(url, _post(**{"aid-0-kind": "food", **bad}))
        assert response.status_code == 200
    assert not Consultation.objects.exists()
