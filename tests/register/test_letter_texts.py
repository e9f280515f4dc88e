"""The office words its letters on a staff page: sanitised, versioned, issued letters kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kmb.audit.models import AuditEntry
from kmb.register import services
from kmb.register.models import Letter, LetterText
from tests.conftest import _logged_in
from tests.register.conftest import membership
from tests.register.test_procedure import pdf_words

pytestmark = pytest.mark.django_db
URL = "/staff/register/letter-texts/"


def _remedy(officer, client, day):
    procedure = services.procedure_file(membership=membership(officer), actor=officer,
                                        client=client, path="need", channel="paper",
                                        filed_on=day)
    services.procedure_step(membership=membership(officer), actor=officer,
                            procedure=procedure, action_code="request_remedy", on=day,
                            version=procedure.version, data={"note": "chybí podpis"})
    return Letter.objects.filter(procedure=procedure).get()


def test_officer_rewords_a_letter_new_letters_use_it_issued_ones_never_change(
        web_officer_a, officer_a, client_a, tmp_path):
    first = _remedy(officer_a, client_a, timezone.localdate() - timedelta(days=2))
    assert first.text_versions == {"title": 0, "statement": 0, "reasoning": 0,
                                   "instruction": 0}
    before = (bytes(first.content), first.sha256)
    page = web_officer_a.get(URL + "defects/")
    assert page.status_code == 200 and "Výzva k odstranění nedostatků" in page.content.decode()
    response = web_officer_a.post(URL + "defects/", {
        "title": "Výzva k doplnění žádosti <b>a přerušení</b>",
        "statement": "{authority} vyzývá {applicant}, aby do {due_days} dnů doplnil žádost."
                     "<script>alert(1)</script>",
        "reasoning": "", "instruction": ""})
    assert response.status_code == 302
    title = LetterText.objects.get(part="title")
    assert (title.text, title.version, title.created_by) == (
        "Výzva k doplnění žádosti a přerušení", 1, officer_a)
    assert "<script" not in LetterText.objects.get(part="statement").text
    assert AuditEntry.objects.filter(object_type="register.lettertext").count() == 2
    second = _remedy(officer_a, client_a.__class__.objects.create(
        contact_point=client_a.contact_point, first_name="Petr", last_name="Druhý"),
        timezone.localdate() - timedelta(days=1))
    assert second.text_versions["title"] == 1 and second.text_versions["reasoning"] == 0
    text = pdf_words(bytes(second.content), tmp_path)
    assert "Výzva k doplnění žádosti a přerušení" in text and "Petr Druhý" in text
    assert "alert" not in text
    # a second change is a new version; the earlier letter is unchanged
    web_officer_a.post(URL + "defects/", {"title": "Výzva k doplnění", "statement": "",
                                          "reasoning": "", "instruction": ""})
    assert list(LetterText.objects.filter(part="title").values_list("version", "text")
                .order_by("version")) == [(1, "Výzva k doplnění žádosti a přerušení"),
                                          (2, "Výzva k doplnění")]
    first.refresh_from_db()
    assert (bytes(first.content), first.sha256) == before
    history = web_officer_a.get(URL + "defects/").content.decode()
    assert "Výzva k doplnění žádosti a přerušení" in history  # the history is shown
    listing = web_officer_a.get(URL).content.decode()
    assert "verze 2" in listing


@pytest.mark.parametrize("bad", ["{jmeno} dostává výzvu", "Chybná { závorka"])
def test_unknown_placeholders_and_stray_braces_are_explained(web_officer_a, bad):
    response = web_officer_a.post(URL + "defects/", {"title": "", "statement": bad,
                                                     "reasoning": "", "instruction": ""})
    assert response.status_code == 400 and not LetterText.objects.exists()
    assert "{applicant}" in response.content.decode()  # the allowed list is shown


def test_lead_may_edit_adviser_and_other_offices_may_not(lead_a, adviser_a, officer_b,
                                                          web_officer_b):
    assert _logged_in(lead_a).get(URL + "refusal/").status_code == 200
    assert _logged_in(adviser_a).get(URL).status_code == 404
    assert _logged_in(adviser_a).post(URL + "refusal/", {"title": "x"}).status_code == 404
    _logged_in(lead_a).post(URL + "refusal/", {"title": "Rozhodnutí", "statement": "",
                                               "reasoning": "", "instruction": ""})
    # the other office sees only its own (default) wording
    assert "Rozhodnutí</" not in web_officer_b.get(URL + "refusal/").content.decode()
    assert _logged_in(lead_a).get(URL + "unknown/").status_code == 404
