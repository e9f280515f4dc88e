"""Reading HSDS files into the directory: all of a file, or nothing.

A file is read in three steps. :func:`read_file` parses it (JSON, a CSV data package as
a ZIP, or a single CSV table), refusing what is too big, not UTF-8, nested too deep or
malformed, and validates every object or row against the standard's JSON Schemas. The
rows are flattened into tables by identifier: an object nested under another gets the
link to it, and the same identifier seen twice is merged (conflicting values are an
error). :func:`check_rows` then checks what the schemas cannot: dates, lengths,
spreadsheet formulas and links between rows. Only a file with no error reaches
:func:`write_rows`, which runs in one transaction. Every problem names the place (file
and row, or the path in the JSON document) and the field.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kmb.core.links import (
    http_url,
    identifier_uri,
    validate_http_url,
    validate_identifier_uri,
)
from kmb.core.models import Municipality
from kmb.core.text import fold, is_storable
from kmb.network.hsds.export import CHILDREN, ONE, has_property
from kmb.network.hsds.spec import (
    EXTENSION_PREFIX,
    LINKABLE,
    MAX_NAME,
    MAX_TEXT,
    RUIAN_MUNICIPALITY_URI,
    TABLE_BY_PATH,
    TABLES,
    flat_validator,
    from_cell,
    looks_like_formula,
    to_python,
    unneutralise,
    validator,
)
from kmb.network.taxonomy import CAPACITY_TERM_IDS

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 60
MAX_COMPRESSION_RATIO = 200
MAX_DEPTH = 40
MAX_ROWS = 100_000
MAX_PROBLEMS = 500

#: Keys of our JSON export that list the rows of one table.
_RESOURCES = {t.resource: name for name, t in TABLES.items()}
_RESOURCES.update({"service_at_locations": "service_at_location"})


@dataclass
class Problem:
    place: str
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"place": self.place, "field": self.field, "message": str(self.message)}


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem], warnings: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems
        self.warnings = warnings


@dataclass
class Rows:
    """The rows of a file by table and identifier, with where each was found."""

    data: dict[str, dict[uuid.UUID, dict[str, Any]]] = field(
        default_factory=lambda: {name: {} for name in TABLES})
    places: dict[tuple[str, uuid.UUID], str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: service -> (capacity code, day confirmed), taken out of the attributes
    capacity: dict[uuid.UUID, tuple[str, Any]] = field(default_factory=dict)
    _warned: set = field(default_factory=set)
    #: organisations of the file already in the directory (set by keep_to_maintained)
    existing_entries: set = field(default_factory=set)

    def error(self, place: str, column: str, message) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(place, column, str(message)))

    def warn(self, place: str, column: str, message, *, once: Any = None) -> None:
        if once is not None:
            if once in self._warned:
                return
            self._warned.add(once)
        if len(self.warnings) < MAX_PROBLEMS:
            self.warnings.append(Problem(place, column, str(message)))

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.data.values())

    def add(self, table: str, row: dict[str, Any], place: str) -> uuid.UUID | None:
        """Add a row, merging it with an earlier one of the same identifier."""
        try:
            key = uuid.UUID(str(row.get("id")))
        except ValueError:
            return None  # the schema check has reported it
        rows = self.data[table]
        if key not in rows:
            if self.count >= MAX_ROWS:
                self.error(place, "", _("The file has more than %(n)s rows; split it.")
                           % {"n": MAX_ROWS})
                return None
            rows[key] = dict(row)
            self.places[(table, key)] = place
            return key
        earlier = rows[key]
        for column, value in row.items():
            if column in earlier and earlier[column] != value and value not in ("", None) \
                    and earlier[column] not in ("", None):
                self.error(place, column, _(
                    "The same identifier appears earlier (%(place)s) with a different value.")
                    % {"place": self.places[(table, key)]})
            elif earlier.get(column) in ("", None):
                earlier[column] = value
        return key


# --------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------

def read_file(name: str, data: bytes) -> Rows:
    """Parse and validate a JSON document, a ZIP data package or one CSV table."""
    rows = Rows()
    place = posixpath.basename(name or "") or _("the file")
    if len(data) > MAX_FILE_BYTES:
        rows.error(place, "", _("The file is larger than %(mb)s MB.")
                   % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
        return rows
    lower = place.lower()
    if lower.endswith(".zip") or data[:4] == b"PK\x03\x04":
        _read_zip(rows, place, data)
    elif lower.endswith(".csv"):
        _read_csv(rows, place, data)
    else:
        document = _parse_json(rows, place, data)
        if document is not None:
            _read_document(rows, document, place)
    if not rows.problems and not rows.count:
        rows.error(place, "", _("The file contains no HSDS data."))
    return rows


def _decode(rows: Rows, place: str, data: bytes) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        rows.error(place, "", _("The file is not in UTF-8 (a wrong byte at position "
                                "%(pos)s). Save it as UTF-8 and try again.")
                   % {"pos": exc.start})
        return None
    if "\x00" in text:
        rows.error(place, "", _("The file contains NUL characters; it is not a text file."))
        return None
    return text


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs):
    found = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


def _no_constants(name):
    raise ValueError(f"{name} is not allowed")


def _parse_json(rows: Rows, place: str, data: bytes) -> Any:
    text = _decode(rows, place, data)
    if text is None:
        return None
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates,
                              parse_constant=_no_constants)
    except _DuplicateKey as exc:
        rows.error(place, str(exc), _("A key appears twice in the same object."))
        return None
    except RecursionError:
        rows.error(place, "", _("The JSON is nested too deep."))
        return None
    except json.JSONDecodeError as exc:
        rows.error(place, "", _("This is not valid JSON (line %(line)s, column %(col)s: "
                                "%(msg)s).") % {"line": exc.lineno, "col": exc.colno,
                                                "msg": exc.msg})
        return None
    except ValueError as exc:  # NaN, Infinity, integers with too many digits
        rows.error(place, "", _("This is not valid JSON (%(msg)s).") % {"msg": exc})
        return None
    if _depth(document) > MAX_DEPTH:
        rows.error(place, "", _("The JSON is nested deeper than %(n)s levels.")
                   % {"n": MAX_DEPTH})
        return None
    return document


def _depth(document: Any) -> int:
    deepest = 0
    stack = [(document, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def _read_document(rows: Rows, document: Any, place: str) -> None:
    if isinstance(document, list):
        _read_list(rows, document, "")
    elif isinstance(document, dict) and any(str(k).endswith(".csv") for k in document):
        _read_tabular_json(rows, document)
    elif isinstance(document, dict) and isinstance(document.get("contents"), list):
        _read_list(rows, document["contents"], "contents")
    elif isinstance(document, dict) and "id" not in document and \
            any(k in _RESOURCES for k in document):
        for key, items in document.items():
            table = _RESOURCES.get(key)
            if table is None:
                continue
            if not isinstance(items, list):
                rows.error(key, "", _("A list of objects is expected here."))
                continue
            for i, item in enumerate(items):
                _visit(rows, table, item, f"{key}[{i}]")
    elif isinstance(document, dict) and "id" in document:
        table = _infer([document])
        if table is None:
            rows.error(place, "", _("It is not clear what kind of HSDS object this is."))
        else:
            _visit(rows, table, document, table)
    else:
        rows.error(place, "", _("This is not HSDS data: expected an object, a list of "
                                "objects or HSDS tables."))


def _read_list(rows: Rows, items: list, prefix: str) -> None:
    table = _infer(items)
    if table is None:
        rows.error(prefix or _("the list"), "",
                   _("It is not clear what kind of HSDS objects the list contains."))
        return
    for i, item in enumerate(items):
        _visit(rows, table, item, f"{prefix}[{i}]")


_ORG_KEYS = {"website", "tax_status", "tax_id", "year_incorporated", "legal_status", "logo",
             "parent_organization_id", "services", "locations", "programs",
             "organization_identifiers", "funding", "phones", "contacts", "email"}
_TERM_KEYS = {"taxonomy", "taxonomy_id", "taxonomy_detail", "parent_id", "code",
              "term_uri", "language"}
_SAL_KEYS = {"id", "service_id", "location_id", "description", "contacts", "phones",
             "schedules", "location", "service", "attributes", "metadata"}


def _infer(items: list) -> str | None:
    """The HSDS table of objects given without saying what they are."""
    objects = [i for i in items if isinstance(i, dict)]
    keys = set().union(*(o.keys() for o in objects)) if objects else set()
    if not keys:
        return None
    if "status" in keys:
        return "service"
    if "location_type" in keys:
        return "location"
    if keys <= _SAL_KEYS and keys & {"service_id", "location_id", "location", "service"}:
        return "service_at_location"
    if keys & _ORG_KEYS:
        return "organization"
    if keys & _TERM_KEYS:
        return "taxonomy_term"
    if keys & {"uri", "version"}:
        return "taxonomy"
    if {"name", "description"} <= keys:
        return "organization"
    return None


def _schema_errors(rows: Rows, table: str, obj: dict, place: str, *, flat: bool) -> bool:
    check = flat_validator(table) if flat else validator(table)
    found = False
    for error in check.iter_errors(obj):
        found = True
        path = list(error.absolute_path)
        column = ""
        if path and isinstance(path[-1], str):
            column = path.pop()
        elif error.validator == "required":
            column = str(error.message).split("'")[1] if "'" in error.message else ""
        where = place + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        rows.error(where, column, _describe(error))
    return found


def _describe(error) -> str:
    kind = error.validator
    if kind == "required":
        return _("This field is required.")
    if kind == "type":
        expected = error.validator_value
        return _("The value has the wrong type (expected %(type)s).") % {"type": expected}
    if kind == "enum":
        return _("The value must be one of: %(values)s.") % {
            "values": ", ".join(map(str, error.validator_value))}
    if kind == "format":
        return _("The value is not a valid %(format)s.") % {"format": error.validator_value}
    return _("The value is not valid (%(detail)s).") % {"detail": error.message[:200]}


@cache
def _known_keys(table: str) -> frozenset[str]:
    return frozenset(TABLES[table].columns) | frozenset(CHILDREN.get(table, {})) \
        | frozenset(ONE.get(table, {})) | {"attributes", "metadata", "services"}


def _visit(rows: Rows, table: str, obj: Any, place: str, *,
           parent: tuple[str, uuid.UUID] | None = None, link: str = "") -> uuid.UUID | None:
    """Add one object and everything nested in it.

    Each object is checked against its own table's schema; what is nested in it is checked
    when it is visited in turn, so every error names the object it is in.
    """
    if not isinstance(obj, dict):
        rows.error(place, "", _("An object is expected here."))
        return None
    invalid = _schema_errors(rows, table, obj, place, flat=True)
    spec = TABLES[table]
    for key in obj:
        if key not in _known_keys(table):
            rows.warn(place, key, _("This property is not part of HSDS here; it was left "
                                    "out."), once=(table, key))
    row = {k: v for k, v in obj.items() if k in spec.columns and v is not None}
    if parent is not None:
        _set_link(rows, row, link, parent[1], place)
        if table == "attribute":
            row.setdefault("link_entity", parent[0])
        if table == "metadata":
            row.setdefault("resource_type", parent[0])
    singles = []
    for key, (child, column) in ONE.get(table, {}).items():
        nested = obj.get(key)
        if nested is None:
            continue
        if not isinstance(nested, dict):
            rows.error(place, key, _("An object is expected here."))
            continue
        if "id" in nested:
            _set_link(rows, row, column, nested["id"], place)
        singles.append((key, child, nested))
    if table == "service" and parent is not None and parent[0] == "organization":
        row.setdefault("organization_id", str(parent[1]))
    if invalid:  # keep going to report the errors of what is nested, add nothing
        key_id = _as_uuid(obj.get("id")) or uuid.uuid4()
    else:
        key_id = rows.add(table, row, place)
        if key_id is None:
            return None
    for key, child, nested in singles:
        if child == "program" and row.get("organization_id"):
            nested = {"organization_id": row["organization_id"], **nested}
        _visit(rows, child, nested, f"{place}.{key}")
    for key, (child, column) in CHILDREN.get(table, {}).items():
        for i, item in enumerate(_list(rows, obj, key, place)):
            _visit(rows, child, item, f"{place}.{key}[{i}]", parent=(table, key_id),
                   link=column)
    if table == "organization":
        for i, item in enumerate(_list(rows, obj, "services", place)):
            _visit(rows, "service", item, f"{place}.services[{i}]",
                   parent=("organization", key_id), link="organization_id")
    if has_property(table, "attributes"):
        for i, item in enumerate(_list(rows, obj, "attributes", place)):
            _visit(rows, "attribute", item, f"{place}.attributes[{i}]",
                   parent=(table, key_id), link="link_id")
    if has_property(table, "metadata"):
        for i, item in enumerate(_list(rows, obj, "metadata", place)):
            _visit(rows, "metadata", item, f"{place}.metadata[{i}]",
                   parent=(table, key_id), link="resource_id")
    return key_id


def _list(rows: Rows, obj: dict, key: str, place: str) -> list:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        rows.error(place, key, _("A list of objects is expected here."))
        return []
    return value


def _set_link(rows: Rows, row: dict, column: str, target: Any, place: str) -> None:
    target = str(target)
    given = row.get(column)
    if given not in (None, "") and str(given).lower() != target.lower():
        rows.error(place, column, _("The link does not match the object this one is nested "
                                    "in or contains."))
        return
    row[column] = target


def _read_tabular_json(rows: Rows, document: dict) -> None:
    for key, items in document.items():
        table = TABLE_BY_PATH.get(posixpath.basename(str(key)))
        if table is None:
            rows.warn(str(key), "", _("This is not an HSDS table; it was left out."))
            continue
        if not isinstance(items, list):
            rows.error(str(key), "", _("A list of rows is expected here."))
            continue
        for i, item in enumerate(items):
            place = f"{key}[{i}]"
            if not isinstance(item, dict):
                rows.error(place, "", _("An object is expected here."))
                continue
            row = {k: _as_text(table, k, v) for k, v in item.items()
                   if k in table.columns and v not in ("", None)}
            if not _schema_errors(rows, table.name, row, place, flat=True):
                rows.add(table.name, row, place)


def _as_text(table, column: str, value: Any) -> Any:
    """Tabular rows are spreadsheet cells: a number in a text column is that text
    (the official tabular example has identifiers written as numbers)."""
    spec = table.field_map.get(column)
    kind = spec.kind if spec else "string"
    if kind != "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _read_zip(rows: Rows, place: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        rows.error(place, "", _("The ZIP archive is damaged or not a ZIP archive."))
        return
    if len(members) > MAX_ZIP_MEMBERS:
        rows.error(place, "", _("The archive has too many files."))
        return
    total = 0
    files: dict[str, bytes] = {}
    for member in members:
        name = posixpath.basename(member.filename)
        if not name or member.filename.startswith("__MACOSX") or name.startswith("."):
            continue
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or ratio > MAX_COMPRESSION_RATIO:
            rows.error(place, "", _("The archive unpacks to too much data."))
            return
        if name in files:
            rows.error(f"{place}: {name}", "", _("The archive contains this file twice."))
            return
        try:
            with archive.open(member) as handle:
                content = handle.read(MAX_UNPACKED_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
            rows.error(f"{place}: {name}", "", _("The file cannot be unpacked."))
            return
        if len(content) > MAX_UNPACKED_BYTES:
            rows.error(place, "", _("The archive unpacks to too much data."))
            return
        files[name] = content
    _read_package(rows, files)


def _read_package(rows: Rows, files: dict[str, bytes]) -> None:
    descriptor = files.pop("datapackage.json", None)
    if descriptor is None:
        rows.warn("datapackage.json", "", _("The package has no datapackage.json; the files "
                                            "were recognised by their HSDS names."))
    else:
        package = _parse_json(rows, "datapackage.json", descriptor)
        if package is not None and not (isinstance(package, dict)
                                        and isinstance(package.get("resources"), list)):
            rows.error("datapackage.json", "resources",
                       _("This is not a data package descriptor (no list of resources)."))
    tables = [name for name in files if name.lower().endswith(".csv")]
    if not tables:
        rows.error("datapackage.json", "", _("The package contains no CSV tables."))
    for name in sorted(files):
        if name not in tables:
            rows.warn(name, "", _("This file is not part of HSDS; it was left out."))
    for name in sorted(tables, key=_table_order):
        _read_csv(rows, name, files[name])


def _table_order(name: str) -> int:
    order = list(TABLES)
    table = TABLE_BY_PATH.get(name)
    return order.index(table.name) if table else len(order)


def _read_csv(rows: Rows, name: str, data: bytes) -> None:
    table = TABLE_BY_PATH.get(posixpath.basename(name))
    if table is None:
        rows.warn(name, "", _("This is not an HSDS table; it was left out."))
        return
    text = _decode(rows, name, data)
    if text is None:
        return
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        rows.error(name, "", _("The CSV file cannot be read: %(msg)s") % {"msg": exc})
        return
    if not records:
        return
    header = [h.strip() for h in records[0]]
    if len(set(header)) != len(header):
        rows.error(f"{name}, {_('row')} 1", "", _("A column name appears twice."))
        return
    if "id" not in header:
        rows.error(f"{name}, {_('row')} 1", "id", _("The table has no id column."))
        return
    for column in header:
        if column and column not in table.columns:
            rows.warn(f"{name}, {_('row')} 1", column,
                      _("This column is not part of HSDS; it was left out."))
    kinds = {f.name: f.kind for f in table.fields}
    for number, record in enumerate(records[1:], start=2):
        place = f"{name}, {_('row')} {number}"
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            rows.error(place, "", _("The row has %(n)s cells, the header %(m)s.")
                       % {"n": len(record), "m": len(header)})
            continue
        row: dict[str, Any] = {}
        bad = False
        for column, cell in zip(header, record, strict=True):
            if column not in table.columns:
                continue
            kind = kinds.get(column, "string")
            value = cell if kind == "number" else unneutralise(cell)
            try:
                converted = from_cell(kind, value)
            except ValueError:
                rows.error(place, column, _("This is not a number."))
                bad = True
                continue
            if converted is not None:
                row[column] = converted
        if bad or _schema_errors(rows, table.name, row, place, flat=True):
            continue
        rows.add(table.name, row, place)


# --------------------------------------------------------------------------------------
# Checking rows
# --------------------------------------------------------------------------------------

def check_rows(rows: Rows) -> None:
    """Values and links the schemas cannot check. Dangling optional links are dropped
    with a warning; a required link that points nowhere is an error."""
    for name, table in TABLES.items():
        kinds = {f.name: f.kind for f in table.fields}
        for key, row in rows.data[name].items():
            place = rows.places[(name, key)]
            for column, value in list(row.items()):
                kind = kinds.get(column, "string")
                _check_value(rows, place, column, kind, value)
            _check_links_scheme(rows, name, row, place)
    _take_capacity(rows)
    existing = _existing_ids(rows)
    for service_id in list(rows.capacity):
        if service_id not in rows.data["service"] and service_id not in existing["service"]:
            rows.warn("attributes", "link_id", _("A capacity was given for a service that is "
                                                 "not in the file nor in the directory; it "
                                                 "was left out."))
            del rows.capacity[service_id]
    for name, table in TABLES.items():
        for key, row in list(rows.data[name].items()):
            place = rows.places[(name, key)]
            for column, (_field, target) in table.links.items():
                _check_link(rows, name, table, row, place, column, target, existing)
            if name == "attribute":
                _check_attribute(rows, key, row, place, existing)


def _check_value(rows: Rows, place: str, column: str, kind: str, value: Any) -> None:
    if kind in ("string", "uuid"):
        if not isinstance(value, str):
            rows.error(place, column, _("Text is expected."))
            return
        if not is_storable(value):
            rows.error(place, column, _("The text contains characters that cannot be stored "
                                        "(a NUL character or a broken Unicode sequence)."))
            return
        limit = MAX_NAME if column in ("name", "kmb_name_en", "kmb_name_uk") else MAX_TEXT
        if len(value) > limit:
            rows.error(place, column, _("The text is longer than %(n)s characters.")
                       % {"n": limit})
        if looks_like_formula(value):
            rows.error(place, column, _("The text looks like a spreadsheet formula; such "
                                        "values are refused."))
        if kind == "uuid":
            try:
                uuid.UUID(value)
            except ValueError:
                rows.error(place, column, _("The value is not a valid uuid."))
        return
    try:
        to_python(kind, value)
    except (TypeError, ValueError, OverflowError):
        messages = {"date": _("This is not a date (YYYY-MM-DD)."),
                    "time": _("This is not a time (HH:MM:SS)."),
                    "datetime": _("This is not a date and time (ISO 8601)."),
                    "number": _("This is not a number.")}
        rows.error(place, column, messages.get(kind, _("The value is not valid.")))


@cache
def _url_columns(table: str) -> dict[str, Callable[[object], str]]:
    """Columns holding a web address or an identifier URI, with the check of each (the
    validators of the model's fields)."""
    found: dict[str, Callable[[object], str]] = {}
    for model_field in TABLES[table].model._meta.concrete_fields:
        validators = getattr(model_field, "validators", ())
        if validate_http_url in validators:
            found[model_field.name] = http_url
        elif validate_identifier_uri in validators:
            found[model_field.name] = identifier_uri
    return found


def _check_links_scheme(rows: Rows, table: str, row: dict, place: str) -> None:
    """A link that is not http(s) (``javascript:``, ``data:``…, also hidden behind spaces
    or capitals) is left out with a warning naming the row; the rest of the row imports."""
    for column, check in _url_columns(table).items():
        value = row.get(column)
        if not isinstance(value, str) or not value:
            continue
        clean = check(value)
        if not clean:
            rows.warn(place, column, _("This is not a web address starting with http:// or "
                                       "https:// (other kinds of links are not allowed); "
                                       "it was left out."))
        row[column] = clean


def keep_to_maintained(rows: Rows, may_edit: Callable[[Any], bool]) -> None:
    """Leave out, with a warning per row, what would change an organisation or service
    of the directory that the importer does not maintain: its own row and every row that
    hangs on it (phones, places, categories…). New entries import as they are."""
    from kmb.network.models import Organization, Service

    org_ids = set(rows.data["organization"])
    service_ids = set(rows.data["service"])
    for table in TABLES.values():
        for row in rows.data[table.name].values():
            if _as_uuid(row.get("organization_id")):
                org_ids.add(_as_uuid(row["organization_id"]))
            if _as_uuid(row.get("service_id")):
                service_ids.add(_as_uuid(row["service_id"]))
    service_ids |= set(rows.capacity)
    organizations = Organization.objects.in_bulk(list(org_ids))
    services = Service.objects.in_bulk(list(service_ids))
    rows.existing_entries = set(organizations)
    protected = {k for k, o in organizations.items() if not may_edit(o)} | {
        k for k, s in services.items() if not may_edit(s)}
    if not protected:
        return
    message = _("This entry is maintained by someone else; the row was left out. Send "
                "them a suggestion instead.")
    for name in TABLES:
        for key, row in list(rows.data[name].items()):
            links = {key} if name in ("organization", "service") else set()
            links |= {_as_uuid(row.get(c)) for c in ("organization_id", "service_id",
                                                     "link_id", "resource_id")}
            if links & protected:
                rows.warn(rows.places[(name, key)], "", message)
                del rows.data[name][key]
    for service_id in list(rows.capacity):
        if service_id in protected:
            del rows.capacity[service_id]


def _existing_ids(rows: Rows) -> dict[str, set[uuid.UUID]]:
    """Identifiers of the directory that rows of the file link to (one query per table)."""
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for name, table in TABLES.items():
        for row in rows.data[name].values():
            for column, (_field, target) in table.links.items():
                value = _as_uuid(row.get(column))
                if value is not None and value not in rows.data[target]:
                    wanted[target].add(value)
    link_ids = {_as_uuid(r.get("link_id")) for r in rows.data["attribute"].values()}
    link_ids.discard(None)
    wanted["service"] |= {s for s in rows.capacity if s not in rows.data["service"]}
    found: dict[str, set[uuid.UUID]] = defaultdict(set)
    for target, ids in wanted.items():
        found[target] = set(TABLES[target].model.objects.filter(id__in=ids)
                            .values_list("id", flat=True))
    missing = {i for i in link_ids if not any(i in rows.data[t] for t in LINKABLE)}
    if missing:
        for target in LINKABLE:
            found["*"] |= set(TABLES[target].model.objects.filter(id__in=missing)
                              .values_list("id", flat=True))
    return found


def _as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _check_link(rows: Rows, name: str, table, row: dict, place: str, column: str,
                target: str, existing: dict) -> None:
    value = _as_uuid(row.get(column))
    required = column in table.required_links
    if value is None:
        if required:
            rows.error(place, column, _("This link is required."))
        return
    if value in rows.data[target] or value in existing[target]:
        return
    if required:
        rows.error(place, column, _("It links to a row of %(table)s that is neither in the file "
                                    "nor in the directory.") % {"table": target})
        return
    rows.warn(place, column, _("It links to a row of %(table)s that is neither in the file nor in "
                               "the directory; the link was left out.") % {"table": target})
    row.pop(column)


def _check_attribute(rows: Rows, key: uuid.UUID, row: dict, place: str,
                     existing: dict) -> None:
    link = _as_uuid(row.get("link_id"))
    if link is None:
        rows.error(place, "link_id", _("This link is required."))
        return
    if link in existing["*"] or any(link in rows.data[t] for t in LINKABLE):
        return
    rows.warn(place, "link_id", _("The attribute describes a row that is neither in the "
                                  "file nor in the directory; it was left out."))
    del rows.data["attribute"][key]


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

def write_rows(rows: Rows) -> dict[str, dict[str, int]]:
    """Write checked rows: new identifiers are created, known ones updated; nothing is
    deleted. Must run inside a transaction (the caller's)."""
    assert transaction.get_connection().in_atomic_block
    counts: dict[str, dict[str, int]] = {}
    # Foreign keys are checked at commit (deferred constraints on SQLite and PostgreSQL),
    # so rows may link to rows written later in the same transaction.
    for name, table in TABLES.items():
        counts[name] = _write_table(rows, name, table)
    _apply_capacity(rows, counts)
    _derive_municipalities(rows)
    return {k: v for k, v in counts.items() if v["created"] or v["updated"]}


def _write_table(rows: Rows, name: str, table) -> dict[str, int]:
    data = rows.data[name]
    if not data:
        return {"created": 0, "updated": 0}
    model = table.model
    existing = model.objects.in_bulk(list(data))
    new = []
    # rows whose values changed, grouped by the fields that changed: one bulk update
    # per group, and nothing at all for a row imported again unchanged
    changed: dict[frozenset[str], list] = defaultdict(list)
    now = timezone.now()
    for key, row in data.items():
        obj = existing.get(key) or model(id=key)
        values = _model_values(table, row)
        if key not in existing:
            for attname, value in values.items():
                setattr(obj, attname, value)
            if hasattr(obj, "refresh_search"):
                obj.refresh_search()
            new.append(obj)
            continue
        fields = {a for a, v in values.items() if getattr(obj, a) != v}
        if not fields:
            continue
        for attname in fields:
            setattr(obj, attname, values[attname])
        if hasattr(obj, "refresh_search"):
            obj.refresh_search()
            fields.add("name_search")
        if name in ("organization", "service"):  # our edit-conflict counter
            obj.version += 1
            obj.updated_at = now
            fields |= {"version", "updated_at"}
        changed[frozenset(fields)].append(obj)
    if new:
        model.objects.bulk_create(new, batch_size=500)
    for fields, objs in changed.items():
        model.objects.bulk_update(objs, sorted(fields), batch_size=200)
    return {"created": len(new), "updated": sum(len(objs) for objs in changed.values())}


def _model_values(table, row: dict[str, Any]) -> dict[str, Any]:
    """The model attributes a row sets. A link missing from the row keeps what we know;
    an extension missing from it too (other HSDS tools do not know them)."""
    values: dict[str, Any] = {}
    for f in table.fields:
        if f.name == "id":
            continue
        value = row.get(f.name)
        if f.name in table.links:
            if value is not None:
                values[table.attname(f.name)] = uuid.UUID(str(value))
            continue
        if f.kind == "uuid":
            values[f.name] = uuid.UUID(str(value)) if value else None
        else:
            values[f.name] = to_python(f.kind, value)
    for ext in table.extensions:
        if EXTENSION_PREFIX + ext in row:
            values[ext] = row[EXTENSION_PREFIX + ext]
    return values


def _take_capacity(rows: Rows) -> None:
    """Capacity attributes become the service's capacity fields, not attribute rows."""
    for key, row in list(rows.data["attribute"].items()):
        code = CAPACITY_TERM_IDS.get(_as_uuid(row.get("taxonomy_term_id")))
        if code is None:
            continue
        del rows.data["attribute"][key]
        service = _as_uuid(row.get("link_id"))
        confirmed = None
        try:
            confirmed = to_python("date", row.get("value"))
        except ValueError:
            rows.warn(rows.places[("attribute", key)], "value",
                      _("The capacity was confirmed on a day that is not a date; the date "
                        "was left out."))
        if service is not None:
            rows.capacity[service] = (code, confirmed)


def _apply_capacity(rows: Rows, counts: dict) -> None:
    from kmb.network.models import Service

    grouped: dict[tuple[str, Any], list] = defaultdict(list)
    for service_id, value in rows.capacity.items():
        grouped[value].append(service_id)
        if service_id not in rows.data["service"]:
            counts["service"]["updated"] += 1
    for (code, confirmed), ids in grouped.items():
        Service.objects.filter(id__in=ids).update(capacity=code,
                                                  capacity_confirmed_on=confirmed)


def _derive_municipalities(rows: Rows) -> None:
    """The municipality of each imported location (from its physical address: town,
    district) and of each service area (from its RÚIAN URI), for searching."""
    from kmb.network.models import Address, Location, ServiceArea

    location_ids = set(rows.data["location"]) | {
        _as_uuid(r.get("location_id")) for r in rows.data["address"].values()}
    location_ids.discard(None)
    if location_ids:
        addresses = Address.objects.filter(location_id__in=location_ids).order_by(
            "address_type", "id")
        by_location = {}
        for address in addresses:
            by_location.setdefault(address.location_id, address)
        names = {fold(a.city) for a in by_location.values() if a.city}
        candidates = defaultdict(list)
        for m in Municipality.objects.filter(name_search__in=names).select_related("district"):
            candidates[m.name_search].append(m)
        grouped: dict[Any, list] = defaultdict(list)
        for location_id, address in by_location.items():
            found = municipality_for(candidates.get(fold(address.city), []), address.region)
            grouped[found].append(location_id)
        for found, ids in grouped.items():
            Location.objects.filter(id__in=ids).update(municipality=found)
    areas = [a for a in rows.data["service_area"].items()]
    codes = {}
    for key, row in areas:
        uri = str(row.get("uri") or "")
        if uri.startswith(RUIAN_MUNICIPALITY_URI):
            codes[key] = uri.removeprefix(RUIAN_MUNICIPALITY_URI).strip("/")
    by_code = {m.code: m for m in Municipality.objects.filter(code__in=set(codes.values()))}
    areas_by: dict[Any, list] = defaultdict(list)
    for key, code in codes.items():
        areas_by[by_code.get(code)].append(key)
    for found, ids in areas_by.items():
        ServiceArea.objects.filter(id__in=ids).update(municipality=found)


def municipality_for(candidates: list, district_name: str = ""):
    """One of the municipalities of the same name: the only one, or the one in the
    given district."""
    if len(candidates) == 1:
        return candidates[0]
    district = fold(district_name)
    matching = [m for m in candidates if fold(m.district.name) == district]
    return matching[0] if len(matching) == 1 else None
