"""Links that staff, partners and imported files give: only http(s) ever becomes a link.

Browsers ignore tabs and line breaks anywhere in an address and spaces and control
characters around it, and read the scheme in any case, so ``" JaVa\\tScript:alert(1)"``
is a ``javascript:`` link. :func:`http_url` reads a value the way a browser would and
answers the address only if its scheme is http or https. The same rule checks models
(:func:`validate_http_url`, on every URL field of the directory), forms, the HSDS import
and templates (the ``http_url`` filter), so no other scheme reaches an ``href``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_SCHEMES = ("http", "https")
#: What a browser strips: C0 controls and spaces around, tabs and line breaks inside.
_AROUND = "".join(chr(c) for c in range(0x21))
_INSIDE = re.compile(r"[\t\n\r]")


def http_url(value: object) -> str:
    """The address if it is an absolute http(s) link with a host, otherwise ""."""
    if not isinstance(value, str) or not value:
        return ""
    text = _INSIDE.sub("", value.strip(_AROUND))
    if not text or any(ord(ch) < 0x20 or ch == "\x7f" for ch in text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        return ""
    return text


def validate_http_url(value: str) -> None:
    """A model and form validator: empty, or an http(s) link."""
    if value and not http_url(value):
        raise ValidationError(
            _("Enter a web address starting with http:// or https://; other kinds of "
              "links are not allowed."), code="url_scheme")


def identifier_uri(value: object) -> str:
    """An identifier (HSDS ``uri`` of a taxonomy, term or organisation): an http(s) link,
    or a URN (``urn:kmb:taxonomy:…``), which names and never links; otherwise ""."""
    link = http_url(value)
    if link:
        return link
    text = value.strip() if isinstance(value, str) else ""
    return text if re.fullmatch(r"(?i)urn:[a-z0-9][a-z0-9-]{0,31}:\S+", text) else ""


def validate_identifier_uri(value: str) -> None:
    if value and not identifier_uri(value):
        raise ValidationError(
            _("Enter an address starting with http:// or https://, or a URN (urn:…); "
              "other kinds of links are not allowed."), code="url_scheme")
