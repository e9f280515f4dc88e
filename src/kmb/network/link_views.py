"""The page a partner opens from the referral e-mail, without an account.

The token in the address is the only key: it is looked up by its digest, is bound to one
referral and one purpose, and expires. Requests are rate-limited per IP address and per
token. A tampered, unknown or expired link, or a stale form sent again, gets a page that
says so and changes nothing. The page shows only the client data the consent covers, and
once the referral is closed (an outcome, declined, withdrawn, expired) only its status.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases.errors import ConflictError, DomainError
from kmb.network import ratelimit, selectors, services
from kmb.network.forms import PartnerAnswerForm
from kmb.network.models import OPEN_STATUSES, OUTCOME_STATUSES, Referral, ReferralStatus
from kmb.network.tokens import token_digest

_PROBLEMS = {
    "invalid": (404, "network/link/problem.html"),
    "expired": (410, "network/link/problem.html"),
    "rate": (429, "network/link/problem.html"),
}


def _problem(request: HttpRequest, kind: str) -> HttpResponse:
    status, template = _PROBLEMS[kind]
    response = render(request, template, {"kind": kind}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    if kind == "rate":
        response["Retry-After"] = "600"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def referral_link(request: HttpRequest, token: str) -> HttpResponse:
    ip = ratelimit.client_ip(request)
    if ratelimit.over("bad_token", ip) or ratelimit.hit("ip", ip) or \
            ratelimit.hit("token", token_digest(token)[:32]):
        return _problem(request, "rate")
    try:
        link = services.referral_link_resolve(token)
    except services.LinkError as exc:
        if exc.kind == "invalid":
            ratelimit.hit("bad_token", ip)
        return _problem(request, exc.kind)
    referral = link.referral
    if not request.COOKIES.get("django_language"):
        translation.activate(referral.recipient_language)
        request.LANGUAGE_CODE = referral.recipient_language
    link.last_used_at = timezone.now()
    link.save(update_fields=["last_used_at"])
    if not referral.is_open:
        return _closed(request, referral)
    label = _link_label(referral)
    response = answer(request, referral, actor=None, actor_label=label,
                      channel="partner_link", template="network/link/respond.html")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _closed(request: HttpRequest, referral: Referral) -> HttpResponse:
    """A closed referral's link shows its status and nothing about the client: no name,
    no need, no notes, no contact. An answer sent to it changes nothing."""
    response = render(request, "network/link/closed.html", {"referral": referral},
                      status=409 if request.method == "POST" else 200)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_label(referral: Referral) -> str:
    return f"partner link ({referral.recipient_email})"


def answer(request: HttpRequest, referral: Referral, *, actor, actor_label: str,
           channel: str, template: str) -> HttpResponse:
    """Show a referral to its partner and take the partner's answer."""
    form = PartnerAnswerForm(request.POST or None, initial={"version": referral.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_respond(referral=referral, actor=actor, actor_label=actor_label,
                                      **form.answer())
        except ConflictError as exc:
            referral.refresh_from_db()
            messages.warning(request, exc.message)
            status = 409
            form = PartnerAnswerForm(initial={"version": referral.version})
        except DomainError as exc:
            referral.refresh_from_db()
            messages.error(request, exc.message)
            status = 409
            form = PartnerAnswerForm(initial={"version": referral.version})
        else:
            messages.success(request, _("Thank you, your answer has been recorded."))
            return redirect(request.get_full_path())
    elif request.method == "POST":
        status = 422
    if request.method == "GET":
        audit_record(actor=actor, actor_label=actor_label, action=AuditAction.VIEW,
                     obj=referral, contact_point=referral.contact_point,
                     client_id=referral.client.uuid, channel=channel)
    return render(request, template, {
        "referral": referral, "form": form, "shared": selectors.referral_shared_data(
            referral=referral),
        "is_open": referral.status in OPEN_STATUSES,
        "can_accept": referral.status == ReferralStatus.PENDING,
        "outcomes": [(s, label) for s, label in ReferralStatus.choices
                     if s in OUTCOME_STATUSES],
    }, status=status)
