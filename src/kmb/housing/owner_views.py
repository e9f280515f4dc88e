"""Pages for an owner with an account: the proposals for their own flats, each with the
anonymised profile of the household, and their answer. The same page as the owner's link,
reached by logging in instead of by a token."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kmb.core.permissions import OWNER_ROLE, Perm, role_has
from kmb.housing import selectors
from kmb.housing.link_views import respond


def owner_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page for an owner: their owner records are ``request.landlords``; anybody else
    gets 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        landlords = selectors.landlords_of_owner_account(user=request.user)
        if not landlords or not role_has(OWNER_ROLE, Perm.OWNER_PROPOSALS):
            raise Http404
        request.landlords = landlords
        return view(request, *args, **kwargs)

    return wrapper


@owner_view
def owner_proposals(request: HttpRequest) -> HttpResponse:
    qs = selectors.proposals_for_owner(landlords=request.landlords)
    page_obj = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "housing/owner/proposals.html", {"page_obj": page_obj})


@owner_view
def owner_proposal(request: HttpRequest, proposal_id) -> HttpResponse:
    proposal = selectors.proposal_for_owner_get(landlords=request.landlords,
                                                proposal_id=proposal_id)
    return respond(request, proposal, actor=request.user,
                   actor_label=f"owner account ({request.user.username})",
                   channel="owner_account")
