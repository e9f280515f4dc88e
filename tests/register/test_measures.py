"""Support measures of a registered household and the contributions they earn."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from kmb.cases.errors import DomainError
from kmb.register import measures, services
from kmb.register.models import Provider, SupportMeasure
from tests.register.conftest import membership

pytestmark = pytest.mark.django_db
TODAY = date(2027, 3, 1)


def _entered(officer, client, filed=date(2026, 7, 1)):
    procedure = services.procedure_file(membership=membership(officer), actor=officer,
                                        client=client, path="need", channel="paper",
                                        filed_on=filed)
    m = membership(officer)
    for code, on, data in (("check_competence", date(2026, 7, 2),
                            {"tie_kind": "residence", "declaration_signed_on": filed}),
                           ("request_opinion", date(2026, 7, 3), {}),
                           ("record_opinion", date(2026, 7, 8),
                            {"opinion_result": "favourable"}),
                           ("enter", date(2026, 7, 10), {})):
        procedure.refresh_from_db()
        services.procedure_step(membership=m, actor=officer, procedure=procedure,
                                action_code=code, on=on, version=procedure.version, data=data)
    procedure.refresh_from_db()
    return procedure


def _flat(cp, actor, **data):
    from tests.housing import factories as hf

    return hf.flat(cp, actor, **{"available_from": date(2026, 7, 1), **data})


@pytest.fixture
def _clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.mark.usefixtures("_clock")
def test_flat_management_contribution_pro_rata_and_the_50_flat_cap(officer_a, client_a,
                                                                   cp_a):
    procedure = _entered(officer_a, client_a)
    small = Provider.objects.create(contact_point=cp_a, name="Bydlení Praha 7, z. ú.",
                                    managed_flats=12)
    big = Provider.objects.create(contact_point=cp_a, name="Velký poskytovatel",
                                  managed_flats=51)
    m = membership(officer_a)
    tenancy = measures.measure_start(membership=m, actor=officer_a, procedure=procedure,
                                     kind="guaranteed_tenancy", provider=small,
                                     starts_on=date(2026, 10, 1), flat=_flat(cp_a, officer_a))
    measures.measure_start(membership=m, actor=officer_a, procedure=procedure,
                           kind="sublease", provider=big, starts_on=date(2026, 10, 1),
                           flat=_flat(cp_a, officer_a, street="Heřmanova"))
    lines = measures.contribution_claims(contact_point=cp_a, year=2026)
    managed = [x for x in lines if x.kind == "flat_management"]
    # 1 October – 31 December 2026 = 92 days: 17 000 × 92 / 365 = 4 284.93 → 4 285 Kč;
    # the provider with 51 flats gets no flat management contribution
    assert [(x.measure, x.days, x.amount) for x in managed] == [
        (tenancy, 92, Decimal(4285))]
    assert measures.claims_total(lines) == Decimal(4285)
    measures.measure_end(membership=m, actor=officer_a, measure=tenancy,
                         ends_on=date(2027, 1, 31), reason="lease_ended")
    lines_2027 = measures.contribution_claims(contact_point=cp_a, year=2027)
    managed = [x for x in lines_2027 if x.kind == "flat_management"]
    assert managed[0].days == 31 and managed[0].amount == Decimal(1444)  # 17000×31/365


@pytest.mark.usefixtures("_clock")
def test_assistance_bridging_hours_and_rules(officer_a, adviser_a, client_a, cp_a):
    procedure = _entered(officer_a, client_a)
    provider = Provider.objects.create(contact_point=cp_a, name="MČ Praha 7")
    m = membership(officer_a)
    with pytest.raises(DomainError):  # an adviser prepares, the officer records measures
        measures.measure_start(membership=membership(adviser_a), actor=adviser_a,
                               procedure=procedure, kind="assistance", provider=provider,
                               starts_on=date(2026, 8, 1))
    with pytest.raises(DomainError):  # not before the entry
        measures.measure_start(membership=m, actor=officer_a, procedure=procedure,
                               kind="assistance", provider=provider,
                               starts_on=date(2026, 7, 1))
    help_ = measures.measure_start(membership=m, actor=officer_a, procedure=procedure,
                                   kind="assistance", provider=provider,
                                   starts_on=date(2026, 8, 1))
    measures.assistance_record(membership=m, actor=officer_a, measure=help_,
                               on=date(2026, 8, 3), minutes=90, visit=True)
    measures.measure_end(membership=m, actor=officer_a, measure=help_,
                         ends_on=date(2026, 12, 31), reason="goal_reached")
    help_.refresh_from_db()
    assert help_.bridging_until == date(2027, 2, 28)  # two months' bridging
    measures.assistance_record(membership=m, actor=officer_a, measure=help_,
                               on=date(2027, 2, 15), minutes=30, visit=False)
    with pytest.raises(DomainError):
        measures.assistance_record(membership=m, actor=officer_a, measure=help_,
                                   on=date(2027, 3, 1), minutes=30, visit=False)


@pytest.mark.usefixtures("_clock")
def test_pages_start_end_and_settle(web_officer_a, officer_a, client_a, cp_a, tmp_path):
    from tests.register.test_procedure import pdf_text

    procedure = _entered(officer_a, client_a)
    provider = Provider.objects.create(contact_point=cp_a, name="Bydlení Praha 7, z. ú.",
                                       managed_flats=3)
    response = web_officer_a.post(
        f"/staff/register/procedures/{procedure.uuid}/measures/new/",
        {"kind": "municipal", "provider": provider.pk, "starts_on": "2026-11-01",
         "first_entry_of_flat": "on"})
    assert response.status_code == 200  # the flat is missing: said, nothing saved
    assert "Vyberte byt" in response.content.decode() and not SupportMeasure.objects.exists()
    flat = _flat(cp_a, officer_a, street="Heřmanova", house_number="10", flat_number="3")
    form = web_officer_a.get(f"/staff/register/procedures/{procedure.uuid}/measures/new/")
    assert "Heřmanova 10" in form.content.decode()
    response = web_officer_a.post(
        f"/staff/register/procedures/{procedure.uuid}/measures/new/",
        {"kind": "municipal", "provider": provider.pk, "starts_on": "2026-11-01",
         "flat": flat.pk, "first_entry_of_flat": "on"})
    assert response.status_code == 302
    detail = web_officer_a.get(response["Location"]).content.decode()
    assert "Heřmanova 10" in detail and SupportMeasure.objects.get().flat == flat
    page = web_officer_a.get("/staff/register/contributions/", {"year": "2026"})
    assert "2 841" in page.content.decode().replace("\xa0", " ") or "2841" in \
        page.content.decode()  # 17000 × 61 / 365
    pdf = web_officer_a.get("/staff/register/contributions.pdf", {"year": "2026"})
    assert "Vyúčtování příspěvků" in pdf_text(pdf.content, tmp_path)
    xlsx = web_officer_a.get("/staff/register/contributions.xlsx", {"year": "2026"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.usefixtures("_clock")
def test_api_lists_the_offices_measures_only(officer_a, officer_b, client_a, cp_a):
    from tests.api.test_api import _api, _token

    procedure = _entered(officer_a, client_a)
    provider = Provider.objects.create(contact_point=cp_a, name="MČ Praha 7")
    help_ = measures.measure_start(membership=membership(officer_a), actor=officer_a,
                                   procedure=procedure, kind="assistance", provider=provider,
                                   starts_on=date(2026, 8, 1))
    measures.assistance_record(membership=membership(officer_a), actor=officer_a,
                               measure=help_, on=date(2026, 8, 3), minutes=90, visit=True)
    data = _api(_token("referent.a")).get("/api/v1/register/measures").json()
    assert data["results"][0]["assistance_minutes"] == 90
    assert data["results"][0]["assistance_visits"] == 1
    assert _api(_token("referent.b")).get("/api/v1/register/measures").json()["count"] == 0


@pytest.mark.usefixtures("_clock")
def test_flat_measures_link_a_flat_and_its_lease_of_this_household(
        officer_a, officer_b, client_a, cp_a, cp_b, housing_officer_a):
    from kmb.housing.models import Lease, Proposal

    procedure = _entered(officer_a, client_a)
    provider = Provider.objects.create(contact_point=cp_a, name="MČ Praha 7")
    m = membership(officer_a)
    flat = _flat(cp_a, housing_officer_a)
    other_flat = _flat(cp_a, housing_officer_a, street="Heřmanova")
    foreign_flat = _flat(cp_b, officer_b)

    def start(**kw):
        return measures.measure_start(membership=m, actor=officer_a, procedure=procedure,
                                      provider=provider, starts_on=date(2026, 10, 1), **kw)

    def lease_of(flat_, client, starts):
        proposal = Proposal.objects.create(contact_point=cp_a, flat=flat_, client=client,
                                           rule_version=1, proposed_by=officer_a,
                                           profile={})
        return Lease.objects.create(contact_point=cp_a, proposal=proposal, flat=flat_,
                                    client=client, signed_on=starts, starts_on=starts,
                                    rent=11400, created_by=officer_a)

    with pytest.raises(DomainError, match="Vyberte byt"):
        start(kind="guaranteed_tenancy")
    with pytest.raises(DomainError, match="jinému kontaktnímu místu"):
        start(kind="sublease", flat=foreign_flat)
    with pytest.raises(DomainError, match="není vázána na byt"):
        start(kind="assistance", flat=flat)
    lease = lease_of(flat, client_a, date(2026, 9, 15))
    with pytest.raises(DomainError, match="k jinému bytu"):
        start(kind="guaranteed_tenancy", flat=other_flat, lease=lease)
    from tests import factories

    neighbour = factories.ClientFactory(contact_point=cp_a, last_name="Soused")
    with pytest.raises(DomainError, match="jiná domácnost"):
        start(kind="guaranteed_tenancy", flat=other_flat,
              lease=lease_of(other_flat, neighbour, date(2026, 9, 1)))
    assert not SupportMeasure.objects.exists()
    measure = start(kind="guaranteed_tenancy", flat=flat, lease=lease)
    assert (measure.flat, measure.lease, measure.flat_display) == (flat, lease, flat.address)
    assert flat.support_measures.get() == measure
