"""The partner network demo data on top of the core demo."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from kmb.network.demo import CITIES, seed_network_demo
from kmb.network.models import Organization, PartnerContact, Referral, Service

pytestmark = pytest.mark.django_db


def test_demo_network_is_realistic_and_idempotent():
    call_command("seed_demo", clients=60, stdout=io.StringIO(), verbosity=0)
    out = io.StringIO()
    seed_network_demo(stdout=out)
    counts = {c.municipality: len(c.partners) for c in CITIES}
    for city in ("Praha", "Brno", "Liberec", "Plzeň"):
        assert counts[city] >= 12
    for city in ("Most", "Písek", "Chomutov", "Moravská Třebová", "Otrokovice", "Rumburk",
                 "Staré Křečany"):
        assert 1 <= counts[city] < 12
    assert Organization.objects.count() == sum(counts.values())
    assert Service.objects.filter(capacity="").count() == 0
    assert not PartnerContact.objects.exclude(email__endswith=".example.cz").exists()
    assert not Organization.objects.exclude(email__endswith=".example.cz").exists()
    statuses = dict(Referral.objects.values_list("status").annotate(n=Count("id")))
    assert statuses.get("pending") and statuses.get("got_help") and statuses.get("expired")
    assert statuses.get("declined") and statuses.get("appointment_set")
    before = (Organization.objects.count(), Referral.objects.count())
    seed_network_demo(stdout=out)
    assert (Organization.objects.count(), Referral.objects.count()) == before
    assert "already loaded" in out.getvalue()
