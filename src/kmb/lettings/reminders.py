"""The daily work of the municipal flats: remind applicants a month before their
registration lapses, take lapsed registrations off the register, close offers whose window
has passed and score applications by rules that come into force today."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kmb.core.mail import mail_send_after_commit
from kmb.lettings import services
from kmb.lettings.models import Application, ApplicationStatus

REMIND_MONTHS_BEFORE = 1


def lapse_reminders(*, today=None) -> int:
    """E-mail every registered applicant whose registration ends within a month (once)."""
    day = today or timezone.localdate()
    horizon = services.add_months(day, REMIND_MONTHS_BEFORE)
    sent = 0
    due = (Application.objects.filter(status=ApplicationStatus.REGISTERED,
                                      registration_expires_on__gte=day,
                                      registration_expires_on__lte=horizon,
                                      lapse_reminder_sent_on__isnull=True)
           .exclude(email="").select_related("contact_point"))
    for app in due:
        with transaction.atomic():
            updated = Application.objects.filter(
                pk=app.pk, lapse_reminder_sent_on__isnull=True).update(
                lapse_reminder_sent_on=day)
            if not updated:
                continue
            with translation.override(app.language):
                subject = _("Your registration for a municipal flat is ending")
                body = render_to_string("lettings/email/lapse.txt", {
                    "application": app, "office": app.contact_point,
                    "sign_in_url": settings.SITE_URL + reverse("lettings:sign_in")})
            mail_send_after_commit(subject=subject, body=body, to=[app.email],
                                   reference=f"lettings:{app.uuid}")
            sent += 1
    return sent


def lapse_registrations(*, today=None) -> int:
    """Registrations past their end leave the register (removed, with the reason)."""
    day = today or timezone.localdate()
    lapsed = 0
    for app in Application.objects.filter(
            status__in=(ApplicationStatus.REGISTERED, ApplicationStatus.SUSPENDED),
            registration_expires_on__lt=day).select_related("programme", "housing_situation"):
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            services.application_set_status(
                application=app, actor=None, status=ApplicationStatus.REMOVED, lapsed=True,
                reason=_("the registration lapsed on %(day)s without renewal") % {
                    "day": app.registration_expires_on.strftime("%d. %m. %Y")})
            lapsed += 1
    return lapsed


def daily(*, today=None) -> dict[str, int]:
    return {"reminded": lapse_reminders(today=today),
            "lapsed": lapse_registrations(today=today),
            "offers_closed": services.offers_close_due(),
            "rules_started": services.rules_activate_due(on=today)}
