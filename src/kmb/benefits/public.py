"""The public estimate: fewer questions in plain words, no account, nothing stored.

Works as a plain form post without JavaScript. The wording is in :mod:`public_texts`
(Czech, English, Ukrainian, by the active language).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache

from kmb.benefits import engine, services
from kmb.benefits.engine import HouseholdInput, Incomes, InvalidHousehold, PersonInput
from kmb.benefits.forms import current_period
from kmb.benefits.public_texts import Texts, text
from kmb.core.models import Municipality
from kmb.core.templatetags.kmb_format import czk
from kmb.core.text import fold

ADULTS = 4
ACTIVITIES = ("employed", "self_employed", "job_seeker", "pensioner", "parent", "carer",
              "invalidity", "other")
HOUSING = {"rent": ("dwelling", "rent"), "own": ("dwelling", "own"),
           "hostel": ("hostel", "rent"), "other": ("non_residential", "rent")}
#: Representative ages of the children's age groups.
CHILD_AGES = {"children_under_6": 3, "children_6_14": 10, "children_15_25": 18}
PORTAL_URL = "https://www.mpsv.cz/"
LABOUR_OFFICE_URL = "https://www.uradprace.cz/"


def _messages(**extra) -> dict[str, str]:
    return {"invalid": text("err_number"), "min_value": text("err_negative"),
            "max_value": text("err_too_large"), "max_digits": text("err_too_large"),
            "max_decimal_places": text("err_number"), "max_whole_digits": text("err_too_large"),
            "invalid_choice": text("err_choice"), "required": text("err_choice"), **extra}


def _money(key: str) -> forms.DecimalField:
    return forms.DecimalField(label=text(key), required=False, min_value=0,
                              max_value=engine._MAX_MONTHLY_AMOUNT, max_digits=11,
                              decimal_places=2, error_messages=_messages(),
                              widget=forms.NumberInput(attrs={"inputmode": "decimal",
                                                              "step": "any"}))


def _count(key: str, maximum: int = 15) -> forms.IntegerField:
    return forms.IntegerField(label=text(key), required=False, min_value=0, max_value=maximum,
                              error_messages=_messages(invalid=text("err_whole"),
                                                       min_value=text("err_count"),
                                                       max_value=text("err_count")),
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class PublicEstimateForm(forms.Form):
    """Built in the active language: labels and messages come from the text table."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["municipality"] = forms.CharField(label=text("municipality"), required=False,
                                            max_length=100)
        f["district"] = forms.ChoiceField(
            label=text("district"), required=False, error_messages=_messages(),
            choices=[("", text("choose")), *engine.district_choices()])
        f["housing"] = forms.ChoiceField(
            label=text("housing"), widget=forms.RadioSelect, initial="rent", required=False,
            choices=[(k, text(f"housing_{k}")) for k in HOUSING], error_messages=_messages())
        f["rent"] = _money("rent")
        f["energy"] = _money("energy")
        for n in range(1, ADULTS + 1):
            f[f"a{n}_age"] = forms.IntegerField(
                label=text("age"), required=False, min_value=18, max_value=120,
                error_messages=_messages(invalid=text("err_whole"), min_value=text("err_age"),
                                         max_value=text("err_age")),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
            f[f"a{n}_activity"] = forms.ChoiceField(
                label=text("activity"), required=False, error_messages=_messages(),
                choices=[(a, text(f"act_{a}")) for a in ACTIVITIES], initial="other")
            f[f"a{n}_work_income"] = _money("work_income")
            f[f"a{n}_other_income"] = _money("other_income")
            f[f"a{n}_enforcement"] = forms.BooleanField(label=text("enforcement"),
                                                        required=False)
        for key in CHILD_AGES:
            f[key] = _count(key)
        f["savings"] = _money("savings")
        f["cars"] = _count("cars", 100)
        f["situation"] = forms.ChoiceField(
            label=text("need"), widget=forms.RadioSelect, required=False, initial="",
            choices=[("", text("need_none")), ("deposit", text("need_deposit")),
                     ("arrears", text("need_arrears"))], error_messages=_messages())
        f["amount_needed"] = _money("amount_needed")
        self.municipality: Municipality | None = None

    def adults(self):
        """(legend, bound fields) of each adult row, for the template."""
        rows = []
        for n in range(1, ADULTS + 1):
            legend = text("adult_n", n=n) + (f" ({text('you')})" if n == 1 else "")
            rows.append((legend, [self[f"a{n}_{name}"] for name in (
                "age", "activity", "work_income", "other_income", "enforcement")]))
        return rows

    def clean(self):
        data = super().clean()
        self._clean_place(data)
        if not any(data.get(f"a{n}_age") for n in range(1, ADULTS + 1)):
            self.add_error("a1_age", text("err_no_adult"))
        for n in range(1, ADULTS + 1):
            self._clean_adult(n, data)
        return data

    def _clean_place(self, data) -> None:
        name = (data.get("municipality") or "").strip()
        district = data.get("district") or ""
        if name:
            found = list(Municipality.objects.filter(name_search=fold(name))
                         .select_related("district")[:20])
            if district:
                found = [m for m in found
                         if engine.resolve_district(m.district.name) == district] or found
            if len(found) == 1:
                self.municipality = found[0]
                data["district"] = engine.resolve_district(found[0].district.name) or district
            elif not found and not district:
                self.add_error("municipality", text("err_municipality"))
            elif len(found) > 1 and not district:
                self.add_error("district", text("err_ambiguous"))
        if not data.get("district") and not self.errors.get("municipality") \
                and not self.errors.get("district"):
            self.add_error("district", text("err_place"))

    def _clean_adult(self, n: int, data) -> None:
        age = data.get(f"a{n}_age")
        activity = data.get(f"a{n}_activity") or "other"
        filled = any(data.get(f"a{n}_{k}") for k in ("work_income", "other_income",
                                                      "enforcement"))
        if age is None:
            if filled and f"a{n}_age" not in self.errors:
                self.add_error(f"a{n}_age", text("err_age_missing"))
            return
        if activity == "pensioner" and not data.get(f"a{n}_other_income"):
            self.add_error(f"a{n}_other_income", text("err_pension"))
        if activity == "employed" and not data.get(f"a{n}_work_income"):
            self.add_error(f"a{n}_work_income", text("err_pay"))

    def household(self) -> HouseholdInput:
        data = self.cleaned_data
        members = []
        for n in range(1, ADULTS + 1):
            if data.get(f"a{n}_age") is not None:
                role = "head" if not members else "partner" if len(members) == 1 else \
                    "other_relative"
                members.append(_adult(data, n, role))
        for key, age in CHILD_AGES.items():
            members += [PersonInput(role="child", age=age, is_dependent_child=True)
                        for _ in range(data.get(key) or 0)]
        housing_type, tenure = HOUSING[data.get("housing") or "rent"]
        return HouseholdInput(
            members=members, period=current_period(), district=data["district"],
            housing_type=housing_type, tenure=tenure,
            rent=data.get("rent") or Decimal(0), energy=data.get("energy") or Decimal(0),
            savings=data.get("savings"), cars=data.get("cars"),
            homes_owned=1 if tenure == "own" else None)


def _adult(data: dict[str, Any], n: int, role: str) -> PersonInput:
    activity = data.get(f"a{n}_activity") or "other"
    work = data.get(f"a{n}_work_income") or Decimal(0)
    other = data.get(f"a{n}_other_income") or None
    incomes = Incomes()
    codes: set[str] = set()
    work_activity = {"employed": "employed", "self_employed": "self_employed",
                     "job_seeker": "job_seeker"}.get(activity, "none")
    if activity == "self_employed":
        incomes.self_employment = work
    elif work:
        incomes.employment_net = work
        work_activity = "employed"
    target = {"pensioner": "old_age_pension", "parent": "parental_allowance",
              "invalidity": "other_pension"}.get(activity, "other")
    setattr(incomes, target, other)
    codes |= {"pensioner": {"pensioner"}, "parent": {"caring_parent"}, "carer": {"carer"},
              "invalidity": {"invalidity_2"}}.get(activity, set())
    return PersonInput(
        role=role, age=data[f"a{n}_age"], is_dependent_child=False,
        is_parent=None,  # head and partner count as parents when there are children
        vulnerabilities=frozenset(codes), work_activity=work_activity, incomes=incomes,
        enforcement_count=1 if data.get(f"a{n}_enforcement") else 0)


# --- the result in plain words ------------------------------------------------------


def _plain(result: services.Result) -> dict[str, Any]:
    est = result.estimate
    codes = {note.code: note.params for note in est.explanation}
    why = []
    if "rent_capped" in codes:
        why.append(text("why_rent_capped", paid=czk(codes["rent_capped"]["paid"]),
                        counted=czk(codes["rent_capped"]["counted"])))
    if est.housing_contribution:
        why.append(text("why_contribution", amount=czk(est.housing_contribution)))
    if "living_component_zero" in codes:
        why.append(text("why_income_high"))
    if "inactive_member" in codes:
        why.append(text("why_inactive"))
    if est.enforcement_deductions > 0:
        why.append(text("why_enforcement", amount=czk(est.enforcement_deductions),
                        after=czk(est.income_after_deductions)))
    parts = [(text(key), amount) for key, amount in (
        ("part_housing", est.housing_component), ("part_living", est.living_component),
        ("part_child", est.child_bonus), ("part_work", est.work_bonus)) if amount > 0]
    return {
        "total": text("total", amount=czk(est.dssp)) if est.dssp > 0 else text("total_zero"),
        "parts": parts, "why": why,
        "uncertain": [text(f"unc_{note.code}") for note in est.reliability_reasons],
        "assets_over": est.assets.passed is False,
        "assets_limit": text("assets_limit", limit=czk(est.assets.savings_limit))
        if est.assets.savings_limit is not None else "",
        "help": _plain_help(result.help),
        "disclaimer": text("disclaimer", period=est.period),
    }


def _plain_help(help_: services.Help | None) -> dict[str, Any] | None:
    if help_ is None:
        return None
    lines = [text("mop_deposit" if help_.situation == "deposit" else "mop_arrears")]
    if help_.situation == "deposit" and help_.deposit_max_multiple is not None:
        lines.append(text("deposit_max", multiple=_plain_number(help_.deposit_max_multiple)))
        if help_.deposit_max is not None and help_.amount_needed is not None \
                and help_.amount_needed > help_.deposit_max:
            lines.append(text("deposit_over"))
    if help_.savings_cover:
        lines.append(text("mop_savings"))
    elif help_.mop_worth_applying is not None:
        lines.append(text("mop_likely" if help_.mop_worth_applying else "mop_unlikely"))
    lines.append(text("foundation"))
    if help_.situation == "arrears":
        lines.append(text("debt_advice"))
    title = text("deposit_title" if help_.situation == "deposit" else "arrears_title")
    return {"title": title, "lines": lines}


def _plain_number(value: Decimal) -> str:
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


def _finder_url() -> str | None:
    for name in ("portal:contact_point_finder", "portal:finder"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _put_engine_problems(form: PublicEstimateForm, problems) -> None:
    fields = {"district": "district", "rent": "rent", "energy": "energy",
              "savings": "savings", "cars": "cars"}
    for problem in problems:
        name = fields.get(problem.path)
        form.add_error(name, text("err_district" if problem.code == "unknown_district"
                                  else "err_general"))


@never_cache
def public_estimate(request: HttpRequest) -> HttpResponse:
    """Anonymous estimate: the form, and after a post the result on the same page."""
    form = PublicEstimateForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form, "t": Texts(), "portal_url": PORTAL_URL,
                               "labour_office_url": LABOUR_OFFICE_URL}
    if request.method == "POST" and form.is_valid():
        situation = form.cleaned_data.get("situation") or ""
        try:
            result = services.estimate_household(
                household=form.household(), situation=situation,
                amount_needed=form.cleaned_data.get("amount_needed"), explain=True)
        except InvalidHousehold as exc:
            _put_engine_problems(form, exc.problems)
        else:
            context.update(
                result=_plain(result),
                contact_point=services.contact_point_for(form.municipality),
                partners=services.partner_services(situation=situation,
                                                   municipality=form.municipality))
    context["finder_url"] = _finder_url()
    return render(request, "benefits/public_estimate.html", context)
