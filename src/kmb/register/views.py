"""Staff pages of the register: running procedures, a procedure, its steps and letters."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kmb.accounts.decorators import staff_view
from kmb.accounts.tenancy import membership_has
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases import selectors as case_selectors
from kmb.cases.errors import DomainError
from kmb.core.permissions import Perm
from kmb.register import forms, schedule, selectors, services, workflow
from kmb.register.params import register_parameters


def _days_left_class(days: int | None) -> str:
    if days is None:
        return "neutral"
    if days < 0:
        return "danger"
    if days <= 5:
        return "warning"
    return "success"


def _with_days(procedure, today):
    days = (procedure.next_due - today).days if procedure.next_due else None
    procedure.days_left = days
    procedure.days_overdue = -days if days is not None and days < 0 else 0
    procedure.days_class = _days_left_class(days)
    procedure.due_label = schedule.KIND_LABELS.get(procedure.next_due_kind, "")
    return procedure


@staff_view(Perm.REGISTER_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The office's running procedures, the overdue and nearest deadlines first."""
    membership = request.membership
    if not (membership_has(membership, Perm.REGISTER_MANAGE)
            or membership_has(membership, Perm.OFFICE_OVERVIEW)):
        raise Http404
    today = timezone.localdate()
    page = Paginator(selectors.procedures_running(contact_point=membership.contact_point),
                     50).get_page(request.GET.get("page"))
    rows = [_with_days(p, today) for p in page.object_list]
    return render(request, "register/dashboard.html",
                  {"page_obj": page, "rows": rows, "today": today})


