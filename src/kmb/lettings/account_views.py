"""The portal side of applying for a municipal flat: the application form (no login, no
JavaScript), the e-mail verification link, the one-time sign-in link and the applicant's
own account (application, score, position, contact details, reported changes).

Links open a page with a button: the token is spent only by the POST, so an e-mail
scanner following the link does not use it up. Nothing here shows another applicant's
data; an applicant is identified only by the session the sign-in link set.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kmb.cases.errors import DomainError
from kmb.core.i18n import current_language
from kmb.core.mail import mail_send_after_commit
from kmb.lettings import forms, letters, scoring, selectors, services
from kmb.lettings.applicant import (
    applicant_from_request,
    applicant_sign_in,
    applicant_sign_out,
)
from kmb.lettings.models import (
    ApplicationSource,
    ChangeStatus,
    DocumentKind,
    LinkPurpose,
    Offer,
)
from kmb.portal import throttle
from kmb.portal.forms import HONEYPOT


def _mail(*, to: str, language: str, subject: str, template: str, context: dict) -> None:
    with translation.override(language):
        body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
        mail_send_after_commit(subject=str(subject), body=body, to=[to])


def _link_mail(application, purpose: str) -> None:
    raw = services.link_issue(application=application, purpose=purpose)
    name = "lettings:verify" if purpose == LinkPurpose.VERIFY else "lettings:sign_in_link"
    url = settings.SITE_URL + reverse(name, kwargs={"token": raw})
    language = application.language
    with translation.override(language):
        subject = (_("Confirm your e-mail address – application for a municipal flat")
                   if purpose == LinkPurpose.VERIFY
                   else _("Your link to the application for a municipal flat"))
    _mail(to=application.email, language=language, subject=subject,
          template="lettings/email/link.txt",
          context={"application": application, "url": url, "purpose": purpose,
                   "hours": settings.KMB_LETTINGS_LINK_HOURS,
                   "office": application.contact_point})


def offer_public_url(offer: Offer) -> str:
    """The portal page of an offer."""
    return reverse("portal:lettings_offer", kwargs={"offer_id": offer.uuid})


# --------------------------------------------------------------------------------------
# Applying
# --------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    programmes = selectors.public_programmes().filter(accepts_portal_applications=True)
    initial = {}
    wanted = request.GET.get("programme", "")
    if wanted:
        found = programmes.filter(uuid=selectors._uuid(wanted)).first()
        if found is None:
            raise Http404
        initial["programme"] = found.pk
    form = forms.ApplicationForm(request.POST or None, programmes=programmes, initial=initial)
    formset = forms.member_formset(request.POST or None)
    documents = forms.PortalDocumentsForm(request.POST or None, request.FILES or None)
    consent_error = ""
    status = 200
    if request.method == "POST":
        if not throttle.request_allowed(request):
            form.is_valid()
            form.add_error(None, throttle.REFUSED)
            status = 429
        elif request.POST.get(HONEYPOT, "").strip():
            throttle.request_counted(request)
            return redirect("lettings:apply_sent")
        else:
            valid = form.is_valid() & formset.is_valid() & documents.is_valid()
            if not request.POST.get("consent"):
                consent_error = _("Confirm that the data are true and that you agree with "
                                  "their processing.")
                valid = False
            if valid and not form.cleaned_data.get("email"):
                form.add_error("email", _("Enter your e-mail: the confirmation and the "
                                          "sign-in links are sent there."))
                valid = False
            if valid:
                try:
                    app = _submit(form, formset, documents)
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    throttle.request_counted(request)
                    request.session["lettings_applied"] = str(app.uuid)
                    return redirect("lettings:apply_sent")
            status = 400
    return render(request, "lettings/portal/apply.html", {
        "form": form, "formset": formset, "documents": documents,
        "consent_error": consent_error, "programmes": programmes}, status=status)


def _submit(form, formset, documents):
    language = current_language()
    data = form.service_data()
    data["language"] = language
    members = [form.applicant_member(), *forms.formset_members(formset)]
    with transaction.atomic():
        app = services.application_create(programme=form.cleaned_data["programme"],
                                           data=data, members=members, actor=None,
                                           source=ApplicationSource.PORTAL)
        for kind, upload in documents.uploads():
            try:
                services.document_add(application=app, kind=kind, actor=None, upload=upload)
            except DomainError as exc:
                raise DomainError(f"{DocumentKind(kind).label}: {exc.message}") from None
        _link_mail(app, LinkPurpose.VERIFY)
    return app


def apply_sent(request: HttpRequest) -> HttpResponse:
    from kmb.lettings.models import Application

    app = None
    raw = request.session.get("lettings_applied")
    if raw:
        app = Application.objects.filter(uuid=raw).select_related("contact_point").first()
    missing = ([DocumentKind(k).label for k in services.missing_documents(app)]
               if app is not None else [])
    return render(request, "lettings/portal/apply_sent.html",
                  {"application": app, "missing": missing})


# --------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    if not services.link_known(raw=token, purpose=LinkPurpose.VERIFY):
        raise Http404
    if request.method == "GET":
        return render(request, "lettings/portal/link_confirm.html",
                      {"purpose": LinkPurpose.VERIFY})
    try:
        app = services.link_use(raw=token, purpose=LinkPurpose.VERIFY)
    except services.LinkError as exc:
        return render(request, "lettings/portal/link_problem.html", {"problem": exc.message},
                      status=410)
    return render(request, "lettings/portal/verified.html", {
        "application": app,
        "missing": [DocumentKind(k).label for k in services.missing_documents(app)]})


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = forms.SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.request_allowed(request):
            form.add_error(None, throttle.REFUSED)
            return render(request, "lettings/portal/sign_in.html", {"form": form}, status=429)
        throttle.request_counted(request)
        with transaction.atomic():
            for app in services.applications_for_sign_in(form.cleaned_data["email"]):
                _link_mail(app, LinkPurpose.SIGN_IN)
        return render(request, "lettings/portal/sign_in.html", {"form": None, "sent": True})
    return render(request, "lettings/portal/sign_in.html", {"form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    if not services.link_known(raw=token, purpose=LinkPurpose.SIGN_IN):
        raise Http404
    if request.method == "GET":
        return render(request, "lettings/portal/link_confirm.html",
                      {"purpose": LinkPurpose.SIGN_IN})
    try:
        app = services.link_use(raw=token, purpose=LinkPurpose.SIGN_IN)
    except services.LinkError as exc:
        return render(request, "lettings/portal/link_problem.html", {"problem": exc.message},
                      status=410)
    applicant_sign_in(request, app)
    return redirect("lettings:account")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    applicant_sign_out(request)
    messages.success(request, _("You have signed out."))
    return redirect("lettings:sign_in")


# --------------------------------------------------------------------------------------
# The account
# --------------------------------------------------------------------------------------

def _applicant_or_sign_in(request: HttpRequest):
    app = applicant_from_request(request)
    if app is None:
        messages.info(request, _("Sign in with the link we send to your e-mail."))
    return app


@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    app = _applicant_or_sign_in(request)
    if app is None:
        return redirect("lettings:sign_in")
    if request.method == "POST" and request.POST.get("withdraw"):
        offer = Offer.objects.filter(uuid=selectors._uuid(request.POST["withdraw"])).first()
        if offer is not None:
            try:
                services.interest_withdraw(application=app, offer=offer)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Your interest has been withdrawn."))
        return redirect("lettings:account")
    members = list(app.members.all())
    interests = list(selectors.applicant_interests(application=app))
    for interest in interests:
        interest.url = offer_public_url(interest.offer)
    response = render(request, "lettings/portal/account.html", {
        "application": app, "members": members, "rows": letters.breakdown_rows(app),
        "excluded": [str(scoring.EXCLUSIONS.get(e, e)) for e in app.score_excluded],
        "position": selectors.waiting_position(application=app),
        "plain": selectors.rules_plain(programme=app.programme),
        "interests": interests,
        "max_interests": settings.KMB_LETTINGS_MAX_INTERESTS,
        "missing_docs": [DocumentKind(k).label for k in services.missing_documents(app)],
        "changes": app.change_reports.order_by("-created_at")[:10],
        "contact_form": forms.ContactForm(initial={"phone": app.phone, "street": app.street,
                                                   "language": app.language}),
        "pending": ChangeStatus.PENDING,
    })
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def account_contact(request: HttpRequest) -> HttpResponse:
    app = _applicant_or_sign_in(request)
    if app is None:
        return redirect("lettings:sign_in")
    form = forms.ContactForm(request.POST)
    if form.is_valid():
        services.applicant_contact_update(application=app,
                                          phone=form.cleaned_data["phone"] or "",
                                          street=form.cleaned_data["street"],
                                          language=form.cleaned_data["language"])
        messages.success(request, _("Your contact details have been saved."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("lettings:account")


@require_http_methods(["GET", "POST"])
def account_change(request: HttpRequest) -> HttpResponse:
    app = _applicant_or_sign_in(request)
    if app is None:
        return redirect("lettings:sign_in")
    members = list(app.members.all())
    form = forms.ChangeForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_report_create(application=app, kind=form.cleaned_data["kind"],
                                          data=form.report_data(),
                                          note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you. The office will confirm the change and "
                                        "your score will be computed again."))
            return redirect("lettings:account")
    response = render(request, "lettings/portal/change.html", {"form": form,
                                                               "application": app},
                      status=400 if form.errors else 200)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def account_renew(request: HttpRequest) -> HttpResponse:
    app = _applicant_or_sign_in(request)
    if app is None:
        return redirect("lettings:sign_in")
    try:
        services.application_renew(application=app, actor=None)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your registration has been renewed."))
    return redirect("lettings:account")
