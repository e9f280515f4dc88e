"""Formats of amounts for templates: ``{{ value|czk }}`` gives ``12 345 Kč``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from django import template
from django.utils.translation import get_language, to_locale

from kmb.core.i18n import current_language

register = template.Library()

_CURRENCY = {"cs": "Kč"}


def _locale() -> str:
    return to_locale(get_language() or "cs")


@register.filter
def czk(value) -> str:
    """An amount in CZK in the active language's format: whole crowns without decimals,
    hellers with two (``1 747,60 Kč``); empty for no value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
    language = current_language()
    number = format_decimal(amount, format=pattern, locale=_locale())
    return f"{number}\u00a0{_CURRENCY.get(language, 'CZK')}"


@register.filter
def number(value) -> str:
    """A number in the active language's format (grouped thousands)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.##"
    return format_decimal(amount, format=pattern, locale=_locale())
