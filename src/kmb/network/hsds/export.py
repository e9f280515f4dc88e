"""Directory rows as HSDS: nested JSON objects (export and API) and the tabular package.

:class:`Graph` loads the rows it needs with one query per table, whatever their number,
and builds the nested objects of the standard (``organization`` with its services and
locations, ``service`` with everything about it, ``service_at_location``…). The same
builders serve the JSON export and the API, so both say the same. Staff-only contact
persons are a separate model and never pass through here.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from kmb.network.hsds.spec import (
    EXTENSION_PREFIX,
    HSDS_VERSION,
    TABLES,
    neutralise,
    schema,
    to_cell,
    to_hsds,
)
from kmb.network.taxonomy import CAPACITY, CAPACITY_ID, KMB_NAMESPACE, term_id

#: Nested arrays of each object: JSON key -> (child table, the child's link column).
CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "organization": {
        "funding": ("funding", "organization_id"),
        "contacts": ("contact", "organization_id"),
        "phones": ("phone", "organization_id"),
        "locations": ("location", "organization_id"),
        "programs": ("program", "organization_id"),
        "organization_identifiers": ("organization_identifier", "organization_id"),
    },
    "service": {
        "phones": ("phone", "service_id"),
        "schedules": ("schedule", "service_id"),
        "service_areas": ("service_area", "service_id"),
        "service_at_locations": ("service_at_location", "service_id"),
        "languages": ("language", "service_id"),
        "funding": ("funding", "service_id"),
        "cost_options": ("cost_option", "service_id"),
        "required_documents": ("required_document", "service_id"),
        "contacts": ("contact", "service_id"),
    },
    "service_at_location": {
        "contacts": ("contact", "service_at_location_id"),
        "phones": ("phone", "service_at_location_id"),
        "schedules": ("schedule", "service_at_location_id"),
    },
    "location": {
        "languages": ("language", "location_id"),
        "addresses": ("address", "location_id"),
        "contacts": ("contact", "location_id"),
        "accessibility": ("accessibility", "location_id"),
        "phones": ("phone", "location_id"),
        "schedules": ("schedule", "location_id"),
    },
    "contact": {"phones": ("phone", "contact_id")},
    "phone": {"languages": ("language", "phone_id")},
}

#: Single nested objects: JSON key -> (table, the parent's link column).
ONE: dict[str, dict[str, tuple[str, str]]] = {
    "service": {"organization": ("organization", "organization_id"),
                "program": ("program", "program_id")},
    "service_at_location": {"location": ("location", "location_id"),
                            "service": ("service", "service_id")},
    "attribute": {"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", "taxonomy_id")},
}


def has_property(table: str, key: str) -> bool:
    return key in schema(table)["properties"]


def capacity_attribute_id(service_id) -> uuid.UUID:
    return uuid.uuid5(KMB_NAMESPACE, f"capacity/{service_id}")


class Graph:
    """Directory rows loaded in bulk and indexed by the rows they link to."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[Any, Any]] = {name: {} for name in TABLES}
        self._children: dict[tuple[str, str, Any], list] = defaultdict(list)
        self._attributes: dict[Any, list] = defaultdict(list)
        self._metadata: dict[Any, list] = defaultdict(list)
        self.emitted: set[tuple[str, Any]] = set()

    # loading ------------------------------------------------------------------------
    @classmethod
    def load_all(cls) -> Graph:
        graph = cls()
        for name, table in TABLES.items():
            graph._take(name, table.model.objects.all())
        graph._index()
        return graph

    @classmethod
    def load(cls, *, service_ids: Iterable = (), organization_ids: Iterable = (),
             location_ids: Iterable = (), sal_ids: Iterable = ()) -> Graph:
        """The rows needed to nest the given services, organisations, locations and
        services at locations fully (about twenty queries)."""
        graph = cls()
        m = {name: t.model for name, t in TABLES.items()}
        sal_ids = set(sal_ids)
        service_ids = set(service_ids) | set(
            m["service_at_location"].objects.filter(id__in=sal_ids)
            .values_list("service_id", flat=True))
        orgs = set(organization_ids)
        services = graph._take("service", m["service"].objects.filter(
            Q(id__in=service_ids) | Q(organization_id__in=orgs)))
        s_ids = {s.id for s in services}
        orgs |= {s.organization_id for s in services}
        graph._take("organization", m["organization"].objects.filter(id__in=orgs))
        graph._take("program", m["program"].objects.filter(
            Q(organization_id__in=orgs) | Q(id__in={s.program_id for s in services})))
        sals = graph._take("service_at_location",
                           m["service_at_location"].objects.filter(service_id__in=s_ids))
        sal_ids = {s.id for s in sals}
        locations = graph._take("location", m["location"].objects.filter(
            Q(id__in=set(location_ids) | {s.location_id for s in sals})
            | Q(organization_id__in=orgs)))
        l_ids = {loc.id for loc in locations}
        contacts = graph._take("contact", m["contact"].objects.filter(
            Q(service_id__in=s_ids) | Q(service_at_location_id__in=sal_ids)
            | Q(location_id__in=l_ids) | Q(organization_id__in=orgs)))
        c_ids = {c.id for c in contacts}
        phones = graph._take("phone", m["phone"].objects.filter(
            Q(service_id__in=s_ids) | Q(service_at_location_id__in=sal_ids)
            | Q(location_id__in=l_ids) | Q(organization_id__in=orgs) | Q(contact_id__in=c_ids)))
        graph._take("language", m["language"].objects.filter(
            Q(service_id__in=s_ids) | Q(location_id__in=l_ids)
            | Q(phone_id__in={p.id for p in phones})))
        graph._take("schedule", m["schedule"].objects.filter(
            Q(service_id__in=s_ids) | Q(location_id__in=l_ids)
            | Q(service_at_location_id__in=sal_ids)))
        for name in ("address", "accessibility"):
            graph._take(name, m[name].objects.filter(location_id__in=l_ids))
        for name in ("service_area", "cost_option", "required_document"):
            graph._take(name, m[name].objects.filter(service_id__in=s_ids))
        graph._take("funding", m["funding"].objects.filter(
            Q(service_id__in=s_ids) | Q(organization_id__in=orgs)))
        graph._take("organization_identifier",
                    m["organization_identifier"].objects.filter(organization_id__in=orgs))
        ids = {key for rows in graph.rows.values() for key in rows}
        attributes = graph._take("attribute", m["attribute"].objects.filter(link_id__in=ids))
        terms = graph._take("taxonomy_term", m["taxonomy_term"].objects.filter(
            Q(id__in={a.taxonomy_term_id for a in attributes})
            | Q(taxonomy_detail_id=CAPACITY_ID)))
        graph._take("taxonomy", m["taxonomy"].objects.filter(
            id__in={t.taxonomy_detail_id for t in terms}))
        graph._take("metadata", m["metadata"].objects.filter(resource_id__in=ids))
        graph._index()
        return graph

    def _take(self, name: str, queryset) -> list:
        found = list(queryset)
        for obj in found:
            self.rows[name][obj.pk] = obj
        return found

    def _index(self) -> None:
        for name, rows in self.rows.items():
            table = TABLES[name]
            for obj in rows.values():
                for column in table.links:
                    parent = getattr(obj, table.attname(column))
                    if parent is not None:
                        self._children[(name, column, parent)].append(obj)
        for attribute in self.rows["attribute"].values():
            if attribute.link_id is not None:
                self._attributes[attribute.link_id].append(attribute)
        for entry in self.rows["metadata"].values():
            if entry.resource_id is not None:
                self._metadata[entry.resource_id].append(entry)
        for bucket in (*self._children.values(), *self._attributes.values(),
                       *self._metadata.values()):
            bucket.sort(key=lambda o: str(o.pk))

    def children(self, table: str, column: str, parent_id) -> list:
        return self._children.get((table, column, parent_id), [])

    # building -----------------------------------------------------------------------
    def flat(self, table: str, obj) -> dict[str, Any]:
        """The row's own fields (links included), without empty values."""
        self.emitted.add((table, obj.pk))
        spec = TABLES[table]
        out: dict[str, Any] = {}
        for f in spec.fields:
            value = to_hsds("string" if f.kind == "uuid" else f.kind,
                            getattr(obj, spec.attname(f.name)))
            if value is not None:
                out[f.name] = value
        for name in spec.extensions:
            value = getattr(obj, name)
            if value not in ("", None):
                out[EXTENSION_PREFIX + name] = value
        return out

    def nested(self, table: str, obj) -> dict[str, Any]:
        """The row with everything nested under it (as in ``*_full.json`` of HSDS)."""
        out = self.flat(table, obj)
        for key, (child, column) in CHILDREN.get(table, {}).items():
            items = [self.nested(child, c) for c in self.children(child, column, obj.pk)]
            if items:
                out[key] = items
        for key, (child, column) in ONE.get(table, {}).items():
            if table == "service" and key == "organization" or \
                    table == "service_at_location" and key == "service":
                continue  # added by the callers that want them
            target = self.rows[child].get(getattr(obj, TABLES[table].attname(column)))
            if target is not None:
                out[key] = self.nested(child, target) if child != "program" else \
                    self.flat(child, target)
        self._meta(table, obj, out)
        return out

    def _meta(self, table: str, obj, out: dict) -> None:
        if has_property(table, "attributes"):
            attributes = [self.nested("attribute", a) for a in self._attributes.get(obj.pk, [])]
            if table == "service" and obj.capacity:
                attributes.append(self._capacity(obj))
            if attributes:
                out["attributes"] = attributes
        if has_property(table, "metadata"):
            entries = [self.flat("metadata", m) for m in self._metadata.get(obj.pk, [])]
            if entries:
                out["metadata"] = entries

    def _capacity(self, service) -> dict[str, Any]:
        """The capacity extension as an HSDS attribute: the term says whether the service
        takes referrals, the value is the day that was last confirmed."""
        term = self.rows["taxonomy_term"].get(term_id(CAPACITY, service.capacity))
        out: dict[str, Any] = {
            "id": str(capacity_attribute_id(service.pk)),
            "link_id": str(service.pk), "link_type": "capacity", "link_entity": "service",
            "taxonomy_term_id": str(term_id(CAPACITY, service.capacity)),
        }
        if service.capacity_confirmed_on:
            out["value"] = service.capacity_confirmed_on.isoformat()
        if term is not None:
            out["taxonomy_term"] = self.nested("taxonomy_term", term)
        return out

    def service(self, obj, *, organization: bool = True) -> dict[str, Any]:
        out = self.nested("service", obj)
        org = self.rows["organization"].get(obj.organization_id)
        if organization and org is not None:
            out["organization"] = self.flat("organization", org)
        return out

    def organization(self, obj, *, services: str = "full") -> dict[str, Any]:
        """``services``: "full" (nested), "brief" (one-to-one fields) or "" (left out)."""
        out = self.nested("organization", obj)
        if services:
            items = [self.service(s, organization=False) if services == "full"
                     else self.flat("service", s)
                     for s in self.children("service", "organization_id", obj.pk)]
            if items:
                out["services"] = items
        return out

    def service_at_location(self, obj) -> dict[str, Any]:
        out = self.nested("service_at_location", obj)
        service = self.rows["service"].get(obj.service_id)
        if service is not None:
            out["service"] = self.service(service)
        return out


