"""The workflow file: every action is well formed and every open state has a way on."""

from __future__ import annotations

from kmb.register import workflow
from kmb.register.models import CLOSED_STATES, ProcedurePath, State


def test_every_action_is_labelled_dated_and_has_a_basis():
    for action in workflow.actions().values():
        assert action.code in workflow.LABELS
        assert action.fields[0] == "on"
        assert "Sb." in action.basis and "§" in action.basis


def test_every_state_but_the_closed_ones_has_a_next_step_on_both_paths():
    for path in ProcedurePath.values:
        for state in State.values:
            allowed = workflow.allowed_actions(state=state, path=path)
            if state in CLOSED_STATES:
                assert not allowed, state
            elif path == "assistance" and state.startswith("opinion_"):
                continue  # not reachable without a binding opinion
            else:
                assert allowed, (path, state)


def test_only_decisions_issue_letters_and_need_the_deciding_permission():
    for action in workflow.actions().values():
        if action.letter:
            assert action.perm == "register.decide", action.code


def test_assistance_only_path_has_no_binding_opinion():
    codes = {a.code for a in workflow.allowed_actions(state="examination", path="assistance")}
    assert "request_opinion" not in codes and "enter" in codes


def test_a_person_in_need_is_entered_only_after_the_binding_opinion():
    need = {a.code for a in workflow.allowed_actions(state="examination", path="need")}
    assert "enter" not in need and "invite_evidence" not in need
    after = {a.code for a in workflow.allowed_actions(state="opinion_received", path="need")}
    assert {"enter", "invite_evidence"} <= after


def test_remedied_defects_return_to_where_the_procedure_was(db, officer_a, client_a):
    from datetime import timedelta

    from django.utils import timezone

    from kmb.register import services
    from tests.register.conftest import membership

    day = timezone.localdate() - timedelta(days=3)
    procedure = services.procedure_file(membership=membership(officer_a), actor=officer_a,
                                        client=client_a, path="need", channel="paper",
                                        filed_on=day)
    for code, data in (("request_remedy", {"note": "chybí podpis"}), ("record_remedy", {})):
        procedure.refresh_from_db()
        services.procedure_step(membership=membership(officer_a), actor=officer_a,
                                procedure=procedure, action_code=code, on=day,
                                version=procedure.version, data=data)
    procedure.refresh_from_db()
    assert procedure.state == "filed"  # the competence is still to be checked
