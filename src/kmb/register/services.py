"""Writing register procedures: filing, steps by the workflow, delivery of letters.

Every service runs in one transaction, checks the contact point and the role, writes its
audit entry and a domain event, and recomputes the procedure's next deadline.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kmb.accounts.tenancy import membership_has
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases.errors import ConflictError, DomainError
from kmb.core.events import event_record
from kmb.core.permissions import Perm
from kmb.register import deadlines as dl
from kmb.register import schedule, workflow
from kmb.register.letters import letter_issue
from kmb.register.models import (
    CLOSED_STATES,
    Channel,
    Letter,
    Procedure,
    ProcedurePath,
    State,
    Step,
    Suspension,
    TieKind,
)
from kmb.register.params import register_parameters

EVENT_PREFIX = "register."


def _check_day(day: date, *, not_before: date | None = None) -> None:
    if day > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    if not_before and day < not_before:
        raise DomainError(_("The date cannot be before the application was filed."))


def procedure_refresh_deadline(procedure: Procedure, *, today: date | None = None) -> None:
    params = register_parameters(today or timezone.localdate())
    nearest = schedule.next_deadline(schedule.running_deadlines(procedure, params))
    procedure.next_due = nearest.due if nearest else None
    procedure.next_due_kind = nearest.kind if nearest else ""
    procedure.next_due_basis = nearest.basis if nearest else ""
    procedure.save(update_fields=["next_due", "next_due_kind", "next_due_basis",
                                  "updated_at"])


@transaction.atomic
def procedure_file(*, membership, actor, client, path: str, channel: str, filed_on: date,
                   officer=None, note: str = "") -> Procedure:
    """Record an application (the procedure starts on the day it was filed, SŘ § 44)."""
    if not membership_has(membership, Perm.REGISTER_PREPARE):
        raise DomainError(_("You may not prepare register applications."))
    if client.contact_point_id != membership.contact_point_id:
        raise DomainError(_("The client belongs to another contact point."))
    if path not in ProcedurePath.values:
        raise DomainError(_("Choose the kind of entry."))
    _check_day(filed_on)
    if Procedure.objects.filter(client=client, path=path).exclude(
            state__in=(*CLOSED_STATES, State.ENTERED)).exists():
        raise DomainError(_("The client already has a running procedure of this kind."))
    procedure = Procedure.objects.create(
        contact_point=membership.contact_point, client=client, path=path, channel=channel,
        filed_on=filed_on, officer=officer, prepared_by=actor, state=State.FILED)
    Step.objects.create(procedure=procedure, action="file", state_before="",
                        state_after=State.FILED, on=filed_on, actor=actor, note=note,
                        data={"channel": channel})
    procedure_refresh_deadline(procedure)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=procedure,
                 contact_point=procedure.contact_point, client_id=client.uuid,
                 changes=["path", "channel", "filed_on"])
    event_record(kind=EVENT_PREFIX + "filed", contact_point=procedure.contact_point,
                 subject_id=procedure.uuid, data={"path": path, "channel": channel})
    return procedure


@transaction.atomic
def procedure_file_online(*, contact_point, applicant: dict[str, Any], path: str,
                          persons: int, situation: str, tie_kind: str = "",
                          tie_evidence: str = "", language: str = "cs") -> Procedure:
    """An application the person files themselves through the public portal.

    The day it arrives is the day it was filed and the procedure starts (SŘ § 44 odst. 1).
    The applicant becomes a new client of the office (never attached to an existing
    record by what an anonymous form says: staff merge duplicates); what they state about
    their household, situation and tie to the district is the record of the filing step.
    Nobody is the author: the audit names the public portal.
    """
    from kmb.cases import services as case_services

    if path not in ProcedurePath.values:
        raise DomainError(_("Choose the kind of entry."))
    if tie_kind and tie_kind not in TieKind.values:
        raise DomainError(_("Choose the tie to the district."))
    if not (applicant.get("first_name") and applicant.get("last_name")
            and applicant.get("birth_date")):
        raise DomainError(_("Give your name and date of birth."))
    if not (applicant.get("email") or applicant.get("phone")):
        raise DomainError(_("Give a phone number or an e-mail address."))
    filed_on = timezone.localdate()
    client = case_services.client_create(
        contact_point=contact_point, actor=None, channel="portal",
        data={**applicant, "preferred_language": language})
    procedure = Procedure.objects.create(
        contact_point=contact_point, client=client, path=path, channel=Channel.PORTAL,
        filed_on=filed_on, prepared_by=None, state=State.FILED, tie_kind=tie_kind,
        tie_evidence=tie_evidence[:300])
    lines = [_("Persons in the household: %(n)s") % {"n": persons},
             _("Housing situation as described by the applicant:"), situation.strip()]
    if tie_kind:
        lines.append(_("Tie to the district stated: %(tie)s") % {
            "tie": TieKind(tie_kind).label} + (f" ({tie_evidence})" if tie_evidence else ""))
    Step.objects.create(procedure=procedure, action="file", state_before="",
                        state_after=State.FILED, on=filed_on, actor=None,
                        note="\n".join(str(line) for line in lines),
                        data={"channel": Channel.PORTAL, "persons": persons,
                              "language": language})
    procedure_refresh_deadline(procedure)
    audit_record(actor=None, actor_label="public portal", action=AuditAction.CREATE,
                 obj=procedure, contact_point=contact_point, client_id=client.uuid,
                 changes=["path", "channel", "filed_on"], channel="portal")
    event_record(kind=EVENT_PREFIX + "filed", contact_point=contact_point,
                 subject_id=procedure.uuid, data={"path": path, "channel": Channel.PORTAL})
    return procedure


REQUIRED = {
    "record_inquiry": ("note", ),
    "report_change": ("note", ),
    "check_competence": ("tie_kind", "declaration_signed_on"),
    "record_opinion": ("opinion_result", ),
    "refuse": ("refusal_reason", "reasons"),
    "remove": ("reasons", ),
}
REQUIRED_MESSAGES = {
    "note": lambda: _("Write the record of this step."),
    "tie_kind": lambda: _("Choose the tie to the district."),
    "declaration_signed_on": lambda: _("Enter the day the declaration was signed."),
    "opinion_result": lambda: _("Choose the result of the binding opinion."),
    "reasons": lambda: _("Write the reasons."),
    "refusal_reason": lambda: _("Choose the main reason of the refusal."),
}


def _require(action: workflow.Action, data: dict[str, Any], procedure: Procedure) -> None:
    required = REQUIRED.get(action.code, ())
    if action.code == "check_competence" and not register_parameters(
            procedure.filed_on).tie_and_declaration_required:
        required = ()  # before the 2026 amendment applies to the application
    for name in required:
        if not data.get(name):
            raise DomainError(REQUIRED_MESSAGES[name]())


def _apply(procedure: Procedure, action: workflow.Action, on: date,
           data: dict[str, Any]) -> None:
    """The effects of a step on the procedure's own fields and suspensions."""
    params = register_parameters(on)
    code = action.code
    if code == "check_competence":
        procedure.tie_kind = data.get("tie_kind") or ""
        procedure.tie_evidence = data.get("tie_evidence") or ""
        procedure.declaration_signed_on = data.get("declaration_signed_on")
    if action.suspends:
        Suspension.objects.create(procedure=procedure, first_day=on,
                                  reason=action.basis[:200])
    if action.resumes:
        # the day the defects were remedied still stands; the clock runs from the next day
        procedure.suspensions.filter(last_day__isnull=True).update(last_day=on)
    if action.extends:
        procedure.extended = True
    if code == "record_opinion":
        procedure.opinion_result = data["opinion_result"]
    if code in ("enter", "appeal_changed"):
        procedure.entered_on = on
        procedure.valid_until = dl.validity_end(on, months=params.entry_validity_months).due
    if code == "record_appeal":
        procedure.appeal_filed_on = on
    if code in ("remove", "end_validity"):
        if code == "end_validity" and procedure.valid_until and on < procedure.valid_until:
            raise DomainError(_("The entry is still valid on that day."))
        procedure.ended_on = on


