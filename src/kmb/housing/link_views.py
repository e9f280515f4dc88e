"""The page an owner opens from the link to a proposal, without an account.

The token is the only key: looked up by its digest, bound to one proposal, expiring, and
rate-limited per IP address and per token. The owner sees the flat and an anonymised
profile of the household (no name, no contact) and can accept or decline with a reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases.errors import DomainError
from kmb.housing import services
from kmb.housing.forms import AnswerForm
from kmb.housing.models import ProposalStatus
from kmb.network import ratelimit
from kmb.network.tokens import token_digest

_STATUS = {"invalid": 404, "expired": 410, "rate": 429}


def _problem(request: HttpRequest, kind: str) -> HttpResponse:
    response = render(request, "housing/link/problem.html", {"kind": kind},
                      status=_STATUS[kind])
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def proposal_link(request: HttpRequest, token: str) -> HttpResponse:
    ip = ratelimit.client_ip(request)
    if ratelimit.over("bad_token", ip) or ratelimit.hit("ip", ip) or \
            ratelimit.hit("token", token_digest(token)[:32]):
        return _problem(request, "rate")
    try:
        proposal = services.proposal_link_resolve(token)
    except services.LinkError as exc:
        if exc.kind == "invalid":
            ratelimit.hit("bad_token", ip)
        return _problem(request, exc.kind)
    label = f"owner link ({proposal.flat.landlord.name})"[:200]
    response = respond(request, proposal, actor=None, actor_label=label, channel="owner_link")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def respond(request: HttpRequest, proposal, *, actor, actor_label: str, channel: str
            ) -> HttpResponse:
    """Show a proposal's anonymised profile to its owner and take the owner's answer."""
    can_answer = proposal.status in (ProposalStatus.PROPOSED, ProposalStatus.VIEWING)
    form = AnswerForm(request.POST or None, initial={"version": proposal.version})
    status = 200
    if request.method == "POST" and can_answer and form.is_valid():
        accepted = form.cleaned_data["answer"] == "accept"
        try:
            services.proposal_advance(
                proposal=proposal, actor=actor, actor_label=actor_label, channel=channel,
                status=ProposalStatus.OWNER_ACCEPTED if accepted
                else ProposalStatus.OWNER_DECLINED,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data.get("version"))
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 409
        else:
            messages.success(request, _("Thank you, your answer has been recorded. The "
                                        "contact point will get in touch with you."))
            return redirect(request.get_full_path())
    elif request.method == "POST":
        status = 400 if can_answer else 409
    if request.method == "GET":
        audit_record(actor=actor, actor_label=actor_label, action=AuditAction.VIEW,
                     obj=proposal, contact_point=proposal.contact_point,
                     client_id=proposal.client.uuid, channel=channel)
    return render(request, "housing/link/proposal.html", {
        "proposal": proposal, "flat": proposal.flat, "profile": proposal.profile,
        "form": form, "can_answer": can_answer}, status=status)
