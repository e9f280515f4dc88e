"""Reads about contact points that other parts reuse: which office serves which place."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from kmb.accounts.models import ContactPoint, ServiceArea
from kmb.core.models import Municipality


def _orp_id(municipality: Municipality | int) -> int | None:
    if isinstance(municipality, Municipality):
        return municipality.orp_id
    return Municipality.objects.filter(pk=municipality).values_list("orp_id", flat=True).first()


def _areas_valid_on(*, municipality: Municipality | int, on: date | None) -> list[ServiceArea]:
    """Assignments of the municipality itself and of its whole ORP district valid on a day.

    The newest assignment wins where two overlap (a regulation changed mid-way); of two
    equally new ones, the assignment of the single municipality is the more specific.
    """
    municipality_id = getattr(municipality, "pk", municipality)
    orp_id = _orp_id(municipality)
    place = Q(municipality_id=municipality_id)
    if orp_id is not None:
        place |= Q(orp_id=orp_id)
    return list(
        ServiceArea.objects.valid_on(on or timezone.localdate())
        .filter(place, contact_point__active=True)
        .select_related("contact_point")
        .annotate(whole_orp=Case(When(orp__isnull=False, then=Value(1)), default=Value(0),
                                 output_field=IntegerField()))
        .order_by("-valid_from", "whole_orp", "contact_point__name", "pk")
    )


def contact_point_for_municipality(
    *, municipality: Municipality | int, city_district_code: str | None = None,
    on: date | None = None,
) -> ContactPoint | None:
    """The contact point competent for a municipality on a day (today by default).

    The dated assignments (``ServiceArea``) decide. In cities divided into city districts
    (Praha, Brno…) an assignment may cover only one district: if ``city_district_code`` is
    given, the office of that district is competent; otherwise, or where the district has no
    office of its own, the office serving the whole municipality is. ``None`` when no active
    office serves the place on that day.
    """
    areas = _areas_valid_on(municipality=municipality, on=on)
    if city_district_code:
        for area in areas:
            if area.city_district_code == city_district_code:
                return area.contact_point
    for area in areas:
        if not area.city_district_code:
            return area.contact_point
    return None


@dataclass(frozen=True)
class ServingOffice:
    contact_point: ContactPoint
    city_district_code: str
    city_district_name: str


def contact_points_serving(*, municipality: Municipality | int, on: date | None = None
                           ) -> list[ServingOffice]:
    """Every office serving a municipality on a day: the whole-municipality one first."""
    seen: set[tuple[int, str]] = set()
    found = []
    for area in _areas_valid_on(municipality=municipality, on=on):
        key = (area.contact_point_id, area.city_district_code)
        if key not in seen:
            seen.add(key)
            found.append(ServingOffice(area.contact_point, area.city_district_code,
                                       area.city_district_name))
    return sorted(found, key=lambda s: (bool(s.city_district_code), s.city_district_name,
                                        s.contact_point.name))


def contact_point_directory(*, on: date | None = None) -> QuerySet[ContactPoint]:
    """Active offices with the areas they serve on a day, in ``served_areas`` (two queries)."""
    areas = (ServiceArea.objects.valid_on(on or timezone.localdate())
             .select_related("municipality", "orp")
             .order_by("orp__name", "municipality__name", "city_district_name"))
    return (ContactPoint.objects.filter(active=True).select_related("municipality")
            .prefetch_related(Prefetch("service_areas", queryset=areas, to_attr="served_areas"))
            .order_by("name", "pk"))


def contact_point_get_public(*, uuid_text: str | None) -> ContactPoint | None:
    """An active office by its public identifier; ``None`` for anything else."""
    try:
        key = uuid.UUID(str(uuid_text or ""))
    except ValueError:
        return None
    return ContactPoint.objects.filter(uuid=key, active=True).select_related(
        "municipality").first()


def staff_of(*, contact_point: ContactPoint) -> QuerySet:
    """Active staff members of a contact point, by name."""
    from kmb.accounts.models import User

    return (User.objects.filter(memberships__contact_point=contact_point,
                                memberships__active=True, is_active=True)
            .distinct().order_by("last_name", "first_name"))
