"""Staff pages for GDPR rights. Personal pages and files are never cached."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kmb.accounts.decorators import staff_view
from kmb.accounts.tenancy import membership_has
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases import selectors as case_selectors
from kmb.cases.errors import DomainError
from kmb.core.permissions import Perm
from kmb.privacy import processing as art30
from kmb.privacy import selectors, services
from kmb.privacy.forms import ErasureForm, PostponeForm


def _client(request: HttpRequest, client_id):
    return case_selectors.client_get_for_user(membership=request.membership,
                                              client_id=client_id)


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _sensitive(request: HttpRequest) -> bool:
    """Advice and notes only for roles that may read consultations."""
    return membership_has(request.membership, Perm.CONSULTATION_RECORD)


@never_cache
@staff_view(Perm.CLIENT_EXPORT)
def client_privacy(request: HttpRequest, client_id) -> HttpResponse:
    client = _client(request, client_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=client,
                 contact_point=request.membership.contact_point, client_id=client.uuid)
    return render(request, "privacy/client.html", {
        "client": client,
        "language": selectors.export_language(client=client),
        "languages": selectors.EXPORT_LANGUAGES,
        "anonymisation": selectors.anonymisation_of(client=client),
        "can_erase": membership_has(request.membership, Perm.CLIENT_ERASE),
        "preview": services.erasure_preview(client=client),
    })


def _export(request: HttpRequest, client_id, fmt: str):
    client = _client(request, client_id)
    language = selectors.export_language(client=client, asked=request.GET.get("lang", ""))
    data, sections = selectors.subject_access_export(
        client=client, membership=request.membership, sensitive=_sensitive(request),
        language=language)
    services.client_export_record(client=client, actor=request.user,
                                  contact_point=request.membership.contact_point, fmt=fmt)
    return client, language, data, sections


@never_cache
@staff_view(Perm.CLIENT_EXPORT)
def export_json(request: HttpRequest, client_id) -> HttpResponse:
    client, _language, data, _sections = _export(request, client_id, "json")
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kmb-export-{client.uuid}.json"'
    return response


@never_cache
@staff_view(Perm.CLIENT_EXPORT)
def export_pdf(request: HttpRequest, client_id) -> HttpResponse:
    client, language, data, sections = _export(request, client_id, "pdf")
    with translation.override(language):
        html = render_to_string("privacy/export_pdf.html", {
            "client": client, "sections": sections, "meta": data["export"],
            "contact_point": request.membership.contact_point, "LANGUAGE_CODE": language,
        })
        pdf = _pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kmb-export-{client.uuid}.pdf"'
    return response


@never_cache
@staff_view(Perm.CLIENT_ERASE)
def erase(request: HttpRequest, client_id) -> HttpResponse:
    client = _client(request, client_id)
    preview = services.erasure_preview(client=client)
    form = ErasureForm(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid() and not preview.refusals:
        if not form.cleaned_data.get("confirm"):
            confirming = True  # the second step: show what happens, ask to confirm
        else:
            try:
                services.client_anonymise(
                    client=client, actor=request.user, ground=form.cleaned_data["ground"],
                    reason=form.cleaned_data["reason"],
                    requested_on=form.cleaned_data.get("requested_on"))
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The client's personal data have been erased."))
                return redirect("privacy:client", client_id=client.uuid)
    return render(request, "privacy/erase.html", {
        "client": client, "form": form, "preview": preview, "confirming": confirming})


@never_cache
@staff_view(Perm.RETENTION_REVIEW)
def retention_list(request: HttpRequest) -> HttpResponse:
    contact_point = request.membership.contact_point
    page_obj = Paginator(selectors.retention_list(contact_point=contact_point),
                         settings.KMB_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/retention.html", {
        "page_obj": page_obj, "querystring": "", "form": PostponeForm(),
        "review_days": services.retention_value(services.REVIEW_DAYS),
        "years": services.retention_value(services.CLIENT_INACTIVE_YEARS),
        "done": selectors.anonymisations(contact_point=contact_point)[:10],
    })


@never_cache
@staff_view(Perm.RETENTION_REVIEW)
@require_POST
def retention_decide(request: HttpRequest, client_id) -> HttpResponse:
    review = selectors.retention_review_for_client(membership=request.membership,
                                                   client_id=client_id)
    try:
        if request.POST.get("action") == "approve":
            services.retention_approve(review=review, actor=request.user)
            messages.success(request, _("The anonymisation has been approved."))
        else:
            form = PostponeForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("Give a future date and the reason for postponing."))
            services.retention_postpone(review=review, actor=request.user,
                                        until=form.cleaned_data["until"],
                                        reason=form.cleaned_data["reason"])
            messages.success(request, _("The anonymisation has been postponed."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("privacy:retention")


@staff_view(Perm.PROCESSING_RECORD_VIEW)
def processing(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/processing.html", {"record": art30.processing_record()})


@staff_view(Perm.PROCESSING_RECORD_VIEW)
def processing_markdown(request: HttpRequest) -> HttpResponse:
    text = render_to_string("privacy/processing.md", {"record": art30.processing_record()})
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="zaznam-o-cinnostech-zpracovani.md"'
    return response


@staff_view(Perm.PROCESSING_RECORD_VIEW)
def processing_pdf(request: HttpRequest) -> HttpResponse:
    html = render_to_string("privacy/processing_pdf.html",
                            {"record": art30.processing_record()}, request=request)
    response = HttpResponse(_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="zaznam-o-cinnostech-zpracovani.pdf"'
    return response
