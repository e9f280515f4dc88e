"""Letters and status changes of municipal flat applications on the client timeline."""

from __future__ import annotations

from kmb.cases.timeline import TimelineSource, rows_of, timeline_register
from kmb.core.permissions import Perm


def _letter_rows(client):
    from kmb.lettings.models import Letter

    return rows_of(Letter.objects.filter(application__client=client), "lettings_letter",
                   "created_at")


def _letter_load(pks):
    from kmb.lettings.models import Letter

    return Letter.objects.select_related("application__programme").in_bulk(pks)


def _status_rows(client):
    from kmb.lettings.models import StatusChange

    return rows_of(StatusChange.objects.filter(application__client=client),
                   "lettings_status", "at")


def _status_load(pks):
    from kmb.lettings.models import StatusChange

    return StatusChange.objects.select_related("application__programme").in_bulk(pks)


def register() -> None:
    from kmb.lettings import tasks  # noqa: F401  (registers what to do when a run is lost)

    timeline_register(TimelineSource(kind="lettings_letter", rows=_letter_rows,
                                     load=_letter_load,
                                     template="lettings/timeline/letter.html",
                                     perm=Perm.LETTINGS_VIEW, load_restricted=_letter_load))
    timeline_register(TimelineSource(kind="lettings_status", rows=_status_rows,
                                     load=_status_load,
                                     template="lettings/timeline/status.html",
                                     perm=Perm.LETTINGS_VIEW, load_restricted=_status_load))