def _target(procedure: Procedure, action: workflow.Action, before: str) -> str:
    if action.target != workflow.PREVIOUS:
        return action.target_from(before)
    suspending = {a.code for a in workflow.actions().values() if a.suspends}
    last = procedure.steps.filter(action__in=suspending).order_by("-at", "-id").first()
    return last.state_before if last else State.EXAMINATION


def _appeal_late(procedure: Procedure, on: date) -> bool:
    params = register_parameters(on)
    for deadline in schedule.running_deadlines(procedure, params):
        if deadline.kind == "appeal" and deadline.due is not None:
            return on > deadline.due
    return False


@transaction.atomic
def procedure_step(*, membership, actor, procedure: Procedure, action_code: str, on: date,
                   version: int, data: dict[str, Any] | None = None) -> Step:
    """Record one step of the procedure if the workflow allows it in its state."""
    data = dict(data or {})
    procedure = Procedure.objects.select_for_update().select_related(
        "client", "contact_point").get(pk=procedure.pk,
                                       contact_point_id=membership.contact_point_id)
    action = workflow.action_get(action_code)
    if action is None or not action.allowed_in(state=procedure.state, path=procedure.path):
        raise DomainError(_("This step is not allowed in the procedure's present state."))
    if not membership_has(membership, action.perm):
        raise DomainError(_("Only a register officer may take this step."))
    if procedure.version != version:
        raise ConflictError(_("Someone else has changed the procedure meanwhile. "
                              "Reload the page and try again."))
    _check_day(on, not_before=procedure.filed_on)
    _require(action, data, procedure)
    before = procedure.state
    late = action.code == "record_appeal" and _appeal_late(procedure, on)
    _apply(procedure, action, on, data)
    procedure.state = _target(procedure, action, before)
    procedure.version += 1
    procedure.save()
    note = data.get("reasons") or data.get("note") or ""
    step_data = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()
                 if k in ("remedy_days", "evidence_days", "opinion_result", "tie_kind",
                          "refusal_reason")}
    if late:
        step_data["late"] = True
    step = Step.objects.create(procedure=procedure, action=action.code, state_before=before,
                               state_after=procedure.state, on=on, actor=actor, note=note,
                               data=step_data)
    if action.letter:
        params = register_parameters(on)
        days = data.get("remedy_days") or data.get("evidence_days")
        if action.letter == "defects":
            days = days or params.remedy_days
        elif action.letter == "evidence":
            days = days or params.evidence_days
        letter_issue(procedure=procedure, kind=action.letter, step=step, actor=actor, on=on,
                     due_days=days, reasons=data.get("reasons") or "",
                     note=data.get("note") or "")
    procedure_refresh_deadline(procedure)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=procedure,
                 contact_point=procedure.contact_point, client_id=procedure.client.uuid,
                 changes=["state", *sorted(k for k in data if data[k])])
    event_record(kind=EVENT_PREFIX + action.code, contact_point=procedure.contact_point,
                 subject_id=procedure.uuid,
                 data={"path": procedure.path, "from": before, "to": procedure.state,
                       "on": on.isoformat(), "late": late,
                       "reason": data.get("refusal_reason") or "",
                       "days_since_filing": (on - procedure.filed_on).days})
    return step


