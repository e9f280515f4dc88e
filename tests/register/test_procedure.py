"""A register procedure walked through its services: steps, deadlines, letters, roles."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import date

import pytest
import time_machine

from kmb.audit.models import AuditEntry
from kmb.cases.errors import DomainError
from kmb.core.models import DomainEvent
from kmb.register import services
from kmb.register.letters import reference_next
from kmb.register.models import Letter, State
from tests.register.conftest import membership

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)


def _step(officer, procedure, code, on, **data):
    procedure.refresh_from_db()
    return services.procedure_step(membership=membership(officer), actor=officer,
                                   procedure=procedure, action_code=code, on=on,
                                   version=procedure.version, data=data)


def pdf_text(content: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout


def pdf_words(content: bytes, tmp_path) -> str:
    """The words of a PDF separated by single spaces: a phrase is found wherever the
    letter's layout breaks its lines (names and addresses of test clients vary)."""
    return " ".join(pdf_text(content, tmp_path).split())


@time_machine.travel(TODAY, tick=False)
def test_need_procedure_end_to_end_with_defects_inquiry_opinion_entry_change_removal(
        officer_a, adviser_a, client_a, tmp_path):
    procedure = services.procedure_file(
        membership=membership(adviser_a), actor=adviser_a, client=client_a, path="need",
        channel="paper", filed_on=date(2026, 12, 2))
    procedure.refresh_from_db()
    # 30 days from 2 Dec 2026 end on Friday 1 January 2027, a holiday → Monday 4 January
    assert procedure.next_due == date(2027, 1, 4) and "§ 71" in procedure.next_due_basis

    _step(officer_a, procedure, "check_competence", date(2026, 12, 3), tie_kind="residence",
          declaration_signed_on=date(2026, 12, 2), tie_evidence="OP")
    _step(officer_a, procedure, "request_remedy", date(2026, 12, 4), remedy_days=10,
          note="chybí doklad o příjmech")
    procedure.refresh_from_db()
    assert procedure.state == State.DEFECTS
    defects = procedure.letters.get()
    assert procedure.next_due is None  # waiting for delivery; the decision clock stands
    services.letter_record_delivery(membership=membership(officer_a), actor=officer_a,
                                    letter=defects, ready_on=date(2026, 12, 7))
    procedure.refresh_from_db()
    # deemed delivered on 17 Dec; 10 days end on Sunday 27 Dec → Monday 28 December
    assert procedure.next_due == date(2026, 12, 28) and procedure.next_due_kind == "remedy"

    _step(officer_a, procedure, "record_remedy", date(2026, 12, 21))
    procedure.refresh_from_db()
    # 4–21 December (18 days) did not count: 4 Jan 2027 counted end moves by 18 days
    # → 19 January 2027 (counted: 2 Dec + 30 + 18 = 19 Jan, a Tuesday)
    assert procedure.next_due == date(2027, 1, 19)

    _step(officer_a, procedure, "record_inquiry", date(2027, 1, 5),
          note="Místní šetření: byt vlhký, 3 osoby v 1 místnosti.")
    procedure.refresh_from_db()
    assert procedure.extended and procedure.next_due == date(2027, 2, 18)

    _step(officer_a, procedure, "request_opinion", date(2027, 1, 6))
    _step(officer_a, procedure, "record_opinion", date(2027, 1, 25),
          opinion_result="favourable")
    _step(officer_a, procedure, "enter", date(2027, 1, 27))
    procedure.refresh_from_db()
    assert procedure.state == State.ENTERED
    assert procedure.valid_until == date(2029, 1, 27)
    assert procedure.next_due_kind == "validity"

    _step(officer_a, procedure, "report_change", date(2027, 2, 10),
          note="Narodilo se dítě, domácnost 4 osoby.")
    _step(officer_a, procedure, "remove", date(2027, 2, 20), reasons="Žadatel získal nájem.")
    procedure.refresh_from_db()
    assert procedure.state == State.ENDED and not procedure.is_open

    actions = list(procedure.steps.values_list("action", flat=True))
    assert actions == ["file", "check_competence", "request_remedy", "record_remedy",
                       "record_inquiry", "request_opinion", "record_opinion", "enter",
                       "report_change", "remove"]
    letters = list(procedure.letters.order_by("number"))
    assert [x.kind for x in letters] == ["defects", "entry", "removal"]
    office = f"KMB{procedure.contact_point.pk}"
    assert [x.reference for x in letters] == [f"{office}/1/2026", f"{office}/1/2027",
                                              f"{office}/2/2027"]
    for letter in letters:
        assert hashlib.sha256(bytes(letter.content)).hexdigest() == letter.sha256
    assert AuditEntry.objects.filter(client_id=client_a.uuid).count() >= 10
    assert DomainEvent.objects.filter(kind="register.enter").count() == 1
    text = pdf_words(bytes(letters[1].content), tmp_path)
    for part in ("Oznámení o zápisu do evidence osob v bytové nouzi", "Číslo jednací",
                 "Odůvodnění", "Poučení", "Právní základ", client_a.last_name,
                 "Zápis platí do 27. 1. 2029", "zákona č. 175/2025 Sb."):
        assert part in text, part


