"""The staff estimate form: the household and its members, prefilled from the case.

Every field of the engine's input that matters for an adviser is editable. The form maps
to :class:`~kmb.benefits.engine.HouseholdInput`; problems the engine finds are put back
next to the field they concern.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.benefits import engine
from kmb.benefits.engine import FieldProblem, HouseholdInput, Incomes, PersonInput
from kmb.benefits.models import Situation

ROLE_LABELS = {
    "head": _("applicant (the client)"), "partner": _("spouse or partner"),
    "child": _("child"), "parent": _("parent"), "sibling": _("sibling"),
    "other_relative": _("other relative"), "other": _("other person"),
}
WORK_LABELS = {
    "employed": _("employed"), "self_employed": _("self-employed"),
    "job_seeker": _("registered job seeker"), "none": _("none of these"),
}
CONTRACT_LABELS = {
    "standard": _("employment contract"), "dpp": _("agreement to perform work (DPP)"),
    "dpc": _("agreement to complete a job (DPČ)"),
}
HOUSING_LABELS = {
    "dwelling": _("flat or family house"),
    "hostel": _("hostel (ubytovna) or other accommodation facility"),
    "residential_service": _("residential social service"),
    "non_residential": _("space not meant for living"),
}
TENURE_LABELS = {
    "rent": _("rent"), "sublet": _("sublet"), "own": _("own home"),
    "cooperative": _("cooperative flat"), "service_flat": _("service flat"),
}
SIZE_LABELS = {
    "under_70k": _("under 70 000 inhabitants"), "70k_plus": _("70 000 inhabitants or more"),
    "prague_brno": _("Prague or Brno"),
}
VULNERABILITY_LABELS = {
    "pensioner": _("old-age pensioner"), "invalidity_1": _("invalidity, 1st degree"),
    "invalidity_2": _("invalidity, 2nd degree"), "invalidity_3": _("invalidity, 3rd degree"),
    "maternity": _("receives maternity benefit"),
    "caring_parent": _("parent personally caring for a child"),
    "carer": _("carer named in someone's care allowance"),
    "care_allowance_1": _("receives care allowance, degree 1"),
    "care_allowance_2": _("receives care allowance, degree 2"),
    "care_allowance_3": _("receives care allowance, degree 3"),
    "care_allowance_4": _("receives care allowance, degree 4"),
    "widowed_recently": _("spouse or partner died in the last 12 months"),
    "disabled_ztpp": _("holds a ZTP/P card"),
}
INCOME_LABELS = {
    "employment_gross": _("wage, gross"), "employment_net": _("wage, net"),
    "self_employment": _("self-employment, net"), "old_age_pension": _("old-age pension"),
    "other_pension": _("invalidity, widow's or orphan's pension"),
    "maternity": _("maternity benefit"), "parental_allowance": _("parental allowance"),
    "sickness": _("sickness benefit"), "unemployment_benefit": _("unemployment benefit"),
    "care_allowance": _("care allowance received"),
    "child_maintenance": _("maintenance for a child"),
    "foster_carer_pay": _("foster carer's pay"),
    "foster_child_allowance": _("foster child allowance"), "other": _("other income"),
}
#: Relationship of a household member in the case -> role in the estimate.
RELATIONSHIP_ROLES = {
    "partner": "partner", "child": "child", "parent": "parent", "sibling": "sibling",
    "grandparent": "other_relative", "grandchild": "other_relative",
    "other_relative": "other_relative", "other": "other",
}
#: Housing situation of the case -> (housing type, tenure) in the estimate.
SITUATION_HOUSING = {
    "commercial_hostel": ("hostel", "rent"), "homeless_shelter": ("residential_service", "rent"),
    "violence_shelter": ("residential_service", "rent"),
    "halfway_house": ("residential_service", "rent"),
    "non_conventional": ("non_residential", "rent"), "owner": ("dwelling", "own"),
    "owner_forced_sale": ("dwelling", "own"), "homeless_hostel": ("hostel", "rent"),
    "refugee_accommodation": ("hostel", "rent"),
}
TRISTATE = [("", _("decide by age")), ("yes", _("yes")), ("no", _("no"))]
MAX_AMOUNT = Decimal(10_000_000)


def money_field(label, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=0,
                              max_value=MAX_AMOUNT, decimal_places=2, max_digits=11,
                              widget=forms.NumberInput(attrs={"step": "any",
                                                              "inputmode": "decimal"}))


def _month(day: date, shift: int) -> str:
    index = day.year * 12 + day.month - 1 + shift
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def period_choices(today: date | None = None) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    months = [_month(today, shift) for shift in range(-12, 13)]
    return [(m, m) for m in months if m >= engine.ENGINE_MIN_PERIOD]


def current_period() -> str:
    return _month(timezone.localdate(), 0)


class HouseholdForm(forms.Form):
    period = forms.ChoiceField(label=_("Month"), choices=())
    district = forms.ChoiceField(label=_("District (okres) of residence"), choices=())
    municipality_size = forms.ChoiceField(
        label=_("Size of the municipality"), required=False,
        choices=[("", _("— not needed from October 2026 —")), *SIZE_LABELS.items()])
    housing_type = forms.ChoiceField(label=_("Housing type"), choices=HOUSING_LABELS.items())
    tenure = forms.ChoiceField(label=_("Tenure"), choices=TENURE_LABELS.items())
    rent = money_field(_("Rent a month"))
    services = money_field(_("Services and other housing fees a month"))
    energy = money_field(_("Energy a month (electricity, gas, heating)"))
    solid_fuel = forms.BooleanField(label=_("Heats with solid fuel"), required=False)
    shared_dwelling = forms.BooleanField(label=_("The flat is shared with another household"),
                                         required=False)
    savings = money_field(_("Savings of all members"))
    cars = forms.IntegerField(label=_("Cars owned"), required=False, min_value=0,
                              max_value=100)
    homes_owned = forms.IntegerField(label=_("Homes owned (including the one lived in)"),
                                     required=False, min_value=0, max_value=100)
    second_home_under_3_years = forms.BooleanField(
        label=_("A second home is held for at most three years"), required=False)
    situation = forms.ChoiceField(label=_("Needs money now for"), choices=Situation.choices,
                                  required=False)
    amount_needed = money_field(_("Amount needed (deposit or arrears)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()
        self.fields["district"].choices = [("", _("— choose —")), *engine.district_choices()]
        self.fields["savings"].help_text = _(
            "Without pension and building savings. Leave empty if not known.")


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Relationship"), choices=ROLE_LABELS.items())
    label = forms.CharField(label=_("First name or label"), required=False, max_length=60)
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    birth_date = forms.DateField(label=_("Date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"},
                                                        format="%Y-%m-%d"))
    is_dependent_child = forms.ChoiceField(label=_("Dependent child"), choices=TRISTATE,
                                           required=False)
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Status and vulnerability"), required=False,
        choices=VULNERABILITY_LABELS.items(), widget=forms.CheckboxSelectMultiple)
    work_activity = forms.ChoiceField(label=_("Work activity"), choices=WORK_LABELS.items(),
                                      initial="none")
    employment_contract = forms.ChoiceField(label=_("Type of employment"),
                                            choices=CONTRACT_LABELS.items(), initial="standard")
    tax_declaration_signed = forms.BooleanField(
        label=_("Signed the tax declaration at the employer"), required=False, initial=True)
    claims_child_tax_benefit = forms.BooleanField(label=_("Claims the child tax credit"),
                                                  required=False)
    follows_support_plan = forms.BooleanField(
        label=_("Follows the Labour Office's support plan"), required=False, initial=True)
    parental_allowance_follows_maternity = forms.BooleanField(
        label=_("Parental allowance directly follows maternity benefit"), required=False,
        initial=True)
    enforcement_count = forms.IntegerField(label=_("Enforcement proceedings (exekuce)"),
                                           required=False, min_value=0, max_value=100,
                                           initial=0)
    priority_enforcement = forms.BooleanField(
        label=_("A priority enforcement (maintenance, taxes)"), required=False)
    insolvency = forms.BooleanField(label=_("In personal insolvency"), required=False)
    enforcement_dependants = forms.IntegerField(
        label=_("Persons the debtor maintains"), required=False, min_value=0, max_value=30,
        initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in INCOME_LABELS.items():
            self.fields[f"income_{kind}"] = money_field(label)

    @property
    def income_fields(self):
        return [self[f"income_{kind}"] for kind in INCOME_LABELS]

    def person(self) -> PersonInput:
        data = self.cleaned_data
        incomes = Incomes(**{kind: data.get(f"income_{kind}") for kind in INCOME_LABELS},
                          parental_allowance_follows_maternity=bool(
                              data.get("parental_allowance_follows_maternity")))
        dependent = {"yes": True, "no": False}.get(data.get("is_dependent_child") or "")
        return PersonInput(
            role=data["role"], label=data.get("label") or "", age=data.get("age"),
            birth_date=data.get("birth_date"), is_dependent_child=dependent,
            vulnerabilities=frozenset(data.get("vulnerabilities") or ()),
            work_activity=data.get("work_activity") or "none",
            employment_contract=data.get("employment_contract") or "standard",
            tax_declaration_signed=bool(data.get("tax_declaration_signed")),
            claims_child_tax_benefit=bool(data.get("claims_child_tax_benefit")),
            follows_support_plan=bool(data.get("follows_support_plan")),
            incomes=incomes, enforcement_count=data.get("enforcement_count") or 0,
            priority_enforcement=bool(data.get("priority_enforcement")),
            insolvency=bool(data.get("insolvency")),
            enforcement_dependants=data.get("enforcement_dependants") or 0,
        )


class BaseMemberFormSet(forms.BaseFormSet):
    def members(self) -> list[tuple[int, MemberForm]]:
        """(form index, form) of the members kept: not removed, not left empty."""
        kept = []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            if not form.has_changed() and index >= self.initial_form_count():
                continue
            kept.append((index, form))
        return kept


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=0,
                                      can_delete=True, max_num=30, validate_max=True)


def household_input(household_form: HouseholdForm, members: list[MemberForm]) -> HouseholdInput:
    data = household_form.cleaned_data
    return HouseholdInput(
        members=[form.person() for form in members], period=data["period"],
        district=data["district"], municipality_size=data.get("municipality_size") or None,
        housing_type=data["housing_type"], tenure=data["tenure"],
        rent=data.get("rent") or Decimal(0), services=data.get("services") or Decimal(0),
        energy=data.get("energy") or Decimal(0), solid_fuel=bool(data.get("solid_fuel")),
        shared_dwelling=bool(data.get("shared_dwelling")), savings=data.get("savings"),
        cars=data.get("cars"), homes_owned=data.get("homes_owned"),
        second_home_under_3_years=bool(data.get("second_home_under_3_years")),
    )


def put_problems(problems: list[FieldProblem], household_form: HouseholdForm,
                 members: list[tuple[int, MemberForm]], formset: BaseMemberFormSet) -> None:
    """Show the engine's errors next to the fields they concern."""
    for problem in problems:
        path = problem.path
        if path.startswith("members["):
            number = int(path[len("members["):path.index("]")])
            rest = path[path.index("]") + 2:]
            form = members[number][1] if number < len(members) else None
            if form is None:
                continue
            name = f"income_{rest.split('.', 1)[1]}" if rest.startswith("incomes.") else rest
            form.add_error(name if name in form.fields else None, problem.message)
        elif path == "members":
            formset._non_form_errors.append(problem.message)
        else:
            name = path if path in household_form.fields else None
            household_form.add_error(name, problem.message)


