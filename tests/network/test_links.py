"""Only http(s) links anywhere in the directory: the import (JSON and CSV), staff forms,
the models, the pages, and rows stored before the rule."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from kmb.core.links import http_url, identifier_uri
from kmb.network import services
from kmb.network.models import Metadata, Organization, Schedule, Service
from tests.network.factories import debt_service

BAD = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
       "java\nscript:alert(document.cookie)", "\x01javascript:alert(1)",
       "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)",
       "file:///etc/passwd", "VBSCRIPT:x", "//evil.example/x", "ftp://example.cz/",
       "https:", "mailto:a@example.cz", "/relative/path"]
GOOD = ["https://www.example.cz/poradna", "http://example.cz", " HTTPS://Example.cz/a?b=1 "]


@pytest.mark.parametrize("value", BAD)
def test_other_schemes_are_not_links(value):
    assert http_url(value) == ""
    assert identifier_uri(value) == ""


@pytest.mark.parametrize("value", GOOD)
def test_http_links_pass(value):
    assert http_url(value) == value.strip()


def test_identifiers_may_be_urns():
    assert identifier_uri("urn:kmb:taxonomy:categories") == "urn:kmb:taxonomy:categories"
    assert http_url("urn:kmb:taxonomy:categories") == ""


@pytest.mark.django_db
def test_models_refuse_other_schemes():
    service = debt_service()
    service.url = "java\tscript:alert(1)"
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "url" in error.value.message_dict
    schedule = Schedule(service=service, schedule_link="data:text/html,x")
    with pytest.raises(ValidationError):
        schedule.full_clean()


def _org(**extra) -> dict:
    return {"id": "77777777-7777-4777-8777-777777777777", "name": "Odkazy, z. s.",
            "description": "Zkouška odkazů.", **extra}


@pytest.mark.django_db
def test_json_import_drops_bad_links_with_a_message_per_row():
    doc = {"organizations": [_org(website=" JavaScript:alert(1)", logo="https://x.cz/l.png")],
           "services": [{"id": "88888888-8888-4888-8888-888888888888", "name": "Služba",
                         "status": "active",
                         "organization_id": "77777777-7777-4777-8777-777777777777",
                         "url": "data:text/html,<script>alert(1)</script>"}]}
    record = services.hsds_import(actor=None, file_name="links.json",
                                  data=json.dumps(doc).encode())
    assert record.accepted, record.problems
    warned = {(w["place"], w["field"]) for w in record.warnings}
    assert ("organizations[0]", "website") in warned
    assert ("services[0]", "url") in warned
    organization = Organization.objects.get()
    assert organization.website == "" and organization.logo == "https://x.cz/l.png"
    assert Service.objects.get().url == ""


@pytest.mark.django_db
def test_csv_import_drops_bad_links_with_a_message_per_row():
    data = ("id,name,description,website\n"
            "77777777-7777-4777-8777-777777777777,Odkazy,Popis,\"VBScript:msgbox(1)\"\n"
            "99999999-9999-4999-8999-999999999999,Dobré,Popis,https://dobre.example.cz\n"
            ).encode()
    record = services.hsds_import(actor=None, file_name="organizations.csv", data=data)
    assert record.accepted, record.problems
    assert [(w["place"], w["field"]) for w in record.warnings
            if w["field"] == "website"] == [("organizations.csv, row 2", "website")]
    websites = dict(Organization.objects.values_list("name", "website"))
    assert websites == {"Odkazy": "", "Dobré": "https://dobre.example.cz"}


@pytest.mark.django_db
def test_staff_form_refuses_a_javascript_link(web_lead_a):
    response = web_lead_a.post(reverse("network:organization_create"), {
        "name": "Zlá, z. s.", "description": "x", "website": "javascript:alert(1)"})
    assert response.status_code == 200
    assert "http://" in response.content.decode()
    assert not Organization.objects.filter(name="Zlá, z. s.").exists()


@pytest.mark.django_db
def test_pages_never_link_to_other_schemes(web_adviser_a):
    service = debt_service()
    # a value written before the rule (or past it): the page shows it, never as a link
    Service.objects.filter(pk=service.pk).update(url="javascript:alert(1)")
    Organization.objects.filter(pk=service.organization_id).update(website="JAVASCRIPT:x")
    for url in (reverse("network:service_detail", args=[service.pk]),
                reverse("network:organization_detail", args=[service.organization_id]),
                reverse("network:public_service", args=[service.pk])):
        page = web_adviser_a.get(url).content.decode().lower()
        assert 'href="javascript' not in page, url


@pytest.mark.django_db
def test_data_migration_empties_stored_bad_links_and_keeps_the_rest():
    service = debt_service()
    Service.objects.filter(pk=service.pk).update(url=" javascript:alert(1)")
    Organization.objects.filter(pk=service.organization_id).update(
        website="https://ok.example.cz", uri="urn:kmb:org:1")
    Schedule.objects.filter(service=service).update(schedule_link="data:text/html,x")
    migration = importlib.import_module("kmb.network.migrations.0003_links_http_only")
    migration.clean_links(apps, None)
    service.refresh_from_db()
    organization = service.organization
    organization.refresh_from_db()
    assert service.url == ""
    assert organization.website == "https://ok.example.cz"
    assert organization.uri == "urn:kmb:org:1"
    assert Schedule.objects.get(service=service).schedule_link == ""
    changed = Metadata.objects.filter(resource_id=service.pk, field_name="url").get()
    assert changed.replacement_value == "" and "automatic" in changed.updated_by
