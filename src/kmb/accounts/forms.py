from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from kmb.accounts.services import password_reset_allowed_for
from kmb.core.mail import mail_send_after_commit


class LoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username",
                                                             "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))


class OtpForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from the authenticator app"), max_length=8, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
    )


class PasswordResetQueuedForm(PasswordResetForm):
    """Django's reset form, but the message goes through the background worker, and no
    address gets more than ``KMB_PASSWORD_RESETS_PER_HOUR`` messages an hour (whoever asks;
    the page says the same either way, so it does not tell who has an account)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None) -> None:
        if not password_reset_allowed_for(to_email):
            return
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        mail_send_after_commit(subject=subject, body=body, to=[to_email])
