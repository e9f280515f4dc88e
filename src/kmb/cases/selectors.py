"""Reads of case data, always scoped to one contact point."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.db.models.query import ModelIterable
from django.http import Http404
from django.utils import timezone, translation

from kmb.accounts.models import ContactPoint, Membership
from kmb.accounts.tenancy import membership_has
from kmb.cases.models import (
    Client,
    ClientSearchToken,
    Consent,
    Consultation,
    EthosCategory,
    HouseholdMember,
    HousingSituation,
    MaterialAid,
    OnlineRequest,
    OnlineRequestStatus,
    Task,
    TaskStatus,
    Topic,
)
from kmb.core.paging import (
    LOOKAHEAD_PAGES,
    SEARCH_LOOKAHEAD_PAGES,
    LookaheadPaginator,
    lookahead_window,
)
from kmb.core.permissions import Perm
from kmb.core.text import digits, fold, search_words

_DATE = re.compile(r"\b(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


# --- What a role may read: the one place for the rule -------------------------------------
#
# Roles without Perm.CASE_CONFIDENTIAL (housing officers, and anyone reading without a
# membership) see consultations without the advice and the notes, without the topics
# marked sensitive, and a sensitive housing situation only as its ETHOS category. Every
# read of clients and consultations goes through ``clients_for_role`` and
# ``consultations_for_role`` below, so pages, the timeline, exports, PDFs and the API
# cannot disagree. Objects read this way for such a role cannot be saved.


def case_confidential_allowed(membership: Membership | None) -> bool:
    """May this membership read advice, notes and sensitive topics and situations?"""
    return membership_has(membership, Perm.CASE_CONFIDENTIAL)


def _ethos_only(situation: HousingSituation) -> HousingSituation:
    """An unsaved stand-in naming only the ETHOS category of a sensitive situation."""
    names = {}
    for lang in ("cs", "en", "uk"):
        with translation.override(lang):
            names[f"name_{lang}"] = str(EthosCategory(situation.ethos_category).label)
    return HousingSituation(code="", ethos_category=situation.ethos_category, **names)


def _restrict_situation(obj) -> None:
    situation = obj.housing_situation if obj.housing_situation_id else None
    if situation is not None and situation.sensitive:
        obj.housing_situation = _ethos_only(situation)


def restrict_client(client: Client) -> Client:
    """The client as a role without CASE_CONFIDENTIAL sees them (read-only)."""
    _restrict_situation(client)
    client.kmb_restricted = True
    return client


class _RestrictedClients(ModelIterable):
    def __iter__(self):
        for client in super().__iter__():
            yield restrict_client(client)


class _RestrictedConsultations(ModelIterable):
    def __iter__(self):
        for consultation in super().__iter__():
            consultation.advice = ""
            consultation.notes = ""
            _restrict_situation(consultation)
            consultation.kmb_restricted = True
            yield consultation


def clients_for_role(qs: QuerySet[Client], *, membership: Membership | None
                     ) -> QuerySet[Client]:
    """``qs`` as ``membership`` may read it: restricted rows unless CASE_CONFIDENTIAL."""
    if case_confidential_allowed(membership):
        return qs
    qs = qs.all()
    qs._iterable_class = _RestrictedClients
    return qs


#: What a page that shows consultations prefetches to list their material aid.
MATERIAL_AID_PREFETCH = ("material_aid__kind", "material_aid__organization")


def consultations_for_role(qs: QuerySet[Consultation], *, membership: Membership | None
                           ) -> QuerySet[Consultation]:
    """``qs`` with its topics and material aid, as ``membership`` may read it.

    Without CASE_CONFIDENTIAL: no advice, no notes, no material aid, no sensitive topics
    (the prefetches leave them out, so ``consultation.topics.all()`` and
    ``consultation.material_aid.all()`` are safe to show) and sensitive housing situations
    only as their ETHOS category.
    """
    if case_confidential_allowed(membership):
        return qs.prefetch_related("topics", *MATERIAL_AID_PREFETCH)
    qs = qs.prefetch_related(Prefetch("topics", queryset=Topic.objects.filter(sensitive=False)),
                             Prefetch("material_aid", queryset=MaterialAid.objects.none()))
    qs._iterable_class = _RestrictedConsultations
    return qs


def _uuid_or_404(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError):
        raise Http404 from None


def client_get_for_user(*, membership: Membership, client_id, follow_merge: bool = True) -> Client:
    """The one way to load a client: 404 for anything outside the user's contact point."""
    client = clients_for_role(
        Client.objects.filter(uuid=_uuid_or_404(client_id),
                              contact_point_id=membership.contact_point_id)
        .select_related("municipality", "housing_situation", "key_worker", "merged_into"),
        membership=membership,
    ).first()
    if client is None:
        raise Http404
    if follow_merge and client.merged_into_id:
        return client_get_for_user(membership=membership, client_id=client.merged_into.uuid)
    return client


