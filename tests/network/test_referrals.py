"""Referrals from the client's page to the partner's e-mail link and back."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from kmb.audit.models import AuditEntry
from kmb.cases.models import Consent
from kmb.core.models import DomainEvent
from kmb.network import services
from kmb.network.models import (
    PartnerContact,
    PartnerMembership,
    Referral,
    ReferralLink,
    ReferralStatus,
)
from kmb.network.tokens import token_digest
from tests import factories
from tests.conftest import run_background_tasks
from tests.network.factories import debt_service, referral_for

LINK = re.compile(r"https?://[^/\s]+(/referral-link/[A-Za-z0-9_-]+/)")


def _mail_link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return LINK.search(body).group(1)


def _version(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)


@pytest.mark.django_db(transaction=True)
def test_full_referral_journey_through_the_email_link(cp_a, adviser_a, client_a,
                                                      smtp_server):
    client_a.email = "jirina@example.cz"
    client_a.birth_date = timezone.localdate().replace(year=1980)
    client_a.save()
    service = debt_service(language="en")
    web = HttpClient()
    web.force_login(adviser_a, backend="django.contrib.auth.backends.ModelBackend")
    page = web.get(reverse("cases:client_detail", args=[client_a.uuid])).content.decode()
    start = reverse("network:referral_start", args=[client_a.uuid])
    assert start in page
    found = web.get(start, {"q": "rozcesti", "category": "debt_counselling"})
    assert service.name in found.content.decode()

    form_url = reverse("network:referral_create", args=[client_a.uuid, service.pk])
    contact = PartnerContact.objects.get(service=service)
    proposed = (timezone.localtime() + timedelta(days=3)).replace(second=0, microsecond=0)
    response = web.post(form_url, {
        "recipient": str(contact.pk), "need": "Exekuce, potřebuje splátkový kalendář.",
        "shared_data": ["name", "phone"], "consent_given": "on",
        "consent_expires_on": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "proposed_at": proposed.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302, response.content.decode()[:3000]
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.PENDING
    consent = Consent.objects.get(client=client_a)
    assert consent.purpose == "sharing" and consent.expires_on and referral.consent == consent

    run_background_tasks()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "jana.dvorakova@example.cz"
    assert "KMB Praha 7" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Nováková" not in body and "Jiřina" not in body  # no personal data by e-mail
    assert message.get_body(preferencelist=("html",)) is not None
    link = _mail_link(message)
    assert not ReferralLink.objects.filter(digest__contains=link.split("/")[-2]).exists()
    assert ReferralLink.objects.filter(digest=token_digest(link.split("/")[-2])).exists()

    partner = HttpClient()  # no account, no session
    shown = partner.get(link)
    assert shown.status_code == 200
    text = shown.content.decode()
    assert "Jiřina Nováková" in text and client_a.phone in text
    assert "jirina@example.cz" not in text  # the consent does not cover the e-mail
    assert "Exekuce, potřebuje splátkový kalendář." in text
    assert shown["X-Robots-Tag"].startswith("noindex")

    response = partner.post(link, {"action": "accept", "version": _version(shown),
                                   "accept_note": "Přijmeme."})
    assert response.status_code == 302
    page = partner.get(link)
    when = (timezone.localtime() + timedelta(days=5)).replace(hour=10, minute=0, second=0,
                                                              microsecond=0)
    response = partner.post(link, {"action": "appointment", "version": _version(page),
                                   "appointment_at": when.strftime("%Y-%m-%dT%H:%M"),
                                   "appointment_note": "Pobočka Holešovice, Mgr. Dvořáková"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.APPOINTMENT_SET
    assert referral.appointment_at == when
    page = partner.get(link)
    response = partner.post(link, {"action": "outcome", "version": _version(page),
                                   "outcome": "got_help", "outcome_note": "Insolvence podána."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.GOT_HELP and referral.closed_at

    # every change audited with who made it: the partner link, not a staff member
    changes = AuditEntry.objects.filter(object_type="network.referral", action="update")
    assert changes.count() == 3
    assert {e.actor_label for e in changes} == {"partner link (jana.dvorakova@example.cz)"}
    assert all(e.actor_id is None and e.client_id == client_a.uuid for e in changes)
    assert AuditEntry.objects.filter(object_type="network.referral", action="view",
                                     channel="partner_link").exists()
    kinds = list(DomainEvent.objects.filter(kind__startswith="referral.")
                 .order_by("recorded_at").values_list("kind", flat=True))
    assert kinds == ["referral.created", "referral.accepted", "referral.appointment_set",
                     "referral.outcome"]
    assert DomainEvent.objects.get(kind="referral.outcome").data["outcome"] == "got_help"

    # the adviser was told (in their language) and sees it on the timeline
    run_background_tasks()
    to_adviser = [m for m in smtp_server.messages if m["To"] == adviser_a.email]
    assert len(to_adviser) == 3
    timeline = web.get(reverse("cases:client_detail", args=[client_a.uuid])).content.decode()
    assert service.name in timeline and "Insolvence podána." in timeline
    detail = web.get(reverse("network:referral_detail", args=[referral.uuid])).content.decode()
    assert "partner link (jana.dvorakova@example.cz)" in detail

    # the closed referral's link shows it, and a late answer changes nothing
    late = partner.post(link, {"action": "decline", "version": str(referral.version),
                               "reason": "Pozdě"})
    assert late.status_code == 409
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.GOT_HELP


@pytest.mark.django_db
def test_tampered_reused_and_expired_links_change_nothing(client_a, adviser_a):
    service = debt_service()
    referral = referral_for(client_a, adviser_a, service)
    raw = services.referral_link_issue(referral=referral)
    url = reverse("network:referral_link", args=[raw])
    partner = HttpClient()

    tampered = url.replace(raw, raw[:-2] + ("AA" if not raw.endswith("AA") else "BB"))
    for bad in (tampered, reverse("network:referral_link", args=["short"])):
        response = partner.get(bad)
        assert response.status_code == 404
        assert "Nováková" not in response.content.decode()
        response = partner.post(bad, {"action": "accept", "version": "1"})
        assert response.status_code == 404

    # a form sent again after the referral changed (a reused, stale page)
    first = partner.post(url, {"action": "accept", "version": "1"})
    assert first.status_code == 302
    again = partner.post(url, {"action": "decline", "version": "1", "reason": "Ne"})
    assert again.status_code == 409
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.version == 2

    # an expired link
    ReferralLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = partner.get(url)
    assert expired.status_code == 410
    assert "Nováková" not in expired.content.decode()
    expired = partner.post(url, {"action": "outcome", "version": "2", "outcome": "got_help"})
    assert expired.status_code == 410
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    # nothing of the refused requests was audited as a partner's change
    assert AuditEntry.objects.filter(object_type="network.referral",
                                     action="update").count() == 1


@pytest.mark.django_db
def test_links_are_rate_limited_per_ip_and_per_token(client_a, adviser_a, settings):
    settings.KMB_LINK_RATE_LIMITS = {"ip": (100, 600), "token": (5, 600),
                                     "bad_token": (3, 600)}
    referral = referral_for(client_a, adviser_a, debt_service())
    url = reverse("network:referral_link", args=[services.referral_link_issue(
        referral=referral)])
    partner = HttpClient()
    statuses = [partner.get(url).status_code for _ in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    # guessing tokens from one address soon locks that address out of every link
    guesser = HttpClient(REMOTE_ADDR="10.0.0.9")
    guesses = [guesser.get(reverse("network:referral_link", args=["x" * 43 + str(i)]))
               .status_code for i in range(5)]
    assert guesses[:3] == [404] * 3 and guesses[-1] == 429
    other = services.referral_link_issue(referral=referral)
    blocked = guesser.get(reverse("network:referral_link", args=[other]))
    assert blocked.status_code == 429 and "Nováková" not in blocked.content.decode()


@pytest.mark.django_db
def test_link_shows_nothing_personal_once_consent_is_withdrawn(client_a, adviser_a):
    referral = referral_for(client_a, adviser_a, debt_service())
    url = reverse("network:referral_link", args=[services.referral_link_issue(
        referral=referral)])
    assert "Nováková" in HttpClient().get(url).content.decode()
    Consent.objects.update(withdrawn_on=timezone.localdate())
    page = HttpClient().get(url).content.decode()
    assert "Nováková" not in page and client_a.phone not in page


@pytest.mark.django_db
def test_decline_needs_a_reason_and_returns_to_the_dashboard(client_a, adviser_a,
                                                             web_adviser_a):
    referral = referral_for(client_a, adviser_a, debt_service())
    url = reverse("network:referral_link", args=[services.referral_link_issue(
        referral=referral)])
    partner = HttpClient()
    response = partner.post(url, {"action": "decline", "version": "1", "reason": " "})
    assert response.status_code == 422
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING
    partner.post(url, {"action": "decline", "version": "1",
                       "reason": "Kapacita plná do ledna."})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.declined_by == "provider"
    dashboard = web_adviser_a.get(reverse("cases:dashboard")).content.decode()
    assert "Kapacita plná do ledna." in dashboard
    # the adviser deals with it: it leaves the dashboard
    web_adviser_a.post(reverse("network:referral_detail", args=[referral.uuid]),
                       {"action": "acknowledge", "version": str(referral.version)})
    dashboard = web_adviser_a.get(reverse("cases:dashboard")).content.decode()
    assert "Kapacita plná do ledna." not in dashboard


@pytest.mark.django_db
def test_client_declines_through_the_adviser(client_a, adviser_a, web_adviser_a):
    referral = referral_for(client_a, adviser_a, debt_service())
    url = reverse("network:referral_detail", args=[referral.uuid])
    web_adviser_a.post(url, {"action": "client_declined", "version": "1",
                             "note": "Vyřešila sama."})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.declined_by == "client"
    entry = AuditEntry.objects.filter(object_type="network.referral", action="update").get()
    assert entry.actor == adviser_a
    assert DomainEvent.objects.get(kind="referral.declined").data["declined_by"] == "client"


@pytest.mark.django_db
def test_referral_form_needs_consent_and_keeps_what_was_typed(client_a, web_adviser_a):
    service = debt_service()
    url = reverse("network:referral_create", args=[client_a.uuid, service.pk])
    response = web_adviser_a.post(url, {
        "recipient": str(PartnerContact.objects.get().pk), "need": "Text, který zůstane.",
        "shared_data": ["name"],
        "consent_expires_on": (timezone.localdate() + timedelta(days=30)).isoformat()})
    assert response.status_code == 200
    assert "Text, který zůstane." in response.content.decode()
    assert not Referral.objects.exists() and not Consent.objects.exists()


@pytest.mark.django_db
def test_other_contact_point_cannot_refer_or_see(client_a, adviser_a, web_adviser_b):
    service = debt_service()
    referral = referral_for(client_a, adviser_a, service)
    assert web_adviser_b.get(reverse("network:referral_detail",
                                     args=[referral.uuid])).status_code == 404
    assert web_adviser_b.get(reverse("network:referral_create",
                                     args=[client_a.uuid, service.pk])).status_code == 404
    listing = web_adviser_b.get(reverse("network:referral_list"), {"scope": "office"})
    assert "Nováková" not in listing.content.decode()


@pytest.mark.django_db
def test_partner_staff_see_only_their_incoming_referrals(client_a, adviser_a):
    service = debt_service()
    referral = referral_for(client_a, adviser_a, service)
    other = debt_service(name="Jiná poradna")
    other_referral = referral_for(client_a, adviser_a, other)
    user = factories.UserFactory(username="partner.rozcesti")
    PartnerMembership.objects.create(user=user, organization=service.organization)
    web = HttpClient()
    web.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    listing = web.get(reverse("network:partner_referrals"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert str(referral.uuid) in text and str(other_referral.uuid) not in text
    page = web.get(reverse("network:partner_referral", args=[referral.uuid]))
    assert "Jiřina Nováková" in page.content.decode()
    assert web.get(reverse("network:partner_referral",
                           args=[other_referral.uuid])).status_code == 404
    response = web.post(reverse("network:partner_referral", args=[referral.uuid]),
                        {"action": "accept", "version": "1"})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(object_type="network.referral", action="update").get()
    assert entry.actor == user and entry.channel == "partner"
    # a partner account is not a staff account
    assert web.get(reverse("cases:dashboard")).status_code == 404
    assert web.get(reverse("network:directory")).status_code == 404
    assert web.get(reverse("cases:client_detail", args=[client_a.uuid])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("close", ["outcome", "declined", "client_declined", "expired"])
def test_closed_referral_link_shows_only_the_status(client_a, adviser_a, close):
    """Once a referral is closed, its e-mailed link no longer shows the client, the need,
    the notes or any contact; only the status (and a late answer changes nothing)."""
    referral = referral_for(client_a, adviser_a, debt_service(),
                            need="Tajná potřeba klienta.")
    raw = services.referral_link_issue(referral=referral)
    url = reverse("network:referral_link", args=[raw])
    assert "Nováková" in HttpClient().get(url).content.decode()
    if close == "outcome":
        services.referral_respond(referral=referral, action="outcome", expected_version=1,
                                  actor_label="p", outcome="got_help",
                                  note="Poznámka partnera.", notify=False)
    elif close == "declined":
        services.referral_respond(referral=referral, action="decline", expected_version=1,
                                  actor_label="p", note="Poznámka partnera.", notify=False)
    elif close == "client_declined":
        services.referral_staff_update(referral=referral, actor=adviser_a,
                                       action="client_declined", note="Poznámka partnera.")
    else:
        services.referral_expire(referral=referral)
    referral.refresh_from_db()
    partner = HttpClient()
    response = partner.get(url)
    page = response.content.decode()
    for personal in ("Nováková", "Jiřina", client_a.phone, "Tajná potřeba klienta.",
                     "Poznámka partnera.", "jana.dvorakova@example.cz"):
        assert personal not in page, personal
    if close != "expired":  # an expired referral's links are revoked altogether
        assert response.status_code == 200
        assert str(referral.get_status_display()) in page
        late = partner.post(url, {"action": "appointment", "version": str(referral.version),
                                  "appointment_at": "2099-01-01T10:00"})
        assert late.status_code == 409
        assert "Nováková" not in late.content.decode()
        referral.refresh_from_db()
        assert referral.status != ReferralStatus.APPOINTMENT_SET


@pytest.mark.django_db
def test_referral_consent_is_a_code_shown_in_the_readers_language(client_a, adviser_a,
                                                                   web_adviser_a):
    from django.utils import translation

    service = debt_service()
    form = web_adviser_a.get(reverse("network:referral_create",
                                     args=[client_a.uuid, service.pk])).content.decode()
    assert "Jiřina Nováková souhlasí" in form  # the consent names the client
    assert "název" not in form
    referral = referral_for(client_a, adviser_a, service, shared=("name", "phone"))
    consent = referral.consent
    assert consent.scope.startswith("referral:name,phone:")  # a code, not a sentence
    with translation.override("cs"):
        assert consent.scope_text == ("Poradna Na Rozcestí, z. ú. – Dluhová poradna: "
                                      "jméno a příjmení, telefon")
    with translation.override("uk"):
        assert "ім'я та прізвище" in consent.scope_text
    with translation.override("en"):
        assert consent.scope_text.endswith(": name, phone")
    timeline = web_adviser_a.get(reverse("cases:client_detail", args=[client_a.uuid]))
    assert "jméno a příjmení, telefon" in timeline.content.decode()


@pytest.mark.django_db
def test_migration_turns_stored_referral_consent_sentences_into_codes(client_a, adviser_a):
    import importlib

    from django.apps import apps

    referral = referral_for(client_a, adviser_a, debt_service(), shared=("name", "phone"))
    code = referral.consent.scope
    Consent.objects.filter(pk=referral.consent_id).update(
        scope="Poradna Na Rozcestí, z. ú. – Dluhová poradna: název, telefon")
    migration = importlib.import_module(
        "kmb.network.migrations.0005_referral_consent_scope_codes")
    migration.to_codes(apps, None)
    assert Consent.objects.get(pk=referral.consent_id).scope == code
    migration.to_sentences(apps, None)
    assert Consent.objects.get(pk=referral.consent_id).scope.endswith(
        "jméno a příjmení, telefon")


@pytest.mark.django_db
def test_referral_targets_follow_the_clients_area_category_and_city_districts(
        client_a, web_adviser_a):
    from kmb.core.models import CityDistrict
    from kmb.network.models import Location, ServiceArea, ServiceAtLocation

    debt_service(name="Poradna Praha")
    brno = debt_service(name="Poradna Brno")
    Location.objects.filter(service_at_locations__service=brno).update(
        municipality=factories.municipality("582786"))
    ServiceArea.objects.filter(service=brno).delete()
    other = debt_service(name="Jídelna Praha")  # in Praha, but not debt counselling
    from kmb.network.models import Attribute

    Attribute.objects.filter(link_id=other.pk).delete()
    assert ServiceAtLocation.objects.count() == 3
    CityDistrict.objects.create(code="500186", name="Praha 7",
                                municipality=factories.municipality("554782"))
    url = reverse("network:referral_start", args=[client_a.uuid])

    def names(params=None) -> set[str]:
        page = web_adviser_a.get(url, params or {}).content.decode()
        return {n for n in ("Poradna Praha", "Poradna Brno", "Jídelna Praha") if n in page}

    # by default: the client's area (here the office's, Praha)
    assert names() == {"Poradna Praha", "Jídelna Praha"}
    # a city district stands for its city; with a category
    assert names({"municipality": "Praha 7", "category": "debt_counselling"}) == {
        "Poradna Praha"}
    # an unknown place keeps the category and says so
    page = web_adviser_a.get(url, {"municipality": "Horní Dolní 99",
                                   "category": "debt_counselling"}).content.decode()
    assert "Horní Dolní 99" in page and "kmb-alert--warning" in page
    assert "Poradna Praha" in page and "Poradna Brno" in page
    assert "Jídelna Praha" not in page
    # clearing the place shows every place
    assert names({"municipality": ""}) == {"Poradna Praha", "Poradna Brno", "Jídelna Praha"}
