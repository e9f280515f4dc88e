import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kmb.stats.models import Inhabitants
from kmb.stats.page import figures_changed

SAMPLE_YES = {"yes", "ano", "true", "1"}
DEFAULT = Path(__file__).resolve().parents[2] / "data" / "inhabitants.csv"


class Command(BaseCommand):
    help = ("Load inhabitants of municipalities (RÚIAN code, name, year, inhabitants, source; "
            "optional column sample: yes for approximate sample figures).")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT))

    @transaction.atomic
    def handle(self, path, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        loaded: dict[tuple[str, int], Inhabitants] = {}
        for line, row in enumerate(rows, start=2):
            try:
                year, inhabitants = int(row["year"]), int(row["inhabitants"])
                code, name, source = row["municipality_code"].strip(), row["name"], row["source"]
                sample = (row.get("sample") or "").strip().lower() in SAMPLE_YES
                if not code or inhabitants < 0:
                    raise ValueError("a RÚIAN code and inhabitants of 0 or more are needed")
            except (KeyError, ValueError, AttributeError) as exc:
                raise CommandError(f"{path}, line {line}: {exc}") from exc
            loaded[(code, year)] = Inhabitants(municipality_code=code, year=year, name=name,
                                               inhabitants=inhabitants, source=source,
                                               sample=sample)
        # one statement per batch: a row loaded again for the same municipality and year
        # replaces the earlier one (6 000 municipalities load in about a second)
        Inhabitants.objects.bulk_create(
            loaded.values(), batch_size=1000, update_conflicts=True,
            unique_fields=["municipality_code", "year"],
            update_fields=["name", "inhabitants", "source", "sample"])
        count = len(loaded)
        figures_changed()
        self.stdout.write(f"{count} municipalities loaded from {path}.")
