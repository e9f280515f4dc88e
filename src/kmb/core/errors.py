"""Error pages that reveal nothing: no paths, no values, no stack."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def _page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": title}, status=status)
    try:
        html = render_to_string("error.html", {"title": title, "text": text, "status": status},
                                request=request)
    except Exception:  # an error page must never fail
        html = f"<!doctype html><title>{status}</title><h1>{status}</h1>"
    return HttpResponse(html, status=status)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 404, _("Page not found"),
                 _("The page does not exist or you do not have access to it."))


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 403, _("Access denied"), _("Your role does not allow this."))


def bad_input(request: HttpRequest, fields: list[str]) -> HttpResponse:
    """Input with characters that cannot be stored: 422 with the fields for the API, 400
    naming them for pages (the browser's Back keeps what was typed)."""
    message = _("The text contains characters that cannot be stored (for example a NUL "
                "character). Remove them and try again.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "invalid",
                             "errors": {field: [message] for field in fields}}, status=422)
    names = ", ".join(sorted(set(fields)))
    return _page(request, 400, _("The form could not be accepted"),
                 _("%(message)s Fields: %(fields)s.") % {"message": message, "fields": names})


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, 500, _("Something went wrong"),
                 _("The error has been logged. Please try again in a moment."))
