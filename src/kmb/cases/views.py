"""Staff pages for cases. Views parse input, call one service or selector, render."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kmb.accounts.decorators import staff_view
from kmb.accounts.selectors import staff_of
from kmb.accounts.tenancy import membership_has
from kmb.audit.models import AuditAction
from kmb.audit.selectors import audit_entries_for_client
from kmb.audit.services import audit_record, search_record
from kmb.cases import selectors, services
from kmb.cases.errors import ConflictError, DomainError
from kmb.cases.forms import (
    ClientCreateForm,
    ClientForm,
    ConsentForm,
    ConsultationForm,
    HouseholdMemberForm,
    MaterialAidFormSet,
    MergeForm,
    TaskForm,
)
from kmb.cases.models import OnlineRequestStatus, TaskStatus
from kmb.cases.timeline import client_timeline
from kmb.core.paging import (
    LookaheadPaginator,
)
from kmb.core.permissions import Perm
from kmb.network import selectors as network_selectors


def _querystring(request: HttpRequest, **drop) -> str:
    params = {k: v for k, v in request.GET.items() if k != "page" and k not in drop}
    return urlencode(params) + "&" if params else ""


def _audit_view(request: HttpRequest, client) -> None:
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=client,
                 contact_point=request.membership.contact_point, client_id=client.uuid)


@staff_view(Perm.CLIENT_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    whole_office = membership_has(membership, Perm.OFFICE_OVERVIEW) and \
        request.GET.get("scope") != "mine"
    person = None if whole_office else request.user
    today = timezone.localdate()
    context = {
        "today": today,
        "today_plus_7": today + timedelta(days=7),
        "whole_office": whole_office,
        "can_overview": membership_has(membership, Perm.OFFICE_OVERVIEW),
        "tasks": selectors.dashboard_tasks(contact_point=membership.contact_point,
                                           assignee=person),
        "clients_at_risk": selectors.dashboard_clients_at_risk(
            contact_point=membership.contact_point, key_worker=person, membership=membership),
        "overview": selectors.office_overview(contact_point=membership.contact_point)
        if whole_office else None,
        "requests_waiting": selectors.online_requests_waiting(
            contact_point=membership.contact_point),
    }
    return render(request, "cases/dashboard.html", context)


@staff_view(Perm.CLIENT_VIEW)
def client_list(request: HttpRequest) -> HttpResponse:
    # Search terms are personal data: they travel in the body of a POST, never in the URL.
    q = request.POST.get("q", "").strip()[:200]
    page_obj = selectors.client_search_page(contact_point=request.membership.contact_point,
                                            q=q, page=request.POST.get("page"),
                                            membership=request.membership)
    if q:
        search_record(actor=request.user, contact_point=request.membership.contact_point,
                      object_type="cases.client", results=page_obj.paginator.count)
    template = "cases/_client_rows.html" if request.htmx else "cases/client_list.html"
    return render(request, template, {"page_obj": page_obj, "q": q})


@staff_view(Perm.CLIENT_CREATE)
def client_create(request: HttpRequest) -> HttpResponse:
    form = ClientCreateForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        duplicates = selectors.client_duplicates(
            contact_point=request.membership.contact_point, first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""), birth_date=data.get("birth_date"))
        if not duplicates or form.cleaned_data.get("confirm_new"):
            client = services.client_create(contact_point=request.membership.contact_point,
                                            actor=request.user, data=data)
            messages.success(request, _("The client has been created."))
            return redirect("cases:client_detail", client_id=client.uuid)
        form.add_error("confirm_new", _("Similar clients exist. Open one of them, or confirm "
                                        "that this is a different person."))
    return render(request, "cases/client_form.html",
                  {"form": form, "duplicates": duplicates, "creating": True})


@staff_view(Perm.CLIENT_VIEW)
def client_detail(request: HttpRequest, client_id) -> HttpResponse:
    client = selectors.client_get_for_user(membership=request.membership, client_id=client_id)
    if str(client.uuid) != str(client_id):
        return redirect("cases:client_detail", client_id=client.uuid)
    _audit_view(request, client)
    page_obj = client_timeline(client=client, membership=request.membership,
                               page=request.GET.get("page", 1))
    context = {
        "client": client,
        "members": selectors.household_members(client=client),
        "page_obj": page_obj,
        "querystring": _querystring(request),
        "can_record": membership_has(request.membership, Perm.CONSULTATION_RECORD),
        "can_edit": membership_has(request.membership, Perm.CLIENT_EDIT),
        "can_merge": membership_has(request.membership, Perm.CLIENT_MERGE),
        "can_audit": membership_has(request.membership, Perm.CLIENT_AUDIT),
        "can_tasks": membership_has(request.membership, Perm.TASK_MANAGE),
    }
    return render(request, "cases/client_detail.html", context)


@staff_view(Perm.CLIENT_EDIT)
def client_edit(request: HttpRequest, client_id) -> HttpResponse:
    client = selectors.client_get_for_user(membership=request.membership, client_id=client_id)
    form = ClientForm(request.POST or None, instance=client,
                      initial={"version": client.version})
    if request.method == "POST" and form.is_valid():
        client.refresh_from_db()
        try:
            services.client_update(client=client, actor=request.user,
                                   data=form.service_data(),
                                   expected_version=form.cleaned_data.get("version") or 0)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("cases:client_detail", client_id=client.uuid)
    return render(request, "cases/client_form.html", {"form": form, "client": client})


@staff_view(Perm.CONSULTATION_RECORD)
def consultation_create(request: HttpRequest, client_id=None) -> HttpResponse:
    client = None
    if client_id is not None:
        client = selectors.client_get_for_user(membership=request.membership,
                                               client_id=client_id)
    initial = {}
    if client is not None and client.housing_situation_id:
        initial = {"housing_situation": client.housing_situation,
                   "housing_at_risk": client.housing_at_risk,
                   "loss_date": client.housing_loss_date}
    online_request = None
    request_id = request.GET.get("request") or request.POST.get("online_request")
    if request_id:
        online_request = selectors.online_request_get_for_user(membership=request.membership,
                                                               request_id=request_id)
        initial = {**initial, "channel": "online",
                   "topics": [t.code for t in online_request.topics.all()]}
    appointment = None
    appointment_id = request.GET.get("appointment") or request.POST.get("appointment")
    if appointment_id:  # an attended appointment: its time, length and way of meeting
        from kmb.appointments.selectors import consultation_initial

        appointment, from_appointment = consultation_initial(
            membership=request.membership, appointment_id=appointment_id)
        initial = {**initial, **from_appointment}
    form = ConsultationForm(request.POST or None, initial=initial,
                            recorded_loss_date=client.housing_loss_date if client else None)
    aid = _material_aid_formset(request)
    if request.method == "POST" and "aid_add" in request.POST:
        # "Add a row" (a plain submit, or htmx swapping in the aid rows): show the form
        # again as typed, with one more row, saving nothing and judging nothing yet.
        form._errors = ErrorDict()
        if aid.forms:
            aid.forms[-1].fields["kind"].widget.attrs["autofocus"] = True  # the new row
    elif request.method == "POST" and form.is_valid() & aid.is_valid():
        consultation = services.consultation_record(
            contact_point=request.membership.contact_point, actor=request.user, client=client,
            online_request=online_request, material_aid=aid.aid_rows(), **form.cleaned_data)
        if appointment is not None:
            from kmb.appointments.services import appointment_link_consultation

            appointment_link_consultation(appointment=appointment, consultation=consultation)
        messages.success(request, _("The consultation has been recorded."))
        if client is not None:
            return redirect("cases:client_detail", client_id=client.uuid)
        return redirect("cases:consultation_detail", consultation_id=consultation.uuid)
    return render(request, "cases/consultation_form.html",
                  {"form": form, "aid": aid, "client": client, "online_request": online_request,
                   "appointment": appointment})


def _material_aid_formset(request: HttpRequest) -> MaterialAidFormSet:
    organizations = network_selectors.organizations_working_with(
        contact_point=request.membership.contact_point)
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        if "aid-TOTAL_FORMS" not in data:  # a post without the aid rows: no aid given
            data.update({"aid-TOTAL_FORMS": "0", "aid-INITIAL_FORMS": "0"})
        if "aid_add" in data:
            total = _int(data.get("aid-TOTAL_FORMS"))
            data["aid-TOTAL_FORMS"] = str(min(total + 1, MaterialAidFormSet.max_num))
    return MaterialAidFormSet(data, prefix="aid", form_kwargs={"organizations": organizations})


def _int(value, default: int = 0) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return default


@staff_view(Perm.CONSULTATION_RECORD)
def consultation_detail(request: HttpRequest, consultation_id) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(membership=request.membership,
                                                       consultation_id=consultation_id)
    if consultation.client is not None:
        _audit_view(request, consultation.client)
    return render(request, "cases/consultation_detail.html", {"consultation": consultation})


@staff_view(Perm.CONSULTATION_RECORD)
def consultation_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.consultations_recent(contact_point=request.membership.contact_point,
                                        membership=request.membership)
    page_obj = LookaheadPaginator(qs, settings.KMB_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/consultation_list.html",
                  {"page_obj": page_obj, "querystring": _querystring(request)})


@staff_view(Perm.CLIENT_EDIT)
def household_member_add(request: HttpRequest, client_id) -> HttpResponse:
    client = selectors.client_get_for_user(membership=request.membership, client_id=client_id)
    form = HouseholdMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.household_member_add(client=client, actor=request.user,
                                      data=form.cleaned_data)
        messages.success(request, _("The household member has been added."))
        return redirect("cases:client_detail", client_id=client.uuid)
    return render(request, "cases/simple_form.html",
                  {"form": form, "client": client, "title": _("Add a household member")})


@staff_view(Perm.CLIENT_EDIT)
@require_POST
def household_member_remove(request: HttpRequest, client_id, member_id) -> HttpResponse:
    client = selectors.client_get_for_user(membership=request.membership, client_id=client_id)
    member = selectors.household_member_get(client=client, member_id=member_id)
    services.household_member_remove(client=client, member=member, actor=request.user)
    messages.success(request, _("The household member has been removed."))
    return redirect("cases:client_detail", client_id=client.uuid)


@staff_view(Perm.CONSENT_RECORD)
def consent_create(request: HttpRequest, client_id) -> HttpResponse:
    client = selectors.client_get_for_user(membership=request.membership, client_id=client_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(client=client, actor=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("cases:client_detail", client_id=client.uuid)
    return render(request, "cases/simple_form.html",
                  {"form": form, "client": client, "title": _("Record a consent")})


@staff_view(Perm.CONSENT_RECORD)
@require_POST
def consent_withdraw(request: HttpRequest, client_id, consent_id) -> HttpResponse:
    client = selectors.client_get_for_user(membership=request.membership, client_id=client_id)
    consent = selectors.consent_get(client=client, consent_id=consent_id)
    services.consent_withdraw(consent=consent, actor=request.user)
    messages.success(request, _("The consent has been marked as withdrawn."))
    return redirect("cases:client_detail", client_id=client.uuid)


@staff_view(Perm.TASK_MANAGE)
def task_create(request: HttpRequest, client_id) -> HttpResponse:
    client = selectors.client_get_for_user(membership=request.membership, client_id=client_id)
    form = TaskForm(request.POST or None, initial={"assignee": request.user.pk},
                    staff_queryset=staff_of(contact_point=request.membership.contact_point))
    if request.method == "POST" and form.is_valid():
        services.task_create(client=client, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The task has been added to the plan."))
        return redirect("cases:client_detail", client_id=client.uuid)
    return render(request, "cases/simple_form.html",
                  {"form": form, "client": client, "title": _("Add a step to the plan")})


@staff_view(Perm.TASK_MANAGE)
@require_POST
def task_status(request: HttpRequest, task_id) -> HttpResponse:
    task = selectors.task_get_for_user(membership=request.membership, task_id=task_id)
    status = request.POST.get("status", "")
    try:
        services.task_set_status(task=task, actor=request.user, status=status)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The task has been updated."))
    back = request.POST.get("next", "")
    if back == "tasks":
        return redirect("cases:task_list")
    if back == "dashboard":
        return redirect("cases:dashboard")
    return redirect("cases:client_detail", client_id=task.client.uuid)


@staff_view(Perm.TASK_MANAGE)
def task_list(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("scope", "mine") == "mine"
    status = request.GET.get("status", TaskStatus.OPEN)
    if status not in TaskStatus.values:
        status = TaskStatus.OPEN
    qs = selectors.task_list(contact_point=request.membership.contact_point,
                             assignee=request.user if mine else None, status=status)
    page_obj = LookaheadPaginator(qs, settings.KMB_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/task_list.html",
                  {"page_obj": page_obj, "mine": mine, "status": status,
                   "statuses": TaskStatus.choices, "querystring": _querystring(request)})


@staff_view(Perm.CLIENT_MERGE)
def client_merge(request: HttpRequest, client_id) -> HttpResponse:
    client = selectors.client_get_for_user(membership=request.membership, client_id=client_id)
    q = request.POST.get("q", "").strip()[:200] if request.POST.get("action") == "search" else ""
    candidates = selectors.client_duplicates(
        contact_point=client.contact_point, first_name=client.first_name,
        last_name=client.last_name, birth_date=client.birth_date, exclude_pk=client.pk)
    if q:
        candidates = list(selectors.client_search(contact_point=client.contact_point, q=q,
                                                  membership=request.membership, window=21)
                          .exclude(pk=client.pk)[:20])
        search_record(actor=request.user, contact_point=client.contact_point,
                      object_type="cases.client", results=len(candidates))
    form = MergeForm(request.POST if request.POST.get("action") == "merge" else None)
    if form.is_bound and form.is_valid():
        other = selectors.client_get_for_user(membership=request.membership,
                                              client_id=form.cleaned_data["other"],
                                              follow_merge=False)
        try:
            services.client_merge(source=other, target=client, actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The records have been merged."))
            return redirect("cases:client_detail", client_id=client.uuid)
    return render(request, "cases/client_merge.html",
                  {"client": client, "candidates": candidates, "form": form, "q": q})


@staff_view(Perm.CLIENT_AUDIT)
def client_audit(request: HttpRequest, client_id) -> HttpResponse:
    client = selectors.client_get_for_user(membership=request.membership, client_id=client_id)
    qs = audit_entries_for_client(contact_point=client.contact_point, client_uuid=client.uuid)
    page_obj = LookaheadPaginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "cases/client_audit.html",
                  {"client": client, "page_obj": page_obj, "querystring": ""})


@staff_view(Perm.CONSULTATION_RECORD)
def online_request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", OnlineRequestStatus.NEW)
    if status not in OnlineRequestStatus.values:
        status = OnlineRequestStatus.NEW
    qs = selectors.online_requests(contact_point=request.membership.contact_point,
                                   status=status)
    page_obj = LookaheadPaginator(qs, settings.KMB_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/online_request_list.html",
                  {"page_obj": page_obj, "status": status,
                   "statuses": OnlineRequestStatus.choices,
                   "querystring": _querystring(request)})


@staff_view(Perm.CONSULTATION_RECORD)
def online_request_detail(request: HttpRequest, request_id) -> HttpResponse:
    online_request = selectors.online_request_get_for_user(membership=request.membership,
                                                           request_id=request_id)
    if request.method == "POST":
        try:
            services.online_request_set_status(request=online_request, actor=request.user,
                                               status=request.POST.get("status", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The request has been updated."))
            return redirect("cases:online_request_list")
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=online_request,
                 contact_point=request.membership.contact_point)
    return render(request, "cases/online_request_detail.html",
                  {"online_request": online_request})
