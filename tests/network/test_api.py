"""The public HSDS API under /api/v1/hsds/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from kmb.network import services
from kmb.network.hsds import spec
from kmb.network.models import Organization, PartnerContact, Service
from kmb.network.taxonomy import CATEGORIES, CATEGORIES_ID, term_id
from tests.network.factories import debt_service

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
PAGE_FIELDS = {"total_items", "total_pages", "page_number", "size", "first_page",
               "last_page", "empty", "contents"}


def _get(path: str, **params):
    response = HttpClient().get(f"/api/v1/hsds{path}", params)
    return response


def _many_services(n: int) -> None:
    organization = Organization.objects.create(name="Charita", description="Pomoc")
    for i in range(n):
        Service.objects.create(organization=organization, name=f"Služba {i:02d}")


def test_meta_answers_like_the_standard():
    body = _get("/").json()
    assert set(body) == set(json.loads((DATA / "base.json").read_text()))
    assert body["version"] == "3.0"


def test_services_are_paginated_with_the_standards_fields():
    _many_services(7)
    first = _get("/services", per_page=3).json()
    assert set(first) == PAGE_FIELDS
    assert (first["total_items"], first["total_pages"], first["page_number"],
            first["size"], first["first_page"], first["last_page"], first["empty"]) == \
        (7, 3, 1, 3, True, False, False)
    last = _get("/services", per_page=3, page=3).json()
    assert (last["size"], last["first_page"], last["last_page"]) == (1, False, True)
    beyond = _get("/services", per_page=3, page=9).json()
    assert beyond["empty"] and beyond["contents"] == []
    for item in first["contents"]:
        assert not list(spec.validator("service").iter_errors(item))
        assert item["organization"]["name"] == "Charita"


def test_public_without_a_token_and_no_staff_contacts_anywhere():
    service = debt_service()
    PartnerContact.objects.create(organization=service.organization, name="Tajný Kontakt",
                                  email="tajny@example.cz", phone="+420 603 000 001")
    paths = ["/services?full=true", f"/services/{service.pk}", "/organizations?full=true",
             f"/organizations/{service.organization_id}?full_service=true",
             "/service_at_locations?full=true",
             f"/service_at_locations/{service.service_at_locations.get().pk}",
             "/taxonomies", "/taxonomy_terms?per_page=200"]
    for path in paths:
        response = HttpClient().get(f"/api/v1/hsds{path}")
        assert response.status_code == 200, path
        text = response.content.decode()
        for secret in ("Tajný Kontakt", "tajny@example.cz", "603 000 001", "Jana Dvořáková",
                       "jana.dvorakova@example.cz"):
            assert secret not in text, (path, secret)


def test_service_detail_is_fully_nested_and_valid():
    service = debt_service()
    body = _get(f"/services/{service.pk}").json()
    assert not list(spec.validator("service").iter_errors(body))
    assert body["organization"]["id"] == str(service.organization_id)
    assert body["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == \
        "170 00"
    assert body["phones"][0]["number"] == "+420 222 333 444"
    assert body["schedules"][0]["byday"] == "MO,WE"


@pytest.mark.parametrize("path", ["/services/{x}", "/organizations/{x}",
                                  "/service_at_locations/{x}", "/taxonomies/{x}",
                                  "/taxonomy_terms/{x}"])
def test_unknown_or_malformed_ids_are_404(path):
    for x in ("not-a-uuid", "00000000-0000-4000-8000-000000000000"):
        assert _get(path.replace("{x}", x)).status_code == 404


def test_filters_by_taxonomy_term_and_organization():
    service = debt_service()
    _many_services(3)
    found = _get("/services", taxonomy_term_id=str(term_id(CATEGORIES, "debt_counselling")))
    assert [s["id"] for s in found.json()["contents"]] == [str(service.pk)]
    found = _get("/services", taxonomy_id=str(CATEGORIES_ID)).json()
    assert found["total_items"] == 1
    found = _get("/services", organization_id=str(service.organization_id)).json()
    assert found["total_items"] == 1
    assert _get("/services", organization_id="nonsense").status_code == 422
    assert _get("/services", page="abc").status_code == 422
    found = _get("/service_at_locations", postcode="17000").json()
    assert found["total_items"] == 1
    assert found["contents"][0]["service"]["id"] == str(service.pk)
    terms = _get("/taxonomy_terms", taxonomy_id=str(CATEGORIES_ID), per_page=100).json()
    assert terms["total_items"] == 19


def test_official_example_served_back_as_imported():
    record = services.hsds_import(actor=None, file_name="service_full.json",
                                  data=(DATA / "service_full.json").read_bytes())
    assert record.accepted
    body = _get("/services/ac148810-d857-441c-9679-408f346de14b").json()
    original = json.loads((DATA / "service_full.json").read_text())
    assert body["name"] == original["name"]
    # nested rows also carry their link to the service, as the flat tables do
    for key in ("cost_options", "required_documents", "service_areas"):
        assert [{k: v for k, v in row.items() if k != "service_id"} for row in body[key]] \
            == original[key]


def test_lists_cost_the_same_number_of_queries_whatever_their_length():
    debt_service()

    def queries(path):
        with CaptureQueriesContext(connection) as ctx:
            assert HttpClient().get(f"/api/v1/hsds{path}").status_code == 200
        return len(ctx.captured_queries)

    few = {p: queries(p) for p in ("/services?full=true", "/services",
                                   "/organizations?full=true&full_service=true",
                                   "/service_at_locations?full=true")}
    for _ in range(6):
        debt_service()
    many = {p: queries(p) for p in few}
    assert few == many
