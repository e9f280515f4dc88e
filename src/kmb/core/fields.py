"""Form fields for Czech data, validated with the field's own libraries."""

from __future__ import annotations

import re

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cz import rc

from kmb.core.models import Municipality
from kmb.core.text import fold

_MUNICIPALITY_WITH_DISTRICT = re.compile(r"^(?P<name>.+?)\s*\((?P<district>[^)]+)\)\s*$")


class PhoneField(forms.CharField):
    """A phone number, Czech by default; stored in the international format."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel",
                                                           "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            number = phonenumbers.parse(value, "CZ")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(_("Enter a valid phone number, e.g. 777 123 456."),
                                  code="invalid_phone")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class BirthNumberField(forms.CharField):
    """Rodné číslo, checked with python-stdnum; stored as digits with a slash."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 11)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            compact = rc.validate(value)
        except Exception:  # stdnum raises several ValidationError subclasses
            raise ValidationError(_("This is not a valid birth number (rodné číslo)."),
                                  code="invalid_birth_number") from None
        return rc.format(compact)


def birth_date_from_birth_number(value: str):
    return rc.get_birth_date(value)


class MunicipalityField(forms.CharField):
    """A municipality typed by name; "Name (District)" tells apart those of the same name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": "municipality-options",
                                                           "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            value = Municipality.objects.select_related("district").filter(pk=value).first()
        if isinstance(value, Municipality):
            return municipality_label(value)
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = _MUNICIPALITY_WITH_DISTRICT.match(value)
        qs = Municipality.objects.select_related("district")
        if match:
            qs = qs.filter(name_search=fold(match["name"]),
                           district__name__iexact=match["district"].strip())
        else:
            qs = qs.filter(name_search=fold(value))
        found = list(qs[:6])
        if not found:
            raise ValidationError(_("We do not know a municipality called “%(name)s”."),
                                  code="unknown_municipality", params={"name": value})
        if len(found) > 1:
            options = ", ".join(municipality_label(m) for m in found[:5])
            raise ValidationError(
                _("Several municipalities have this name; write one of: %(options)s"),
                code="ambiguous_municipality", params={"options": options})
        return found[0]


def municipality_label(municipality: Municipality) -> str:
    return f"{municipality.name} ({municipality.district.name})"