@transaction.atomic
def letter_record_delivery(*, membership, actor, letter: Letter,
                           delivered_on: date | None = None,
                           ready_on: date | None = None) -> Letter:
    """Record that a letter was delivered, or was ready for collection (deemed delivery
    after the set days, SŘ § 24), and recompute the procedure's deadlines."""
    if not membership_has(membership, Perm.REGISTER_MANAGE):
        raise DomainError(_("Only a register officer may record deliveries."))
    if letter.contact_point_id != membership.contact_point_id:
        raise DomainError(_("The letter belongs to another contact point."))
    if not delivered_on and not ready_on:
        raise DomainError(_("Enter the day of delivery or the day it was ready for "
                            "collection."))
    for day in (delivered_on, ready_on):
        if day:
            _check_day(day)
            if day < letter.issued_on:
                raise DomainError(_("A letter cannot be delivered before it was issued."))
    letter.delivered_on = delivered_on
    letter.ready_on = ready_on
    letter.save(update_fields=["delivered_on", "ready_on"])
    procedure = letter.procedure
    procedure_refresh_deadline(procedure)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=letter,
                 contact_point=letter.contact_point, client_id=procedure.client.uuid,
                 changes=[f for f, v in (("delivered_on", delivered_on), ("ready_on", ready_on))
                          if v])
    return letter
