"""Security events from Django's and axes' authentication signals."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

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
    security_event_record(kind=SecurityEventKind.LOGIN_FAILED,
                          username=str(credentials.get("username", "")), ip_address=_ip(request))


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    security_event_record(kind=SecurityEventKind.LOCKED_OUT, username=username or "",
                          ip_address=ip_address)
