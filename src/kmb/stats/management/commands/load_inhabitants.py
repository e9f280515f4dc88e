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
        count = 0
        for line, row in enumerate(rows, start=2):
            try:
                year, inhabitants = int(row["year"]), int(row["inhabitants"])
                code, name, source = row["municipality_code"].strip(), row["name"], row["source"]
                sample = (row.get("sample") or "").strip().lower() in SAMPLE_YES
            except (KeyError, ValueError, AttributeError) as exc:
                raise CommandError(f"{path}, line {line}: {exc}") from exc
            Inhabitants.objects.update_or_create(
                municipality_code=code, year=year,
                defaults={"name": name, "inhabitants": inhabitants, "source": source,
                          "sample": sample})
            count += 1
        figures_changed()
        self.stdout.write(f"{count} municipalities loaded from {path}.")
