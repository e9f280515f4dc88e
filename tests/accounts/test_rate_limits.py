"""Rate limits that hold across user names and processes: password spraying, reset e-mails."""

from __future__ import annotations

import json

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from kmb.core.models import OutgoingMail, RateCounter
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


def _web_login(username: str, password: str, ip: str = "203.0.113.7"):
    return HttpClient(REMOTE_ADDR=ip).post(reverse("accounts:login"),
                                           {"username": username, "password": password})


def _api_login(username: str, password: str, ip: str = "203.0.113.7"):
    return HttpClient(REMOTE_ADDR=ip).post(
        TOKEN_URL, json.dumps({"username": username, "password": password}),
        content_type="application/json")


@pytest.fixture
def spray_limit(settings):
    settings.KMB_LOGIN_IP_FAILURE_LIMIT = 6
    return 6


def test_one_password_tried_on_many_accounts_blocks_the_address(adviser_a, spray_limit):
    # every user name fails only once: the per-user lock-out never triggers
    for number in range(spray_limit // 2):
        assert _web_login(f"someone{number}", "Jaro2026").status_code == 200
        assert _api_login(f"other{number}", "Jaro2026").status_code == 401
    refused = _web_login("poradce.a", "kmb-demo")  # even the right password
    assert refused.status_code == 429
    assert "Z vaší sítě bylo příliš mnoho neúspěšných pokusů" in refused.content.decode()
    api = _api_login("poradce.a", "kmb-demo")
    assert api.status_code == 429 and api.json()["code"] == "locked_out"
    # another address is not affected
    assert _web_login("poradce.a", "kmb-demo", ip="198.51.100.1").status_code == 302
    assert not RateCounter.objects.filter(key__contains="203.0.113.7").exists()  # hashed


def test_successful_logins_do_not_count(adviser_a, spray_limit):
    for _ in range(spray_limit + 2):
        assert _api_login("poradce.a", "kmb-demo").status_code == 200


def _reset(email: str, ip: str):
    return HttpClient(REMOTE_ADDR=ip).post(reverse("accounts:password_reset"),
                                           {"email": email})


def test_reset_emails_per_address_are_limited(adviser_a, settings):
    settings.KMB_PASSWORD_RESETS_PER_HOUR = 2
    for number in range(4):  # from different addresses: the per-address limit holds
        response = _reset(adviser_a.email, f"192.0.2.{number + 1}")
        assert response.status_code == 302  # the page says the same: nothing is revealed
    assert OutgoingMail.objects.filter(to=[adviser_a.email]).count() == 2


def test_reset_requests_per_ip_are_limited(adviser_a, settings):
    settings.KMB_PASSWORD_RESETS_PER_HOUR_IP = 3
    others = [factories.UserFactory(username=f"u{n}", email=f"u{n}@example.cz")
              for n in range(5)]
    statuses = [_reset(user.email, "192.0.2.50").status_code for user in others]
    assert statuses == [302, 302, 302, 429, 429]
    assert OutgoingMail.objects.count() == 3
    assert _reset(others[4].email, "192.0.2.51").status_code == 302
