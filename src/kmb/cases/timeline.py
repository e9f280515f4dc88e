"""A client's timeline: entries of several kinds, newest first, paginated in SQL.

Each kind registers a source: a query giving (kind, time, pk) rows for a client and a
loader that fetches the objects of one page. A page then costs one count, one union query
and one query per kind, whatever the length of the history. Other parts of the system
(referrals, estimates, registrations) add their own kinds with ``timeline_register``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, QuerySet, Value

from kmb.cases.models import Client, Consent, Consultation, Task


@dataclass(frozen=True)
class TimelineSource:
    kind: str
    rows: Callable[[Client], QuerySet]
    load: Callable[[list[int]], dict[int, Any]]
    template: str


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


def client_timeline(*, client: Client, page: int | str = 1, per_page: int = 20) -> Page:
    sources = list(_SOURCES.values())
    union = sources[0].rows(client)
    for source in sources[1:]:
        union = union.union(source.rows(client), all=True)
    union = union.order_by("-tl_at", "-pk")
    paginator = Paginator(union, per_page)
    page_obj = paginator.get_page(page)
    by_kind: dict[str, list[int]] = {}
    for kind, _at, pk in page_obj.object_list:
        by_kind.setdefault(kind, []).append(pk)
    loaded = {kind: _SOURCES[kind].load(pks) for kind, pks in by_kind.items()}
    page_obj.object_list = [
        TimelineEntry(kind=kind, at=at, obj=loaded[kind][pk], template=_SOURCES[kind].template)
        for kind, at, pk in page_obj.object_list
        if pk in loaded[kind]
    ]
    return page_obj


timeline_register(TimelineSource(
    kind="consultation",
    rows=lambda c: rows_of(Consultation.objects.filter(client=c), "consultation", "occurred_at"),
    load=lambda pks: Consultation.objects.select_related("adviser", "housing_situation")
    .prefetch_related("topics", "material_aid__kind", "material_aid__organization")
    .in_bulk(pks),
    template="cases/timeline/consultation.html",
))
timeline_register(TimelineSource(
    kind="task",
    rows=lambda c: rows_of(Task.objects.filter(client=c), "task", "created_at"),
    load=lambda pks: Task.objects.select_related("assignee").in_bulk(pks),
    template="cases/timeline/task.html",
))
timeline_register(TimelineSource(
    kind="consent",
    rows=lambda c: rows_of(Consent.objects.filter(client=c), "consent", "created_at"),
    load=lambda pks: Consent.objects.select_related("recorded_by", "client").in_bulk(pks),
    template="cases/timeline/consent.html",
))
