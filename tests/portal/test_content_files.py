"""The portal's texts as files: the format reviewers write, and loading them into the DB."""

from __future__ import annotations

import importlib
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from kmb.core.permissions import Role
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
from tests import factories
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


def test_a_block_that_states_a_rule_needs_a_source_and_a_date_in_every_language(tmp_path):
    _files(tmp_path, states_rule="true", source="zákon č. 89/2012 Sb., § 2291",
           checked_on="2026-12-06")
    assert problems(read_directory(tmp_path)) == []
    path = tmp_path / "advice.test.en.md"
    path.write_text(path.read_text().replace("source: zákon č. 89/2012 Sb., § 2291\n", ""))
    assert problems(read_directory(tmp_path)) == [
        "advice.test.en.md: states a rule but has no source"]
    path = tmp_path / "advice.test.uk.md"
    path.write_text(path.read_text().replace("checked_on: 2026-12-06\n", ""))
    assert "advice.test.uk.md: states a rule but has no checked_on date" \
        in problems(read_directory(tmp_path))
    path = tmp_path / "advice.test.cs.md"
    path.write_text(path.read_text().replace("states_rule: true", "states_rule: false"))
    assert "advice.test.cs.md: states_rule must be true as in the other languages of " \
        "advice.test" in problems(read_directory(tmp_path))


CITES_LAW = re.compile(r"§|\bzákon|\bSb\.|\bAct\b|\bact\b|\bзакон|\bGDPR\b")


def test_every_shipped_text_that_cites_the_law_is_marked_as_stating_a_rule():
    unmarked = [item.name for languages in shipped().values() for item in languages.values()
                if CITES_LAW.search(f"{item.title}\n{item.body}") and not item.states_rule]
    assert unmarked == []


def test_the_advice_on_notice_deposit_register_and_violence_names_its_sources():
    for key in ("advice.notice", "advice.danger", "advice.register", "benefit.mop",
                "benefit.dssp", "page.privacy"):
        for item in shipped()[key].values():
            assert item.states_rule and item.source and item.checked_on, item.name
    assert "občanský zákoník, § 2286, § 2288, § 2290" in shipped()["advice.notice"]["cs"].source


CITATION = "zákon č. 89/2012 Sb., občanský zákoník, § 2286, § 2288, § 2290 (nájem bytu)"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "footnote"), [
    ("cs", f"Zdroj: {CITATION}"),
    ("en", f"Source: {CITATION}"),
    ("uk", f"Джерело: {CITATION}"),
])
def test_the_public_sees_the_source_as_a_footnote(places, language, footnote):
    body = Client(HTTP_ACCEPT_LANGUAGE=language).get(NOTICE).content.decode()
    footnotes = re.findall(r'<p class="kmb-portal-source[^"]*">(.*?)</p>', body)
    assert any(footnote in text for text in footnotes), footnotes
    checked = {"cs": "ověřeno 6. 12. 2026", "en": "checked on 6 Dec 2026",
               "uk": "перевірено 06 грудня 2026 р."}[language]
    assert all(checked in text for text in footnotes), footnotes


@pytest.mark.django_db
def test_staff_see_the_sources_on_the_content_page(places):
    client = Client(HTTP_ACCEPT_LANGUAGE="cs")
    client.force_login(factories.staff("vedouci.zdroje", Role.LEAD, places.liberec),
                       backend="django.contrib.auth.backends.ModelBackend")
    body = client.get("/staff/portal/").content.decode()
    assert CITATION in body and "ověřeno 6. 12. 2026" in body
    assert "Celostátní texty, které uvádějí pravidlo" in body
    assert "nařízení (EU) 2016/679" in body  # the privacy page, a national text
    ContentBlock.objects.filter(key="benefit.care", contact_point=None).update(source_cs="")
    assert "uvádí pravidlo bez zdroje" in client.get("/staff/portal/").content.decode()


def _lead(office) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="cs")
    client.force_login(factories.staff(f"vedouci.{office.pk}", Role.LEAD, office),
                       backend="django.contrib.auth.backends.ModelBackend")
    return client


def _local(**changes: str) -> dict:
    data = {"key": "advice.notice", "mode": "replace", "version": "",
            "title_cs": "Výpověď v Liberci", "body_cs": "Výpovědní doba jsou tři měsíce.",
            "title_en": "", "body_en": "", "title_uk": "", "body_uk": "",
            "source": "zákon č. 89/2012 Sb., § 2286", "checked_on": "2026-12-01",
            "action": "save"}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_local_replacement_shows_its_own_source(places):
    from tests.portal.places import LIBEREC

    client = _lead(places.liberec)
    assert client.post("/staff/portal/edit/", _local()).status_code == 302
    block = ContentBlock.objects.get(contact_point=places.liberec)
    assert (block.source_uk, block.checked_on_en) == ("zákon č. 89/2012 Sb., § 2286",
                                                      date(2026, 12, 1))
    result = NOTICE.replace(PLZEN, LIBEREC)
    body = Client(HTTP_ACCEPT_LANGUAGE="cs").get(result).content.decode()
    assert "Zdroj: zákon č. 89/2012 Sb., § 2286, ověřeno 1. 12. 2026" in body
    # without a source, the local text shows no footnote, and staff are told
    client.post("/staff/portal/edit/", _local(version="1", source="", checked_on=""))
    body = Client(HTTP_ACCEPT_LANGUAGE="cs").get(result).content.decode()
    assert "Výpovědní doba jsou tři měsíce." in body and "§ 2286, ověřeno" not in body
    assert "váš text nemá zdroj" in client.get("/staff/portal/").content.decode()


@pytest.mark.django_db
def test_a_local_source_needs_a_past_check_date(places):
    client = _lead(places.liberec)
    response = client.post("/staff/portal/edit/", _local(checked_on=""))
    assert response.status_code == 400
    assert "Uveďte den, kdy jste zdroj ověřili." in response.content.decode()
    response = client.post("/staff/portal/edit/", _local(checked_on="2999-01-01"))
    assert "Den ověření nemůže být v budoucnosti." in response.content.decode()
    assert not ContentBlock.objects.filter(contact_point=places.liberec).exists()
