"""API tokens die with the session: sign-out, logout, password, deactivation, role, 2FA,
the administrator; and the token endpoint's lock-out answers JSON."""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client as HttpClient
from django.urls import reverse

from kmb.accounts.models import ApiToken, Membership, RolePolicy
from kmb.audit.models import SecurityEvent
from kmb.core.permissions import Role
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


def _token(username: str = "poradce.a", password: str = "kmb-demo") -> str:
    response = HttpClient().post(TOKEN_URL, json.dumps({"username": username,
                                                        "password": password}),
                                 content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _works(token: str) -> bool:
    status = HttpClient(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/clients").status_code
    assert status in (200, 401)
    return status == 200


def test_delete_revokes_the_token_in_use_only(adviser_a):
    used, other = _token(), _token()
    api = HttpClient(HTTP_AUTHORIZATION=f"Bearer {used}")
    response = api.delete(TOKEN_URL)
    assert response.status_code == 204
    assert not _works(used)
    assert _works(other)  # another device's token lives on
    assert api.delete(TOKEN_URL).status_code == 401
    assert SecurityEvent.objects.filter(kind="token_revoked", user=adviser_a).count() == 1


def test_delete_without_a_token_is_refused(db):
    assert HttpClient().delete(TOKEN_URL).status_code == 401


def test_logout_revokes_the_users_tokens(adviser_a, lead_a):
    mine, theirs = _token(), _token("vedouci.a")
    web = HttpClient()
    web.post(reverse("accounts:login"), {"username": "poradce.a", "password": "kmb-demo"})
    web.post(reverse("accounts:logout"))
    assert not _works(mine)
    assert _works(theirs)


def test_password_change_revokes_tokens(adviser_a):
    token = _token()
    web = HttpClient()
    web.force_login(adviser_a, backend="django.contrib.auth.backends.ModelBackend")
    response = web.post(reverse("accounts:password_change"), {
        "old_password": "kmb-demo", "new_password1": "Jine-Heslo-2026!",
        "new_password2": "Jine-Heslo-2026!"})
    assert response.status_code == 302
    assert not _works(token)
    assert _works(_token(password="Jine-Heslo-2026!"))


def test_a_login_does_not_revoke_tokens(adviser_a):
    token = _token()
    HttpClient().post(reverse("accounts:login"), {"username": "poradce.a",
                                                  "password": "kmb-demo"})
    assert _works(token)


def test_deactivation_revokes_for_good(adviser_a):
    token = _token()
    adviser_a.is_active = False
    adviser_a.save()
    adviser_a.is_active = True  # reactivated: the old token stays dead
    adviser_a.save()
    assert not _works(token)


def test_role_change_revokes_tokens(adviser_a):
    token = _token()
    membership = Membership.objects.get(user=adviser_a)
    membership.role = Role.HOUSING_OFFICER
    membership.save()
    assert not _works(token)
    assert ApiToken.objects.filter(user=adviser_a, revoked=True).exists()


def test_two_factor_becoming_mandatory_revokes_tokens_of_that_role(adviser_a, lead_a):
    adviser_token, lead_token = _token(), _token("vedouci.a")
    policy, _ = RolePolicy.objects.get_or_create(role=Role.ADVISER)
    policy.two_factor_required = True
    policy.save()
    assert not _works(adviser_token)
    assert _works(lead_token)


def test_administrator_revokes_a_users_tokens(adviser_a):
    token = _token()
    admin = factories.UserFactory(username="spravce", is_staff=True, is_superuser=True)
    web = HttpClient()
    web.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    response = web.post(reverse("admin:accounts_user_changelist"), {
        "action": "revoke_user_tokens", ACTION_CHECKBOX_NAME: [adviser_a.pk]})
    assert response.status_code == 302
    assert not _works(token)
    event = SecurityEvent.objects.get(kind="token_revoked", user=adviser_a)
    assert "spravce" in event.detail


def test_administrator_revokes_one_token(adviser_a):
    first, second = _token(), _token()
    admin = factories.UserFactory(username="spravce", is_staff=True, is_superuser=True)
    web = HttpClient()
    web.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    newest = ApiToken.objects.order_by("-id").first()
    web.post(reverse("admin:accounts_apitoken_changelist"), {
        "action": "revoke_tokens", ACTION_CHECKBOX_NAME: [newest.pk]})
    assert _works(first) and not _works(second)


def test_token_lockout_answers_json(adviser_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        HttpClient().post(TOKEN_URL, json.dumps({"username": "poradce.a", "password": "x"}),
                          content_type="application/json")
    response = HttpClient().post(TOKEN_URL, json.dumps({"username": "poradce.a",
                                                        "password": "kmb-demo"}),
                                 content_type="application/json")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "locked_out"
