from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.cases.models import (
    UNKNOWN_SITUATION,
    Channel,
    Client,
    Consent,
    DataQuality,
    HouseholdMember,
    HousingSituation,
    MaterialAidKind,
    MaterialAidMode,
    Task,
    TaskOwner,
    Topic,
)
from kmb.core.fields import (
    BirthNumberField,
    MunicipalityField,
    PhoneField,
    birth_date_from_birth_number,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


#: Data qualities that say the date is not known: a filled date contradicts them.
_NO_VALUE_QUALITIES = (DataQuality.DOES_NOT_KNOW, DataQuality.REFUSED)


def _check_birth_date_quality(form: forms.BaseForm, data: dict) -> None:
    """A date of birth cannot be filled in when its quality says the client does not
    know it or refused to give it ("not asked" with a date is read as "known")."""
    if data.get("birth_date") and data.get("birth_date_quality") in _NO_VALUE_QUALITIES:
        form.add_error("birth_date_quality", _(
            "A date of birth is filled in, so it is not unknown or refused: choose "
            "“known”, or clear the date."))


def _check_birth_date(value: date | None) -> None:
    if value is None:
        return
    today = timezone.localdate()
    if value > today:
        raise forms.ValidationError(_("The date of birth cannot be in the future."))
    if value < today.replace(year=today.year - 120):
        raise forms.ValidationError(_("The date of birth is more than 120 years ago."))


class ClientForm(forms.ModelForm):
    phone = PhoneField(label=_("Phone"), required=False)
    birth_number = BirthNumberField(label=_("Birth number (rodné číslo)"), required=False,
                                    help_text=_("Optional. Only when the client gives it."))
    municipality = MunicipalityField(label=_("Municipality"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Client
        fields = [
            "nickname", "first_name", "last_name", "name_quality", "birth_date",
            "birth_date_quality", "birth_number", "birth_number_quality", "phone",
            "phone_quality", "email", "street", "municipality", "postal_code",
            "address_quality", "preferred_language",
        ]
        widgets = {"birth_date": DateInput()}
        help_texts = {
            "nickname": _("Enough for an anonymous client; the name can be added later."),
        }

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        _check_birth_date(value)
        return value

    def clean_postal_code(self):
        value = (self.cleaned_data.get("postal_code") or "").replace(" ", "")
        if value and (not value.isdigit() or len(value) != 5):
            raise forms.ValidationError(_("A postal code has five digits, e.g. 170 00."))
        return value

    def clean(self):
        data = super().clean()
        if not (data.get("first_name") or data.get("last_name") or data.get("nickname")):
            raise forms.ValidationError(
                _("Enter at least initials or a nickname, or the client's name."),
                code="no_name")
        _check_birth_date_quality(self, data)
        number = data.get("birth_number")
        birth_date = data.get("birth_date")
        if number:
            from_number = birth_date_from_birth_number(number)
            if birth_date and from_number != birth_date:
                self.add_error("birth_number",
                               _("The birth number does not match the date of birth."))
            elif not birth_date:
                data["birth_date"] = from_number
                data["birth_date_quality"] = DataQuality.KNOWN
        for field, quality in (("birth_date", "birth_date_quality"),
                               ("birth_number", "birth_number_quality"),
                               ("phone", "phone_quality")):
            if data.get(field) and data.get(quality) == DataQuality.NOT_ASKED:
                data[quality] = DataQuality.KNOWN
        if (data.get("street") or data.get("municipality")) and \
                data.get("address_quality") == DataQuality.NOT_ASKED:
            data["address_quality"] = DataQuality.KNOWN
        return data

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ClientCreateForm(ClientForm):
    confirm_new = forms.BooleanField(
        label=_("I checked the similar clients above; this is a different person."),
        required=False)

    def service_data(self) -> dict:
        data = super().service_data()
        data.pop("confirm_new", None)
        return data


class TopicsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class SituationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class ConsultationForm(forms.Form):
    occurred_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices,
                                initial=Channel.IN_PERSON)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1,
                                          max_value=600, initial=30)
    topics = TopicsField(label=_("Topics"), queryset=Topic.objects.none(), to_field_name="code",
                         widget=forms.CheckboxSelectMultiple,
                         error_messages={"required": _("Choose at least one topic.")})
    # One "not known" value: the code list's own, no separate empty choice.
    housing_situation = SituationField(label=_("Current housing situation"),
                                       queryset=HousingSituation.objects.none(), required=False,
                                       to_field_name="code", empty_label=None)
    housing_at_risk = forms.BooleanField(label=_("Housing is at risk"), required=False)
    loss_date = forms.DateField(label=_("Housing will be lost by"), required=False,
                                widget=DateInput(),
                                help_text=_("For example the end of the notice period."))
    advice = forms.CharField(label=_("What was advised"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)

    def __init__(self, *args, recorded_loss_date: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # the client's date as already recorded: carried over, not newly entered
        self.recorded_loss_date = recorded_loss_date
        self.fields["topics"].queryset = Topic.objects.filter(active=True)
        self.fields["housing_situation"].queryset = HousingSituation.objects.filter(active=True)
        if not self.is_bound:
            self.initial.setdefault("occurred_at",
                                    timezone.localtime().replace(second=0, microsecond=0))
            if not self.initial.get("housing_situation"):
                self.initial["housing_situation"] = UNKNOWN_SITUATION

    def clean_housing_situation(self):
        value = self.cleaned_data.get("housing_situation")
        if value is None:
            value = HousingSituation.objects.filter(code=UNKNOWN_SITUATION).first()
        return value

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now() + timedelta(hours=1):
            raise forms.ValidationError(_("A consultation cannot be recorded in the future."))
        if value < timezone.now() - timedelta(days=366):
            raise forms.ValidationError(_("A consultation more than a year ago cannot be "
                                          "recorded."))
        return value

    def clean_loss_date(self):
        value = self.cleaned_data.get("loss_date")
        if value and value != self.recorded_loss_date and \
                value < timezone.localdate() - timedelta(days=366):
            raise forms.ValidationError(_("The date is more than a year ago."))
        return value


class HouseholdMemberForm(forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["first_name", "last_name", "birth_date", "birth_date_quality", "relationship"]
        widgets = {"birth_date": DateInput()}

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        _check_birth_date(value)
        return value

    def clean(self):
        data = super().clean()
        if not (data.get("first_name") or data.get("last_name") or data.get("birth_date")):
            raise forms.ValidationError(_("Enter a name or a date of birth."))
        _check_birth_date_quality(self, data)
        return data


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["purpose", "scope", "given_on", "expires_on"]
        widgets = {"given_on": DateInput(), "expires_on": DateInput()}

    def clean_given_on(self):
        value = self.cleaned_data["given_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A consent cannot be given in the future."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("expires_on") and data.get("given_on") and \
                data["expires_on"] < data["given_on"]:
            self.add_error("expires_on", _("A consent cannot expire before it was given."))
        return data


class AssigneeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class TaskForm(forms.ModelForm):
    assignee = AssigneeField(label=_("Responsible staff member"), queryset=None, required=False)

    class Meta:
        model = Task
        fields = ["title", "owner", "assignee", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, staff_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_queryset
        self.fields["owner"].initial = TaskOwner.OFFICE

    def clean_due_date(self):
        value = self.cleaned_data.get("due_date")
        if value and value < timezone.localdate() - timedelta(days=1):
            raise forms.ValidationError(_("The due date has already passed."))
        return value


class MergeForm(forms.Form):
    other = forms.UUIDField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have checked that both records are the same person."),
        error_messages={"required": _("Confirm that both records are the same person.")})


class CodeListField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class OrganizationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MaterialAidForm(forms.Form):
    """One row of material aid handed out or arranged at a consultation."""

    kind = CodeListField(label=_("Kind of aid"), queryset=MaterialAidKind.objects.none(),
                         to_field_name="code", required=False, empty_label="—",
                         error_messages={"required": _("Choose the kind of aid.")})
    mode = forms.ChoiceField(label=_("Handed out or arranged"), required=False,
                             choices=MaterialAidMode.choices, initial=MaterialAidMode.HANDED_OUT)
    organization = OrganizationField(
        label=_("Through the partner"), queryset=None, required=False,
        empty_label=_("— the office itself —"),
        help_text=_("Organisations of the partner directory marked as working with your "
                    "office."))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000,
                                  required=False)
    value_czk = forms.IntegerField(label=_("Value (Kč)"), min_value=1, max_value=1000000,
                                   required=False)
    description = forms.CharField(label=_("What exactly"), max_length=200, required=False)

    def __init__(self, *args, organizations=None, every_row_counts: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = MaterialAidKind.objects.filter(active=True)
        if every_row_counts:  # the API: a row sent is a row meant, never skipped
            self.empty_permitted = False
            self.fields["kind"].required = True
        if organizations is None:
            from kmb.network.models import Organization

            organizations = Organization.objects.none()
        self.fields["organization"].queryset = organizations

    def clean(self):
        data = super().clean()
        filled = any(data.get(f) not in (None, "") for f in
                     ("organization", "quantity", "value_czk", "description"))
        if filled and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of aid."))
        return data

    def aid(self) -> dict | None:
        """The row as the service takes it, or None for a row left empty."""
        data = getattr(self, "cleaned_data", None) or {}
        if not data.get("kind"):
            return None
        row = {k: data.get(k) for k in ("kind", "organization", "quantity", "value_czk",
                                        "description")}
        return {**row, "mode": data.get("mode") or MaterialAidMode.HANDED_OUT}


class BaseMaterialAidFormSet(forms.BaseFormSet):
    def aid_rows(self) -> list[dict]:
        return [row for row in (form.aid() for form in self.forms) if row]


MaterialAidFormSet = forms.formset_factory(MaterialAidForm, formset=BaseMaterialAidFormSet,
                                           extra=1, max_num=20, validate_max=True,
                                           absolute_max=20)
