"""Staff pages, the PDF, the timeline, the public page and batch runs."""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from kmb.audit.models import AuditEntry, SecurityEvent
from kmb.benefits import batch as batch_service
from kmb.benefits.models import BatchStatus, BenefitBatch, BenefitBatchRow, BenefitEstimate
from kmb.core.models import DomainEvent
from kmb.core.permissions import Role
from tests import factories
from tests.benefits.helpers import form_data
from tests.benefits.test_engine import couple_with_children, readme_household, single
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db
D = Decimal


def _save(http, client, household=None, **extra) -> BenefitEstimate:
    response = http.post(f"/staff/benefits/clients/{client.uuid}/new/",
                         form_data(household or readme_household(), **extra))
    assert response.status_code == 302, response.content.decode()[:3000]
    return BenefitEstimate.objects.filter(client=client).first()


def _login(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return http


def test_client_page_links_to_the_estimate_and_shows_it_on_the_timeline(web_adviser_a,
                                                                         client_a):
    page = web_adviser_a.get(f"/staff/clients/{client_a.uuid}/").content.decode()
    assert f'href="/staff/benefits/clients/{client_a.uuid}/new/"' in page
    saved = _save(web_adviser_a, client_a)
    page = web_adviser_a.get(f"/staff/clients/{client_a.uuid}/").content.decode()
    assert f'href="/staff/benefits/estimates/{saved.uuid}/"' in page
    assert "13\xa0324\xa0Kč" in page


def test_client_page_queries_do_not_grow_with_estimates(web_adviser_a, client_a):
    url = f"/staff/clients/{client_a.uuid}/"
    _save(web_adviser_a, client_a)
    web_adviser_a.get(url)
    with CaptureQueriesContext(connection) as few:
        web_adviser_a.get(url)
    for _ in range(4):
        _save(web_adviser_a, client_a, single())
    with CaptureQueriesContext(connection) as many:
        web_adviser_a.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)


def test_estimate_page_shows_components_assets_explanation_and_help(web_adviser_a, client_a):
    saved = _save(web_adviser_a, client_a, single(savings=D(1000), cars=0, homes_owned=0),
                  situation="deposit", amount_needed="25000")
    page = web_adviser_a.get(f"/staff/benefits/estimates/{saved.uuid}/").content.decode()
    for marker in ('id="components"', 'data-component="dssp_slozka_na_bydleni"',
                   'id="assets"', 'id="explanation"', 'id="help"',
                   'data-code="mop_deposit"', 'data-code="foundation"',
                   'data-code="housing_support_limit"'):
        assert marker in page
    assert AuditEntry.objects.filter(action="view", object_id=str(saved.uuid)).exists()


def test_pdf_for_the_client_is_a4_with_czech_text(web_adviser_a, client_a, tmp_path):
    saved = _save(web_adviser_a, client_a)
    response = web_adviser_a.get(f"/staff/benefits/estimates/{saved.uuid}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "estimate.pdf"
    path.write_bytes(response.content)
    try:
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              check=True, text=True).stdout
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True,
                              text=True).stdout
    except FileNotFoundError:
        pytest.skip("poppler-utils not installed")
    assert "Jiřina Nováková" in text and "13 324 Kč" in text.replace("\xa0", " ")
    assert "595.276 x 841.89" in info  # A4 in points
    assert AuditEntry.objects.filter(action="export", object_id=str(saved.uuid)).exists()


def test_other_contact_point_and_other_roles_get_404(web_adviser_a, client_a, adviser_b,
                                                     web_adviser_b, cp_a, analyst_a):
    saved = _save(web_adviser_a, client_a)
    for url in (f"/staff/benefits/estimates/{saved.uuid}/",
                f"/staff/benefits/estimates/{saved.uuid}/pdf/",
                f"/staff/benefits/clients/{client_a.uuid}/new/"):
        assert web_adviser_b.get(url).status_code == 404
        assert _login(analyst_a).get(url).status_code == 404  # analysts see no cases
    assert web_adviser_b.post(f"/staff/benefits/clients/{client_a.uuid}/new/",
                              form_data(single())).status_code == 404
    assert BenefitEstimate.objects.count() == 1


