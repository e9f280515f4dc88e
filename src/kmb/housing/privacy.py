"""A client's housing data for the subject access export, and erasing it.

What the household needs and its proposals (flat, status, dates, the explanation) go into
the export. Erasure removes the needs profile and blanks the reasons and the anonymised
profile of the proposals; the owner's links stop working. Leases and follow-ups keep their
dates and outcome codes (no free text about the client), which statistics rely on.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from kmb.cases.models import Client
from kmb.core.subject_data import Field, Row, Section, model_row
from kmb.housing.models import HouseholdNeeds, Proposal, ProposalEvent


def client_housing_section(*, client: Client) -> Section:
    rows = []
    needs = HouseholdNeeds.objects.filter(client=client).first()
    if needs is not None:
        rows.append(model_row(needs, ("persons", "children", "composition",
                                      "barrier_free_needed", "has_pets", "earliest_move_in",
                                      "housing_loss_date", "consent_share_on", "income",
                                      "waiting_since", "active")))
    for proposal in (Proposal.objects.filter(client=client).select_related("flat__municipality")
                     .prefetch_related("events").order_by("created_at", "id")):
        row = Row([Field("flat", _("flat"), proposal.flat.address)])
        row.fields += model_row(proposal, ("created_at", "status", "rule_version", "score",
                                           "viewing_at", "owner_reason",
                                           "client_reason")).fields
        row.children.append((_("History"), [model_row(e, ("at", "status", "note"))
                                            for e in proposal.events.all()]))
        rows.append(row)
    return Section("housing", _("Housing supply: needs and flat proposals"), rows)


def client_housing_last_activity(*, client: Client) -> datetime | None:
    return Proposal.objects.filter(client=client).aggregate(last=Max("updated_at"))["last"]


def client_housing_erase(*, client: Client) -> dict[str, int]:
    needs, _rows = HouseholdNeeds.objects.filter(client=client).delete()
    counts = {"housing_needs": needs}
    counts["proposals"] = Proposal.objects.filter(client=client).update(
        owner_reason="", client_reason="", profile={}, token_digest="", token_expires_at=None)
    counts["proposal_changes"] = ProposalEvent.objects.filter(
        proposal__client=client).update(note="")
    return counts
