"""Unguessable link tokens: the raw token goes into the e-mail, only its digest is kept."""

from __future__ import annotations

import hashlib
import re
import secrets

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{40,64}$")


def token_new() -> tuple[str, str]:
    """A fresh token (256 random bits, URL-safe) and the digest to store."""
    raw = secrets.token_urlsafe(32)
    return raw, token_digest(raw)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("ascii", "replace")).hexdigest()


def token_well_formed(raw: str) -> bool:
    return bool(_TOKEN.match(raw or ""))
