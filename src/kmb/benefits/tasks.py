"""Background tasks of the benefits estimator (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_batch(*, batch_id: str) -> None:
    """Estimate every household of a batch, vectorised, updating the progress row."""
    from kmb.benefits.batch import batch_run

    batch_run(batch_id=batch_id)
