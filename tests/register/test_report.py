"""The register report: figures recomputed from the records, small numbers suppressed
outside the office, CSV/XLSX/JSON in the documented format."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kmb.register import report as reports
from kmb.register import services
from tests import factories
from tests.register.conftest import membership

pytestmark = pytest.mark.django_db


def test_period_parsing_and_percentiles():
    assert reports.period_parse("2026-02").end == date(2026, 2, 28)
    assert reports.period_parse("2028").start == date(2028, 1, 1)
    for bad in ("2026-13", "26", "x", "", "2026-1"):
        with pytest.raises(reports.BadPeriod):
            reports.period_parse(bad)
    assert reports.percentile(list(range(1, 11)), 0.9) == 9
    assert reports.percentile([7], 0.9) == 7


def _walk(officer, cp, n_entered: int, n_refused: int, today: date):
    for i in range(n_entered + n_refused):
        client = factories.ClientFactory(contact_point=cp)
        filed = today - timedelta(days=40)
        procedure = services.procedure_file(membership=membership(officer), actor=officer,
                                            client=client, path="need", channel="paper",
                                            filed_on=filed)
        m = membership(officer)

        def step(code, ago, **data):
            procedure.refresh_from_db()
            services.procedure_step(membership=m, actor=officer, procedure=procedure,
                                    action_code=code, on=today - timedelta(days=ago),
                                    version=procedure.version, data=data)

        step("check_competence", 39, tie_kind="residence", declaration_signed_on=filed)
        step("request_opinion", 38)
        step("record_opinion", 31, opinion_result="favourable")
        step("invite_evidence", 30)
        if i < n_entered:
            step("enter", 40 - 10 - i)  # processing 10, 11, 12… days
        else:
            step("refuse", 20, reasons="x", refusal_reason="income")


def test_figures_and_suppression(officer_a, cp_a):
    today = timezone.localdate()
    _walk(officer_a, cp_a, n_entered=6, n_refused=2, today=today)
    period = reports.Period(today - timedelta(days=60), today, "test")
    exact = reports.register_report(contact_point=cp_a, period=period)
    assert exact["applications_filed"] == 8 and exact["entered"] == 6
    assert exact["refused"] == 2 and exact["refused_by_reason"]["income"] == 2
    # processing: 10..15 for entries and 20 twice for refusals → median 13.5, p90 20
    assert exact["processing_days"] == {"decisions": 8, "median": 13.5, "p90": 20}
    assert exact["in_register"]["total"] == 6
    assert exact["in_register"]["by_household_type"]["single"] == 6
    shared = reports.suppressed(exact)
    assert shared["refused"] == "<5" and shared["entered"] == 6
    assert shared["refused_by_reason"]["income"] == "<5"
    assert shared["refused_by_reason"]["other"] == 0
    assert shared["processing_days"]["median"] == 13.5


def test_exports_and_api_share_only_suppressed_figures(officer_a, web_officer_a, cp_a,
                                                       cp_b, officer_b):
    today = timezone.localdate()
    _walk(officer_a, cp_a, n_entered=2, n_refused=0, today=today)
    period = f"{today.year}"
    response = web_officer_a.get("/staff/register/report/", {"period": period})
    assert response.status_code == 200
    rows = dict(csv.reader(io.StringIO(
        web_officer_a.get("/staff/register/report.csv", {"period": period})
        .content.decode("utf-8-sig")), delimiter=";"))
    if today - timedelta(days=40) >= date(today.year, 1, 1):
        assert rows["entered"] == "<5" and rows["applications_filed"] == "<5"
    assert rows["processing_days.median"] == ""
    book = load_workbook(io.BytesIO(web_officer_a.get(
        "/staff/register/report.xlsx", {"period": period}).content))
    assert book.active["A1"].value == "indicator"
    bad = web_officer_a.get("/staff/register/report/", {"period": "2026-13"})
    assert bad.status_code == 400 and "2026-11" in bad.content.decode()

    from tests.api.test_api import _api, _token

    api = _api(_token("referent.a"))
    data = api.get("/api/v1/register/report", {"period": period}).json()
    assert data["suppressed_below"] == 5
    assert api.get("/api/v1/register/report", {"period": "x"}).status_code == 422
    other = _api(_token("referent.b")).get("/api/v1/register/report",
                                           {"period": period}).json()
    assert other["applications_filed"] == 0  # another office sees only its own


def test_api_lists_procedures_with_deadline_and_basis_and_hides_other_offices(
        officer_a, officer_b, client_a):
    from tests.api.test_api import _api, _token

    day = timezone.localdate() - timedelta(days=1)
    procedure = services.procedure_file(membership=membership(officer_a), actor=officer_a,
                                        client=client_a, path="need", channel="paper",
                                        filed_on=day)
    api = _api(_token("referent.a"))
    listing = api.get("/api/v1/register/procedures", {"open": "true"}).json()
    item = listing["results"][0]
    assert item["id"] == str(procedure.uuid) and item["state"] == "filed"
    assert "§ 71" in item["next_deadline"]["legal_basis"]
    detail = api.get(f"/api/v1/register/procedures/{procedure.uuid}").json()
    assert detail["steps"][0]["action"] == "file"
    other = _api(_token("referent.b"))
    assert other.get("/api/v1/register/procedures").json()["count"] == 0
    assert other.get(f"/api/v1/register/procedures/{procedure.uuid}").status_code == 404
    schema = api.get("/api/v1/openapi.json").json()
    assert "/api/v1/register/procedures" in schema["paths"]


def test_who_sees_the_report(analyst_a, adviser_a, cp_a):
    from tests.conftest import _logged_in

    assert _logged_in(analyst_a).get("/staff/register/report/").status_code == 200
    assert _logged_in(adviser_a).get("/staff/register/report/").status_code == 404
    assert _logged_in(analyst_a).get("/staff/register/").status_code == 404
