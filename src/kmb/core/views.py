from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache

from kmb.core.models import Municipality
from kmb.core.text import fold


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@cache
def _favicon() -> bytes:
    return (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()


@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and bookmarks ask for whatever the page links."""
    return HttpResponse(_favicon(), content_type="image/vnd.microsoft.icon")


@login_required
def municipality_options(request: HttpRequest) -> HttpResponse:
    """<option>s for the municipality field's datalist (used by htmx while typing)."""
    term = fold(request.GET.get("municipality", "") or request.GET.get("q", ""))[:100]
    found = []
    if len(term) >= 2:
        found = list(Municipality.objects.filter(name_search__startswith=term)
                     .select_related("district").order_by("name")[:20])
    return render(request, "core/municipality_options.html", {"municipalities": found})
