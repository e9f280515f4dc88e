"""The active language, and values of per-language model fields (``name``, ``name_en``…)."""

from __future__ import annotations

from django.utils.translation import get_language

PUBLIC_LANGUAGES = ("cs", "en", "uk")
ORIGINAL_LANGUAGE = "cs"


def current_language() -> str:
    """The active language as one of ours (``cs`` when it is anything else)."""
    code = (get_language() or ORIGINAL_LANGUAGE)[:2]
    return code if code in PUBLIC_LANGUAGES else ORIGINAL_LANGUAGE


def translated_with_language(obj, field: str, *, original: str | None = None
                             ) -> tuple[str, str]:
    """``field`` of ``obj`` in the active language and the language of the text found.

    Translations live in ``<field>_en``/``<field>_uk``; the Czech original in ``original``
    (default: ``field`` itself) is the fallback.
    """
    language = current_language()
    if language != ORIGINAL_LANGUAGE:
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value, language
    return getattr(obj, original or field, "") or "", ORIGINAL_LANGUAGE


def translated(obj, field: str, *, original: str | None = None) -> str:
    return translated_with_language(obj, field, original=original)[0]
