"""A client's timeline: entries of several kinds, newest first, paginated in SQL.

Each kind registers a source: a query giving (kind, time, pk) rows for a client and a
loader that fetches the objects of one page. A page then costs one count, one union query
and one query per kind, whatever the length of the history. Other parts of the system
(referrals, estimates, registrations) add their own kinds with ``timeline_register``.

Who sees which kind: a source names the permission needed to see its entries (``perm``).
By default that is ``Perm.CASE_CONFIDENTIAL``, so a new kind of entry stays hidden from
roles that may not read the advice until its source says otherwise. A source open to such
roles may give ``load_restricted``, the loader that shows them only what they may read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, QuerySet, Value

from kmb.accounts.models import Membership
from kmb.accounts.tenancy import membership_has
from kmb.cases.models import Client, Consent, Consultation, Task
from kmb.cases.selectors import (
    MATERIAL_AID_PREFETCH,
    case_confidential_allowed,
    consultations_for_role,
)
from kmb.core.permissions import Perm


@dataclass(frozen=True)
class TimelineSource:
    kind: str
    rows: Callable[[Client], QuerySet]
    load: Callable[[list[int]], dict[int, Any]]
    template: str
    # who may see entries of this kind (hidden from everyone else)
    perm: str = Perm.CASE_CONFIDENTIAL
    # the loader for roles without CASE_CONFIDENTIAL, when ``perm`` lets them see the kind
    load_restricted: Callable[[list[int]], dict[int, Any]] | None = None

    def visible_to(self, membership: Membership | None) -> bool:
        return membership_has(membership, self.perm)

    def loader_for(self, membership: Membership | None) -> Callable[[list[int]], dict]:
        if case_confidential_allowed(membership) or self.load_restricted is None:
            return self.load
        return self.load_restricted


@dataclass
class TimelineEntry:
    kind: str
    at: datetime
    obj: Any
    template: str


_SOURCES: dict[str, TimelineSource] = {}


def timeline_register(source: TimelineSource) -> None:
    _SOURCES[source.kind] = source


def rows_of(qs: QuerySet, kind: str, time_field: str) -> QuerySet:
    return (qs.annotate(tl_kind=Value(kind, output_field=CharField()), tl_at=F(time_field))
            .values_list("tl_kind", "tl_at", "pk").order_by())


def timeline_sources_for(membership: Membership | None) -> list[TimelineSource]:
    """The kinds of entries ``membership`` may see."""
    return [s for s in _SOURCES.values() if s.visible_to(membership)]


def client_timeline(*, client: Client, membership: Membership | None, page: int | str = 1,
                    per_page: int = 20) -> Page:
    """One page of the client's history with only the entries ``membership`` may see."""
    sources = timeline_sources_for(membership)
    if not sources:
        return Paginator([], per_page).get_page(1)
    union = sources[0].rows(client)
    for source in sources[1:]:
        union = union.union(source.rows(client), all=True)
    union = union.order_by("-tl_at", "-pk")
    paginator = Paginator(union, per_page)
    page_obj = paginator.get_page(page)
    by_kind: dict[str, list[int]] = {}
    for kind, _at, pk in page_obj.object_list:
        by_kind.setdefault(kind, []).append(pk)
    loaded = {kind: _SOURCES[kind].loader_for(membership)(pks)
              for kind, pks in by_kind.items()}
    page_obj.object_list = [
        TimelineEntry(kind=kind, at=at, obj=loaded[kind][pk], template=_SOURCES[kind].template)
        for kind, at, pk in page_obj.object_list
        if pk in loaded[kind]
    ]
    return page_obj


def _consultations(*, restricted: bool) -> Callable[[list[int]], dict[int, Any]]:
    def load(pks: list[int]) -> dict[int, Any]:
        qs = Consultation.objects.select_related("adviser", "housing_situation")
        if restricted:  # no membership: the rule's restricted reading
            return consultations_for_role(qs, membership=None).in_bulk(pks)
        return qs.prefetch_related("topics", *MATERIAL_AID_PREFETCH).in_bulk(pks)

    return load


timeline_register(TimelineSource(
    kind="consultation",
    rows=lambda c: rows_of(Consultation.objects.filter(client=c), "consultation", "occurred_at"),
    load=_consultations(restricted=False),
    load_restricted=_consultations(restricted=True),
    template="cases/timeline/consultation.html",
    # everyone who sees the client sees that a consultation took place, without the advice
    perm=Perm.CLIENT_VIEW,
))
timeline_register(TimelineSource(
    kind="task",
    rows=lambda c: rows_of(Task.objects.filter(client=c), "task", "created_at"),
    load=lambda pks: Task.objects.select_related("assignee").in_bulk(pks),
    template="cases/timeline/task.html",
    perm=Perm.TASK_MANAGE,
))
timeline_register(TimelineSource(
    kind="consent",
    rows=lambda c: rows_of(Consent.objects.filter(client=c), "consent", "created_at"),
    load=lambda pks: Consent.objects.select_related("recorded_by", "client").in_bulk(pks),
    template="cases/timeline/consent.html",
    perm=Perm.CLIENT_VIEW,
))
