"""Translatable notes (an English message id and its parameters) and JSON values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# ---------------------------------------------------------------------------
# Translatable notes
# ---------------------------------------------------------------------------


def _format_money_en(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:,.2f}".replace(",", " ")


def _format_money_local(value: Decimal) -> str:
    from django.utils.formats import number_format

    decimals = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def _format_ratio_local(value: float) -> str:
    from django.utils.formats import number_format

    return number_format(value, decimal_pos=0 if value == int(value) else 2)


def _format_date_local(value: date) -> str:
    from django.utils.formats import date_format

    return date_format(value, "SHORT_DATE_FORMAT")


_lazy_money = lazy(_format_money_local, str)
_lazy_date = lazy(_format_date_local, str)
_lazy_ratio = lazy(_format_ratio_local, str)


@dataclass(slots=True)
class Note:
    """A translatable sentence: an English message id and its parameters.

    ``message`` is a lazy string translated in the active language when rendered;
    ``english()`` renders it in English without Django (used for storage). Parameter
    types decide their formatting: Decimal = money, float = ratio, date = date, Note =
    nested text; other values are shown as they are.
    """

    code: str
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> Any:
        if not self.params:
            return _(self.msgid)
        return format_lazy(_(self.msgid), **{k: _display(v) for k, v in self.params.items()})

    def english(self) -> str:
        return self.msgid.format(**{k: _english(v) for k, v in self.params.items()})

    def __str__(self) -> str:
        return str(self.message)

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "msgid": self.msgid,
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "text": self.english(),
        }


def _display(value: Any) -> Any:
    if isinstance(value, Note):
        return value.message
    if isinstance(value, Decimal):
        return _lazy_money(value)
    if isinstance(value, float):
        return _lazy_ratio(value)
    if isinstance(value, date):
        return _lazy_date(value)
    return value


def _english(value: Any) -> str:
    if isinstance(value, Note):
        return value.english()
    if isinstance(value, Decimal):
        return _format_money_en(value)
    if isinstance(value, float):
        return f"{value:.0f}" if value == int(value) else f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)

def _json_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Note):
        return value.as_json()
    return value