# --- the public page ------------------------------------------------------------------

PUBLIC = {"district": "ostrava_mesto", "housing": "rent", "rent": "9000", "energy": "2500",
          "a1_age": "34", "a1_activity": "parent", "a1_other_income": "7600",
          "children_under_6": "1", "children_6_14": "1", "savings": "3000", "cars": "0",
          "situation": "deposit", "amount_needed": "20000"}


@pytest.mark.parametrize(("language", "title", "apply"), [
    ("cs", "Spočítejte si dávku", "Jak o dávku požádat"),
    ("en", "Estimate the state social assistance benefit", "How to apply"),
    ("uk", "Розрахуйте державну соціальну допомогу", "Як подати заяву"),
])
def test_public_page_in_three_languages_stores_nothing(language, title, apply):
    http = HttpClient(HTTP_ACCEPT_LANGUAGE=language)
    page = http.get("/benefits/").content.decode()
    assert title in page and f'lang="{language}"' in page
    counts = (BenefitEstimate.objects.count(), AuditEntry.objects.count(),
              DomainEvent.objects.count())
    response = http.post("/benefits/", PUBLIC)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="result-total"' in page
    assert apply in page and 'id="result-help"' in page
    assert (BenefitEstimate.objects.count(), AuditEntry.objects.count(),
            DomainEvent.objects.count()) == counts
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_public_result_matches_the_engine():
    from kmb.benefits.public import PublicEstimateForm
    from kmb.benefits.services import estimate_household

    form = PublicEstimateForm(PUBLIC)
    assert form.is_valid(), form.errors
    expected = estimate_household(household=form.household()).estimate.dssp
    page = HttpClient(HTTP_ACCEPT_LANGUAGE="cs").post("/benefits/", PUBLIC).content.decode()
    assert f"{expected:,}".replace(",", "\xa0") + "\xa0Kč" in page


def test_public_page_names_the_contact_point_of_the_municipality(cp_a):
    page = HttpClient(HTTP_ACCEPT_LANGUAGE="cs").post(
        "/benefits/", {**PUBLIC, "district": "", "municipality": "praha"}).content.decode()
    assert 'id="contact-point"' in page and "KMB Praha 7" in page


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"rent": "-5"}, "rent", "Сума не може бути від'ємною."),
    ({"a1_age": "250"}, "a1_age", "Вік дорослого має бути від 18 до 120 років."),
    ({"a1_age": "", "a1_other_income": "", "a1_activity": "other"}, "a1_age",
     "Вкажіть вік принаймні одного дорослого."),
    ({"district": "atlantis"}, "district", "Виберіть один із варіантів."),
    ({"district": "", "municipality": "Neexistujícíves"}, "municipality",
     "Населеного пункту з такою назвою ми не знаємо; виберіть район (okres)."),
    ({"energy": "lots"}, "energy", "Введіть число."),
])
def test_public_bad_input_gets_messages_in_the_users_language(change, field, message):
    response = HttpClient(HTTP_ACCEPT_LANGUAGE="uk").post("/benefits/", {**PUBLIC, **change})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="form-errors"' in page and f'href="#id_{field}"' in page
    assert message in page.replace("&#x27;", "'")


# --- batches --------------------------------------------------------------------------


@pytest.fixture
def analyst_b(cp_b):
    return factories.staff("analytik.b", Role.ANALYST, cp_b)


def _clients_with_estimates(cp, adviser, n: int) -> None:
    http = _login(adviser)
    for i in range(n):
        client = factories.ClientFactory(contact_point=cp, key_worker=adviser)
        household = couple_with_children("2026-10", district="praha") if i % 2 else single()
        _save(http, client, household)


