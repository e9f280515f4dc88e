"""Writing domain events (the source of statistics)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.core.models import DomainEvent

# What people read for each kind of event (statistics pages); a kind not listed here is
# shown in words made from its code, never as the code itself.
EVENT_KIND_LABELS = {
    "appointment.attended": _("appointments attended"),
    "appointment.booked": _("appointments booked"),
    "appointment.cancelled": _("appointments cancelled"),
    "appointment.no_show": _("appointments not attended (no-shows)"),
    "benefit_estimate.recorded": _("benefit estimates made"),
    "client.created": _("clients registered"),
    "client.identified": _("anonymous clients identified"),
    "client.merged": _("client records merged"),
    "consent.recorded": _("consents recorded"),
    "consultation.recorded": _("consultations recorded"),
    "lettings.application": _("municipal flat applications and their status changes"),
    "lettings.interest": _("interest expressed in offered municipal flats"),
    "lettings.offer": _("municipal flats offered and let"),
    "material_aid.given": _("material aid handed out or arranged"),
    "online_request.received": _("online requests received"),
    "referral.created": _("referrals made"),
    "task.created": _("plan steps added"),
    "task.done": _("plan steps done"),
}


def event_kind_label(kind: str) -> str:
    """The label of an event kind in the current language."""
    if kind in EVENT_KIND_LABELS:
        return str(EVENT_KIND_LABELS[kind])
    return kind.replace(".", " ").replace("_", " ").capitalize()


def event_record(
    *,
    kind: str,
    contact_point: Any,
    subject_id: uuid.UUID | None = None,
    occurred_at: datetime | None = None,
    data: dict[str, Any] | None = None,
) -> DomainEvent:
    return DomainEvent.objects.create(
        kind=kind,
        contact_point=contact_point,
        subject_id=subject_id,
        occurred_at=occurred_at or timezone.now(),
        data=data or {},
    )
