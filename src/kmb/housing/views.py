"""Staff pages of the housing supply. Views parse input, call one service or selector,
render. Every page works as a plain form post, without JavaScript."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kmb.accounts.decorators import staff_view
from kmb.accounts.tenancy import membership_has
from kmb.audit.models import AuditAction, SecurityEventKind
from kmb.audit.services import audit_record, security_event_record
from kmb.cases import selectors as case_selectors
from kmb.cases.errors import ConflictError, DomainError
from kmb.core.permissions import Perm
from kmb.housing import forms, matching, selectors, services
from kmb.housing.models import (
    OPEN_PROPOSAL,
    FlatStatus,
    HouseholdNeeds,
    ProposalStatus,
)

MATCH_LIMIT = 50


def _page(request: HttpRequest, qs):
    return Paginator(qs, settings.KMB_PAGE_SIZE).get_page(request.GET.get("page"))


def _querystring(request: HttpRequest) -> str:
    params = {k: v for k, v in request.GET.items() if k != "page"}
    return urlencode(params) + "&" if params else ""


def _can(request: HttpRequest, perm: str) -> bool:
    return membership_has(request.membership, perm)


def _version(form) -> int | None:
    value = form.cleaned_data.get("version")
    return int(value) if value is not None else None


# --------------------------------------------------------------------------------------
# Owners
# --------------------------------------------------------------------------------------

@staff_view(Perm.OWNER_MANAGE)
def owner_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    queue = request.GET.get("queue") == "1"
    page_obj = _page(request, selectors.landlords(
        contact_point=request.membership.contact_point, q=q, queue=queue))
    return render(request, "housing/owner_list.html", {
        "page_obj": page_obj, "q": q, "queue": queue, "querystring": _querystring(request)})


@staff_view(Perm.OWNER_MANAGE)
def owner_create(request: HttpRequest) -> HttpResponse:
    form = forms.LandlordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        landlord = services.landlord_create(contact_point=request.membership.contact_point,
                                            actor=request.user, data=form.service_data())
        messages.success(request, _("The owner has been saved."))
        return redirect("housing:owner_detail", landlord_id=landlord.uuid)
    return render(request, "housing/owner_form.html", {"form": form},
                  status=400 if form.errors else 200)


@staff_view(Perm.OWNER_MANAGE)
def owner_detail(request: HttpRequest, landlord_id) -> HttpResponse:
    landlord = selectors.landlord_get_for_user(membership=request.membership,
                                               landlord_id=landlord_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=landlord,
                 contact_point=landlord.contact_point)
    return render(request, "housing/owner_detail.html", {
        "landlord": landlord,
        "flats": landlord.flats.select_related("municipality").order_by("-updated_at")[:100],
        "timeline": selectors.owner_timeline(landlord=landlord),
    })


@staff_view(Perm.OWNER_MANAGE)
def owner_edit(request: HttpRequest, landlord_id) -> HttpResponse:
    landlord = selectors.landlord_get_for_user(membership=request.membership,
                                               landlord_id=landlord_id)
    form = forms.LandlordForm(request.POST or None, instance=landlord,
                              initial={"version": landlord.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        landlord.refresh_from_db()
        try:
            services.landlord_update(landlord=landlord, actor=request.user,
                                     data=form.service_data(), expected_version=_version(form))
        except ConflictError as exc:
            messages.error(request, exc.message)
            status = 409
        else:
            messages.success(request, _("The owner has been saved."))
            return redirect("housing:owner_detail", landlord_id=landlord.uuid)
    elif form.errors:
        status = 400
    return render(request, "housing/owner_form.html", {"form": form, "landlord": landlord},
                  status=status)


@staff_view(Perm.OWNER_MANAGE)
def owner_consultation_create(request: HttpRequest, landlord_id) -> HttpResponse:
    landlord = selectors.landlord_get_for_user(membership=request.membership,
                                               landlord_id=landlord_id)
    form = forms.OwnerConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.owner_consultation_record(
            landlord=landlord, actor=request.user, topics=list(form.cleaned_data["topics"]),
            notes=form.cleaned_data["notes"], occurred_at=form.cleaned_data["occurred_at"])
        messages.success(request, _("The consultation has been recorded."))
        return redirect("housing:owner_detail", landlord_id=landlord.uuid)
    return render(request, "housing/simple_form.html", {
        "form": form, "title": _("Consultation with %(owner)s") % {"owner": landlord.name},
        "back": landlord}, status=400 if form.errors else 200)


# --------------------------------------------------------------------------------------
# Flats
# --------------------------------------------------------------------------------------

@staff_view(Perm.HOUSING_VIEW)
def flat_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in FlatStatus.values:
        status = ""
    if not _can(request, Perm.FLAT_MANAGE):
        status = FlatStatus.OFFERED  # advisers see what is on offer
    q = request.GET.get("q", "")[:100]
    page_obj = _page(request, selectors.flats(contact_point=request.membership.contact_point,
                                              status=status, q=q))
    return render(request, "housing/flat_list.html", {
        "page_obj": page_obj, "status": status, "q": q, "statuses": FlatStatus.choices,
        "querystring": _querystring(request), "can_manage": _can(request, Perm.FLAT_MANAGE)})


@staff_view(Perm.FLAT_MANAGE)
def flat_create(request: HttpRequest, landlord_id) -> HttpResponse:
    landlord = selectors.landlord_get_for_user(membership=request.membership,
                                               landlord_id=landlord_id)
    form = forms.FlatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flat = services.flat_create(contact_point=request.membership.contact_point,
                                    landlord=landlord, actor=request.user,
                                    data=form.service_data())
        messages.success(request, _("The flat has been saved, in preparation."))
        return redirect("housing:flat_detail", flat_id=flat.uuid)
    return render(request, "housing/flat_form.html", {"form": form, "landlord": landlord},
                  status=400 if form.errors else 200)


def _flat_context(request: HttpRequest, flat) -> dict:
    limit = selectors.max_permitted_rent(flat=flat)
    return {
        "flat": flat,
        "photos": list(flat.photos.all()),
        "history": flat.status_changes.select_related("actor")[:30],
        "proposals": flat.proposals.select_related("client").order_by("-created_at")[:30]
        if _can(request, Perm.PROPOSAL_ALL) else [],
        "max_rent": limit[0] if limit else None,
        "max_rent_tbc": limit[1].to_be_confirmed if limit else False,
        "offer_problem": services.flat_offer_problem(flat=flat),
        "next_statuses": [(s, FlatStatus(s).label) for s in
                          sorted(services.ALLOWED_STATUS_CHANGES.get(flat.status, ()))],
        "can_manage": _can(request, Perm.FLAT_MANAGE),
        "photo_form": forms.PhotoForm(),
    }


@staff_view(Perm.HOUSING_VIEW)
def flat_detail(request: HttpRequest, flat_id) -> HttpResponse:
    flat = selectors.flat_get_for_user(membership=request.membership, flat_id=flat_id)
    if not _can(request, Perm.FLAT_MANAGE) and flat.status != FlatStatus.OFFERED:
        raise Http404
    return render(request, "housing/flat_detail.html", _flat_context(request, flat))


@staff_view(Perm.FLAT_MANAGE)
def flat_edit(request: HttpRequest, flat_id) -> HttpResponse:
    flat = selectors.flat_get_for_user(membership=request.membership, flat_id=flat_id)
    form = forms.FlatForm(request.POST or None, instance=flat,
                          initial={"version": flat.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        flat.refresh_from_db()
        try:
            services.flat_update(flat=flat, actor=request.user, data=form.service_data(),
                                 expected_version=_version(form))
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("The flat has been saved."))
            return redirect("housing:flat_detail", flat_id=flat.uuid)
    elif form.errors:
        status = 400
    return render(request, "housing/flat_form.html", {"form": form, "flat": flat,
                                                      "landlord": flat.landlord}, status=status)


@require_POST
@staff_view(Perm.FLAT_MANAGE)
def flat_status(request: HttpRequest, flat_id) -> HttpResponse:
    flat = selectors.flat_get_for_user(membership=request.membership, flat_id=flat_id)
    form = forms.FlatStatusForm(request.POST)
    if form.is_valid():
        try:
            services.flat_set_status(flat=flat, actor=request.user,
                                     status=form.cleaned_data["status"],
                                     note=form.cleaned_data["note"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The flat is now “%(status)s”.") % {
                "status": flat.get_status_display()})
    return redirect("housing:flat_detail", flat_id=flat.uuid)


@require_POST
@staff_view(Perm.FLAT_MANAGE)
def photo_upload(request: HttpRequest, flat_id) -> HttpResponse:
    flat = selectors.flat_get_for_user(membership=request.membership, flat_id=flat_id)
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(flat=flat, actor=request.user, upload=form.cleaned_data["image"],
                               caption=form.cleaned_data["caption"])
        except DomainError as exc:
            form.add_error("image", exc.message)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect("housing:flat_detail", flat_id=flat.uuid)
    context = _flat_context(request, flat)
    context["photo_form"] = form
    return render(request, "housing/flat_detail.html", context, status=400)


@staff_view(Perm.HOUSING_VIEW)
def photo_file(request: HttpRequest, photo_id) -> HttpResponse:
    """A photo, only to staff of the flat's contact point; never a public static file."""
    photo = selectors.photo_get_for_user(membership=request.membership, photo_id=photo_id)
    if not _can(request, Perm.FLAT_MANAGE) and photo.flat.status != FlatStatus.OFFERED:
        raise Http404
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@staff_view(Perm.FLAT_MANAGE)
def photo_remove(request: HttpRequest, photo_id) -> HttpResponse:
    photo = selectors.photo_get_for_user(membership=request.membership, photo_id=photo_id)
    flat_id = photo.flat.uuid
    services.photo_remove(photo=photo, actor=request.user)
    messages.success(request, _("The photo has been removed."))
    return redirect("housing:flat_detail", flat_id=flat_id)


