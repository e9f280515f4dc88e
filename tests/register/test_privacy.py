"""The register's records in the subject access export, and erasure refused while the
records rules keep them (legal obligation, not consent)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from kmb.cases.models import Client
from kmb.register import services
from tests.register.conftest import membership

pytestmark = pytest.mark.django_db


def _procedure(officer, client):
    day = timezone.localdate() - timedelta(days=2)
    procedure = services.procedure_file(membership=membership(officer), actor=officer,
                                        client=client, path="need", channel="paper",
                                        filed_on=day)
    services.procedure_step(membership=membership(officer), actor=officer,
                            procedure=procedure, action_code="request_remedy", on=day,
                            version=procedure.version, data={"note": "chybí podpis"})
    return procedure


def test_export_holds_the_procedure_its_steps_and_letters(web_lead_a, officer_a, client_a):
    procedure = _procedure(officer_a, client_a)
    response = web_lead_a.get(f"/staff/privacy/clients/{client_a.uuid}/export.json?lang=cs")
    section = json.loads(response.content)["sections"]["register"]
    assert "povinnosti" in section["note"]  # legal obligation, not consent
    item = section["items"][0]
    assert item["filed_on"] == procedure.filed_on.isoformat()
    assert [s["step"] for s in item["Kroky"]][:2] == ["Žádost podána",
                                                      "Výzva k odstranění nedostatků; "
                                                      "řízení přerušeno"]
    letter = procedure.letters.get()
    assert item["Písemnosti"][0]["reference"] == letter.reference
    assert item["Písemnosti"][0]["sha256"] == letter.sha256


def test_erasure_is_refused_while_the_procedure_runs(web_lead_a, officer_a, client_a):
    _procedure(officer_a, client_a)
    page = web_lead_a.post(f"/staff/privacy/clients/{client_a.uuid}/erase/", {
        "ground": "consent_withdrawn", "reason": "Klientka odvolala souhlas.",
        "requested_on": timezone.localdate().isoformat(), "confirm": "1"}).content.decode()
    assert "Probíhá řízení o zápisu do evidence" in page
    assert Client.objects.get(pk=client_a.pk).last_name == "Nováková"


def test_the_hold_lasts_the_retention_period_after_the_end(officer_a, client_a):
    from kmb.register.privacy import client_register_hold

    procedure = _procedure(officer_a, client_a)
    assert client_register_hold(client=client_a)
    procedure.state, procedure.ended_on = "ended", date(2010, 1, 1)
    procedure.save()
    assert client_register_hold(client=client_a) is None  # ten years have passed