def consultation_get_for_user(*, membership: Membership, consultation_id) -> Consultation:
    consultation = consultations_for_role(
        Consultation.objects.filter(uuid=_uuid_or_404(consultation_id),
                                    contact_point_id=membership.contact_point_id)
        .select_related("client", "adviser", "housing_situation"),
        membership=membership,
    ).first()
    if consultation is None:
        raise Http404
    return consultation


def task_get_for_user(*, membership: Membership, task_id) -> Task:
    task = (Task.objects.filter(uuid=_uuid_or_404(task_id),
                                contact_point_id=membership.contact_point_id)
            .select_related("client").first())
    if task is None:
        raise Http404
    return task


def household_member_get(*, client: Client, member_id) -> HouseholdMember:
    member = HouseholdMember.objects.filter(uuid=_uuid_or_404(member_id),
                                            household_id=client.household_id).first()
    if member is None or client.household_id is None:
        raise Http404
    return member


def consent_get(*, client: Client, consent_id) -> Consent:
    consent = Consent.objects.filter(uuid=_uuid_or_404(consent_id), client=client).first()
    if consent is None:
        raise Http404
    return consent


def _parse_dates(q: str) -> tuple[list[date], str]:
    found: list[date] = []

    def take(match: re.Match) -> str:
        d, m, y, iy, im, idd = match.groups()
        try:
            found.append(date(int(y), int(m), int(d)) if y else date(int(iy), int(im), int(idd)))
        except ValueError:
            return match.group(0)
        return " "

    rest = _DATE.sub(take, q)
    return found, rest


def client_search(*, contact_point: ContactPoint, q: str = "",
                  membership: Membership | None = None,
                  window: int | None = None) -> QuerySet[Client]:
    """Clients of one contact point matching every word of ``q``, as ``membership`` may
    read them (restricted without one), in name order.

    Words match the start of a word of the name or the address ignoring case and
    diacritics; a date matches the date of birth; six or more digits match the phone
    number. ``window``: the caller reads at most this many rows from the start (see
    ``kmb.core.paging.lookahead_window``), which lets a search by name stop there.
    """
    qs = Client.objects.filter(contact_point=contact_point, merged_into__isnull=True)
    dates, rest = _parse_dates(q or "")
    for day in dates:
        qs = qs.filter(birth_date=day)
    words: list[str] = []
    for word in rest.split():
        number = digits(word)
        if len(number) >= 6 and len(number) >= len(word) - 4:
            qs = qs.filter(phone_digits__contains=number[-9:])
            continue
        words += search_words(word)
    surname: Any = "last_name"
    if words and max(map(len, words)) >= 3:
        found = _token_search(contact_point, words, window)
        if window is not None:
            # read once: the pager's count and its page then look up these few ids
            with connection.cursor() as cursor:
                cursor.execute(found.sql, found.params)
                found = [row[0] for row in cursor.fetchall()]
        qs = qs.filter(pk__in=found)
        # the few clients found, then sorted: sorting by an expression keeps the planner
        # from walking the office's name index instead
        surname = Concat("last_name", Value(""))
    else:
        # short words match much of the office: walk it in name order, test each client
        for part in words:
            qs = qs.filter(Exists(ClientSearchToken.objects.filter(
                client=OuterRef("pk"), token__startswith=part)))
    return clients_for_role(qs.select_related("housing_situation", "municipality").order_by(
        surname, "first_name", "nickname", "id"), membership=membership)


