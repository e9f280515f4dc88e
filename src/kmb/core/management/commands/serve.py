"""Serve KMB the way production does: a WSGI server plus the background worker.

Ctrl+C stops both. With --mail-sink a local SMTP server stores outgoing e-mail in
var/mail (a Maildir) so that password resets and notifications can be read in a demo.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the WSGI server (waitress) and the background task worker together."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--mail-sink", action="store_true",
                            help="Also run a local SMTP server that keeps mail in var/mail.")

    def handle(self, *args, host: str, port: int, threads: int, mail_sink: bool, **options):
        if settings.KMB_SECRET_KEY_MISSING:
            raise CommandError("KMB_SECRET_KEY must be set (a long random string) "
                               "unless KMB_DEMO=1")
        from waitress import serve

        from config.wsgi import application

        children: list[subprocess.Popen] = []
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        children.append(subprocess.Popen([sys.executable, manage, "db_worker"],
                                         env=os.environ.copy()))
        if mail_sink:
            maildir = Path(settings.BASE_DIR) / "var" / "mail"
            maildir.mkdir(parents=True, exist_ok=True)
            children.append(subprocess.Popen(
                [sys.executable, "-m", "aiosmtpd", "-n", "-l",
                 f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}",
                 "-c", "aiosmtpd.handlers.Mailbox", str(maildir)]))
            self.stdout.write(f"E-mail is kept in {maildir} (a Maildir).")

        def stop(*_args):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"KMB is running on http://{host}:{port}/ — press Ctrl+C to stop.")
        try:
            serve(application, host=host, port=port, threads=threads, ident="KMB",
                  clear_untrusted_proxy_headers=True)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
            self.stdout.write("Stopped.")