def brief_service(graph: Graph, obj) -> dict[str, Any]:
    """A service of a list: its one-to-one fields with its organisation and programme."""
    out = graph.flat("service", obj)
    org = graph.rows["organization"].get(obj.organization_id)
    if org is not None:
        out["organization"] = graph.flat("organization", org)
    program = graph.rows["program"].get(obj.program_id)
    if program is not None:
        out["program"] = graph.flat("program", program)
    return out


# --------------------------------------------------------------------------------------
# Whole-directory exports
# --------------------------------------------------------------------------------------

def export_document() -> dict[str, Any]:
    """The whole directory as one JSON document.

    Organisations carry everything nested under them, as the standard's nested objects;
    taxonomies and terms are listed on their own. Rows that hang on nothing (an orphan
    location, an attribute of a phone imported without its parents…) are listed under
    their table's name, so that nothing is lost when the file is imported again.
    """
    graph = Graph.load_all()
    doc: dict[str, Any] = {"hsds_version": HSDS_VERSION, "generator": "KMB",
                           "exported_at": to_hsds("datetime", timezone.now())}
    doc["taxonomies"] = [graph.flat("taxonomy", t) for t in _sorted(graph, "taxonomy")]
    doc["taxonomy_terms"] = [graph.nested("taxonomy_term", t)
                             for t in _sorted(graph, "taxonomy_term")]
    doc["organizations"] = [graph.organization(o) for o in _sorted(graph, "organization")]
    orphans = [loc for loc in _sorted(graph, "location") if loc.organization_id is None]
    if orphans:
        doc["locations"] = [graph.nested("location", loc) for loc in orphans]
    for name, table in TABLES.items():
        rest = [obj for obj in _sorted(graph, name) if (name, obj.pk) not in graph.emitted]
        if rest:
            doc.setdefault(table.resource, []).extend(graph.flat(name, obj) for obj in rest)
    return doc


