"""Background tasks of the municipal flats (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from kmb.core.worker import LostTask, on_task_lost


@task()
def run_scoring(*, run_id: str) -> None:
    """Score every open application of a programme by the rules of the run."""
    from kmb.lettings.services import scoring_run_execute

    scoring_run_execute(run_id=run_id)


@on_task_lost("kmb.lettings.tasks.run_scoring")
def _scoring_lost(lost: LostTask) -> None:
    from kmb.lettings.services import scoring_run_interrupted

    scoring_run_interrupted(run_id=lost.kwargs.get("run_id", ""), final=lost.final)
