from django.core.management.base import BaseCommand

from kmb.stats.page import warm
from kmb.stats.rollup import refresh_dirty


class Command(BaseCommand):
    help = ("Compute the statistics months touched by new events and render the statistics "
            "page of every scope again (what the worker does).")

    def handle(self, *args, **options):
        self.stdout.write(f"{refresh_dirty()} months computed.")
        self.stdout.write(f"{warm()} statistics pages rendered.")