@staff_view(Perm.REGISTER_PREPARE)
def procedure_file(request: HttpRequest, client_id) -> HttpResponse:
    client = case_selectors.client_get_for_user(membership=request.membership,
                                                client_id=client_id)
    form = forms.FileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            procedure = services.procedure_file(
                membership=request.membership, actor=request.user, client=client,
                path=data["path"], channel=data["channel"], filed_on=data["filed_on"],
                note=data["note"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The application has been recorded."))
            return redirect("register:procedure_detail", procedure_id=procedure.uuid)
    return render(request, "register/file_form.html", {"client": client, "form": form})


@staff_view(Perm.REGISTER_VIEW)
def procedure_detail(request: HttpRequest, procedure_id) -> HttpResponse:
    membership = request.membership
    procedure = selectors.procedure_get_for_user(membership=membership,
                                                 procedure_id=procedure_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=procedure,
                 contact_point=membership.contact_point, client_id=procedure.client.uuid)
    today = timezone.localdate()
    letters = selectors.procedure_letters(procedure=procedure)
    deadlines = []
    for deadline in schedule.running_deadlines(procedure, register_parameters(today),
                                               letters=letters):
        days = (deadline.due - today).days if deadline.due else None
        deadlines.append({"deadline": deadline, "days_left": days,
                          "days_class": _days_left_class(days)})
    allowed = [a for a in workflow.allowed_actions(state=procedure.state, path=procedure.path)
               if membership_has(membership, a.perm)]
    return render(request, "register/procedure_detail.html", {
        "procedure": procedure, "client": procedure.client, "deadlines": deadlines,
        "steps": selectors.procedure_steps(procedure=procedure), "letters": letters,
        "allowed": allowed,
        "can_manage": membership_has(membership, Perm.REGISTER_MANAGE),
        "delivery_form": forms.DeliveryForm(),
    })


@staff_view(Perm.REGISTER_MANAGE)
def procedure_step(request: HttpRequest, procedure_id, action: str) -> HttpResponse:
    membership = request.membership
    procedure = selectors.procedure_get_for_user(membership=membership,
                                                 procedure_id=procedure_id)
    found = workflow.action_get(action)
    if (found is None or not found.allowed_in(state=procedure.state, path=procedure.path)
            or not membership_has(membership, found.perm)):
        raise Http404
    form = forms.StepForm(request.POST or None, action=found,
                          initial={"version": procedure.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, on = data.pop("version"), data.pop("on")
        try:
            services.procedure_step(membership=membership, actor=request.user,
                                    procedure=procedure, action_code=found.code, on=on,
                                    version=version, data=data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The step has been recorded."))
            return redirect("register:procedure_detail", procedure_id=procedure.uuid)
    return render(request, "register/step_form.html",
                  {"procedure": procedure, "client": procedure.client, "action": found,
                   "form": form})


@staff_view(Perm.REGISTER_VIEW)
def letter_pdf(request: HttpRequest, letter_id) -> HttpResponse:
    letter = selectors.letter_get_for_user(membership=request.membership,
                                           letter_id=letter_id)
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=letter,
                 contact_point=request.membership.contact_point,
                 client_id=letter.procedure.client.uuid)
    response = HttpResponse(bytes(letter.content), content_type="application/pdf")
    safe = letter.reference.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{safe}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@staff_view(Perm.REGISTER_MANAGE)
def letter_delivery(request: HttpRequest, letter_id) -> HttpResponse:
    letter = selectors.letter_get_for_user(membership=request.membership,
                                           letter_id=letter_id)
    if request.method != "POST":
        return redirect("register:procedure_detail", procedure_id=letter.procedure.uuid)
    form = forms.DeliveryForm(request.POST)
    if form.is_valid():
        try:
            services.letter_record_delivery(
                membership=request.membership, actor=request.user, letter=letter,
                delivered_on=form.cleaned_data["delivered_on"],
                ready_on=form.cleaned_data["ready_on"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The delivery has been recorded."))
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect("register:procedure_detail", procedure_id=letter.procedure.uuid)


@staff_view(Perm.REGISTER_MANAGE)
def procedure_file_pdf(request: HttpRequest, procedure_id) -> HttpResponse:
    """The file (spis) of the procedure as one PDF with the letters attached."""
    from kmb.register.letters import file_export_pdf

    procedure = selectors.procedure_get_for_user(membership=request.membership,
                                                 procedure_id=procedure_id)
    letters = list(procedure.letters.select_related("signed_by").order_by("issued_on",
                                                                          "number"))
    pdf = file_export_pdf(procedure=procedure, letters=letters, actor=request.user,
                          steps=selectors.procedure_steps(procedure=procedure))
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=procedure,
                 contact_point=request.membership.contact_point,
                 client_id=procedure.client.uuid)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="spis.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _report_or_404(request: HttpRequest):
    from kmb.register import report as reports

    today = timezone.localdate()
    text = request.GET.get("period") or str(today.year)
    try:
        period = reports.period_parse(text)
    except reports.BadPeriod as exc:
        return None, text, str(exc)
    return reports.register_report(contact_point=request.membership.contact_point,
                                   period=period), text, ""


@staff_view(Perm.REGISTER_REPORT)
def report_page(request: HttpRequest) -> HttpResponse:
    from kmb.cases.models import EthosCategory
    from kmb.register.models import MeasureKind, ProcedurePath, RefusalReason

    data, text, error = _report_or_404(request)
    context = {"report": data, "period": text, "error": error}
    if data:
        context.update({
            "by_path": [(ProcedurePath(k).label, v)
                        for k, v in data["applications_by_path"].items()],
            "by_reason": [(RefusalReason(k).label, v)
                          for k, v in data["refused_by_reason"].items()],
            "by_ethos": [(EthosCategory(k).label, v)
                         for k, v in data["in_register"]["by_ethos"].items()],
            "by_household": [(_household_label(k), v)
                             for k, v in data["in_register"]["by_household_type"].items()],
            "measures": [(MeasureKind(k).label, v, data["measures"]["ended"][k])
                         for k, v in data["measures"]["started"].items()],
        })
    return render(request, "register/report.html", context, status=400 if error else 200)


def _household_label(key: str) -> str:
    return {"single": _("one person"), "with_children": _("household with children"),
            "adults_only": _("adults only")}.get(key, key)


@staff_view(Perm.REGISTER_REPORT)
def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    from kmb.audit.services import security_event_record
    from kmb.register import report as reports

    data, text, error = _report_or_404(request)
    if error:
        return render(request, "register/report.html",
                      {"report": None, "period": text, "error": error}, status=400)
    shared = reports.suppressed(data)
    if fmt == "csv":
        body, kind = reports.report_csv(shared), "text/csv; charset=utf-8"
    else:
        body = reports.report_xlsx(shared)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    security_event_record(kind="export", user=request.user,
                          detail=f"register report {data['period']['label']} {fmt}")
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = (
        f'attachment; filename="register-{data["period"]["label"]}.{fmt}"')
    return response


@staff_view(Perm.REGISTER_MANAGE)
def measure_create(request: HttpRequest, procedure_id) -> HttpResponse:
    from kmb.register import measures

    procedure = selectors.procedure_get_for_user(membership=request.membership,
                                                 procedure_id=procedure_id)
    form = forms.MeasureForm(request.POST or None,
                             contact_point=request.membership.contact_point,
                             client=procedure.client)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measure = measures.measure_start(
                membership=request.membership, actor=request.user, procedure=procedure,
                kind=data["kind"], provider=data["provider"], starts_on=data["starts_on"],
                flat=data["flat"], lease=data["lease"],
                first_entry_of_flat=data["first_entry_of_flat"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The support measure has been recorded."))
            return redirect("register:measure_detail", measure_id=measure.uuid)
    return render(request, "register/measure_form.html",
                  {"procedure": procedure, "client": procedure.client, "form": form})


@staff_view(Perm.REGISTER_VIEW)
def measure_detail(request: HttpRequest, measure_id) -> HttpResponse:
    from kmb.register import measures

    membership = request.membership
    measure = selectors.measure_get_for_user(membership=membership, measure_id=measure_id)
    can_manage = membership_has(membership, Perm.REGISTER_MANAGE)
    end_form = forms.MeasureEndForm(request.POST if "end" in request.POST else None)
    hours_form = forms.AssistanceForm(request.POST if "hours" in request.POST else None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        try:
            if "end" in request.POST and end_form.is_valid():
                measures.measure_end(membership=membership, actor=request.user,
                                     measure=measure, ends_on=end_form.cleaned_data["ends_on"],
                                     reason=end_form.cleaned_data["reason"])
                messages.success(request, _("The end of the measure has been recorded."))
                return redirect("register:measure_detail", measure_id=measure.uuid)
            if "hours" in request.POST and hours_form.is_valid():
                measures.assistance_record(membership=membership, actor=request.user,
                                           measure=measure, **hours_form.cleaned_data)
                messages.success(request, _("The assistance has been recorded."))
                return redirect("register:measure_detail", measure_id=measure.uuid)
        except DomainError as exc:
            (end_form if "end" in request.POST else hours_form).add_error(None, exc.message)
    else:
        audit_record(actor=request.user, action=AuditAction.VIEW, obj=measure,
                     contact_point=membership.contact_point,
                     client_id=measure.procedure.client.uuid)
    records = list(measure.assistance.select_related("recorded_by"))
    return render(request, "register/measure_detail.html", {
        "measure": measure, "client": measure.procedure.client, "can_manage": can_manage,
        "can_see_flat": membership_has(membership, Perm.HOUSING_VIEW),
        "end_form": end_form, "hours_form": hours_form, "records": records,
        "total_minutes": sum(r.minutes for r in records),
        "visits": sum(r.visit for r in records)})


@staff_view(Perm.REGISTER_MANAGE)
def contributions(request: HttpRequest, fmt: str = "") -> HttpResponse:
    from kmb.audit.services import security_event_record
    from kmb.register import measures
    from kmb.register.params import contribution_kinds

    cp = request.membership.contact_point
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
        if not 2026 <= year <= 2100:
            raise ValueError
    except ValueError:
        messages.error(request, _("Give a year from 2026 on."))
        return redirect("register:contributions")
    lines = measures.contribution_claims(contact_point=cp, year=year)
    total = measures.claims_total(lines)
    context = {"year": year, "lines": lines, "total": total,
               "unconfirmed": any(line.amount is None for line in lines),
               "kinds": contribution_kinds(date(year, 12, 31)),
               "office": cp}
    if not fmt:
        return render(request, "register/contributions.html", context)
    security_event_record(kind="export", user=request.user,
                          detail=f"register contributions {year} {fmt}")
    if fmt == "xlsx":
        body = measures.settlement_xlsx(contact_point=cp, year=year, lines=lines)
        response = HttpResponse(body, content_type="application/vnd.openxmlformats-"
                                "officedocument.spreadsheetml.sheet")
    elif fmt == "pdf":
        from django.template.loader import render_to_string
        from django.utils import translation

        from kmb.register.letters import office_settings, render_pdf

        with translation.override("cs"):
            html = render_to_string("register/contributions_pdf.html",
                                    {**context, "settings": office_settings(cp)})
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="prispevky-{year}.{fmt}"'
    return response


# --- the office's own wording of the letters -----------------------------------------------

@staff_view(Perm.REGISTER_LETTERS_EDIT)
def letter_texts(request: HttpRequest) -> HttpResponse:
    """Every letter with the wording in force: the office's own version or the default."""
    from kmb.register import letters
    from kmb.register.models import LetterKind

    own = letters.own_texts(contact_point=request.membership.contact_point)
    rows = []
    for kind, label in LetterKind.choices:
        parts = [(part, own.get((kind, part))) for part in letters.EDITABLE_PARTS]
        rows.append({"kind": kind, "label": label,
                     "own": [(p, row) for p, row in parts if row and row.text]})
    return render(request, "register/letter_texts.html", {"rows": rows})


@staff_view(Perm.REGISTER_LETTERS_EDIT)
def letter_text_edit(request: HttpRequest, kind: str) -> HttpResponse:
    from kmb.register import letters
    from kmb.register.models import LetterKind, LetterPart, LetterText

    if kind not in LetterKind.values:
        raise Http404
    office = request.membership.contact_point
    defaults = letters.default_texts()[kind]
    own = letters.own_texts(contact_point=office, kind=kind)
    initial = {part: (own[(kind, part)].text if (kind, part) in own
                      and own[(kind, part)].text else defaults.get(part, "").strip())
               for part in letters.EDITABLE_PARTS}
    form = forms.LetterTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = letters.letter_texts_save(membership=request.membership,
                                              actor=request.user, kind=kind,
                                              texts=form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The wording has been saved as a new version; "
                                        "letters already issued do not change.")
                             if saved else _("Nothing has changed."))
            return redirect("register:letter_text_edit", kind=kind)
    history = (LetterText.objects.filter(contact_point=office, kind=kind)
               .select_related("created_by").order_by("part", "-version")[:100])
    return render(request, "register/letter_text_edit.html", {
        "form": form, "kind": kind, "label": LetterKind(kind).label,
        "basis": defaults.get("basis", ""), "history": history,
        "part_labels": dict(LetterPart.choices),
        "placeholders": " ".join("{" + p + "}" for p in letters.PLACEHOLDERS)},
        status=400 if form.errors else 200)