# --- prefilling --------------------------------------------------------------------


def initial_from_input(household: HouseholdInput) -> tuple[dict[str, Any], list[dict]]:
    """Initial data of the forms from a stored household (the previous estimate)."""
    house = {name: getattr(household, name) for name in (
        "district", "municipality_size", "housing_type", "tenure", "rent", "services",
        "energy", "solid_fuel", "shared_dwelling", "savings", "cars", "homes_owned",
        "second_home_under_3_years")}
    house["district"] = engine.resolve_district(household.district) or ""
    house["municipality_size"] = house["municipality_size"] or ""
    members = []
    for person in household.members:
        row = {name: getattr(person, name) for name in (
            "role", "label", "age", "birth_date", "work_activity", "employment_contract",
            "tax_declaration_signed", "claims_child_tax_benefit", "follows_support_plan",
            "enforcement_count", "priority_enforcement", "insolvency",
            "enforcement_dependants")}
        if person.birth_date is not None:
            row["age"] = None
        row["is_dependent_child"] = {True: "yes", False: "no"}.get(person.is_dependent_child,
                                                                     "")
        row["vulnerabilities"] = sorted(person.vulnerabilities or ())
        incomes = person.incomes or Incomes()
        row["parental_allowance_follows_maternity"] = incomes.parental_allowance_follows_maternity
        for kind in INCOME_LABELS:
            row[f"income_{kind}"] = getattr(incomes, kind)
        members.append(row)
    return house, members


def initial_from_case(client, household_members) -> tuple[dict[str, Any], list[dict]]:
    """Initial data from the case: the client as the applicant and the household members."""
    house: dict[str, Any] = {"housing_type": "dwelling", "tenure": "rent"}
    if client.municipality_id and client.municipality.district_id:
        house["district"] = engine.resolve_district(client.municipality.district.name) or ""
    if client.housing_situation_id:
        code = client.housing_situation.code
        house["housing_type"], house["tenure"] = SITUATION_HOUSING.get(code,
                                                                     ("dwelling", "rent"))
    head = {"role": "head", "label": client.first_name or client.nickname,
            "birth_date": client.birth_date, "work_activity": "none"}
    members = [head]
    for member in household_members:
        members.append({"role": RELATIONSHIP_ROLES.get(member.relationship, "other"),
                        "label": member.first_name, "birth_date": member.birth_date,
                        "work_activity": "none"})
    for row in members:
        row.update({"employment_contract": "standard", "tax_declaration_signed": True,
                    "follows_support_plan": True, "parental_allowance_follows_maternity": True,
                    "enforcement_count": 0, "enforcement_dependants": 0})
    return house, members
