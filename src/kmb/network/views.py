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
from kmb.accounts.tenancy import current_membership, membership_has
from kmb.audit.models import AuditAction, SecurityEventKind
from kmb.audit.services import audit_record, security_event_record
from kmb.cases import selectors as case_selectors
from kmb.cases.errors import DomainError
from kmb.core.fields import municipality_label
from kmb.core.mail import mail_problems
from kmb.core.paging import LookaheadPaginator
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


def directory_entry_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of one directory entry: staff who may see the directory, or a partner's
    staff (for their own organisation only; the view checks). ``request.membership`` is
    None for partner staff; ``request.partner_organizations`` lists their organisations."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        membership = current_membership(request)
        request.membership = membership if membership_has(membership,
                                                          Perm.DIRECTORY_VIEW) else None
        request.partner_organizations = []
        if request.membership is None:
            if not role_has(Role.PARTNER, Perm.DIRECTORY_MAINTAIN_OWN):
                raise Http404
            request.partner_organizations = selectors.partner_organizations(
                user=request.user)
            if not request.partner_organizations:
                raise Http404
        return view(request, *args, **kwargs)

    wrapper.kmb_perm = Perm.DIRECTORY_VIEW  # type: ignore[attr-defined]
    wrapper.kmb_partner_perm = Perm.DIRECTORY_MAINTAIN_OWN  # type: ignore[attr-defined]
    return wrapper


def _own_or_404(request: HttpRequest, organization_id) -> None:
    """Partner staff see only their own organisation's entries."""
    if request.membership is None and not any(
            o.pk == organization_id for o in request.partner_organizations):
        raise Http404


def _editable(request: HttpRequest, entry) -> bool:
    return selectors.entry_editable(user=request.user, membership=request.membership,
                                    partner_organizations=request.partner_organizations,
                                    entry=entry)


def _office(request: HttpRequest):
    membership = getattr(request, "membership", None)
    return membership.contact_point if membership is not None else None


def _require_editable(request: HttpRequest, entry) -> None:
    """Only the entry's maintainers change it; for anyone else it does not exist as an
    editable thing (404, like a missing permission)."""
    _own_or_404(request, entry.pk if hasattr(entry, "partner_of") else entry.organization_id)
    if not _editable(request, entry):
        raise Http404


def _can_suggest(request: HttpRequest) -> bool:
    return membership_has(request.membership, Perm.DIRECTORY_SUGGEST)


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
        "unknown_place": form.unknown_place,
        "can_edit": membership_has(request.membership, Perm.DIRECTORY_EDIT),
        "can_exchange": membership_has(request.membership, Perm.DIRECTORY_EXCHANGE)})


@directory_entry_view
def service_detail(request: HttpRequest, service_id) -> HttpResponse:
    service = selectors.service_get(service_id=service_id)
    _own_or_404(request, service.organization_id)
    context = selectors.service_detail(service=service, staff=True,
                                       contact_point=_office(request))
    can_edit = _editable(request, service)
    context.update({
        "can_edit": can_edit,
        "can_suggest": not can_edit and _can_suggest(request),
        "suggestions": selectors.suggestions_pending(organization=service.organization,
                                                     service=service) if can_edit else [],
        "contact_changes": selectors.contact_changes(service=service),
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
                                                  ico=form.cleaned_data["ico"],
                                                  contact_point=_office(request))
        services.organization_partner_set(actor=request.user, organization=organization,
                                          contact_point=request.membership.contact_point,
                                          partner=True)
        messages.success(request, _("The organisation has been added to the directory."))
        return redirect("network:organization_detail", organization_id=organization.pk)
    return render(request, "network/organization_form.html", {"form": form})


@directory_entry_view
def organization_detail(request: HttpRequest, organization_id) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    _own_or_404(request, organization.pk)
    context = selectors.organization_detail(organization=organization)
    can_edit = _editable(request, organization)
    context.update({
        "can_edit": can_edit,
        "can_suggest": not can_edit and _can_suggest(request),
        "can_mark_partner": membership_has(request.membership, Perm.DIRECTORY_EDIT),
        "suggestions": selectors.suggestions_pending(organization=organization)
        if can_edit else [],
        "is_partner": _office(request) in context["partner_of"],
    })
    return render(request, "network/organization_detail.html", context)


@directory_entry_view
def organization_edit(request: HttpRequest, organization_id) -> HttpResponse:
    """The maintainer edits; anyone else who may suggest sends the same form as a
    suggestion to the maintainer."""
    organization = selectors.organization_get(organization_id=organization_id)
    _own_or_404(request, organization.pk)
    editable = _editable(request, organization)
    if not editable and not _can_suggest(request):
        raise Http404
    ico = organization.organization_identifiers.filter(
        identifier_scheme=services.ICO_SCHEME).values_list("identifier", flat=True).first()
    form = forms.OrganizationForm(request.POST or None, instance=organization,
                                  initial={"version": organization.version, "ico": ico},
                                  suggestion=not editable)
    if request.method == "POST" and form.is_valid():
        organization.refresh_from_db()
        try:
            if editable:
                services.organization_save(actor=request.user, organization=organization,
                                           data=form.service_data(),
                                           ico=form.cleaned_data["ico"],
                                           expected_version=_version(form),
                                           contact_point=_office(request))
            else:
                services.suggestion_create(actor=request.user,
                                           contact_point=_office(request),
                                           organization=organization,
                                           data=form.service_data(),
                                           note=form.cleaned_data.get("suggestion_note", ""))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes have been saved.") if editable else
                             _("Your suggestion has been sent to the maintainer."))
            return redirect("network:organization_detail", organization_id=organization.pk)
    return render(request, "network/organization_form.html",
                  {"form": form, "organization": organization, "suggestion": not editable})


