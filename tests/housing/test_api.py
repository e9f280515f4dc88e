"""The housing API: the same tenancy and role rules as the pages."""

from __future__ import annotations

import json

import pytest

from kmb.core.permissions import Role
from kmb.housing import services
from tests import factories
from tests.api.test_api import _api, _token
from tests.housing import factories as hf

pytestmark = pytest.mark.django_db


def test_flats_and_owners_scoped_to_the_contact_point(cp_a, cp_b, housing_officer_a,
                                                      adviser_b):
    flat = hf.flat(cp_a, housing_officer_a, street="Dělnická")
    officer_b = factories.staff("bytovy.b", Role.HOUSING_OFFICER, cp_b)
    api_a = _api(_token("bytovy.a"))
    found = api_a.get("/api/v1/flats").json()
    assert found["count"] == 1 and found["results"][0]["layout"] == "2+1"
    owners = api_a.get("/api/v1/owners").json()
    assert owners["results"][0]["name"] == "Karel Pronajímatel"
    api_b = _api(_token(officer_b.username))
    assert api_b.get("/api/v1/flats").json()["count"] == 0
    assert api_b.get(f"/api/v1/flats/{flat.uuid}").status_code == 404
    assert api_b.get(f"/api/v1/owners/{flat.landlord.uuid}").status_code == 404
    # an adviser does not manage owners
    assert _api(_token("poradce.b")).get("/api/v1/owners").status_code == 403


def test_flat_created_over_the_api_with_field_messages(cp_a, housing_officer_a):
    owner = hf.landlord(cp_a, housing_officer_a)
    api = _api(_token("bytovy.a"))
    bad = {"owner": str(owner.uuid), "municipality": "Praha", "house_number": "5",
           "area_m2": "40", "layout": "9+9", "rent": -1}
    response = api.post("/api/v1/flats", json.dumps(bad), content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "layout" in errors and "rent" in errors
    good = {**bad, "layout": "1+kk", "rent": 9000}
    response = api.post("/api/v1/flats", json.dumps(good), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "preparation"


def test_proposals_and_follow_ups(cp_a, adviser_a, housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    proposal = services.proposal_create(flat=flat, client=client, actor=adviser_a)
    found = _api(_token("poradce.a")).get("/api/v1/proposals").json()
    assert found["results"][0]["id"] == str(proposal.uuid)
    assert any(i["code"] == "afford_ok" for i in found["results"][0]["explanation"])
    assert _api(_token("bytovy.a")).get("/api/v1/follow-ups").json() == []
