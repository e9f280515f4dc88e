"""Reading register procedures: always within the user's contact point (404 otherwise)."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from kmb.accounts.models import Membership
from kmb.register.models import CLOSED_STATES, Letter, Procedure, Step


def _uuid_or_404(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def procedure_get_for_user(*, membership: Membership, procedure_id) -> Procedure:
    procedure = (Procedure.objects.filter(uuid=_uuid_or_404(procedure_id),
                                          contact_point_id=membership.contact_point_id)
                 .select_related("client", "officer", "prepared_by", "contact_point")
                 .first())
    if procedure is None:
        raise Http404
    return procedure


def letter_get_for_user(*, membership: Membership, letter_id) -> Letter:
    letter = (Letter.objects.filter(uuid=_uuid_or_404(letter_id),
                                    contact_point_id=membership.contact_point_id)
              .select_related("procedure", "procedure__client").first())
    if letter is None:
        raise Http404
    return letter


def procedures_running(*, contact_point) -> QuerySet[Procedure]:
    """Open procedures of the office, the nearest (or overdue) deadline first."""
    from django.db.models import F

    return (Procedure.objects.filter(contact_point=contact_point)
            .exclude(state__in=CLOSED_STATES)
            .select_related("client", "officer")
            .order_by(F("next_due").asc(nulls_last=True), "filed_on", "id"))


def procedures_for_client(*, client) -> QuerySet[Procedure]:
    return Procedure.objects.filter(client=client, contact_point=client.contact_point)


def procedure_steps(*, procedure: Procedure) -> list[Step]:
    return list(procedure.steps.select_related("actor").prefetch_related(
        Prefetch("letters", queryset=Letter.objects.defer("content"))))


def procedure_letters(*, procedure: Procedure) -> list[Letter]:
    return list(procedure.letters.defer("content").select_related("signed_by")
                .order_by("issued_on", "number"))


def measure_get_for_user(*, membership: Membership, measure_id):
    from kmb.register.models import SupportMeasure

    measure = (SupportMeasure.objects.filter(uuid=_uuid_or_404(measure_id),
                                             contact_point_id=membership.contact_point_id)
               .select_related("procedure__client", "provider", "flat__municipality",
                               "lease").first())
    if measure is None:
        raise Http404
    return measure
