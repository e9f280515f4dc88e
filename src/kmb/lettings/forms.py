"""Forms of the municipal flats: every bad value gets a message next to its field, in the
language of the page."""

from __future__ import annotations

import json
import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.cases.forms import DateInput
from kmb.cases.models import HousingSituation
from kmb.core.fields import PhoneField
from kmb.lettings.models import (
    ChangeKind,
    DocumentKind,
    MemberRelationship,
    Programme,
)

_MONEY = re.compile(r"^\s*(\d{1,3}(?:[ \u00a0.]?\d{3})*|\d+)\s*(?:Kč|CZK|,-)?\s*$", re.I)


class MoneyField(forms.CharField):
    """Whole Czech crowns; accepts "18 000", "18000 Kč"; anything else is explained."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return 0
        match = _MONEY.match(str(value))
        if not match:
            raise forms.ValidationError(
                _("Enter the amount as a whole number of crowns, e.g. 18 000."),
                code="money")
        amount = int(re.sub(r"\D", "", match.group(1)))
        if amount > 10_000_000:
            raise forms.ValidationError(_("This amount is too large."), code="money")
        return amount


class BirthDateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput())
        kwargs.setdefault("error_messages", {
            "invalid": _("Enter the date as day. month. year, e.g. 1. 5. 1990.")})
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y"])
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("A date of birth cannot be in the future."))
        if value and value < date(1900, 1, 1):
            raise forms.ValidationError(_("Check the year of birth."))
        return value


def situation_choices():
    return [(s.pk, s.label) for s in HousingSituation.objects.filter(active=True)]


class ApplicationForm(forms.Form):
    """The applicant, the current housing, ties and needs (household members separately)."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = BirthDateField(label=_("Date of birth"))
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = PhoneField(label=_("Phone"), required=False)
    street = forms.CharField(label=_("Current address"), max_length=200, required=False)
    income = MoneyField(label=_("Your net income (CZK a month)"), required=False,
                        help_text=_("Wages, pension, benefits; 0 if none."))
    disability = forms.BooleanField(label=_("You have a disability or long-term illness"),
                                    required=False)
    housing_situation = forms.TypedChoiceField(label=_("Where do you live now?"),
                                               coerce=int, choices=())
    housing_cost = MoneyField(label=_("What does your housing cost now (CZK a month)?"),
                              required=False, help_text=_("Rent with services and energy."))
    permanent_residence = forms.BooleanField(
        label=_("Permanent residence in the municipality"), required=False)
    residence_years = forms.IntegerField(label=_("Years living in the municipality"),
                                         min_value=0, max_value=120, initial=0,
                                         required=False)
    work_years = forms.IntegerField(label=_("Years working in the municipality"),
                                    min_value=0, max_value=80, initial=0, required=False)
    key_profession = forms.CharField(
        label=_("Key profession (employer and job)"), max_length=200, required=False,
        help_text=_("E.g. nurse at the city hospital; leave empty if not."))
    barrier_free_needed = forms.BooleanField(label=_("We need a barrier-free flat"),
                                             required=False)
    min_rooms = forms.IntegerField(label=_("Rooms at least"), min_value=1, max_value=6,
                                   required=False)
    needs_note = forms.CharField(label=_("Other needs"), max_length=300, required=False)
    owns_home = forms.BooleanField(label=_("Someone in the household owns a flat or a house"),
                                   required=False)
    debt_to_municipality = forms.BooleanField(
        label=_("Someone in the household owes the municipality (rent, fees)"),
        required=False)

    def __init__(self, *args, programmes=None, language_field: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["housing_situation"].choices = situation_choices()
        if programmes is not None:
            self.fields = {"programme": forms.ModelChoiceField(
                label=_("Programme"), queryset=programmes, empty_label=None,
                widget=forms.RadioSelect), **self.fields}
        if language_field:
            self.fields["language"] = forms.ChoiceField(
                label=_("Language of letters"),
                choices=[("cs", "čeština"), ("en", "English"), ("uk", "українська")])

    def clean(self):
        data = super().clean()
        for key in ("residence_years", "work_years"):
            if data.get(key) is None:
                data[key] = 0
        return data

    def service_data(self) -> dict:
        d = self.cleaned_data
        data = {k: d[k] for k in (
            "first_name", "last_name", "birth_date", "email", "phone", "street",
            "housing_cost", "permanent_residence", "residence_years", "work_years",
            "key_profession", "barrier_free_needed", "min_rooms", "needs_note", "owns_home",
            "debt_to_municipality") if k in d}
        data["first_name"] = data["first_name"].strip()
        data["last_name"] = data["last_name"].strip()
        data["email"] = data.get("email") or ""
        data["phone"] = data.get("phone") or ""
        data["housing_situation"] = HousingSituation.objects.get(pk=d["housing_situation"])
        if "language" in d:
            data["language"] = d["language"]
        return data

    def applicant_member(self) -> dict:
        d = self.cleaned_data
        return {"first_name": d["first_name"].strip(), "last_name": d["last_name"].strip(),
                "birth_date": d["birth_date"], "relationship": MemberRelationship.APPLICANT,
                "income": d.get("income") or 0, "disability": bool(d.get("disability"))}


class MemberForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = BirthDateField(label=_("Date of birth"), required=False)
    relationship = forms.ChoiceField(
        label=_("Relationship to the applicant"), required=False,
        choices=[c for c in MemberRelationship.choices if c[0] != MemberRelationship.APPLICANT])
    income = MoneyField(label=_("Net income (CZK a month)"), required=False)
    disability = forms.BooleanField(label=_("Disability or long-term illness"),
                                    required=False)

    def clean(self):
        data = super().clean()
        named = data.get("first_name") or data.get("last_name")
        if named or data.get("birth_date"):
            if not data.get("first_name"):
                self.add_error("first_name", _("Enter the first name."))
            if not data.get("last_name"):
                self.add_error("last_name", _("Enter the last name."))
            if not data.get("birth_date") and "birth_date" not in self.errors:
                self.add_error("birth_date", _("Enter the date of birth."))
        return data

    @property
    def filled(self) -> bool:
        d = getattr(self, "cleaned_data", {}) or {}
        return bool(d.get("first_name") or d.get("last_name") or d.get("birth_date"))

    def member(self) -> dict:
        d = self.cleaned_data
        return {"first_name": d["first_name"].strip(), "last_name": d["last_name"].strip(),
                "birth_date": d["birth_date"],
                "relationship": d.get("relationship") or MemberRelationship.OTHER,
                "income": d.get("income") or 0, "disability": bool(d.get("disability"))}


MemberFormSet = forms.formset_factory(MemberForm, extra=0, max_num=12, absolute_max=12,
                                      validate_max=True)

MEMBER_ROWS = 6


def member_formset(data=None, initial=None, prefix="members"):
    initial = list(initial or [])
    formset_class = forms.formset_factory(MemberForm, extra=max(MEMBER_ROWS - len(initial), 1),
                                          max_num=12, absolute_max=12)
    return formset_class(data, initial=initial, prefix=prefix)


def formset_members(formset) -> list[dict]:
    return [f.member() for f in formset.forms if f.filled]


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    image = forms.FileField(label=_("Photo or scan (JPEG, PNG, WebP)"), required=False)
    seen_at_office = forms.BooleanField(label=_("The original was seen at the office"),
                                        required=False)

    def clean(self):
        data = super().clean()
        if not data.get("image") and not data.get("seen_at_office"):
            raise forms.ValidationError(_("Upload the document or mark it as seen at the "
                                          "office."))
        return data


class PortalDocumentsForm(forms.Form):
    """Optional uploads on the portal, one per document of the checklist."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in DocumentKind.choices:
            self.fields[f"doc_{value}"] = forms.FileField(
                label=label, required=False,
                help_text=_("A photo or scan (JPEG, PNG or WebP, up to 10 MB)."),
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,"
                                                                 "image/webp"}))

    def uploads(self) -> list[tuple[str, object]]:
        return [(name[4:], f) for name, f in self.cleaned_data.items() if f]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = list(statuses)


class IncompleteForm(forms.Form):
    missing = forms.MultipleChoiceField(label=_("Missing documents"), required=False,
                                        choices=DocumentKind.choices,
                                        widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("What else is missing"), max_length=300, required=False)
    complete_by = forms.DateField(label=_("To be completed by"), required=False,
                                  widget=DateInput())


class RulesForm(forms.Form):
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    criteria = forms.CharField(
        label=_("Criteria (JSON)"), widget=forms.Textarea(attrs={"rows": 18, "spellcheck":
                                                                 "false"}),
        help_text=_("A list of criteria: each names a fact and how points follow from it "
                    "(flag, per_unit, at_least, at_most, choice). The plain-language "
                    "version below shows what will be published."))
    exclusions = forms.MultipleChoiceField(label=_("Exclusions"), required=False,
                                           widget=forms.CheckboxSelectMultiple, choices=())
    note = forms.CharField(label=_("What changed"), max_length=300)

    def __init__(self, *args, **kwargs):
        from kmb.lettings.scoring import EXCLUSIONS

        super().__init__(*args, **kwargs)
        self.fields["exclusions"].choices = [(k, v) for k, v in EXCLUSIONS.items()]

    def clean_criteria(self):
        from kmb.lettings.scoring import rules_problems

        try:
            value = json.loads(self.cleaned_data["criteria"])
        except ValueError:
            raise forms.ValidationError(_("This is not valid JSON.")) from None
        problems = rules_problems(value, [])
        if problems:
            raise forms.ValidationError(problems)
        return value


class ContactForm(forms.Form):
    phone = PhoneField(label=_("Phone"), required=False)
    street = forms.CharField(label=_("Current address"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of letters"),
                                 choices=[("cs", "čeština"), ("en", "English"),
                                          ("uk", "українська")])


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("What changed"), choices=ChangeKind.choices,
                             widget=forms.RadioSelect)
    first_name = forms.CharField(label=_("New member: first name"), max_length=100,
                                 required=False)
    last_name = forms.CharField(label=_("New member: last name"), max_length=100,
                                required=False)
    birth_date = BirthDateField(label=_("New member: date of birth"), required=False)
    relationship = forms.ChoiceField(
        label=_("New member: relationship to the applicant"), required=False,
        choices=[c for c in MemberRelationship.choices if c[0] != MemberRelationship.APPLICANT])
    member = forms.ChoiceField(label=_("Whose income changed / who left"), required=False,
                               choices=())
    income = MoneyField(label=_("New net income (CZK a month)"), required=False)
    note = forms.CharField(label=_("Details"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "—")] + [
            (str(m.uuid), f"{m.first_name} {m.last_name}") for m in members]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == ChangeKind.MEMBER_ADDED:
            for key in ("first_name", "last_name", "birth_date"):
                if not data.get(key) and key not in self.errors:
                    self.add_error(key, _("This is needed for a new member."))
        if kind in (ChangeKind.INCOME, ChangeKind.MEMBER_LEFT) and not data.get("member"):
            self.add_error("member", _("Choose the person."))
        if kind in (ChangeKind.HOUSING, ChangeKind.OTHER) and not data.get("note"):
            self.add_error("note", _("Describe the change."))
        return data

    def report_data(self) -> dict:
        d = self.cleaned_data
        kind = d["kind"]
        if kind == ChangeKind.MEMBER_ADDED:
            return {"first_name": d["first_name"].strip(), "last_name": d["last_name"].strip(),
                    "birth_date": d["birth_date"],
                    "relationship": d.get("relationship") or MemberRelationship.OTHER,
                    "income": d.get("income") or 0}
        if kind == ChangeKind.INCOME:
            return {"member": d["member"], "income": d.get("income") or 0}
        if kind == ChangeKind.MEMBER_LEFT:
            return {"member": d["member"]}
        return {}


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("E-mail given in the application"))


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


def programme_queryset(contact_point=None):
    qs = Programme.objects.filter(active=True)
    if contact_point is not None:
        qs = qs.filter(contact_point=contact_point)
    return qs.select_related("municipality")
