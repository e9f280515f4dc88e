"""Rules of the housing supply as the services enforce them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kmb.audit.models import AuditEntry
from kmb.cases.errors import ConflictError, DomainError
from kmb.cases.models import Task
from kmb.core.models import DomainEvent
from kmb.housing import selectors, services
from kmb.housing.models import (
    Flat,
    FlatStatus,
    FollowUp,
    HouseholdNeeds,
    ProposalStatus,
    SupportMeasure,
)
from tests.housing import factories as hf

pytestmark = pytest.mark.django_db


def test_needs_come_from_the_case_and_the_dssp_estimate(cp_a, adviser_a):
    client = hf.household_client(cp_a, adviser_a, children=2)
    needs = HouseholdNeeds.objects.get(client=client)
    assert needs.persons == 3 and needs.children == 2
    assert needs.housing_loss_date == client.housing_loss_date
    assert needs.income and needs.income > 0
    # the housing component grows with the costs: computed by the estimator, not guessed
    components = [h for _c, h in needs.affordability]
    assert len(components) == len(services.AFFORDABILITY_COSTS)
    assert components[-1] > components[0]


def test_without_an_estimate_affordability_is_unknown(cp_a, adviser_a, housing_officer_a):
    from tests import factories

    client = factories.ClientFactory(contact_point=cp_a, key_worker=adviser_a)
    needs = services.needs_save(client=client, actor=adviser_a, data={
        "consent_share_on": timezone.localdate(), "active": True})
    assert needs.affordability == [] and needs.income is None
    flat = hf.flat(cp_a, housing_officer_a, layout="1+kk", area_m2=Decimal(30))
    match = selectors.match_households_for_flat(flat=flat, only_eligible=False)[0]
    texts = [i["text"] for i in match.explanation()]
    assert any("dostupnost neznámá" in t for t in texts)
    assert not match.eligible


def test_offer_above_the_maximum_permitted_rent_is_refused_and_says_why(cp_a,
                                                                        housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a, offered=False, rent=30000,
                   measure=SupportMeasure.GUARANTEED)
    with pytest.raises(DomainError) as exc:
        services.flat_set_status(flat=flat, actor=housing_officer_a, status=FlatStatus.OFFERED)
    assert "nejvyšší přípustné nájemné" in exc.value.message  # in the user's language
    assert "30\u00a0000\u00a0Kč" in exc.value.message
    assert "ověřit" in exc.value.message  # the parameter is still to be confirmed
    flat.refresh_from_db()
    assert flat.status == FlatStatus.PREPARATION
    # without a measure the same flat can be offered
    flat.measure = SupportMeasure.NONE
    flat.save()
    services.flat_set_status(flat=flat, actor=housing_officer_a, status=FlatStatus.OFFERED)
    assert flat.status_changes.count() == 2


def test_status_changes_are_kept_and_audited(cp_a, housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    services.flat_set_status(flat=flat, actor=housing_officer_a, status=FlatStatus.WITHDRAWN)
    assert [c.to_status for c in flat.status_changes.order_by("at", "pk")] == [
        "preparation", "offered", "withdrawn"]
    assert AuditEntry.objects.filter(object_id=str(flat.uuid), action="update").exists()
    assert DomainEvent.objects.filter(kind="housing.flat_status", subject_id=flat.uuid).count() \
        == 2
    with pytest.raises(DomainError):
        services.flat_set_status(flat=flat, actor=housing_officer_a, status=FlatStatus.LET)


def test_whole_journey_from_proposal_to_follow_ups(cp_a, adviser_a, housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    proposal = services.proposal_create(flat=flat, client=client, actor=adviser_a)
    flat.refresh_from_db()
    assert flat.status == FlatStatus.RESERVED
    assert proposal.rule_version == 1
    codes = {i["code"] for i in proposal.explanation}
    assert {"size_fits", "afford_ok", "dates_ok", "consent", "urgency"} <= codes
    assert "Petra" not in str(proposal.profile) and proposal.profile["persons"] == 3
    raw = services.proposal_link_issue(proposal=proposal, actor=adviser_a)
    assert services.proposal_link_resolve(raw) == proposal
    services.proposal_advance(proposal=proposal, status=ProposalStatus.VIEWING,
                              actor=adviser_a, viewing_at=timezone.now())
    services.proposal_advance(proposal=proposal, status=ProposalStatus.OWNER_ACCEPTED,
                              actor=None, actor_label="owner link")
    services.proposal_advance(proposal=proposal, status=ProposalStatus.CLIENT_ACCEPTED,
                              actor=adviser_a)
    today = timezone.localdate()
    lease = services.lease_sign(proposal=proposal, actor=housing_officer_a, signed_on=today,
                                starts_on=today, term_months=12, rent=11400, deposit=22800)
    flat.refresh_from_db()
    assert flat.status == FlatStatus.LET
    months = sorted(f.months for f in FollowUp.objects.filter(lease=lease))
    assert months == [3, 6, 12]
    assert Task.objects.filter(client=client, due_date=services.add_months(today, 3)).exists()
    assert not HouseholdNeeds.objects.get(client=client).active
    kinds = set(DomainEvent.objects.filter(kind__startswith="housing.")
                .values_list("kind", flat=True))
    assert {"housing.proposal", "housing.lease_signed"} <= kinds


def test_second_adviser_reserving_the_same_flat_gets_a_clear_message(cp_a, adviser_a,
                                                                     housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    first = hf.household_client(cp_a, adviser_a)
    second = hf.household_client(cp_a, adviser_a)
    stale = Flat.objects.get(pk=flat.pk)  # the second adviser loaded it before
    services.proposal_create(flat=flat, client=first, actor=adviser_a)
    with pytest.raises(ConflictError) as exc:
        services.proposal_create(flat=stale, client=second, actor=housing_officer_a)
    assert "rezervován pro jinou domácnost" in exc.value.message
    assert flat.proposals.count() == 1


def test_decline_needs_a_reason_and_offers_the_flat_again(cp_a, adviser_a, housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    proposal = services.proposal_create(flat=flat, client=client, actor=adviser_a)
    with pytest.raises(DomainError):
        services.proposal_advance(proposal=proposal, status=ProposalStatus.OWNER_DECLINED,
                                  actor=adviser_a, reason=" ")
    services.proposal_advance(proposal=proposal, status=ProposalStatus.OWNER_DECLINED,
                              actor=adviser_a, reason="Chce nájemníka bez dětí")
    flat.refresh_from_db()
    assert flat.status == FlatStatus.OFFERED
    with pytest.raises(DomainError):
        services.proposal_advance(proposal=proposal, status=ProposalStatus.CLIENT_ACCEPTED,
                                  actor=adviser_a)


def test_a_lease_cannot_start_before_the_proposal(cp_a, adviser_a, housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    proposal = services.proposal_create(flat=flat, client=client, actor=adviser_a)
    for status in (ProposalStatus.OWNER_ACCEPTED, ProposalStatus.CLIENT_ACCEPTED):
        services.proposal_advance(proposal=proposal, status=status, actor=adviser_a)
    before = timezone.localdate() - timedelta(days=10)
    with pytest.raises(DomainError):
        services.lease_sign(proposal=proposal, actor=housing_officer_a, signed_on=before,
                            starts_on=before, term_months=None, rent=11400, deposit=0)
    flat.refresh_from_db()
    assert flat.status == FlatStatus.RESERVED and not FollowUp.objects.exists()


def test_sustainment_at_twelve_months(cp_a, adviser_a, housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    proposal = services.proposal_create(flat=flat, client=client, actor=adviser_a)
    for status in (ProposalStatus.OWNER_ACCEPTED, ProposalStatus.CLIENT_ACCEPTED):
        services.proposal_advance(proposal=proposal, status=status, actor=adviser_a)
    today = timezone.localdate()
    lease = services.lease_sign(proposal=proposal, actor=housing_officer_a, signed_on=today,
                                starts_on=today, term_months=None, rent=11400, deposit=0)
    twelve = lease.follow_ups.get(months=12)
    with pytest.raises(DomainError):
        services.followup_record(followup=twelve, actor=housing_officer_a,
                                 outcome="lease_ended")
    services.followup_record(followup=twelve, actor=housing_officer_a, outcome="housed")
    figures = selectors.housing_figures(contact_point=cp_a)
    assert figures["sustainment_12"] == 100 and figures["owners"] == 1


def test_statistics_page_shows_owners_apart_and_the_sustainment(cp_a, adviser_a, lead_a,
                                                                housing_officer_a,
                                                                web_lead_a):
    test_sustainment_at_twelve_months(cp_a, adviser_a, housing_officer_a)
    body = web_lead_a.get("/staff/stats/").content.decode()
    assert 'id="sustainment-12">100 % (1 / 1)' in body


def test_housing_data_in_the_subject_access_export_and_erased(cp_a, adviser_a,
                                                              housing_officer_a):
    from kmb.housing import privacy
    from kmb.privacy.registry import ERASERS, export_sections

    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    proposal = services.proposal_create(flat=flat, client=client, actor=adviser_a)
    services.proposal_advance(proposal=proposal, status=ProposalStatus.CLIENT_DECLINED,
                              actor=adviser_a, reason="Daleko od školy dětí")
    section = next(s for s in export_sections(client=client, sensitive=True)
                   if s.key == "housing")
    assert "Daleko od školy dětí" in str(section.as_json())
    assert privacy.client_housing_erase in ERASERS
    privacy.client_housing_erase(client=client)
    proposal.refresh_from_db()
    assert proposal.client_reason == "" and proposal.profile == {}
    assert not HouseholdNeeds.objects.filter(client=client).exists()


def test_no_new_owner_link_once_the_owner_has_answered(cp_a, adviser_a, housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    proposal = services.proposal_create(flat=flat, client=client, actor=adviser_a)
    services.proposal_advance(proposal=proposal, status=ProposalStatus.OWNER_ACCEPTED,
                              actor=adviser_a)
    with pytest.raises(DomainError):
        services.proposal_link_issue(proposal=proposal, actor=adviser_a)


def test_follow_up_months_come_from_a_checked_setting():
    from tests.core.test_settings import _manage

    failed = _manage("check", KMB_DEMO="1", KMB_HOUSING_FOLLOWUP_MONTHS="3,half a year")
    assert failed.returncode != 0 and "KMB_HOUSING_FOLLOWUP_MONTHS" in failed.stderr


def test_follow_ups_follow_the_setting(cp_a, adviser_a, housing_officer_a, settings):
    settings.KMB_HOUSING_FOLLOWUP_MONTHS = [1, 24]
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    proposal = services.proposal_create(flat=flat, client=client, actor=adviser_a)
    for status in (ProposalStatus.OWNER_ACCEPTED, ProposalStatus.CLIENT_ACCEPTED):
        services.proposal_advance(proposal=proposal, status=status, actor=adviser_a)
    today = timezone.localdate()
    lease = services.lease_sign(proposal=proposal, actor=housing_officer_a, signed_on=today,
                                starts_on=today, term_months=None, rent=11400, deposit=0)
    assert sorted(lease.follow_ups.values_list("months", flat=True)) == [1, 24]
