"""The deadlines of one procedure now: which run, when they end and on what legal basis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from kmb.register import deadlines as dl
from kmb.register.models import Letter, LetterKind, Procedure, State
from kmb.register.params import RegisterParameters

DECISION_STATES = (State.FILED, State.EXAMINATION, State.DEFECTS, State.OPINION_REQUESTED,
                   State.OPINION_RECEIVED, State.EVIDENCE)

KIND_LABELS = {
    "decision": _("decision on the application"),
    "remedy": _("remedy of the defects"),
    "evidence": _("comments on the evidence"),
    "appeal": _("appeal"),
    "appeal_forward": _("forwarding the appeal to the regional office"),
    "validity": _("end of validity of the entry"),
}


@dataclass(frozen=True)
class RunningDeadline:
    kind: str
    due: date | None  # None: waiting (the clock stands still or a letter is not delivered)
    basis: str
    note: str = ""

    @property
    def label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


def letter_delivered_on(letter: Letter, params: RegisterParameters) -> date | None:
    """The day the letter was delivered, or counts as delivered (SŘ § 24 odst. 1)."""
    if letter.delivered_on:
        return letter.delivered_on
    if letter.ready_on:
        return dl.deemed_delivery(
            letter.ready_on, params.deemed_delivery_days,
            move_to_working_day=params.deemed_delivery_moves_to_working_day)
    return None


def _latest(letters: list[Letter], kind: str) -> Letter | None:
    found = [letter for letter in letters if letter.kind == kind]
    return found[-1] if found else None


def _from_letter(kind: str, letter: Letter | None, params: RegisterParameters, days: int,
                 basis: str) -> RunningDeadline:
    delivered = letter_delivered_on(letter, params) if letter else None
    if delivered is None:
        return RunningDeadline(kind, None, basis, str(_("runs from the delivery of the letter")))
    return RunningDeadline(kind, dl.period_end(delivered, letter.period_days or days), basis)


def running_deadlines(procedure: Procedure, params: RegisterParameters, *,
                      suspensions=None, letters=None) -> list[RunningDeadline]:
    """Every deadline running in the procedure's state (suspensions and letters may be
    passed in when prefetched)."""
    suspensions = list(procedure.suspensions.all() if suspensions is None else suspensions)
    letters = list(procedure.letters.order_by("issued_on", "number").defer("content")
                   if letters is None else letters)
    state = procedure.state
    found: list[RunningDeadline] = []
    if state in DECISION_STATES:
        decision = dl.decision_deadline(
            procedure.filed_on, days=params.decision_days,
            extension_days=params.decision_extension_days, extended=procedure.extended,
            suspensions=[dl.Suspension(s.first_day, s.last_day) for s in suspensions])
        note = "" if decision.due else str(_("the clock stands still while suspended"))
        found.append(RunningDeadline("decision", decision.due, decision.basis, note))
    if state == State.DEFECTS:
        found.append(_from_letter("remedy", _latest(letters, LetterKind.DEFECTS), params,
                                  params.remedy_days,
                                  dl.BASIS_REMEDY))
    if state == State.EVIDENCE:
        found.append(_from_letter("evidence", _latest(letters, LetterKind.EVIDENCE), params,
                                  params.evidence_days,
                                  dl.BASIS_EVIDENCE))
    if state == State.REFUSED:
        found.append(_from_letter("appeal", _latest(letters, LetterKind.REFUSAL), params,
                                  params.appeal_days, dl.BASIS_APPEAL))
    if state == State.APPEALED and procedure.appeal_filed_on:
        found.append(RunningDeadline(
            "appeal_forward", dl.period_end(procedure.appeal_filed_on,
                                            params.appeal_forward_days),
            "zákon 500/2004 Sb., § 88 odst. 1"))
    if state == State.ENTERED and procedure.valid_until:
        found.append(RunningDeadline("validity", procedure.valid_until, dl.BASIS_VALIDITY))
    return found


def next_deadline(deadlines: list[RunningDeadline]) -> RunningDeadline | None:
    dated = [d for d in deadlines if d.due is not None]
    return min(dated, key=lambda d: d.due) if dated else None
