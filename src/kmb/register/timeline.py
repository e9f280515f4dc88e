"""Register letters on the client's timeline."""

from __future__ import annotations

from kmb.cases.timeline import TimelineSource, rows_of, timeline_register

KIND = "register_letter"


def register() -> None:
    from kmb.register.models import Letter

    timeline_register(TimelineSource(
        kind=KIND,
        rows=lambda client: rows_of(Letter.objects.filter(procedure__client=client), KIND,
                                    "created_at"),
        load=lambda pks: Letter.objects.select_related("procedure", "signed_by")
        .defer("content").in_bulk(pks),
        template="register/timeline/letter.html",
    ))
