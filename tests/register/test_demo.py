"""The register demo: procedures in every state, made through the services, once."""

from __future__ import annotations

import pytest

from kmb.register.demo import SCENARIOS, seed_register_demo
from kmb.register.models import Letter, Procedure, State
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_including_an_appeal_and_runs_once(cp_a, housing_officer_a):
    from tests.housing import factories as hf

    flat = hf.flat(cp_a, housing_officer_a)  # the housing demo runs first
    for n in range(len(SCENARIOS)):
        factories.ClientFactory(contact_point=cp_a, last_name=f"Demo{n}")
    seed_register_demo()
    states = set(Procedure.objects.values_list("state", flat=True))
    assert states == set(State.values)
    assert Procedure.objects.filter(steps__action="record_appeal").count() == 2
    assert Procedure.objects.filter(path="assistance", state="entered").exists()
    letters = Letter.objects.count()
    assert letters >= 10
    assert Letter.objects.filter(reference__startswith="UMCP7/KMB/").count() == letters
    from kmb.register.models import SupportMeasure

    assert SupportMeasure.objects.get(kind="guaranteed_tenancy").flat == flat
    assert SupportMeasure.objects.filter(kind="assistance").count() == 2
    seed_register_demo()
    # the scenarios and one application filed on the portal, still waiting
    assert Procedure.objects.count() == len(SCENARIOS) + 1 and Letter.objects.count() == letters
    portal = Procedure.objects.get(channel="portal")
    assert portal.state == State.FILED and portal.client.preferred_language == "uk"
    from kmb.register.models import LetterText

    assert LetterText.objects.get().version == 1
