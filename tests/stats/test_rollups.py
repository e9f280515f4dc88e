"""The roll-ups equal a recomputation from the raw events, whatever the order of inserts,
backdated records, merges, anonymisations and replays."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from kmb.cases import services as case_services
from kmb.core.events import event_record
from kmb.core.models import DomainEvent
from kmb.core.permissions import Role
from kmb.stats.models import Period, RollupRow, TotalRow
from kmb.stats.rollup import event_apply, period_start, rebuild, refresh_dirty
from tests import factories

ETHOS = ["1", "3", "5", "insecure", "housed", None]
SITUATIONS = {"1": ["rough_sleeping"], "3": ["homeless_shelter", "halfway_house"],
              "5": ["non_conventional"], "6": ["family_friends"],
              "insecure": ["notice_eviction", "no_lease"], "housed": ["rented_secure"],
              None: [None]}
CHANNELS = ["in_person", "phone", "email"]
HOMELESS = {"1", "2", "3", "4", "5", "6"}
# the paths an application can take through the statuses (the waiting list: registered
# and suspended)
APPLICATION_PATHS = [
    ["submitted", "registered", "housed"],
    ["submitted", "incomplete", "registered", "suspended", "removed"],
    ["submitted", "registered", "suspended", "registered", "removed+lapsed"],
    ["submitted", "registered", "incomplete", "registered"],
    ["submitted", "incomplete", "removed"],
    ["submitted", "registered"],
]


def _month(at: datetime):
    return timezone.localtime(at).date().replace(day=1)


def _aware(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


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
    # risks of losing housing: each person at risk in a period once, from their first
    # at-risk consultation there, by what their consultations of the next 3 months say
    for period in (Period.MONTH, Period.QUARTER, Period.YEAR):
        first_risk: dict = {}
        for e in consultations:
            if e.subject_id and not e.data.get("anonymous") and e.data.get("housing_at_risk"):
                key = (e.contact_point_id, period_start(_month(e.occurred_at), period),
                       person(e.subject_id))
                first_risk.setdefault(key, e)
        for (cp, start, who), ref in first_risk.items():
            horizon = timezone.localtime(ref.occurred_at) + relativedelta(months=3)
            lost = housed = False
            for e in consultations:
                if e.contact_point_id != cp or not e.subject_id or e.data.get("anonymous") \
                        or person(e.subject_id) != who \
                        or not ref.occurred_at < e.occurred_at <= horizon:
                    continue
                ethos = e.data.get("ethos")
                same_place = ref.data.get("ethos") in HOMELESS and (
                    e.data.get("housing_situation") or ethos) == (
                    ref.data.get("housing_situation") or ref.data.get("ethos"))
                if ethos in HOMELESS and not same_place:
                    lost = True
                elif ethos in HOMELESS or ethos in ("insecure", "inadequate", "housed") \
                        or e.data.get("housing_at_risk"):
                    housed = True
            outcome = "losses_happened" if lost else (
                "losses_prevented" if housed else "losses_unknown")
            out[(cp, period, start, outcome, "")] += 1
            out[(cp, period, start, "persons_at_risk", "")] += 1
    # the waiting list for municipal flats: the months' flows
    for e in events:
        if e.kind != "lettings.application":
            continue
        cp, start = e.contact_point_id, _month(e.occurred_at)
        on_now = e.data["status"] in ("registered", "suspended")
        on_before = e.data.get("from") in ("registered", "suspended")
        if on_now and not on_before:
            out[(cp, "M", start, "lettings_entered", "")] += 1
        elif on_before and not on_now:
            reason = "lapsed" if e.data.get("lapsed") else e.data["status"]
            out[(cp, "M", start, "lettings_left", "")] += 1
            out[(cp, "M", start, "lettings_left_by_reason", reason)] += 1
    return {k: v for k, v in out.items() if v}


def waiting_at_end(contact_point_id, end) -> int:
    """Applications whose latest status before ``end`` puts them on the waiting list,
    counted from the events (not from the flows)."""
    latest = {}
    for e in DomainEvent.objects.filter(contact_point_id=contact_point_id,
                                        kind="lettings.application",
                                        occurred_at__lt=end).order_by("occurred_at", "id"):
        latest[e.subject_id] = e.data["status"]
    return sum(1 for status in latest.values() if status in ("registered", "suspended"))


CHECKED = {"consultations", "consultations_by_channel", "consultations_anonymous", "persons",
           "persons_by_ethos", "persons_new", "persons_returning", "persons_by_ethos_first",
           "persons_at_risk", "losses_prevented", "losses_happened", "losses_unknown",
           "lettings_entered", "lettings_left", "lettings_left_by_reason"}


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
    # applications for municipal flats: each one's status changes in time order, their
    # events recorded in a shuffled order (backdated ones among them) between the rest
    pending = []
    for n in range(8):
        app_cp, subject = rng.choice(cps), uuid.uuid4()
        at = now - timedelta(days=rng.randint(30, 700))
        previous = None
        for status in rng.choice(APPLICATION_PATHS):
            if at > now:
                break  # the rest of the path has not happened yet
            data = {"status": status.split("+")[0], "programme": "social"}
            if previous:
                data["from"] = previous
            if status.endswith("+lapsed"):
                data["lapsed"] = True
            pending.append((app_cp, subject, at, data))
            previous = data["status"]
            at += timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 600))
    rng.shuffle(pending)
    for step in range(140):
        cp = rng.choice(cps)
        roll = rng.random()
        alive = [c for c in clients[cp.id] if c.merged_into_id is None]
        if step % 10 == 5 and pending:  # a status change of an application
            app_cp, subject, at, data = pending.pop()
            event_record(kind="lettings.application", contact_point=app_cp,
                         subject_id=subject, occurred_at=at, data=data)
        elif roll < 0.65:  # a consultation, often backdated by up to 30 months
            client = rng.choice(alive + [None])
            at = now - timedelta(days=rng.choice([0, 0, rng.randint(1, 900),
                                                  rng.randint(1, 150)]),
                                 minutes=rng.randint(0, 600))
            earlier = list(DomainEvent.objects.filter(
                kind="consultation.recorded", contact_point=cp,
                subject_id=client.uuid if client else None).order_by("occurred_at")
                .values_list("occurred_at", flat=True))
            if client and earlier and roll < 0.35:  # a follow-up within about 3 months
                at = min(now, rng.choice(earlier) + timedelta(days=rng.randint(1, 95)))
            ethos = rng.choice(ETHOS + ["6", "insecure", "housed", "housed"])
            event_record(kind="consultation.recorded", contact_point=cp,
                         subject_id=client.uuid if client else None, occurred_at=at,
                         data={"channel": rng.choice(CHANNELS), "duration_minutes": 20,
                               "topics": [], "anonymous": client is None,
                               "ethos": ethos,
                               "housing_situation": rng.choice(SITUATIONS[ethos]),
                               "housing_at_risk": rng.random() < 0.4})
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
        if step % 3 == 0:
            refresh_dirty()  # the worker runs now and then, between the changes
        if step % 10 == 9:
            refresh_dirty()  # and what it left must be right then, not only at the end
            # (a later merge would mark every month of the person again)
            ids = [c.id for c in cps]
            assert stored(ids) == naive(ids), f"after step {step}"
            assert_totals()
    for app_cp, subject, at, data in pending:  # the rest of the applications' changes
        event_record(kind="lettings.application", contact_point=app_cp, subject_id=subject,
                     occurred_at=at, data=data)
    refresh_dirty()
    ids = [cp.id for cp in cps]
    expected = naive(ids)
    assert expected, "the random history made no figures"
    figures = {key[3] for key in expected}
    assert {"losses_prevented", "losses_happened", "losses_unknown",
            "lettings_left"} <= figures, "the random history misses a kind of figure"
    assert stored(ids) == expected
    assert_waiting_list(cps)
    assert_totals()
    rebuild()
    assert stored(ids) == expected
    assert_waiting_list(cps)
    assert_totals()


def assert_totals() -> None:
    """The totals of every office equal the roll-up rows added up."""
    sums = defaultdict(int)
    for r in RollupRow.objects.all():
        sums[(r.period, r.start, r.figure, r.category)] += r.value
    totals = {(t.period, t.start, t.figure, t.category): t.value
              for t in TotalRow.objects.all()}
    assert totals == dict(sums)


def assert_waiting_list(cps) -> None:
    """The applications on the waiting list at the end of every month, quarter and year
    (a running total of the flows) equal a count of the applications' states then."""
    from kmb.stats.rollup import period_end
    from kmb.stats.selectors import load, periods

    for period in (Period.MONTH, Period.QUARTER, Period.YEAR):
        starts = periods(period)
        for cp in cps:
            data = load([cp], period, starts)
            got = [data.get("lettings_stock", start=s) for s in starts]
            want = [waiting_at_end(cp.id, _aware(period_end(s, period))) for s in starts]
            assert got == want, (cp.name, period)


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


