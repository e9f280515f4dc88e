from __future__ import annotations

from django.http import HttpRequest

from kmb.accounts.tenancy import current_membership, home_url_for
from kmb.core.permissions import ROLE_PERMISSIONS


def staff_context(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = current_membership(request)
    return {
        "current_membership": membership,
        "current_contact_point": membership.contact_point if membership else None,
        "memberships": getattr(request, "_kmb_memberships", []),
        "perms_kmb": ROLE_PERMISSIONS.get(membership.role, frozenset()) if membership else
        frozenset(),
        # the KMB logo leads each role to its own starting page
        "staff_home_url": home_url_for(user, membership),
    }
