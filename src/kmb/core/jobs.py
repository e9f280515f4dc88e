"""Daily jobs run by the background workers, once a day however many workers run.

The jobs are named in the setting ``KMB_DAILY_JOBS`` (name → the dotted path of a
function without arguments and the local time from which it is due). Every worker looks
at each heartbeat whether a job is due today; the first to insert the day's
:class:`~kmb.core.models.DailyJobRun` row (unique per job and day: the lock in the
database) queues the job as a task, so it runs once on one worker. A job missed while no
worker ran is run as soon as one starts. A worker killed in the middle of a job leaves its
task to be run again by the crash recovery of :mod:`kmb.core.worker`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from kmb.core.models import DailyJobRun

logger = logging.getLogger("kmb.jobs")


@dataclass(frozen=True)
class DailyJob:
    name: str
    call: str
    at: time


def daily_jobs() -> list[DailyJob]:
    return [DailyJob(name=name, call=spec["call"], at=time.fromisoformat(spec.get("at", "00:00")))
            for name, spec in settings.KMB_DAILY_JOBS.items()]


def daily_jobs_claim(*, worker_id: str, now: datetime | None = None) -> list[str]:
    """Claim and queue the jobs due today that no worker has claimed; their names."""
    local = timezone.localtime(now or timezone.now())
    today = local.date()
    due = [job for job in daily_jobs() if local.time() >= job.at]
    if not due:
        return []
    taken = set(DailyJobRun.objects.filter(day=today, job__in=[j.name for j in due])
                .values_list("job", flat=True))
    claimed = []
    for job in due:
        if job.name in taken:
            continue
        try:
            with transaction.atomic():
                DailyJobRun.objects.create(job=job.name, day=today, worker_id=worker_id[:64])
                transaction.on_commit(lambda name=job.name: daily_job_run.enqueue(
                    name=name, day=today.isoformat()))
        except IntegrityError:  # another worker was first
            continue
        claimed.append(job.name)
    return claimed


@task()
def daily_job_run(*, name: str, day: str) -> Any:
    """Run one claimed daily job and record when it finished and what it reported."""
    job = next((j for j in daily_jobs() if j.name == name), None)
    if job is None:
        logger.warning("Daily job %s is no longer configured; skipped.", name)
        return None
    # what the job reported, as JSON can hold it (dates and the like as text)
    result = json.loads(json.dumps(import_string(job.call)(), default=str))
    DailyJobRun.objects.filter(job=name, day=date.fromisoformat(day)).update(
        finished_at=timezone.now(), result=result)
    return result
