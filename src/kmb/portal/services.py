"""Writes of the portal: the shipped texts, a contact point's own texts. Requests go
through kmb.cases.services."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.accounts.models import ContactPoint, User
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases.errors import ConflictError, DomainError
from kmb.portal.content import is_local
from kmb.portal.content_files import ContentFile, shipped
from kmb.portal.models import LANGUAGES, ContentBlock, ContentMode

TEXT_FIELDS = tuple(f"{part}_{lang}" for part in ("title", "body") for lang in LANGUAGES)


def _check(key: str, data: dict[str, Any]) -> None:
    if not is_local(key):
        raise DomainError(_("This text cannot be changed for one contact point."))
    if data.get("mode") not in ContentMode.values:
        raise DomainError(_("Choose whether your text replaces the general one or is added."))
    if not (data.get("body_cs") or "").strip():
        raise DomainError(_("Write at least the Czech text."))


def local_values(data: dict[str, Any]) -> dict[str, Any]:
    """The fields of a contact point's text from the editor's data (one source for all its
    languages: it is the office's own statement)."""
    values: dict[str, Any] = {name: (data.get(name) or "").strip() for name in TEXT_FIELDS}
    values["mode"] = data.get("mode")
    source = (data.get("source") or "").strip()
    for lang in LANGUAGES:
        values[f"source_{lang}"] = source
        values[f"checked_on_{lang}"] = data.get("checked_on") if source else None
    return values


@transaction.atomic
def content_block_save(*, contact_point: ContactPoint, key: str, actor: User,
                       data: dict[str, Any], expected_version: int | None) -> ContentBlock:
    """Create or change a contact point's version of a text.

    ``expected_version`` is the version the editor started from (``None`` for a new text);
    if someone saved in between, nothing is written and ``ConflictError`` is raised.
    """
    _check(key, data)
    values = local_values(data)
    block = (ContentBlock.objects.select_for_update()
             .filter(key=key, contact_point=contact_point).first())
    if block is None:
        if expected_version:
            raise ConflictError(_("Someone removed this text in the meantime. Check it and "
                                  "save again."))
        block = ContentBlock.objects.create(key=key, contact_point=contact_point,
                                            updated_by=actor, **values)
        action, changed = AuditAction.CREATE, list(values)
    else:
        if expected_version != block.version:
            raise ConflictError(_("Someone else changed this text in the meantime. Check "
                                  "their version and save again."))
        changed = [name for name, value in values.items() if getattr(block, name) != value]
        ContentBlock.objects.filter(pk=block.pk).update(
            version=F("version") + 1, updated_by=actor, updated_at=timezone.now(), **values)
        block.refresh_from_db()
        action = AuditAction.UPDATE
    audit_record(actor=actor, action=action, obj=block, contact_point=contact_point,
                 changes=changed)
    return block


@transaction.atomic
def content_block_remove(*, contact_point: ContactPoint, key: str, actor: User) -> None:
    """Remove a contact point's version: its people see the general text again."""
    block = ContentBlock.objects.filter(key=key, contact_point=contact_point).first()
    if block is None:
        return
    audit_record(actor=actor, action=AuditAction.DELETE, obj=block, contact_point=contact_point,
                 changes=list(TEXT_FIELDS))
    block.delete()


# --------------------------------------------------------------------------------------
# The shipped texts (content files) into the general rows
# --------------------------------------------------------------------------------------

LOADED_FIELDS = ("states_rule",) + tuple(
    f"{part}_{lang}" for part in ("title", "body", "source", "checked_on") for lang in LANGUAGES)


@dataclass
class LoadReport:
    """What loading the shipped texts did, by key."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed by an administrator: not replaced
    unchanged: int = 0


def shipped_values(languages: dict[str, ContentFile]) -> dict[str, Any]:
    """The fields of a general row as the content files of one key give them."""
    values: dict[str, Any] = {"states_rule": any(f.states_rule for f in languages.values())}
    for lang in LANGUAGES:
        item = languages.get(lang)
        values[f"title_{lang}"] = item.title if item else ""
        values[f"body_{lang}"] = item.body if item else ""
        values[f"source_{lang}"] = item.source if item else ""
        values[f"checked_on_{lang}"] = item.checked_on if item else None
    return values


def content_digest(values: dict[str, Any]) -> str:
    """A fingerprint of the loaded fields (changing it makes every row look edited)."""
    data = [values[name].isoformat() if isinstance(values[name], date) else values[name]
            for name in LOADED_FIELDS]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def content_load_shipped(*, files: dict[str, dict[str, ContentFile]] | None = None,
                         using: str = DEFAULT_DB_ALIAS) -> LoadReport:
    """Bring the shipped texts into the general rows; safe to run any number of times.

    A missing row is created. A row still holding what the loader last wrote into it gets
    the new text of its files. A row an administrator changed since is kept as it is (and
    reported when the files changed too). A contact point's own texts are never touched.
    """
    files = shipped() if files is None else files
    report = LoadReport()
    with transaction.atomic(using=using):
        rows = {row.key: row for row in ContentBlock.objects.using(using).select_for_update()
                .filter(contact_point__isnull=True, key__in=list(files))}
        new = []
        for key, languages in files.items():
            values = shipped_values(languages)
            if key in rows:
                _reload(rows[key], values, report, using)
            else:
                new.append(ContentBlock(key=key, contact_point=None,
                                        loaded_digest=content_digest(values), **values))
                report.created.append(key)
        ContentBlock.objects.using(using).bulk_create(new)
    return report


def _reload(row: ContentBlock, values: dict[str, Any], report: LoadReport, using: str) -> None:
    shipped_digest = content_digest(values)
    current = content_digest({name: getattr(row, name) for name in LOADED_FIELDS})
    rows = ContentBlock.objects.using(using).filter(pk=row.pk)
    if current == shipped_digest:
        report.unchanged += 1
        if row.loaded_digest != shipped_digest:
            rows.update(loaded_digest=shipped_digest)
    elif current == row.loaded_digest:  # nobody changed the row since it was loaded
        rows.update(loaded_digest=shipped_digest, version=F("version") + 1,
                    updated_at=timezone.now(), updated_by=None, **values)
        report.updated.append(row.key)
    elif shipped_digest != row.loaded_digest:  # both the row and the files changed
        report.kept.append(row.key)
    else:
        report.unchanged += 1
