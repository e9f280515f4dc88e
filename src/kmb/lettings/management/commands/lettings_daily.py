"""Run once a day (cron): registration reminders and lapses, closing offers, new rules."""

from django.core.management.base import BaseCommand

from kmb.lettings.reminders import daily


class Command(BaseCommand):
    help = ("Remind applicants a month before their registration for a municipal flat "
            "lapses, remove lapsed registrations, close offers whose window passed and score "
            "by rules that come into force today.")

    def handle(self, *args, **options):
        result = daily()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
