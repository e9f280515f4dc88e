"""Backup and restore of the database and the uploaded files.

A backup is a folder: ``database.dump`` (PostgreSQL custom-format archive made by
``pg_dump``) or ``database.sqlite3`` (a copy made with SQLite's online backup API),
``files/`` (the media root as it was) and ``manifest.json`` (when, which database, the
applied migrations and the SHA-256 of every file). A restore goes only into an empty
database and checks every checksum before it writes anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _pg_env_args(settings_dict: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env, [*args, "--no-password"]


def _run(command: list[str], env: dict) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} was not found; install the PostgreSQL client "
                          "tools of the server's version.") from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def applied_migrations(alias: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[alias])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


@dataclass
class BackupResult:
    folder: Path
    files: int
    bytes: int


def backup_create(output: Path, *, alias: str = "default") -> BackupResult:
    """Write a backup into ``output`` (a new or empty folder)."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"The folder {output} is not empty; choose a new one.")
    output.mkdir(parents=True, exist_ok=True)
    connection = connections[alias]
    vendor = connection.vendor
    created_at = timezone.now()
    migrations = applied_migrations(alias)
    if vendor == "postgresql":
        dump = output / "database.dump"
        env, args = _pg_env_args(connection.settings_dict)
        # pg_dump reads one snapshot of the whole database: the dump is consistent
        # however many servers write meanwhile
        _run(["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(dump), "--dbname", str(connection.settings_dict["NAME"])], env)
    elif vendor == "sqlite":
        dump = output / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            # the online backup API copies a consistent image while others keep writing
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    else:
        raise BackupError(f"Backups of a {vendor} database are not supported.")

    # files after the database: every file the dumped rows point to was there already
    root = _media_root()
    files = []
    total = 0
    for source in _media_files(root):
        relative = source.relative_to(root).as_posix()
        target = output / "files" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        size = target.stat().st_size
        total += size
        files.append({"path": relative, "size": size, "sha256": sha256_of(target)})
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "database": {"vendor": vendor, "file": dump.name, "size": dump.stat().st_size,
                     "sha256": sha256_of(dump)},
        "migrations": migrations,
        "files": files,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return BackupResult(folder=output, files=len(files), bytes=total)


def _manifest_read(folder: Path) -> dict:
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{path} is missing: this folder is not a KMB backup.") from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"{path} is not valid JSON: the backup is damaged.") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{path} has an unknown format {manifest.get('format')!r}.")
    return manifest


def _safe_relative(relative: str) -> Path:
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(f"The manifest names a file outside the backup: {relative!r}.")
    return path


def backup_verify(folder: Path) -> dict:
    """Check the manifest and the SHA-256 of the database copy and of every file."""
    folder = Path(folder)
    manifest = _manifest_read(folder)
    database = manifest["database"]
    dump = folder / _safe_relative(database["file"])
    if not dump.is_file():
        raise BackupError(f"The database copy {dump} is missing.")
    if sha256_of(dump) != database["sha256"]:
        raise BackupError(f"The SHA-256 of {dump} does not match the manifest: "
                          "the backup is damaged.")
    for entry in manifest["files"]:
        path = folder / "files" / _safe_relative(entry["path"])
        if not path.is_file():
            raise BackupError(f"The file {entry['path']} is missing from the backup.")
        if sha256_of(path) != entry["sha256"]:
            raise BackupError(f"The SHA-256 of the file {entry['path']} does not match the "
                              "manifest: the backup is damaged.")
    return manifest


def _tables(alias: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        return connections[alias].introspection.table_names(cursor)


@dataclass
class RestoreResult:
    files: int
    migrations: int
    created_at: str


def backup_restore(folder: Path, *, alias: str = "default") -> RestoreResult:
    """Restore a verified backup into the empty database ``alias`` and the media root."""
    folder = Path(folder)
    manifest = backup_verify(folder)
    connection = connections[alias]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"The backup is of a {vendor} database; this one is "
                          f"{connection.vendor}.")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"]
               if (app, name) not in known]
    if unknown:
        raise BackupError("The backup was made by a newer version of KMB (unknown "
                          f"migrations: {', '.join(unknown[:5])}); install that version.")
    tables = _tables(alias)
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} "
            "tables). Restore only into a newly created, empty database.")
    root = _media_root()
    clashes = []
    for entry in manifest["files"]:
        target = root / entry["path"]
        if target.exists() and sha256_of(target) != entry["sha256"]:
            clashes.append(entry["path"])
    if clashes:
        raise BackupError(f"The media root {root} already holds other files of the same "
                          f"names ({', '.join(clashes[:5])}); restore into an empty folder.")

    dump = folder / manifest["database"]["file"]
    if vendor == "postgresql":
        env, args = _pg_env_args(connection.settings_dict)
        connection.close()
        _run(["pg_restore", *args, "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", "--dbname", str(connection.settings_dict["NAME"]),
              str(dump)], env)
    else:
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()

    for entry in manifest["files"]:
        source_file = folder / "files" / entry["path"]
        target = root / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source_file, target)
        if sha256_of(target) != entry["sha256"]:
            raise BackupError(f"The restored file {entry['path']} differs from the backup "
                              "(check the disk of the media root).")
    return RestoreResult(files=len(manifest["files"]), migrations=len(manifest["migrations"]),
                         created_at=manifest["created_at"])
