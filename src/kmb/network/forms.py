"""Forms of the partner network: directory entries, referrals and the partner's answers."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cz import dic

from kmb.cases.forms import DateInput, DateTimeInput
from kmb.core.fields import MunicipalityField, PhoneField
from kmb.core.links import validate_http_url
from kmb.network import selectors
from kmb.network.hsds.spec import RUIAN_MUNICIPALITY_URI, looks_like_formula
from kmb.network.models import (
    OUTCOME_STATUSES,
    PROGRESS_STATUSES,
    Capacity,
    CostOption,
    Language,
    Location,
    Organization,
    PartnerContact,
    Phone,
    ReferralStatus,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    SharedItem,
    Weekday,
)


def no_formula(value: str) -> None:
    if value and looks_like_formula(value):
        raise ValidationError(_("The text must not start like a spreadsheet formula."),
                              code="formula")


class DirectoryTextMixin:
    """Every text of the directory is checked the same way the HSDS import checks it, so
    that what staff enter survives an export and an import."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                value = value.strip()
                data[name] = value
                try:
                    no_formula(value)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data


class TermsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label


class TermField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


# --------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------

class PlaceField(MunicipalityField):
    """A municipality, or a city district ("Praha 7", "Brno-střed") standing for its
    city; the district found is kept on the municipality as ``city_district``."""

    def clean(self, value):
        try:
            found = super().clean(value)
        except ValidationError as error:
            district = _city_district(value)
            if district is None:
                raise error from None
            found = district.municipality
            found.city_district = district
        return found


