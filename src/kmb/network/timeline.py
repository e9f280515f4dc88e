"""Referrals on the client timeline (registered when the app is ready)."""

from __future__ import annotations

from kmb.cases.timeline import TimelineSource, rows_of, timeline_register


def _rows(client):
    from kmb.cases.models import Client
    from kmb.network.models import Referral

    # referrals of records merged into this client count as the client's; the ids are
    # read first so that both parts use the index on the referral's client
    merged = Client.objects.filter(merged_into=client).values_list("pk", flat=True)
    return rows_of(Referral.objects.filter(client_id__in=[client.pk, *merged]),
                   "referral", "created_at")


def _load(pks):
    from kmb.network.models import Referral

    return (Referral.objects.select_related("service__organization", "created_by")
            .prefetch_related("events").in_bulk(pks))


def register() -> None:
    timeline_register(TimelineSource(kind="referral", rows=_rows, load=_load,
                                     template="network/timeline/referral.html"))
