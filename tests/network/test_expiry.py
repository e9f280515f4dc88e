"""Working days, referral expiry and reminders, with a frozen clock."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse

from kmb.core.models import DatedParameter, DomainEvent
from kmb.network import services
from kmb.network.models import ReferralLink, ReferralStatus
from kmb.network.workdays import add_working_days, is_working_day, working_days_between
from tests.network.factories import debt_service, referral_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start,days,expected", [
    (date(2026, 12, 23), 3, date(2026, 12, 30)),  # Christmas Eve to St Stephen's, a weekend
    (date(2026, 4, 2), 1, date(2026, 4, 7)),      # Good Friday and Easter Monday
    (date(2026, 11, 16), 1, date(2026, 11, 18)),  # 17 November
    (date(2026, 11, 27), 5, date(2026, 12, 4)),   # a plain week
    (date(2026, 5, 7), 1, date(2026, 5, 11)),     # 8 May, then a weekend
    (date(2026, 11, 27), 0, date(2026, 11, 27)),
])
def test_working_days_skip_weekends_and_czech_holidays(start, days, expected):
    assert add_working_days(start, days) == expected
    assert working_days_between(start, expected) == days


def test_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 7, 6))  # Jan Hus
    assert not is_working_day(date(2026, 9, 28))
    assert is_working_day(date(2026, 9, 29))


@time_machine.travel("2026-12-22 10:00 +0100", tick=False)
def test_expiry_date_comes_from_the_dated_parameter(client_a, adviser_a):
    DatedParameter.objects.filter(key="referral.expiry_working_days").update(value=3)
    referral = referral_for(client_a, adviser_a, debt_service())
    # 23 Dec, 28 Dec, 29 Dec: Christmas holidays and a weekend do not count
    assert referral.expires_on == date(2026, 12, 29)
    DatedParameter.objects.create(key="referral.expiry_working_days", value=10,
                                  valid_from=date(2026, 12, 22))
    assert services.referral_expiry_for(date(2026, 12, 22)) == date(2027, 1, 8)


def test_unanswered_referral_gets_a_reminder_then_expires(client_a, adviser_a):
    with time_machine.travel("2026-11-23 09:00 +0100", tick=False):  # Monday
        referral = referral_for(client_a, adviser_a, debt_service())
        assert referral.expires_on == date(2026, 11, 30)  # 5 working days, 17 Nov long gone
        assert services.referrals_expire() == (0, 0)
    with time_machine.travel("2026-11-27 09:00 +0100", tick=False):  # Friday: 1 day left
        assert services.referrals_expire() == (0, 1)
        assert services.referrals_expire() == (0, 0)  # only one reminder
        assert referral.links.count() == 2  # the reminder brings its own link
    with time_machine.travel("2026-11-30 18:00 +0100", tick=False):  # the last day
        assert services.referrals_expire() == (0, 0)
    with time_machine.travel("2026-12-01 06:00 +0100", tick=False):
        call_command("referrals_expire", stdout=open("/dev/null", "w"))  # noqa: SIM115
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.EXPIRED
        assert not ReferralLink.objects.filter(referral=referral, revoked_at__isnull=True)
        event = DomainEvent.objects.get(kind="referral.expired")
        assert event.data["categories"] == ["debt_counselling"]
        assert "Nováková" not in str(event.data)
        # back on the adviser's dashboard
        web = HttpClient()
        web.force_login(adviser_a, backend="django.contrib.auth.backends.ModelBackend")
        page = web.get(reverse("cases:dashboard")).content.decode()
        assert 'id="referrals-attention"' in page
        assert str(referral.uuid) in page
        assert services.referrals_expire() == (0, 0)


def test_answered_referral_does_not_expire(client_a, adviser_a):
    with time_machine.travel("2026-11-23 09:00 +0100", tick=False):
        referral = referral_for(client_a, adviser_a, debt_service())
        services.referral_respond(referral=referral, action="accept", expected_version=1,
                                  actor_label="partner link (test)")
    with time_machine.travel("2026-12-15 09:00 +0100", tick=False):
        assert services.referrals_expire() == (0, 0)
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.ACCEPTED
