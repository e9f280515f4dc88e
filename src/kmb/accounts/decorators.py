"""One decorator for every staff view: login, current contact point and permission."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from kmb.accounts.tenancy import current_membership, membership_has


def staff_view(perm: str) -> Callable:
    """Require a logged-in user whose current membership grants ``perm``.

    The membership is passed to the view as ``request.membership``. A missing permission
    answers 404 like a missing object, so that nothing tells what exists.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            membership = current_membership(request)
            if not membership_has(membership, perm):
                raise Http404
            request.membership = membership
            return view(request, *args, **kwargs)

        wrapper.kmb_perm = perm  # type: ignore[attr-defined]
        return wrapper

    return decorator
