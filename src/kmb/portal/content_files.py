"""The shipped texts of the portal: one Markdown file per text block and language.

The files live in ``src/kmb/portal/content/`` as ``<key>.<language>.md`` (the folder's
README explains the format for reviewers). Each starts with a small front matter of
``name: value`` lines between two ``---`` lines, then the text in the portal's markup::

    ---
    key: advice.notice
    language: cs
    title: Nechte si výpověď hned zkontrolovat
    states_rule: true
    source: zákon č. 89/2012 Sb., občanský zákoník, § 2286–2291
    checked_on: 2026-12-06
    ---

    - Výpověď z nájmu má lhůty. …

The front matter is parsed strictly here (no YAML: a title may contain a colon or "no"
without surprises). A file that breaks the format stops loading with a message naming the
file and the line, so a mistake cannot reach the public silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from kmb.core.i18n import PUBLIC_LANGUAGES

CONTENT_DIR = Path(__file__).resolve().parent / "content"
FIELDS = ("key", "language", "title", "order", "states_rule", "source", "checked_on")
REQUIRED = ("key", "language", "title")
DEFAULT_ORDER = 10_000
_FILE_NAME = re.compile(r"^(?P<key>[a-z0-9_]+(?:\.[a-z0-9_]+)+)\.(?P<language>[a-z]{2})\.md$")
_LINE = re.compile(r"^(?P<name>[a-z_]+):(?: (?P<value>.*))?$")
_DELIMITER = "---"


class ContentFileError(ValueError):
    """A content file that does not follow the format; the message names the file."""


@dataclass(frozen=True)
class ContentFile:
    """One text block in one language, as a reviewer wrote it."""

    key: str
    language: str
    title: str
    body: str
    order: int = DEFAULT_ORDER
    states_rule: bool = False
    source: str = ""
    checked_on: date | None = None
    path: Path | None = None

    @property
    def name(self) -> str:
        return self.path.name if self.path else f"{self.key}.{self.language}.md"


def _value(name: str, raw: str, where: str) -> object:
    if name == "order":
        if not raw.isdigit():
            raise ContentFileError(f"{where}: order must be a whole number, not {raw!r}")
        return int(raw)
    if name == "states_rule":
        if raw not in ("true", "false"):
            raise ContentFileError(f"{where}: states_rule must be true or false, not {raw!r}")
        return raw == "true"
    if name == "checked_on":
        if not raw:
            return None
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                return date.fromisoformat(raw)
        except ValueError:
            pass
        raise ContentFileError(f"{where}: checked_on must be a date as YYYY-MM-DD, not {raw!r}")
    return raw


def _front_matter(lines: list[str], name: str) -> tuple[dict[str, object], int]:
    """The fields of the front matter and the index of the line after it."""
    if not lines or lines[0] != _DELIMITER:
        raise ContentFileError(f"{name}: the file must start with a line '---'")
    fields: dict[str, object] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line == _DELIMITER:
            return fields, number
        where = f"{name}, line {number}"
        if not line.strip():
            raise ContentFileError(f"{where}: an empty line in the front matter; is the "
                                   f"closing '---' missing?")
        match = _LINE.match(line)
        if not match:
            raise ContentFileError(f"{where}: expected 'name: value', got {line!r}")
        field = match["name"]
        if field not in FIELDS:
            raise ContentFileError(f"{where}: unknown field {field!r} "
                                   f"(known: {', '.join(FIELDS)})")
        if field in fields:
            raise ContentFileError(f"{where}: {field!r} is given twice")
        fields[field] = _value(field, (match["value"] or "").strip(), where)
    raise ContentFileError(f"{name}: the front matter is not closed by a line '---'")


def parse(text: str, *, name: str, path: Path | None = None) -> ContentFile:
    """One content file; ``name`` is its file name, which must match its key and language."""
    named = _FILE_NAME.match(name)
    if not named:
        raise ContentFileError(f"{name}: a content file is named <key>.<language>.md")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields, end = _front_matter(lines, name)
    for field in REQUIRED:
        if field not in fields:
            raise ContentFileError(f"{name}: the field {field!r} is missing")
    for field in ("key", "language"):
        if fields[field] != named[field]:
            raise ContentFileError(f"{name}: {field} {fields[field]!r} does not match the "
                                   f"file name")
    if fields["language"] not in PUBLIC_LANGUAGES:
        raise ContentFileError(f"{name}: language must be one of {', '.join(PUBLIC_LANGUAGES)}")
    body = "\n".join(lines[end:]).strip()
    return ContentFile(body=body, path=path, **fields)  # type: ignore[arg-type]


def read_directory(directory: Path) -> dict[str, dict[str, ContentFile]]:
    """Every content file of a folder: key → language → file, keys in their set order."""
    found: dict[str, dict[str, ContentFile]] = {}
    for path in sorted(directory.glob("*.md")):
        if path.name == "README.md":
            continue
        item = parse(path.read_text(encoding="utf-8"), name=path.name, path=path)
        found.setdefault(item.key, {})[item.language] = item
    return dict(sorted(found.items(), key=lambda pair: (_order(pair[1]), pair[0])))


def _order(languages: dict[str, ContentFile]) -> int:
    reference = languages.get("cs") or next(iter(languages.values()))
    return reference.order


@cache
def shipped() -> dict[str, dict[str, ContentFile]]:
    """The texts shipped with the application (read once per process)."""
    return read_directory(CONTENT_DIR)


def problems(files: dict[str, dict[str, ContentFile]]) -> list[str]:
    """What a reviewer must fix: missing languages, and rules stated without a source.

    A block that states a rule (``states_rule: true`` in any language) must say so in
    every language and give ``source`` and ``checked_on`` in every language, so that the
    public footnote is there whatever language the reader chose.
    """
    found: list[str] = []
    for key, languages in files.items():
        missing = [lang for lang in PUBLIC_LANGUAGES if lang not in languages]
        if missing:
            found.append(f"{key}: no file for {', '.join(missing)}")
        rule = any(item.states_rule for item in languages.values())
        for item in languages.values():
            if rule and not item.states_rule:
                found.append(f"{item.name}: states_rule must be true as in the other "
                             f"languages of {key}")
            if rule and not item.source:
                found.append(f"{item.name}: states a rule but has no source")
            if rule and item.checked_on is None:
                found.append(f"{item.name}: states a rule but has no checked_on date")
    return found
