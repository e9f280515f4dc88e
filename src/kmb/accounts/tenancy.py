"""The current contact point of a request: the one choke point for tenancy."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.urls import reverse

from kmb.accounts.models import Membership
from kmb.core.permissions import Perm, Role, role_has

SESSION_KEY = "kmb_membership"


def memberships_for_user(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user, active=True, contact_point__isnull=False,
                                  contact_point__active=True)
        .select_related("contact_point")
        .order_by("contact_point__name", "role")
    )


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership the user works under now (chosen in the session, else the first)."""
    if hasattr(request, "_kmb_membership"):
        return request._kmb_membership
    memberships = memberships_for_user(request.user)
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    membership = next((m for m in memberships if m.pk == chosen), None)
    if membership is None and memberships:
        membership = memberships[0]
    request._kmb_membership = membership
    request._kmb_memberships = memberships
    return membership


def membership_has(membership: Membership | None, perm: str) -> bool:
    return membership is not None and role_has(membership.role, perm)


def require_membership(request: HttpRequest, perm: str) -> Membership:
    """The current membership if it grants ``perm``; 404 otherwise (we never say what exists)."""
    membership = current_membership(request)
    if not membership_has(membership, perm):
        raise Http404
    return membership


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or Membership.objects.filter(
        user=user, role=Role.ADMINISTRATOR, active=True
    ).exists()


def home_url_for(user, membership: Membership | None = None) -> str:
    """Where a user starts, and where the KMB logo leads: the page their role is for.

    Staff pages work under the current membership, so its role decides (the first
    membership when none is given); then a partner account, an owner's account, the
    administration, and
    finally the account page, which every signed-in user may open.
    """
    if membership is None:
        membership = next(iter(memberships_for_user(user)), None)
    for perm, url_name in ((Perm.CLIENT_VIEW, "cases:dashboard"),
                           (Perm.STATS_VIEW, "stats:overview")):
        if membership_has(membership, perm):
            return reverse(url_name)
    if hasattr(user, "partner_memberships") and user.partner_memberships.filter(
            active=True).exists():
        return reverse("network:partner_referrals")
    if hasattr(user, "owner_accounts") and user.owner_accounts.filter(active=True).exists():
        return reverse("housing:owner_proposals")
    if getattr(user, "is_staff", False):
        return reverse("admin:index")
    return reverse("accounts:security")