_EXPORT_COLUMNS = (
    ("address", lambda f: f.address), ("status", lambda f: f.get_status_display()),
    ("measure", lambda f: f.get_measure_display()), ("layout", lambda f: f.layout),
    ("area_m2", lambda f: f.area_m2), ("rent", lambda f: f.rent),
    ("service_advances", lambda f: f.service_advances),
    ("energy_estimate", lambda f: f.energy_estimate), ("deposit", lambda f: f.deposit),
    ("floor", lambda f: f.floor), ("lift", lambda f: f.lift),
    ("barrier_free", lambda f: f.barrier_free), ("pets_allowed", lambda f: f.pets_allowed),
    ("available_from", lambda f: f.available_from), ("owner", lambda f: f.landlord.name),
)


class _Echo:
    def write(self, value):
        return value


@staff_view(Perm.FLAT_MANAGE)
def flat_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The office's flats as CSV (UTF-8 with BOM, for Excel) or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    qs = selectors.flats(contact_point=request.membership.contact_point).order_by("pk")
    security_event_record(kind=SecurityEventKind.EXPORT, user=request.user,
                          detail=f"housing flats {fmt}")
    header = [name for name, _get in _EXPORT_COLUMNS]
    filename = f"flats-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        writer = csv.writer(_Echo(), delimiter=";")

        def rows():
            yield "\ufeff" + writer.writerow(header)
            for flat in qs.iterator(500):
                yield writer.writerow(["" if (v := get(flat)) is None else v
                                       for _n, get in _EXPORT_COLUMNS])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("flats")
        sheet.append(header)
        for flat in qs.iterator(500):
            sheet.append([get(flat) for _n, get in _EXPORT_COLUMNS])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --------------------------------------------------------------------------------------
