"""Load the portal's shipped texts (src/kmb/portal/content/*.md) into the database."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from kmb.portal.content_files import CONTENT_DIR, ContentFileError, problems, read_directory
from kmb.portal.services import content_load_shipped


class Command(BaseCommand):
    help = ("Load the portal's texts from src/kmb/portal/content/ into the database; safe to "
            "run again. Texts an administrator changed and a contact point's own texts are "
            "kept. Runs by itself after every migrate.")

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database: str, **options):
        try:
            files = read_directory(CONTENT_DIR)
        except (ContentFileError, OSError, UnicodeDecodeError) as exc:
            raise CommandError(str(exc)) from None
        for problem in problems(files):
            self.stderr.write(self.style.WARNING(f"Content: {problem}"))
        report = content_load_shipped(files=files, using=database)
        for key in report.kept:
            self.stderr.write(self.style.WARNING(
                f"Content: {key} was changed in the database by an administrator; its "
                f"shipped text changed too and was not loaded. Compare them in the admin."))
        self.stdout.write(f"Portal texts: {len(report.created)} new, {len(report.updated)} "
                          f"updated, {report.unchanged} unchanged, {len(report.kept)} kept as "
                          f"changed by an administrator.")
