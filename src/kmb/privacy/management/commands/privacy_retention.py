"""Daily retention job: run it once a day from cron (or enqueue the task of the same name)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kmb.privacy.services import retention_run


class Command(BaseCommand):
    help = ("List clients whose retention period has ended for the lead's review, anonymise "
            "those reviewed (approved, or listed for the review period without being "
            "postponed), and anonymise old requests from the portal.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as on this day (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
        report = retention_run(today=today)
        self.stdout.write(" ".join(f"{key}={value}" for key, value in report.items()))
