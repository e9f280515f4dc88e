"""`manage.py backup --output DIR`: the database and the uploaded files, with a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kmb.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = ("Write a consistent backup of the database (pg_dump on PostgreSQL, the online "
            "backup API on SQLite) and of the uploaded files, with a manifest of SHA-256 "
            "checksums, into a new folder.")

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path,
                            help="a new (or empty) folder for the backup")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, **options):
        try:
            result = backup_create(options["output"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Backup written to {result.folder}: the database and "
                          f"{result.files} files ({result.bytes} bytes).")