# Needs and matching
# --------------------------------------------------------------------------------------

@staff_view(Perm.NEEDS_EDIT)
def needs_edit(request: HttpRequest, client_id) -> HttpResponse:
    client = case_selectors.client_get_for_user(membership=request.membership,
                                                client_id=client_id)
    needs = selectors.needs_for_client(client=client) or HouseholdNeeds(
        contact_point=client.contact_point, client=client)
    form = forms.NeedsForm(request.POST or None, instance=needs)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_save(client=client, actor=request.user, data=form.service_data(),
                                expected_version=_version(form) if needs.pk else None)
        except ConflictError as exc:
            messages.error(request, exc.message)
            status = 409
        else:
            messages.success(request, _("The household's needs have been saved."))
            return redirect("housing:client_match", client_id=client.uuid)
    elif form.errors:
        status = 400
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=client,
                 contact_point=client.contact_point, client_id=client.uuid)
    return render(request, "housing/needs_form.html", {
        "form": form, "client": client, "needs": needs if needs.pk else None,
        "from_case": services.household_from_case(client=client)}, status=status)


def _explained(matches, limit: int = MATCH_LIMIT) -> list[dict]:
    return [{"match": m, "explanation": m.explanation()} for m in matches[:limit]]


@staff_view(Perm.PROPOSAL_MANAGE)
def client_match(request: HttpRequest, client_id) -> HttpResponse:
    """The flats on offer, ranked for one household."""
    client = case_selectors.client_get_for_user(membership=request.membership,
                                                client_id=client_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=client,
                 contact_point=client.contact_point, client_id=client.uuid)
    needs = selectors.needs_for_client(client=client)
    rules = matching.rules_on()
    results = []
    flats_by_id = {}
    if needs is not None and needs.active:
        matches = selectors.match_flats_for_needs(needs=needs, rules=rules,
                                                  only_eligible=request.GET.get("all") != "1")
        results = _explained(matches)
        from kmb.housing.models import Flat

        flats_by_id = Flat.objects.select_related("municipality").in_bulk(
            [r["match"].flat_id for r in results])
    for row in results:
        row["flat"] = flats_by_id.get(row["match"].flat_id)
    return render(request, "housing/client_match.html", {
        "client": client, "needs": needs, "rules": rules, "results": results,
        "show_all": request.GET.get("all") == "1",
        "proposals": selectors.proposals_for_client(client=client)[:20]})


