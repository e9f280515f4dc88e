"""A date of birth cannot be filled in together with a quality saying it is unknown."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from kmb.cases.models import Client, HouseholdMember

pytestmark = pytest.mark.django_db


def _client_post(**extra) -> dict:
    data = {"first_name": "Petr", "last_name": "Svoboda", "name_quality": "known",
            "birth_date": "1975-04-03", "birth_date_quality": "known",
            "birth_number_quality": "not_asked", "phone_quality": "not_asked",
            "address_quality": "not_asked", "preferred_language": "cs"}
    data.update(extra)
    return data


@pytest.mark.parametrize("quality", ["does_not_know", "refused"])
def test_form_refuses_a_date_the_client_does_not_know(web_adviser_a, quality):
    response = web_adviser_a.post(reverse("cases:client_create"),
                                  _client_post(birth_date_quality=quality))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Datum narození je vyplněné" in html
    assert 'value="1975-04-03"' in html  # what was typed stays
    assert not Client.objects.exists()


def test_form_accepts_unknown_without_a_date_and_a_date_left_as_not_asked(web_adviser_a):
    web_adviser_a.post(reverse("cases:client_create"),
                       _client_post(birth_date="", birth_date_quality="does_not_know"))
    assert Client.objects.get().birth_date_quality == "does_not_know"
    web_adviser_a.post(reverse("cases:client_create"),
                       _client_post(last_name="Dvořák", birth_date_quality="not_asked"))
    assert Client.objects.get(last_name="Dvořák").birth_date_quality == "known"


def test_editing_a_client_refuses_the_contradiction(web_adviser_a, client_a):
    url = reverse("cases:client_edit", args=[client_a.uuid])
    response = web_adviser_a.post(url, _client_post(
        first_name="Jiřina", last_name="Nováková", birth_date_quality="does_not_know",
        version=str(client_a.version)))
    assert response.status_code == 200 and "Datum narození je vyplněné" in \
        response.content.decode()
    client_a.refresh_from_db()
    assert client_a.birth_date_quality == "known"


def test_household_member_form_refuses_it_too(web_adviser_a, client_a):
    url = reverse("cases:household_member_add", args=[client_a.uuid])
    response = web_adviser_a.post(url, {"first_name": "Eva", "birth_date": "2015-01-01",
                                        "birth_date_quality": "does_not_know",
                                        "relationship": "child"})
    assert response.status_code == 200 and not HouseholdMember.objects.exists()


def test_api_refuses_it_with_a_field_error(adviser_a):
    from tests.api.test_api import _api, _token

    api = _api(_token("poradce.a"))
    response = api.post("/api/v1/clients", json.dumps({
        "first_name": "Ivan", "last_name": "Kovalenko", "birth_date": "1990-05-05",
        "birth_date_quality": "does_not_know"}), content_type="application/json")
    assert response.status_code == 422
    assert "birth_date_quality" in response.json()["errors"]
    assert not Client.objects.filter(last_name="Kovalenko").exists()
