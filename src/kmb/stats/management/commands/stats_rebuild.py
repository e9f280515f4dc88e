from django.core.management.base import BaseCommand

from kmb.stats.rollup import rebuild


class Command(BaseCommand):
    help = "Rebuild the statistics roll-ups from the domain events (safe to run any time)."

    def handle(self, *args, **options):
        rebuild(stdout=self.stdout)
