"""E-mail reminders to the responsible officer some working days before a deadline.

The days come from the dated parameter ``register.reminder_working_days`` (5 and 1 by
default). Run ``manage.py register_reminders`` once a day; a reminder is sent once per
deadline and day count, so running it again the same day sends nothing new. The message
names no applicant: only the kind of deadline, its day and a link.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kmb.core.mail import mail_send_after_commit
from kmb.register import schedule
from kmb.register.deadlines import is_working_day
from kmb.register.models import CLOSED_STATES, DeadlineReminder, Procedure
from kmb.register.params import register_parameters


def working_days_until(today: date, due: date) -> int:
    """Working days after ``today`` up to and including ``due`` (0 when due today/past)."""
    count, day = 0, today
    while day < due:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def _send(procedure: Procedure, days: int) -> bool:
    try:
        with transaction.atomic():
            DeadlineReminder.objects.create(procedure=procedure, kind=procedure.next_due_kind,
                                            due=procedure.next_due, working_days_before=days)
    except IntegrityError:
        return False  # already reminded
    link = settings.SITE_URL + reverse("register:procedure_detail",
                                       kwargs={"procedure_id": procedure.uuid})
    due = procedure.next_due
    with translation.override(settings.LANGUAGE_CODE):
        label = str(schedule.KIND_LABELS.get(procedure.next_due_kind, ""))
        subject = _("Register deadline in %(days)s working days: %(day)s") % {
            "days": days, "day": f"{due.day}. {due.month}. {due.year}"}
        body = _("A deadline of a register procedure ends on %(day)s: %(what)s "
                 "(%(basis)s).\n\nOpen the procedure: %(link)s") % {
            "day": f"{due.day}. {due.month}. {due.year}", "what": label,
            "basis": procedure.next_due_basis, "link": link}
    mail_send_after_commit(subject=subject, body=body, to=[procedure.officer.email],
                           reference=f"register:{procedure.uuid}")
    return True


@transaction.atomic
def reminders_send(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    wanted = set(register_parameters(today).reminder_working_days)
    sent = 0
    procedures = (Procedure.objects.exclude(state__in=CLOSED_STATES)
                  .filter(next_due__gte=today, officer__isnull=False)
                  .exclude(officer__email="").select_related("officer"))
    for procedure in procedures.iterator():
        days = working_days_until(today, procedure.next_due)
        if days in wanted and _send(procedure, days):
            sent += 1
    return sent
