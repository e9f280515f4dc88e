"""The subject access export (GDPR art. 15): complete JSON and a readable PDF."""

from __future__ import annotations

import json
import subprocess

import pytest

from kmb.audit.models import AuditEntry, SecurityEvent
from tests.privacy.conftest import ADVICE, AID, CHILD, FULL_NAME, NEED  # noqa: F401

pytestmark = pytest.mark.django_db


def _url(client, kind: str) -> str:
    return f"/staff/privacy/clients/{client.uuid}/export.{kind}"


def test_json_export_holds_every_part_of_the_record(web_lead_a, full_client, adviser_a):
    web_lead_a.get(f"/staff/clients/{full_client.uuid}/")  # a view, to show in the log
    response = web_lead_a.get(_url(full_client, "json") + "?lang=cs")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    sections = data["sections"]
    assert set(sections) >= {"client", "household", "consents", "consultations", "tasks",
                             "referrals", "benefit_estimates", "access_log",
                             "online_requests", "documents"}
    person = sections["client"]["items"][0]
    assert (person["first_name"], person["last_name"]) == ("Jiřina", "Nováková")
    assert person["birth_date"] == "1984-03-09" and person["phone"] == "+420 731 222 333"
    member = sections["household"]["items"][0]
    assert f"{member['first_name']} {member['last_name']}" == CHILD
    assert "Vedení záznamů o poradenství" in {c["scope"] for c in sections["consents"]["items"]}
    assert sections["consultations"]["items"][0]["advice"] == ADVICE
    assert sections["tasks"]["items"][0]["title"] == "Donést výpověď z nájmu"
    assert sections["material_aid"]["items"][0]["description"] == AID
    referral = sections["referrals"]["items"][0]
    assert referral["need"] == NEED and referral["organization"] == "Poradna Na Rozcestí, z. ú."
    assert "jana.dvorakova@example.cz" in referral["recipient"]
    assert len(referral["shared_data"]) == 2 and "telefon" in referral["shared_data"]
    estimate = sections["benefit_estimates"]["items"][0]
    assert estimate["period"] == "2026-10" and estimate["inputs"]["members"][0]["label"]
    log = sections["access_log"]["items"]
    assert {"vytvořeno", "zobrazeno"} <= {entry["action"] for entry in log}
    assert adviser_a.display_name in {entry["who"] for entry in log}
    assert data["export"]["language"] == "cs"
    assert AuditEntry.objects.filter(action="export", client_id=full_client.uuid,
                                     changes=["subject_access.json"]).exists()
    assert SecurityEvent.objects.filter(kind="export").exists()


def test_pdf_in_the_clients_language_with_their_name(web_lead_a, full_client, tmp_path):
    response = web_lead_a.get(_url(full_client, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    path = tmp_path / "export.pdf"
    path.write_bytes(response.content)
    try:
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True,
                              text=True).stdout
    except FileNotFoundError:
        pytest.skip("poppler-utils not installed")
    assert FULL_NAME in text
    assert "Kryštof" in text and "Poradna Na Rozcestí" in text
    # the client prefers Ukrainian: the headings are Ukrainian
    assert "Ваші персональні дані" in text
    assert AuditEntry.objects.filter(action="export", client_id=full_client.uuid,
                                     changes=["subject_access.pdf"]).exists()


def test_only_the_lead_exports_and_other_offices_get_404(full_client, web_adviser_a,
                                                         web_adviser_b, housing_officer_a):
    from tests.conftest import _logged_in

    officer = _logged_in(housing_officer_a)
    for kind in ("json", "pdf"):
        for http in (web_adviser_a, web_adviser_b, officer):
            assert http.get(_url(full_client, kind)).status_code == 404
    assert web_adviser_b.get(f"/staff/privacy/clients/{full_client.uuid}/").status_code == 404


def test_privacy_page_links_to_exports_and_the_forms_for_rectification(web_lead_a,
                                                                       full_client):
    page = web_lead_a.get(f"/staff/privacy/clients/{full_client.uuid}/").content.decode()
    assert f"/staff/clients/{full_client.uuid}/edit/" in page
    assert _url(full_client, "pdf") + "?lang=uk" in page
    detail = web_lead_a.get(f"/staff/clients/{full_client.uuid}/").content.decode()
    assert f"/staff/privacy/clients/{full_client.uuid}/" in detail
