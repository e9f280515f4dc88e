"""Staff pages of the municipal flats. Views parse input, call one service or selector,
render. Every page works as a plain form post, without JavaScript."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kmb.accounts.decorators import staff_view
from kmb.accounts.tenancy import membership_has
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases import selectors as case_selectors
from kmb.cases.errors import ConflictError, DomainError
from kmb.core.permissions import Perm
from kmb.housing import selectors as housing_selectors
from kmb.lettings import forms, letters, scoring, selectors, services
from kmb.lettings.models import (
    STATUS_FLOW,
    ApplicationDocument,
    ApplicationStatus,
    ChangeReport,
    ChangeStatus,
    DocumentKind,
    Letter,
    LetterKind,
    OfferStatus,
    ProgrammeFlat,
    ScoringRun,
)


def _page(request: HttpRequest, qs):
    return Paginator(qs, settings.KMB_PAGE_SIZE).get_page(request.GET.get("page"))


def _can(request: HttpRequest, perm: str) -> bool:
    return membership_has(request.membership, perm)


def _cp(request: HttpRequest):
    return request.membership.contact_point


def _restricted(request: HttpRequest) -> bool:
    """Roles without the confidential part of cases see sensitive housing situations only
    as their ETHOS category (the score itself is computed from the real one)."""
    return not case_selectors.case_confidential_allowed(request.membership)


def _restrict(request: HttpRequest, apps):
    if _restricted(request):
        for app in apps:
            case_selectors._restrict_situation(app)
    return apps


def _app(request: HttpRequest, application_id):
    return selectors.application_get(contact_point=_cp(request),
                                     application_id=application_id)


# --------------------------------------------------------------------------------------
# Dashboard: counts, urgent applicants without contact, open work
# --------------------------------------------------------------------------------------

@staff_view(Perm.LETTINGS_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    from kmb.lettings import stats

    cp = _cp(request)
    services.offers_close_due()
    return render(request, "lettings/dashboard.html", {
        "urgent": _restrict(request, list(
            selectors.dashboard_urgent_no_contact(contact_point=cp))),
        "counts": stats.office_counts(contact_point=cp),
        "pending_changes": ChangeReport.objects.filter(
            application__contact_point=cp, status=ChangeStatus.PENDING)
        .select_related("application").order_by("created_at")[:20],
        "new_applications": selectors.application_list(
            contact_point=cp, status=ApplicationStatus.SUBMITTED)[:20],
        "offers": selectors.offers_of(contact_point=cp).filter(
            status__in=(OfferStatus.OPEN, OfferStatus.ALLOCATING))[:20],
    })


# --------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------

@staff_view(Perm.LETTINGS_VIEW)
def application_list(request: HttpRequest) -> HttpResponse:
    cp = _cp(request)
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    q = request.GET.get("q", "").strip()[:100]
    programme = None
    if request.GET.get("programme"):
        programme = selectors.programme_get(contact_point=cp,
                                            programme_id=request.GET["programme"])
    page_obj = _page(request, selectors.application_list(contact_point=cp, status=status,
                                                         programme=programme, q=q))
    params = {k: v for k, v in request.GET.items() if k != "page"}
    from urllib.parse import urlencode

    return render(request, "lettings/application_list.html", {
        "page_obj": page_obj, "status": status, "q": q, "statuses": ApplicationStatus.choices,
        "programmes": selectors.programmes_of(contact_point=cp), "programme": programme,
        "querystring": urlencode(params) + "&" if params else ""})


def _application_form(request: HttpRequest, *, application=None):
    cp = _cp(request)
    programmes = forms.programme_queryset(cp) if application is None else None
    initial, member_initial = {}, []
    if application is not None:
        initial = {k: getattr(application, k) for k in (
            "first_name", "last_name", "birth_date", "email", "phone", "street",
            "housing_cost", "permanent_residence", "residence_years", "work_years",
            "key_profession", "barrier_free_needed", "min_rooms", "needs_note", "owns_home",
            "debt_to_municipality", "language")}
        initial["housing_situation"] = application.housing_situation_id
        for m in application.members.all():
            if m.relationship == "applicant":
                initial["income"] = m.income
                initial["disability"] = m.disability
            else:
                member_initial.append({"first_name": m.first_name, "last_name": m.last_name,
                                       "birth_date": m.birth_date,
                                       "relationship": m.relationship, "income": m.income,
                                       "disability": m.disability})
    elif request.GET.get("programme"):
        found = programmes.filter(uuid=request.GET["programme"]).first() \
            if _is_uuid(request.GET["programme"]) else None
        if found:
            initial["programme"] = found.pk
    form = forms.ApplicationForm(request.POST or None, programmes=programmes,
                                 language_field=True, initial=initial)
    formset = forms.member_formset(request.POST or None, initial=member_initial)
    return form, formset


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@staff_view(Perm.LETTINGS_APPLICATIONS)
def application_create(request: HttpRequest) -> HttpResponse:
    form, formset = _application_form(request)
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            members = [form.applicant_member(), *forms.formset_members(formset)]
            try:
                app = services.application_create(
                    programme=form.cleaned_data["programme"], data=form.service_data(),
                    members=members, actor=request.user)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The application has been saved."))
                return redirect("lettings:application_detail", application_id=app.uuid)
        status = 400
    return render(request, "lettings/application_form.html",
                  {"form": form, "formset": formset}, status=status)


@staff_view(Perm.LETTINGS_APPLICATIONS)
def application_edit(request: HttpRequest, application_id) -> HttpResponse:
    app = _app(request, application_id)
    if app.status in (ApplicationStatus.REMOVED, ApplicationStatus.HOUSED):
        raise Http404
    if _restricted(request) and app.housing_situation.sensitive:
        # the form would show the confidential situation; an adviser or a lead edits it
        messages.error(request, _("The housing situation of this application is "
                                  "confidential: an adviser or a lead changes it."))
        return redirect("lettings:application_detail", application_id=app.uuid)
    form, formset = _application_form(request, application=app)
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            members = [form.applicant_member(), *forms.formset_members(formset)]
            try:
                services.application_update(
                    application=app, actor=request.user, data=form.service_data(),
                    members=members, expected_version=int(request.POST.get("version", 0)))
            except (DomainError, ConflictError) as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The application has been saved."))
                return redirect("lettings:application_detail", application_id=app.uuid)
        status = 400
    return render(request, "lettings/application_form.html",
                  {"form": form, "formset": formset, "application": app}, status=status)


@staff_view(Perm.LETTINGS_VIEW)
def application_detail(request: HttpRequest, application_id) -> HttpResponse:
    app = _app(request, application_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=app,
                 contact_point=app.contact_point,
                 client_id=app.client.uuid if app.client_id else None)
    members = list(app.members.all())
    documents = list(app.documents.all())
    checklist = services.document_checklist(app)
    present = {d.kind for d in documents}
    rows = letters.breakdown_rows(app, restricted=_restricted(request))
    eligibility = services.eligibility_problems(app)
    _restrict(request, [app])
    next_statuses = [(s, ApplicationStatus(s).label) for s in STATUS_FLOW[app.status]]
    return render(request, "lettings/application_detail.html", {
        "application": app, "members": members, "documents": documents,
        "checklist": [(k, DocumentKind(k).label, k in present) for k in checklist],
        "rows": rows,
        "excluded": [str(scoring.EXCLUSIONS.get(e, e)) for e in app.score_excluded],
        "position": selectors.waiting_position(application=app),
        "eligibility": eligibility,
        "history": app.scores.select_related("actor").order_by("-at", "-pk")[:30],
        "status_changes": app.status_changes.select_related("actor").order_by("-at", "-pk"),
        "changes": app.change_reports.order_by("-created_at")[:20],
        "letters": app.letters.order_by("-created_at"),
        "allocations": app.allocations.select_related("offer__flat__municipality"),
        "next_statuses": next_statuses, "status_form": forms.StatusForm(
            statuses=[s for s in next_statuses
                      if s[0] not in (ApplicationStatus.REGISTERED,
                                      ApplicationStatus.INCOMPLETE)]),
        "incomplete_form": forms.IncompleteForm(initial={
            "missing": services.missing_documents(app)}),
        "upload_form": forms.DocumentUploadForm(),
        "letter_kinds": LetterKind.choices,
        "can_edit": _can(request, Perm.LETTINGS_APPLICATIONS),
        "duplicates": case_selectors.client_search(contact_point=app.contact_point,
                                                   q=app.last_name, window=5)[:5]
        if app.client_id is None and _can(request, Perm.CLIENT_VIEW) else [],
    })


@staff_view(Perm.LETTINGS_APPLICATIONS)
@require_POST
def application_status(request: HttpRequest, application_id) -> HttpResponse:
    app = _app(request, application_id)
    action = request.POST.get("action", "")
    try:
        if action == "register":
            services.application_register(application=app, actor=request.user)
            messages.success(request, _("The application is registered."))
        elif action == "incomplete":
            form = forms.IncompleteForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("Check the deadline."))
            services.application_request_completion(
                application=app, actor=request.user, missing=form.cleaned_data["missing"],
                note=form.cleaned_data["note"], complete_by=form.cleaned_data["complete_by"])
            messages.success(request, _("The application is marked incomplete."))
        elif action == "renew":
            services.application_renew(application=app, actor=request.user)
            messages.success(request, _("The registration has been renewed."))
        elif action == "rescore":
            services.application_score(application=app, actor=request.user,
                                       reason=_("computed again by staff"))
            messages.success(request, _("The score has been computed again."))
        elif action == "contact":
            services.contact_recorded(application=app)
            audit_record(actor=request.user, action=AuditAction.UPDATE, obj=app,
                         contact_point=app.contact_point, changes=["last_contact_at"])
            messages.success(request, _("The contact has been recorded."))
        else:
            form = forms.StatusForm(request.POST, statuses=ApplicationStatus.choices)
            if not form.is_valid():
                raise DomainError(_("Choose the new status."))
            services.application_set_status(application=app, actor=request.user,
                                            status=form.cleaned_data["status"],
                                            reason=form.cleaned_data["reason"])
            messages.success(request, _("The status has been changed."))
    except (DomainError, ConflictError) as exc:
        messages.error(request, exc.message)
    return redirect("lettings:application_detail", application_id=app.uuid)


@staff_view(Perm.LETTINGS_APPLICATIONS)
@require_POST
def document_upload(request: HttpRequest, application_id) -> HttpResponse:
    app = _app(request, application_id)
    if request.POST.get("remove"):
        doc = app.documents.filter(uuid=request.POST["remove"]).first() \
            if _is_uuid(request.POST["remove"]) else None
        if doc is None:
            raise Http404
        services.document_remove(document=doc, actor=request.user)
        messages.success(request, _("The document has been removed."))
        return redirect("lettings:application_detail", application_id=app.uuid)
    form = forms.DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(application=app, kind=form.cleaned_data["kind"],
                                  actor=request.user, upload=form.cleaned_data["image"],
                                  seen_at_office=form.cleaned_data["seen_at_office"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The document has been added."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("lettings:application_detail", application_id=app.uuid)


@staff_view(Perm.LETTINGS_VIEW)
def document_file(request: HttpRequest, document_id) -> HttpResponse:
    try:
        doc = ApplicationDocument.objects.select_related("application").get(
            uuid=selectors._uuid(document_id), application__contact_point=_cp(request))
    except ApplicationDocument.DoesNotExist:
        raise Http404 from None
    if not doc.image:
        raise Http404
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=doc,
                 contact_point=doc.application.contact_point)
    response = FileResponse(doc.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view(Perm.LETTINGS_APPLICATIONS)
def application_client(request: HttpRequest, application_id) -> HttpResponse:
    app = _app(request, application_id)
    if request.method == "POST":
        client = None
        if request.POST.get("client"):
            client = case_selectors.client_get_for_user(membership=request.membership,
                                                        client_id=request.POST["client"])
        try:
            with transaction.atomic():
                services.application_link_client(application=app, actor=request.user,
                                                 client=client)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The application is linked to the client."))
    return redirect("lettings:application_detail", application_id=app.uuid)


@staff_view(Perm.LETTINGS_VIEW)
def score_pdf(request: HttpRequest, application_id) -> HttpResponse:
    app = _app(request, application_id)
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=app,
                 contact_point=app.contact_point, changes=["score"])
    response = HttpResponse(letters.score_pdf(app, restricted=_restricted(request)),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="score-{app.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view(Perm.LETTINGS_APPLICATIONS)
@require_POST
def letter_create(request: HttpRequest, application_id, kind) -> HttpResponse:
    app = _app(request, application_id)
    try:
        letters.letter_create(application=app, kind=kind, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The letter has been created."))
    return redirect("lettings:application_detail", application_id=app.uuid)


@staff_view(Perm.LETTINGS_VIEW)
def letter_file(request: HttpRequest, letter_id) -> HttpResponse:
    try:
        letter = Letter.objects.select_related("application").get(
            uuid=selectors._uuid(letter_id), application__contact_point=_cp(request))
    except Letter.DoesNotExist:
        raise Http404 from None
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=letter,
                 contact_point=letter.application.contact_point)
    response = FileResponse(letter.pdf.open("rb"), content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view(Perm.LETTINGS_APPLICATIONS)
@require_POST
def change_decide(request: HttpRequest, report_id) -> HttpResponse:
    try:
        report = ChangeReport.objects.select_related("application").get(
            uuid=selectors._uuid(report_id), application__contact_point=_cp(request))
    except ChangeReport.DoesNotExist:
        raise Http404 from None
    try:
        services.change_report_decide(report=report, actor=request.user,
                                      confirm=request.POST.get("decision") == "confirm",
                                      note=request.POST.get("note", "")[:300])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The change has been decided."))
    return redirect("lettings:application_detail", application_id=report.application.uuid)


# --------------------------------------------------------------------------------------
# Programmes, rules, waiting lists, scoring runs
# --------------------------------------------------------------------------------------

@staff_view(Perm.LETTINGS_VIEW)
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.with_waiting(selectors.programmes_of(contact_point=_cp(request)))
    return render(request, "lettings/programme_list.html", {"programmes": programmes})


@staff_view(Perm.LETTINGS_VIEW)
def programme_detail(request: HttpRequest, programme_id) -> HttpResponse:
    programme = selectors.programme_get(contact_point=_cp(request), programme_id=programme_id)
    return render(request, "lettings/programme_detail.html", {
        "programme": programme, "plain": selectors.rules_plain(programme=programme),
        "history": selectors.rule_history(programme=programme),
        "runs": ScoringRun.objects.filter(programme=programme)[:5],
        "fit_rules": programme.fit_rules.all(),
        "wait": selectors.typical_wait_months(programme=programme),
        "flats": ProgrammeFlat.objects.filter(programme=programme)
        .select_related("flat__municipality")[:100],
        "can_rules": _can(request, Perm.LETTINGS_RULES)})


@staff_view(Perm.LETTINGS_VIEW)
def waiting_list(request: HttpRequest, programme_id) -> HttpResponse:
    programme = selectors.programme_get(contact_point=_cp(request), programme_id=programme_id)
    rooms = request.GET.get("rooms", "")
    rooms_value = int(rooms) if rooms.isdigit() and 0 < int(rooms) < 10 else None
    barrier = request.GET.get("barrier_free", "")
    barrier_value = {"1": True, "0": False}.get(barrier)
    page_obj = _page(request, selectors.waiting_list(programme=programme, rooms=rooms_value,
                                                     barrier_free=barrier_value))
    offset = (page_obj.number - 1) * page_obj.paginator.per_page
    _restrict(request, page_obj.object_list)
    from urllib.parse import urlencode

    params = {k: v for k, v in request.GET.items() if k != "page"}
    return render(request, "lettings/waiting_list.html", {
        "programme": programme, "page_obj": page_obj, "offset": offset,
        "rooms": rooms_value or "", "barrier_free": barrier,
        "querystring": urlencode(params) + "&" if params else ""})


@staff_view(Perm.LETTINGS_RULES)
def rules_edit(request: HttpRequest, programme_id) -> HttpResponse:
    programme = selectors.programme_get(contact_point=_cp(request), programme_id=programme_id)
    current = selectors.rules_in_force(programme=programme)
    initial = {"valid_from": timezone.localdate(),
               "criteria": json.dumps(current.criteria if current else [], indent=2,
                                      ensure_ascii=False),
               "exclusions": current.exclusions if current else []}
    form = forms.RulesForm(request.POST or None, initial=initial)
    preview = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            preview = scoring.rules_plain(form.cleaned_data["criteria"],
                                          form.cleaned_data["exclusions"])
            if request.POST.get("publish"):
                try:
                    rules = services.rules_publish(
                        programme=programme, actor=request.user,
                        criteria=form.cleaned_data["criteria"],
                        exclusions=form.cleaned_data["exclusions"],
                        valid_from=form.cleaned_data["valid_from"],
                        note=form.cleaned_data["note"])
                except DomainError as exc:
                    form.add_error(None, exc.message)
                    status = 400
                else:
                    messages.success(request, _("Rules version %(v)s are published.")
                                     % {"v": rules.version})
                    run = rules.runs.first()
                    if run is not None:
                        return redirect("lettings:run_detail", run_id=run.uuid)
                    return redirect("lettings:programme_detail", programme_id=programme.uuid)
        else:
            status = 400
    return render(request, "lettings/rules_form.html", {
        "programme": programme, "form": form, "preview": preview, "current": current,
        "factors": [(k, str(v[0])) for k, v in scoring.FACTORS.items()]}, status=status)


@staff_view(Perm.LETTINGS_VIEW)
def run_detail(request: HttpRequest, run_id) -> HttpResponse:
    try:
        run = ScoringRun.objects.select_related("programme", "rule_set").get(
            uuid=selectors._uuid(run_id), contact_point=_cp(request))
    except ScoringRun.DoesNotExist:
        raise Http404 from None
    running = run.status in (ScoringRun.Status.QUEUED, ScoringRun.Status.RUNNING)
    response = render(request, "lettings/run_detail.html", {"run": run, "running": running})
    if running:
        response["Refresh"] = "2"
    return response


# --------------------------------------------------------------------------------------
# Offers and allocation
# --------------------------------------------------------------------------------------

@staff_view(Perm.LETTINGS_VIEW)
def offer_list(request: HttpRequest) -> HttpResponse:
    cp = _cp(request)
    services.offers_close_due()
    status = request.GET.get("status", "")
    if status not in OfferStatus.values:
        status = ""
    municipal = (ProgrammeFlat.objects.filter(programme__contact_point=cp)
                 .exclude(flat__municipal_offers__status__in=(
                     OfferStatus.DRAFT, OfferStatus.OPEN, OfferStatus.ALLOCATING))
                 .select_related("flat__municipality", "programme")[:50])
    return render(request, "lettings/offer_list.html", {
        "page_obj": _page(request, selectors.offers_of(contact_point=cp, status=status)),
        "status": status, "statuses": OfferStatus.choices, "flats": municipal,
        "can_allocate": _can(request, Perm.LETTINGS_ALLOCATE), "querystring": ""})


@staff_view(Perm.LETTINGS_ALLOCATE)
@require_POST
def offer_create(request: HttpRequest, flat_id) -> HttpResponse:
    flat = housing_selectors.flat_get_for_user(membership=request.membership, flat_id=flat_id)
    try:
        offer = services.offer_create(flat=flat, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("lettings:offer_list")
    messages.success(request, _("The offer is prepared; publish it when ready."))
    return redirect("lettings:offer_detail", offer_id=offer.uuid)


@staff_view(Perm.LETTINGS_VIEW)
def offer_detail(request: HttpRequest, offer_id) -> HttpResponse:
    offer = selectors.offer_get(contact_point=_cp(request), offer_id=offer_id)
    if offer.window_open is False and offer.status == OfferStatus.OPEN:
        services.offers_close_due()
        offer.refresh_from_db()
    ranked = selectors.interested_ranked(offer=offer) \
        if offer.status != OfferStatus.DRAFT else []
    situations = scoring.situation_labels(restricted=_restricted(request))
    for app in ranked:
        app.rows = letters.breakdown_rows(app, situations=situations)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=offer,
                 contact_point=offer.contact_point)
    return render(request, "lettings/offer_detail.html", {
        "offer": offer, "ranked": ranked, "current": selectors.open_allocation(offer=offer),
        "result": selectors.offer_result_public(offer),
        "can_allocate": _can(request, Perm.LETTINGS_ALLOCATE),
        "proposal": offer.allocations.filter(proposal__isnull=False)
        .select_related("proposal").first()})


@staff_view(Perm.LETTINGS_ALLOCATE)
@require_POST
def offer_step(request: HttpRequest, offer_id, step) -> HttpResponse:
    offer = selectors.offer_get(contact_point=_cp(request), offer_id=offer_id)
    reason = request.POST.get("reason", "")[:300]
    try:
        if step == "publish":
            services.offer_publish(offer=offer, actor=request.user)
            messages.success(request, _("The offer is published on the portal."))
        elif step == "offer-next":
            allocation = services.allocation_offer_next(offer=offer, actor=request.user)
            messages.success(request, _("The flat is offered to %(name)s.")
                             % {"name": allocation.application.full_name})
        elif step in ("accept", "refuse"):
            current = selectors.open_allocation(offer=offer)
            if current is None:
                raise DomainError(_("The flat is not offered to anyone now."))
            services.allocation_decide(allocation=current, actor=request.user,
                                       accepted=step == "accept", reason=reason)
            messages.success(request, _("The answer has been recorded."))
        elif step == "cancel":
            services.offer_cancel(offer=offer, actor=request.user, reason=reason)
            messages.success(request, _("The offer has been cancelled."))
        else:
            raise Http404
    except (DomainError, ConflictError) as exc:
        messages.error(request, exc.message)
    return redirect("lettings:offer_detail", offer_id=offer.uuid)
