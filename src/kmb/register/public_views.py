"""The application for entry in the register, filed by the person on the public portal.

No account and no JavaScript are needed; a hidden field and the portal's per-address
hourly limit keep robots out. The application goes to the contact point that serves the
municipality where the person lives, is filed on the day it arrives (the procedure starts
then, SŘ § 44 odst. 1), is confirmed by e-mail in the person's language and appears on
the office's register dashboard.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kmb.accounts.selectors import contact_point_for_municipality, contact_point_get_public
from kmb.cases.errors import DomainError
from kmb.core.i18n import current_language
from kmb.core.mail import mail_send_after_commit
from kmb.portal import throttle
from kmb.portal.selectors import code_param, municipality_by_code, place_search
from kmb.register import services
from kmb.register.forms import PortalApplicationForm
from kmb.register.params import register_parameters


def _office(request: HttpRequest):
    params = request.POST if request.method == "POST" else request.GET
    municipality = municipality_by_code(code_param(params.get("municipality")))
    district = code_param(params.get("district"))
    office = contact_point_get_public(uuid_text=params.get("contact_point"))
    if office is None and municipality is not None:
        office = contact_point_for_municipality(municipality=municipality,
                                                city_district_code=district or None)
    return office, municipality, district


def _conditions() -> dict:
    """The figures the page states, from the register's dated parameters of today."""
    params = register_parameters(timezone.localdate())
    return {"decision_days": params.decision_days,
            "extension_days": params.decision_extension_days,
            "remedy_days": params.remedy_days, "validity_months": params.entry_validity_months,
            "retention_years": params.retention_years,
            "tie_required": params.tie_and_declaration_required}


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    office, municipality, district = _office(request)
    if office is None or municipality is None:
        q = request.GET.get("q", "").strip()[:100]
        return render(request, "register/portal_choose.html",
                      {"q": q, "matches": place_search(q) if q else [],
                       "municipality": municipality, "office": office,
                       "conditions": _conditions()})
    form = PortalApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not throttle.request_allowed(request):
            form.is_valid()
            form.add_error(None, throttle.REFUSED)
            status = 429
        elif form.is_bot:
            throttle.request_counted(request)  # a robot: say thanks, keep nothing
            return redirect(_sent_url(office, mail=False))
        elif form.is_valid() and _file(form, office, municipality):
            throttle.request_counted(request)
            return redirect(_sent_url(office, mail=bool(form.cleaned_data["email"])))
        if form.errors and status == 200:
            status = 400
    return render(request, "register/portal_apply.html", {
        "form": form, "office": office, "municipality": municipality, "district": district,
        "conditions": _conditions()}, status=status)


def _file(form: PortalApplicationForm, office, municipality) -> bool:
    data = form.cleaned_data
    language = current_language()
    try:
        procedure = services.procedure_file_online(
            contact_point=office, applicant=form.applicant(municipality), path=data["path"],
            persons=data["persons"], situation=data["situation"], tie_kind=data["tie_kind"],
            tie_evidence=data["tie_evidence"].strip(), language=language)
        if data["email"]:
            _confirmation_mail(procedure=procedure, to=data["email"], language=language)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return False
    return True


def _confirmation_mail(*, procedure, to: str, language: str) -> None:
    """The confirmation, in the person's language: what was filed, when and what comes
    next; it does not repeat what they wrote about their situation."""
    office = procedure.contact_point
    with translation.override(language):
        context = {"procedure": procedure, "office": office, "conditions": _conditions(),
                   "site_url": settings.SITE_URL}
        subject = _("Your application for entry in the register – %(contact_point)s") % {
            "contact_point": office.name}
        body = render_to_string("register/email/portal_application.txt", context)
        html = render_to_string("register/email/portal_application.html", context)
    mail_send_after_commit(subject=subject, body=body, html=html, to=[to])


def _sent_url(office, *, mail: bool) -> str:
    query = {"contact_point": str(office.uuid)}
    if mail:
        query["mail"] = "1"
    return reverse("register:portal_apply_sent") + "?" + urlencode(query)


@require_GET
def apply_sent(request: HttpRequest) -> HttpResponse:
    office = contact_point_get_public(uuid_text=request.GET.get("contact_point"))
    return render(request, "register/portal_apply_sent.html", {
        "office": office, "mail": request.GET.get("mail") == "1",
        "today": timezone.localdate(), "conditions": _conditions()})
