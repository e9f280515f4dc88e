"""Monthly roll-ups kept up to date from the domain events.

Every new event marks the month it belongs to (``occurred_at``, so a backdated record
lands in its own month) as dirty for its contact point; the worker then computes that
month, its quarter and its year again from the events of that one contact point. A
recomputation replaces the rows of the period, so processing an event twice (a replayed
event, a task run again after a crash) gives the same figures: the roll-ups are a function
of the set of events, identified by their ids, never a running counter.

People are counted by person, not by row: a client record merged into another counts as
the surviving client (``PersonAlias``), anonymous consultations are counted apart.

Two kinds of figure reach beyond their own month. The outcome of a risk of losing housing
(prevented, happened, not known) is counted in the period of the at-risk consultation but
depends on the person's consultations in the 3 months after it, so a consultation also
marks the months of that person's at-risk consultations of the previous 3 months. The
applications on the waiting list at the end of a period are not stored: they are the
running total of the monthly flows onto and off the list (see ``selectors.load``), so a
backdated status change only needs its own month computed again.
"""

from __future__ import annotations

import calendar
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from kmb.accounts.models import ContactPoint
from kmb.core.models import DomainEvent
from kmb.stats.models import DirtyMonth, Period, PersonAlias, RollupRow, TotalRow

CONSULTATION = "consultation.recorded"
MERGE = "client.merged"
PERSON_FIGURES = ("persons", "persons_new", "persons_returning", "persons_at_risk",
                  "persons_by_ethos", "persons_by_ethos_first", "persons_by_situation",
                  "persons_by_municipality", "households", "household_members",
                  "losses_prevented", "losses_happened", "losses_unknown")
REFERRAL_OUTCOMES = {"referral.accepted": "accepted", "referral.appointment_set": "accepted",
                     "referral.in_progress": "accepted", "referral.helped": "helped",
                     "referral.client_action_needed": "accepted",
                     "referral.declined": "declined", "referral.expired": "expired"}
LETTINGS = "lettings.application"
#: statuses of an application that is on the waiting list (the register of applicants)
ON_LIST = ("registered", "suspended")
#: ETHOS Light categories 1–6: roofless, houseless, non-conventional dwelling, temporarily
#: with family or friends (the homelessness of ETHOS Light)
HOMELESS = ("1", "2", "3", "4", "5", "6")
#: ETHOS categories of people who have a home, however insecure or inadequate
HOUSED = ("insecure", "inadequate", "housed")
RISK_MONTHS = 3
LOSS_OUTCOMES = ("losses_prevented", "losses_happened", "losses_unknown")


# --- periods ---------------------------------------------------------------------------