@time_machine.travel(TODAY, tick=False)
def test_refusal_appeal_within_fifteen_days_and_its_outcome(officer_a, client_a, tmp_path):
    procedure = services.procedure_file(
        membership=membership(officer_a), actor=officer_a, client=client_a, path="need",
        channel="portal", filed_on=date(2026, 11, 20))
    _step(officer_a, procedure, "check_competence", date(2026, 11, 23), tie_kind="living",
          declaration_signed_on=date(2026, 11, 20))
    _step(officer_a, procedure, "request_opinion", date(2026, 11, 24))
    _step(officer_a, procedure, "record_opinion", date(2026, 12, 1),
          opinion_result="unfavourable")
    _step(officer_a, procedure, "invite_evidence", date(2026, 12, 2))
    _step(officer_a, procedure, "refuse", date(2026, 12, 16),
          reasons="Příjem domácnosti přesahuje limit podle závazného stanoviska.",
          refusal_reason="income")
    procedure.refresh_from_db()
    refusal = procedure.letters.get(kind="refusal")
    services.letter_record_delivery(membership=membership(officer_a), actor=officer_a,
                                    letter=refusal, delivered_on=date(2026, 12, 18))
    procedure.refresh_from_db()
    # delivered Friday 18 Dec 2026: 15 days end on Saturday 2 Jan 2027 → Monday 4 January
    assert procedure.next_due == date(2027, 1, 4) and procedure.next_due_kind == "appeal"
    step = _step(officer_a, procedure, "record_appeal", date(2027, 1, 4))
    assert "late" not in step.data
    procedure.refresh_from_db()
    assert procedure.state == State.APPEALED
    assert procedure.next_due == date(2027, 2, 3)  # forwarded within 30 days (§ 88)
    _step(officer_a, procedure, "appeal_dismissed", date(2027, 2, 20))
    procedure.refresh_from_db()
    assert procedure.state == State.REFUSED_FINAL and procedure.next_due is None
    text = pdf_words(bytes(refusal.content), tmp_path)
    for part in ("Rozhodnutí o zamítnutí žádosti", "se zamítá", "Odvolat do 15 dnů".lower()[1:],
                 "Příjem domácnosti přesahuje limit"):
        assert part in text, part


