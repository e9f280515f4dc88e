"""Referrals on the client timeline (registered when the app is ready)."""

from __future__ import annotations

from django.db.models import Q

from kmb.cases.timeline import TimelineSource, rows_of, timeline_register


def _rows(client):
    from kmb.network.models import Referral

    # referrals of records merged into this client count as the client's
    return rows_of(Referral.objects.filter(Q(client=client) | Q(client__merged_into=client)),
                   "referral", "created_at")


def _load(pks):
    from kmb.network.models import Referral

    return (Referral.objects.select_related("service__organization", "created_by")
            .prefetch_related("events").in_bulk(pks))


def register() -> None:
    timeline_register(TimelineSource(kind="referral", rows=_rows, load=_load,
                                     template="network/timeline/referral.html"))
