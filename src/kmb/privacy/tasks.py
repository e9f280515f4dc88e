"""The retention job as a background task (``manage.py db_worker`` runs it)."""

from __future__ import annotations

from django_tasks import task


@task()
def retention_daily() -> dict[str, int]:
    """Same as ``manage.py privacy_retention``: enqueue it once a day from a scheduler."""
    from kmb.privacy.services import retention_run

    return retention_run()
