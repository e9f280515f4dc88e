"""A per-address limit on sending requests from the public portal (no third-party captcha).

The counter is kept in the database (:mod:`kmb.core.ratelimit`), so that every server
process counts against the same limit. The address is kept only as a keyed hash: it is
not logged and not stored with the request.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kmb.core import ratelimit

WINDOW_SECONDS = 3600
KIND = "portal_request"
#: what a form says when the limit is reached
REFUSED = _("Too many requests came from this connection. Please try again in an hour, or "
            "call the contact point.")


def limit() -> int:
    return int(getattr(settings, "KMB_PORTAL_REQUESTS_PER_HOUR", 5))


def request_allowed(request: HttpRequest) -> bool:
    """Whether this address may send one more request in the current window."""
    used = ratelimit.count(KIND, ratelimit.client_ip(request), window=WINDOW_SECONDS)
    return used < limit()


def request_counted(request: HttpRequest) -> None:
    ratelimit.hit(KIND, ratelimit.client_ip(request), window=WINDOW_SECONDS)
