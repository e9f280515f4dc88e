"""The portal's texts as files: the format reviewers write, and loading them into the DB."""

from __future__ import annotations

import importlib
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from kmb.portal.content_files import (
    CONTENT_DIR,
    ContentFileError,
    parse,
    problems,
    read_directory,
    shipped,
)
from kmb.portal.models import ContentBlock
from kmb.portal.services import content_digest, content_load_shipped, shipped_values
from tests.portal.places import PLZEN

NOTICE = f"/navigator/result/?housing=shelter&threat=notice&when=month&municipality={PLZEN}"
GOOD = """---
key: advice.test
language: cs
title: Nadpis: s dvojtečkou
states_rule: true
source: zákon č. 89/2012 Sb., § 2286
checked_on: 2026-12-06
---

- první
- druhá
"""


def _files(tmp_path: Path, key: str = "advice.test", title: str = "Nadpis", body: str = "Text",
           **extra: str) -> dict:
    for lang in ("cs", "en", "uk"):
        lines = [f"key: {key}", f"language: {lang}", f"title: {title} {lang}"]
        lines += [f"{name}: {value}" for name, value in extra.items()]
        (tmp_path / f"{key}.{lang}.md").write_text(
            "---\n" + "\n".join(lines) + f"\n---\n\n{body} {lang}\n", encoding="utf-8")
    return read_directory(tmp_path)


def test_a_content_file_is_front_matter_and_the_text():
    item = parse(GOOD, name="advice.test.cs.md")
    assert (item.key, item.language, item.title) == ("advice.test", "cs", "Nadpis: s dvojtečkou")
    assert item.body == "- první\n- druhá"
    assert item.states_rule and item.source == "zákon č. 89/2012 Sb., § 2286"
    assert item.checked_on == date(2026, 12, 6)


@pytest.mark.parametrize(("name", "text", "message"), [
    ("advice.test.cs.md", GOOD.replace("---\n", "", 1), "must start with a line '---'"),
    ("advice.test.cs.md", GOOD.replace("checked_on: 2026-12-06", "checked_on: 6. 12. 2026"),
     "checked_on must be a date as YYYY-MM-DD"),
    ("advice.test.cs.md", GOOD.replace("checked_on: 2026-12-06", "checked_on: 2026-02-30"),
     "checked_on must be a date"),
    ("advice.test.cs.md", GOOD.replace("states_rule: true", "states_rule: yes"),
     "states_rule must be true or false"),
    ("advice.test.cs.md", GOOD.replace("source:", "zdroj:"), "unknown field 'zdroj'"),
    ("advice.test.cs.md", GOOD.replace("title: Nadpis: s dvojtečkou\n", ""),
     "the field 'title' is missing"),
    ("advice.test.en.md", GOOD, "language 'cs' does not match the file name"),
    ("advice.other.cs.md", GOOD, "key 'advice.test' does not match the file name"),
    ("advice.test.cs.txt", GOOD, "is named <key>.<language>.md"),
    ("advice.test.cs.md", GOOD.replace("\n---\n\n-", "\n\n-"), "closing '---' missing"),
    ("advice.test.cs.md", GOOD[:GOOD.rindex("---")].rstrip(), "not closed"),
])
def test_a_broken_file_is_refused_with_its_name_and_the_reason(name, text, message):
    with pytest.raises(ContentFileError, match=message) as error:
        parse(text, name=name)
    assert name in str(error.value)


def test_the_shipped_files_are_well_formed_and_complete():
    files = read_directory(CONTENT_DIR)
    assert files == shipped()
    assert len(files) > 90
    assert problems(files) == []
    assert (CONTENT_DIR / "README.md").exists()


def test_a_missing_language_is_a_problem(tmp_path):
    files = _files(tmp_path)
    (tmp_path / "advice.test.uk.md").unlink()
    assert problems(read_directory(tmp_path)) == ["advice.test: no file for uk"]
    assert problems(files) == []


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    before = list(ContentBlock.objects.order_by("pk").values())
    report = content_load_shipped()
    assert (report.created, report.updated, report.kept) == ([], [], [])
    assert report.unchanged == len(shipped())
    assert list(ContentBlock.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_a_new_file_and_a_changed_file_reach_the_database(tmp_path):
    report = content_load_shipped(files=_files(tmp_path))
    assert report.created == ["advice.test"]
    row = ContentBlock.objects.get(key="advice.test", contact_point=None)
    assert (row.title_en, row.body_uk) == ("Nadpis en", "Text uk")
    report = content_load_shipped(files=_files(tmp_path, body="Nový text"))
    assert report.updated == ["advice.test"]
    row.refresh_from_db()
    assert (row.body_cs, row.version) == ("Nový text cs", 2)


@pytest.mark.django_db
def test_an_administrator_change_and_a_contact_point_text_are_never_overwritten(
        tmp_path, places):
    content_load_shipped(files=_files(tmp_path))
    ContentBlock.objects.filter(key="advice.test").update(body_cs="Upraveno správcem.")
    local = ContentBlock.objects.create(key="advice.test", contact_point=places.liberec,
                                        body_cs="Liberec")
    # the files did not change: the administrator's text simply stays
    assert content_load_shipped(files=_files(tmp_path)).kept == []
    # the files changed too: still kept, and reported
    report = content_load_shipped(files=_files(tmp_path, body="Nový text"))
    assert (report.updated, report.kept) == ([], ["advice.test"])
    assert ContentBlock.objects.get(key="advice.test", contact_point=None).body_cs \
        == "Upraveno správcem."
    local.refresh_from_db()
    assert local.body_cs == "Liberec" and local.version == 1


@pytest.mark.django_db
def test_a_missing_row_falls_back_to_the_files_on_the_page():
    ContentBlock.objects.filter(key="advice.notice").delete()
    body = Client(HTTP_ACCEPT_LANGUAGE="en").get(NOTICE).content.decode()
    assert shipped()["advice.notice"]["en"].title in body


@pytest.mark.django_db
def test_the_command_loads_and_reports():
    ContentBlock.objects.filter(key="landing.intro", contact_point=None).delete()
    out = StringIO()
    call_command("load_portal_content", stdout=out)
    assert "1 new, 0 updated" in out.getvalue()
    assert ContentBlock.objects.filter(key="landing.intro", contact_point=None).exists()


@pytest.mark.django_db
def test_rows_seeded_before_the_files_are_updated_only_if_nobody_changed_them(monkeypatch):
    migration = importlib.import_module("kmb.portal.migrations.0003_content_sources")
    values = shipped_values(shipped()["landing.intro"])
    texts = [values[name] for name in migration.TEXTS]
    ContentBlock.objects.filter(key__in=["landing.intro", "landing.finder"]).update(
        loaded_digest="", states_rule=False, source_cs="", source_en="", source_uk="",
        checked_on_cs=None, checked_on_en=None, checked_on_uk=None)
    ContentBlock.objects.filter(key="landing.finder").update(body_cs="Změněno správcem.")
    monkeypatch.setattr(migration, "SHIPPED", {
        "landing.intro": migration._fingerprint(texts)[:16], "landing.finder": "0" * 16})
    migration.mark_unchanged(apps, None)
    intro = ContentBlock.objects.get(key="landing.intro", contact_point=None)
    assert intro.loaded_digest == content_digest(
        {name: getattr(intro, name) for name in migration.LOADED})
    assert ContentBlock.objects.get(key="landing.finder").loaded_digest == ""