@time_machine.travel(TODAY, tick=False)
def test_a_late_appeal_is_recorded_as_late(officer_a, client_a):
    procedure = services.procedure_file(
        membership=membership(officer_a), actor=officer_a, client=client_a,
        path="assistance", channel="paper", filed_on=date(2026, 11, 2))
    _step(officer_a, procedure, "check_competence", date(2026, 11, 3), tie_kind="work",
          declaration_signed_on=date(2026, 11, 2))
    _step(officer_a, procedure, "invite_evidence", date(2026, 11, 4))
    _step(officer_a, procedure, "refuse", date(2026, 11, 20), reasons="Nesplněny podmínky.",
          refusal_reason="no_tie")
    procedure.refresh_from_db()
    services.letter_record_delivery(membership=membership(officer_a), actor=officer_a,
                                    letter=procedure.letters.get(kind="refusal"),
                                    delivered_on=date(2026, 11, 23))
    step = _step(officer_a, procedure, "record_appeal", date(2026, 12, 15))
    assert step.data["late"] is True


@time_machine.travel(TODAY, tick=False)
def test_only_allowed_steps_and_only_officers_decide(officer_a, adviser_a, client_a):
    procedure = services.procedure_file(
        membership=membership(adviser_a), actor=adviser_a, client=client_a, path="need",
        channel="paper", filed_on=date(2027, 2, 1))
    with pytest.raises(DomainError):
        _step(officer_a, procedure, "enter", date(2027, 2, 2))  # not allowed when filed
    with pytest.raises(DomainError):
        _step(adviser_a, procedure, "check_competence", date(2027, 2, 2),
              tie_kind="residence", declaration_signed_on=date(2027, 2, 1))
    with pytest.raises(DomainError):  # assistance-only has no binding opinion
        _step(officer_a, procedure, "request_opinion", date(2027, 2, 2))
    with pytest.raises(DomainError):
        _step(officer_a, procedure, "check_competence", date(2027, 2, 2))  # tie missing
    with pytest.raises(DomainError):
        _step(officer_a, procedure, "check_competence", date(2027, 3, 5),
              tie_kind="residence", declaration_signed_on=date(2027, 2, 1))  # future
    procedure.refresh_from_db()
    assert procedure.state == State.FILED and procedure.steps.count() == 1
    with pytest.raises(DomainError):  # a second running application of the same kind
        services.procedure_file(membership=membership(adviser_a), actor=adviser_a,
                                client=client_a, path="need", channel="paper",
                                filed_on=date(2027, 2, 1))


def test_a_stale_version_is_refused(officer_a, client_a):
    from kmb.cases.errors import ConflictError

    procedure = services.procedure_file(
        membership=membership(officer_a), actor=officer_a, client=client_a, path="need",
        channel="paper", filed_on=date(2026, 2, 1))
    with pytest.raises(ConflictError):
        services.procedure_step(membership=membership(officer_a), actor=officer_a,
                                procedure=procedure, action_code="check_competence",
                                on=date(2026, 2, 2), version=procedure.version + 1,
                                data={"tie_kind": "residence",
                                      "declaration_signed_on": date(2026, 2, 1)})


def test_letters_are_immutable_and_numbers_per_office_and_year(officer_a, officer_b, cp_a,
                                                                cp_b):
    assert [reference_next(contact_point=cp_a, year=2027) for _ in range(3)] == [1, 2, 3]
    assert reference_next(contact_point=cp_b, year=2027) == 1
    assert reference_next(contact_point=cp_a, year=2028) == 1


@time_machine.travel(TODAY, tick=False)
def test_an_issued_letter_cannot_be_changed_or_deleted(officer_a, client_a):
    procedure = services.procedure_file(
        membership=membership(officer_a), actor=officer_a, client=client_a, path="need",
        channel="paper", filed_on=date(2027, 2, 1))
    _step(officer_a, procedure, "request_remedy", date(2027, 2, 2), note="chybí podpis")
    letter = Letter.objects.get()
    letter.content = b"forged"
    with pytest.raises(RuntimeError):
        letter.save()
    with pytest.raises(RuntimeError):
        letter.delete()
    assert bytes(Letter.objects.get().content).startswith(b"%PDF")


