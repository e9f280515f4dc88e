"""Remind responsible officers of register deadlines: run once a day (cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from kmb.register.reminders import reminders_send


class Command(BaseCommand):
    help = ("E-mail the responsible register officer the set working days (5 and 1 by "
            "default) before the next deadline of each running procedure. Safe to run "
            "several times a day.")

    def handle(self, *args, **options):
        self.stdout.write(f"Register reminders sent: {reminders_send()}.")
