from __future__ import annotations

import uuid

from django.db.models import QuerySet

from kmb.audit.models import AuditEntry


def audit_entries_for_client(*, contact_point, client_uuid: uuid.UUID) -> QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(contact_point=contact_point, client_id=client_uuid)
        .select_related("actor")
        .order_by("-at")
    )
