"""Rate limits of the partner links, which anyone with the address can open: per IP address
and per token, so that neither guessing tokens nor hammering one link goes far.

The counters are kept in the database (:mod:`kmb.core.ratelimit`), shared by all processes.
"""

from __future__ import annotations

from django.conf import settings

from kmb.core import ratelimit as store
from kmb.core.ratelimit import client_ip

__all__ = ["client_ip", "hit", "over"]

#: (requests, seconds) allowed per client IP address and per token; refused tokens
#: (tampered or unknown) count separately and much more strictly.
DEFAULT_LIMITS = {"ip": (60, 600), "token": (30, 600), "bad_token": (10, 600)}


def _limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "KMB_LINK_RATE_LIMITS", {})}


def hit(kind: str, key: str) -> bool:
    """Count one request of ``kind`` for ``key``; True if it is over the limit."""
    limit, window = _limits()[kind]
    return store.hit(f"link_{kind}", key, window=window) > limit


def over(kind: str, key: str) -> bool:
    """Whether ``key`` is already over the limit of ``kind`` (without counting)."""
    limit, window = _limits()[kind]
    return store.count(f"link_{kind}", key, window=window) > limit
