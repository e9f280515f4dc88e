"""E-mail reminders 5 and 1 working days before a deadline, through the real worker and a
real SMTP server."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kmb.register import services
from kmb.register.reminders import reminders_send, working_days_until
from tests.conftest import run_background_tasks
from tests.register.conftest import membership

D = date


def test_working_days_until_skips_weekends_and_holidays():
    # Wed 23 Dec 2026 → Mon 28 Dec: 24, 25 Dec holidays, 26–27 weekend → 1 working day
    assert working_days_until(D(2026, 12, 23), D(2026, 12, 28)) == 1
    assert working_days_until(D(2026, 12, 21), D(2026, 12, 28)) == 3
    assert working_days_until(D(2026, 12, 28), D(2026, 12, 28)) == 0


def _day_with(due: date, days: int) -> date:
    day = due
    while working_days_until(day, due) != days or day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


@pytest.mark.django_db(transaction=True)
def test_officer_is_reminded_once_five_and_one_working_days_before(officer_a, client_a,
                                                                   smtp_server):
    officer_a.email = "referent@example.cz"
    officer_a.save()
    procedure = services.procedure_file(
        membership=membership(officer_a), actor=officer_a, client=client_a, path="need",
        channel="paper", filed_on=timezone.localdate() - timedelta(days=2), officer=officer_a)
    procedure.refresh_from_db()
    due = procedure.next_due
    assert reminders_send(today=_day_with(due, 3)) == 0
    assert reminders_send(today=_day_with(due, 5)) == 1
    assert reminders_send(today=_day_with(due, 5)) == 0  # once
    assert reminders_send(today=_day_with(due, 1)) == 1
    run_background_tasks()
    assert len(smtp_server.messages) == 2
    message = smtp_server.messages[0]
    assert message["To"] == "referent@example.cz"
    body = message.get_body().get_content()
    assert f"{due.day}. {due.month}. {due.year}" in body and str(procedure.uuid) in body
    assert client_a.last_name not in body and client_a.last_name not in message["Subject"]