def month_of(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def period_start(month: date, period: str) -> date:
    if period == Period.YEAR:
        return date(month.year, 1, 1)
    if period == Period.QUARTER:
        return date(month.year, (month.month - 1) // 3 * 3 + 1, 1)
    return month


def period_end(start: date, period: str) -> date:
    return add_months(start, {"M": 1, "Q": 3, "Y": 12}[period])


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def months_later(moment: datetime, n: int) -> datetime:
    """The same local day and time ``n`` calendar months later (the last day of a shorter
    month: 30 November + 3 months is 28 or 29 February)."""
    local = timezone.localtime(moment)
    index = local.year * 12 + local.month - 1 + n
    year, month = index // 12, index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    naive = local.replace(tzinfo=None, year=year, month=month, day=day)
    return timezone.make_aware(naive, local.tzinfo)


# --- outcomes of a risk of losing housing -------------------------------------------------

def _situation(data: dict) -> str:
    return str(data.get("housing_situation") or data.get("ethos") or "")


def consultation_says(reference: dict, later: dict) -> str | None:
    """What a later consultation says about the housing a person was at risk of losing at
    the ``reference`` consultation: "lost" (a homeless ETHOS Light category 1–6 recorded;
    for a person already in one at the reference, a different situation), "housed" (a home
    recorded, or a risk still being dealt with, or the same situation as at the reference)
    or None (situation not known)."""
    ethos = later.get("ethos")
    if ethos in HOMELESS:
        kept = reference.get("ethos") in HOMELESS and _situation(later) == _situation(reference)
        return "housed" if kept else "lost"
    if ethos in HOUSED or later.get("housing_at_risk"):
        return "housed"
    return None


class RiskRef:
    """One person at risk in one period: their first at-risk consultation there and what
    the consultations of the following 3 months say."""

    __slots__ = ("at", "horizon", "data", "lost", "housed")

    def __init__(self, at: datetime, data: dict):
        self.at = at
        self.horizon = months_later(at, RISK_MONTHS)
        self.data = data
        self.lost = False
        self.housed = False

    @property
    def outcome(self) -> str:
        if self.lost:
            return "losses_happened"
        return "losses_prevented" if self.housed else "losses_unknown"


class RiskOutcomes:
    """The people at risk of the periods being computed, fed the later consultations of
    the same people at the same contact point in time order."""

    def __init__(self):
        self.by_key: dict[tuple[str, date], list[RiskRef]] = defaultdict(list)
        self.open: dict[uuid.UUID, list[RiskRef]] = defaultdict(list)

    def register(self, key: tuple[str, date], person: uuid.UUID, at: datetime,
                 data: dict) -> None:
        ref = RiskRef(at, data)
        self.by_key[key].append(ref)
        self.open[person].append(ref)

    def feed(self, person: uuid.UUID, at: datetime, data: dict) -> None:
        refs = self.open.get(person)
        if not refs:
            return
        still = []
        for ref in refs:
            if at > ref.horizon:
                continue  # its 3 months have passed: nothing later changes it
            still.append(ref)
            if at > ref.at:
                says = consultation_says(ref.data, data)
                if says == "lost":
                    ref.lost = True
                elif says == "housed":
                    ref.housed = True
        if still:
            self.open[person] = still
        else:
            del self.open[person]

    def figures(self, key: tuple[str, date]) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for ref in self.by_key.get(key, ()):
            counts[(ref.outcome, "")] += 1
        return dict(counts)

    def pop_final(self, before: datetime | None, keep: set = frozenset()
                  ) -> list[tuple[tuple[str, date], dict]]:
        """The figures of the periods (other than those in ``keep``, still open) none of
        whose people can change any more by a consultation at ``before`` or later (all of
        them with None), removed from here."""
        done = []
        for key, refs in list(self.by_key.items()):
            if key in keep:
                continue
            if before is None or all(ref.horizon < before for ref in refs):
                done.append((key, self.figures(key)))
                del self.by_key[key]
        if before is not None:
            for person, refs in list(self.open.items()):
                still = [ref for ref in refs if ref.horizon >= before]
                if still:
                    self.open[person] = still
                else:
                    del self.open[person]
        return done


# --- the waiting list for municipal flats ---------------------------------------------------

def lettings_flow(data: dict) -> tuple[str, str] | None:
    """("entered", "") or ("left", reason) for a status change of an application that puts
    it on the waiting list or takes it off; None for any other change."""
    status, previous = data.get("status"), data.get("from")
    if status in ON_LIST and previous not in ON_LIST:
        return "entered", ""
    if previous in ON_LIST and status not in ON_LIST:
        if status == "removed" and data.get("lapsed"):
            return "left", "lapsed"
        return "left", str(status or "")
    return None


# --- marking dirty ---------------------------------------------------------------------

def mark_dirty(cells: Iterable[tuple[int, date]]) -> None:
    rows = [DirtyMonth(contact_point_id=cp, month=month) for cp, month in set(cells) if cp]
    if rows:
        DirtyMonth.objects.bulk_create(rows, ignore_conflicts=True)


def _subject_months(contact_point_id: int, subjects: set[uuid.UUID],
                    since: datetime | None = None) -> set[tuple[int, date]]:
    qs = DomainEvent.objects.filter(contact_point_id=contact_point_id, kind=CONSULTATION,
                                    subject_id__in=subjects)
    if since is not None:
        qs = qs.filter(occurred_at__gte=since)
    return {(contact_point_id, month_of(at)) for at in qs.values_list("occurred_at", flat=True)}


def event_apply(event: DomainEvent) -> None:
    """Note what a new event changes (called for every event written; idempotent)."""
    if event.contact_point_id is None:
        return
    cells = {(event.contact_point_id, month_of(event.occurred_at))}
    if event.kind == MERGE:
        source = uuid.UUID(str(event.data.get("merged")))
        target = event.subject_id
        alias_merge(source=source, target=target, event_id=event.id)
        cells |= _subject_months(event.contact_point_id, set(_with_merged({target})))
    elif event.kind == CONSULTATION and event.subject_id:
        month = month_of(event.occurred_at)
        recorded = month_of(event.recorded_at or timezone.now())
        backdated = month < recorded
        # the outcome of the person's risks of losing housing recorded in the 3 months
        # before may change; a backdated consultation may also make the person new in an
        # earlier month and returning in the later ones: those months are computed again
        person = canonical(event.subject_id)
        members = set(_with_merged({person}))
        since = months_later(event.occurred_at, -RISK_MONTHS) - timedelta(days=1)
        later = _aware(add_months(month, 1))
        for at, data in (DomainEvent.objects.filter(
                contact_point_id=event.contact_point_id, kind=CONSULTATION,
                subject_id__in=members, occurred_at__gte=since)
                .values_list("occurred_at", "data")):
            if (at < event.occurred_at and (data or {}).get("housing_at_risk")) or \
                    (backdated and at >= later):
                cells.add((event.contact_point_id, month_of(at)))
    mark_dirty(cells)


def alias_merge(*, source: uuid.UUID, target: uuid.UUID, event_id: uuid.UUID) -> None:
    """Record that ``source`` now counts as ``target`` (chains are flattened)."""
    final = canonical(target)
    if final == source:
        return
    PersonAlias.objects.filter(target=source).update(target=final)
    PersonAlias.objects.update_or_create(source=source,
                                         defaults={"target": final, "event_id": event_id})


def canonical(subject: uuid.UUID) -> uuid.UUID:
    alias = PersonAlias.objects.filter(source=subject).values_list("target", flat=True).first()
    return alias or subject


@receiver(post_save, sender=DomainEvent, dispatch_uid="stats_event_apply")
def _on_event(sender, instance: DomainEvent, created: bool, raw: bool = False, **kwargs):
    if not created or raw:
        return
    event_apply(instance)
    _schedule_refresh()


def _schedule_refresh() -> None:
    connection_flag = getattr(transaction.get_connection(), "_kmb_stats_refresh", False)
    if connection_flag:
        return
    conn = transaction.get_connection()
    conn._kmb_stats_refresh = True

    def enqueue():
        conn._kmb_stats_refresh = False
        from kmb.stats.tasks import refresh_rollups
        refresh_rollups.enqueue()

    transaction.on_commit(enqueue)


# --- computing one period of one contact point -------------------------------------------

def _aliases(subjects: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    found: dict[uuid.UUID, uuid.UUID] = {}
    subjects_list = list(subjects)
    for i in range(0, len(subjects_list), 500):
        found.update(PersonAlias.objects.filter(source__in=subjects_list[i:i + 500])
                     .values_list("source", "target"))
    return found


def _with_merged(persons: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """The subject ids under which ``persons`` appear in events (their own and those of
    the client records merged into them), each mapped to its person."""
    members: dict[uuid.UUID, uuid.UUID] = {p: p for p in persons}
    person_list = list(persons)
    for i in range(0, len(person_list), 500):
        members.update(PersonAlias.objects.filter(target__in=person_list[i:i + 500])
                       .values_list("source", "target"))
    return members


def _seen_before(contact_point_id: int, persons: set[uuid.UUID], before: datetime
                 ) -> set[uuid.UUID]:
    """Which of ``persons`` had a consultation at the contact point before ``before``."""
    if not persons:
        return set()
    members = _with_merged(persons)
    seen: set[uuid.UUID] = set()
    raw = list(members)
    for i in range(0, len(raw), 500):
        for subject in (DomainEvent.objects.filter(
                contact_point_id=contact_point_id, kind=CONSULTATION,
                occurred_at__lt=before, subject_id__in=raw[i:i + 500])
                .values_list("subject_id", flat=True).distinct()):
            seen.add(members[subject])
    return seen


class Accumulator:
    """The figures of one period, fed event by event in time order."""

    def __init__(self, additive: bool, risks: RiskOutcomes | None = None,
                 key: tuple[str, date] | None = None):
        self.additive = additive
        self.figures: dict[tuple[str, str], int] = defaultdict(int)
        self.first: dict[uuid.UUID, dict] = {}
        self.latest: dict[uuid.UUID, dict] = {}
        self.at_risk: set[uuid.UUID] = set()
        self.risks = risks  # where the period's people at risk are followed up
        self.key = key

    def add(self, kind: str, person: uuid.UUID | None, data: dict,
            at: datetime | None = None) -> None:
        figures = self.figures
        if kind == CONSULTATION:
            if person is None or data.get("anonymous"):
                if self.additive:
                    figures[("consultations_anonymous", "")] += 1
            else:
                self.first.setdefault(person, data)
                self.latest[person] = data
                if data.get("housing_at_risk") and person not in self.at_risk:
                    self.at_risk.add(person)
                    if self.risks is not None and at is not None:
                        self.risks.register(self.key, person, at, data)
            if self.additive:
                figures[("consultations", "")] += 1
                figures[("minutes", "")] += int(data.get("duration_minutes") or 0)
                figures[("consultations_by_channel", data.get("channel") or "")] += 1
                for topic in data.get("topics") or []:
                    figures[("consultations_by_topic", topic)] += 1
            return
        if not self.additive:
            return
        if kind == "referral.created":
            for category in data.get("categories") or [""]:
                figures[("referrals_by_category", category)] += 1
            figures[("referrals", "")] += 1
        elif kind in REFERRAL_OUTCOMES or kind == "referral.outcome":
            outcome = REFERRAL_OUTCOMES.get(kind) or str(data.get("outcome") or "other")
            figures[("referral_outcomes", outcome)] += 1
            if kind in ("referral.accepted", "referral.declined") and \
                    data.get("days_since_sent") is not None:
                figures[("referral_responses", "")] += 1
                figures[("referral_response_days", "")] += int(data["days_since_sent"])
        elif kind == "benefit_estimate.recorded":
            figures[("estimates", "")] += 1
            if data.get("entitled"):
                figures[("estimates_entitled", "")] += 1
                figures[("dssp_total", "")] += int(data.get("dssp") or 0)
        elif kind == "material_aid.given":
            figures[("material_aid", data.get("kind") or "other")] += 1
            figures[("material_aid_value", "")] += int(data.get("value_czk") or 0)
        elif kind == "housing.flat_registered":
            figures[("flats_offered", "")] += 1
        elif kind == "housing.proposal":
            figures[("proposals", str(data.get("status") or ""))] += 1
        elif kind == "housing.lease_signed":
            figures[("leases_signed", "")] += 1
        elif kind == "housing.household_looking":
            figures[("applicants_added", "")] += 1
        elif kind == LETTINGS:
            flow = lettings_flow(data)
            if flow is not None and flow[0] == "entered":
                figures[("lettings_entered", "")] += 1
            elif flow is not None:
                figures[("lettings_left", "")] += 1
                figures[("lettings_left_by_reason", flow[1])] += 1
        elif kind == "appointment.booked":
            figures[("appointments_booked", "")] += 1
        elif kind == "appointment.attended":
            figures[("appointments_attended", "")] += 1
        elif kind == "appointment.no_show":
            figures[("appointments_no_show", "")] += 1
        elif kind == "housing.followup" and data.get("months") == 12:
            figures[("followups_12", str(data.get("outcome") or ""))] += 1

    def finish(self, seen: set[uuid.UUID]) -> dict[tuple[str, str], int]:
        """The figures, given which of the period's people were advised before it."""
        figures = self.figures
        households: dict[str, int] = {}
        for person, data in self.latest.items():
            figures[("persons", "")] += 1
            figures[("persons_by_ethos", data.get("ethos") or "")] += 1
            figures[("persons_by_situation", data.get("housing_situation") or "")] += 1
            figures[("persons_by_municipality", data.get("municipality") or "")] += 1
            if data.get("household"):
                households[data["household"]] = int(data.get("household_size") or 1)
            else:
                households[str(person)] = 1
            if person in seen:
                figures[("persons_returning", "")] += 1
            else:
                figures[("persons_new", "")] += 1
                figures[("persons_by_ethos_first", self.first[person].get("ethos") or "")] += 1
        figures[("persons_at_risk", "")] += len(self.at_risk)
        figures[("households", "")] += len(households)
        figures[("household_members", "")] += sum(households.values())
        return {key: value for key, value in figures.items() if value}


def compute(contact_point_id: int, period: str, start: date) -> dict[tuple[str, str], int]:
    """All figures of one contact point for one period, from its raw events."""
    end = period_end(start, period)
    events = (DomainEvent.objects.filter(contact_point_id=contact_point_id,
                                         occurred_at__gte=_aware(start),
                                         occurred_at__lt=_aware(end))
              .order_by("occurred_at", "id")
              .values_list("kind", "subject_id", "data", "occurred_at"))
    if period != Period.MONTH:
        events = events.filter(kind=CONSULTATION)
    rows = list(events)
    aliases = _aliases({s for kind, s, _d, _at in rows if kind == CONSULTATION and s})
    risks = RiskOutcomes()
    key = (period, start)
    acc = Accumulator(additive=period == Period.MONTH, risks=risks, key=key)
    for kind, subject, data, at in rows:
        person = aliases.get(subject, subject) if subject else None
        data = data or {}
        if kind == CONSULTATION and person is not None and not data.get("anonymous"):
            risks.feed(person, at, data)
        acc.add(kind, person, data, at)
    _follow_up(contact_point_id, risks, _aware(end))
    seen = _seen_before(contact_point_id, set(acc.latest), _aware(start))
    figures = acc.finish(seen)
    figures.update(risks.figures(key))
    return figures


def _follow_up(contact_point_id: int, risks: RiskOutcomes, since: datetime) -> None:
    """Feed ``risks`` the consultations from ``since`` until the last 3-month horizon of
    the people at risk still followed (and of the client records merged into them)."""
    persons = set(risks.open)
    horizon = max((ref.horizon for refs in risks.open.values() for ref in refs), default=None)
    if not persons or horizon is None or horizon < since:
        return
    members = _with_merged(persons)
    raw = list(members)
    later: list[tuple] = []
    for i in range(0, len(raw), 500):
        later.extend(DomainEvent.objects.filter(
            contact_point_id=contact_point_id, kind=CONSULTATION,
            subject_id__in=raw[i:i + 500], occurred_at__gte=since,
            occurred_at__lte=horizon).values_list("occurred_at", "id", "subject_id", "data"))
    for at, _id, subject, data in sorted(later, key=lambda row: (row[0], row[1])):
        data = data or {}
        if not data.get("anonymous"):
            risks.feed(members[subject], at, data)


def rebuild_contact_point(contact_point_id: int, aliases: dict[uuid.UUID, uuid.UUID]) -> int:
    """Every period of one contact point in one pass over its events, in time order (what
    ``compute`` gives period by period, without a query per period)."""
    first_month: dict[uuid.UUID, date] = {}
    open_periods: dict[str, tuple[date, Accumulator]] = {}
    rows: list[RollupRow] = []
    risks = RiskOutcomes()  # the outcomes wait for the 3 months after their period

    def emit(period: str, start: date, figures: dict[tuple[str, str], int]) -> None:
        rows.extend(RollupRow(contact_point_id=contact_point_id, period=period, start=start,
                              figure=f, category=c, value=v)
                    for (f, c), v in figures.items() if v)

    def close(period: str) -> None:
        start, acc = open_periods.pop(period)
        seen = {p for p in acc.latest if first_month[p] < start}
        emit(period, start, acc.finish(seen))

    events = (DomainEvent.objects.filter(contact_point_id=contact_point_id)
              .order_by("occurred_at", "id")
              .values_list("kind", "subject_id", "data", "occurred_at"))
    for kind, subject, data, at in events.iterator(chunk_size=5000):
        month = month_of(at)
        data = data or {}
        for period in (Period.MONTH, Period.QUARTER, Period.YEAR):
            start = period_start(month, period)
            if period in open_periods and open_periods[period][0] != start:
                close(period)
                if period == Period.MONTH:  # periods whose outcomes are final
                    keep = {(q, o[0]) for q, o in open_periods.items()}
                    for (p, s), figures in risks.pop_final(before=at, keep=keep):
                        emit(p, s, figures)
            if period not in open_periods:
                open_periods[period] = (start, Accumulator(
                    additive=period == Period.MONTH, risks=risks, key=(period, start)))
        person = aliases.get(subject, subject) if subject else None
        if kind == CONSULTATION and person is not None and not data.get("anonymous"):
            first_month.setdefault(person, month)
            risks.feed(person, at, data)
        for period, (_start, acc) in open_periods.items():
            if period == Period.MONTH or kind == CONSULTATION:
                acc.add(kind, person, data, at)
        if len(rows) > 5000:
            RollupRow.objects.bulk_create(rows, batch_size=5000)
            rows.clear()
    for period in list(open_periods):
        close(period)
    for (p, s), figures in risks.pop_final(before=None):
        emit(p, s, figures)
    RollupRow.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def store(contact_point_id: int, period: str, start: date,
          figures: dict[tuple[str, str], int]) -> None:
    RollupRow.objects.filter(contact_point_id=contact_point_id, period=period,
                             start=start).delete()
    RollupRow.objects.bulk_create([
        RollupRow(contact_point_id=contact_point_id, period=period, start=start,
                  figure=figure, category=category, value=value)
        for (figure, category), value in figures.items()], batch_size=1000)


def periods_of(months: Iterable[date]) -> set[tuple[str, date]]:
    """The months with the quarters and years they belong to."""
    months = set(months)
    return ({(Period.MONTH, m) for m in months}
            | {(p, period_start(m, p)) for m in months for p in (Period.QUARTER, Period.YEAR)})


def refresh(contact_point_id: int, months: Iterable[date]) -> None:
    for period, start in sorted(periods_of(months)):
        with transaction.atomic():
            store(contact_point_id, period, start, compute(contact_point_id, period, start))


# --- the sums over every contact point ----------------------------------------------------

# any fixed number: it names the lock of the totals among the advisory locks of PostgreSQL
TOTALS_LOCK = 175_2025


def _totals_sql(where: str = "") -> str:
    total = connection.ops.quote_name(TotalRow._meta.db_table)
    rollup = connection.ops.quote_name(RollupRow._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c)
                        for c in ("period", "start", "figure", "category"))
    value = connection.ops.quote_name("value")
    # only quoted names of the models' tables and columns; the values go as parameters
    return (f"INSERT INTO {total} ({columns}, {value}) "  # noqa: S608
            f"SELECT {columns}, SUM({value}) FROM {rollup} {where} GROUP BY {columns}")


def _totals_lock() -> None:
    """Two workers recomputing the same period's totals wait for each other (on SQLite
    writes are serialised anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TOTALS_LOCK])


def totals_again(periods: Iterable[tuple[str, date]]) -> None:
    """Add up again every contact point's roll-ups of these periods (after their rows
    were written): one ``INSERT … SELECT … GROUP BY`` per period, over the period's rows
    of the covering index."""
    where = "WHERE {} = %s AND {} = %s".format(*(connection.ops.quote_name(c)
                                                  for c in ("period", "start")))
    for period, start in sorted(set(periods)):
        with transaction.atomic():
            _totals_lock()
            TotalRow.objects.filter(period=period, start=start).delete()
            with connection.cursor() as cursor:
                cursor.execute(_totals_sql(where), [period, start])


def totals_rebuild() -> None:
    """Every total again from the roll-up rows (after a rebuild or a deleted office)."""
    with transaction.atomic():
        _totals_lock()
        TotalRow.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(_totals_sql())


@receiver(post_delete, sender=ContactPoint, dispatch_uid="stats_totals_office_deleted")
def _on_office_deleted(sender, instance: ContactPoint, **kwargs):
    # its roll-up rows went with it (cascade): the totals must not keep its figures
    transaction.on_commit(totals_rebuild)


def refresh_dirty(limit: int | None = None) -> int:
    """Compute the dirty months again; returns how many were done."""
    done = 0
    while True:
        batch = list(DirtyMonth.objects.order_by("contact_point_id", "month")
                     .values_list("id", "contact_point_id", "month")[:500])
        if not batch:
            if done:
                from kmb.stats.page import figures_changed

                figures_changed()
            return done
        by_cp: dict[int, set[date]] = defaultdict(set)
        for _id, cp, month in batch:
            by_cp[cp].add(month)
        for cp, months in by_cp.items():
            refresh(cp, months)
        # the queue keeps the batch until the totals follow (a crash before: done again)
        totals_again(periods_of(month for _id, _cp, month in batch))
        DirtyMonth.objects.filter(id__in=[row[0] for row in batch]).delete()
        done += len(batch)
        if limit is not None and done >= limit:
            from kmb.stats.page import figures_changed

            figures_changed()
            return done


def tidy_rollups() -> None:
    """After rewriting the roll-ups on PostgreSQL: VACUUM marks the new rows all-visible
    (the statistics page sums them by an index-only scan, which otherwise fetches every
    row from the table as well) and ANALYZE tells the planner how many rows a scope's
    periods hold (without it the sums are sorted on disk rather than hashed in memory).
    Inside a transaction (VACUUM cannot run there) only ANALYZE."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (RollupRow, TotalRow):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"ANALYZE {table}" if connection.in_atomic_block
                           else f"VACUUM (ANALYZE) {table}")


def rebuild(stdout=None) -> int:
    """Everything again from the events: aliases from the merges, then each contact point
    in one pass over its events. Returns the number of contact points."""
    with transaction.atomic():
        PersonAlias.objects.all().delete()
        for event_id, subject, data in (DomainEvent.objects.filter(kind=MERGE)
                                         .order_by("occurred_at", "recorded_at", "id")
                                         .values_list("id", "subject_id", "data")):
            if subject and (data or {}).get("merged"):
                alias_merge(source=uuid.UUID(str(data["merged"])), target=subject,
                            event_id=event_id)
    aliases = dict(PersonAlias.objects.values_list("source", "target"))
    RollupRow.objects.all().delete()
    DirtyMonth.objects.all().delete()
    contact_points = list(ContactPoint.objects.order_by("id").values_list("id", flat=True))
    for cp in contact_points:
        with transaction.atomic():
            rebuild_contact_point(cp, aliases)
    totals_rebuild()
    tidy_rollups()
    from kmb.stats.page import figures_changed

    figures_changed()
    if stdout is not None:
        stdout.write(f"Roll-ups of {len(contact_points)} contact points computed.")
    return len(contact_points)
