"""Login with optional two-factor step, security settings, switching contact point."""

from __future__ import annotations

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from kmb.accounts import services
from kmb.accounts.forms import LoginForm, OtpForm, PasswordResetQueuedForm
from kmb.accounts.tenancy import SESSION_KEY, memberships_for_user
from kmb.core.permissions import Perm, role_has

PENDING_KEY = "kmb_pending_user"
MAX_OTP_FAILURES = 5


def _next_url(request: HttpRequest, user=None) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return candidate
    return home_url_for(user or request.user)


def home_url_for(user) -> str:
    """Where a user starts: the page their role is for."""
    memberships = memberships_for_user(user)
    if any(role_has(m.role, Perm.CLIENT_VIEW) for m in memberships):
        return reverse("cases:dashboard")
    if any(role_has(m.role, Perm.STATS_VIEW) for m in memberships):
        return reverse("stats:overview")
    if hasattr(user, "partner_memberships") and user.partner_memberships.exists():
        return reverse("network:partner_referrals")
    if getattr(user, "is_staff", False):
        return reverse("admin:index")
    return reverse("accounts:security")


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = request.META.get("REMOTE_ADDR")
        if services.login_ip_blocked(ip):
            refused = services.login_ip_refused(ip=ip, username=form.cleaned_data["username"])
            form.add_error(None, refused.message)
            return render(request, "accounts/login.html",
                          {"form": form, "next": request.GET.get("next", "")}, status=429)
        user = authenticate(request, username=form.cleaned_data["username"],
                            password=form.cleaned_data["password"])
        if user is None:
            form.add_error(None, _("Wrong user name or password."))
        elif services.totp_device_for(user) is not None:
            request.session[PENDING_KEY] = {"id": user.pk, "failures": 0,
                                            "next": _next_url(request, user)}
            return redirect("accounts:login_verify")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            _after_login(request, user)
            return redirect(_next_url(request, user))
    return render(request, "accounts/login.html",
                  {"form": form, "next": request.GET.get("next", "")})


def login_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return redirect("accounts:login")
    user = get_user_model().objects.filter(pk=pending["id"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.totp_verify(user, form.cleaned_data["otp_token"])
        if device is None:
            pending["failures"] += 1
            if pending["failures"] >= MAX_OTP_FAILURES:
                request.session.pop(PENDING_KEY, None)
                messages.error(request, _("Too many wrong codes. Log in again."))
                return redirect("accounts:login")
            request.session[PENDING_KEY] = pending
            form.add_error("otp_token", _("The code is not valid. Try the current one."))
        else:
            request.session.pop(PENDING_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)
            _after_login(request, user)
            return redirect(pending.get("next") or "cases:dashboard")
    return render(request, "accounts/login_verify.html", {"form": form})


def _after_login(request: HttpRequest, user) -> None:
    request.session["kmb_2fa_required"] = services.two_factor_required_for(user)
    if user.preferred_language:
        request.session["_language"] = user.preferred_language


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """Two-factor login status and setup, and the contact point the user works for."""
    user = request.user
    device = services.totp_device_for(user)
    setup_device = None
    form = OtpForm(request.POST or None) if request.POST.get("action") == "confirm" else OtpForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "start":
            setup_device = services.totp_setup_start(user=user)
        elif action == "confirm" and form.is_valid():
            confirmed = services.totp_setup_confirm(user=user,
                                                    token=form.cleaned_data["otp_token"])
            if confirmed:
                otp_login(request, confirmed)
                request.session["kmb_2fa_required"] = services.two_factor_required_for(user)
                messages.success(request, _("Two-factor login is on."))
                return redirect("accounts:security")
            form.add_error("otp_token", _("The code is not valid. Try the current one."))
        elif action == "disable" and device is not None:
            if services.two_factor_required_for(user):
                messages.error(request, _("Your role requires two-factor login."))
            else:
                services.totp_disable(user=user)
                messages.success(request, _("Two-factor login is off."))
            return redirect("accounts:security")
    if setup_device is None and request.POST.get("action") == "confirm":
        setup_device = services.totp_pending_device(user)
    context = {
        "device": device,
        "setup_device": setup_device,
        "setup_qr": _qr_data_uri(setup_device.config_url) if setup_device else None,
        "setup_secret": base64.b32encode(setup_device.bin_key).decode() if setup_device
        else None,
        "form": form,
        "required": services.two_factor_required_for(user),
        "verified": user.is_verified(),
        "all_memberships": memberships_for_user(user),
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def switch_contact_point(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("membership", "")
    for membership in memberships_for_user(request.user):
        if str(membership.pk) == wanted:
            request.session[SESSION_KEY] = membership.pk
            messages.success(request, _("You now work for %(name)s.")
                             % {"name": membership.contact_point.name})
            break
    return redirect("cases:dashboard")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page with a limit per IP address (shared by all processes)."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetQueuedForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not services.password_reset_request_allowed(self.request.META.get("REMOTE_ADDR")):
            form.add_error(None, _("Too many requests from your network. Try again in an "
                                   "hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
