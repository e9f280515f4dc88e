"""Write the partner directory as HSDS 3.0: a JSON document or a ZIP data package."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kmb.network.hsds import export


class Command(BaseCommand):
    help = ("Export the partner directory as Open Referral HSDS 3.0 (without the staff-only "
            "contact persons): --format json (nested organisations) or zip (CSV tables "
            "and datapackage.json).")

    def add_arguments(self, parser):
        parser.add_argument("output", help="File to write.")
        parser.add_argument("--format", choices=["json", "zip"], default="json")

    def handle(self, *args, output: str, format: str, **options):
        path = Path(output)
        if format == "json":
            data = json.dumps(export.export_document(), ensure_ascii=False, indent=1)
            content = data.encode("utf-8")
        else:
            content = export.tabular_zip()
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from None
        self.stdout.write(f"Written {path} ({len(content)} bytes).")
