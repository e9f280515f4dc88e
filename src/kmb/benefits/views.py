"""Staff pages: the estimate in the case, its PDF, and batch runs for analysts."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kmb.accounts.decorators import staff_view
from kmb.accounts.tenancy import current_membership, is_administrator, membership_has
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.benefits import batch as batch_service
from kmb.benefits import forms as estimate_forms
from kmb.benefits import selectors, services
from kmb.benefits.engine import HouseholdInput, InvalidHousehold
from kmb.benefits.presenters import saved_view
from kmb.cases import selectors as case_selectors
from kmb.core import params as core_params
from kmb.core.permissions import Perm

_NEW_MEMBER = {"role": "other", "work_activity": "none", "employment_contract": "standard",
               "tax_declaration_signed": "on", "follows_support_plan": "on",
               "parental_allowance_follows_maternity": "on", "enforcement_count": "0",
               "enforcement_dependants": "0"}


def _initial(client) -> tuple[dict, list[dict]]:
    latest = selectors.estimate_latest(client=client)
    if latest is not None:
        try:
            return estimate_forms.initial_from_input(
                HouseholdInput.from_json(latest.inputs["household"]))
        except (KeyError, TypeError, ValueError):
            pass  # an older shape of stored inputs: start from the case instead
    members = case_selectors.household_members(client=client)
    return estimate_forms.initial_from_case(client, members)


def _with_new_member(data) -> object:
    data = data.copy()
    total = int(data.get("m-TOTAL_FORMS") or 0)
    for name, value in _NEW_MEMBER.items():
        data[f"m-{total}-{name}"] = value
    data["m-TOTAL_FORMS"] = str(total + 1)
    return data


@staff_view(Perm.BENEFITS_ESTIMATE)
def estimate_create(request: HttpRequest, client_id) -> HttpResponse:
    client = case_selectors.client_get_for_user(membership=request.membership,
                                                client_id=client_id)
    if request.method == "POST" and "add_member" in request.POST:
        data = _with_new_member(request.POST)
        return _render_form(request, client, estimate_forms.HouseholdForm(data),
                            estimate_forms.MemberFormSet(data, prefix="m"))
    if request.method != "POST":
        house, members = _initial(client)
        house["period"] = estimate_forms.current_period()
        return _render_form(request, client, estimate_forms.HouseholdForm(initial=house),
                            estimate_forms.MemberFormSet(initial=members, prefix="m"))
    household_form = estimate_forms.HouseholdForm(request.POST)
    formset = estimate_forms.MemberFormSet(request.POST, prefix="m")
    if household_form.is_valid() and formset.is_valid():
        kept = formset.members()
        household = estimate_forms.household_input(household_form, [f for _i, f in kept])
        data = household_form.cleaned_data
        try:
            saved = services.estimate_record(
                client=client, actor=request.user, contact_point=request.membership.contact_point,
                household=household, situation=data.get("situation") or "",
                amount_needed=data.get("amount_needed"))
        except InvalidHousehold as exc:
            estimate_forms.put_problems(exc.problems, household_form, kept, formset)
        else:
            messages.success(request, _("The estimate has been saved."))
            return redirect("benefits:estimate_detail", estimate_id=saved.uuid)
    return _render_form(request, client, household_form, formset)


def _render_form(request, client, household_form, formset) -> HttpResponse:
    return render(request, "benefits/estimate_form.html",
                  {"client": client, "form": household_form, "formset": formset})


@staff_view(Perm.BENEFITS_ESTIMATE)
def estimate_detail(request: HttpRequest, estimate_id) -> HttpResponse:
    saved = selectors.estimate_get_for_user(membership=request.membership,
                                            estimate_id=estimate_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=saved,
                 contact_point=request.membership.contact_point, client_id=saved.client.uuid)
    return render(request, "benefits/estimate_detail.html",
                  {"saved": saved, "client": saved.client, "view": saved_view(saved),
                   "partners": services.partner_services(saved)})


@staff_view(Perm.BENEFITS_ESTIMATE)
def estimate_pdf(request: HttpRequest, estimate_id) -> HttpResponse:
    from weasyprint import HTML

    saved = selectors.estimate_get_for_user(membership=request.membership,
                                            estimate_id=estimate_id)
    html = render_to_string("benefits/estimate_pdf.html",
                            {"saved": saved, "client": saved.client, "view": saved_view(saved),
                             "contact_point": request.membership.contact_point},
                            request=request)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=saved,
                 contact_point=request.membership.contact_point, client_id=saved.client.uuid)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="dssp-{saved.period}.pdf"'
    return response


# --- batches (analysts) ---------------------------------------------------------------


@staff_view(Perm.STATS_VIEW)
def batch_list(request: HttpRequest) -> HttpResponse:
    form = batch_service.BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = batch_service.batch_create(
            contact_point=request.membership.contact_point, actor=request.user,
            **form.cleaned_data)
        return redirect("benefits:batch_detail", batch_id=created.uuid)
    page_obj = Paginator(selectors.batches(membership=request.membership),
                         settings.KMB_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "benefits/batch_list.html", {"form": form, "page_obj": page_obj})


@staff_view(Perm.STATS_VIEW)
def batch_detail(request: HttpRequest, batch_id) -> HttpResponse:
    found = selectors.batch_get_for_user(membership=request.membership, batch_id=batch_id)
    if request.htmx and request.GET.get("progress"):
        response = render(request, "benefits/_batch_progress.html", {"batch": found})
        if found.finished:
            response["HX-Refresh"] = "true"
        return response
    page_obj = Paginator(selectors.batch_rows(batch=found), 50).get_page(request.GET.get("page"))
    return render(request, "benefits/batch_detail.html",
                  {"batch": found, "page_obj": page_obj, "querystring": ""})


@staff_view(Perm.STATS_VIEW)
@require_POST
def batch_restart(request: HttpRequest, batch_id) -> HttpResponse:
    found = selectors.batch_get_for_user(membership=request.membership, batch_id=batch_id)
    if batch_service.batch_restart(batch=found, actor=request.user):
        messages.success(request, _("The batch will be run again from the beginning."))
    return redirect("benefits:batch_detail", batch_id=found.uuid)


@staff_view(Perm.STATS_VIEW)
def batch_xlsx(request: HttpRequest, batch_id) -> HttpResponse:
    found = selectors.batch_get_for_user(membership=request.membership, batch_id=batch_id)
    handle = batch_service.batch_xlsx(batch=found, actor=request.user)
    return FileResponse(handle, as_attachment=True, filename=f"dssp-batch-{found.period}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument."
                                     "spreadsheetml.sheet")


# --- dated parameters (leads, analysts, administrators) --------------------------------


@login_required
def parameter_list(request: HttpRequest) -> HttpResponse:
    """Every dated parameter with its value, validity and legal source; what is still to be
    confirmed first. Read-only; administrators get a link to edit a row."""
    membership = current_membership(request)
    if not (membership_has(membership, Perm.PARAMETERS_VIEW)
            or is_administrator(request.user)):
        raise Http404
    page_obj = Paginator(core_params.parameters_for_review(),
                         settings.KMB_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "benefits/parameter_list.html", {
        "page_obj": page_obj,
        "to_confirm": list(core_params.parameters_to_be_confirmed()),
        "may_edit": request.user.has_perm("core.change_datedparameter"),
        "today": timezone.localdate(),
    })
