"""Letters and decisions: wording, reference numbers (čísla jednací) and the stored PDF.

The wording is data: the defaults in ``data/letters.yaml``, each part replaceable by an
office (:class:`~kmb.register.models.LetterText`). Every letter carries the parts the
správní řád requires (§ 68, § 69): the authority, the legal basis, the statement, the
reasoning, the instruction on appeal, the date and the signature block with the name and
function of the official.
"""

from __future__ import annotations

import hashlib
import html
import re
import string
from datetime import date
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

import yaml
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from kmb.core.pdf import render_pdf
from kmb.register.models import (
    Letter,
    LetterText,
    OfficeSettings,
    Procedure,
    ReferenceSequence,
    Step,
)

LETTERS_FILE = Path(__file__).parent / "data" / "letters.yaml"
PARTS = ("title", "basis", "statement", "reasoning", "instruction")


@lru_cache(maxsize=1)
def default_texts() -> dict[str, dict[str, str]]:
    return yaml.safe_load(LETTERS_FILE.read_text(encoding="utf-8"))


def office_settings(contact_point) -> OfficeSettings:
    """The office's letterhead settings; sensible defaults until an administrator sets them."""
    found = OfficeSettings.objects.filter(contact_point=contact_point).first()
    if found is not None:
        return found
    return OfficeSettings(contact_point=contact_point, authority=contact_point.name,
                          reference_prefix=f"KMB{contact_point.pk}",
                          appeal_authority="příslušný krajský úřad")


def reference_next(*, contact_point, year: int) -> int:
    """The next number of the office's sequence for ``year``; never the same twice.

    The increment is a single UPDATE, which locks the row until the transaction ends on
    PostgreSQL and takes the write lock on SQLite, so concurrent letters wait in turn.
    """
    if not ReferenceSequence.objects.filter(contact_point=contact_point, year=year).exists():
        try:
            with transaction.atomic():
                ReferenceSequence.objects.create(contact_point=contact_point, year=year)
        except IntegrityError:
            pass  # created by a concurrent letter
    ReferenceSequence.objects.filter(contact_point=contact_point, year=year).update(
        last_number=F("last_number") + 1)
    return ReferenceSequence.objects.get(contact_point=contact_point, year=year).last_number


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(text: str, context: dict[str, Any]) -> str:
    """Fill ``{placeholders}``; unknown ones stay as typed, braces never raise."""
    try:
        return string.Formatter().vformat(text, (), _Blank(context))
    except (ValueError, IndexError, AttributeError):
        return text


#: The placeholders a wording may use (filled in by :func:`letter_context`).
PLACEHOLDERS = ("authority", "appeal_authority", "applicant", "birth_date", "address",
                "filed_on", "on", "due_days", "valid_until", "reasons", "note")
#: The parts an office may word itself; the legal basis stays as the law gives it.
EDITABLE_PARTS = ("title", "statement", "reasoning", "instruction")
TEXT_MAX_LENGTH = 5000


def own_texts(*, contact_point, kind: str | None = None) -> dict[tuple[str, str], LetterText]:
    """The office's wording in force: the latest version of each (kind, part)."""
    rows = LetterText.objects.filter(contact_point=contact_point).select_related("created_by")
    if kind is not None:
        rows = rows.filter(kind=kind)
    found: dict[tuple[str, str], LetterText] = {}
    for row in rows.order_by("kind", "part", "-version"):
        found.setdefault((row.kind, row.part), row)
    return found


def _parts_in_force(contact_point, kind: str) -> tuple[dict[str, str], dict[str, int]]:
    parts = dict(default_texts()[kind])
    versions = {part: 0 for part in EDITABLE_PARTS}
    for (_kind, part), own in own_texts(contact_point=contact_point, kind=kind).items():
        versions[part] = own.version
        if own.text.strip():  # an empty version returns to the default wording
            parts[part] = own.text
    return parts, versions


def letter_parts(*, contact_point, kind: str, context: dict[str, Any]) -> dict[str, str]:
    parts, _versions = _parts_in_force(contact_point, kind)
    return {name: _fill(parts.get(name, ""), context).strip() for name in PARTS}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_sanitise(text: str) -> str:
    """A wording as plain text: no markup (tags are removed, the letter is rendered with
    escaping anyway), no control characters, Unix line ends, no trailing spaces."""
    import nh3

    plain = html.unescape(nh3.clean(text.replace("\r\n", "\n"), tags=set()))
    plain = _CONTROL.sub("", plain)
    return "\n".join(line.rstrip() for line in plain.split("\n")).strip()


def text_problem(text: str) -> str:
    """Why a wording cannot be used ("" when it can): unknown or broken placeholders."""
    try:
        names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text)
                 if name is not None]
    except ValueError:
        return _("Braces must enclose a placeholder, e.g. {applicant}; a single “{” or "
                 "“}” is not allowed.")
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        return _("Unknown placeholder: %(names)s. Use only: %(allowed)s.") % {
            "names": ", ".join("{" + n + "}" for n in unknown),
            "allowed": " ".join("{" + n + "}" for n in PLACEHOLDERS)}
    return ""


