"""Security events from Django's and axes' authentication signals."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver

from kmb.accounts import services
from kmb.accounts.models import Membership, RolePolicy, User
from kmb.audit.models import SecurityEventKind
from kmb.audit.services import security_event_record


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    security_event_record(kind=SecurityEventKind.LOGIN, user=user, username=user.username,
                          ip_address=_ip(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        security_event_record(kind=SecurityEventKind.LOGOUT, user=user, username=user.username,
                              ip_address=_ip(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    services.login_failure_counted(_ip(request))
    security_event_record(kind=SecurityEventKind.LOGIN_FAILED,
                          username=str(credentials.get("username", "")), ip_address=_ip(request))


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    security_event_record(kind=SecurityEventKind.LOCKED_OUT, username=username or "",
                          ip_address=ip_address)


# --- API tokens die with the session ----------------------------------------------------
# Receivers on the models, so that every way of changing an account (the pages, a
# password reset, the Django admin, a shell) revokes the tokens; the rule itself is in
# services.api_tokens_revoke.

@receiver(user_logged_out, dispatch_uid="kmb_tokens_logout")
def _revoke_on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        services.api_tokens_revoke(users=user, reason=services.TokenRevokeReason.LOGOUT)


@receiver(pre_save, sender=User, dispatch_uid="kmb_tokens_user_change")
def _revoke_on_password_or_deactivation(sender, instance: User, update_fields=None, raw=False,
                                        **kwargs) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password:
        services.api_tokens_revoke(users=instance, reason=services.TokenRevokeReason.PASSWORD)
    elif before["is_active"] and not instance.is_active:
        services.api_tokens_revoke(users=instance,
                                   reason=services.TokenRevokeReason.DEACTIVATED)


@receiver(pre_save, sender=Membership, dispatch_uid="kmb_tokens_role_change")
def _revoke_on_role_change(sender, instance: Membership, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    before = Membership.objects.filter(pk=instance.pk).values(
        "role", "active", "contact_point_id").first()
    if before and (before["role"], before["active"], before["contact_point_id"]) != (
            instance.role, instance.active, instance.contact_point_id):
        services.api_tokens_revoke(users=instance.user, reason=services.TokenRevokeReason.ROLE)

# A membership that is deleted takes its tokens with it (ApiToken.membership cascades).


@receiver(pre_save, sender=RolePolicy, dispatch_uid="kmb_tokens_two_factor")
def _revoke_when_two_factor_required(sender, instance: RolePolicy, raw=False, **kwargs) -> None:
    if raw or not instance.two_factor_required:
        return
    before = RolePolicy.objects.filter(pk=instance.pk).values_list(
        "two_factor_required", flat=True).first() if instance.pk else None
    if not before:
        services.api_tokens_revoke_for_role(role=instance.role,
                                            reason=services.TokenRevokeReason.TWO_FACTOR)
