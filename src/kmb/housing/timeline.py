"""Proposals and leases on the client timeline (registered when the app is ready)."""

from __future__ import annotations

from kmb.cases.timeline import TimelineSource, rows_of, timeline_register
from kmb.core.permissions import Perm


def _rows(client):
    from kmb.housing.models import ProposalEvent

    return rows_of(ProposalEvent.objects.filter(proposal__client=client), "housing_proposal",
                   "at")


def _load(pks):
    from kmb.housing.models import ProposalEvent

    return (ProposalEvent.objects.select_related("proposal__flat__municipality")
            .in_bulk(pks))


def register() -> None:
    # proposals are the housing officer's work: shown to whoever sees the housing supply
    timeline_register(TimelineSource(kind="housing_proposal", rows=_rows, load=_load,
                                     template="housing/timeline/proposal.html",
                                     perm=Perm.HOUSING_VIEW, load_restricted=_load))