def _sorted(graph: Graph, table: str) -> list:
    return sorted(graph.rows[table].values(), key=lambda o: str(o.pk))


def tabular_rows() -> dict[str, list[dict[str, Any]]]:
    """Every table as flat rows (the tabular form of HSDS), capacity as attributes."""
    graph = Graph.load_all()
    out = {name: [graph.flat(name, obj) for obj in _sorted(graph, name)] for name in TABLES}
    capacity = [graph._capacity(s) for s in _sorted(graph, "service") if s.capacity]
    for row in capacity:
        row.pop("taxonomy_term", None)
    out["attribute"] = sorted(out["attribute"] + capacity, key=lambda r: r["id"])
    return out


def tabular_csv(rows: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, bytes]:
    """CSV files (UTF-8 with a BOM, for Excel) of every table, spreadsheet formulas
    neutralised, and the ``datapackage.json`` that describes them."""
    rows = rows if rows is not None else tabular_rows()
    files: dict[str, bytes] = {}
    for name, table in TABLES.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(table.columns)
        kinds = {f.name: f.kind for f in table.fields}
        for row in rows.get(name, []):
            writer.writerow([_cell(row.get(col), kinds.get(col, "string"))
                             for col in table.columns])
        files[table.path] = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    files["datapackage.json"] = json.dumps(datapackage(), ensure_ascii=False,
                                           indent=2).encode("utf-8")
    return files


