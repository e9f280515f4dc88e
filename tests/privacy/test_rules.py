"""Focused rules of erasure and retention."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kmb.audit.models import AuditEntry, field_names_only
from kmb.cases import services as case_services
from kmb.cases.models import Client, OnlineRequest
from kmb.privacy import services
from kmb.privacy.models import RetentionReview

pytestmark = pytest.mark.django_db
PRAGUE = ZoneInfo("Europe/Prague")


@pytest.mark.parametrize("changes, names", [
    (["phone", "email"], ["phone", "email"]),
    ({"phone": ["+420 1", "+420 2"]}, ["phone"]),
    ([["phone", "+420 1", "+420 2"]], ["phone"]),
    ([{"field": "email", "old": "a@b.cz"}], ["email"]),
    ("free text", []),
])
def test_audit_changes_reduced_to_field_names(changes, names):
    assert field_names_only(changes) == names


def test_merged_records_are_erased_with_the_surviving_client(cp_a, adviser_a, lead_a):
    source = case_services.client_create(contact_point=cp_a, actor=adviser_a,
                                         data={"first_name": "Pavla", "last_name": "Dvojí"})
    target = case_services.client_create(contact_point=cp_a, actor=adviser_a,
                                         data={"first_name": "Pavla", "last_name": "Dvojí",
                                               "phone": "+420 777 123 456"})
    case_services.client_merge(source=source, target=target, actor=lead_a)
    services.client_anonymise(client=target, actor=lead_a, ground="no_longer_needed",
                              reason="Případ uzavřen, údaje nejsou potřeba.")
    assert not Client.objects.filter(last_name="Dvojí").exists()
    assert AuditEntry.objects.filter(client_id=source.uuid, changes__isnull=False).exists()


def test_erasure_needs_a_ground_and_a_reason(client_a, lead_a):
    from kmb.cases.errors import DomainError

    for ground, reason in (("", "důvod"), ("objection", "  ")):
        with pytest.raises(DomainError):
            services.client_anonymise(client=client_a, actor=lead_a, ground=ground,
                                      reason=reason)
    assert Client.objects.get(pk=client_a.pk).last_name == "Nováková"


def test_anonymised_clients_are_not_listed_again_and_old_requests_are_blanked(cp_a, adviser_a,
                                                                              lead_a):
    with time_machine.travel(datetime(2020, 1, 10, 9, tzinfo=PRAGUE), tick=False):
        client = case_services.client_create(contact_point=cp_a, actor=adviser_a,
                                             data={"last_name": "Odešlá"})
        request = case_services.online_request_create(
            contact_point=cp_a, name="Petr z Letné", contact_method="phone",
            phone="+420 777 000 999", consent_text="souhlas", message="Hrozí mi vystěhování.")
        case_services.online_request_set_status(request=request, actor=adviser_a,
                                                status="contacted")
        fresh = case_services.online_request_create(
            contact_point=cp_a, name="Nová žádost", contact_method="phone",
            phone="+420 777 000 111", consent_text="souhlas")
    services.client_anonymise(client=client, actor=lead_a, ground="no_longer_needed",
                              reason="Klient požádal o výmaz.")
    with time_machine.travel(datetime(2025, 6, 1, 9, tzinfo=PRAGUE), tick=False):
        report = services.retention_run()
    assert report["listed"] == 0 and report["online_requests"] == 1
    assert not RetentionReview.objects.exists()
    request.refresh_from_db()
    assert (request.name, request.phone, request.message) == ("–", "", "")
    assert OnlineRequest.objects.get(pk=fresh.pk).name == "Nová žádost"  # still waiting
