"""The engine's districts: choices for forms and lookup by code or Czech name."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "_", stripped.casefold()).strip("_")


@lru_cache(maxsize=1)
def _district_table() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> Czech name, lookup key -> code) of the engine's districts."""
    from openfisca_czechia.variables.dssp.slozka_na_bydleni.okres_bydliste import (
        DsspOkresBydliste,
    )

    names = {m.name: m.value for m in DsspOkresBydliste}
    lookup: dict[str, str] = {}
    for code, name in names.items():
        lookup[code] = code
        lookup[_fold(name)] = code
    lookup["hlavni_mesto_praha"] = "praha"
    lookup["brno"] = "brno_mesto"
    lookup["ostrava"] = "ostrava_mesto"
    lookup["plzen"] = "plzen_mesto"
    return names, lookup


def district_choices() -> list[tuple[str, str]]:
    """(engine code, Czech name) of all districts, sorted by name, e.g. for a form."""
    names, _lookup = _district_table()
    return sorted(names.items(), key=lambda item: _fold(item[1]))


@lru_cache(maxsize=1024)
def _resolve_district_cached(value: str) -> str | None:
    _names, lookup = _district_table()
    key = _fold(value)
    if re.fullmatch(r"praha_\d+", key):
        key = "praha"
    return lookup.get(key)


def resolve_district(value: str | None) -> str | None:
    """The engine's district code for a code or Czech name; ``None`` if unknown.

    Accepts ``"brno_mesto"``, ``"Brno-město"``, ``"brno mesto"``, ``"Praha 5"`` (Prague
    is a single district for the benefit) etc.
    """
    if not value or not isinstance(value, str):
        return None
    return _resolve_district_cached(value)
