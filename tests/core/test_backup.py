"""Backup and restore: a backup restored into a fresh database holds every client,
consultation, audit entry and uploaded file exactly as they were."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from PIL import Image

from kmb.audit.models import AuditAction, AuditEntry
from kmb.audit.services import audit_record
from kmb.cases.models import Client, Consultation
from kmb.core.permissions import Role
from kmb.housing import services as housing_services
from kmb.housing.models import FlatPhoto
from tests import factories
from tests.housing import factories as housing_factories
from tests.processes import ROOT, Scratch, _postgres_admin

COMPARED = [Client, Consultation, AuditEntry, FlatPhoto]


def _photo(colour: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format="PNG")
    return SimpleUploadedFile("pokoj.png", out.getvalue(), content_type="image/png")


def _records(wrapper, model) -> list[dict]:
    table = model._meta.db_table
    with wrapper.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY "id"')
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _office(tmp_path) -> None:
    cp = factories.ContactPointFactory(name="KMB Praha 7",
                                       municipality=factories.municipality("554782"))
    adviser = factories.staff("poradce.zaloha", Role.ADVISER, cp)
    officer = factories.staff("bytovy.zaloha", Role.HOUSING_OFFICER, cp)
    for index in range(5):
        client = factories.ClientFactory(contact_point=cp, last_name=f"Dvořáková {index}")
        audit_record(actor=adviser, action=AuditAction.CREATE, obj=client,
                     contact_point=cp, client_id=client.uuid, changes=["last_name"])
        for _ in range(index + 1):
            factories.ConsultationFactory(client=client, adviser=adviser)
        audit_record(actor=adviser, action=AuditAction.VIEW, obj=client, contact_point=cp,
                     client_id=client.uuid)
    flat = housing_factories.flat(cp, officer)
    housing_services.photo_add(flat=flat, actor=officer, upload=_photo("#3a7"),
                               caption="Obývací pokoj")
    housing_services.photo_add(flat=flat, actor=officer, upload=_photo("#c41"),
                               caption="Kuchyně")


class _FreshDatabase:
    """An empty database next to the test database, and a connection to read it."""

    def __init__(self, tmp_path: Path) -> None:
        settings_dict = dict(connection.settings_dict)
        self.pg_name = None
        if connection.vendor == "postgresql":
            self.pg_name = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
            _config, admin = _postgres_admin(os.environ["DATABASE_URL"])
            with admin:
                admin.execute(f'CREATE DATABASE "{self.pg_name}"')
            settings_dict["NAME"] = self.pg_name
            self.url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + self.pg_name
        else:
            path = tmp_path / "restored.sqlite3"
            settings_dict["NAME"] = str(path)
            self.url = f"sqlite:///{path}"
        self.wrapper = type(connections["default"])(settings_dict, alias="restored")

    def drop(self) -> None:
        self.wrapper.close()
        if self.pg_name:
            _config, admin = _postgres_admin(os.environ["DATABASE_URL"])
            with admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


@pytest.fixture
def fresh(tmp_path):
    database = _FreshDatabase(tmp_path)
    yield database
    database.drop()


def _restore(fresh, folder: Path, media: Path) -> subprocess.CompletedProcess:
    env = {**Scratch(fresh.url, folder.parent).env, "KMB_MEDIA_ROOT": str(media)}
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), "restore", "--input",
                           str(folder)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_holds_every_record_and_file(tmp_path, settings, fresh):
    settings.MEDIA_ROOT = tmp_path / "media"
    _office(tmp_path)
    folder = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", "--output", str(folder), stdout=out)
    assert "2 files" in out.getvalue()

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert ["cases", "0001_initial"] in manifest["migrations"]
    assert manifest["created_at"]
    photos = {p.image.name for p in FlatPhoto.objects.all()}
    assert {f["path"] for f in manifest["files"]} == photos
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])

    restored_media = tmp_path / "restored-media"
    done = _restore(fresh, folder, restored_media)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "2 files" in done.stdout

    for model in COMPARED:
        before = _records(connection, model)
        after = _records(fresh.wrapper, model)
        assert before, model
        assert len(after) == len(before), model
        for old, new in zip(before, after, strict=True):
            assert new == old, model
    assert len(_records(fresh.wrapper, Client)) == 5
    assert len(_records(fresh.wrapper, Consultation)) == 15
    for name in photos:
        original = (settings.MEDIA_ROOT / name).read_bytes()
        assert (restored_media / name).read_bytes() == original
    with fresh.wrapper.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        assert cursor.fetchone()[0] == len(manifest["migrations"])

    # a second restore into the now full database is refused, and nothing is changed
    again = _restore(fresh, folder, tmp_path / "other-media")
    assert again.returncode != 0
    assert "is not empty" in again.stderr
    assert "Restore only into a newly created, empty database" in again.stderr
    assert not (tmp_path / "other-media").exists()


@pytest.mark.django_db(transaction=True)
def test_a_damaged_file_stops_the_restore_before_anything_is_written(tmp_path, settings,
                                                                      fresh):
    settings.MEDIA_ROOT = tmp_path / "media"
    _office(tmp_path)
    folder = tmp_path / "backup"
    call_command("backup", "--output", str(folder), stdout=io.StringIO())
    damaged = folder / "files" / FlatPhoto.objects.first().image.name
    damaged.write_bytes(damaged.read_bytes()[:-10] + b"0123456789")

    done = _restore(fresh, folder, tmp_path / "restored-media")
    assert done.returncode != 0
    assert "SHA-256" in done.stderr and "damaged" in done.stderr
    assert not fresh.wrapper.introspection.table_names(fresh.wrapper.cursor())
    assert not (tmp_path / "restored-media").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_tables_and_backup_a_used_folder(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "backup"
    call_command("backup", "--output", str(folder), stdout=io.StringIO())
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", "--input", str(folder))
    with pytest.raises(CommandError, match="not empty; choose a new one"):
        call_command("backup", "--output", str(folder))
    with pytest.raises(CommandError, match="not a KMB backup"):
        call_command("restore", "--input", str(tmp_path))
