"""The shipped assignment of municipalities to ORP and POÚ districts (orp-pou.csv)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.db.models import F

from kmb.core.management.commands.load_municipalities import DEFAULT_FILE, DEFAULT_ORP_FILE
from kmb.core.models import Municipality, OrpDistrict, PouDistrict


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_shipped_file_covers_every_municipality_once():
    rows = _rows(DEFAULT_ORP_FILE)
    assert list(rows[0]) == ["kodobce", "kodorp", "nazorp", "kodpou", "nazpou"]
    codes = [r["kodobce"] for r in rows]
    assert len(codes) == len(set(codes))
    assert set(codes) == {r["kodobce"] for r in _rows(DEFAULT_FILE)}
    assert all(r["kodorp"] and r["nazorp"] and r["kodpou"] and r["nazpou"] for r in rows)
    # ČSÚ codes: a POÚ code is its ORP code followed by one digit
    assert all(len(r["kodorp"]) == 4 and r["kodpou"][:4] == r["kodorp"] for r in rows)
    names = {(r["kodorp"], r["nazorp"]) for r in rows}
    assert len(names) == len({code for code, _ in names}) == 206
    assert len({(r["kodpou"], r["nazpou"]) for r in rows}) == 393


@pytest.mark.django_db
def test_the_default_load_gives_every_municipality_its_orp_and_pou():
    out, err = io.StringIO(), io.StringIO()
    call_command("load_municipalities", stdout=out, stderr=err)
    assert "ORP and POÚ from orp-pou.csv: 206 ORP districts, 393 POÚ districts, " \
           "6258 municipalities assigned." in out.getvalue()
    assert "Every municipality has its ORP and POÚ district." in out.getvalue()
    assert err.getvalue() == ""
    assert not Municipality.objects.filter(orp__isnull=True).exists()
    assert not Municipality.objects.filter(pou__isnull=True).exists()

    def links(name, district):
        m = Municipality.objects.select_related("orp", "pou", "orp__region").get(
            name=name, district__name=district)
        return m.orp.name, m.pou.name

    assert links("Olomouc", "Olomouc") == ("Olomouc", "Olomouc")
    assert links("Petrov nad Desnou", "Šumperk") == ("Šumperk", "Šumperk")
    assert links("Praha", "Hlavní město Praha") == ("Praha", "Praha")
    assert links("Staré Křečany", "Děčín") == ("Rumburk", "Rumburk")
    assert links("Harrachov", "Semily") == ("Tanvald", "Tanvald")  # across district borders
    assert links("Linhartice", "Svitavy") == ("Moravská Třebová", "Moravská Třebová")
    praha = OrpDistrict.objects.get(name="Praha")
    assert praha.municipalities.count() == 1 and praha.region.name == "Hlavní město Praha"
    assert OrpDistrict.objects.get(code="7111").region.name == "Olomoucký"
    # every POÚ district lies in the ORP district of all its municipalities
    assert not Municipality.objects.exclude(pou__orp=F("orp")).exists()
    # a second run changes nothing
    before = list(Municipality.objects.order_by("pk").values_list("pk", "orp_id", "pou_id"))
    call_command("load_municipalities", stdout=io.StringIO(), stderr=io.StringIO())
    assert list(Municipality.objects.order_by("pk").values_list("pk", "orp_id", "pou_id")) \
        == before
    assert OrpDistrict.objects.count() == 206 and PouDistrict.objects.count() == 393