@time_machine.travel(TODAY, tick=False)
def test_every_letter_renders_in_czech_with_the_mandatory_parts(officer_a, client_a,
                                                               tmp_path):
    from kmb.register.models import LetterKind, OfficeSettings

    OfficeSettings.objects.create(contact_point=client_a.contact_point,
                                  authority="Úřad městské části Praha 7",
                                  reference_prefix="UMCP7/KMB",
                                  appeal_authority="Magistrát hlavního města Prahy")
    first = services.procedure_file(membership=membership(officer_a), actor=officer_a,
                                    client=client_a, path="need", channel="paper",
                                    filed_on=date(2027, 1, 4))
    _step(officer_a, first, "request_remedy", date(2027, 1, 5), note="chybí podpis")
    _step(officer_a, first, "record_remedy", date(2027, 1, 8))
    _step(officer_a, first, "check_competence", date(2027, 1, 8), tie_kind="residence",
          declaration_signed_on=date(2027, 1, 4))
    _step(officer_a, first, "request_opinion", date(2027, 1, 8))
    _step(officer_a, first, "record_opinion", date(2027, 1, 10),
          opinion_result="unfavourable")
    _step(officer_a, first, "invite_evidence", date(2027, 1, 11))
    _step(officer_a, first, "refuse", date(2027, 1, 20), reasons="Nesplněny podmínky § 5.",
          refusal_reason="not_in_need")
    second = services.procedure_file(membership=membership(officer_a), actor=officer_a,
                                     client=client_a, path="assistance", channel="portal",
                                     filed_on=date(2027, 1, 4))
    _step(officer_a, second, "check_competence", date(2027, 1, 5), tie_kind="study",
          declaration_signed_on=date(2027, 1, 4))
    _step(officer_a, second, "enter", date(2027, 1, 12))
    _step(officer_a, second, "remove", date(2027, 2, 1), reasons="Na vlastní žádost.")
    letters = {x.kind: x for x in Letter.objects.all()}
    assert set(letters) == set(LetterKind.values)
    titles = {"defects": "Výzva k odstranění nedostatků žádosti a usnesení o přerušení",
              "evidence": "Výzva k seznámení se s podklady rozhodnutí",
              "entry": "Oznámení o zápisu do evidence osob v bytové nouzi",
              "refusal": "Rozhodnutí o zamítnutí žádosti o zápis",
              "removal": "Oznámení o vyřazení z evidence osob v bytové nouzi"}
    for kind, letter in letters.items():
        text = " ".join(pdf_text(bytes(letter.content), tmp_path).split())
        for part in (titles[kind], "Úřad městské části Praha 7", "Číslo jednací",
                     letter.reference, "Právní základ", "Výrok", "Odůvodnění", "Poučení",
                     "oprávněná úřední osoba", "Radka Řádná", "Praha, ",
                     client_a.last_name):
            assert part in text, (kind, part)
    refusal = " ".join(pdf_text(bytes(letters["refusal"].content), tmp_path).split())
    assert "Magistrát hlavního města Prahy" in refusal and "do 15 dnů" in refusal
    defects = " ".join(pdf_text(bytes(letters["defects"].content), tmp_path).split())
    assert "ve lhůtě 15 dnů" in defects and "chybí podpis" in defects


@time_machine.travel(TODAY, tick=False)
def test_tie_and_declaration_are_required_only_once_the_amendment_applies(officer_a,
                                                                         client_a):
    before = services.procedure_file(membership=membership(officer_a), actor=officer_a,
                                     client=client_a, path="need", channel="paper",
                                     filed_on=date(2026, 3, 2))
    _step(officer_a, before, "check_competence", date(2026, 3, 3))  # nothing required
    before.refresh_from_db()
    assert before.state == State.EXAMINATION and before.tie_kind == ""
    after = services.procedure_file(membership=membership(officer_a), actor=officer_a,
                                    client=client_a, path="assistance", channel="paper",
                                    filed_on=date(2026, 9, 1))
    with pytest.raises(DomainError):
        _step(officer_a, after, "check_competence", date(2026, 9, 2))
