"""Abandoned tasks are found by their worker's missing heartbeat: run again, or marked
failed with the benefits batch saying so and offering a restart."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client as HttpClient
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from kmb.benefits import batch as batch_service
from kmb.benefits.models import BatchStatus, BenefitBatchRow
from kmb.core.models import WorkerHeartbeat
from kmb.core.worker import heartbeat_beat, tasks_recover_abandoned
from tests.benefits.test_pages import _clients_with_estimates

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(cp_a, adviser_a, analyst_a, django_capture_on_commit_callbacks):
    _clients_with_estimates(cp_a, adviser_a, 2)
    with django_capture_on_commit_callbacks(execute=True):
        created = batch_service.batch_create(
            contact_point=cp_a, actor=analyst_a, period="2026-11", recent_days=30,
            rent_change_percent=Decimal(10), energy_change_percent=Decimal(0),
            income_change_percent=Decimal(0))
    return created


def _claimed_by(worker_id: str, *, minutes_ago: int = 5) -> DBTaskResult:
    """The batch's task as a worker left it: RUNNING, claimed some minutes ago."""
    task = DBTaskResult.objects.get()
    task.claim(worker_id)
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago))
    return task


def test_a_task_of_a_live_worker_is_left_alone(batch, settings):
    heartbeat_beat(worker_id="alive")
    _claimed_by("alive")
    assert tasks_recover_abandoned() == 0
    assert DBTaskResult.objects.get().status == "RUNNING"


def test_a_task_of_a_dead_worker_runs_again(batch, settings):
    settings.KMB_WORKER_LEASE_SECONDS = 60
    heartbeat_beat(worker_id="dead")
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=2))
    batch_service.BenefitBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    _claimed_by("dead")
    assert tasks_recover_abandoned() == 1
    assert DBTaskResult.objects.get().status == "READY"
    batch.refresh_from_db()
    assert batch.status == BatchStatus.QUEUED and batch.error == "interrupted"
    with translation.override("en"):
        assert "worker stopped" in batch.error_message
    with translation.override("cs"):
        assert "Proces na pozadí se během výpočtu zastavil" in batch.error_message


def test_after_the_last_attempt_the_batch_fails_and_can_be_restarted(batch, analyst_a,
                                                                     settings,
                                                                     django_capture_on_commit_callbacks):
    settings.KMB_TASK_MAX_ATTEMPTS = 2
    _claimed_by("first")
    _claimed_by("second")  # no heartbeat rows at all: both are gone
    BenefitBatchRow.objects.create(batch=batch, number=1, members=1, children=0, district="",
                                   housing_type="", tenure="", dssp_before=0, dssp_after=0,
                                   housing_after=0, living_after=0, child_bonus_after=0,
                                   work_bonus_after=0, reliable=True)
    assert tasks_recover_abandoned() == 1
    task = DBTaskResult.objects.get()
    assert task.status == "FAILED" and task.exception_class_path.endswith("WorkerLost")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and batch.can_restart

    web = HttpClient()
    web.force_login(analyst_a, backend="django.contrib.auth.backends.ModelBackend")
    page = web.get(f"/staff/benefits/batches/{batch.uuid}/").content.decode()
    assert 'id="batch-error"' in page and 'id="batch-restart"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(f"/staff/benefits/batches/{batch.uuid}/restart/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.QUEUED and not batch.rows.exists()
    queued = DBTaskResult.objects.filter(status="READY")
    assert queued.count() == 1
    batch_service.batch_run(**queued.get().args_kwargs["kwargs"])
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.rows.count() == 2


def test_only_a_failed_batch_can_be_restarted(batch, analyst_a):
    web = HttpClient()
    web.force_login(analyst_a, backend="django.contrib.auth.backends.ModelBackend")
    web.post(f"/staff/benefits/batches/{batch.uuid}/restart/")
    assert DBTaskResult.objects.count() == 1  # nothing new queued
    assert web.get(f"/staff/benefits/batches/{batch.uuid}/restart/").status_code == 405


def test_a_rerun_replaces_the_rows_of_the_cut_off_run(batch):
    batch_service.batch_run(batch_id=str(batch.uuid))
    batch_service.BenefitBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    batch_service.batch_run(batch_id=str(batch.uuid))  # as if the first run had died
    assert batch.rows.count() == 2