@staff_view(Perm.PROPOSAL_MANAGE)
def flat_match(request: HttpRequest, flat_id) -> HttpResponse:
    """The households looking for a flat, ranked for one flat."""
    flat = selectors.flat_get_for_user(membership=request.membership, flat_id=flat_id)
    if not _can(request, Perm.FLAT_MANAGE) and flat.status != FlatStatus.OFFERED:
        raise Http404
    rules = matching.rules_on()
    matches = selectors.match_households_for_flat(flat=flat, rules=rules,
                                                  only_eligible=request.GET.get("all") != "1")
    if not selectors.sees_all_proposals(request.membership):
        own = selectors.client_ids_of_key_worker(
            contact_point=request.membership.contact_point, user=request.user)
        matches = [m for m in matches if m.client_id in own]
    results = _explained(matches)
    clients = selectors.clients_by_ids(
        contact_point=request.membership.contact_point,
        ids=[r["match"].client_id for r in results]) if results else {}
    for row in results:
        row["client"] = clients.get(row["match"].client_id)
    return render(request, "housing/flat_match.html", {
        "flat": flat, "rules": rules, "results": results,
        "show_all": request.GET.get("all") == "1",
        "offer_problem": services.flat_offer_problem(flat=flat)})


@staff_view(Perm.HOUSING_VIEW)
def rules_page(request: HttpRequest) -> HttpResponse:
    current = matching.rules_on()
    return render(request, "housing/rules.html", {
        "current": current, "rule_sets": list(reversed(matching.rule_sets())),
        "messages_table": [(code, _(text)) for code, text in matching.MESSAGES.items()]})


# --------------------------------------------------------------------------------------
# Proposals
# --------------------------------------------------------------------------------------