def _cell(value: Any, kind: str) -> str:
    text = to_cell(value)
    return text if kind == "number" else neutralise(text)


def tabular_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in tabular_csv().items():
            archive.writestr(name, data)
    return buffer.getvalue()


_TABLE_TYPES = {"string": "string", "uuid": "string", "number": "number", "date": "date",
                "time": "time", "datetime": "datetime"}


def datapackage() -> dict[str, Any]:
    """A Frictionless tabular data package describing the CSV files."""
    resources = []
    for table in TABLES.values():
        props = schema(table.name)["properties"]
        fields: list[dict[str, Any]] = []
        for f in table.fields:
            item: dict[str, Any] = {"name": f.name, "type": _TABLE_TYPES[f.kind],
                                    "description": props[f.name].get("description", "")}
            if f.kind == "uuid":
                item["format"] = "uuid"
            constraints: dict[str, Any] = {}
            if f.required:
                constraints["required"] = True
            if f.name == "id":
                constraints["unique"] = True
            if f.enum:
                constraints["enum"] = list(f.enum)
            if constraints:
                item["constraints"] = constraints
            fields.append(item)
        for name in table.extensions:
            fields.append({"name": EXTENSION_PREFIX + name, "type": "string",
                           "description": f"KMB extension: {name.replace('_', ' ')}."})
        foreign_keys = [
            {"fields": column,
             "reference": {"resource": TABLES[target].resource, "fields": "id"}}
            for column, (_field, target) in table.links.items()
        ]
        resources.append({
            "name": table.resource, "path": table.path, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
            "schema": {"fields": fields, "primaryKey": "id", "foreignKeys": foreign_keys},
        })
    return {"profile": "tabular-data-package", "name": "kmb-partner-directory",
            "title": "KMB partner directory (Open Referral HSDS 3.0)",
            "hsds_version": HSDS_VERSION, "resources": resources}
