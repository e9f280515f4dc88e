"""The volume generator: realistic, consistent with the services, the same for a seed."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Q

from kmb.audit.models import AuditEntry
from kmb.benefits.models import BenefitEstimate
from kmb.cases.models import Client, ClientSearchToken, Consultation, Task, TaskStatus
from kmb.cases.selectors import client_search
from kmb.core.models import District, DomainEvent, Municipality, MunicipalityPart, Region
from kmb.core.text import digits, fold, search_tokens
from kmb.demo.volume import SURNAMES, distribute, office_weights
from kmb.network.models import Referral

UNTIL = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def places(db):
    """Five towns with parts and postal codes (the seats are the towns with most parts)."""
    region = Region.objects.create(code="R1", name="Kraj")
    district = District.objects.create(code="D1", name="Okres", region=region)
    for n, (name, postal) in enumerate((("Praha", "11000"), ("Brno", "60200"),
                                        ("Ostrava", "70200"), ("Plzeň", "30100"),
                                        ("Liberec", "46001")), start=1):
        town = Municipality.objects.create(code=f"M{n}", name=name, district=district)
        for part in range(10 - n):
            MunicipalityPart.objects.create(code=f"P{n}-{part}", name=f"{name}-{part}",
                                            municipality=town, postal_codes=postal)


def _generate(seed: int = 7, clients: int = 600, consultations: int = 3000) -> None:
    call_command("generate_volume", clients=clients, consultations=consultations, seed=seed,
                 offices=4, until=UNTIL, verbosity=0)


def _snapshot() -> dict:
    return {
        "clients": list(Client.objects.order_by("uuid").values_list(
            "uuid", "first_name", "last_name", "birth_date", "phone", "name_search",
            "address_search", "housing_situation__code", "housing_loss_date",
            "contact_point__name")),
        "consultations": list(Consultation.objects.order_by("uuid").values_list(
            "uuid", "client__uuid", "occurred_at", "channel", "advice")),
        "events": sorted(DomainEvent.objects.values_list("id", "kind", "occurred_at")),
        "tasks": list(Task.objects.order_by("uuid").values_list("uuid", "status", "due_date")),
    }


def test_counts_and_consistency_with_the_services():
    _generate()
    assert Client.objects.count() == 600
    assert Consultation.objects.count() == 3000
    # tenancy: every consultation, task and referral of a client is of the client's office
    assert not Consultation.objects.filter(client__isnull=False).exclude(
        contact_point=F("client__contact_point")).exists()
    assert not Task.objects.exclude(contact_point=F("client__contact_point")).exists()
    assert not Referral.objects.exclude(contact_point=F("client__contact_point")).exists()
    # search keys exactly as the services fold them
    for client in Client.objects.select_related("municipality"):
        assert client.name_search == fold(" ".join(filter(None, [
            client.first_name, client.last_name, client.nickname])))
        municipality = client.municipality.name if client.municipality_id else ""
        assert client.address_search == fold(" ".join(filter(None, [
            client.street, client.postal_code, municipality])))
        assert client.phone_digits == digits(client.phone)[-9:]
    # search tokens exactly as Client.save writes them
    tokens = defaultdict(list)
    for client_id, cp_id, token in ClientSearchToken.objects.order_by("token").values_list(
            "client_id", "contact_point_id", "token"):
        tokens[client_id].append((cp_id, token))
    for client in Client.objects.all():
        assert tokens[client.pk] == ([(client.contact_point_id, t) for t in search_tokens(
            client.name_search, client.address_search)] if not client.merged_into_id else [])
    # one event per fact, with its own id
    kinds = Counter(DomainEvent.objects.values_list("kind", flat=True))
    assert kinds["client.created"] == 600
    assert kinds["consultation.recorded"] == 3000
    assert kinds["task.created"] == Task.objects.count()
    assert kinds["task.done"] == Task.objects.filter(status=TaskStatus.DONE).count()
    assert kinds["referral.created"] == Referral.objects.count() > 0
    assert kinds["benefit_estimate.recorded"] == BenefitEstimate.objects.count() > 0
    assert kinds["client.merged"] == Client.objects.filter(merged_into__isnull=False).count()
    event = DomainEvent.objects.filter(kind="consultation.recorded").first()
    assert set(event.data) == {"channel", "duration_minutes", "topics", "anonymous",
                               "housing_situation", "ethos", "housing_at_risk"}
    # an audit entry for every record created
    assert AuditEntry.objects.filter(object_type="cases.consultation",
                                     action="create").count() == 3000
    assert AuditEntry.objects.filter(object_type="cases.client", action="create").count() == 600


def test_realistic_shape():
    _generate(clients=1000, consultations=5000)
    per_office = list(Client.objects.values("contact_point").annotate(n=Count("id"))
                      .order_by("-n").values_list("n", flat=True))
    assert per_office == sorted(per_office, reverse=True)
    assert per_office[0] == Client.objects.filter(contact_point__email="kmb001@example.cz"
                                                  ).count()
    visits = sorted(Client.objects.annotate(n=Count("consultations")).values_list("n",
                                                                                   flat=True))
    assert visits[len(visits) // 2] <= 4 < visits[-1] // 3  # skewed: a few come very often
    assert Consultation.objects.filter(client__isnull=True).count() == 300  # 6 % anonymous
    surnames = Counter(Client.objects.exclude(last_name="").values_list("last_name", flat=True))
    male_form = {female: male for male, female in SURNAMES.items}
    families = Counter()
    for name, n in surnames.items():
        families[male_form.get(name, name)] += n
    assert [name for name, _n in families.most_common(3)].count("Novák") == 1
    assert any(any(ch in name for ch in "áčďéěíňóřšťúůýž") for name in surnames)
    # the search finds people whatever the diacritics typed
    office = Client.objects.filter(last_name="Nováková").first().contact_point
    found = client_search(contact_point=office, q="novakova")
    assert found.count() == Client.objects.filter(
        contact_point=office, last_name="Nováková", merged_into__isnull=True).count()
    assert json.loads(json.dumps(list(Client.objects.filter(
        Q(housing_at_risk=True)).values_list("housing_loss_date", flat=True)[:5]),
        default=str))


def test_office_sizes_at_national_scale():
    weights = office_weights(132)
    assert weights[0] == pytest.approx(0.151)  # one office with 151 000 of a million
    assert weights == sorted(weights, reverse=True)
    assert sum(weights) == pytest.approx(1)
    assert distribute(1_000_000, weights)[0] == 151_000


def test_same_seed_same_data():
    class Again(Exception):
        pass

    with pytest.raises(Again), transaction.atomic():
        _generate(seed=11)
        first = _snapshot()
        raise Again
    assert not Client.objects.exists()
    _generate(seed=11)
    assert _snapshot() == first


def test_refuses_to_run_twice():
    _generate(clients=50, consultations=100)
    with pytest.raises(CommandError, match="already holds generated volume data"):
        _generate(clients=50, consultations=100)
