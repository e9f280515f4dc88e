"""Import an HSDS 3.0 file into the partner directory: all of it, or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kmb.network.services import hsds_import


class Command(BaseCommand):
    help = ("Import an Open Referral HSDS 3.0 file (JSON, a ZIP with CSV tables and "
            "datapackage.json, or one CSV table). A file with any error is refused whole "
            "and every problem is listed.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        record = hsds_import(actor=None, file_name=path.name, data=data)
        for warning in record.warnings:
            self.stdout.write(f"warning: {warning['place']} {warning['field']}: "
                              f"{warning['message']}")
        if not record.accepted:
            for problem in record.problems:
                self.stderr.write(f"{problem['place']} {problem['field']}: "
                                  f"{problem['message']}")
            raise CommandError(f"{path} was refused; nothing was imported.")
        for table, counts in record.counts.items():
            self.stdout.write(f"{table}: {counts['created']} added, {counts['updated']} "
                              "updated")
