"""Which texts the portal has, who may change them, and how a page gets them.

Every key has a general text in three languages, shipped as content files
(``src/kmb/portal/content/<key>.<language>.md``, read by ``kmb.portal.content_files``) and
loaded into the database after every ``migrate`` (or by ``manage.py load_portal_content``),
where an administrator can change it. A page falls back to the files when a row is
missing. A contact
point may replace or add to the keys of the groups in ``LOCAL_GROUPS`` for the people it
serves. A page asks for all its keys at once: one query whatever the number of texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kmb.core.i18n import current_language
from kmb.portal.content_files import shipped
from kmb.portal.models import LANGUAGES, ContentBlock, ContentMode

GROUPS = {
    "landing": _("Home page"),
    "entry": _("Home page: entries"),
    "answer": _("Short answers"),
    "q": _("Navigator questions"),
    "result": _("Navigator result"),
    "advice": _("Navigator advice"),
    "benefit": _("Benefits worth checking"),
    "doc": _("Documents to bring"),
    "local": _("Local information"),
    "request": _("Online request"),
    "page": _("Pages"),
}
# What a contact point may change for the people it serves (the rest is national).
LOCAL_GROUPS = ("advice", "benefit", "doc", "local", "request")


def group_of(key: str) -> str:
    return key.split(".", 1)[0]


def is_known(key: str) -> bool:
    return key in shipped()


def is_local(key: str) -> bool:
    return is_known(key) and group_of(key) in LOCAL_GROUPS


def local_keys() -> list[str]:
    return [key for key in shipped() if group_of(key) in LOCAL_GROUPS]


@dataclass(frozen=True)
class Text:
    """One text as a reader sees it; ``*_lang`` tells when it falls back to Czech."""

    key: str
    title: str
    title_lang: str
    body: str
    body_lang: str
    extra: str = ""  # a contact point's addition, shown after the body
    extra_lang: str = ""
    # Where the rule stated in the body comes from, for a footnote (empty: no footnote).
    source: str = ""
    checked_on: date | None = None
    states_rule: bool = False

    def __bool__(self) -> bool:
        return bool(self.title or self.body or self.extra)


Note = tuple[str, date | None]  # (source, checked on)


@dataclass(frozen=True)
class _Source:
    """The general text of a key: the database row, else the shipped file."""

    titles: dict[str, str]
    bodies: dict[str, str]
    notes: dict[str, Note] = field(default_factory=dict)
    states_rule: bool = False


def _general(key: str, row: ContentBlock | None) -> _Source:
    files = shipped().get(key, {})
    titles = {lang: (row.title_in(lang) if row else "")
              or (files[lang].title if lang in files else "") for lang in LANGUAGES}
    bodies = {lang: (row.body_in(lang) if row else "")
              or (files[lang].body if lang in files else "") for lang in LANGUAGES}
    if row is not None:
        notes = {lang: (row.source_in(lang), row.checked_on_in(lang)) for lang in LANGUAGES}
        states_rule = row.states_rule
    else:
        notes = {lang: (item.source, item.checked_on) for lang, item in files.items()}
        states_rule = any(item.states_rule for item in files.values())
    return _Source(titles, bodies, notes, states_rule)


def _local_note(block: ContentBlock, language: str) -> Note:
    return block.source_in(language), block.checked_on_in(language)


def _pick(values: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """The first non-empty (text, language)."""
    for text, language in values:
        if text:
            return text, language
    return "", ""


def resolve(key: str, *, language: str, general: ContentBlock | None,
            local: ContentBlock | None) -> Text:
    """Combine the general text and a contact point's version for one reader.

    A local replacement is used in the reader's language; where it lacks that language the
    general text in that language is better than the local one in Czech. A local addition
    is shown in the reader's language, else in Czech (it names local places and phones).
    """
    source = _general(key, general)
    general_title = _pick([(source.titles[language], language), (source.titles["cs"], "cs")])
    general_body = _pick([(source.bodies[language], language), (source.bodies["cs"], "cs")])
    general_note = source.notes.get(general_body[1], ("", None))
    rule = source.states_rule
    if local is None:
        return Text(key, *general_title, *general_body, "", "", *general_note, rule)
    if local.mode == ContentMode.APPEND:
        extra = _pick([(local.body_in(language), language), (local.body_cs, "cs")])
        return Text(key, *general_title, *general_body, *extra, *general_note, rule)
    title = _pick([(local.title_in(language), language), general_title,
                   (local.title_cs, "cs")])
    if local.body_in(language):
        body, note = (local.body_in(language), language), _local_note(local, language)
    elif general_body[0]:
        body, note = general_body, general_note
    else:
        body = (local.body_cs, "cs") if local.body_cs else ("", "")
        note = _local_note(local, "cs")
    return Text(key, *title, *body, "", "", *note, rule)


def texts(keys: Iterable[str], *, contact_point=None, language: str | None = None
          ) -> dict[str, Text]:
    """The texts of ``keys`` for the people a contact point serves (one query)."""
    keys = list(dict.fromkeys(keys))
    language = language or current_language()
    scope = Q(contact_point__isnull=True)
    if contact_point is not None:
        scope |= Q(contact_point=contact_point)
    general: dict[str, ContentBlock] = {}
    local: dict[str, ContentBlock] = {}
    for row in ContentBlock.objects.filter(scope, key__in=keys):
        (local if row.contact_point_id else general)[row.key] = row
    return {key: resolve(key, language=language, general=general.get(key),
                         local=local.get(key) if is_local(key) else None)
            for key in keys}


def texts_for_many(keys: Iterable[str], *, contact_points: Iterable, language: str | None = None
                   ) -> dict[int, dict[str, Text]]:
    """The same keys for several contact points at once (a directory page; one query)."""
    keys = list(dict.fromkeys(keys))
    points = list(contact_points)
    language = language or current_language()
    rows = ContentBlock.objects.filter(
        Q(contact_point__isnull=True) | Q(contact_point__in=[p.pk for p in points]),
        key__in=keys)
    general: dict[str, ContentBlock] = {}
    local: dict[tuple[int, str], ContentBlock] = {}
    for row in rows:
        if row.contact_point_id:
            local[(row.contact_point_id, row.key)] = row
        else:
            general[row.key] = row
    return {p.pk: {key: resolve(key, language=language, general=general.get(key),
                                local=local.get((p.pk, key)) if is_local(key) else None)
                   for key in keys}
            for p in points}


def option_keys(step: str, choices: Iterable[str]) -> list[str]:
    return [f"q.{step}"] + [f"q.{step}.{choice}" for choice in choices]
