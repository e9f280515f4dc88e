"""``manage.py db_worker``: django-tasks-db's worker with a heartbeat and crash recovery.

Besides running queued tasks, each worker reports that it is alive and queues again the
tasks that a dead worker left running (see :mod:`kmb.core.worker`).
"""

from __future__ import annotations

from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from kmb.core.worker import Heartbeat, heartbeat_beat, heartbeat_end, tasks_recover_abandoned


class Command(DbWorkerCommand):
    help = "Run the background worker (with a heartbeat; abandoned tasks are run again)."

    def handle(self, *args, worker_id: str, **options) -> None:
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            # Tests that run the worker in their own process: no second connection to
            # an in-memory database, so beat and recover once in this thread.
            heartbeat_beat(worker_id=worker_id)
            tasks_recover_abandoned()
            try:
                super().handle(*args, worker_id=worker_id, **options)
            finally:
                heartbeat_end(worker_id=worker_id)
            return
        heartbeat = Heartbeat(worker_id)
        heartbeat_beat(worker_id=worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
            heartbeat_end(worker_id=worker_id)
