"""Every page, export and API endpoint, walked as every role against one sensitive record.

The record carries advice and notes with a unique marker, a domestic-violence topic, a
health topic, a housing situation that tells of violence and a housing-loss date. Each role
must see exactly what the role table (kmb.core.permissions) allows: the markers it may not
read appear in no response body (HTML, JSON, CSV, XLSX unpacked, PDF text extracted), and
the ones it may read do appear on the pages listed in MUST_SHOW, so the walk can fail.
New URLs join automatically: the routes come from the URL configuration.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from kmb.cases.models import HousingSituation, Topic
from kmb.core.permissions import Perm, Role, role_has
from tests import factories
from tests.test_tenancy import SECRET, _fill, _routes, a_objects  # noqa: F401 (fixture)

ADVICE = "ADVMARK7Q2X"  # advice and notes
VIOLENCE = "DVMARK4KZ"  # label of the domestic-violence topic
HEALTH = "HEALTHMARK8P"  # label of the health topic
SITUATION = "SITMARK3V9"  # label of the housing situation that tells of violence
PLAIN = "PLAINMARK5T"  # label of an ordinary topic of the same consultation
NAME = SECRET.split()[-1]  # the client's surname
LOSS = timezone.localdate() + timedelta(days=23)  # the housing-loss date (a risk field)

ROLES = ["adviser", "lead", "housing_officer", "analyst", "partner", "anonymous"]
CASE_ROLES = {"adviser": Role.ADVISER, "lead": Role.LEAD,
              "housing_officer": Role.HOUSING_OFFICER, "analyst": Role.ANALYST}


def _may(role: str, perm: str) -> bool:
    return role in CASE_ROLES and role_has(CASE_ROLES[role], perm)


def _forbidden(role: str) -> set[str]:
    """Markers that must not appear anywhere for ``role``."""
    hidden = set()
    if not _may(role, Perm.CASE_CONFIDENTIAL):
        hidden |= {ADVICE, VIOLENCE, HEALTH, SITUATION}
    if not _may(role, Perm.CLIENT_VIEW):
        hidden |= {PLAIN, *_loss_forms()}
        if role != "partner":  # the partner got the name with the referral (shared data)
            hidden.add(NAME)
    return hidden


def _loss_forms() -> set[str]:
    return {LOSS.isoformat(), f"{LOSS.day}. {LOSS.month}. {LOSS.year}"}


CLIENT = "staff/clients/<str:client_id>/"
# Pages where a role that may read a marker must find it.
MUST_SHOW = {
    CLIENT: {"adviser": {ADVICE, VIOLENCE, HEALTH, SITUATION, PLAIN, NAME},
             "lead": {ADVICE, VIOLENCE, HEALTH, SITUATION, PLAIN, NAME},
             "housing_officer": {PLAIN, NAME, "ETHOS"}},
    "staff/consultations/<str:consultation_id>/": {
        "adviser": {ADVICE, VIOLENCE, HEALTH, SITUATION}, "lead": {ADVICE, VIOLENCE}},
    "staff/consultations/": {"adviser": {VIOLENCE, HEALTH, NAME}},
    "staff/": {"lead": {NAME, SITUATION}},
    "api/v1/clients/<client_id>/consultations": {
        "adviser": {ADVICE, VIOLENCE.lower(), HEALTH.lower()},
        "lead": {ADVICE, VIOLENCE.lower()}},
    "api/v1/clients/<client_id>": {"adviser": {NAME, SITUATION.lower()},
                                   "housing_officer": {NAME}},
    "staff/partner/<str:referral_id>/": {"partner": {NAME}},
    # the subject access export (JSON and PDF) for the roles that may make it
    "staff/privacy/clients/<str:client_id>/export.json": {"lead": {ADVICE, NAME, VIOLENCE}},
    "staff/privacy/clients/<str:client_id>/export.pdf": {"lead": {ADVICE, NAME, VIOLENCE}},
}
# Forms that offer the whole code list as choices (not this record's data).
CODE_LIST_FORMS = {"request/<slug:slug>/", "request/",
                   # the municipal flats' published rules name housing situations with
                   # their points (public; the same text is on the portal)
                   "staff/lettings/programmes/<str:programme_id>/",
                   "staff/lettings/programmes/<str:programme_id>/rules/",
                   "api/v1/programmes", "api/v1/programmes/{programme_id}",
                   # the application forms offer the whole code list
                   "municipal-flats/apply/", "staff/lettings/applications/new/"}


@pytest.fixture
def record(a_objects, cp_a, adviser_a):  # noqa: F811 (the fixture imported above)
    from kmb.cases.models import Client

    client = Client.objects.get(uuid=a_objects["client_id"])
    # labels (and the codes the API gives) carry ASCII markers: JSON escapes other letters
    for code, marker in [("domestic_violence", VIOLENCE), ("health_social", HEALTH),
                         ("looking_for_housing", PLAIN)]:
        Topic.objects.filter(code=code).update(code=marker.lower(), name_cs=marker,
                                               name_en=marker, name_uk=marker)
    situation = HousingSituation.objects.get(code="violence_shelter")
    HousingSituation.objects.filter(pk=situation.pk).update(
        code=SITUATION.lower(), name_cs=SITUATION, name_en=SITUATION, name_uk=SITUATION)
    situation.refresh_from_db()
    consultation = factories.ConsultationFactory(
        client=client, adviser=adviser_a, advice=f"{ADVICE} advice",
        notes=f"{ADVICE} notes", housing_situation=situation, housing_at_risk=True,
        loss_date=LOSS)
    consultation.topics.set(Topic.objects.filter(name_cs__in=[VIOLENCE, HEALTH, PLAIN]))
    Client.objects.filter(pk=client.pk).update(housing_situation=situation,
                                               housing_at_risk=True, housing_loss_date=LOSS)
    return {**a_objects, "consultation_id": consultation.uuid}


def _persona(role: str, cp_a, organization_id) -> tuple[HttpClient, HttpClient]:
    """The web client and the API client of ``role``."""
    from tests.api.test_api import _api, _token

    if role in CASE_ROLES:
        user = factories.staff(f"{role}.walk", CASE_ROLES[role], cp_a)
        web = HttpClient()
        web.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return web, _api(_token(user.username))
    if role == "partner":
        from kmb.network.models import PartnerMembership

        user = factories.UserFactory(username="partner.walk")
        PartnerMembership.objects.create(user=user, organization_id=organization_id)
        web = HttpClient()
        web.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return web, HttpClient()
    return HttpClient(), HttpClient()


def response_text(response) -> str:
    """What a person could read in a response: HTML/JSON/CSV text, the cells and strings
    of an XLSX (unpacked), the text of a PDF (extracted)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    ctype = response.get("Content-Type", "")
    if body[:5] == b"%PDF-":
        from pypdf import PdfReader

        text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
        return re.sub(r"\s+", "", text)  # PDF text may break a word across lines
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace")
                             for n in archive.namelist() if n.endswith(".xml"))
    text = body.decode("utf-8", "replace")
    if "json" in ctype:
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


