"""Forms of the register: filing an application, a step, the delivery of a letter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.cases.forms import DateInput
from kmb.core.fields import PhoneField
from kmb.housing.models import Flat, FlatStatus, Lease
from kmb.register.models import (
    Channel,
    MeasureEndReason,
    MeasureKind,
    OpinionResult,
    ProcedurePath,
    Provider,
    RefusalReason,
    TieKind,
)
from kmb.register.workflow import Action


class FileForm(forms.Form):
    path = forms.ChoiceField(label=_("kind of entry"), choices=ProcedurePath.choices)
    channel = forms.ChoiceField(label=_("filed"), choices=Channel.choices)
    filed_on = forms.DateField(label=_("filed on"), widget=DateInput(),
                               initial=timezone.localdate,
                               help_text=_("The day the application reached the office: the "
                                           "procedure starts on it."))
    note = forms.CharField(label=_("note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


def _field(name: str, action: Action) -> forms.Field:
    if name == "on":
        return forms.DateField(label=_("date of the step"), widget=DateInput(),
                               initial=timezone.localdate)
    if name == "tie_kind":
        return forms.ChoiceField(label=_("tie to the district"), required=False,
                                 choices=[("", "—"), *TieKind.choices],
                                 help_text=_("Required once the 2026 amendment applies."))
    if name == "tie_evidence":
        return forms.CharField(label=_("evidence of the tie"), required=False,
                               max_length=300)
    if name == "declaration_signed_on":
        return forms.DateField(label=_("declaration signed on"), widget=DateInput(),
                               required=False)
    if name == "remedy_days":
        return forms.IntegerField(label=_("period to remedy (days)"), min_value=1,
                                  max_value=90, required=False,
                                  help_text=_("Empty: the default period."))
    if name == "evidence_days":
        return forms.IntegerField(label=_("period to see the evidence (days)"), min_value=1,
                                  max_value=60, required=False,
                                  help_text=_("Empty: the default period."))
    if name == "opinion_result":
        return forms.ChoiceField(label=_("binding opinion"),
                                 choices=[("", "—"), *OpinionResult.choices])
    if name == "refusal_reason":
        return forms.ChoiceField(label=_("main reason (for the reports)"),
                                 choices=[("", "—"), *RefusalReason.choices])
    if name == "reasons":
        return forms.CharField(label=_("reasons"), max_length=8000,
                               widget=forms.Textarea(attrs={"rows": 6}))
    return forms.CharField(label=_("record"), max_length=8000,
                           required=action.code in ("record_inquiry", "report_change"),
                           widget=forms.Textarea(attrs={"rows": 4}))


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in action.fields:
            self.fields[name] = _field(name, action)


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=_("delivered on"), required=False,
                                   widget=DateInput())
    ready_on = forms.DateField(label=_("ready for collection on"), required=False,
                               widget=DateInput(),
                               help_text=_("Not collected: it counts as delivered after the "
                                           "set days (správní řád § 24)."))


class FlatChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Flat) -> str:
        return f"{obj.address} ({obj.layout}, {obj.get_status_display()})"


class LeaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Lease) -> str:
        return _("%(flat)s, from %(start)s") % {
            "flat": obj.flat.address,
            "start": f"{obj.starts_on.day}. {obj.starts_on.month}. {obj.starts_on.year}"}


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("measure"), choices=MeasureKind.choices)
    provider = forms.ModelChoiceField(label=_("provider"), queryset=Provider.objects.none())
    starts_on = forms.DateField(label=_("start"), widget=DateInput(),
                                initial=timezone.localdate)
    flat = FlatChoiceField(
        label=_("flat"), required=False, queryset=Flat.objects.none(),
        help_text=_("For guaranteed tenancy, sublease and supported municipal housing: the "
                    "flat of the office's housing supply. Leave empty for housing "
                    "assistance."))
    lease = LeaseChoiceField(
        label=_("lease"), required=False, queryset=Lease.objects.none(),
        help_text=_("The lease this household signed for the flat, once it is signed."))
    first_entry_of_flat = forms.BooleanField(
        label=_("first time this flat and owner enter the system"), required=False)

    def __init__(self, *args: Any, contact_point, client=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(contact_point=contact_point)
        self.fields["flat"].queryset = (
            Flat.objects.filter(contact_point=contact_point)
            .exclude(status=FlatStatus.WITHDRAWN).select_related("municipality")
            .order_by("municipality__name", "street", "house_number", "flat_number"))
        self.fields["lease"].queryset = (
            Lease.objects.filter(contact_point=contact_point, client=client)
            .select_related("flat__municipality").order_by("-starts_on")
            if client is not None else Lease.objects.none())


class MeasureEndForm(forms.Form):
    ends_on = forms.DateField(label=_("end"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.ChoiceField(label=_("reason for ending"),
                               choices=[("", "—"), *MeasureEndReason.choices])


class AssistanceForm(forms.Form):
    on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)
    minutes = forms.IntegerField(label=_("minutes"), min_value=1, max_value=1440)
    visit = forms.BooleanField(label=_("visit in the home"), required=False)
    note = forms.CharField(label=_("note"), required=False, max_length=300)


class PortalApplicationForm(forms.Form):
    """An application for entry in the register, filed by the person on the public portal.
    Personal data travel only in the POST body; a hidden field catches robots."""

    path = forms.ChoiceField(
        label=_("What do you apply for?"), widget=forms.RadioSelect,
        choices=[(ProcedurePath.NEED, _("Entry in the register of persons in housing need "
                                        "(the way to guaranteed tenancy, sublease or "
                                        "supported municipal housing)")),
                 (ProcedurePath.ASSISTANCE, _("Housing assistance only (help with keeping "
                                              "or finding housing)"))],
        initial=ProcedurePath.NEED)
    first_name = forms.CharField(label=_("First name"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=DateInput(attrs={"autocomplete": "bday"}),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y"],
        help_text=_("For example 24. 3. 1985."))
    street = forms.CharField(label=_("Where you live now: street and number"), max_length=200,
                             required=False,
                             widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
                             help_text=_("Leave empty if you have no home now."))
    postal_code = forms.RegexField(label=_("Postal code"), regex=r"^\d{3} ?\d{2}$",
                                   required=False, max_length=6,
                                   widget=forms.TextInput(attrs={"autocomplete":
                                                                 "postal-code"}),
                                   error_messages={"invalid": _("A postal code has five "
                                                                "digits.")})
    phone = PhoneField(label=_("Phone"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                             help_text=_("We send the confirmation of your application "
                                         "here."))
    persons = forms.IntegerField(label=_("How many people live in your household, you "
                                         "included?"), min_value=1, max_value=20, initial=1)
    situation = forms.CharField(
        label=_("Your housing situation"), max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Where and how you live now, what threatens your housing and since "
                    "when, what you pay for housing."))
    tie_kind = forms.ChoiceField(
        label=_("Your tie to the district"), required=False, widget=forms.RadioSelect,
        choices=[*TieKind.choices, ("", _("I do not know"))])
    tie_evidence = forms.CharField(label=_("How the tie can be shown"), required=False,
                                   max_length=300,
                                   help_text=_("For example: an employer, a school, a lease "
                                               "in the district."))
    declaration = forms.BooleanField(
        label=_("I declare that the information I give is true and complete."),
        error_messages={"required": _("The application can be filed only with this "
                                      "declaration.")})
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name != "website"]

    def clean_birth_date(self):
        day = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if day > today or day.year < today.year - 120:
            raise forms.ValidationError(_("Check the date of birth."))
        return day

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and \
                not {"phone", "email"} & set(self.errors):
            self.add_error("email", _("Give a phone number or an e-mail address."))
        return data

    def applicant(self, municipality) -> dict[str, Any]:
        data = self.cleaned_data
        postal = (data.get("postal_code") or "").replace(" ", "")
        return {"first_name": data["first_name"].strip(), "last_name": data["last_name"].strip(),
                "birth_date": data["birth_date"], "street": data["street"].strip(),
                "postal_code": f"{postal[:3]} {postal[3:]}" if postal else "",
                "municipality": municipality, "phone": data.get("phone") or "",
                "email": data.get("email") or ""}


class LetterTextForm(forms.Form):
    """The office's wording of the parts of one letter (plain text with placeholders)."""

    title = forms.CharField(label=_("title"), required=False, max_length=300)
    statement = forms.CharField(label=_("statement"), required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 6}))
    reasoning = forms.CharField(label=_("reasoning"), required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 8}))
    instruction = forms.CharField(label=_("instruction"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))

    def clean(self):
        from kmb.register.letters import text_problem, text_sanitise

        data = super().clean()
        for name in ("title", "statement", "reasoning", "instruction"):
            if name in data:
                problem = text_problem(text_sanitise(data[name] or ""))
                if problem:
                    self.add_error(name, problem)
        return data
