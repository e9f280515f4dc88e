"""Register letters on the client's timeline."""

from __future__ import annotations

from kmb.cases.timeline import TimelineSource, rows_of, timeline_register
from kmb.core.permissions import Perm

KIND = "register_letter"


def register() -> None:
    from kmb.register.models import Letter

    timeline_register(TimelineSource(
        kind=KIND,
        rows=lambda client: rows_of(Letter.objects.filter(procedure__client=client), KIND,
                                    "created_at"),
        load=_load,
        template="register/timeline/letter.html",
        # letters of the statutory procedure, for everyone who follows it (the register
        # officer too): they hold no advice notes
        perm=Perm.REGISTER_VIEW,
        load_restricted=_load,
    ))


def _load(pks):
    from kmb.register.models import Letter

    return Letter.objects.select_related("procedure", "signed_by").defer("content").in_bulk(pks)
