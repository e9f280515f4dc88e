"""Building blocks for a data subject's export (GDPR art. 15), shared by every app.

Each app that holds personal data about a client describes it as sections of rows; a row
is a list of fields, each with its model field name, its label and its value. The
privacy app assembles the sections into JSON and a PDF in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import formats, timezone


@dataclass
class Field:
    name: str
    label: Any
    value: Any
    #: False: in the JSON only (e.g. the raw inputs of a calculation).
    printable: bool = True

    def as_json(self) -> Any:
        return json_value(self.value)

    @property
    def display(self) -> str:
        return display_value(self.value)


@dataclass
class Row:
    fields: list[Field] = field(default_factory=list)
    #: Nested lists of rows (e.g. the status history of a referral), by title.
    children: list[tuple[Any, list[Row]]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {f.name: f.as_json() for f in self.fields}
        for title, rows in self.children:
            data[str(title)] = [row.as_json() for row in rows]
        return data


@dataclass
class Section:
    key: str
    title: Any
    rows: list[Row] = field(default_factory=list)
    #: Why the section is empty or what it does not contain, in the reader's language.
    note: Any = ""

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": str(self.title),
                                "items": [row.as_json() for row in self.rows]}
        if self.note:
            data["note"] = str(self.note)
        return data


def json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) \
            else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str, dict)):
        return value
    return str(value)


def display_value(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value)
                                   else value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, (list, tuple)):
        return ", ".join(display_value(v) for v in value) or "–"
    return str(value)


def model_row(obj: models.Model, names: list[str] | tuple[str, ...]) -> Row:
    """The named fields of ``obj``: choices as their label, links as their text."""
    row = Row()
    for name in names:
        model_field = obj._meta.get_field(name)
        label = getattr(model_field, "verbose_name", name)
        if getattr(model_field, "choices", None):
            value: Any = getattr(obj, f"get_{name}_display")() if getattr(obj, name) else ""
        elif model_field.many_to_many:
            value = [str(item) for item in getattr(obj, name).all()]
        elif model_field.is_relation:
            related = getattr(obj, name)
            value = str(related) if related is not None else None
        else:
            value = getattr(obj, name)
        row.fields.append(Field(name, label, value))
    return row
