"""The partner directory as an Open Referral HSDS 3.0 API, public and read-only.

Paths, parameters and the paginated answers (``total_items``, ``total_pages``,
``page_number``, ``size``, ``first_page``, ``last_page``, ``empty``, ``contents``) follow the
standard's OpenAPI description; the objects are those of the HSDS export. Staff-only
contact persons and anything about referrals or clients are never part of it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from kmb.core.text import digits, fold
from kmb.network import selectors
from kmb.network.hsds.export import Graph, brief_service
from kmb.network.hsds.spec import HSDS_VERSION, OPENAPI_URL, parse_datetime_value
from kmb.network.models import (
    Address,
    Attribute,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

router = Router(tags=["hsds"], auth=None)

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50


class PageOut(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


class MetaOut(Schema):
    version: str
    profile: str
    openapi_url: str


class NotFoundOut(Schema):
    detail: str


def _page(qs: QuerySet, page: int, per_page: int, build) -> dict[str, Any]:
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    page = max(page, 1)
    paginator = Paginator(qs, per_page)
    total_pages = max(paginator.num_pages, 1)
    items = list(paginator.page(page).object_list) if page <= paginator.num_pages else []
    contents = build(items) if items else []
    return {"total_items": paginator.count, "total_pages": total_pages, "page_number": page,
            "size": len(contents), "first_page": page == 1, "last_page": page >= total_pages,
            "empty": not contents, "contents": contents}


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise HttpError(404, "Not found") from None


def _optional_uuid(value: str | None, name: str) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise HttpError(422, f"{name} is not a valid identifier") from None


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parse_datetime_value(value)
    except ValueError:
        raise HttpError(422, "modified_after is not an ISO 8601 date and time") from None


def _with_terms(qs: QuerySet, field: str, taxonomy_term_id: str | None,
                taxonomy_id: str | None) -> QuerySet:
    term = _optional_uuid(taxonomy_term_id, "taxonomy_term_id")
    taxonomy = _optional_uuid(taxonomy_id, "taxonomy_id")
    if term is not None:
        qs = qs.filter(**{f"{field}__in": Attribute.objects.filter(taxonomy_term_id=term)
                          .values("link_id")})
    if taxonomy is not None:
        qs = qs.filter(**{f"{field}__in": Attribute.objects.filter(
            taxonomy_term__taxonomy_detail_id=taxonomy).values("link_id")})
    return qs


@router.get("/", response=MetaOut, summary="About this API and HSDS")
def meta(request: HttpRequest):
    """Information about this API and its relationship with HSDS."""
    return {"version": HSDS_VERSION,
            "profile": "https://docs.openreferral.org/en/latest/hsds/profiles.html",
            "openapi_url": OPENAPI_URL}


@router.get("/services", response=PageOut, summary="Services, paginated")
def services_list(request: HttpRequest, search: str = "", page: int = 1,
                  per_page: int = DEFAULT_PER_PAGE, taxonomy_term_id: str | None = None,
                  taxonomy_id: str | None = None, organization_id: str | None = None,
                  modified_after: str | None = None, full: bool = False,
                  minimal: bool = False):
    """Services with their one-to-one fields (``full=true``: fully nested)."""
    qs = selectors.directory_search(q=search[:200])
    qs = _with_terms(qs, "id", taxonomy_term_id, taxonomy_id)
    org = _optional_uuid(organization_id, "organization_id")
    if org is not None:
        qs = qs.filter(organization_id=org)
    since = _since(modified_after)
    if since is not None:
        qs = qs.filter(last_modified__gte=since)
    qs = qs.select_related("organization", "program")

    def build(items: list[Service]) -> list[dict]:
        if minimal:
            return [{"id": str(s.pk), **({"last_modified": _iso(s.last_modified)}
                                          if s.last_modified else {})} for s in items]
        if full:
            graph = Graph.load(service_ids=[s.pk for s in items])
            return [graph.service(graph.rows["service"][s.pk]) for s in items]
        graph = _brief_graph(items)
        return [brief_service(graph, s) for s in items]

    return _page(qs, page, per_page, build)


def _iso(value: datetime) -> str:
    from kmb.network.hsds.spec import to_hsds

    return to_hsds("datetime", value)


def _brief_graph(services: list[Service]) -> Graph:
    graph = Graph()
    for service in services:
        graph.rows["service"][service.pk] = service
        graph.rows["organization"][service.organization_id] = service.organization
        if service.program_id:
            graph.rows["program"][service.program_id] = service.program
    return graph


@router.get("/services/{id}", response={200: dict, 404: NotFoundOut},
            summary="A fully nested service")
def service_detail(request: HttpRequest, id: str):  # noqa: A002 – the standard's name
    graph = Graph.load(service_ids=[_uuid(id)])
    service = graph.rows["service"].get(_uuid(id))
    if service is None:
        return 404, {"detail": "Not found"}
    return 200, graph.service(service)


@router.get("/organizations", response=PageOut, summary="Organisations, paginated")
def organizations_list(request: HttpRequest, search: str = "", page: int = 1,
                       per_page: int = DEFAULT_PER_PAGE, full: bool = False,
                       full_service: bool = False):
    qs = Organization.objects.order_by("name", "id")
    for word in search[:200].split()[:10]:
        qs = qs.filter(name_search__contains=fold(word))

    def build(items: list[Organization]) -> list[dict]:
        if not full:
            graph = Graph()
            return [graph.flat("organization", o) for o in items]
        graph = Graph.load(organization_ids=[o.pk for o in items])
        return [graph.organization(graph.rows["organization"][o.pk],
                                   services="full" if full_service else "brief")
                for o in items]

    return _page(qs, page, per_page, build)


@router.get("/organizations/{id}", response={200: dict, 404: NotFoundOut},
            summary="A fully nested organisation")
def organization_detail(request: HttpRequest, id: str,  # noqa: A002
                        full_service: bool = False):
    """The organisation with everything about it; its services with their one-to-one
    fields, or fully nested with ``full_service=true``."""
    key = _uuid(id)
    graph = Graph.load(organization_ids=[key])
    organization = graph.rows["organization"].get(key)
    if organization is None:
        return 404, {"detail": "Not found"}
    return 200, graph.organization(organization,
                                   services="full" if full_service else "brief")


@router.get("/service_at_locations", response=PageOut,
            summary="Services at locations, paginated")
def service_at_locations_list(request: HttpRequest, search: str = "", page: int = 1,
                              per_page: int = DEFAULT_PER_PAGE,
                              taxonomy_term_id: str | None = None,
                              taxonomy_id: str | None = None,
                              organization_id: str | None = None,
                              modified_after: str | None = None, full: bool = False,
                              postcode: str = ""):
    qs = ServiceAtLocation.objects.select_related(
        "location", "service__organization", "service__program").order_by(
        "service__organization__name", "service__name", "id")
    for word in search[:200].split()[:10]:
        folded = fold(word)
        qs = qs.filter(Q(service__name_search__contains=folded)
                       | Q(service__organization__name_search__contains=folded))
    qs = _with_terms(qs, "service_id", taxonomy_term_id, taxonomy_id)
    org = _optional_uuid(organization_id, "organization_id")
    if org is not None:
        qs = qs.filter(service__organization_id=org)
    since = _since(modified_after)
    if since is not None:
        qs = qs.filter(service__last_modified__gte=since)
    code = digits(postcode)
    if code:
        qs = qs.filter(location_id__in=Address.objects.filter(
            postal_code__in=[code, f"{code[:3]} {code[3:]}"]).values("location_id"))

    def build(items: list[ServiceAtLocation]) -> list[dict]:
        if full:
            graph = Graph.load(sal_ids=[s.pk for s in items])
            return [graph.service_at_location(graph.rows["service_at_location"][s.pk])
                    for s in items]
        graph = _brief_graph([s.service for s in items])
        out = []
        for sal in items:
            item = graph.flat("service_at_location", sal)
            item["location"] = graph.flat("location", sal.location)
            item["service"] = brief_service(graph, sal.service)
            out.append(item)
        return out

    return _page(qs, page, per_page, build)


@router.get("/service_at_locations/{id}", response={200: dict, 404: NotFoundOut},
            summary="A fully nested service at a location")
def service_at_location_detail(request: HttpRequest, id: str):  # noqa: A002
    key = _uuid(id)
    graph = Graph.load(sal_ids=[key])
    sal = graph.rows["service_at_location"].get(key)
    if sal is None:
        return 404, {"detail": "Not found"}
    return 200, graph.service_at_location(sal)


@router.get("/taxonomies", response=PageOut, summary="Taxonomies, paginated")
def taxonomies_list(request: HttpRequest, search: str = "", page: int = 1,
                    per_page: int = DEFAULT_PER_PAGE):
    qs = Taxonomy.objects.order_by("name", "id")
    if search:
        qs = qs.filter(name__icontains=search[:200])
    graph = Graph()
    return _page(qs, page, per_page, lambda items: [graph.flat("taxonomy", t) for t in items])


@router.get("/taxonomies/{id}", response={200: dict, 404: NotFoundOut},
            summary="A taxonomy")
def taxonomy_detail(request: HttpRequest, id: str):  # noqa: A002
    taxonomy = Taxonomy.objects.filter(pk=_uuid(id)).first()
    if taxonomy is None:
        return 404, {"detail": "Not found"}
    return 200, Graph().flat("taxonomy", taxonomy)


@router.get("/taxonomy_terms", response=PageOut, summary="Taxonomy terms, paginated")
def taxonomy_terms_list(request: HttpRequest, search: str = "", page: int = 1,
                        per_page: int = DEFAULT_PER_PAGE, taxonomy_id: str | None = None,
                        top_only: bool = False, parent_id: str | None = None):
    qs = TaxonomyTerm.objects.select_related("taxonomy_detail").order_by("name", "id")
    if search:
        qs = qs.filter(Q(name__icontains=search[:200]) | Q(code__icontains=search[:200]))
    taxonomy = _optional_uuid(taxonomy_id, "taxonomy_id")
    if taxonomy is not None:
        qs = qs.filter(taxonomy_detail_id=taxonomy)
    parent = _optional_uuid(parent_id, "parent_id")
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    if top_only:
        qs = qs.filter(parent__isnull=True)
    return _page(qs, page, per_page, _terms)


def _terms(items: list[TaxonomyTerm]) -> list[dict]:
    graph = Graph()
    out = []
    for term in items:
        item = graph.flat("taxonomy_term", term)
        if term.taxonomy_detail is not None:
            item["taxonomy_detail"] = graph.flat("taxonomy", term.taxonomy_detail)
        out.append(item)
    return out


@router.get("/taxonomy_terms/{id}", response={200: dict, 404: NotFoundOut},
            summary="A taxonomy term")
def taxonomy_term_detail(request: HttpRequest, id: str):  # noqa: A002
    term = TaxonomyTerm.objects.select_related("taxonomy_detail").filter(pk=_uuid(id)).first()
    if term is None:
        return 404, {"detail": "Not found"}
    return 200, _terms([term])[0]
