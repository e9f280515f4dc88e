"""Showing a dated parameter's value to staff: ``{{ row.value|parameter_value }}``."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kmb.core.templatetags.kmb_format import number

register = template.Library()

#: Words some parameters use as values instead of numbers.
_WORDS = {"actual_expense": gettext_lazy("up to the actual expense")}


def _one(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, str):
        return str(_WORDS[value]) if value in _WORDS else value
    if value is None:
        return "–"
    return str(value)


@register.filter
def parameter_value(value) -> list[tuple[str, str]]:
    """(name, shown value) pairs: one pair without a name for a plain value, one per entry
    for a table of values."""
    if isinstance(value, dict):
        return [(str(name), _one(item)) for name, item in value.items()]
    if isinstance(value, list):
        return [("", ", ".join(_one(item) for item in value))]
    return [("", _one(value))]
