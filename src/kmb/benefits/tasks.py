"""Background tasks of the benefits estimator (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from kmb.core.worker import LostTask, on_task_lost


@task()
def run_batch(*, batch_id: str) -> None:
    """Estimate every household of a batch, vectorised, updating the progress row."""
    from kmb.benefits.batch import batch_run

    batch_run(batch_id=batch_id)


@on_task_lost("kmb.benefits.tasks.run_batch")
def _batch_lost(lost: LostTask) -> None:
    from kmb.benefits.batch import batch_interrupted

    batch_interrupted(batch_id=lost.kwargs.get("batch_id", ""), final=lost.final)