@transaction.atomic
def letter_texts_save(*, membership, actor, kind: str, texts: dict[str, str]) -> list[LetterText]:
    """Save the office's wording of one letter: every part that differs from the wording
    in force becomes a new version (an empty text returns to the default). Earlier
    versions stay, and letters already issued keep their stored PDF."""
    from kmb.accounts.tenancy import membership_has
    from kmb.audit.models import AuditAction
    from kmb.audit.services import audit_record
    from kmb.cases.errors import DomainError
    from kmb.core.permissions import Perm

    if not membership_has(membership, Perm.REGISTER_LETTERS_EDIT):
        raise DomainError(_("You may not change the wording of the letters."))
    if kind not in default_texts():
        raise DomainError(_("Unknown letter."))
    contact_point = membership.contact_point
    current = own_texts(contact_point=contact_point, kind=kind)
    defaults = default_texts()[kind]
    saved = []
    for part in EDITABLE_PARTS:
        if part not in texts:
            continue
        text = text_sanitise(texts[part] or "")
        if len(text) > TEXT_MAX_LENGTH:
            raise DomainError(_("A part of a letter can have at most %(n)s characters.")
                              % {"n": TEXT_MAX_LENGTH})
        problem = text_problem(text)
        if problem:
            raise DomainError(problem)
        if text == defaults.get(part, "").strip():
            text = ""  # the default wording typed back: keep following the default
        own = current.get((kind, part))
        if (own.text if own else "") == text:
            continue
        row = LetterText.objects.create(contact_point=contact_point, kind=kind, part=part,
                                        version=(own.version + 1) if own else 1, text=text,
                                        created_by=actor)
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=row,
                     contact_point=contact_point, changes=[f"{kind}.{part}"])
        saved.append(row)
    return saved


def _cz_date(day: date | None) -> str:
    return f"{day.day}. {day.month}. {day.year}" if day else "—"


def letter_context(procedure: Procedure, *, on: date, office: OfficeSettings,
                   due_days: int | None, reasons: str, note: str) -> dict[str, Any]:
    client = procedure.client
    address = ", ".join(p for p in (client.street, client.postal_code,
                                    str(client.municipality or "")) if p)
    return {
        "authority": office.authority, "appeal_authority": office.appeal_authority,
        "applicant": f"{client.first_name} {client.last_name}".strip() or client.nickname,
        "birth_date": _cz_date(client.birth_date), "address": address or "—",
        "filed_on": _cz_date(procedure.filed_on), "on": _cz_date(on),
        "due_days": due_days or "", "valid_until": _cz_date(procedure.valid_until),
        "reasons": reasons, "note": note,
    }


def letter_issue(*, procedure: Procedure, kind: str, step: Step, actor, on: date,
                 due_days: int | None = None, reasons: str = "", note: str = "") -> Letter:
    """Number, render and store a letter (inside the caller's transaction)."""
    office = office_settings(procedure.contact_point)
    number = reference_next(contact_point=procedure.contact_point, year=on.year)
    reference = f"{office.reference_prefix}/{number}/{on.year}"
    context = letter_context(procedure, on=on, office=office, due_days=due_days,
                             reasons=reasons, note=note)
    raw, versions = _parts_in_force(procedure.contact_point, kind)
    parts = {name: _fill(raw.get(name, ""), context).strip() for name in PARTS}
    with translation.override("cs"):
        html = render_to_string("register/letter_pdf.html", {
            "office": office, "parts": parts, "reference": reference, "on": on,
            "procedure": procedure, "client": procedure.client, "signer": actor,
            "signer_name": actor.get_full_name() or actor.get_username(),
            "address": context["address"], "applicant": context["applicant"],
        })
    content = render_pdf(html)
    return Letter.objects.create(
        contact_point=procedure.contact_point, procedure=procedure, step=step, kind=kind,
        year=on.year, number=number, reference=reference, issued_on=on, signed_by=actor,
        content=content, sha256=hashlib.sha256(content).hexdigest(), period_days=due_days,
        text_versions=versions)


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def file_export_pdf(*, procedure: Procedure, steps, letters: list[Letter], actor) -> bytes:
    """The file (spis) of a procedure as ONE PDF: the list of documents (with the page on
    which each starts) and the steps, followed by the pages of every letter in order.
    Each letter is also attached byte for byte (a PDF attachment), so its SHA-256 can be
    checked against the register; the outline (bookmarks) leads to each document."""
    from pypdf import PdfReader, PdfWriter

    contents = [bytes(letter.content) for letter in letters]
    counts = [_page_count(content) for content in contents]

    def cover(first_pages: list[int]) -> bytes:
        with translation.override("cs"):
            html = render_to_string("register/file_pdf.html", {
                "procedure": procedure, "client": procedure.client, "steps": steps,
                "documents": list(zip(letters, first_pages, counts, strict=True)),
                "letters": letters, "office": office_settings(procedure.contact_point),
                "made_by": actor.get_full_name() or actor.get_username(),
            })
        return render_pdf(html)

    def starts(cover_pages: int) -> list[int]:
        found, page = [], cover_pages + 1
        for count in counts:
            found.append(page)
            page += count
        return found

    # the list names the page each document starts on, which depends on the length of
    # the list itself: render until the numbers hold (twice at most in practice)
    head = cover(starts(1))
    for _attempt in range(3):
        length = _page_count(head)
        first_pages = starts(length)
        head = cover(first_pages)
        if _page_count(head) == length:
            break
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(head)), import_outline=False)
    with translation.override("cs"):
        writer.add_outline_item(str(_("List of documents")), 0)
        for letter, content, first in zip(letters, contents, first_pages, strict=True):
            writer.append(PdfReader(BytesIO(content)), import_outline=False)
            writer.add_outline_item(f"{letter.reference} – {letter.get_kind_display()}",
                                    first - 1)
            writer.add_attachment(f"{letter.reference.replace('/', '-')}.pdf", content)
    writer.add_metadata({"/Title": f"Spis – {procedure.filed_on:%Y-%m-%d}",
                         "/Producer": "KMB"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
