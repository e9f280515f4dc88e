"""Register objects of a contact point for walks over every URL."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kmb.accounts.models import Membership
from kmb.core.permissions import Role
from kmb.register import measures, services
from kmb.register.models import Provider
from tests import factories


def register_objects(contact_point, client) -> dict:
    """A procedure with a letter (request to remedy defects), filed by A's officer."""
    officer = factories.staff("referent.tenancy", Role.REGISTER_OFFICER, contact_point)
    membership = Membership.objects.get(user=officer, contact_point=contact_point)
    day = timezone.localdate() - timedelta(days=3)
    procedure = services.procedure_file(membership=membership, actor=officer, client=client,
                                        path="need", channel="paper", filed_on=day)
    services.procedure_step(membership=membership, actor=officer, procedure=procedure,
                            action_code="request_remedy", on=day, version=procedure.version,
                            data={"note": "chybí doklad"})
    letter = procedure.letters.get()
    entered = services.procedure_file(membership=membership, actor=officer, client=client,
                                      path="assistance", channel="paper", filed_on=day)
    for code, data in (("check_competence", {"tie_kind": "residence",
                                             "declaration_signed_on": day}), ("enter", {})):
        entered.refresh_from_db()
        services.procedure_step(membership=membership, actor=officer, procedure=entered,
                                action_code=code, on=day, version=entered.version, data=data)
    entered.refresh_from_db()
    provider = Provider.objects.create(contact_point=contact_point, name="Poskytovatel A")
    measure = measures.measure_start(membership=membership, actor=officer, procedure=entered,
                                     kind="assistance", provider=provider, starts_on=day)
    return {"procedure_id": procedure.uuid, "letter_id": letter.uuid,
            "action": "record_remedy", "fmt": "csv", "measure_id": measure.uuid,
            "kind": "defects"}
