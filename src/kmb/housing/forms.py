"""Forms of the housing supply: every bad value gets a message next to its field."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cz import dic as stdnum_dic

from kmb.cases.forms import DateInput, DateTimeInput
from kmb.core.fields import MunicipalityField, PhoneField
from kmb.core.models import District, MunicipalityPart
from kmb.core.text import fold
from kmb.housing.models import (
    Flat,
    FollowUpOutcome,
    HouseholdNeeds,
    Landlord,
    OwnerKind,
    OwnerTopic,
)

LAYOUT = re.compile(r"^\s*([1-6])\s*\+\s*(kk|KK|1)\s*$")


class IcoField(forms.CharField):
    """IČO, checked with python-stdnum: an IČO is the eight-digit number whose check digit
    python-stdnum validates as the DIČ of a legal entity (without the CZ prefix)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        compact = value.replace(" ", "")
        try:
            if not (compact.isdigit() and len(compact) == 8):
                raise ValueError
            return stdnum_dic.validate(compact)
        except Exception:  # stdnum raises several ValidationError subclasses
            raise forms.ValidationError(_("This is not a valid company ID (IČO)."),
                                        code="invalid_ico") from None


class LandlordForm(forms.ModelForm):
    ico = IcoField(label=_("Company ID (IČO)"), required=False)
    phone = PhoneField(label=_("Phone"), required=False)
    municipality = MunicipalityField(label=_("Municipality"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Landlord
        fields = ["kind", "name", "ico", "contact_person", "phone", "email", "street",
                  "municipality", "consent_given_on", "notes"]
        widgets = {"consent_given_on": DateInput(), "kind": forms.RadioSelect,
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("kind") in (OwnerKind.COMPANY, OwnerKind.SVJ) and not data.get("ico") \
                and "ico" not in self.errors:
            self.add_error("ico", _("A company or an SVJ needs its company ID (IČO)."))
        if not data.get("phone") and not data.get("email") and "phone" not in self.errors \
                and "email" not in self.errors:
            self.add_error("phone", _("Give a phone number or an e-mail."))
        return data

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class OwnerConsultationForm(forms.Form):
    occurred_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput(),
                                      initial=lambda: timezone.localtime().replace(
                                          second=0, microsecond=0))
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=OwnerTopic.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("What was advised"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("A consultation cannot be in the future."))
        return value


class FlatForm(forms.ModelForm):
    municipality = MunicipalityField(label=_("Municipality"))
    part = forms.CharField(label=_("Part of the municipality"), required=False, max_length=100,
                           help_text=_("As in RÚIAN, e.g. Holešovice."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Flat
        fields = ["municipality", "street", "house_number", "flat_number", "floor", "lift",
                  "area_m2", "layout", "rent", "service_advances", "energy_estimate",
                  "deposit", "barrier_free", "pets_allowed", "available_from",
                  "min_lease_months", "measure", "description"]
        widgets = {"available_from": DateInput(),
                   "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"layout": _("Rooms + kitchen, e.g. 1+kk, 2+1, 3+kk.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.municipality_part_id:
            self.initial.setdefault("part", self.instance.municipality_part.name)
        # the database would refuse a negative number; say so in the user's language first
        for name in ("rent", "service_advances", "energy_estimate", "deposit"):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = 0
            self.fields[name].error_messages["min_value"] = _("The amount cannot be negative.")
        self.fields["area_m2"].min_value = 5
        self.fields["area_m2"].error_messages["min_value"] = _(
            "A flat has at least 5 m².")
        self.fields["floor"].min_value = -3
        self.fields["floor"].max_value = 100

    def _clean_amount(self, name: str):
        value = self.cleaned_data.get(name)
        if value is not None and value < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        return value

    def clean_rent(self):
        return self._clean_amount("rent")

    def clean_layout(self):
        value = self.cleaned_data.get("layout") or ""
        match = LAYOUT.match(value)
        if not match:
            raise forms.ValidationError(
                _("Write the layout as rooms + kitchen: 1+kk to 6+1, e.g. 2+1."),
                code="invalid_layout")
        return f"{match[1]}+{match[2].lower()}"

    def clean_available_from(self):
        value = self.cleaned_data.get("available_from")
        if value and value.year < 2000:
            raise forms.ValidationError(_("Enter a date after the year 2000."))
        return value

    def clean(self):
        data = super().clean()
        municipality = data.get("municipality")
        part_name = (data.get("part") or "").strip()
        data["municipality_part"] = None
        if municipality and part_name:
            part = MunicipalityPart.objects.filter(municipality=municipality,
                                                   name_search=fold(part_name)).first()
            if part is None:
                self.add_error("part", _("%(municipality)s has no part called “%(part)s”.")
                               % {"municipality": municipality.name, "part": part_name})
            data["municipality_part"] = part
        return data

    def service_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["municipality_part"] = self.cleaned_data.get("municipality_part")
        return data


class FlatStatusForm(forms.Form):
    status = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo (JPEG, PNG or WebP, at most 10 MB)"))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class NeedsForm(forms.ModelForm):
    preferred_municipality = MunicipalityField(label=_("Preferred municipality"),
                                               required=False)
    preferred_districts = forms.ModelMultipleChoiceField(
        label=_("Preferred districts"), required=False,
        queryset=District.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}))
    consent_share = forms.BooleanField(
        label=_("The client agrees that an anonymised profile of the household (size, needs, "
                "move-in date; no name, no contact) is shown to owners"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HouseholdNeeds
        fields = ["barrier_free_needed", "has_pets", "earliest_move_in", "active"]
        widgets = {"earliest_move_in": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        needs = self.instance
        if needs.pk:
            self.initial.setdefault("consent_share", bool(needs.consent_share_on))
            self.initial.setdefault("preferred_districts", needs.preferred_district_ids)
            if needs.preferred_municipality_ids:
                self.initial.setdefault("preferred_municipality",
                                        needs.preferred_municipality_ids[0])
            self.initial.setdefault("version", needs.version)

    def service_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        municipality = self.cleaned_data.get("preferred_municipality")
        data["preferred_municipality_ids"] = [municipality.pk] if municipality else []
        data["preferred_district_ids"] = [d.pk for d in self.cleaned_data["preferred_districts"]]
        given = self.instance.consent_share_on if self.instance.pk else None
        data["consent_share_on"] = (given or timezone.localdate()) \
            if self.cleaned_data["consent_share"] else None
        return data


class ViewingForm(forms.Form):
    viewing_at = forms.DateTimeField(label=_("Viewing (date and time)"),
                                     widget=DateTimeInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AnswerForm(forms.Form):
    """An owner's or a client's answer to a proposal."""

    answer = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect, choices=[
        ("accept", _("Accept")), ("decline", _("Decline"))])
    reason = forms.CharField(label=_("Reason (when declining)"), required=False,
                             max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("answer") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for declining."))
        return data


class LeaseForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    term_months = forms.IntegerField(label=_("Term (months)"), required=False, min_value=1,
                                     max_value=600, help_text=_("Empty for an indefinite term."))
    rent = forms.IntegerField(label=_("Rent (CZK a month)"), min_value=0)
    deposit = forms.IntegerField(label=_("Deposit (CZK)"), min_value=0, initial=0)

    def __init__(self, *args, proposed_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposed_on = proposed_on
        for name in ("rent", "deposit"):
            self.fields[name].error_messages["min_value"] = _("The amount cannot be negative.")

    def clean(self):
        data = super().clean()
        day = self.proposed_on
        for name in ("signed_on", "starts_on"):
            value = data.get(name)
            if day and value and value < day:
                self.add_error(name, _("The lease cannot be signed or start before the "
                                       "proposal (%(day)s).") % {
                    "day": f"{day.day}. {day.month}. {day.year}"})
        if data.get("signed_on") and data.get("starts_on") and \
                data["starts_on"] < data["signed_on"] and "starts_on" not in self.errors:
            self.add_error("starts_on", _("The lease cannot start before it is signed."))
        return data


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FollowUpOutcome.choices,
                                widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (why the lease ended)"), required=False,
                           max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == FollowUpOutcome.LEASE_ENDED and \
                not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the lease ended."))
        return data


class PortalOfferForm(forms.Form):
    """The owners' form on the portal (no JavaScript; a honeypot field against robots)."""

    kind = forms.ChoiceField(label=_("You offer the flat as"), choices=OwnerKind.choices,
                             widget=forms.RadioSelect, initial=OwnerKind.PERSON)
    name = forms.CharField(label=_("Name or company name"), max_length=200)
    ico = IcoField(label=_("Company ID (IČO), for a company or an SVJ"), required=False)
    phone = PhoneField(label=_("Phone"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    municipality = MunicipalityField(label=_("Municipality of the flat"))
    street = forms.CharField(label=_("Street"), max_length=150, required=False)
    house_number = forms.CharField(label=_("House number"), max_length=20)
    layout = forms.CharField(label=_("Layout, e.g. 2+1"), max_length=10)
    area_m2 = forms.DecimalField(label=_("Size (m²)"), min_value=5, max_value=1000,
                                 max_digits=6, decimal_places=1)
    rent = forms.IntegerField(label=_("Rent (CZK a month)"), min_value=0, max_value=1_000_000)
    available_from = forms.DateField(label=_("Available from"), required=False,
                                     widget=DateInput())
    message = forms.CharField(label=_("Anything else"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(label=_("I agree that the contact point keeps these details "
                                         "to contact me about the offer."))
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rent"].error_messages["min_value"] = _("The amount cannot be negative.")

    def clean_layout(self):
        return FlatForm.clean_layout(self)

    def clean(self):
        data = super().clean()
        if data.get("kind") in (OwnerKind.COMPANY, OwnerKind.SVJ) and not data.get("ico") \
                and "ico" not in self.errors:
            self.add_error("ico", _("A company or an SVJ needs its company ID (IČO)."))
        if not data.get("phone") and not data.get("email") and "phone" not in self.errors \
                and "email" not in self.errors:
            self.add_error("phone", _("Give a phone number or an e-mail."))
        return data

    def owner_data(self) -> dict:
        d = self.cleaned_data
        return {"kind": d["kind"], "name": d["name"], "ico": d.get("ico") or "",
                "phone": d.get("phone") or "", "email": d.get("email") or "",
                "notes": d.get("message") or "", "consent_given_on": timezone.localdate()}

    def flat_data(self) -> dict:
        d = self.cleaned_data
        return {"municipality": d["municipality"], "street": d.get("street") or "",
                "house_number": d["house_number"], "layout": d["layout"],
                "area_m2": d["area_m2"], "rent": d["rent"],
                "available_from": d.get("available_from")}