@staff_view(Perm.DIRECTORY_EDIT)
@require_POST
def organization_partner(request: HttpRequest, organization_id) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    services.organization_partner_set(actor=request.user, organization=organization,
                                      contact_point=request.membership.contact_point,
                                      partner=request.POST.get("partner") == "1")
    messages.success(request, _("The changes have been saved."))
    return redirect("network:organization_detail", organization_id=organization.pk)


@directory_entry_view
def service_create(request: HttpRequest, organization_id) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    _require_editable(request, organization)
    form = forms.ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = services.service_save(
            actor=request.user, organization=organization, data=form.service_data(),
            categories=form.cleaned_data["categories"],
            target_groups=form.cleaned_data["target_groups"],
            contact_point=_office(request))
        messages.success(request, _("The service has been added to the directory."))
        return redirect("network:service_detail", service_id=service.pk)
    return render(request, "network/service_form.html",
                  {"form": form, "organization": organization})


@directory_entry_view
def service_edit(request: HttpRequest, service_id) -> HttpResponse:
    """The maintainer edits; anyone else who may suggest sends the same form as a
    suggestion to the maintainer."""
    service = selectors.service_get(service_id=service_id)
    _own_or_404(request, service.organization_id)
    editable = _editable(request, service)
    if not editable and not _can_suggest(request):
        raise Http404
    data = selectors.service_detail(service=service)
    form = forms.ServiceForm(request.POST or None, instance=service, initial={
        "version": service.version, "categories": data["categories"],
        "target_groups": data["target_groups"]}, suggestion=not editable)
    if request.method == "POST" and form.is_valid():
        service.refresh_from_db()
        try:
            if editable:
                services.service_save(
                    actor=request.user, organization=service.organization, service=service,
                    data=form.service_data(), categories=form.cleaned_data["categories"],
                    target_groups=form.cleaned_data["target_groups"],
                    expected_version=_version(form), contact_point=_office(request))
            else:
                services.suggestion_create(
                    actor=request.user, contact_point=_office(request),
                    organization=service.organization, service=service,
                    data=form.service_data(),
                    note=form.cleaned_data.get("suggestion_note", ""))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes have been saved.") if editable else
                             _("Your suggestion has been sent to the maintainer."))
            return redirect("network:service_detail", service_id=service.pk)
    return render(request, "network/service_form.html",
                  {"form": form, "organization": service.organization, "service": service,
                   "suggestion": not editable})


@directory_entry_view
@require_POST
def suggestion_decide(request: HttpRequest, suggestion_id) -> HttpResponse:
    """The maintainer applies a suggestion with one action, or rejects it."""
    suggestion = selectors.suggestion_get(suggestion_id=suggestion_id)
    entry = suggestion.service or suggestion.organization
    _require_editable(request, entry)
    accept = request.POST.get("decision") == "accept"
    try:
        services.suggestion_decide(actor=request.user, contact_point=_office(request),
                                   suggestion=suggestion, accept=accept,
                                   note=request.POST.get("note", "")[:2000])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The suggestion has been applied.") if accept else
                         _("The suggestion has been rejected."))
    if suggestion.service_id:
        return redirect("network:service_detail", service_id=suggestion.service_id)
    return redirect("network:organization_detail", organization_id=suggestion.organization_id)


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


@directory_entry_view
def service_part_add(request: HttpRequest, service_id, kind: str) -> HttpResponse:
    service = selectors.service_get(service_id=service_id)
    _require_editable(request, service)
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
        services.service_part_add(actor=request.user, service=service, kind=kind, obj=obj,
                                  contact_point=_office(request))
        messages.success(request, _("The change has been saved."))
        return redirect("network:service_detail", service_id=service.pk)
    return render(request, "network/part_form.html",
                  {"form": form, "service": service, "title": title})


@directory_entry_view
@require_POST
def service_part_remove(request: HttpRequest, service_id, kind: str, part_id
                        ) -> HttpResponse:
    service = selectors.service_get(service_id=service_id)
    _require_editable(request, service)
    if kind not in PARTS:
        raise Http404
    _form, model, _title = PARTS[kind]
    obj = selectors.service_part_get(service=service, model=model, part_id=part_id)
    services.service_part_remove(actor=request.user, service=service, kind=kind, obj=obj,
                                 contact_point=_office(request))
    messages.success(request, _("The change has been saved."))
    return redirect("network:service_detail", service_id=service.pk)


