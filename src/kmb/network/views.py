"""Staff pages of the partner network: the directory, HSDS exchange, referrals, and the
list of incoming referrals for partner staff. Views parse input, call one service or
selector, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kmb.accounts.decorators import staff_view
from kmb.accounts.tenancy import membership_has
from kmb.audit.models import AuditAction, SecurityEventKind
from kmb.audit.services import audit_record, security_event_record
from kmb.cases import selectors as case_selectors
from kmb.cases.errors import ConflictError, DomainError
from kmb.core.mail import mail_problems
from kmb.core.permissions import Perm, Role, role_has
from kmb.network import forms, selectors, services
from kmb.network.hsds import export
from kmb.network.models import (
    ATTENTION_STATUSES,
    CostOption,
    Language,
    PartnerContact,
    Phone,
    RequiredDocument,
    Schedule,
    ServiceArea,
    ServiceAtLocation,
)


def _querystring(request: HttpRequest) -> str:
    params = {k: v for k, v in request.GET.items() if k != "page"}
    return urlencode(params) + "&" if params else ""


def _page(request: HttpRequest, qs, size: int | None = None):
    return Paginator(qs, size or settings.KMB_PAGE_SIZE).get_page(request.GET.get("page"))


def _version(form) -> int | None:
    value = form.cleaned_data.get("version")
    return int(value) if value is not None else None


# --------------------------------------------------------------------------------------
# Directory
# --------------------------------------------------------------------------------------

@staff_view(Perm.DIRECTORY_VIEW)
def directory(request: HttpRequest) -> HttpResponse:
    form = forms.DirectorySearchForm(request.GET or None)
    qs = selectors.directory_search(**form.search_args())
    page_obj = _page(request, qs)
    page_obj.object_list = selectors.annotate_services(list(page_obj.object_list))
    return render(request, "network/directory.html", {
        "form": form, "page_obj": page_obj, "querystring": _querystring(request),
        "can_edit": membership_has(request.membership, Perm.DIRECTORY_EDIT),
        "can_exchange": membership_has(request.membership, Perm.DIRECTORY_EXCHANGE)})


@staff_view(Perm.DIRECTORY_VIEW)
def service_detail(request: HttpRequest, service_id) -> HttpResponse:
    service = selectors.service_get(service_id=service_id)
    context = selectors.service_detail(service=service, staff=True,
                                       contact_point=request.membership.contact_point)
    context.update({
        "can_edit": membership_has(request.membership, Perm.DIRECTORY_EDIT),
        "can_refer": membership_has(request.membership, Perm.REFERRAL_MANAGE),
        "capacity_form": forms.CapacityForm(initial={"capacity": service.capacity}),
        "parts": PARTS,
    })
    return render(request, "network/service_detail.html", context)


@staff_view(Perm.DIRECTORY_EDIT)
def organization_create(request: HttpRequest) -> HttpResponse:
    form = forms.OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = services.organization_save(actor=request.user, data=form.service_data(),
                                                  ico=form.cleaned_data["ico"])
        services.organization_partner_set(actor=request.user, organization=organization,
                                          contact_point=request.membership.contact_point,
                                          partner=True)
        messages.success(request, _("The organisation has been added to the directory."))
        return redirect("network:organization_detail", organization_id=organization.pk)
    return render(request, "network/organization_form.html", {"form": form})


@staff_view(Perm.DIRECTORY_VIEW)
def organization_detail(request: HttpRequest, organization_id) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    context = selectors.organization_detail(organization=organization)
    context.update({
        "can_edit": membership_has(request.membership, Perm.DIRECTORY_EDIT),
        "is_partner": request.membership.contact_point in context["partner_of"],
    })
    return render(request, "network/organization_detail.html", context)


@staff_view(Perm.DIRECTORY_EDIT)
def organization_edit(request: HttpRequest, organization_id) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    ico = organization.organization_identifiers.filter(
        identifier_scheme=services.ICO_SCHEME).values_list("identifier", flat=True).first()
    form = forms.OrganizationForm(request.POST or None, instance=organization,
                                  initial={"version": organization.version, "ico": ico})
    if request.method == "POST" and form.is_valid():
        organization.refresh_from_db()
        try:
            services.organization_save(actor=request.user, organization=organization,
                                       data=form.service_data(), ico=form.cleaned_data["ico"],
                                       expected_version=_version(form))
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("network:organization_detail", organization_id=organization.pk)
    return render(request, "network/organization_form.html",
                  {"form": form, "organization": organization})


@staff_view(Perm.DIRECTORY_EDIT)
@require_POST
def organization_partner(request: HttpRequest, organization_id) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    services.organization_partner_set(actor=request.user, organization=organization,
                                      contact_point=request.membership.contact_point,
                                      partner=request.POST.get("partner") == "1")
    messages.success(request, _("The changes have been saved."))
    return redirect("network:organization_detail", organization_id=organization.pk)


@staff_view(Perm.DIRECTORY_EDIT)
def service_create(request: HttpRequest, organization_id) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    form = forms.ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = services.service_save(
            actor=request.user, organization=organization, data=form.service_data(),
            categories=form.cleaned_data["categories"],
            target_groups=form.cleaned_data["target_groups"])
        messages.success(request, _("The service has been added to the directory."))
        return redirect("network:service_detail", service_id=service.pk)
    return render(request, "network/service_form.html",
                  {"form": form, "organization": organization})


@staff_view(Perm.DIRECTORY_EDIT)
def service_edit(request: HttpRequest, service_id) -> HttpResponse:
    service = selectors.service_get(service_id=service_id)
    data = selectors.service_detail(service=service)
    form = forms.ServiceForm(request.POST or None, instance=service, initial={
        "version": service.version, "categories": data["categories"],
        "target_groups": data["target_groups"]})
    if request.method == "POST" and form.is_valid():
        service.refresh_from_db()
        try:
            services.service_save(
                actor=request.user, organization=service.organization, service=service,
                data=form.service_data(), categories=form.cleaned_data["categories"],
                target_groups=form.cleaned_data["target_groups"],
                expected_version=_version(form))
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("network:service_detail", service_id=service.pk)
    return render(request, "network/service_form.html",
                  {"form": form, "organization": service.organization, "service": service})


@staff_view(Perm.REFERRAL_MANAGE)
@require_POST
def service_capacity(request: HttpRequest, service_id) -> HttpResponse:
    service = selectors.service_get(service_id=service_id)
    form = forms.CapacityForm(request.POST)
    if form.is_valid():
        services.service_capacity_set(actor=request.user, service=service,
                                      capacity=form.cleaned_data["capacity"])
        messages.success(request, _("The capacity has been confirmed for today."))
    else:
        messages.error(request, _("Choose the capacity."))
    return redirect("network:service_detail", service_id=service.pk)


#: Parts of a service staff add on their own page: form, model, title.
PARTS: dict[str, tuple[type, type, str]] = {
    "phone": (forms.PhoneForm, Phone, gettext_lazy("Add a phone")),
    "schedule": (forms.ScheduleForm, Schedule, gettext_lazy("Add opening hours")),
    "language": (forms.LanguageForm, Language, gettext_lazy("Add a language")),
    "place": (forms.AtLocationForm, ServiceAtLocation,
              gettext_lazy("Add a place where the service is provided")),
    "area": (forms.AreaForm, ServiceArea, gettext_lazy("Add a served municipality")),
    "cost": (forms.CostForm, CostOption, gettext_lazy("Add a cost")),
    "document": (forms.DocumentForm, RequiredDocument,
                 gettext_lazy("Add a required document")),
    "staff_contact": (forms.StaffContactForm, PartnerContact,
                      gettext_lazy("Add a contact person (staff only)")),
}


@staff_view(Perm.DIRECTORY_EDIT)
def service_part_add(request: HttpRequest, service_id, kind: str) -> HttpResponse:
    service = selectors.service_get(service_id=service_id)
    if kind not in PARTS:
        raise Http404
    form_class, _model, title = PARTS[kind]
    kwargs = {"organization": service.organization} if kind == "place" else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.service = service
        if kind == "staff_contact":
            obj.organization = service.organization
        services.service_part_add(actor=request.user, service=service, kind=kind, obj=obj)
        messages.success(request, _("The change has been saved."))
        return redirect("network:service_detail", service_id=service.pk)
    return render(request, "network/part_form.html",
                  {"form": form, "service": service, "title": title})


@staff_view(Perm.DIRECTORY_EDIT)
@require_POST
def service_part_remove(request: HttpRequest, service_id, kind: str, part_id
                        ) -> HttpResponse:
    service = selectors.service_get(service_id=service_id)
    if kind not in PARTS:
        raise Http404
    _form, model, _title = PARTS[kind]
    obj = selectors.service_part_get(service=service, model=model, part_id=part_id)
    services.service_part_remove(actor=request.user, service=service, kind=kind, obj=obj)
    messages.success(request, _("The change has been saved."))
    return redirect("network:service_detail", service_id=service.pk)


@staff_view(Perm.DIRECTORY_EDIT)
def location_create(request: HttpRequest, organization_id) -> HttpResponse:
    return _location_form(request, selectors.organization_get(organization_id=organization_id))


@staff_view(Perm.DIRECTORY_EDIT)
def location_edit(request: HttpRequest, location_id) -> HttpResponse:
    location = selectors.location_get(location_id=location_id)
    return _location_form(request, location.organization, location)


def _location_form(request: HttpRequest, organization, location=None) -> HttpResponse:
    form = forms.LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        services.location_save(actor=request.user, organization=organization,
                               location=location, data=form.location_data(),
                               address=form.address_data(),
                               accessibility=form.cleaned_data.get("accessibility", ""))
        messages.success(request, _("The place has been saved."))
        return redirect("network:organization_detail", organization_id=organization.pk)
    return render(request, "network/location_form.html",
                  {"form": form, "organization": organization, "location": location})


@staff_view(Perm.DIRECTORY_EDIT)
def organization_contact_add(request: HttpRequest, organization_id) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    form = forms.StaffContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.staff_contact_add(actor=request.user, organization=organization,
                                   contact=form.save(commit=False))
        messages.success(request, _("The change has been saved."))
        return redirect("network:organization_detail", organization_id=organization.pk)
    return render(request, "network/part_form.html", {
        "form": form, "organization": organization,
        "title": _("Add a contact person (staff only)")})


@staff_view(Perm.DIRECTORY_EDIT)
@require_POST
def staff_contact_remove(request: HttpRequest, contact_id) -> HttpResponse:
    contact = selectors.staff_contact_get(contact_id=contact_id)
    services.staff_contact_remove(actor=request.user, contact=contact)
    messages.success(request, _("The change has been saved."))
    if contact.service_id:
        return redirect("network:service_detail", service_id=contact.service_id)
    return redirect("network:organization_detail", organization_id=contact.organization_id)


@staff_view(Perm.DIRECTORY_EDIT)
@require_POST
def public_contact_remove(request: HttpRequest, contact_id) -> HttpResponse:
    contact = selectors.public_contact_get(contact_id=contact_id)
    services.service_part_remove(actor=request.user, service=contact.service,
                                 kind="contact", obj=contact)
    messages.success(request, _("The change has been saved."))
    return redirect("network:service_detail", service_id=contact.service_id)


# --------------------------------------------------------------------------------------
# HSDS exchange
# --------------------------------------------------------------------------------------

@staff_view(Perm.DIRECTORY_EXCHANGE)
def exchange(request: HttpRequest) -> HttpResponse:
    record = None
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a file to import.")
        elif upload.size > services.importer.MAX_FILE_BYTES:
            error = _("The file is larger than %(mb)s MB.") % {
                "mb": services.importer.MAX_FILE_BYTES // (1024 * 1024)}
        else:
            record = services.hsds_import(actor=request.user, file_name=upload.name,
                                          data=upload.read())
            if record.accepted:
                messages.success(request, _("The file has been imported."))
                return redirect("network:import_detail", import_id=record.uuid)
    page_obj = _page(request, selectors.hsds_imports(), 20)
    return render(request, "network/exchange.html", {
        "record": record, "error": error, "page_obj": page_obj, "querystring": "",
        "max_mb": services.importer.MAX_FILE_BYTES // (1024 * 1024)},
        status=422 if record is not None or error else 200)


@staff_view(Perm.DIRECTORY_EXCHANGE)
def import_detail(request: HttpRequest, import_id) -> HttpResponse:
    record = selectors.hsds_import_get(import_id=import_id)
    return render(request, "network/import_detail.html", {"record": record})


def _download(request: HttpRequest, data: bytes, name: str, content_type: str) -> HttpResponse:
    security_event_record(kind=SecurityEventKind.EXPORT, user=request.user,
                          username=request.user.username, detail=f"HSDS {name}")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_view(Perm.DIRECTORY_EXCHANGE)
def export_json(request: HttpRequest) -> HttpResponse:
    import json

    data = json.dumps(export.export_document(), ensure_ascii=False, indent=1)
    stamp = timezone.localdate().isoformat()
    return _download(request, data.encode("utf-8"), f"kmb-hsds-{stamp}.json",
                     "application/json; charset=utf-8")


@staff_view(Perm.DIRECTORY_EXCHANGE)
def export_zip(request: HttpRequest) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    return _download(request, export.tabular_zip(), f"kmb-hsds-{stamp}.zip",
                     "application/zip")


# --------------------------------------------------------------------------------------
# Referrals (advisers)
# --------------------------------------------------------------------------------------

@staff_view(Perm.REFERRAL_MANAGE)
def referral_list(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("scope", "mine") == "mine"
    state = request.GET.get("state", "open")
    if state not in ("open", "attention", "all"):
        state = "open"
    qs = selectors.referrals_list(contact_point=request.membership.contact_point,
                                  created_by=request.user if mine else None, state=state)
    return render(request, "network/referral_list.html", {
        "page_obj": _page(request, qs), "mine": mine, "state": state,
        "querystring": _querystring(request), "today": timezone.localdate()})


@staff_view(Perm.REFERRAL_MANAGE)
def referral_start(request: HttpRequest, client_id) -> HttpResponse:
    client = case_selectors.client_get_for_user(membership=request.membership,
                                                client_id=client_id)
    form = forms.DirectorySearchForm(request.GET or None)
    qs = selectors.directory_search(**form.search_args(), public=True)
    page_obj = _page(request, qs)
    page_obj.object_list = selectors.annotate_services(list(page_obj.object_list))
    return render(request, "network/referral_start.html", {
        "client": client, "form": form, "page_obj": page_obj,
        "querystring": _querystring(request)})


@staff_view(Perm.REFERRAL_MANAGE)
def referral_create(request: HttpRequest, client_id, service_id) -> HttpResponse:
    client = case_selectors.client_get_for_user(membership=request.membership,
                                                client_id=client_id)
    service = selectors.service_get(service_id=service_id, public=True)
    form = forms.ReferralForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_create(
                contact_point=request.membership.contact_point, actor=request.user,
                client=client, service=service, need=data["need"],
                shared_data=data["shared_data"], consent_expires_on=data["consent_expires_on"],
                recipient=form.recipient_contact(), proposed_at=data.get("proposed_at"))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The referral has been sent to the partner."))
            return redirect("network:referral_detail", referral_id=referral.uuid)
    return render(request, "network/referral_form.html",
                  {"form": form, "client": client, "service": service,
                   "no_recipient": not form.fields["recipient"].choices})


@staff_view(Perm.REFERRAL_MANAGE)
def referral_detail(request: HttpRequest, referral_id) -> HttpResponse:
    referral = selectors.referral_get_for_user(membership=request.membership,
                                               referral_id=referral_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=referral.client,
                 contact_point=request.membership.contact_point, client_id=referral.client.uuid)
    form = forms.StaffReferralForm(request.POST or None,
                                   initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_staff_update(
                referral=referral, actor=request.user, action=form.cleaned_data["action"],
                note=form.cleaned_data.get("note", ""), expected_version=_version(form))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The referral has been updated."))
        return redirect("network:referral_detail", referral_id=referral.uuid)
    return render(request, "network/referral_detail.html", {
        "referral": referral, "events": list(referral.events.all()), "form": form,
        "mail_problems": mail_problems(reference=f"referral:{referral.uuid}"),
        "needs_attention": referral.status in ATTENTION_STATUSES
        and referral.attention_cleared_at is None})


# --------------------------------------------------------------------------------------
# Partner staff
# --------------------------------------------------------------------------------------

def partner_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page for partner staff: their organisations are ``request.partner_organizations``;
    a user without an active partner account gets 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        organizations = selectors.partner_organizations(user=request.user)
        if not organizations or not role_has(Role.PARTNER, Perm.PARTNER_REFERRALS):
            raise Http404
        request.partner_organizations = organizations
        return view(request, *args, **kwargs)

    wrapper.kmb_perm = Perm.PARTNER_REFERRALS  # type: ignore[attr-defined]
    return wrapper


@partner_view
def partner_referrals(request: HttpRequest) -> HttpResponse:
    state = "all" if request.GET.get("state") == "all" else "open"
    qs = selectors.partner_referrals(organizations=request.partner_organizations, state=state)
    return render(request, "network/partner_referrals.html", {
        "page_obj": _page(request, qs), "state": state, "querystring": _querystring(request),
        "organizations": request.partner_organizations})


@partner_view
def partner_referral(request: HttpRequest, referral_id) -> HttpResponse:
    referral = selectors.partner_referral_get(organizations=request.partner_organizations,
                                              referral_id=referral_id)
    from kmb.network.link_views import answer

    return answer(request, referral, actor=request.user,
                  actor_label=f"{request.user.display_name} ({referral.service.organization})",
                  channel="partner", template="network/partner_referral.html")