@require_POST
@staff_view(Perm.PROPOSAL_MANAGE)
def proposal_create(request: HttpRequest, flat_id, client_id) -> HttpResponse:
    flat = selectors.flat_get_for_user(membership=request.membership, flat_id=flat_id)
    client = case_selectors.client_get_for_user(membership=request.membership,
                                                client_id=client_id)
    try:
        proposal = services.proposal_create(flat=flat, client=client, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("housing:client_match", client_id=client.uuid)
    messages.success(request, _("The flat has been proposed and is reserved for the "
                                "household."))
    return redirect("housing:proposal_detail", proposal_id=proposal.uuid)


@staff_view(Perm.PROPOSAL_MANAGE)
def proposal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ProposalStatus.values:
        status = ""
    page_obj = _page(request, selectors.proposals(membership=request.membership,
                                                  status=status))
    return render(request, "housing/proposal_list.html", {
        "page_obj": page_obj, "status": status, "statuses": ProposalStatus.choices,
        "querystring": _querystring(request)})


def _proposal_context(request: HttpRequest, proposal, **extra) -> dict:
    proposed_on = timezone.localtime(proposal.created_at).date()
    return {
        "proposal": proposal,
        "explanation": matching.explanation_from_json(proposal.explanation),
        "events": proposal.events.all(),
        "rules": matching.rules_version(proposal.rule_version),
        "is_open": proposal.status in OPEN_PROPOSAL,
        "can_lease": _can(request, Perm.LEASE_MANAGE),
        "viewing_form": forms.ViewingForm(initial={"version": proposal.version}),
        "owner_form": forms.AnswerForm(prefix="owner", initial={"version": proposal.version}),
        "client_form": forms.AnswerForm(prefix="client",
                                        initial={"version": proposal.version}),
        "lease_form": forms.LeaseForm(proposed_on=proposed_on, initial={
            "rent": proposal.flat.rent, "deposit": proposal.flat.deposit,
            "signed_on": timezone.localdate(), "starts_on": timezone.localdate()}),
        "lease": getattr(proposal, "lease", None) if proposal.status ==
        ProposalStatus.LEASED else None,
        **extra,
    }


@staff_view(Perm.PROPOSAL_MANAGE)
def proposal_detail(request: HttpRequest, proposal_id) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(membership=request.membership,
                                               proposal_id=proposal_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=proposal,
                 contact_point=proposal.contact_point, client_id=proposal.client.uuid)
    return render(request, "housing/proposal_detail.html", _proposal_context(request, proposal))


@require_POST
@staff_view(Perm.PROPOSAL_MANAGE)
def proposal_step(request: HttpRequest, proposal_id, step: str) -> HttpResponse:
    """One step of a proposal: owner link, viewing, the owner's or the client's answer,
    withdrawal."""
    proposal = selectors.proposal_get_for_user(membership=request.membership,
                                               proposal_id=proposal_id)
    if step == "link":
        try:
            raw = services.proposal_link_issue(proposal=proposal, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("housing:proposal_detail", proposal_id=proposal.uuid)
        link = request.build_absolute_uri(f"/housing-link/{raw}/")
        return render(request, "housing/proposal_detail.html",
                      _proposal_context(request, proposal, owner_link=link))
    form = None
    kwargs: dict = {}
    if step == "viewing":
        form = forms.ViewingForm(request.POST)
        if form.is_valid():
            kwargs = {"status": ProposalStatus.VIEWING,
                      "viewing_at": form.cleaned_data["viewing_at"]}
    elif step in ("owner", "client"):
        form = forms.AnswerForm(request.POST, prefix=step)
        if form.is_valid():
            accepted = form.cleaned_data["answer"] == "accept"
            status = {("owner", True): ProposalStatus.OWNER_ACCEPTED,
                      ("owner", False): ProposalStatus.OWNER_DECLINED,
                      ("client", True): ProposalStatus.CLIENT_ACCEPTED,
                      ("client", False): ProposalStatus.CLIENT_DECLINED}[(step, accepted)]
            kwargs = {"status": status, "reason": form.cleaned_data["reason"]}
    elif step == "withdraw":
        kwargs = {"status": ProposalStatus.WITHDRAWN,
                  "reason": request.POST.get("reason", "")[:300]}
    else:
        raise Http404
    if form is not None and not form.is_valid():
        context = _proposal_context(request, proposal)
        context[{"viewing": "viewing_form", "owner": "owner_form",
                 "client": "client_form"}[step]] = form
        return render(request, "housing/proposal_detail.html", context, status=400)
    version = form.cleaned_data.get("version") if form is not None else None
    try:
        services.proposal_advance(proposal=proposal, actor=request.user,
                                  expected_version=version, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The proposal is now “%(status)s”.") % {
            "status": proposal.get_status_display()})
    return redirect("housing:proposal_detail", proposal_id=proposal.uuid)


@require_POST
@staff_view(Perm.LEASE_MANAGE)
def lease_create(request: HttpRequest, proposal_id) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(membership=request.membership,
                                               proposal_id=proposal_id)
    form = forms.LeaseForm(request.POST,
                           proposed_on=timezone.localtime(proposal.created_at).date())
    if form.is_valid():
        try:
            services.lease_sign(proposal=proposal, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The lease is recorded, the flat is let and the "
                                        "follow-ups are planned."))
            return redirect("housing:proposal_detail", proposal_id=proposal.uuid)
    return render(request, "housing/proposal_detail.html",
                  _proposal_context(request, proposal, lease_form=form), status=400)


# --------------------------------------------------------------------------------------
# Follow-ups
# --------------------------------------------------------------------------------------

@staff_view(Perm.LEASE_MANAGE)
def followup_list(request: HttpRequest) -> HttpResponse:
    page_obj = _page(request, selectors.leases(contact_point=request.membership.contact_point))
    return render(request, "housing/followup_list.html", {
        "due": selectors.followups_due(contact_point=request.membership.contact_point)[:100],
        "page_obj": page_obj, "querystring": _querystring(request),
        "figures": selectors.housing_figures(contact_point=request.membership.contact_point)})


@staff_view(Perm.LEASE_MANAGE)
def followup_record(request: HttpRequest, followup_id) -> HttpResponse:
    followup = selectors.followup_get_for_user(membership=request.membership,
                                               followup_id=followup_id)
    form = forms.FollowUpForm(request.POST or None, initial={
        "outcome": followup.outcome, "note": followup.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_record(followup=followup, actor=request.user,
                                     outcome=form.cleaned_data["outcome"],
                                     note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The follow-up has been recorded."))
            return redirect("housing:followup_list")
    return render(request, "housing/followup_form.html", {"form": form, "followup": followup},
                  status=400 if form.errors else 200)
