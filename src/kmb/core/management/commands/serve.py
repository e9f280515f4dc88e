"""Serve KMB the way production does: a WSGI server plus the background worker.

Ctrl+C stops both. With --mail-sink a local SMTP server stores outgoing e-mail in
var/mail (a Maildir) so that password resets and notifications can be read in a demo.
A worker that dies is started again (after a short pause that grows if it keeps dying).
"""

from __future__ import annotations

import logging
import mailbox
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger("kmb.serve")

#: Seconds to wait before starting a worker again; doubles while it keeps dying young.
RESTART_DELAY = 1.0
RESTART_DELAY_MAX = 30.0


def maildir_prepare(path: Path) -> Path:
    """A valid Maildir (cur/, new/, tmp/) at ``path``, parents included, keeping mail."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mailbox.Maildir(str(path), create=True)
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    return path


def demo_site_url(host: str, port: int) -> str:
    """The address links in e-mail point to when a demo runs on ``host``:``port``."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 (listening everywhere: link to this machine)
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


class Supervisor:
    """Keeps child processes running: a child that exits is started again."""

    def __init__(self, stdout) -> None:
        self.stdout = stdout
        self.children: dict[str, subprocess.Popen] = {}
        self.commands: dict[str, tuple[list[str], dict[str, str]]] = {}
        self.delays: dict[str, float] = {}
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def start(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.commands[name] = (command, env)
        self.delays[name] = RESTART_DELAY
        self._spawn(name)

    def _spawn(self, name: str) -> None:
        command, env = self.commands[name]
        with self.lock:
            if not self.stopping.is_set():
                self.children[name] = subprocess.Popen(command, env=env)

    def watch(self, interval: float = 0.5) -> None:
        """Poll the children until stopped; run in a thread."""
        started = {name: time.monotonic() for name in self.children}
        while not self.stopping.wait(interval):
            for name, child in list(self.children.items()):
                code = child.poll()
                if code is None or self.stopping.is_set():
                    continue
                lived = time.monotonic() - started.get(name, 0)
                self.delays[name] = (RESTART_DELAY if lived > 60
                                     else min(self.delays[name] * 2, RESTART_DELAY_MAX))
                self.stdout.write(f"The {name} stopped (exit code {code}); starting it again.")
                if self.stopping.wait(self.delays[name]):
                    return
                self._spawn(name)
                started[name] = time.monotonic()

    def stop(self) -> None:
        with self.lock:
            self.stopping.set()
        for child in self.children.values():
            if child.poll() is None:
                child.terminate()
        for child in self.children.values():
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


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

        env = os.environ.copy()
        if settings.KMB_DEMO and not settings.KMB_SITE_URL_SET:
            # A demo has no public address: e-mail links point where it actually runs.
            settings.SITE_URL = env["KMB_SITE_URL"] = demo_site_url(host, port)
        supervisor = Supervisor(self.stdout)
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        if mail_sink:
            maildir = maildir_prepare(Path(settings.BASE_DIR) / "var" / "mail")
            supervisor.start("mail sink", [
                sys.executable, "-m", "aiosmtpd", "-n", "-l",
                f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}",
                "-c", "aiosmtpd.handlers.Mailbox", str(maildir)], env)
            self.stdout.write(f"E-mail is kept in {maildir} (a Maildir).")
        supervisor.start("worker", [sys.executable, manage, "db_worker"], env)
        watcher = threading.Thread(target=supervisor.watch, name="kmb-supervisor", daemon=True)
        watcher.start()

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
            supervisor.stop()
            self.stdout.write("Stopped.")
