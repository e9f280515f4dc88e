"""A per-address limit on sending requests from the public portal (no third-party captcha).

The counter lives in Django's cache for one window. The address is kept only as a keyed
hash inside the cache key: it is not logged and not stored with the request.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def _key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return "portal:requests:" + digest.hexdigest()[:32]


def limit() -> int:
    return int(getattr(settings, "KMB_PORTAL_REQUESTS_PER_HOUR", 5))


def request_allowed(request: HttpRequest) -> bool:
    """Whether this address may send one more request in the current window."""
    return int(cache.get(_key(request), 0)) < limit()


def request_counted(request: HttpRequest) -> None:
    key = _key(request)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, WINDOW_SECONDS)
