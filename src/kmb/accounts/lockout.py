"""What a locked-out login attempt gets: JSON from the API, the page elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def locked_out_message() -> str:
    return _("Too many failed login attempts. Try again later or ask your administrator.")


def lockout_response(request: HttpRequest, original_response=None, credentials=None
                     ) -> HttpResponse:
    """Used as ``AXES_LOCKOUT_CALLABLE`` (status 429 as axes answers)."""
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": locked_out_message(), "code": "locked_out"},
                                status=429)
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/locked_out.html", status=429)
