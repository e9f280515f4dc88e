"""Writes of the portal: a contact point's own texts. Requests go through kmb.cases.services."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.accounts.models import ContactPoint, User
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases.errors import ConflictError, DomainError
from kmb.portal.content import is_local
from kmb.portal.models import LANGUAGES, ContentBlock, ContentMode

TEXT_FIELDS = tuple(f"{part}_{lang}" for part in ("title", "body") for lang in LANGUAGES)


def _check(key: str, data: dict[str, Any]) -> None:
    if not is_local(key):
        raise DomainError(_("This text cannot be changed for one contact point."))
    if data.get("mode") not in ContentMode.values:
        raise DomainError(_("Choose whether your text replaces the general one or is added."))
    if not (data.get("body_cs") or "").strip():
        raise DomainError(_("Write at least the Czech text."))


@transaction.atomic
def content_block_save(*, contact_point: ContactPoint, key: str, actor: User,
                       data: dict[str, Any], expected_version: int | None) -> ContentBlock:
    """Create or change a contact point's version of a text.

    ``expected_version`` is the version the editor started from (``None`` for a new text);
    if someone saved in between, nothing is written and ``ConflictError`` is raised.
    """
    _check(key, data)
    values = {name: (data.get(name) or "").strip() for name in TEXT_FIELDS}
    values["mode"] = data["mode"]
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
