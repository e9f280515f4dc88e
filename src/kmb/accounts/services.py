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
from kmb.core import ratelimit


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


# --- failed logins per IP address, over all user names (password spraying) ---------------

LOGIN_IP_FAILURES = "login_ip_failures"


def _login_window() -> int:
    return max(60, int(settings.AXES_COOLOFF_TIME * 3600))


def login_ip_blocked(ip: str | None) -> bool:
    """Whether this address failed to log in too often lately (with any user names)."""
    used = ratelimit.count(LOGIN_IP_FAILURES, ip or "unknown", window=_login_window())
    return used >= settings.KMB_LOGIN_IP_FAILURE_LIMIT


def login_failure_counted(ip: str | None) -> None:
    ratelimit.hit(LOGIN_IP_FAILURES, ip or "unknown", window=_login_window())


def login_ip_refused(*, ip: str | None, username: str) -> AuthError:
    security_event_record(kind=SecurityEventKind.LOCKED_OUT, username=username,
                          ip_address=ip, detail="too many failures from this address")
    return AuthError(_("Too many failed login attempts from your network. Try again later "
                       "or ask your administrator."), code="locked_out")


# --- password-reset e-mails -------------------------------------------------------------

RESET_WINDOW = 3600


def password_reset_request_allowed(ip: str | None) -> bool:
    """Count a reset request from ``ip``; False once the address asked too often."""
    used = ratelimit.hit("password_reset_ip", ip or "unknown", window=RESET_WINDOW)
    allowed = used <= settings.KMB_PASSWORD_RESETS_PER_HOUR_IP
    if not allowed:
        security_event_record(kind=SecurityEventKind.PASSWORD_RESET_REQUESTED, ip_address=ip,
                              detail="refused: too many requests from this address")
    return allowed


def password_reset_allowed_for(email: str) -> bool:
    """Count a reset message to ``email``; False once it had its share this hour."""
    used = ratelimit.hit("password_reset_to", email.strip().lower(), window=RESET_WINDOW)
    allowed = used <= settings.KMB_PASSWORD_RESETS_PER_HOUR
    security_event_record(kind=SecurityEventKind.PASSWORD_RESET_REQUESTED,
                          detail="sent" if allowed else "not sent: limit for the address")
    return allowed


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_issue(
    *, request: HttpRequest, username: str, password: str, otp_code: str = "",
    contact_point_uuid: str | None = None,
) -> tuple[str, ApiToken]:
    """Check the credentials (and TOTP where on) and return a new raw token once."""
    ip = request.META.get("REMOTE_ADDR")
    if login_ip_blocked(ip):
        raise login_ip_refused(ip=ip, username=username)
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        security_event_record(kind=SecurityEventKind.TOKEN_REFUSED, username=username,
                              ip_address=ip)
        raise AuthError(_("Wrong user name or password."))
    needs_code = totp_device_for(user) is not None or two_factor_required_for(user)
    if needs_code and totp_verify(user, otp_code) is None:
        login_failure_counted(ip)
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


# --- revoking tokens -------------------------------------------------------------------

class TokenRevokeReason:
    """Why tokens were revoked (recorded with the security event)."""

    SIGN_OUT = "sign out"
    LOGOUT = "logout"
    PASSWORD = "password changed"
    DEACTIVATED = "account deactivated"
    ROLE = "role changed"
    TWO_FACTOR = "two-factor login now required"
    ADMIN = "revoked by an administrator"


def api_token_revoke(*, token: ApiToken, ip_address: str | None = None) -> None:
    """Revoke the token in use (``DELETE /api/v1/auth/token``)."""
    if ApiToken.objects.filter(pk=token.pk, revoked=False).update(revoked=True):
        security_event_record(kind=SecurityEventKind.TOKEN_REVOKED, user=token.user,
                              username=token.user.username, ip_address=ip_address,
                              detail=TokenRevokeReason.SIGN_OUT)


def api_token_revoke_by_admin(*, token: ApiToken, actor: User) -> int:
    """Revoke one token from the administration; 1 if it was live."""
    if not ApiToken.objects.filter(pk=token.pk, revoked=False).update(revoked=True):
        return 0
    security_event_record(kind=SecurityEventKind.TOKEN_REVOKED, user=token.user,
                          username=token.user.username,
                          detail=f"{TokenRevokeReason.ADMIN} ({actor.username})")
    return 1


def api_tokens_revoke(*, users, reason: str, actor: User | None = None) -> int:
    """Revoke every live token of ``users`` (a user, a list or a queryset); how many.

    Each user who lost a token gets a security event naming the reason (and the
    administrator who revoked it)."""
    if isinstance(users, User):
        users = [users]
    user_ids = [u.pk for u in users] if isinstance(users, list | tuple) else \
        list(users.values_list("pk", flat=True))
    detail = reason if actor is None else f"{reason} ({actor.username})"
    with transaction.atomic():
        live = ApiToken.objects.select_for_update().filter(user_id__in=user_ids, revoked=False)
        holders = set(live.values_list("user_id", flat=True))
        revoked = ApiToken.objects.filter(user_id__in=holders, revoked=False).update(
            revoked=True)
        for user in User.objects.filter(pk__in=holders):
            security_event_record(kind=SecurityEventKind.TOKEN_REVOKED, user=user,
                                  username=user.username, detail=detail)
    return revoked


def api_tokens_revoke_for_role(*, role: str, reason: str) -> int:
    """Revoke the tokens of everyone holding ``role`` (e.g. when 2FA becomes mandatory)."""
    users = User.objects.filter(memberships__role=role, memberships__active=True).distinct()
    return api_tokens_revoke(users=users, reason=reason)
