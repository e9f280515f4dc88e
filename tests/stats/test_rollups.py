"""The roll-ups equal a recomputation from the raw events, whatever the order of inserts,
backdated records, merges, anonymisations and replays."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from kmb.cases import services as case_services
from kmb.core.events import event_record
from kmb.core.models import DomainEvent
from kmb.core.permissions import Role
from kmb.stats.models import Period, RollupRow
from kmb.stats.rollup import event_apply, period_start, rebuild, refresh_dirty
from tests import factories

ETHOS = ["1", "3", "5", "insecure", "housed", None]
CHANNELS = ["in_person", "phone", "email"]


def _month(at: datetime):
    return timezone.localtime(at).date().replace(day=1)


def naive(contact_point_ids) -> dict:
    """Figures recomputed from scratch from the raw events, written independently of the
    roll-up code: {(cp, period, start, figure, category): value}."""
    events = list(DomainEvent.objects.filter(contact_point_id__in=contact_point_ids)
                  .order_by("occurred_at", "id"))
    parent = {}
    for e in sorted((e for e in events if e.kind == "client.merged"),
                    key=lambda e: (e.occurred_at, e.recorded_at, e.id)):
        parent[str(e.data["merged"])] = str(e.subject_id)

    def person(subject):
        key = str(subject)
        while key in parent:
            key = parent[key]
        return key

    out: dict = defaultdict(int)
    first_month: dict = {}
    consultations = [e for e in events if e.kind == "consultation.recorded"]
    for e in consultations:
        if e.subject_id and not e.data.get("anonymous"):
            key = (e.contact_point_id, person(e.subject_id))
            first_month.setdefault(key, _month(e.occurred_at))
    for period in (Period.MONTH, Period.QUARTER, Period.YEAR):
        latest: dict = {}
        first_in: dict = {}
        for e in consultations:
            start = period_start(_month(e.occurred_at), period)
            cp = e.contact_point_id
            if period == Period.MONTH:
                out[(cp, "M", start, "consultations", "")] += 1
                out[(cp, "M", start, "consultations_by_channel", e.data["channel"])] += 1
                if e.data.get("anonymous"):
                    out[(cp, "M", start, "consultations_anonymous", "")] += 1
            if e.subject_id and not e.data.get("anonymous"):
                key = (cp, start, person(e.subject_id))
                latest[key] = e.data
                first_in.setdefault(key, e.data)
        for (cp, start, who), data in latest.items():
            out[(cp, period, start, "persons", "")] += 1
            out[(cp, period, start, "persons_by_ethos", data.get("ethos") or "")] += 1
            new = period_start(first_month[(cp, who)], period) == start
            out[(cp, period, start, "persons_new" if new else "persons_returning", "")] += 1
            if new:
                out[(cp, period, start, "persons_by_ethos_first",
                     first_in[(cp, start, who)].get("ethos") or "")] += 1
    return {k: v for k, v in out.items() if v}


CHECKED = {"consultations", "consultations_by_channel", "consultations_anonymous", "persons",
           "persons_by_ethos", "persons_new", "persons_returning", "persons_by_ethos_first"}


def stored(contact_point_ids) -> dict:
    return {(r.contact_point_id, r.period, r.start, r.figure, r.category): r.value
            for r in RollupRow.objects.filter(contact_point_id__in=contact_point_ids,
                                              figure__in=CHECKED)}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_equal_recomputation_after_random_history(db, seed):
    rng = random.Random(seed)
    cps = [factories.ContactPointFactory(name=f"KMB {seed}-{i}") for i in range(2)]
    actors = {cp.id: factories.staff(f"poradce.{seed}.{cp.id}", Role.ADVISER, cp) for cp in cps}
    clients = {cp.id: [factories.ClientFactory(contact_point=cp) for _ in range(6)]
               for cp in cps}
    now = timezone.now()
    for step in range(70):
        cp = rng.choice(cps)
        roll = rng.random()
        alive = [c for c in clients[cp.id] if c.merged_into_id is None]
        if roll < 0.65:  # a consultation, often backdated by up to 30 months
            client = rng.choice(alive + [None])
            at = now - timedelta(days=rng.choice([0, 0, rng.randint(1, 900)]),
                                 minutes=rng.randint(0, 600))
            event_record(kind="consultation.recorded", contact_point=cp,
                         subject_id=client.uuid if client else None, occurred_at=at,
                         data={"channel": rng.choice(CHANNELS), "duration_minutes": 20,
                               "topics": [], "anonymous": client is None,
                               "ethos": rng.choice(ETHOS), "housing_at_risk": False})
        elif roll < 0.8 and len(alive) > 1:  # two records of one person merged
            source, target = rng.sample(alive, 2)
            source.refresh_from_db()
            target.refresh_from_db()
            case_services.client_merge(source=source, target=target, actor=actors[cp.id])
            for c in clients[cp.id]:
                c.refresh_from_db()
        elif roll < 0.9 and alive:  # a client record anonymised: its figures stay
            from kmb.privacy.services import client_anonymise, erasure_refusals
            victim = rng.choice(alive)
            victim.refresh_from_db()
            if victim.merged_into_id is None and not erasure_refusals(client=victim):
                client_anonymise(client=victim, actor=actors[cp.id], ground="no_longer_needed",
                                 reason="test")
        else:  # an event processed again (a replay): counted once
            event = DomainEvent.objects.filter(contact_point=cp).order_by("?").first()
            if event:
                event_apply(event)
        if step % 10 == 0:
            refresh_dirty()  # the worker runs now and then, between the changes
    refresh_dirty()
    ids = [cp.id for cp in cps]
    expected = naive(ids)
    assert expected, "the random history made no figures"
    assert stored(ids) == expected
    rebuild()
    assert stored(ids) == expected


def test_merged_client_counts_once_and_backdated_lands_in_its_month(db, cp_a, adviser_a):
    first = factories.ClientFactory(contact_point=cp_a)
    second = factories.ClientFactory(contact_point=cp_a)
    now = timezone.now()
    month = _month(now)
    for client in (first, second):
        event_record(kind="consultation.recorded", contact_point=cp_a, subject_id=client.uuid,
                     data={"channel": "phone", "anonymous": False, "topics": []})
    refresh_dirty()
    persons = RollupRow.objects.get(contact_point=cp_a, period="M", start=month,
                                    figure="persons")
    assert persons.value == 2
    case_services.client_merge(source=second, target=first, actor=adviser_a)
    refresh_dirty()
    assert RollupRow.objects.get(contact_point=cp_a, period="M", start=month,
                                 figure="persons").value == 1
    backdated = now - timedelta(days=100)
    event_record(kind="consultation.recorded", contact_point=cp_a, subject_id=first.uuid,
                 occurred_at=backdated, data={"channel": "phone", "anonymous": False})
    refresh_dirty()
    old = RollupRow.objects.get(contact_point=cp_a, period="M", start=_month(backdated),
                                figure="persons_new")
    assert old.value == 1
    # the person is now returning in the current month, not new
    assert not RollupRow.objects.filter(contact_point=cp_a, period="M", start=month,
                                        figure="persons_new").exists()
    assert RollupRow.objects.get(contact_point=cp_a, period="M", start=month,
                                 figure="persons_returning").value == 1
