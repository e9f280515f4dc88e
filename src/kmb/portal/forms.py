"""Forms of the public portal (the request for a consultation) and of the content editor."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.cases.models import ContactMethod, Topic
from kmb.core.fields import PhoneField
from kmb.portal.models import LANGUAGES, ContentMode

HONEYPOT = "website"


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        return obj.label


class RequestForm(forms.Form):
    """A request for a consultation. Contact details travel only in the POST body."""

    name = forms.CharField(label=_("Your name or a nickname"), max_length=100,
                           widget=forms.TextInput(attrs={"autocomplete": "nickname"}))
    contact_method = forms.ChoiceField(
        label=_("How should we contact you?"), widget=forms.RadioSelect,
        choices=[(ContactMethod.PHONE, _("By phone")), (ContactMethod.EMAIL, _("By e-mail")),
                 (ContactMethod.EITHER, _("By phone or e-mail"))],
        initial=ContactMethod.PHONE)
    phone = PhoneField(label=_("Phone"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    preferred_time = forms.CharField(
        label=_("When can we reach you?"), required=False, max_length=200,
        help_text=_("For example: weekday mornings, after 3 p.m."))
    topics = TopicChoiceField(label=_("What is it about?"), required=False, to_field_name="code",
                              queryset=Topic.objects.filter(active=True),
                              widget=forms.CheckboxSelectMultiple)
    message = forms.CharField(label=_("Your message"), required=False, max_length=3000,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Briefly, what happened and what you need."))
    slot = forms.ChoiceField(
        label=_("Book a time (optional)"), required=False, widget=forms.RadioSelect,
        help_text=_("The next free times of the contact point. Without a time, the contact "
                    "point gets in touch with you."))
    remind_email = forms.BooleanField(
        label=_("Send me an e-mail reminder the day before the appointment"), required=False,
        help_text=_("The confirmation of the booking is sent to the e-mail given above in "
                    "any case."))
    remind_sms = forms.BooleanField(
        label=_("Send me an SMS reminder the day before the appointment"), required=False,
        help_text=_("Only to the phone number given above, only about this appointment."))
    consent = forms.BooleanField(required=True)
    # A field people do not see; automated senders fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def __init__(self, *args, consent_label: str = "", consent_text: str = "", slots=(),
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.slot_taken = False
        self.slots_refresh(slots)
        self.fields["consent"].label = consent_label
        self.fields["consent"].help_text = consent_text
        self.fields["consent"].error_messages["required"] = _(
            "We can handle the request only with your consent.")
        self.order_fields(["name", "contact_method", "phone", "email", "preferred_time",
                           "slot", "remind_email", "remind_sms", "topics", "message",
                           "consent", HONEYPOT])

    def slots_refresh(self, slots) -> None:
        """Offer these free times (none: no booking fields at all)."""
        from kmb.appointments.forms import slot_label

        choices = [(s.key, slot_label(s)) for s in slots]
        if not choices:
            self.fields.pop("slot", None)
            self.fields.pop("remind_sms", None)
            self.fields.pop("remind_email", None)
            return
        if "slot" not in self.fields:
            return
        self.fields["slot"].choices = [("", _("No time now, contact me")), *choices]
        self.fields["slot"].error_messages["invalid_choice"] = _(
            "This time is no longer free. Choose one of the next free times.")
        if self.slot_taken and self.is_bound:
            data = self.data.copy()
            data["slot"] = ""
            self.data = data

    def chosen_slot(self):
        """The start of the chosen time (aware), or None."""
        from datetime import datetime

        key = self.cleaned_data.get("slot") if "slot" in self.fields else ""
        if not key:
            return None
        return timezone.make_aware(datetime.fromisoformat(key))

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name != HONEYPOT]

    def clean(self):
        data = super().clean()
        method = data.get("contact_method")
        phone, email = data.get("phone"), data.get("email")
        if method == ContactMethod.PHONE and not phone and "phone" not in self.errors:
            self.add_error("phone", _("Give the phone number we should call."))
        if method == ContactMethod.EMAIL and not email and "email" not in self.errors:
            self.add_error("email", _("Give the e-mail address we should write to."))
        if (method == ContactMethod.EITHER and not phone and not email
                and not {"phone", "email"} & set(self.errors)):
            self.add_error("phone", _("Give a phone number or an e-mail address."))
        if data.get("remind_email") and not email and "email" not in self.errors:
            self.add_error("email", _("Give the e-mail address for the reminder."))
        if data.get("remind_sms") and not phone and "phone" not in self.errors:
            self.add_error("phone", _("Give the phone number for the SMS reminder."))
        return data


class ContentBlockForm(forms.Form):
    """A contact point's own version of one text, in the three languages."""

    mode = forms.ChoiceField(label=_("Your text"), choices=ContentMode.choices,
                             widget=forms.RadioSelect, initial=ContentMode.APPEND)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = {"cs": _("Czech"), "en": _("English"), "uk": _("Ukrainian")}
        for lang in LANGUAGES:
            self.fields[f"title_{lang}"] = forms.CharField(
                label=_("Title – %(language)s") % {"language": names[lang]}, required=False,
                max_length=300)
            self.fields[f"body_{lang}"] = forms.CharField(
                label=_("Text – %(language)s") % {"language": names[lang]}, required=False,
                max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
        self.fields["body_cs"].help_text = _(
            "An empty line starts a new paragraph; lines starting with “- ” make a list; "
            "“## ” starts a heading. Web and e-mail addresses become links.")
        self.fields["source"] = forms.CharField(
            label=_("Source of the rule in your text"), required=False, max_length=500,
            help_text=_("When your text replaces the general one and states a rule of law "
                        "(a deadline, a right, a condition): the act and section, or the "
                        "address of an official page. People see it under your text."))
        self.fields["checked_on"] = forms.DateField(
            label=_("Source checked on"), required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if not (data.get("body_cs") or "").strip() and "body_cs" not in self.errors:
            self.add_error("body_cs", _("Write at least the Czech text."))
        checked_on = data.get("checked_on")
        if (data.get("source") or "").strip() and not checked_on \
                and "checked_on" not in self.errors:
            self.add_error("checked_on", _("Give the day you checked the source."))
        if checked_on and checked_on > timezone.localdate():
            self.add_error("checked_on", _("The day of the check cannot be in the future."))
        return data

    def service_data(self) -> dict:
        return {name: (value.strip() if isinstance(value, str) else value)
                for name, value in self.cleaned_data.items() if name != "version"}
