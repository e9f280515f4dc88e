"""Reads for the public pages: places typed by a visitor, partner services, other apps' pages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from kmb.accounts.models import ServiceArea
from kmb.core.models import CityDistrict, Municipality, MunicipalityPart
from kmb.core.text import digits, fold
from kmb.portal.models import ContentBlock
from kmb.portal.navigator import IncomeLimits

MAX_MATCHES = 20
_NUMBER = re.compile(r"(\d+)")
# RÚIAN names the part of a city outside its districts "<city> (nečleněné město)".
_UNDIVIDED = " (nečleněné město)"


def district_label(name: str) -> str:
    """A city district's name for the reader: RÚIAN's Czech-only "(nečleněné město)" in
    plain words of the reader's language."""
    if name and name.endswith(_UNDIVIDED):
        return gettext("%(city)s – the rest of the city") % {"city": name[:-len(_UNDIVIDED)]}
    return name


@dataclass(frozen=True)
class PlaceMatch:
    """A municipality, with a city district when the typed name points to one."""

    municipality: Municipality
    district_code: str = ""
    district_name: str = ""
    part_name: str = ""

    @property
    def name(self) -> str:
        return self.part_name or self.district_name or self.municipality.name

    @property
    def label(self) -> str:
        district = district_label(self.district_name)
        if self.part_name and district:
            return f"{self.part_name} ({district})"
        if self.part_name and self.part_name != self.municipality.name:
            return f"{self.part_name} ({self.municipality.name})"
        return district or self.municipality.name

    @property
    def okres(self) -> str:
        return self.municipality.district.name


def place_search(term: str) -> list[PlaceMatch]:
    """Municipalities, city districts and parts whose names start with ``term``, or the
    parts with a postal code. Case and diacritics are ignored ("plzen" finds Plzeň); a part
    of a city brings its city district along (Holešovice → Praha 7). Four queries.
    """
    text = fold(term)[:100]
    code = digits(term)
    if len(code) == 5 and len(text.replace(" ", "")) == 5:
        return _dedupe(_part_matches(MunicipalityPart.objects.filter(
            postal_codes__contains=code)))[:MAX_MATCHES]
    if len(text) < 2:
        return []
    towns = [PlaceMatch(t) for t in Municipality.objects.filter(name_search__startswith=text)
             .select_related("district").order_by("name")[:MAX_MATCHES]]
    districts = [PlaceMatch(d.municipality, d.code, d.name)
                 for d in CityDistrict.objects.filter(name_search__startswith=text)
                 .select_related("municipality__district").order_by("name")[:MAX_MATCHES]]
    parts = _part_matches(MunicipalityPart.objects.filter(name_search__startswith=text)
                          .exclude(name_search__in=[fold(t.name) for t in towns]))
    matches = _dedupe(towns + districts + parts)
    exact = [m for m in matches if fold(m.name) == text]
    return (exact or matches)[:MAX_MATCHES]


def _part_matches(parts) -> list[PlaceMatch]:
    found = []
    parts = (parts.select_related("municipality__district").prefetch_related("city_districts")
             .order_by("name")[:MAX_MATCHES])
    for part in parts:
        districts = sorted(part.city_districts.all(), key=lambda d: _natural(d.name))
        found += ([PlaceMatch(part.municipality, d.code, d.name, part.name) for d in districts]
                  or [PlaceMatch(part.municipality, part_name=part.name)])
    return found


def _dedupe(matches: list[PlaceMatch]) -> list[PlaceMatch]:
    seen: set[tuple[int, str, str]] = set()
    found = []
    for match in matches:
        key = (match.municipality.pk, match.district_code, match.part_name)
        if key not in seen:
            seen.add(key)
            found.append(match)
    return found


def code_param(value) -> str:
    """A territorial code from a query parameter (digits only, at most 10), else ""."""
    value = str(value or "").strip()
    return value if value.isdigit() and len(value) <= 10 else ""


def municipality_by_code(code: str) -> Municipality | None:
    if not code:
        return None
    return Municipality.objects.filter(code=code).select_related("district").first()


def _natural(name: str) -> list:
    return [int(piece) if piece.isdigit() else fold(piece) for piece in _NUMBER.split(name)]


def city_districts(municipality: Municipality) -> list[tuple[str, str]]:
    """(code, name) of the city districts of a municipality in natural order (Praha 2
    before Praha 10); empty for municipalities without districts. The districts named by
    the offices' service areas count too, should the territory data lack one."""
    found = dict(CityDistrict.objects.filter(municipality=municipality)
                 .values_list("code", "name"))
    found.update(ServiceArea.objects.filter(municipality=municipality)
                 .exclude(city_district_code="")
                 .values_list("city_district_code", "city_district_name").distinct())
    return [(code, district_label(name))
            for code, name in sorted(found.items(), key=lambda item: _natural(item[1]))]


def partner_services_for(*, categories: Sequence[str], municipality: Municipality | None,
                         limit: int = 6) -> list[Any]:
    """Partner services near the person that fit the situation, from the partner directory.

    The directory (``kmb.network``) is optional for the portal: when it offers
    ``public_services_for(categories=…, municipality=…, limit=…)`` its answer is used; otherwise the
    result page simply shows no services. Never raises for a missing directory.
    """
    if municipality is None or not categories:
        return []
    try:
        from kmb.network import selectors as network
    except ImportError:
        return []
    finder = getattr(network, "public_services_for", None)
    if finder is None:
        return []
    return list(finder(categories=list(categories), municipality=municipality,
                       limit=limit))[:limit]


def url_if_exists(name: str) -> str:
    """The URL of a named page if the application has it (the benefits estimator may not)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def content_blocks_of(*, contact_point, keys: Sequence[str]) -> dict[str, ContentBlock]:
    """A contact point's own texts among ``keys``, by key."""
    return {b.key: b for b in ContentBlock.objects.filter(contact_point=contact_point,
                                                          key__in=list(keys))}


def content_block_pair(*, contact_point, key: str
                       ) -> tuple[ContentBlock | None, ContentBlock | None]:
    """The general text of ``key`` and the contact point's own, if either is stored."""
    blocks = {b.contact_point_id: b for b in ContentBlock.objects.filter(
        Q(contact_point=contact_point) | Q(contact_point__isnull=True), key=key)}
    return blocks.get(None), blocks.get(contact_point.pk)


def income_limits_on(day: date) -> IncomeLimits | None:
    """The housing-support income limit's dated parameters valid on ``day`` (one query):
    the multiple of the living minimum and the living minimum table, both kept by the
    benefits estimator. ``None`` when either is missing or malformed."""
    from kmb.benefits import params

    found = params.parameters_on(day, (params.HOUSING_SUPPORT_MULTIPLE_KEY,
                                       params.LIVING_MINIMUM_KEY))
    multiple_row = found.get(params.HOUSING_SUPPORT_MULTIPLE_KEY)
    multiple = params.decimal_of(multiple_row)
    table = params.living_minimum_from(found.get(params.LIVING_MINIMUM_KEY))
    if multiple is None or multiple <= 0 or table is None:
        return None
    return IncomeLimits(
        multiple=multiple, single=table.single, first_adult=table.first_adult,
        further_adult=table.further_adult,
        child_lowest=min(table.child_under_6, table.child_6_15, table.child_15_26),
        to_be_confirmed=multiple_row.to_be_confirmed)