@pytest.mark.django_db
@pytest.mark.parametrize("route", _routes())
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_what_its_role_allows(role, route, record, cp_a):
    url = _fill(route, record)
    assert url is not None, f"add an object for the identifiers of {route}"
    web, api = _persona(role, cp_a, record["organization_id"])
    http = api if url.startswith("/api/") else web
    hidden = _forbidden(role)
    if route in CODE_LIST_FORMS:
        hidden -= {VIOLENCE, HEALTH, PLAIN, SITUATION}
    seen = ""
    for method in ("get", "post"):
        response = getattr(http, method)(url, {"q": "tajna"})
        assert response.status_code != 500, (method, url)
        text = response_text(response)
        leaked = {m for m in hidden if m in text or m.lower() in text}
        assert not leaked, (role, method, url, leaked)
        if method == "get":
            seen = text
    for marker in MUST_SHOW.get(route, {}).get(role, set()):
        assert marker in seen, (role, url, marker)


def test_must_show_names_real_routes():
    assert set(MUST_SHOW) <= set(_routes())


def test_the_walk_reads_pdf_and_xlsx():
    """The walk's reader finds a marker inside a real PDF and a real XLSX."""
    from django.http import HttpResponse
    from openpyxl import Workbook
    from weasyprint import HTML

    pdf = HttpResponse(HTML(string=f"<p>Poznámka {ADVICE} končí</p>").write_pdf(),
                       content_type="application/pdf")
    assert ADVICE in response_text(pdf)
    book = Workbook()
    book.active.append(["Poznámka", f"{ADVICE} x"])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-"
                        "officedocument.spreadsheetml.sheet")
    assert ADVICE in response_text(xlsx)
