"""Two advisers reserving the same flat at the same moment: one wins, the other is told."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from kmb.cases.errors import ConflictError
from kmb.housing import services
from kmb.housing.models import Flat, FlatStatus, Proposal
from tests.housing import factories as hf


@pytest.mark.django_db(transaction=True)
def test_two_advisers_propose_the_same_flat_at_once(cp_a, adviser_a, housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    clients = [hf.household_client(cp_a, adviser_a), hf.household_client(cp_a, adviser_a)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def propose(client) -> None:
        mine = Flat.objects.get(pk=flat.pk)  # each adviser loaded the page before
        start.wait()
        try:
            services.proposal_create(flat=mine, client=client, actor=adviser_a)
            outcomes.append("won")
        except ConflictError as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=propose, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes, key=len)[0] == "won" and outcomes.count("won") == 1, outcomes
    assert Proposal.objects.count() == 1
    assert Flat.objects.get(pk=flat.pk).status == FlatStatus.RESERVED