def test_scope_of_most_offices_read_from_totals_gives_the_same_figures(
        db, monkeypatch, django_capture_on_commit_callbacks):
    """A scope of most offices is read from the totals less the offices it leaves out
    (an inactive one and one outside it); its figures are those of its offices' rows."""
    from kmb.stats import selectors

    rng = random.Random(7)
    cps = [factories.ContactPointFactory(name=f"KMB T{i}") for i in range(6)]
    now = timezone.now()
    for cp in cps:
        clients = [factories.ClientFactory(contact_point=cp) for _ in range(4)]
        for _ in range(25):
            client = rng.choice(clients + [None])
            ethos = rng.choice(ETHOS)
            event_record(kind="consultation.recorded", contact_point=cp,
                         subject_id=client.uuid if client else None,
                         occurred_at=now - timedelta(days=rng.randint(0, 1000)),
                         data={"channel": rng.choice(CHANNELS), "duration_minutes": 15,
                               "topics": [], "anonymous": client is None, "ethos": ethos,
                               "housing_situation": rng.choice(SITUATIONS[ethos]),
                               "housing_at_risk": rng.random() < 0.3})
        for n in range(3):  # the waiting list: its stock runs from before the periods
            event_record(kind="lettings.application", contact_point=cp,
                         subject_id=uuid.uuid4(), occurred_at=now - timedelta(days=1200 + n),
                         data={"status": "registered", "programme": "social"})
    refresh_dirty()
    assert_totals()
    cps[5].active = False
    cps[5].save()
    scope = cps[:4]  # leaves out one active office and the inactive one
    for period in (Period.MONTH, Period.QUARTER, Period.YEAR):
        starts = selectors.periods(period)
        from_totals = selectors.load(scope, period, starts, per_office=starts[-1]).values
        monkeypatch.setattr(selectors, "TOTALS_FROM", 1000)
        from_rows = selectors.load(scope, period, starts, per_office=starts[-1]).values
        monkeypatch.undo()
        assert from_totals == {k: v for k, v in from_rows.items() if v}, period
        assert any(k[2] == "lettings_stock" and v == 12 for k, v in from_totals.items())
    # an office deleted with its roll-ups: the totals follow
    from kmb.cases.models import Client
    Client.objects.filter(contact_point=cps[4]).delete()
    DomainEvent.objects.filter(contact_point=cps[4]).delete()
    with django_capture_on_commit_callbacks(execute=True):
        cps[4].delete()
    assert not RollupRow.objects.filter(contact_point_id=cps[4].id).exists()
    assert_totals()
