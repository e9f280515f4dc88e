"""The audit trail: recorded, visible to a lead, impossible to edit through the app."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kmb.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_views_are_audited_and_lead_sees_the_trail(web_adviser_a, web_lead_a, client_a):
    web_adviser_a.get(reverse("cases:client_detail", args=[client_a.uuid]))
    entry = AuditEntry.objects.get(client_id=client_a.uuid, action="view")
    assert entry.actor.username == "poradce.a"
    page = web_lead_a.get(reverse("cases:client_audit", args=[client_a.uuid]))
    assert page.status_code == 200
    assert entry.actor.display_name in page.content.decode()
    assert web_adviser_a.get(reverse("cases:client_audit", args=[client_a.uuid])).status_code == 404


def test_audit_entries_cannot_be_changed_or_deleted(web_adviser_a, client_a):
    web_adviser_a.get(reverse("cases:client_detail", args=[client_a.uuid]))
    entry = AuditEntry.objects.first()
    entry.action = "create"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    with pytest.raises(RuntimeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(RuntimeError):
        AuditEntry.objects.update(action="create")


def test_audit_records_field_names_not_values(web_adviser_a, client_a):
    web_adviser_a.post(reverse("cases:client_edit", args=[client_a.uuid]), {
        "first_name": "Jiřina", "last_name": "Nováková", "name_quality": "known",
        "birth_date_quality": "not_asked", "birth_number_quality": "not_asked",
        "phone": "777 999 888", "phone_quality": "known", "address_quality": "not_asked",
        "preferred_language": "cs", "version": client_a.version})
    entry = AuditEntry.objects.get(action="update")
    assert "phone" in entry.changes
    assert "777" not in str(entry.changes)