def _city_district(value):
    from kmb.core.models import CityDistrict
    from kmb.core.text import fold

    text = fold((value or "").strip())
    if not text:
        return None
    found = list(CityDistrict.objects.filter(name_search=text)
                 .select_related("municipality__district")[:2])
    return found[0] if len(found) == 1 else None


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Name of the service or organisation"), required=False,
                        max_length=200)
    category = TermField(label=_("Category"), queryset=None, required=False,
                         to_field_name="code", empty_label=_("— any —"))
    municipality = PlaceField(label=_("Municipality or city district"), required=False)
    capacity = forms.ChoiceField(label=_("Capacity"), required=False,
                                 choices=[("", _("— any —"))] + [
                                     c for c in Capacity.choices if c[0]])

    def __init__(self, *args, public: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        from kmb.network.models import TaxonomyTerm
        from kmb.network.taxonomy import CATEGORIES_ID

        self.fields["category"].queryset = TaxonomyTerm.objects.filter(
            taxonomy_detail_id=CATEGORIES_ID).order_by("name")
        if public:
            del self.fields["capacity"]

    def search_args(self) -> dict:
        """The filters that are valid: a place we do not know leaves out only the place
        (see :attr:`unknown_place`), the category and the rest still apply."""
        if not self.is_bound:
            return {"q": "", "category": None, "municipality": None, "capacity": ""}
        self.is_valid()
        data = self.cleaned_data
        return {"q": data.get("q", ""), "category": data.get("category"),
                "municipality": data.get("municipality"), "capacity": data.get("capacity", "")}

    @property
    def unknown_place(self) -> str:
        """The place typed, if it is not one we know (or is ambiguous)."""
        if self.is_bound and self.is_valid() is False and "municipality" in self.errors:
            return (self.data.get("municipality") or "").strip()
        return ""


# --------------------------------------------------------------------------------------
# Directory entries
# --------------------------------------------------------------------------------------

class SuggestionMixin:
    """The edit forms double as suggestion forms for those who do not maintain the entry:
    a note for the maintainer is added, and what only the maintainer sets is left out."""

    suggestion_only: tuple[str, ...] = ()

    def __init__(self, *args, suggestion: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestion = suggestion
        if suggestion:
            for name in self.suggestion_only:
                self.fields.pop(name, None)
            self.fields["suggestion_note"] = forms.CharField(
                label=_("Note for the maintainer"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("For example where you learnt about the change."))


class OrganizationForm(SuggestionMixin, DirectoryTextMixin, forms.ModelForm):
    suggestion_only = ("ico", "version")

    ico = forms.CharField(label=_("Company ID (IČO)"), required=False, max_length=12)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organization
        fields = ["name", "alternate_name", "description", "description_en", "description_uk",
                  "legal_status", "email", "website", "year_incorporated"]
        widgets = {
            "name": forms.TextInput(), "alternate_name": forms.TextInput(),
            "legal_status": forms.TextInput(), "email": forms.EmailInput(),
            "website": forms.URLInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_uk": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"legal_status": _("For example z. s., z. ú., o. p. s., municipality.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["description"].required = True
        self.fields["email"] = forms.EmailField(label=_("E-mail"), required=False)
        self.fields["website"] = forms.URLField(label=_("Website"), required=False,
                                                assume_scheme="https",
                                                validators=[validate_http_url])

    def clean_ico(self):
        value = (self.cleaned_data.get("ico") or "").replace(" ", "")
        if value and (len(value) != 8 or not dic.is_valid(value)):
            raise ValidationError(_("Enter a valid IČO (eight digits)."))
        return value

    def clean_year_incorporated(self):
        value = self.cleaned_data.get("year_incorporated")
        if value is not None and not 1800 <= value <= timezone.localdate().year:
            raise ValidationError(_("Enter a year between 1800 and this year."))
        return value

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items()
                if k not in ("ico", "version", "suggestion_note")}


class ServiceForm(SuggestionMixin, DirectoryTextMixin, forms.ModelForm):
    suggestion_only = ("categories", "target_groups", "version")

    categories = TermsField(label=_("Categories"), queryset=None, required=False)
    target_groups = TermsField(label=_("Target groups"), queryset=None, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Service
        fields = ["name", "name_en", "name_uk", "alternate_name", "status", "description",
                  "description_en", "description_uk", "eligibility_description",
                  "minimum_age", "maximum_age", "application_process", "fees_description",
                  "interpretation_services", "alert", "url", "email", "capacity",
                  "capacity_confirmed_on"]
        widgets = {
            "name": forms.TextInput(), "name_en": forms.TextInput(),
            "name_uk": forms.TextInput(), "alternate_name": forms.TextInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_uk": forms.Textarea(attrs={"rows": 3}),
            "eligibility_description": forms.Textarea(attrs={"rows": 3}),
            "application_process": forms.Textarea(attrs={"rows": 3}),
            "fees_description": forms.TextInput(),
            "interpretation_services": forms.TextInput(), "alert": forms.TextInput(),
            "capacity_confirmed_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from kmb.network.models import TaxonomyTerm
        from kmb.network.taxonomy import CATEGORIES_ID, TARGET_GROUPS_ID

        self.fields["name"].required = True
        for name, taxonomy_id in (("categories", CATEGORIES_ID),
                                  ("target_groups", TARGET_GROUPS_ID)):
            if name in self.fields:  # a suggestion leaves them to the maintainer
                self.fields[name].queryset = TaxonomyTerm.objects.filter(
                    taxonomy_detail_id=taxonomy_id).order_by("name")
        self.fields["email"] = forms.EmailField(
            label=_("E-mail for referrals"), required=False,
            help_text=_("Used when no contact person receives referrals."))
        self.fields["url"] = forms.URLField(label=_("Website"), required=False,
                                            assume_scheme="https",
                                            validators=[validate_http_url])
        for name in ("minimum_age", "maximum_age"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 120})

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        for name in ("minimum_age", "maximum_age"):
            value = data.get(name)
            if value is not None and not 0 <= value <= 120:
                self.add_error(name, _("Enter an age between 0 and 120."))
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The maximum age is lower than the minimum."))
        if data.get("capacity") and not data.get("capacity_confirmed_on"):
            data["capacity_confirmed_on"] = timezone.localdate()
        return data

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items()
                if k not in ("categories", "target_groups", "version", "suggestion_note")}


class CapacityForm(forms.Form):
    capacity = forms.ChoiceField(label=_("Capacity"), choices=Capacity.choices)


class LocationForm(DirectoryTextMixin, forms.ModelForm):
    address_1 = forms.CharField(label=_("Street and number"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=6)
    municipality = MunicipalityField(label=_("Municipality"))
    accessibility = forms.CharField(label=_("Accessibility"), required=False, max_length=500,
                                    help_text=_("For example: wheelchair access from the "
                                                "courtyard."))

    class Meta:
        model = Location
        fields = ["name", "transportation", "transportation_en", "transportation_uk",
                  "latitude", "longitude"]
        widgets = {"name": forms.TextInput(),
                   "transportation": forms.Textarea(attrs={"rows": 2}),
                   "transportation_en": forms.Textarea(attrs={"rows": 2}),
                   "transportation_uk": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        address = self.instance.addresses.filter(address_type="physical").first() \
            if self.instance.pk else None
        if address is not None and not self.is_bound:
            self.initial.update({"address_1": address.address_1,
                                 "postal_code": address.postal_code})
        if self.instance.pk and not self.is_bound:
            self.initial["municipality"] = self.instance.municipality
            first = self.instance.accessibility.first()
            self.initial["accessibility"] = first.description if first else ""

    def clean_postal_code(self):
        value = (self.cleaned_data.get("postal_code") or "").replace(" ", "")
        if not value.isdigit() or len(value) != 5:
            raise ValidationError(_("A postal code has five digits, e.g. 170 00."))
        return f"{value[:3]} {value[3:]}"

    def clean(self):
        data = super().clean()
        for name, low, high in (("latitude", 48.5, 51.1), ("longitude", 12.0, 18.9)):
            value = data.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(name, _("The place is not in the Czech Republic."))
        return data

    def location_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["municipality"] = self.cleaned_data["municipality"]
        return data

    def address_data(self) -> dict:
        return {"address_1": self.cleaned_data["address_1"],
                "postal_code": self.cleaned_data["postal_code"]}


class PhoneForm(DirectoryTextMixin, forms.ModelForm):
    number = PhoneField(label=_("Phone"))

    class Meta:
        model = Phone
        fields = ["number", "description"]
        widgets = {"description": forms.TextInput()}
        labels = {"description": _("Note, e.g. the hours it is answered")}


class ScheduleForm(DirectoryTextMixin, forms.ModelForm):
    days = forms.MultipleChoiceField(label=_("Days"), choices=Weekday.choices,
                                     widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Schedule
        fields = ["opens_at", "closes_at", "description", "attending_type"]
        widgets = {"opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "description": forms.TextInput(), "attending_type": forms.TextInput()}
        labels = {"description": _("Note, e.g. \"by appointment only\""),
                  "attending_type": _("How to attend, e.g. in person or by phone")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opens_at"].required = True
        self.fields["closes_at"].required = True

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and \
                data["opens_at"] >= data["closes_at"]:
            self.add_error("closes_at", _("It must close after it opens."))
        return data

    def save(self, commit=True):
        self.instance.freq = "WEEKLY"
        self.instance.wkst = "MO"
        order = [code for code, _label in Weekday.choices]
        self.instance.byday = ",".join(d for d in order if d in self.cleaned_data["days"])
        return super().save(commit)


LANGUAGE_CHOICES = [
    ("cs", "čeština"), ("sk", "slovenčina"), ("en", "English"), ("uk", "українська"),
    ("ru", "русский"), ("de", "Deutsch"), ("vi", "Tiếng Việt"), ("pl", "polski"),
    ("rom", "romani čhib"), ("sgn-CZ", "český znakový jazyk"),
]


class LanguageForm(DirectoryTextMixin, forms.ModelForm):
    code = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    class Meta:
        model = Language
        fields = ["code", "note"]
        widgets = {"note": forms.TextInput()}

    def save(self, commit=True):
        self.instance.name = dict(LANGUAGE_CHOICES)[self.cleaned_data["code"]]
        return super().save(commit)


class AtLocationForm(forms.ModelForm):
    class Meta:
        model = ServiceAtLocation
        fields = ["location", "description"]
        widgets = {"description": forms.TextInput()}

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(
            organization=organization).order_by("name")
        self.fields["location"].label_from_instance = lambda loc: str(loc)


class AreaForm(forms.ModelForm):
    municipality = MunicipalityField(label=_("Municipality"))

    class Meta:
        model = ServiceArea
        fields = ["municipality"]

    def save(self, commit=True):
        municipality = self.cleaned_data["municipality"]
        self.instance.municipality = municipality
        self.instance.name = municipality.name
        self.instance.extent_type = "text"
        self.instance.uri = f"{RUIAN_MUNICIPALITY_URI}{municipality.code}"
        return super().save(commit)


class CostForm(DirectoryTextMixin, forms.ModelForm):
    class Meta:
        model = CostOption
        fields = ["option", "amount", "amount_description"]
        widgets = {"option": forms.TextInput(), "amount_description": forms.TextInput()}
        labels = {"option": _("What it is for"), "amount": _("Amount in CZK"),
                  "amount_description": _("Note, e.g. per consultation")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].required = True

    def clean_amount(self):
        value = self.cleaned_data.get("amount")
        if value is not None and not 0 <= value <= 1_000_000:
            raise ValidationError(_("Enter an amount between 0 and 1 000 000."))
        return value

    def save(self, commit=True):
        self.instance.currency = "CZK"
        return super().save(commit)


class DocumentForm(DirectoryTextMixin, forms.ModelForm):
    class Meta:
        model = RequiredDocument
        fields = ["document"]
        widgets = {"document": forms.TextInput()}
        labels = {"document": _("Document the client should bring")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].required = True


class StaffContactForm(DirectoryTextMixin, forms.ModelForm):
    phone = PhoneField(label=_("Phone"), required=False)

    class Meta:
        model = PartnerContact
        fields = ["name", "role", "phone", "email", "language", "receives_referrals"]


# --------------------------------------------------------------------------------------
# Referrals
# --------------------------------------------------------------------------------------

class ReferralForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Who receives the referral"))
    need = forms.CharField(label=_("What the client needs"), max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("The partner reads this. Write only what they need "
                                       "to know."))
    shared_data = forms.MultipleChoiceField(
        label=_("Data of the client the partner may see"), choices=SharedItem.choices,
        widget=forms.CheckboxSelectMultiple, initial=["name", "phone"], required=False)
    consent_expires_on = forms.DateField(label=_("The consent is valid until"),
                                         widget=DateInput())
    consent_given = forms.BooleanField(
        label=_("The client agrees that the data above are shared with this partner for "
                "this referral."),
        error_messages={"required": _("Without the client's consent nothing can be "
                                      "shared.")})
    proposed_at = forms.DateTimeField(label=_("Proposed appointment"), required=False,
                                      widget=DateTimeInput(),
                                      help_text=_("Optional. The partner can confirm or "
                                                  "change it."))

    def __init__(self, *args, service: Service, client=None, **kwargs):
        super().__init__(*args, **kwargs)
        if client is not None:  # the consent names the client and the partner
            self.fields["consent_given"].label = _(
                "%(client)s agrees that the data ticked above are shared with %(partner)s "
                "for this referral.") % {"client": client.display_name,
                                         "partner": service.organization.name}
        self.contacts = {str(c.pk): c for c in selectors.referral_recipients(service=service)}
        choices = [(key, f"{c.name} ({c.role}, {c.email})" if c.role else
                    f"{c.name} ({c.email})") for key, c in self.contacts.items()]
        if service.email:
            choices.append(("service", _("The service's e-mail (%(email)s)")
                            % {"email": service.email}))
        self.fields["recipient"].choices = choices
        self.initial.setdefault("consent_expires_on",
                                timezone.localdate() + timedelta(days=182))

    def clean_consent_expires_on(self):
        value = self.cleaned_data["consent_expires_on"]
        today = timezone.localdate()
        if value <= today:
            raise ValidationError(_("The consent must be valid after today."))
        if value > today + timedelta(days=3 * 366):
            raise ValidationError(_("A consent can be valid for at most three years."))
        return value

    def clean_proposed_at(self):
        value = self.cleaned_data.get("proposed_at")
        if value is not None and value < timezone.now():
            raise ValidationError(_("The appointment cannot be in the past."))
        return value

    def recipient_contact(self):
        return self.contacts.get(self.cleaned_data["recipient"])


class PartnerAnswerForm(forms.Form):
    """Every answer of the partner. The page has one small form per answer; the button
    pressed (``action``) says which, and each has its own fields."""

    action = forms.ChoiceField(choices=[(a, a) for a in
                                        ("accept", "decline", "appointment", "outcome",
                                         "progress")])
    version = forms.IntegerField(widget=forms.HiddenInput)
    accept_at = forms.DateTimeField(label=_("Appointment (if already agreed)"),
                                    required=False, widget=DateTimeInput())
    accept_note = forms.CharField(label=_("Note for the adviser"), required=False,
                                  max_length=500)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    appointment_at = forms.DateTimeField(label=_("Date and time"), required=False,
                                         widget=DateTimeInput())
    appointment_note = forms.CharField(label=_("Where and with whom"), required=False,
                                       max_length=500)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", "—")] + [
        (s, label) for s, label in ReferralStatus.choices if s in OUTCOME_STATUSES])
    outcome_note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    progress = forms.ChoiceField(label=_("How the work with the client stands"),
                                 required=False, choices=[("", "—")] + [
        (s, label) for s, label in ReferralStatus.choices if s in PROGRESS_STATUSES])
    progress_note = forms.CharField(label=_("Note for the adviser"), required=False,
                                    max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for declining."))
        if action == "appointment" and not data.get("appointment_at"):
            self.add_error("appointment_at", _("Give the date and time of the appointment."))
        if action == "outcome" and not data.get("outcome"):
            self.add_error("outcome", _("Choose an outcome."))
        if action == "progress" and not data.get("progress"):
            self.add_error("progress", _("Choose how the work with the client stands."))
        for name in ("accept_at", "appointment_at"):
            when = data.get(name)
            if when is not None and when < timezone.now() - timedelta(days=1):
                self.add_error(name, _("The appointment cannot be in the past."))
        return data

    def answer(self) -> dict:
        """The answer as the service takes it."""
        data = self.cleaned_data
        action = data["action"]
        when = {"accept": data.get("accept_at"), "appointment": data.get("appointment_at")}
        note = {"accept": data.get("accept_note"), "decline": data.get("reason"),
                "appointment": data.get("appointment_note"),
                "outcome": data.get("outcome_note"), "progress": data.get("progress_note")}
        status = data.get("progress") if action == "progress" else data.get("outcome")
        return {"action": action, "expected_version": data["version"],
                "appointment_at": when.get(action), "note": (note.get(action) or "").strip(),
                "outcome": status or ""}


class StaffReferralForm(forms.Form):
    action = forms.ChoiceField(choices=[("client_declined", "client_declined"),
                                        ("acknowledge", "acknowledge")])
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