def client_search_page(*, contact_point: ContactPoint, q: str, page,
                       membership: Membership | None = None) -> Page:
    """One page of ``client_search``: a search counts fewer pages ahead than the plain
    list (each counted page is read from the search index), and the search reads only
    as many rows as the pager needs."""
    ahead = SEARCH_LOOKAHEAD_PAGES if q.strip() else LOOKAHEAD_PAGES
    qs = client_search(contact_point=contact_point, q=q, membership=membership,
                       window=lookahead_window(page, settings.KMB_PAGE_SIZE, lookahead=ahead))
    return LookaheadPaginator(qs, settings.KMB_PAGE_SIZE, lookahead=ahead).get_page(page)


def _token_search(contact_point: ContactPoint, words: list[str], window: int | None
                  ) -> RawSQL:
    """Ids of the office's clients with a word starting with each of ``words``, the first
    ``window`` of them in name order, read from the token index alone: a range of the
    longest word, the other words tested in the client's words kept beside each token.
    Words are letters and digits only (``search_words``): nothing to escape in LIKE."""
    table = ClientSearchToken._meta.db_table
    drive = max(words, key=len)
    others = list(words)
    others.remove(drive)
    sql = (f"SELECT client_id FROM {table} WHERE contact_point_id = %s "  # noqa: S608
           "AND token LIKE %s" + " AND words LIKE %s" * len(others)
           + " GROUP BY last_name, first_name, nickname, client_id"
           " ORDER BY last_name, first_name, nickname, client_id")
    params: list[Any] = [contact_point.pk, f"{drive}%", *(f"% {w}%" for w in others)]
    if window is not None:
        sql += " LIMIT %s"
        params.append(window)
    return RawSQL(sql, params)  # noqa: S611 - the SQL is fixed, the words are parameters


def client_duplicates(*, contact_point: ContactPoint, first_name: str, last_name: str,
                      birth_date: date | None, exclude_pk: int | None = None) -> list[Client]:
    """Likely duplicates: the same name ignoring case and diacritics, or the same name
    with the same date of birth; an exact birth date with the same last name also counts."""
    first, last = fold(first_name), fold(last_name)
    if not last:
        return []
    qs = Client.objects.filter(contact_point=contact_point, merged_into__isnull=True)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    cond = Q(name_search__startswith=f"{first} {last}".strip()) if first else Q(
        name_search__contains=last)
    if birth_date:
        cond |= Q(birth_date=birth_date, name_search__contains=last)
    return list(qs.filter(cond).select_related("municipality").order_by("id")[:10])


def dashboard_tasks(*, contact_point: ContactPoint, assignee=None, horizon_days: int = 14,
                    limit: int = 50) -> list[Task]:
    """Open tasks due within the horizon or overdue, the oldest due date first."""
    until = timezone.localdate() + timedelta(days=horizon_days)
    qs = Task.objects.filter(contact_point=contact_point, status=TaskStatus.OPEN,
                             due_date__lte=until, client__merged_into__isnull=True)
    if assignee is not None:
        qs = qs.filter(Q(assignee=assignee) | Q(assignee__isnull=True, created_by=assignee))
    return list(qs.select_related("client", "assignee").order_by("due_date", "id")[:limit])


