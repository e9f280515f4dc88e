"""The HSDS 3.0 tables: their JSON Schemas, the models that hold them, value conversions.

Everything the importer, the exporter and the API know about HSDS comes from the schema
files in ``schema/`` (copied from the standard) plus the table list below, which says
which model holds a table, which columns link to other tables and which of our extension
fields travel with it (as ``kmb_<field>``; HSDS allows additional properties).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import models
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
HSDS_VERSION = "3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
EXTENSION_PREFIX = "kmb_"
#: A service area names a Czech municipality by its RÚIAN linked-data URI.
RUIAN_MUNICIPALITY_URI = "https://linked.cuzk.cz/resource/ruian/obec/"

#: Longest text we accept in one field, and in a name.
MAX_TEXT = 20_000
MAX_NAME = 500


@cache
def schema(name: str) -> dict:
    with open(SCHEMA_DIR / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(contents,
                                                            default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator of the full (nested) schema of one table."""
    return Draft202012Validator(schema(name), registry=registry(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def flat_validator(name: str) -> Draft202012Validator:
    """A validator of one row of a table: its own fields, without the nested arrays."""
    full = schema(name)
    properties = {k: v for k, v in full["properties"].items()
                  if v.get("type") != "array" and "$ref" not in v}
    flat = {"type": "object", "properties": properties,
            "required": [r for r in full.get("required", []) if r in properties]}
    return Draft202012Validator(flat, format_checker=Draft202012Validator.FORMAT_CHECKER)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # string, number, uuid, date, time, datetime
    required: bool
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Table:
    name: str
    model_name: str
    #: HSDS link column -> (model foreign key, table it points to)
    links: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: links that must point to an existing row (the rest are dropped with a warning)
    required_links: tuple[str, ...] = ()
    #: our extension fields, carried as ``kmb_<field>``
    extensions: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model("network", self.model_name)

    @property
    def path(self) -> str:
        return schema(self.name)["path"]

    @property
    def resource(self) -> str:
        return self.path.removesuffix(".csv")

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        full = schema(self.name)
        required = set(full.get("required", [])) | set(full.get("tabular_required", []))
        found = []
        for name, prop in full["properties"].items():
            if prop.get("type") == "array" or "$ref" in prop:
                continue
            found.append(Field(name=name, kind=_kind(prop), required=name in required,
                               enum=tuple(prop["enum"]) if "enum" in prop else None))
        return tuple(found)

    @cached_property
    def field_map(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def attname(self, column: str) -> str:
        """The model attribute holding an HSDS column."""
        if column in self.links:
            return f"{self.links[column][0]}_id"
        return column

    @cached_property
    def extension_columns(self) -> tuple[str, ...]:
        return tuple(EXTENSION_PREFIX + name for name in self.extensions)

    @cached_property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields) + self.extension_columns


def _kind(prop: dict) -> str:
    if prop.get("format") == "uuid":
        return "uuid"
    if prop.get("datapackage_type") in ("date", "time", "datetime"):
        return prop["datapackage_type"]
    if prop.get("format") == "date-time":
        return "datetime"
    if prop.get("type") == "number":
        return "number"
    return "string"


_SVC = ("service", "service")
_ORG = ("organization", "organization")
_LOC = ("location", "location")
_SAL = ("service_at_location", "service_at_location")

#: Every table, in the order an import writes them (a table after those it links to).
TABLES: dict[str, Table] = {t.name: t for t in (
    Table("taxonomy", "Taxonomy"),
    Table("taxonomy_term", "TaxonomyTerm",
          links={"parent_id": ("parent", "taxonomy_term"),
                 "taxonomy_id": ("taxonomy_detail", "taxonomy")},
          extensions=("name_en", "name_uk")),
    Table("organization", "Organization",
          links={"parent_organization_id": ("parent_organization", "organization")},
          extensions=("description_en", "description_uk")),
    Table("organization_identifier", "OrganizationIdentifier",
          links={"organization_id": _ORG}, required_links=("organization_id",)),
    Table("program", "Program", links={"organization_id": _ORG},
          required_links=("organization_id",)),
    Table("service", "Service",
          links={"organization_id": _ORG, "program_id": ("program", "program")},
          required_links=("organization_id",),
          extensions=("name_en", "name_uk", "description_en", "description_uk")),
    Table("location", "Location", links={"organization_id": _ORG},
          extensions=("transportation_en", "transportation_uk")),
    Table("address", "Address", links={"location_id": _LOC}),
    Table("accessibility", "Accessibility", links={"location_id": _LOC}),
    Table("service_at_location", "ServiceAtLocation",
          links={"service_id": _SVC, "location_id": _LOC},
          required_links=("service_id", "location_id")),
    Table("contact", "Contact",
          links={"organization_id": _ORG, "service_id": _SVC,
                 "service_at_location_id": _SAL, "location_id": _LOC}),
    Table("phone", "Phone",
          links={"location_id": _LOC, "service_id": _SVC, "organization_id": _ORG,
                 "contact_id": ("contact", "contact"), "service_at_location_id": _SAL}),
    Table("language", "Language",
          links={"service_id": _SVC, "location_id": _LOC, "phone_id": ("phone", "phone")}),
    Table("schedule", "Schedule",
          links={"service_id": _SVC, "location_id": _LOC, "service_at_location_id": _SAL}),
    Table("service_area", "ServiceArea", links={"service_id": _SVC}),
    Table("cost_option", "CostOption", links={"service_id": _SVC},
          required_links=("service_id",)),
    Table("required_document", "RequiredDocument", links={"service_id": _SVC}),
    Table("funding", "Funding", links={"organization_id": _ORG, "service_id": _SVC}),
    Table("attribute", "Attribute", links={"taxonomy_term_id": ("taxonomy_term",
                                                                "taxonomy_term")},
          required_links=("taxonomy_term_id",)),
    Table("metadata", "Metadata"),
    Table("meta_table_description", "MetaTableDescription"),
)}

TABLE_BY_PATH = {t.path: t for t in TABLES.values()}

#: Tables whose rows an ``attribute`` (link_id) or ``metadata`` (resource_id) may name.
LINKABLE = ("organization", "service", "location", "service_at_location", "program",
            "contact", "phone", "address", "schedule", "service_area", "language",
            "cost_option", "required_document", "funding", "accessibility",
            "organization_identifier", "taxonomy", "taxonomy_term")


# --------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------

def parse_datetime_value(value: str) -> datetime:
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def to_python(kind: str, value: Any) -> Any:
    """An HSDS value (already schema-checked) as the model stores it; ValueError if not."""
    if value is None or value == "":
        return "" if kind == "string" else None
    if kind == "number":
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        return number
    if kind == "date":
        return date.fromisoformat(str(value))
    if kind == "time":
        return time.fromisoformat(str(value))
    if kind == "datetime":
        return parse_datetime_value(str(value))
    return str(value)


def to_hsds(kind: str, value: Any) -> Any:
    """A model value as HSDS JSON; None means "leave the property out"."""
    if value is None or value == "":
        return None
    if kind == "number":
        return int(value) if float(value).is_integer() else float(value)
    if kind in ("date", "time"):
        return value.isoformat()
    if kind == "datetime":
        moment = value.astimezone(UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return str(value)


def from_cell(kind: str, text: str) -> Any:
    """A CSV cell as an HSDS JSON value (empty: missing); ValueError for a bad number."""
    if text == "":
        return None
    if kind == "number":
        number = float(text)
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        return int(number) if number.is_integer() and re.fullmatch(r"-?\d+", text) else number
    return text


def to_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


# --------------------------------------------------------------------------------------
# Spreadsheet formulas
# --------------------------------------------------------------------------------------

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS = re.compile(r"^[+-]?[\d\s().,/:-]*$")
#: Text a spreadsheet would run: a formula, a function call or a DDE command.
_FORMULA = re.compile(r"^\s*(?:=|@[A-Za-z]|[+-]\s*[=@]|[+-].*[A-Za-z_][\w.]*\(|[+-].*\|)")


def looks_like_formula(text: str) -> bool:
    return bool(_FORMULA.match(text))


def neutralise(text: str) -> str:
    """Prefix an apostrophe where a spreadsheet could read the cell as a formula.

    Phone numbers and negative numbers ("+420 777 123 456", "-12.5") stay as they are;
    a value that already starts with an apostrophe gets one more, so that
    :func:`unneutralise` gives back exactly the original.
    """
    if not text:
        return text
    if text.startswith("'") or (text.startswith(_TRIGGERS) and not _HARMLESS.match(text)):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    if text.startswith("'") and len(text) > 1 and (text[1] == "'" or text[1:].startswith(
            _TRIGGERS)):
        return text[1:]
    return text
