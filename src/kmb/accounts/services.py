"""Accounts: two-factor login and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kmb.accounts.models import ApiToken, Membership, RolePolicy, User
from kmb.audit.models import SecurityEventKind
from kmb.audit.services import security_event_record


class AuthError(Exception):
    """Credentials refused; the message is safe to show."""

    def __init__(self, message, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def two_factor_required_for(user: User) -> bool:
    roles = Membership.objects.filter(user=user, active=True).values_list("role", flat=True)
    return RolePolicy.objects.filter(role__in=list(roles), two_factor_required=True).exists()


def totp_device_for(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_verify(user: User, token: str) -> TOTPDevice | None:
    device = totp_device_for(user)
    token = (token or "").replace(" ", "")
    if device is None or not token.isdigit() or not device.verify_token(token):
        security_event_record(kind=SecurityEventKind.TWO_FACTOR_FAILED, user=user,
                              username=user.username)
        return None
    return device


def totp_pending_device(user: User) -> TOTPDevice | None:
    """The device being set up, not yet confirmed with a code."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


@transaction.atomic
def totp_setup_start(*, user: User) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_setup_confirm(*, user: User, token: str) -> TOTPDevice | None:
    device = totp_pending_device(user)
    token = (token or "").replace(" ", "")
    if device is None or not token.isdigit() or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    security_event_record(kind=SecurityEventKind.TWO_FACTOR_ENABLED, user=user,
                          username=user.username)
    return device


@transaction.atomic
def totp_disable(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    security_event_record(kind=SecurityEventKind.TWO_FACTOR_DISABLED, user=user,
                          username=user.username)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_issue(
    *, request: HttpRequest, username: str, password: str, otp_code: str = "",
    contact_point_uuid: str | None = None,
) -> tuple[str, ApiToken]:
    """Check the credentials (and TOTP where on) and return a new raw token once."""
    user = authenticate(request, username=username, password=password)
    ip = request.META.get("REMOTE_ADDR")
    if user is None or not user.is_active:
        security_event_record(kind=SecurityEventKind.TOKEN_REFUSED, username=username,
                              ip_address=ip)
        raise AuthError(_("Wrong user name or password."))
    needs_code = totp_device_for(user) is not None or two_factor_required_for(user)
    if needs_code and totp_verify(user, otp_code) is None:
        security_event_record(kind=SecurityEventKind.TOKEN_REFUSED, user=user,
                              username=username, ip_address=ip, detail="otp")
        raise AuthError(_("A valid code from the authenticator app is required."),
                        code="otp_required")
    memberships = Membership.objects.filter(user=user, active=True, contact_point__isnull=False)
    if contact_point_uuid:
        memberships = memberships.filter(contact_point__uuid=contact_point_uuid)
    membership = memberships.select_related("contact_point").order_by("id").first()
    if membership is None:
        raise AuthError(_("This account works at no contact point."), code="no_membership")
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, membership=membership, digest=_digest(raw),
        expires_at=timezone.now() + timedelta(hours=settings.KMB_API_TOKEN_HOURS),
    )
    security_event_record(kind=SecurityEventKind.TOKEN_ISSUED, user=user, username=username,
                          ip_address=ip)
    return raw, token


def api_token_authenticate(raw: str) -> ApiToken | None:
    if not raw:
        return None
    token = (
        ApiToken.objects.filter(digest=_digest(raw), revoked=False, expires_at__gt=timezone.now(),
                                user__is_active=True, membership__active=True)
        .select_related("user", "membership__contact_point")
        .first()
    )
    return token
