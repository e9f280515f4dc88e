"""Real processes against a scratch database of their own: the worker, `serve`, shells.

The test database of pytest-django may live in this process's memory (SQLite), which
other processes cannot open. Tests that start real processes therefore migrate a scratch
database: a SQLite file, or, when the suite runs on PostgreSQL, a database created next
to the test database and dropped afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], Any], *, timeout: float, what: str,
              interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Scratch:
    """A migrated database and the environment for processes that use it."""

    def __init__(self, url: str, tmp_path: Path) -> None:
        self.url = url
        self.tmp_path = tmp_path
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("KMB_", "DJANGO_", "PYTEST"))}
        self.env.update(
            DATABASE_URL=url, KMB_SECRET_KEY="scratch-" + "x" * 50, KMB_TESTING="1",
            KMB_WORKER_HEARTBEAT_SECONDS="1", KMB_WORKER_LEASE_SECONDS="3",
            KMB_MAIL_RETRY_SECONDS="1", PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1",
        )
        self.processes: list[subprocess.Popen] = []

    def manage(self, *args: str, timeout: float = 180, **env: str) -> str:
        done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT,
                              env={**self.env, **env}, capture_output=True, text=True,
                              timeout=timeout)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def shell(self, code: str, **env: str) -> Any:
        """Run ``code`` in a Django shell; it prints one JSON value as its last line."""
        out = self.manage("shell", "-v0", "-c", code, **env)
        return json.loads(out.strip().splitlines()[-1]) if out.strip() else None

    def start(self, *args: str, **env: str) -> subprocess.Popen:
        log = open(self.tmp_path / f"process-{len(self.processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT,
                                   env={**self.env, **env}, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def worker(self, **env: str) -> subprocess.Popen:
        return self.start("db_worker", "--no-startup-delay", "--interval", "0.2", **env)

    def logs(self) -> str:
        return "\n".join(p.read_text()[-3000:] for p in sorted(self.tmp_path.glob("*.log")))

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read the scratch database directly (no Django in between)."""
        config = dj_database_url.parse(self.url)
        if config["ENGINE"].endswith("sqlite3"):
            with sqlite3.connect(config["NAME"], timeout=20) as conn:
                return conn.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432,
                             user=config["USER"], password=config["PASSWORD"] or None,
                             dbname=config["NAME"], autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _postgres_admin(url: str):
    import psycopg

    config = dj_database_url.parse(url)
    return config, psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432,
                                   user=config["USER"], password=config["PASSWORD"] or None,
                                   dbname="postgres", autocommit=True)


@pytest.fixture(scope="session")
def _scratch_template(tmp_path_factory):
    """Migrated once per test session; each test gets a copy."""
    base = os.environ.get("DATABASE_URL", "")
    folder = tmp_path_factory.mktemp("scratch-template")
    if base.startswith(("postgres://", "postgresql://")):
        config, admin = _postgres_admin(base)
        name = f"{config['NAME']}_scratch_template"
        with admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        url = base.rsplit("/", 1)[0] + "/" + name
    else:
        name = None
        url = f"sqlite:///{folder / 'template.sqlite3'}"
    Scratch(url, folder).manage("migrate", "--no-input", "-v0")
    yield url, name
    if name:
        _config, admin = _postgres_admin(base)
        with admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def scratch(tmp_path, _scratch_template):
    template_url, template_name = _scratch_template
    name = None
    if template_name:
        base = os.environ["DATABASE_URL"]
        name = f"{template_name[:-len('_template')]}_{uuid.uuid4().hex[:8]}"
        _config, admin = _postgres_admin(base)
        with admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
        url = base.rsplit("/", 1)[0] + "/" + name
    else:
        target = tmp_path / "scratch.sqlite3"
        shutil.copyfile(dj_database_url.parse(template_url)["NAME"], target)
        url = f"sqlite:///{target}"
    kit = Scratch(url, tmp_path)
    try:
        yield kit
    finally:
        kit.stop_all()
        if name:
            _config, admin = _postgres_admin(os.environ["DATABASE_URL"])
            with admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
