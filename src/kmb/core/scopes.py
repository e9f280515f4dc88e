"""Consent scopes stored as codes and shown in the reader's language.

A consent's scope is either text an adviser typed, or a code that an app writes and knows
how to show: ``<kind>:<rest>``. The app registers a renderer for its kind when it is
ready (the partner network registers ``referral``); :func:`scope_text` renders a code in
the active language at the time it is read, so a consent recorded in Czech reads in
Ukrainian for a Ukrainian-speaking reader. Unknown text is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable

_RENDERERS: dict[str, Callable[[str], str]] = {}


def scope_register(kind: str, render: Callable[[str], str]) -> None:
    _RENDERERS[kind] = render


def scope_text(scope: str) -> str:
    kind, sep, rest = (scope or "").partition(":")
    render = _RENDERERS.get(kind) if sep else None
    return render(rest) if render is not None else scope