@pytest.mark.django_db(transaction=True)
def test_batch_runs_in_the_background_with_a_scenario(cp_a, adviser_a, analyst_a,
                                                     django_capture_on_commit_callbacks):
    _clients_with_estimates(cp_a, adviser_a, 5)
    http = _login(analyst_a)
    assert http.get("/staff/benefits/batches/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post("/staff/benefits/batches/", {
            "period": "2026-11", "recent_days": "365", "rent_change_percent": "10",
            "energy_change_percent": "0", "income_change_percent": "0"})
    assert response.status_code == 302
    batch = BenefitBatch.objects.get()
    assert batch.status == BatchStatus.QUEUED
    page = http.get(response["Location"]).content.decode()
    assert 'id="batch-progress"' in page and 'http-equiv="refresh"' in page  # noscript
    run_background_tasks()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.total == 5 and batch.processed == 5
    rows = list(BenefitBatchRow.objects.filter(batch=batch))
    assert len(rows) == 5 and all(r.dssp_after >= r.dssp_before for r in rows)
    assert batch.summary["total_after"] > batch.summary["total_before"]
    page = http.get(response["Location"]).content.decode()
    assert 'id="batch-rows"' in page and 'id="batch-summary"' in page
    assert "Nováková" not in page
    partial = http.get(response["Location"] + "?progress=1", HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true"


def test_batch_xlsx_export(cp_a, adviser_a, analyst_a):
    from openpyxl import load_workbook

    _clients_with_estimates(cp_a, adviser_a, 3)
    batch = batch_service.batch_create(contact_point=cp_a, actor=analyst_a, period="2026-11",
                                       recent_days=30, rent_change_percent=D(10),
                                       energy_change_percent=D(0), income_change_percent=D(0))
    batch_service.batch_run(batch_id=str(batch.uuid))
    response = _login(analyst_a).get(f"/staff/benefits/batches/{batch.uuid}/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert len(rows) == 4 and rows[1][0] == 1
    assert SecurityEvent.objects.filter(kind="export").exists()


def test_formulas_are_neutralised():
    assert batch_service._safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert batch_service._safe("@SUM") == "'@SUM"
    assert batch_service._safe(-5) == -5 and batch_service._safe("praha") == "praha"


def test_batch_uses_the_latest_estimate_once_per_client_and_skips_broken_inputs(
        cp_a, adviser_a, analyst_a, client_a):
    http = _login(adviser_a)
    _save(http, client_a, single())
    _save(http, client_a, couple_with_children("2026-10", district="praha"))
    BenefitEstimate.objects.create(contact_point=cp_a, client=factories.ClientFactory(
        contact_point=cp_a), period="2026-10", engine="x", engine_version="0", inputs={},
        outputs={}, dssp=0, created_by=adviser_a)
    batch = batch_service.batch_create(contact_point=cp_a, actor=analyst_a, period="2026-11",
                                       recent_days=30, rent_change_percent=D(0),
                                       energy_change_percent=D(0), income_change_percent=D(0))
    batch_service.batch_run(batch_id=str(batch.uuid))
    batch.refresh_from_db()
    assert batch.total == 2 and batch.skipped == 1
    row = BenefitBatchRow.objects.get(batch=batch)
    assert row.members == 4 and row.dssp_before == row.dssp_after


def test_batches_are_scoped_to_the_contact_point(cp_a, analyst_a, analyst_b, adviser_a):
    batch = BenefitBatch.objects.create(contact_point=cp_a, period="2026-10",
                                        created_by=analyst_a)
    other = _login(analyst_b)
    for url in (f"/staff/benefits/batches/{batch.uuid}/",
                f"/staff/benefits/batches/{batch.uuid}/xlsx/"):
        assert other.get(url).status_code == 404
        assert _login(adviser_a).get(url).status_code == 404  # advisers do not run batches
    assert str(batch.uuid) not in other.get("/staff/benefits/batches/").content.decode()


def test_batch_form_refuses_bad_input(analyst_a):
    response = _login(analyst_a).post("/staff/benefits/batches/", {
        "period": "1999-01", "recent_days": "0", "rent_change_percent": "abc",
        "energy_change_percent": "1000", "income_change_percent": ""})
    assert response.status_code == 200
    assert BenefitBatch.objects.count() == 0
    page = response.content.decode()
    for field in ("period", "recent_days", "rent_change_percent", "energy_change_percent"):
        assert f'href="#id_{field}"' in page