def dashboard_clients_at_risk(*, contact_point: ContactPoint, key_worker=None,
                              within_days: int = 30, limit: int = 50,
                              membership: Membership | None = None) -> list[Client]:
    """Clients whose housing-loss date falls within ``within_days`` (or has passed
    within the last week), the most urgent first."""
    today = timezone.localdate()
    qs = Client.objects.filter(
        contact_point=contact_point, merged_into__isnull=True,
        housing_loss_date__gte=today - timedelta(days=7),
        housing_loss_date__lte=today + timedelta(days=within_days),
    )
    if key_worker is not None:
        qs = qs.filter(key_worker=key_worker)
    return list(clients_for_role(qs.select_related("housing_situation", "key_worker")
                                 .order_by("housing_loss_date", "id"),
                                 membership=membership)[:limit])


def office_overview(*, contact_point: ContactPoint) -> dict:
    """Counts for the lead's dashboard, kept for ``KMB_OVERVIEW_CACHE_SECONDS``.

    Counted from indexes alone (consultations by office and time with the client, open
    tasks by due date), and at most once a minute per office and server process: a big
    office's lead does not count tens of thousands of rows on every view.
    """
    seconds = settings.KMB_OVERVIEW_CACHE_SECONDS
    key = f"kmb:office_overview:{contact_point.pk}"
    found = cache.get(key) if seconds else None
    if found is None:
        found = _office_overview_counted(contact_point)
        if seconds:
            cache.set(key, found, seconds)
    return found


def _office_overview_counted(contact_point: ContactPoint) -> dict:
    month_ago = timezone.now() - timedelta(days=30)
    consultations = Consultation.objects.filter(contact_point=contact_point,
                                                occurred_at__gte=month_ago).aggregate(
        total=Count("id"), anonymous=Count("id", filter=Q(client__isnull=True)))
    open_tasks = Task.objects.filter(contact_point=contact_point, status=TaskStatus.OPEN).aggregate(
        total=Count("id"),
        overdue=Count("id", filter=Q(due_date__lt=timezone.localdate())))
    return {"consultations_30d": consultations["total"],
            "anonymous_30d": consultations["anonymous"],
            "open_tasks": open_tasks["total"], "overdue_tasks": open_tasks["overdue"]}


def task_list(*, contact_point: ContactPoint, assignee=None, status: str = TaskStatus.OPEN
              ) -> QuerySet[Task]:
    qs = Task.objects.filter(contact_point=contact_point, client__merged_into__isnull=True)
    if status:
        qs = qs.filter(status=status)
    if assignee is not None:
        qs = qs.filter(assignee=assignee)
    return qs.select_related("client", "assignee").order_by("due_date", "id")


def consultations_recent(*, contact_point: ContactPoint, membership: Membership | None = None
                         ) -> QuerySet[Consultation]:
    return consultations_for_role(
        Consultation.objects.filter(contact_point=contact_point)
        .select_related("client", "adviser", "housing_situation").order_by("-occurred_at"),
        membership=membership)


def consultations_of_client(*, client: Client, membership: Membership | None
                            ) -> QuerySet[Consultation]:
    """A client's consultations, newest first, as ``membership`` may read them."""
    return consultations_for_role(
        Consultation.objects.filter(client=client)
        .select_related("client", "adviser", "housing_situation").order_by("-occurred_at"),
        membership=membership)


def household_members(*, client: Client) -> list[HouseholdMember]:
    if client.household_id is None:
        return []
    return list(HouseholdMember.objects.filter(household_id=client.household_id))


def online_request_get_for_user(*, membership: Membership, request_id) -> OnlineRequest:
    found = (OnlineRequest.objects.filter(uuid=_uuid_or_404(request_id),
                                          contact_point_id=membership.contact_point_id)
             .select_related("municipality", "handled_by").prefetch_related("topics").first())
    if found is None:
        raise Http404
    return found


def online_requests(*, contact_point: ContactPoint, status: str = OnlineRequestStatus.NEW
                    ) -> QuerySet[OnlineRequest]:
    qs = OnlineRequest.objects.filter(contact_point=contact_point)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("municipality").prefetch_related("topics").order_by("received_at")


def online_requests_waiting(*, contact_point: ContactPoint) -> int:
    return OnlineRequest.objects.filter(contact_point=contact_point,
                                        status=OnlineRequestStatus.NEW).count()
