"""The partner reports how the work with a referred client stands: in progress, waiting
for the client, or the client did not attend; open and closed stay correct."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from kmb.audit.models import AuditEntry
from kmb.core.models import DomainEvent
from kmb.network import selectors, services
from kmb.network.models import PartnerMembership, Referral, ReferralStatus
from tests import factories
from tests.network.factories import debt_service, referral_for

pytestmark = pytest.mark.django_db


def _link(referral: Referral) -> str:
    return reverse("network:referral_link", args=[services.referral_link_issue(
        referral=referral)])


def _version(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)


def test_partner_sets_progress_from_the_link_in_their_language(client_a, adviser_a, cp_a):
    referral = referral_for(client_a, adviser_a, debt_service(language="uk"))
    url = _link(referral)
    partner = HttpClient()
    page = partner.get(url)
    assert 'value="progress"' not in page.content.decode()  # accept first
    partner.post(url, {"action": "accept", "version": _version(page)})
    page = partner.get(url)
    assert 'id="do-progress"' in page.content.decode()
    response = partner.post(url, {"action": "progress", "version": _version(page),
                                  "progress": "client_action_needed",
                                  "progress_note": "Čekáme na výplatní pásky."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLIENT_ACTION_NEEDED
    assert referral.closed_at is None and referral.is_open
    page = partner.get(url).content.decode()
    assert "потрібна дія клієнта" in page  # the partner reads Ukrainian
    assert 'id="do-outcome"' in page  # still open: the outcome can follow
    event = DomainEvent.objects.get(kind="referral.client_action_needed")
    assert event.data["from"] == "accepted" and event.data["to"] == "client_action_needed"
    assert referral.events.filter(status="client_action_needed",
                                  note="Čekáme na výplatní pásky.").exists()
    assert AuditEntry.objects.filter(object_type="network.referral",
                                     action="update").count() == 2
    # the adviser's open list still has it, and reads it in Czech
    assert referral in selectors.referrals_list(contact_point=cp_a, state="open")
    web = HttpClient()
    web.force_login(adviser_a, backend="django.contrib.auth.backends.ModelBackend")
    detail = web.get(reverse("network:referral_detail", args=[referral.uuid]))
    assert "čeká se na klienta" in detail.content.decode()


def test_progress_needs_a_status_and_an_accepted_referral(client_a, adviser_a):
    referral = referral_for(client_a, adviser_a, debt_service())
    url = _link(referral)
    partner = HttpClient()
    response = partner.post(url, {"action": "progress", "version": "1",
                                  "progress": "in_progress"})
    assert response.status_code == 409  # still waiting for the answer
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING
    partner.post(url, {"action": "accept", "version": "1"})
    response = partner.post(url, {"action": "progress", "version": "2", "progress": ""})
    assert response.status_code == 422
    response = partner.post(url, {"action": "progress", "version": "2",
                                  "progress": "got_help"})  # an outcome, not progress
    assert response.status_code == 422
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_client_did_not_attend_closes_and_asks_the_adviser_to_look(client_a, adviser_a,
                                                                   cp_a, web_adviser_a):
    referral = referral_for(client_a, adviser_a, debt_service())
    url = _link(referral)
    partner = HttpClient()
    partner.post(url, {"action": "accept", "version": "1"})
    partner.post(url, {"action": "progress", "version": "2", "progress": "in_progress"})
    response = partner.post(url, {"action": "outcome", "version": "3",
                                  "outcome": "did_not_attend",
                                  "outcome_note": "Na schůzku 3. 12. nepřišla."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DID_NOT_ATTEND and referral.closed_at
    assert not referral.is_open
    assert referral not in selectors.referrals_list(contact_point=cp_a, state="open")
    assert referral in selectors.referrals_needing_attention(contact_point=cp_a)
    dashboard = web_adviser_a.get(reverse("cases:dashboard")).content.decode()
    assert "klient nepřišel" in dashboard
    event = DomainEvent.objects.get(kind="referral.outcome")
    assert event.data["outcome"] == "did_not_attend"
    assert "Vaše odpověď" not in partner.get(url).content.decode()  # closed


def test_referrals_in_progress_do_not_expire(client_a, adviser_a):
    referral = referral_for(client_a, adviser_a, debt_service())
    services.referral_respond(referral=referral, action="accept", expected_version=1,
                              actor_label="test", notify=False)
    referral.refresh_from_db()
    services.referral_respond(referral=referral, action="progress",
                              expected_version=referral.version, actor_label="test",
                              outcome=ReferralStatus.IN_PROGRESS, notify=False)
    Referral.objects.filter(pk=referral.pk).update(
        expires_on=timezone.localdate() - timedelta(days=5))
    assert services.referrals_expire() == (0, 0)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.IN_PROGRESS


def test_partner_staff_set_progress_on_their_page(client_a, adviser_a):
    service = debt_service()
    referral = referral_for(client_a, adviser_a, service)
    user = factories.UserFactory(username="partner.rozcesti")
    PartnerMembership.objects.create(user=user, organization=service.organization)
    web = HttpClient()
    web.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("network:partner_referral", args=[referral.uuid])
    web.post(url, {"action": "accept", "version": "1"})
    response = web.post(url, {"action": "progress", "version": "2",
                              "progress": "in_progress"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.IN_PROGRESS
    listing = web.get(reverse("network:partner_referrals")).content.decode()
    assert str(referral.uuid) in listing  # still among the open ones
