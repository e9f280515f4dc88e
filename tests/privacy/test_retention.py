"""The retention schedule and the daily job, with a frozen clock."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from kmb.audit.models import AuditEntry
from kmb.cases import services as case_services
from kmb.cases.models import Client
from kmb.privacy.models import RetentionReview
from tests import factories

pytestmark = pytest.mark.django_db
PRAGUE = ZoneInfo("Europe/Prague")


def _at(*args) -> datetime:
    return datetime(*args, 9, 0, tzinfo=PRAGUE)


def _client(cp, actor, name: str) -> Client:
    return case_services.client_create(contact_point=cp, actor=actor,
                                       data={"first_name": name, "last_name": "Dlouhá"})


def _run(day: str) -> str:
    out = StringIO()
    call_command("privacy_retention", stdout=out)
    return out.getvalue()


def test_due_clients_are_listed_then_anonymised_after_the_review_period(
        cp_a, adviser_a, web_lead_a):
    with time_machine.travel(_at(2020, 3, 1), tick=False):
        old = _client(cp_a, adviser_a, "Stará")
        postponed = _client(cp_a, adviser_a, "Odložená")
        approved = _client(cp_a, adviser_a, "Schválená")
    with time_machine.travel(_at(2024, 6, 1), tick=False):
        recent = _client(cp_a, adviser_a, "Nedávná")

    with time_machine.travel(_at(2025, 3, 2), tick=False):
        assert "listed=3" in _run("")
        assert RetentionReview.objects.filter(status="due").count() == 3
        page = web_lead_a.get("/staff/privacy/retention/").content.decode()
        assert "Stará" in page and "Nedávná" not in page
        web_lead_a.post(f"/staff/privacy/retention/{postponed.uuid}/",
                        {"action": "postpone", "until": "2026-01-01",
                         "reason": "Klientka se má vrátit."})
        web_lead_a.post(f"/staff/privacy/retention/{approved.uuid}/", {"action": "approve"})

    with time_machine.travel(_at(2025, 3, 3), tick=False):
        assert "anonymised=1" in _run("")  # only the approved one, at once
    assert Client.objects.get(pk=approved.pk).first_name == ""
    assert Client.objects.get(pk=old.pk).first_name == "Stará"

    with time_machine.travel(_at(2025, 4, 2), tick=False):  # 31 days on the list
        assert "anonymised=1" in _run("")
    assert Client.objects.get(pk=old.pk).first_name == ""
    assert Client.objects.get(pk=postponed.pk).first_name == "Odložená"
    assert Client.objects.get(pk=recent.pk).first_name == "Nedávná"
    job_entries = AuditEntry.objects.filter(client_id=old.uuid, actor_label="retention job")
    assert any("anonymised" in e.changes for e in job_entries)
    assert AuditEntry.objects.filter(client_id=postponed.uuid, actor__username="vedouci.a",
                                     changes=["postponed_until", "reason", "status"]).exists()


def test_new_activity_takes_a_client_off_the_list(cp_a, adviser_a):
    with time_machine.travel(_at(2020, 3, 1), tick=False):
        client = _client(cp_a, adviser_a, "Vrátivší")
    with time_machine.travel(_at(2025, 3, 2), tick=False):
        _run("")
    with time_machine.travel(_at(2025, 3, 10), tick=False):
        factories.ConsultationFactory(client=client, adviser=adviser_a)
        client.save()  # the consultation service moves the client's clock
    with time_machine.travel(_at(2025, 4, 15), tick=False):
        assert "withdrawn=1" in _run("")
    assert Client.objects.get(pk=client.pk).first_name == "Vrátivší"


def test_postponing_needs_a_future_date_and_a_reason(cp_a, adviser_a, web_lead_a):
    with time_machine.travel(_at(2020, 3, 1), tick=False):
        client = _client(cp_a, adviser_a, "Bez důvodu")
    with time_machine.travel(_at(2025, 3, 2), tick=False):
        _run("")
        web_lead_a.post(f"/staff/privacy/retention/{client.uuid}/",
                        {"action": "postpone", "until": "2025-01-01", "reason": ""})
    assert RetentionReview.objects.get(client=client).status == "due"


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_runs_in_the_background_worker(cp_a, adviser_a):
    from kmb.privacy.tasks import retention_daily
    from tests.conftest import run_background_tasks
    from tests.privacy.conftest import ensure_privacy_parameters

    ensure_privacy_parameters()
    with time_machine.travel(_at(2019, 1, 5), tick=False):
        client = _client(cp_a, adviser_a, "Úloha")
    retention_daily.enqueue()
    run_background_tasks()
    assert RetentionReview.objects.filter(client=client, status="due").exists()
