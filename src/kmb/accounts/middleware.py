"""Send staff whose role requires two-factor login to set it up or to verify first."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

from kmb.accounts.services import two_factor_required_for

_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/api/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not user.is_verified()
            and _required(request, user)
        ):
            return redirect(reverse("accounts:security") + "?required=1")
        return self.get_response(request)


def _required(request, user) -> bool:
    """Whether the user's roles require 2FA; computed once per session."""
    key = "kmb_2fa_required"
    if key not in request.session:
        request.session[key] = two_factor_required_for(user)
    return bool(request.session[key])
