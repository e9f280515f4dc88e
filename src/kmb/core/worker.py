"""Crash recovery for the background worker (``manage.py db_worker``).

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again:
a worker killed mid-task (power cut, out of memory, SIGKILL) leaves the task RUNNING for
ever. Here each worker keeps a heartbeat row fresh (every ``KMB_WORKER_HEARTBEAT_SECONDS``);
a RUNNING task whose worker has not been seen for ``KMB_WORKER_LEASE_SECONDS`` was
abandoned. It is queued again, up to ``KMB_TASK_MAX_ATTEMPTS`` runs in all, then marked
failed. The apps whose tasks need to react (a benefits batch shows that it was
interrupted) register a handler with :func:`on_task_lost`.

Tasks must therefore be safe to run again: each checks what an earlier run has done.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kmb.core.models import WorkerHeartbeat

logger = logging.getLogger("kmb.worker")

LOST_EXCEPTION = "kmb.core.worker.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task stopped without finishing it."""


@dataclass(frozen=True)
class LostTask:
    task_path: str
    kwargs: dict
    attempts: int
    final: bool  # True: marked failed; False: queued to run again


_handlers: dict[str, list[Callable[[LostTask], None]]] = {}


def on_task_lost(task_path: str) -> Callable:
    """Register ``handler(lost: LostTask)`` for abandoned runs of the task at ``task_path``."""
    def register(handler: Callable[[LostTask], None]) -> Callable[[LostTask], None]:
        _handlers.setdefault(task_path, []).append(handler)
        return handler
    return register


# --- heartbeat --------------------------------------------------------------------------

def heartbeat_beat(*, worker_id: str) -> None:
    """Record that the worker is alive (creating its row on the first beat)."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(worker_id=worker_id, pid=os.getpid(),
                                       host=socket.gethostname()[:255], started_at=now,
                                       seen_at=now)


def heartbeat_end(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _alive_worker_ids(now) -> set[str]:
    since = now - timedelta(seconds=settings.KMB_WORKER_LEASE_SECONDS)
    return set(WorkerHeartbeat.objects.filter(seen_at__gte=since)
               .values_list("worker_id", flat=True))


# --- recovery ---------------------------------------------------------------------------

def tasks_recover_abandoned() -> int:
    """Queue again (or fail) RUNNING tasks whose worker is gone; how many were found."""
    now = timezone.now()
    lease = timedelta(seconds=settings.KMB_WORKER_LEASE_SECONDS)
    alive = _alive_worker_ids(now)
    found = 0
    candidates = DBTaskResult.objects.running().filter(started_at__lt=now - lease)
    for result in candidates.only("id", "worker_ids", "task_path", "args_kwargs",
                                  "started_at"):
        owner = result.worker_ids[-1] if result.worker_ids else None
        if owner in alive:
            continue
        if _recover(result, now=now):
            found += 1
    _forget_dead_workers(now)
    return found


def _recover(result: DBTaskResult, *, now) -> bool:
    attempts = len(result.worker_ids)
    final = attempts >= settings.KMB_TASK_MAX_ATTEMPTS
    with transaction.atomic():
        # Only if nobody else recovered it meanwhile (same claim, still running).
        still = DBTaskResult.objects.filter(pk=result.pk, status="RUNNING",
                                            started_at=result.started_at)
        if final:
            changed = still.update(
                status="FAILED", finished_at=now, exception_class_path=LOST_EXCEPTION,
                traceback=f"{LOST_EXCEPTION}: the worker stopped during the run "
                          f"(attempt {attempts} of {settings.KMB_TASK_MAX_ATTEMPTS}).")
        else:
            changed = still.update(status="READY")
        if not changed:
            return False
        lost = LostTask(task_path=result.task_path,
                        kwargs=dict((result.args_kwargs or {}).get("kwargs") or {}),
                        attempts=attempts, final=final)
        for handler in _handlers.get(result.task_path, []):
            handler(lost)
    logger.warning("Task %s was abandoned by its worker; %s.", result.pk,
                   "marked failed" if final else "queued again")
    return True


def _forget_dead_workers(now) -> None:
    """Rows of workers silent for a day are of no further use."""
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()


# --- the thread inside each worker ------------------------------------------------------

HOUSEKEEPING_SECONDS = 600


def housekeeping() -> None:
    """Tidy what the worker's own machinery keeps: old outgoing mail."""
    from kmb.core.mail import mail_prune

    mail_prune()


class Heartbeat(threading.Thread):
    """Beats every ``KMB_WORKER_HEARTBEAT_SECONDS`` and looks for abandoned tasks."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="kmb-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        from kmb.core.jobs import daily_jobs_claim

        interval = settings.KMB_WORKER_HEARTBEAT_SECONDS
        tidied = 0.0
        while True:
            try:
                close_old_connections()
                heartbeat_beat(worker_id=self.worker_id)
                tasks_recover_abandoned()
                daily_jobs_claim(worker_id=self.worker_id)
                if time.monotonic() - tidied > HOUSEKEEPING_SECONDS:
                    housekeeping()
                    tidied = time.monotonic()
            except Exception:  # a busy database must not stop the heartbeat for good
                logger.exception("Worker heartbeat failed; trying again.")
            if self.stopped.wait(interval):
                break
        connection.close()

    def stop(self) -> None:
        self.stopped.set()
