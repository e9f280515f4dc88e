"""Headers on every answer: a Permissions-Policy everywhere, and no caching of anything
personal (staff pages, the API, the administration, files made for a person)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

#: Paths whose answers are for one signed-in person (staff pages, API, administration).
PRIVATE_PREFIXES = ("/staff/", "/accounts/", "/api/", "/admin/")
#: Files that carry a person's data wherever they come from (PDF letters, spreadsheets).
PRIVATE_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument",
    "application/vnd.ms-excel",
    "text/csv",
    "application/json",
)


def _private(request: HttpRequest, response: HttpResponse) -> bool:
    if request.path.startswith(settings.STATIC_URL):
        return False
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    if response.get("Content-Type", "").startswith(PRIVATE_TYPES):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.KMB_PERMISSIONS_POLICY)
        if _private(request, response) and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response
