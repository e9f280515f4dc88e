"""Forms of the staff calendar, the office's hours and the public booking links."""

from __future__ import annotations

from django import forms
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from kmb.appointments.models import Closure, HoursKind, Mode, OfficeCalendar, Weekday
from kmb.cases.forms import DateTimeInput
from kmb.core.fields import PhoneField


class AdviserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def slot_label(slot) -> str:
    """"pondělí 7. 12. 9:00–9:45" in the current language."""
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return f"{dateformat.format(start, 'l j. n. G:i')}–{dateformat.format(end, 'G:i')}"


class AppointmentForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=5, max_value=480,
                                 initial=45)
    adviser = AdviserChoiceField(label=_("Adviser"), queryset=None, empty_label=None)
    mode = forms.ChoiceField(label=_("How"), choices=Mode.choices, initial=Mode.IN_PERSON,
                             widget=forms.RadioSelect)
    label = forms.CharField(label=_("Name or nickname (without a client record)"),
                            required=False, max_length=100)
    note = forms.CharField(label=_("Note for the office"), required=False, max_length=300,
                           help_text=_("Shown in the calendar; not sent to anyone."))
    email = forms.EmailField(label=_("E-mail for the confirmation and reminder"),
                             required=False)
    phone = PhoneField(label=_("Phone for the SMS reminder"), required=False)
    remind_email = forms.BooleanField(
        label=_("The person agreed to a confirmation and a reminder by e-mail"),
        required=False)
    remind_sms = forms.BooleanField(
        label=_("The person agreed to an SMS reminder the day before"), required=False)

    def __init__(self, *args, advisers, client=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers
        self.client = client
        if client is not None:
            del self.fields["label"]
            self.fields["email"].help_text = _("Empty: the client's e-mail on record.")
            self.fields["phone"].help_text = _("Empty: the client's phone on record.")

    def clean(self):
        data = super().clean()
        has_email = data.get("email") or (self.client and self.client.email)
        has_phone = data.get("phone") or (self.client and self.client.phone)
        if data.get("remind_email") and not has_email and "email" not in self.errors:
            self.add_error("email", _("Give the e-mail address for the reminder."))
        if data.get("remind_sms") and not has_phone and "phone" not in self.errors:
            self.add_error("phone", _("Give the phone number for the SMS reminder."))
        return data


class MoveForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("New date and time"), widget=DateTimeInput())
    adviser = AdviserChoiceField(label=_("Adviser"), queryset=None, empty_label=None)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers


class SlotChoiceForm(forms.Form):
    """The resident picks one of the next free slots (the public move link)."""

    slot = forms.ChoiceField(label=_("Choose a time"), widget=forms.RadioSelect)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(s.key, slot_label(s)) for s in slots]
        self.fields["slot"].error_messages["invalid_choice"] = _(
            "This time is no longer free. Choose one of the next free times.")


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices, coerce=int)
    opens = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"},
                                                                     format="%H:%M"))
    closes = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"},
                                                                    format="%H:%M"))
    kind = forms.ChoiceField(label=_("Kind"), choices=HoursKind.choices,
                             widget=forms.RadioSelect, initial=HoursKind.OPEN)

    def clean(self):
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            self.add_error("closes", _("The end must be later than the start."))
        return data


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["starts_on", "ends_on", "reason"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot be before the first."))
        return data


class OfficeCalendarForm(forms.ModelForm):
    class Meta:
        model = OfficeCalendar
        fields = ["slot_minutes", "book_days_ahead", "min_notice_hours", "online_booking",
                  "hours_note"]

    def clean_slot_minutes(self):
        value = self.cleaned_data["slot_minutes"]
        if not 10 <= value <= 240:
            raise forms.ValidationError(_("A slot lasts between 10 and 240 minutes."))
        return value

    def clean_book_days_ahead(self):
        value = self.cleaned_data["book_days_ahead"]
        if not 1 <= value <= 180:
            raise forms.ValidationError(_("Between 1 and 180 days."))
        return value


class SettingsForm(forms.Form):
    daily_digest = forms.BooleanField(label=_("Send me the daily digest by e-mail"),
                                      required=False)
