"""Writing audit entries and security events."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from kmb.audit.models import AuditAction, AuditEntry, SecurityEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    contact_point: Any = None,
    client_id: uuid.UUID | None = None,
    changes: Iterable[str] = (),
    channel: str = "web",
    actor_label: str = "",
) -> AuditEntry:
    """Record that ``actor`` did ``action`` on ``obj``; ``changes`` are field names only."""
    object_id = getattr(obj, "uuid", None) or obj.pk
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label or (getattr(actor, "username", "") or ""),
        contact_point=contact_point,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(object_id),
        client_id=client_id,
        changes=sorted(set(changes)),
        channel=channel,
    )


def search_record(*, actor: Any, contact_point: Any, object_type: str, results: int,
                  channel: str = "web") -> AuditEntry:
    """Record that ``actor`` searched ``object_type`` records and how many were found.

    The search terms are personal data and are not kept."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "username", "") or "",
        contact_point=contact_point, action=AuditAction.SEARCH, object_type=object_type,
        object_id="", changes=[f"results: {results}"], channel=channel,
    )


def security_event_record(
    *, kind: str, user: Any = None, username: str = "", ip_address: str | None = None,
    detail: str = "",
) -> SecurityEvent:
    return SecurityEvent.objects.create(
        kind=kind,
        user=user if getattr(user, "pk", None) else None,
        username=username[:150],
        ip_address=ip_address or None,
        detail=detail[:200],
    )


def audit_redact_client(*, contact_point: Any, client_uuid: uuid.UUID) -> int:
    """Remove the personal values from the audit entries of one client, keeping the
    entries (who, when, what kind of change): the erasure path of GDPR art. 17.

    Only the privacy app's anonymisation calls this, inside its transaction and after
    writing its own audit entry.
    """
    return AuditEntry.objects.filter(contact_point=contact_point,
                                     client_id=client_uuid).redact_personal_values()
