"""A small rate limiter on Django's cache: counters per key in fixed time windows.

Used for the partner links, which anyone with the address can open: per IP address
and per token, so that neither guessing tokens nor hammering one link goes far.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

#: (requests, seconds) allowed per client IP address and per token; refused tokens
#: (tampered or unknown) count separately and much more strictly.
DEFAULT_LIMITS = {"ip": (60, 600), "token": (30, 600), "bad_token": (10, 600)}


def _limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "KMB_LINK_RATE_LIMITS", {})}


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(kind: str, key: str) -> bool:
    """Count one request of ``kind`` for ``key``; True if it is over the limit."""
    limit, window = _limits()[kind]
    cache_key = f"kmb:rl:{kind}:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count > limit


def over(kind: str, key: str) -> bool:
    """Whether ``key`` is already over the limit of ``kind`` (without counting)."""
    limit, _window = _limits()[kind]
    return (cache.get(f"kmb:rl:{kind}:{key}") or 0) > limit
