"""Expire unanswered referrals and remind partners: run once a day (cron or the worker)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from kmb.network.services import referrals_expire


class Command(BaseCommand):
    help = ("Expire referrals a partner has not answered within the set number of working "
            "days (they return to the adviser's dashboard) and send partners a reminder "
            "before that. Safe to run several times a day.")

    def handle(self, *args, **options):
        expired, reminded = referrals_expire()
        self.stdout.write(f"Referrals expired: {expired}; reminders sent: {reminded}.")
