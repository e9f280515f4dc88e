"""Past estimates on the client's timeline."""

from __future__ import annotations

from kmb.cases.timeline import TimelineSource, rows_of, timeline_register

KIND = "benefit_estimate"


def register() -> None:
    from kmb.benefits.models import BenefitEstimate

    timeline_register(TimelineSource(
        kind=KIND,
        rows=lambda client: rows_of(BenefitEstimate.objects.filter(client=client), KIND,
                                    "created_at"),
        load=lambda pks: BenefitEstimate.objects.select_related("created_by", "client")
        .defer("inputs", "outputs").in_bulk(pks),
        template="benefits/timeline/estimate.html",
    ))
