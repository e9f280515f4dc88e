"""Run once each morning from cron: queues the advisers' daily digests, the clients'
reminders of tomorrow's appointments, and forgets old contact data of portal bookings.
Safe to run more than once a day: nothing is sent twice."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kmb.appointments.tasks import daily_run


class Command(BaseCommand):
    help = "Queue today's digests and tomorrow's appointment reminders (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this day (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be a day written as YYYY-MM-DD.") from None
        counts = daily_run(today=today)
        self.stdout.write(f"Digests queued: {counts['digests']}; reminders queued: "
                          f"{counts['reminders']}; bookings whose contact data was "
                          f"forgotten: {counts['contacts_forgotten']}.")