@directory_entry_view
def location_create(request: HttpRequest, organization_id) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    _require_editable(request, organization)
    return _location_form(request, organization)


@directory_entry_view
def location_edit(request: HttpRequest, location_id) -> HttpResponse:
    location = selectors.location_get(location_id=location_id)
    _require_editable(request, location.organization)
    return _location_form(request, location.organization, location)


def _location_form(request: HttpRequest, organization, location=None) -> HttpResponse:
    form = forms.LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        services.location_save(actor=request.user, organization=organization,
                               contact_point=_office(request),
                               location=location, data=form.location_data(),
                               address=form.address_data(),
                               accessibility=form.cleaned_data.get("accessibility", ""))
        messages.success(request, _("The place has been saved."))
        return redirect("network:organization_detail", organization_id=organization.pk)
    return render(request, "network/location_form.html",
                  {"form": form, "organization": organization, "location": location})


@directory_entry_view
def organization_contact_add(request: HttpRequest, organization_id) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    _require_editable(request, organization)
    form = forms.StaffContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.staff_contact_add(actor=request.user, organization=organization,
                                   contact=form.save(commit=False),
                                   contact_point=_office(request))
        messages.success(request, _("The change has been saved."))
        return redirect("network:organization_detail", organization_id=organization.pk)
    return render(request, "network/part_form.html", {
        "form": form, "organization": organization,
        "title": _("Add a contact person (staff only)")})


@directory_entry_view
@require_POST
def staff_contact_remove(request: HttpRequest, contact_id) -> HttpResponse:
    contact = selectors.staff_contact_get(contact_id=contact_id)
    _require_editable(request, contact.service or contact.organization)
    services.staff_contact_remove(actor=request.user, contact=contact,
                                  contact_point=_office(request))
    messages.success(request, _("The change has been saved."))
    if contact.service_id:
        return redirect("network:service_detail", service_id=contact.service_id)
    return redirect("network:organization_detail", organization_id=contact.organization_id)


@directory_entry_view
@require_POST
def public_contact_remove(request: HttpRequest, contact_id) -> HttpResponse:
    contact = selectors.public_contact_get(contact_id=contact_id)
    _require_editable(request, contact.service)
    services.service_part_remove(actor=request.user, service=contact.service,
                                 kind="contact", obj=contact, contact_point=_office(request))
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
            record = services.hsds_import(
                actor=request.user, file_name=upload.name, data=upload.read(),
                contact_point=request.membership.contact_point,
                may_edit=lambda entry: selectors.entry_editable(
                    user=request.user, membership=request.membership, entry=entry))
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

#: How long advisers are warned that the receiving contact of a service changed.
RECENT_CONTACT_DAYS = 30


@staff_view(Perm.REFERRAL_MANAGE)
def referral_list(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("scope", "mine") == "mine"
    state = request.GET.get("state", "open")
    if state not in ("open", "attention", "all"):
        state = "open"
    qs = selectors.referrals_list(contact_point=request.membership.contact_point,
                                  created_by=request.user if mine else None, state=state)
    page_obj = LookaheadPaginator(qs, settings.KMB_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/referral_list.html", {
        "page_obj": page_obj, "mine": mine, "state": state,
        "querystring": _querystring(request), "today": timezone.localdate()})


@staff_view(Perm.REFERRAL_MANAGE)
def referral_start(request: HttpRequest, client_id) -> HttpResponse:
    """Services to refer the client to: by default those in or serving the client's area
    (their municipality, else the office's); the adviser narrows by category or name,
    may type another municipality or a city district, or clear the place."""
    client = case_selectors.client_get_for_user(membership=request.membership,
                                                client_id=client_id)
    data = request.GET.copy()
    area = client.municipality or request.membership.contact_point.municipality
    client_area = "municipality" not in data and area is not None
    if client_area:
        data["municipality"] = municipality_label(area)
    form = forms.DirectorySearchForm(data)
    qs = selectors.directory_search(**form.search_args(), public=True)
    page_obj = _page(request, qs)
    page_obj.object_list = selectors.annotate_services(list(page_obj.object_list))
    return render(request, "network/referral_start.html", {
        "client": client, "form": form, "page_obj": page_obj,
        "client_area": client_area, "unknown_place": form.unknown_place,
        "querystring": _querystring(request)})


@staff_view(Perm.REFERRAL_MANAGE)
def referral_create(request: HttpRequest, client_id, service_id) -> HttpResponse:
    client = case_selectors.client_get_for_user(membership=request.membership,
                                                client_id=client_id)
    service = selectors.service_get(service_id=service_id, public=True)
    form = forms.ReferralForm(request.POST or None, service=service, client=client)
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
                   "no_recipient": not form.fields["recipient"].choices,
                   "recent_contact_changes": selectors.contact_changes(
                       service=service, days=RECENT_CONTACT_DAYS)})


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
        "recent_contact_changes": selectors.contact_changes(service=referral.service,
                                                            days=RECENT_CONTACT_DAYS),
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
