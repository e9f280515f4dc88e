from django.core.management.base import BaseCommand

from kmb.stats.rollup import refresh_dirty


class Command(BaseCommand):
    help = "Compute the statistics months touched by new events (what the worker does)."

    def handle(self, *args, **options):
        self.stdout.write(f"{refresh_dirty()} months computed.")
