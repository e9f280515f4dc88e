"""What staff notice in the browser: where the logo leads, the favicon, labels not codes."""

from __future__ import annotations

import re

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from kmb.cases import services
from kmb.cases.models import Topic
from kmb.core.permissions import Role
from tests import factories

pytestmark = pytest.mark.django_db


def _web(user) -> HttpClient:
    web = HttpClient()
    web.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return web


def _logo_href(body: str) -> str:
    return re.search(r'<a class="kmb-brand" href="([^"]+)"', body).group(1)


@pytest.mark.parametrize(("role", "home"), [
    (Role.ADVISER, "/staff/"), (Role.LEAD, "/staff/"), (Role.HOUSING_OFFICER, "/staff/"),
    (Role.ANALYST, "/staff/stats/"),
])
def test_logo_leads_each_role_to_its_own_start(role, home, cp_a):
    web = _web(factories.staff(f"logo.{role}", role, cp_a))
    page = web.get("/accounts/security/")
    assert _logo_href(page.content.decode()) == home
    assert web.get(home).status_code == 200


def test_logo_leads_a_partner_to_the_incoming_referrals(cp_a):
    from kmb.network.models import PartnerMembership
    from tests.network.factories import debt_service

    user = factories.UserFactory(username="partner.logo")
    PartnerMembership.objects.create(user=user, organization=debt_service().organization)
    web = _web(user)
    home = _logo_href(web.get("/accounts/security/").content.decode())
    assert home == "/staff/partner/"
    assert web.get(home).status_code == 200


def test_favicon_answers_and_both_base_templates_link_it(adviser_a, anonymous):
    icon = anonymous.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/")
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    for body in (_web(adviser_a).get("/staff/").content.decode(),
                 anonymous.get("/").content.decode()):
        assert 'rel="icon"' in body and "favicon.svg" in body


def test_stats_name_event_kinds(cp_a, lead_a):
    services.consultation_record(contact_point=cp_a, actor=lead_a, client=None,
                                 occurred_at=timezone.now(), channel="phone",
                                 duration_minutes=10,
                                 topics=Topic.objects.filter(code="benefits"))
    body = _web(lead_a).get("/staff/stats/").content.decode()
    assert "consultation.recorded" not in body
    assert "Konzultace podle způsobu" in body and "Anonymní konzultace" in body


def test_online_request_names_its_language(cp_a, adviser_a):
    request = services.online_request_create(contact_point=cp_a, name="Olena",
                                             contact_method="phone", phone="+420 731 000 222",
                                             consent_text="souhlas", language="uk")
    body = _web(adviser_a).get(f"/staff/requests/{request.uuid}/").content.decode()
    assert "<dd>ukrajinština</dd>" in body
    assert "<dd>uk</dd>" not in body


def test_audit_page_names_objects_fields_and_channels(client_a, lead_a):
    services.client_update(client=client_a, actor=lead_a, data={"phone": "+420 731 000 333"},
                           expected_version=client_a.version)
    body = _web(lead_a).get(f"/staff/clients/{client_a.uuid}/audit/").content.decode()
    assert "cases.client" not in body and "<td>web</td>" not in body
    assert "<td>Klient</td>" in body and "Stránky pro pracovníky" in body
    assert "telefon" in body
