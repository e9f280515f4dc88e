"""Erasure on request (GDPR art. 17): personal data gone, statistics and audit kept."""

from __future__ import annotations

import json

import pytest

from kmb.audit.models import AuditEntry
from kmb.benefits.models import BenefitEstimate
from kmb.cases.models import Client, Consultation, HouseholdMember, MaterialAid
from kmb.core.models import DomainEvent, OutgoingMail
from kmb.network.models import Referral, ReferralLink
from kmb.privacy import registry
from kmb.privacy.models import Anonymisation
from tests import factories
from tests.privacy.conftest import ADVICE, AID, LABEL, NEED

pytestmark = pytest.mark.django_db


def _erase(http, client, **extra):
    data = {"ground": "consent_withdrawn", "reason": "Klientka odvolala souhlas.",
            "requested_on": "2026-11-30", **extra}
    return http.post(f"/staff/privacy/clients/{client.uuid}/erase/", data)


def test_erasure_needs_a_confirmation_then_anonymises_only_that_client(
        web_lead_a, full_client, cp_a, adviser_a):
    other = factories.ClientFactory(contact_point=cp_a, first_name="Marie",
                                    last_name="Svobodová")
    AuditEntry.objects.create(action="update", object_type="cases.client",
                              object_id=str(full_client.uuid), client_id=full_client.uuid,
                              contact_point=cp_a, changes={"phone": ["+420 731 222 333", ""]})
    AuditEntry.objects.create(action="update", object_type="cases.client",
                              object_id=str(other.uuid), client_id=other.uuid,
                              contact_point=cp_a, changes={"phone": ["+420 600 000 000", ""]})
    events_before = DomainEvent.objects.filter(contact_point=cp_a).count()
    entries_before = AuditEntry.objects.filter(client_id=full_client.uuid).count()

    first = _erase(web_lead_a, full_client)
    assert first.status_code == 200 and "Yes, erase" in first.content.decode() or \
        "Ano, vymazat" in first.content.decode()
    assert not Anonymisation.objects.exists()  # not before the confirmation

    done = _erase(web_lead_a, full_client, confirm="1")
    assert done.status_code == 302
    client = Client.objects.get(pk=full_client.pk)
    assert (client.first_name, client.last_name, client.phone, client.email, client.street,
            client.birth_date) == ("", "", "", "", "", None)
    assert not HouseholdMember.objects.filter(household_id=client.household_id,
                                              first_name="Kryštof").exists()
    assert not Consultation.objects.filter(client=client, advice=ADVICE).exists()
    assert not MaterialAid.objects.filter(description=AID).exists()
    assert MaterialAid.objects.filter(consultation__client=client).count() == 1  # counted
    mail = OutgoingMail.objects.get(subject="–")
    assert (mail.body, mail.to) == ("", [])
    referral = Referral.objects.get(client=client)
    assert referral.need != NEED and referral.service_id  # to whom it went is kept
    assert not ReferralLink.objects.filter(referral=referral, revoked_at__isnull=True).exists()
    estimate = BenefitEstimate.objects.get(client=client)
    member = estimate.inputs["household"]["members"][0]
    assert member["label"] == "" and member["birth_date"] is None and member["age"] == 42
    assert LABEL not in json.dumps(estimate.outputs, ensure_ascii=False)
    assert estimate.dssp > 0  # the amounts stay for anonymous statistics

    # statistics: every event is still there (one more records the anonymisation)
    assert DomainEvent.objects.filter(contact_point=cp_a).exclude(
        kind="client.anonymised").count() == events_before
    # the audit trail is kept, its personal values gone, other clients' untouched
    entries = AuditEntry.objects.filter(client_id=full_client.uuid)
    assert entries.count() >= entries_before
    assert "731 222 333" not in json.dumps(list(entries.values_list("changes", flat=True)))
    assert entries.filter(changes=["phone"]).exists()
    assert AuditEntry.objects.filter(client_id=other.uuid,
                                     changes={"phone": ["+420 600 000 000", ""]}).exists()
    other.refresh_from_db()
    assert other.first_name == "Marie" and other.last_name == "Svobodová"
    record = Anonymisation.objects.get(client=client)
    assert record.performed_by.username == "vedouci.a"
    assert record.recipients == ["Poradna Na Rozcestí, z. ú."]
    # the export afterwards shows the skeleton, no names
    export = web_lead_a.get(f"/staff/privacy/clients/{client.uuid}/export.json")
    assert "Nováková" not in export.content.decode()


def test_audit_entries_stay_append_only_outside_the_erasure(full_client):
    with pytest.raises(RuntimeError):
        AuditEntry.objects.filter(client_id=full_client.uuid).update(changes=[])
    entry = AuditEntry.objects.filter(client_id=full_client.uuid).first()
    entry.changes = []
    with pytest.raises(RuntimeError):
        entry.save()


def test_erasure_refused_where_the_law_requires_keeping(web_lead_a, full_client):
    def open_procedure(*, client):
        return "Probíhá řízení o zápisu do evidence."

    registry.HOLDS.append(open_procedure)
    try:
        page = _erase(web_lead_a, full_client, confirm="1").content.decode()
    finally:
        registry.HOLDS.remove(open_procedure)
    assert "Probíhá řízení o zápisu do evidence." in page
    assert Client.objects.get(pk=full_client.pk).last_name == "Nováková"


def test_only_the_lead_erases(web_adviser_a, web_adviser_b, full_client):
    for http in (web_adviser_a, web_adviser_b):
        assert _erase(http, full_client, confirm="1").status_code == 404
    assert Client.objects.get(pk=full_client.pk).last_name == "Nováková"
