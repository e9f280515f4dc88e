"""The register's staff pages: the dashboard, a procedure walked through its forms, roles
and tenancy."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from kmb.register.models import Letter, Procedure, State
from tests.register.test_procedure import pdf_text

pytestmark = pytest.mark.django_db
TODAY = date(2027, 1, 20)


@pytest.fixture(autouse=True)
def _clock():
    """A frozen clock from before the log-in (so the session is fresh at TODAY)."""
    with time_machine.travel(TODAY, tick=False):
        yield


def _post_step(web, procedure, action, **data):
    procedure.refresh_from_db()
    payload = {"version": procedure.version, **{k: str(v) for k, v in data.items()}}
    return web.post(f"/staff/register/procedures/{procedure.uuid}/steps/{action}/", payload)


def test_adviser_files_officer_walks_to_entry_through_the_pages(web_adviser_a, web_officer_a,
                                                                client_a, tmp_path):
    response = web_adviser_a.post(f"/staff/register/clients/{client_a.uuid}/new/",
                                  {"path": "need", "channel": "paper",
                                   "filed_on": "2027-01-04"})
    assert response.status_code == 302
    procedure = Procedure.objects.get(client=client_a)
    page = web_adviser_a.get(f"/staff/register/procedures/{procedure.uuid}/")
    body = page.content.decode()
    assert "Žádost podána" in body or "žádost podána" in body
    assert "/steps/" not in body  # an adviser sees the status, not the officer's steps
    assert web_adviser_a.get(f"/staff/register/procedures/{procedure.uuid}/steps/"
                             "check_competence/").status_code == 404
    assert web_adviser_a.get("/staff/register/").status_code == 404

    body = web_officer_a.get(f"/staff/register/procedures/{procedure.uuid}/").content.decode()
    assert "check_competence" in body and "/steps/enter/" not in body
    assert "zákon 500/2004 Sb., § 71 odst. 1 a 3" in body and "3. 2. 2027" in body

    # bad input keeps the form with a message, saves nothing
    response = _post_step(web_officer_a, procedure, "check_competence", on="2027-01-05",
                          tie_kind="", declaration_signed_on="")
    assert response.status_code == 200 and "Vyberte vazbu na obvod." in response.content.decode()
    assert procedure.steps.count() == 1

    assert _post_step(web_officer_a, procedure, "check_competence", on="2027-01-05",
                      tie_kind="residence", declaration_signed_on="2027-01-04",
                      tie_evidence="občanský průkaz").status_code == 302
    assert _post_step(web_officer_a, procedure, "request_opinion",
                      on="2027-01-06").status_code == 302
    assert _post_step(web_officer_a, procedure, "record_opinion", on="2027-01-15",
                      opinion_result="favourable").status_code == 302
    assert _post_step(web_officer_a, procedure, "enter", on="2027-01-18").status_code == 302
    procedure.refresh_from_db()
    assert procedure.state == State.ENTERED
    letter = Letter.objects.get(procedure=procedure)
    pdf = web_officer_a.get(f"/staff/register/letters/{letter.uuid}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Oznámení o zápisu" in pdf_text(pdf.content, tmp_path)
    response = web_officer_a.post(f"/staff/register/letters/{letter.uuid}/delivery/",
                                  {"delivered_on": "2027-01-19"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.delivered_on == date(2027, 1, 19)
    # the letter is on the client's timeline
    timeline = web_officer_a.get(f"/staff/clients/{client_a.uuid}/").content.decode()
    assert letter.reference in timeline


def test_dashboard_lists_overdue_first_with_colours(web_officer_a, officer_a, cp_a):
    from kmb.register import services
    from tests import factories
    from tests.register.conftest import membership

    old = factories.ClientFactory(contact_point=cp_a, last_name="Starší")
    new = factories.ClientFactory(contact_point=cp_a, last_name="Novější")
    services.procedure_file(membership=membership(officer_a), actor=officer_a, client=new,
                            path="need", channel="paper", filed_on=date(2027, 1, 15))
    services.procedure_file(membership=membership(officer_a), actor=officer_a, client=old,
                            path="need", channel="paper", filed_on=date(2026, 12, 1))
    body = web_officer_a.get("/staff/register/").content.decode()
    assert body.index("Starší") < body.index("Novější")
    assert "kmb-badge--danger" in body and "kmb-badge--success" in body


def test_another_office_gets_404_everywhere(web_officer_b, officer_a, client_a):
    from kmb.register import services
    from tests.register.conftest import membership

    procedure = services.procedure_file(membership=membership(officer_a), actor=officer_a,
                                        client=client_a, path="need", channel="paper",
                                        filed_on=date(2027, 1, 4))
    services.procedure_step(membership=membership(officer_a), actor=officer_a,
                            procedure=procedure, action_code="request_remedy",
                            on=date(2027, 1, 5), version=procedure.version,
                            data={"note": "chybí podpis"})
    letter = Letter.objects.get()
    for url in (f"/staff/register/procedures/{procedure.uuid}/",
                f"/staff/register/procedures/{procedure.uuid}/steps/record_remedy/",
                f"/staff/register/letters/{letter.uuid}/pdf/",
                f"/staff/register/letters/{letter.uuid}/delivery/",
                f"/staff/register/clients/{client_a.uuid}/new/"):
        assert web_officer_b.get(url).status_code == 404, url
        assert web_officer_b.post(url, {"version": 2, "on": "2027-01-06"}).status_code == 404
    assert client_a.last_name not in web_officer_b.get("/staff/register/").content.decode()
    procedure.refresh_from_db()
    assert procedure.state == State.DEFECTS


def test_the_file_of_a_procedure_lists_and_attaches_its_letters(web_officer_a, officer_a,
                                                                 client_a, tmp_path):
    from kmb.register import services
    from tests.register.conftest import membership

    procedure = services.procedure_file(membership=membership(officer_a), actor=officer_a,
                                        client=client_a, path="need", channel="paper",
                                        filed_on=date(2027, 1, 4))
    services.procedure_step(membership=membership(officer_a), actor=officer_a,
                            procedure=procedure, action_code="request_remedy",
                            on=date(2027, 1, 5), version=procedure.version,
                            data={"note": "chybí podpis"})
    letter = Letter.objects.get()
    response = web_officer_a.get(f"/staff/register/procedures/{procedure.uuid}/file.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    compact = "".join(text.split())
    assert "Seznam dokumentů" in text and letter.reference in text
    assert letter.sha256 in compact
    # the letter itself travels inside the file, unchanged
    assert b"/EmbeddedFile" in response.content
    # ONE PDF: the list, then the letter's own pages, and the list says where it starts
    import hashlib
    import io

    from pypdf import PdfReader

    merged = PdfReader(io.BytesIO(response.content))
    letter_pages = len(PdfReader(io.BytesIO(bytes(letter.content))).pages)
    cover = len(merged.pages) - letter_pages
    assert cover >= 1 and letter_pages >= 1
    first_letter_page = merged.pages[cover].extract_text()
    assert letter.reference in first_letter_page and "chybí podpis" in text
    assert "Výzva k odstranění nedostatků" in first_letter_page
    row = next(line for line in text.splitlines() if line.strip().startswith("1 ")
               and letter.reference in line)
    expected = str(cover + 1) if letter_pages == 1 else f"{cover + 1}–{cover + letter_pages}"
    assert row.rstrip().endswith(expected)
    [attached] = merged.attachments.values()
    assert hashlib.sha256(attached[0]).hexdigest() == letter.sha256
    assert [o.title for o in merged.outline][1].startswith(letter.reference)
