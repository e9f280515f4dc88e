"""HSDS 3.0 import and export: validation, the official examples, round trips, and files
that are too big, malformed or hostile."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from kmb.network import services
from kmb.network.hsds import export, spec
from kmb.network.hsds.spec import neutralise, unneutralise
from kmb.network.models import (
    Attribute,
    Location,
    Organization,
    PartnerContact,
    Phone,
    Service,
)
from kmb.network.taxonomy import CATEGORIES, term_id
from tests import factories
from tests.network.factories import debt_service

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
OFFICIAL_JSON = [
    "service_full.json", "organization_full.json", "location.json",
    "service_at_location_full.json", "service_list.json", "organization_list.json",
    "service_at_location_list.json", "taxonomy.json", "taxonomy_list.json",
    "taxonomy_term.json", "taxonomy_term_list.json", "tabular.json",
]


def _import(name: str, data: bytes, actor=None):
    return services.hsds_import(actor=actor, file_name=name, data=data)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _official_csv() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (DATA / "csv").glob("*.csv")}


def _strip(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def _directory_counts() -> dict[str, int]:
    return {name: t.model.objects.count() for name, t in spec.TABLES.items()}


# --------------------------------------------------------------------------------------
# The official examples
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", OFFICIAL_JSON)
def test_each_official_json_example_imports(name):
    record = _import(name, (DATA / name).read_bytes())
    assert record.accepted, record.problems
    assert record.counts


def test_official_examples_give_the_documented_service():
    for name in OFFICIAL_JSON:
        assert _import(name, (DATA / name).read_bytes()).accepted
    service = Service.objects.get(pk="ac148810-d857-441c-9679-408f346de14b")
    assert service.name == "Community Counselling"
    assert service.organization.name == "Example Organization Inc."
    assert service.minimum_age == 12 and service.assured_date.isoformat() == "2005-01-01"
    # one phone row, linked to everything it was nested under
    phone = Phone.objects.get(pk="1554f2e2-a373-45db-a3fa-9fc48a61c15e")
    assert phone.service_id == service.pk and phone.location_id and phone.contact_id
    assert phone.organization_id == service.organization_id
    assert phone.extension == 100
    assert service.schedules.get().byday == "TH,FR"


def test_official_csv_package_imports_with_warnings_for_dangling_links():
    record = _import("official.zip", _zip(_official_csv()))
    assert record.accepted, record.problems
    places = {(w["place"], w["field"]) for w in record.warnings}
    # the example links to an organisation that is not in it: the link is left out
    assert ("locations.csv, row 2", "organization_id") in places
    assert ("datapackage.json", "") in places  # the example has no real descriptor
    assert Location.objects.get(pk="3a19ff88-4620-4d17-9830-ac1d859eb5d5").organization_id \
        is None


# --------------------------------------------------------------------------------------
# Export and round trips
# --------------------------------------------------------------------------------------

def _full_validation_errors(doc: dict) -> list[str]:
    errors = []
    for org in doc["organizations"]:
        errors += [e.message for e in spec.validator("organization").iter_errors(org)]
        for service in org.get("services", []):
            errors += [e.message for e in spec.validator("service").iter_errors(service)]
    for term in doc["taxonomy_terms"]:
        errors += [e.message for e in spec.validator("taxonomy_term").iter_errors(term)]
    for taxonomy in doc["taxonomies"]:
        errors += [e.message for e in spec.validator("taxonomy").iter_errors(taxonomy)]
    return errors


def test_export_is_valid_hsds_and_leaves_out_staff_contacts():
    service = debt_service()
    doc = export.export_document()
    assert not _full_validation_errors(doc)
    text = json.dumps(doc, ensure_ascii=False)
    assert "Jana Dvořáková" not in text and "777 888 999" not in text
    org = next(o for o in doc["organizations"] if o["id"] == str(service.organization_id))
    exported = org["services"][0]
    assert exported["name"] == "Dluhová poradna"
    capacity = [a for a in exported["attributes"] if a["link_type"] == "capacity"]
    assert capacity[0]["taxonomy_term"]["code"] == "taking"
    categories = [a["taxonomy_term"]["code"] for a in exported["attributes"]
                  if a["link_type"] != "capacity"]
    assert categories == ["debt_counselling"]


def test_json_round_trip_without_loss():
    for name in OFFICIAL_JSON:
        _import(name, (DATA / name).read_bytes())
    debt_service()
    first = export.export_document()
    data = json.dumps(first).encode()
    _wipe_directory()
    assert Service.objects.count() == 0
    record = _import("export.json", data)
    assert record.accepted, record.problems
    second = export.export_document()
    assert _strip(second) == _strip(first)


def test_tabular_round_trip_without_loss():
    for name in OFFICIAL_JSON:
        _import(name, (DATA / name).read_bytes())
    service = debt_service()
    Service.objects.filter(pk=service.pk).update(alert="'quoted on purpose")
    first_rows = export.tabular_rows()
    package = export.tabular_zip()
    _wipe_directory()
    record = _import("export.zip", package)
    assert record.accepted, record.problems
    assert export.tabular_rows() == first_rows
    assert Service.objects.get(pk=service.pk).alert == "'quoted on purpose"


def _wipe_directory() -> None:
    for name in reversed(list(spec.TABLES)):
        spec.TABLES[name].model.objects.all().delete()
    PartnerContact.objects.all().delete()


def test_datapackage_describes_every_table():
    files = export.tabular_csv()
    package = json.loads(files["datapackage.json"])
    assert package["profile"] == "tabular-data-package"
    paths = {r["path"] for r in package["resources"]}
    assert paths == {t.path for t in spec.TABLES.values()} and paths <= set(files)
    services_resource = next(r for r in package["resources"] if r["name"] == "services")
    names = [f["name"] for f in services_resource["schema"]["fields"]]
    header = next(csv.reader(io.StringIO(files["services.csv"].decode("utf-8-sig"))))
    assert names == header
    assert {"fields": "organization_id", "reference": {"resource": "organizations",
                                                       "fields": "id"}} \
        in services_resource["schema"]["foreignKeys"]


def test_csv_export_neutralises_spreadsheet_formulas():
    service = debt_service()
    Service.objects.filter(pk=service.pk).update(alternate_name="=cmd|' /C calc'!A0",
                                                 alert="@SUM(A1)")
    files = export.tabular_csv()
    rows = list(csv.DictReader(io.StringIO(files["services.csv"].decode("utf-8-sig"))))
    row = next(r for r in rows if r["id"] == str(service.pk))
    assert row["alternate_name"] == "'=cmd|' /C calc'!A0"
    assert row["alert"] == "'@SUM(A1)"
    phones = list(csv.DictReader(io.StringIO(files["phones.csv"].decode("utf-8-sig"))))
    assert phones[0]["number"] == "+420 222 333 444"  # a phone number stays as it is


@pytest.mark.parametrize("value", ["=1+1", "+cmd|x", "-2+3+cmd|' /C calc'!A0", "@A1",
                                   "'already", "''", "+420 777 123 456", "-12.5", "plain",
                                   "\tx", ""])
def test_neutralising_can_be_undone_exactly(value):
    assert unneutralise(neutralise(value)) == value


# --------------------------------------------------------------------------------------
# Bad files: refused whole, with every bad row and field named
# --------------------------------------------------------------------------------------

def test_errors_name_each_row_and_field_and_nothing_is_imported():
    before = _directory_counts()
    rows = (DATA / "csv" / "services.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0]
    good = rows[1]
    bad_status = good.replace(",active,", ",closed,", 1).replace(
        "ac148810-d857-441c-9679-408f346de14b", "11111111-1111-4111-8111-111111111111")
    bad_age = good.replace(",12,100,", ",twelve,100,", 1).replace(
        "ac148810-d857-441c-9679-408f346de14b", "22222222-2222-4222-8222-222222222222")
    files = _official_csv()
    files["services.csv"] = "\n".join([header, good, bad_status, bad_age]).encode()
    record = _import("bad.zip", _zip(files))
    assert not record.accepted
    found = {(p["place"], p["field"]) for p in record.problems}
    assert ("services.csv, row 3", "status") in found
    assert ("services.csv, row 4", "minimum_age") in found
    assert _directory_counts() == before


def test_json_schema_errors_point_into_the_document():
    doc = json.loads((DATA / "service_full.json").read_text())
    doc["phones"][0]["extension"] = "one hundred"
    doc["service_at_locations"][0]["location"]["location_type"] = "spaceship"
    del doc["name"]
    record = _import("service.json", json.dumps(doc).encode())
    assert not record.accepted
    found = {(p["place"], p["field"]) for p in record.problems}
    assert ("service.phones[0]", "extension") in found
    assert ("service.service_at_locations[0].location", "location_type") in found
    assert ("service", "name") in found
    assert Service.objects.count() == 0


def test_required_link_to_nothing_is_an_error():
    row = {"id": "33333333-3333-4333-8333-333333333333", "name": "Sirotek",
           "status": "active", "organization_id": "44444444-4444-4444-8444-444444444444"}
    record = _import("tabular.json", json.dumps({"services.csv": [row]}).encode())
    assert not record.accepted
    assert record.problems[0]["field"] == "organization_id"


def test_conflicting_duplicates_are_refused():
    doc = json.loads((DATA / "organization_full.json").read_text())
    doc["phones"][0]["number"] = "+420 111 111 111"  # same id as the other phones
    record = _import("org.json", json.dumps(doc).encode())
    assert not record.accepted
    assert ("organization.phones[0]", "number") in {(p["place"], p["field"])
                                                    for p in record.problems}


@pytest.mark.parametrize("name,data", [
    ("broken.json", b'{"id": "x", "name": '),
    ("deep.json", b"[" * 5000 + b"]" * 5000),
    ("deeper.json", b"[" * 200_000 + b"]" * 200_000),
    ("nan.json", b'{"id": "ac148810-d857-441c-9679-408f346de14b", "minimum_age": NaN}'),
    ("dupe.json", b'{"id": "a", "id": "b"}'),
    ("cp1250.json", '{"name": "Poradna Naděje"}'.encode("cp1250")),
    ("services.csv", b"id,name\x00\n1,2\n"),
    ("nothing.json", b"[]"),
    ("numbers.json", b"12345"),
    ("notzip.zip", b"PK\x03\x04 this is not really a zip"),
    ("big.json", b" " * (21 * 1024 * 1024)),
])
def test_malformed_or_hostile_files_are_refused_cleanly(name, data):
    before = _directory_counts()
    record = _import(name, data)
    assert not record.accepted
    assert record.problems and all(p["message"] for p in record.problems)
    assert _directory_counts() == before


def test_wrong_encoding_in_a_csv_is_named():
    files = _official_csv()
    files["organizations.csv"] = "id,name,description\n" \
        "55555555-5555-4555-8555-555555555555,Naděje,Pomoc\n".encode("cp1250")
    record = _import("package.zip", _zip(files))
    assert not record.accepted
    assert record.problems[0]["place"] == "organizations.csv"
    assert "UTF-8" in record.problems[0]["message"]


def test_formulas_in_csv_cells_are_refused():
    files = _official_csv()
    files["organizations.csv"] = (
        "id,name,description\n"
        "55555555-5555-4555-8555-555555555555,=HYPERLINK(\"http://evil.example\"),x\n"
        "66666666-6666-4666-8666-666666666666,Dobrá,\"-2+3+cmd|' /C calc'!A0\"\n").encode()
    record = _import("package.zip", _zip(files))
    assert not record.accepted
    found = {(p["place"], p["field"]) for p in record.problems}
    assert found >= {("organizations.csv, row 2", "name"),
                     ("organizations.csv, row 3", "description")}
    assert not Organization.objects.exists()


def test_zip_bomb_is_refused():
    bomb = _zip({"services.csv": b"id,name\n" + b"a" * (50 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    record = _import("bomb.zip", bomb)
    assert not record.accepted


def test_attribute_of_nothing_is_left_out_with_a_warning():
    debt_service()
    row = {"id": "77777777-7777-4777-8777-777777777777",
           "link_id": "88888888-8888-4888-8888-888888888888", "link_entity": "service",
           "taxonomy_term_id": str(term_id(CATEGORIES, "food_banks"))}
    before = Attribute.objects.count()
    record = _import("attrs.json", json.dumps({"attributes.csv": [row]}).encode())
    assert record.accepted
    assert record.warnings and Attribute.objects.count() == before


def test_import_by_staff_is_audited_and_locations_get_their_municipality(adviser_a):
    factories.municipality("554782")
    service = debt_service()
    doc = export.export_document()
    Location.objects.update(municipality=None)
    record = _import("again.json", json.dumps(doc).encode(), actor=adviser_a)
    assert record.accepted
    location = service.service_at_locations.get().location
    location.refresh_from_db()
    assert location.municipality.name == "Praha"
    from kmb.audit.models import AuditEntry

    assert AuditEntry.objects.filter(object_type="network.hsdsimport", actor=adviser_a).exists()


def test_commands_export_and_import(tmp_path):
    from django.core.management import CommandError, call_command

    debt_service()
    for fmt in ("json", "zip"):
        target = tmp_path / f"directory.{fmt}"
        call_command("hsds_export", str(target), format=fmt, stdout=io.StringIO())
        call_command("hsds_import", str(target), stdout=io.StringIO())
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(CommandError):
        call_command("hsds_import", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
