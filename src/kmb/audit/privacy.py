"""Who viewed and changed a client's record, for the client's own export (GDPR art. 15).

Only staff names, their contact point, the action, the kind of record and the names of
changed fields; nothing about other people.
"""

from __future__ import annotations

import uuid

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from kmb.audit.models import AuditEntry, field_names_only
from kmb.core.subject_data import Field, Row, Section


def _object_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def client_access_section(*, contact_point, client_uuid: uuid.UUID) -> Section:
    entries = (AuditEntry.objects.filter(contact_point=contact_point, client_id=client_uuid)
               .select_related("actor", "contact_point").order_by("at", "id"))
    rows = []
    for entry in entries.iterator(chunk_size=500):
        who = entry.actor.display_name if entry.actor_id else entry.actor_label
        rows.append(Row([
            Field("at", _("time"), entry.at),
            Field("who", _("who"), who),
            Field("office", _("contact point"),
                  entry.contact_point.name if entry.contact_point_id else ""),
            Field("action", _("action"), entry.get_action_display()),
            Field("record", _("record"), _object_label(entry.object_type)),
            Field("fields", _("changed fields"), field_names_only(entry.changes)),
        ]))
    return Section("access_log", _("Who viewed or changed the record"), rows)
