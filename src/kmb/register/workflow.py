"""The register procedure as a state machine kept as data (``data/workflow.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

from kmb.core.permissions import Perm
from kmb.register.models import LetterKind, ProcedurePath, State

WORKFLOW_FILE = Path(__file__).parent / "data" / "workflow.yaml"

#: ``to: previous``: back to the state before the last suspension (SŘ § 65 odst. 2).
PREVIOUS = "previous"

PERMS = {"prepare": Perm.REGISTER_PREPARE, "manage": Perm.REGISTER_MANAGE,
         "decide": Perm.REGISTER_DECIDE}

LABELS = {
    "file": _("Application filed"),
    "check_competence": _("Competence and tie to the district checked"),
    "request_remedy": _("Request to remedy defects; procedure suspended"),
    "record_remedy": _("Defects remedied; procedure continues"),
    "record_inquiry": _("Housing inquiry recorded"),
    "mark_complex": _("Marked as a complex case"),
    "request_opinion": _("Binding opinion of the Labour Office requested"),
    "record_opinion": _("Binding opinion received"),
    "invite_evidence": _("Applicant invited to see the evidence"),
    "enter": _("Entered in the register; notification sent"),
    "refuse": _("Decision refusing the entry"),
    "record_appeal": _("Appeal filed"),
    "appeal_dismissed": _("Appeal dismissed by the regional office"),
    "appeal_returned": _("Decision annulled and returned by the regional office"),
    "appeal_changed": _("Decision changed by the regional office: entered"),
    "refusal_final": _("Refusal became final"),
    "report_change": _("Change of entered data reported"),
    "remove": _("Removed from the register"),
    "end_validity": _("Validity of the entry ended"),
}


@dataclass(frozen=True)
class Action:
    code: str
    sources: dict[str, tuple[str, ...]]  # path → states in which the action is allowed
    target: str | None  # None: the state does not change
    perm: str
    paths: tuple[str, ...]
    letter: str
    fields: tuple[str, ...]
    suspends: bool
    resumes: bool
    extends: bool
    basis: str
    to_be_confirmed: bool

    @property
    def label(self) -> str:
        return LABELS.get(self.code, self.code)

    def target_from(self, state: str) -> str:
        return self.target or state

    def allowed_in(self, *, state: str, path: str) -> bool:
        return path in self.paths and state in self.sources.get(path, ())


def _action(code: str, raw: dict) -> Action:
    states = set(State.values)
    paths = tuple(raw.get("paths") or ProcedurePath.values)
    given = raw["from"]
    sources = ({path: tuple(given.get(path) or ()) for path in paths}
               if isinstance(given, dict) else {path: tuple(given) for path in paths})
    target = None if raw["to"] == "same" else raw["to"]
    listed = [s for states_ in sources.values() for s in states_]
    unknown = [s for s in (*listed, target)
               if s is not None and s != PREVIOUS and s not in states]
    if unknown or raw["perm"] not in PERMS:
        raise ValueError(f"Workflow action {code}: unknown state or permission {unknown}")
    fields = tuple(raw.get("fields") or ("on",))
    if not all(isinstance(f, str) for f in fields):
        raise ValueError(f"Workflow action {code}: quote the field names ({fields})")
    letter = raw.get("letter", "")
    if letter and letter not in LetterKind.values:
        raise ValueError(f"Workflow action {code}: unknown letter {letter}")
    return Action(code=code, sources=sources, target=target, perm=PERMS[raw["perm"]],
                  paths=paths, letter=letter,
                  fields=fields,
                  suspends=bool(raw.get("suspends")), resumes=bool(raw.get("resumes")),
                  extends=bool(raw.get("extends")), basis=raw.get("basis", ""),
                  to_be_confirmed=raw.get("checked") == "to be confirmed")


@lru_cache(maxsize=1)
def actions() -> dict[str, Action]:
    raw = yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))
    return {code: _action(code, spec) for code, spec in raw["actions"].items()}


def action_get(code: str) -> Action | None:
    return actions().get(code)


def allowed_actions(*, state: str, path: str) -> list[Action]:
    return [a for a in actions().values() if a.allowed_in(state=state, path=path)]
