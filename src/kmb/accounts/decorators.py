"""One decorator for every staff view: login, current contact point and permission."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from kmb.accounts.tenancy import current_membership, membership_has


def staff_view(perm: str) -> Callable:
    """Require a logged-in user whose current membership grants ``perm``.

    The membership is passed to the view as ``request.membership``.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            membership = current_membership(request)
            if not membership_has(membership, perm):
                raise PermissionDenied
            request.membership = membership
            return view(request, *args, **kwargs)

        wrapper.kmb_perm = perm  # type: ignore[attr-defined]
        return wrapper

    return decorator
