from django.core.management.base import BaseCommand

from kmb.stats.page import warm
from kmb.stats.rollup import rebuild


class Command(BaseCommand):
    help = ("Rebuild the statistics roll-ups from the domain events (safe to run any time) "
            "and render the statistics page of every scope again.")

    def handle(self, *args, **options):
        rebuild(stdout=self.stdout)
        self.stdout.write(f"{warm()} statistics pages rendered.")
