"""Staff login: password, lock-out, reset by e-mail, two-factor login."""

from __future__ import annotations

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kmb.accounts.models import RolePolicy
from kmb.audit.models import SecurityEvent
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db


def _login(http: HttpClient, username: str, password: str = "kmb-demo"):
    return http.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_logout_and_security_events(adviser_a):
    http = HttpClient()
    assert http.get(reverse("cases:dashboard")).status_code == 302
    response = _login(http, "poradce.a")
    assert response.status_code == 302
    assert http.get(reverse("cases:dashboard")).status_code == 200
    http.post(reverse("accounts:logout"))
    assert http.get(reverse("cases:dashboard")).status_code == 302
    kinds = list(SecurityEvent.objects.values_list("kind", flat=True))
    assert "login" in kinds and "logout" in kinds


def test_lockout_after_repeated_failures(adviser_a, settings):
    http = HttpClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(http, "poradce.a", "wrong-password")
    assert response.status_code in (200, 429)
    response = _login(http, "poradce.a")  # the right password no longer helps
    assert response.status_code == 429
    assert http.get(reverse("cases:dashboard")).status_code == 302
    assert SecurityEvent.objects.filter(kind="login_failed").count() >= 4


@pytest.mark.django_db(transaction=True)
def test_password_reset_by_email(adviser_a, smtp_server):
    http = HttpClient()
    http.post(reverse("accounts:password_reset"), {"email": adviser_a.email})
    run_background_tasks()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == adviser_a.email
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+)", body).group(1)
    form_page = http.get(link, follow=True)
    assert form_page.status_code == 200
    response = http.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
                         {"new_password1": "Nove-Heslo-2026!", "new_password2": "Nove-Heslo-2026!"})
    assert response.status_code == 302
    assert _login(HttpClient(), "poradce.a", "Nove-Heslo-2026!").status_code == 302


def test_two_factor_login_and_mandatory_policy(adviser_a):
    RolePolicy.objects.update_or_create(role="adviser", defaults={"two_factor_required": True})
    http = HttpClient()
    _login(http, "poradce.a")
    # the role requires 2FA: every staff page leads to the set-up
    response = http.get(reverse("cases:dashboard"))
    assert response.status_code == 302 and reverse("accounts:security") in response["Location"]
    http.post(reverse("accounts:security"), {"action": "start"})
    device = TOTPDevice.objects.get(user=adviser_a, confirmed=False)
    http.post(reverse("accounts:security"),
              {"action": "confirm", "otp_token": f"{totp(device.bin_key):06d}"})
    assert http.get(reverse("cases:dashboard")).status_code == 200

    # next time the password alone is not enough
    fresh = HttpClient()
    response = _login(fresh, "poradce.a")
    assert response["Location"] == reverse("accounts:login_verify")
    assert fresh.get(reverse("cases:dashboard")).status_code == 302
    wrong = fresh.post(reverse("accounts:login_verify"), {"otp_token": "000000"})
    assert wrong.status_code == 200
    assert fresh.get(reverse("cases:dashboard")).status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, last_t=-1,
                                                   throttling_failure_timestamp=None)
    fresh.post(reverse("accounts:login_verify"),
               {"otp_token": f"{totp(device.bin_key):06d}"})
    assert fresh.get(reverse("cases:dashboard")).status_code == 200


def test_admin_only_for_administrators(web_lead_a):
    response = web_lead_a.get("/admin/")
    assert response.status_code == 302  # sent to log in, not in


def test_each_role_lands_on_its_page(adviser_a, analyst_a, cp_a):
    from kmb.core.events import event_record

    event_record(kind="consultation.recorded", contact_point=cp_a,
                 data={"channel": "phone", "topics": ["benefits"], "anonymous": True})
    assert _login(HttpClient(), "poradce.a")["Location"] == reverse("cases:dashboard")
    http = HttpClient()
    assert _login(http, "analytik.a")["Location"] == reverse("stats:overview")
    page = http.get(reverse("stats:overview")).content.decode()
    assert "Statistiky" in page
    # the analyst sees figures, never a client record
    assert http.get(reverse("cases:client_list")).status_code == 404
