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


_WORDS = re.compile(r"[^\W_]+")
SEARCH_TOKEN_LENGTH = 60


def search_tokens(*keys: str) -> list[str]:
    """The words of folded search keys (see ``fold``), each once, sorted and cut to
    ``SEARCH_TOKEN_LENGTH``: "novakova jirina", "na zlate 12/3" -> "12", "3", "jirina"…
    A search finds a record when every word it is given starts one of these."""
    return sorted({word[:SEARCH_TOKEN_LENGTH] for key in keys if key
                   for word in _WORDS.findall(key)})


def search_index(*keys: str) -> tuple[list[str], str]:
    """The tokens of ``keys`` (``search_tokens``) and the line of all of them kept beside
    each token, " 12 3 jirina … ", in which a search looks for its other words."""
    tokens = search_tokens(*keys)
    return tokens, f" {' '.join(tokens)} "


def search_words(text: str | None) -> list[str]:
    """The words of a search as they are compared with ``search_tokens``."""
    return [word[:SEARCH_TOKEN_LENGTH] for word in _WORDS.findall(fold(text))]


def digits(text: str | None) -> str:
    return _NON_DIGITS.sub("", text or "")


# NUL cannot be stored in PostgreSQL text; a lone surrogate cannot be encoded as UTF-8;
# U+FFFE and U+FFFF are not characters. Any of them in input is refused, never stored.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff\ufffe\uffff]")


def is_storable(text: str) -> bool:
    """Whether ``text`` can be stored and shown as it is on every supported database."""
    return _UNSTORABLE.search(text) is None


def unstorable_paths(value: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Paths to the strings (keys included) of a decoded JSON value that cannot be stored."""
    if isinstance(value, str):
        return [] if is_storable(value) else [path]
    found: list[tuple[str, ...]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            key_text = str(key)
            if not is_storable(key_text):
                found.append((*path, key_text.encode("utf-8", "replace").decode()))
                continue
            found.extend(unstorable_paths(item, (*path, key_text)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(unstorable_paths(item, (*path, str(index))))
    return found
