"""`manage.py restore --input DIR`: a backup into an empty database and the media root."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kmb.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into an empty database and the "
            "media root, after checking the SHA-256 of the database copy and of every file.")

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path, help="the backup folder")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, **options):
        try:
            result = backup_restore(options["input"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored the backup of {result.created_at}: the database "
                          f"({result.migrations} migrations applied) and {result.files} files. "
                          "Run `manage.py migrate` if this version of KMB is newer.")
