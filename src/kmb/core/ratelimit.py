"""Rate limits kept in the database, so that every process (web threads, several servers,
the worker) counts against the same limit.

Counters live in fixed windows (``window`` seconds). What is limited (an IP address, an
e-mail address, a token) is stored only as a keyed hash, never in the clear.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from kmb.core.models import RateCounter


def client_ip(request: HttpRequest | None) -> str:
    """The client's address (behind a proxy, the proxy must pass it as REMOTE_ADDR)."""
    if request is None:
        return "unknown"
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(kind: str, subject: str, window: int) -> tuple[str, datetime]:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}\0{subject}".encode(),
                      hashlib.sha256).hexdigest()[:40]
    number = int(time.time() // window)
    expires = datetime.fromtimestamp((number + 1) * window, tz=UTC)
    return f"{kind[:40]}:{digest}:{number}", expires


def count(kind: str, subject: str, *, window: int) -> int:
    """How many times ``subject`` was counted for ``kind`` in the current window."""
    key, _expires = _key(kind, subject, window)
    return RateCounter.objects.filter(key=key).values_list("count", flat=True).first() or 0


def hit(kind: str, subject: str, *, window: int) -> int:
    """Count one more for ``subject`` and return the count in the current window."""
    key, expires = _key(kind, subject, window)
    with transaction.atomic():
        if not RateCounter.objects.filter(key=key).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, count=1, expires_at=expires)
            except IntegrityError:  # another process created it a moment ago
                RateCounter.objects.filter(key=key).update(count=F("count") + 1)
            else:
                _prune()
    return count(kind, subject, window=window)


def reset(kind: str, subject: str, *, window: int) -> None:
    key, _expires = _key(kind, subject, window)
    RateCounter.objects.filter(key=key).delete()


def _prune() -> None:
    """Drop counters of windows that are over (run when a new window starts)."""
    RateCounter.objects.filter(expires_at__lt=timezone.now() - timedelta(minutes=1)).delete()
