"""Text helpers: search keys that ignore case and diacritics."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_DIGITS = re.compile(r"\D+")


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip diacritics: "Nováková Jiřina" -> "novakova jirina"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def digits(text: str | None) -> str:
    return _NON_DIGITS.sub("", text or "")
