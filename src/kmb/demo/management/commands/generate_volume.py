"""Fill a database with national-scale synthetic data for benchmarks and load tests."""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from kmb.demo.volume import VolumeGenerator


class Command(BaseCommand):
    help = (
        "Generate realistic volume data: offices across the country with their staff and "
        "partner services, clients with Czech names, households, consents, consultations, "
        "tasks, referrals, benefit estimates, audit entries and domain events. COPY on "
        "PostgreSQL, batched inserts on SQLite. The same seed and --until give the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, required=True)
        parser.add_argument("--consultations", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--offices", type=int, default=132,
                            help="Number of contact points (default 132, as the law sets).")
        parser.add_argument("--until", type=date.fromisoformat, default=None,
                            help="The last day of the generated history (default today).")
        parser.add_argument("--password", default="",
                            help="Password of the generated staff logins (default: none, "
                                 "logins disabled).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, clients: int, consultations: int, seed: int, offices: int,
               until: date | None, password: str, database: str, **options):
        if clients < 1 or consultations < 0 or offices < 1:
            raise CommandError("--clients and --offices must be positive, --consultations "
                               "not negative.")
        verbosity = options.get("verbosity", 1)
        generator = VolumeGenerator(
            clients=clients, consultations=consultations, seed=seed, offices=offices,
            until=until or timezone.localdate(), password=password or None,
            connection=connections[database],
            log=(lambda m: self.stdout.write(m)) if verbosity >= 2 else (lambda m: None))
        started = time.monotonic()
        try:
            counts = generator.run()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        elapsed = time.monotonic() - started
        if verbosity:
            self.stdout.write(f"Generated in {elapsed:.0f} s ("
                              + ", ".join(f"{k} {v:.0f} s" for k, v in
                                          generator.timings.items() if k != "total") + "):")
            for table, count in counts.items():
                self.stdout.write(f"  {table:<36} {count:>12,}".replace(",", " "))
            big = generator.offices[0]
            self.stdout.write(f"Biggest office: {big.contact_point.name} "
                              f"(id {big.contact_point.pk}), {big.clients} clients; staff "
                              f"logins vol001-vedouci, vol001-poradce01…")
