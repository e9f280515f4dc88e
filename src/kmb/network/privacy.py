"""A client's referrals for the subject access export, and erasing their personal data.

A referral is also the record of a disclosure: which organisation and service received
which of the client's data, when, and on which consent. Erasure keeps that record (the
organisation, service, dates, statuses and the kinds of data shared) and blanks what was
written about the client; the partner's links stop working at once.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.cases.models import Client
from kmb.core.subject_data import Field, Row, Section, model_row
from kmb.network.models import (
    OPEN_STATUSES,
    Referral,
    ReferralEvent,
    ReferralLink,
    SharedItem,
)


def _referrals(client: Client):
    return (Referral.objects.filter(client=client)
            .select_related("service__organization", "created_by", "consent")
            .prefetch_related("events").order_by("created_at", "id"))


def client_referral_section(*, client: Client) -> Section:
    rows = []
    for referral in _referrals(client):
        row = Row([
            Field("organization", _("organisation"), referral.service.organization.name),
            Field("service", _("service"), referral.service.name),
            Field("shared_data", _("shared data"),
                  [str(SharedItem(code).label) if code in SharedItem.values else code
                   for code in referral.shared_data]),
            Field("recipient", _("recipient"),
                  " ".join(filter(None, [referral.recipient_name,
                                         f"<{referral.recipient_email}>"]))),
            Field("referred_by", _("referred by"), referral.created_by.display_name),
        ])
        row.fields += model_row(referral, ("created_at", "need", "status", "appointment_at",
                                           "appointment_note", "reason", "closed_at")).fields
        row.children.append((_("History"), [
            model_row(event, ("at", "status", "actor_label", "note"))
            for event in referral.events.all()]))
        rows.append(row)
    return Section("referrals", _("Referrals (to whom data was passed)"), rows)


def client_referral_organizations(*, client: Client) -> list[str]:
    """Organisations that received the client's data: to be told of an erasure (art. 19)."""
    return sorted(set(Referral.objects.filter(client=client)
                      .values_list("service__organization__name", flat=True)))


def client_referral_last_activity(*, client: Client) -> datetime | None:
    return Referral.objects.filter(client=client).aggregate(last=Max("updated_at"))["last"]


def client_open_referrals(*, client: Client) -> int:
    return Referral.objects.filter(client=client, status__in=OPEN_STATUSES).count()


def client_referrals_erase(*, client: Client) -> dict[str, int]:
    """Blank what was written about the client; revoke the partner's links."""
    referrals = Referral.objects.filter(client=client)
    counts = {"referrals": referrals.update(need="–", appointment_note="", reason="")}
    counts["referral_changes"] = ReferralEvent.objects.filter(referral__client=client).update(
        note="")
    ReferralLink.objects.filter(referral__client=client, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    return counts


def organizations_with_referrals() -> list[str]:
    """Organisations that have received referrals from this deployment (recipients in the
    record of processing activities): names of organisations, no personal data."""
    return sorted(set(Referral.objects.values_list("service__organization__name", flat=True)))
