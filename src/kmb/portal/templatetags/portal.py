"""Template helpers of the public portal: the plain text markup, map links, phone links."""

from __future__ import annotations

import re
from urllib.parse import quote

import nh3
from django import template
from django.utils.html import escape, format_html, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

from kmb.core.i18n import current_language

register = template.Library()

_BLANK_LINES = re.compile(r"\n\s*\n")
# What the markup may produce; anything else is dropped by the sanitiser, whatever the text.
ALLOWED_TAGS = {"p", "br", "ul", "li", "h2", "h3", "h4", "a"}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


def _inline(text: str) -> str:
    """Escape, then turn web and e-mail addresses into links."""
    return urlize(text, nofollow=True, autoescape=True)


@register.filter
def portal_text(value: str, heading_level: int = 3) -> SafeString:
    """Render the content markup: paragraphs, "- " lists and "## " headings; all escaped."""
    level = max(2, min(int(heading_level or 3), 4))
    html: list[str] = []
    for block in _BLANK_LINES.split(normalize_newlines(value or "").strip()):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        while lines and lines[0].startswith("## "):
            html.append(f"<h{level}>{escape(lines.pop(0)[3:].strip())}</h{level}>")
        if not lines:
            continue
        if all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line.lstrip()[2:].strip())}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(_inline(line.strip()) for line in lines) + "</p>")
    return sanitise("".join(html))


def sanitise(html: str) -> SafeString:
    """Keep only the tags of the markup and links to web, e-mail and phone addresses.

    The markup escapes every piece of text already; this allow-list is the second lock, so
    that no later change of the markup can let a script, an image or a ``javascript:``
    link through from a text that staff can edit.
    """
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}},
                      url_schemes=ALLOWED_SCHEMES, link_rel="nofollow")
    return mark_safe(clean)  # noqa: S308 — sanitised by nh3 with the allow-list above


@register.filter
def osm_url(contact_point) -> str:
    """A plain link to the place on OpenStreetMap (no map is embedded in our pages)."""
    lat, lon = contact_point.latitude, contact_point.longitude
    if lat is not None and lon is not None:
        return (f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}"
                f"#map=17/{lat}/{lon}")
    return "https://www.openstreetmap.org/search?query=" + quote(contact_point.address or "")


@register.filter
def tel_href(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits}" if digits else ""


# Czech day abbreviations in opening hours, for readers of the other languages.
_DAYS = {
    "en": {"Po": "Mon", "Út": "Tue", "St": "Wed", "Čt": "Thu", "Pá": "Fri", "So": "Sat",
           "Ne": "Sun"},
    "uk": {"Po": "Пн", "Út": "Вт", "St": "Ср", "Čt": "Чт", "Pá": "Пт", "So": "Сб",
           "Ne": "Нд"},
}
_DAY_RE = re.compile(r"(?<![\w])(Po|Út|St|Čt|Pá|So|Ne)(?![\w])")
# Words offices add to their hours, for readers of the other languages.
# Longer phrases first.
_PHRASES = {"en": {"jindy po objednání": "other times by appointment",
                   "po objednání": "by appointment"},
            "uk": {"jindy po objednání": "в інший час за попереднім записом",
                   "po objednání": "за попереднім записом"}}


@register.filter
def opening_hours(text: str) -> str:
    """Opening hours as offices type them ("Po, St 8:00–17:00") with days in the reader's
    language; anything else stays as typed."""
    days = _DAYS.get(current_language())
    if not days or not text:
        return text or ""
    for czech, translated in _PHRASES.get(current_language(), {}).items():
        text = text.replace(czech, translated)
    return _DAY_RE.sub(lambda m: days[m.group(1)], text)


@register.simple_tag
def lang_attr(text_lang: str) -> str:
    """` lang="cs"` when a text falls back to another language than the page's."""
    if text_lang and text_lang != current_language():
        return format_html(' lang="{}"', text_lang)
    return ""
