"""Load or update regions, districts, municipalities and their parts from the RÚIAN CSV.

Every municipality also gets its ORP district (obec s rozšířenou působností) and POÚ
district (pověřený obecní úřad), taken in this order from: the file given with
``--orp-file`` (columns ``kodobce, kodorp, nazorp, kodpou, nazpou``), the columns
``kodorp, nazorp, kodpou, nazpou`` of the municipalities file itself, or the shipped
``core/data/orp-pou.csv`` (ČSÚ code-list relations, see ``core/data/README.md``).
``--no-orp-file`` leaves the links as they are.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from kmb.core.models import (
    CityDistrict,
    District,
    Municipality,
    MunicipalityPart,
    OrpDistrict,
    PouDistrict,
    Region,
)
from kmb.core.text import fold

DATA = Path(__file__).resolve().parents[2] / "data"
DEFAULT_FILE = DATA / "cz-municipalities-psc.csv"
DEFAULT_ORP_FILE = DATA / "orp-pou.csv"
SHOWN = 10  # codes or names listed in a message
COLUMNS = {"kodcobce", "nazcobce", "psc", "kodobce", "nazobce", "kodokresu", "nazokresu",
           "kodkraj", "nazevkraj", "kodmomc", "nazmomc"}
ORP_COLUMNS = {"kodobce", "kodorp", "nazorp", "kodpou", "nazpou"}


def _code_key(code: str) -> tuple[int, str]:
    return (int(code) if code.isdigit() else 0, code)


class Command(BaseCommand):
    help = "Load Czech municipalities (RÚIAN codes) from a CSV file; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
        orp = parser.add_mutually_exclusive_group()
        orp.add_argument("--orp-file", type=Path,
                         default=DEFAULT_ORP_FILE if DEFAULT_ORP_FILE.exists() else None,
                         help="CSV of kodobce, kodorp, nazorp, kodpou, nazpou: the ORP and "
                              "POÚ district of every municipality (default: the shipped "
                              "orp-pou.csv).")
        orp.add_argument("--no-orp-file", dest="orp_file", action="store_const", const=None,
                         help="Leave the ORP and POÚ districts as they are.")

    def handle(self, *args, file: Path, orp_file: Path | None = None, **options):
        rows, columns = self._read(file, COLUMNS)
        counts = self._load(rows)
        self.stdout.write(
            "Municipalities: {regions} regions, {districts} districts, {municipalities} "
            "municipalities, {parts} parts, {city_districts} city districts "
            "({created} new rows).".format(**counts))
        if columns >= ORP_COLUMNS and orp_file == DEFAULT_ORP_FILE:
            orp_rows, source = rows, file  # the file's own columns beat the shipped file
        elif orp_file:
            orp_rows, source = self._read(orp_file, ORP_COLUMNS)[0], orp_file
        elif columns >= ORP_COLUMNS:
            orp_rows, source = rows, file
        else:
            self.stdout.write("No ORP and POÚ file and no ORP and POÚ columns; ORP and POÚ "
                              "districts were left as they are.")
            return
        found = self._load_orp(orp_rows)
        self.stdout.write("ORP and POÚ from {source}: {orp} ORP districts, {pou} POÚ "
                          "districts, {assigned} municipalities assigned.".format(
                              source=source.name, **found))
        if found["unknown"]:
            self.stderr.write(self.style.WARNING(
                f"{len(found['unknown'])} municipality codes of the ORP file are not among "
                f"the loaded municipalities and were skipped: "
                + self._some(found["unknown"])))
        if found["mismatched"]:
            self.stderr.write(self.style.WARNING(
                "POÚ districts listed under more than one ORP district (the last row "
                "wins): " + self._some(found["mismatched"])))
        missing = list(Municipality.objects.filter(Q(orp__isnull=True) | Q(pou__isnull=True))
                       .order_by("code").values_list("name", "code"))
        if missing:
            self.stderr.write(self.style.WARNING(
                f"{len(missing)} municipalities have no ORP or no POÚ district: "
                + self._some([f"{name} ({code})" for name, code in missing])))
        else:
            self.stdout.write("Every municipality has its ORP and POÚ district.")

    @staticmethod
    def _some(items: list[str]) -> str:
        more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
        return ", ".join(items[:SHOWN]) + more

    @staticmethod
    def _read(file: Path, required: set[str]) -> tuple[list[dict[str, str]], set[str]]:
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                columns = set(reader.fieldnames or [])
                missing = required - columns
                if missing:
                    raise CommandError(f"{file} lacks the columns: {', '.join(sorted(missing))}")
                return list(reader), columns
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from None

    @transaction.atomic
    def _load_orp(self, rows: list[dict[str, str]]) -> dict[str, int]:
        """ORP and POÚ districts and the link of every listed municipality to them."""
        municipalities = {m.code: m for m in Municipality.objects.select_related("district")}
        unknown = sorted({r["kodobce"] for r in rows} - set(municipalities), key=_code_key)
        rows = [r for r in rows if r["kodobce"] in municipalities]
        under: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            if r["kodpou"]:
                under[r["kodpou"]].add(r["kodorp"])
        mismatched = sorted(code for code, orps in under.items() if len(orps) > 1)
        regions = {}
        for r in rows:
            if r["kodorp"]:
                regions.setdefault(r["kodorp"], municipalities[r["kodobce"]].district.region_id)
        orp = self._sync(OrpDistrict, {
            r["kodorp"]: {"name": r["nazorp"], "region_id": regions[r["kodorp"]]}
            for r in rows if r["kodorp"]})
        orp.pop("_created")
        pou = self._sync(PouDistrict, {
            r["kodpou"]: {"name": r["nazpou"],
                          "orp_id": orp[r["kodorp"]].pk if r["kodorp"] else None}
            for r in rows if r["kodpou"]})
        pou.pop("_created")
        changed = []
        for r in rows:
            municipality = municipalities[r["kodobce"]]
            orp_id = orp[r["kodorp"]].pk if r["kodorp"] else None
            pou_id = pou[r["kodpou"]].pk if r["kodpou"] else None
            if (municipality.orp_id, municipality.pou_id) != (orp_id, pou_id):
                municipality.orp_id, municipality.pou_id = orp_id, pou_id
                changed.append(municipality)
        Municipality.objects.bulk_update(changed, ["orp", "pou"], batch_size=500)
        return {"orp": len(orp), "pou": len(pou),
                "assigned": len({r["kodobce"] for r in rows if r["kodorp"]}),
                "unknown": unknown, "mismatched": mismatched}

    @transaction.atomic
    def _load(self, rows: list[dict[str, str]]) -> dict[str, int]:
        regions = {r["kodkraj"]: r["nazevkraj"] for r in rows}
        districts = {r["kodokresu"]: (r["nazokresu"], r["kodkraj"]) for r in rows}
        municipalities = {r["kodobce"]: (r["nazobce"], r["kodokresu"]) for r in rows}
        city_districts = {r["kodmomc"]: (r["nazmomc"], r["kodobce"])
                          for r in rows if r["kodmomc"]}
        parts: dict[str, dict] = {}
        postal: dict[str, set[str]] = defaultdict(set)
        part_districts: dict[str, set[str]] = defaultdict(set)
        for r in sorted(rows, key=lambda r: (r["kodcobce"], r["kodmomc"] or "")):
            if r["kodcobce"] not in parts:
                parts[r["kodcobce"]] = {"name": r["nazcobce"], "municipality": r["kodobce"],
                                        "city_district_code": r["kodmomc"] or "",
                                        "city_district_name": r["nazmomc"] or ""}
            postal[r["kodcobce"]].add(r["psc"])
            if r["kodmomc"]:
                part_districts[r["kodcobce"]].add(r["kodmomc"])
        created = 0
        region_obj = self._sync(Region, {c: {"name": n} for c, n in regions.items()})
        created += region_obj.pop("_created")
        district_obj = self._sync(District, {
            c: {"name": n, "region_id": region_obj[rc].pk} for c, (n, rc) in districts.items()})
        created += district_obj.pop("_created")
        municipality_obj = self._sync(Municipality, {
            c: {"name": n, "name_search": fold(n), "district_id": district_obj[dc].pk}
            for c, (n, dc) in municipalities.items()})
        created += municipality_obj.pop("_created")
        part_obj = self._sync(MunicipalityPart, {
            c: {**{k: v for k, v in p.items() if k != "municipality"},
                "name_search": fold(p["name"]),
                "municipality_id": municipality_obj[p["municipality"]].pk,
                "postal_codes": " ".join(sorted(postal[c]))}
            for c, p in parts.items()})
        created += part_obj.pop("_created")
        city_obj = self._sync(CityDistrict, {
            c: {"name": n, "name_search": fold(n), "municipality_id": municipality_obj[mc].pk}
            for c, (n, mc) in city_districts.items()})
        created += city_obj.pop("_created")
        self._link_districts(part_obj, city_obj, part_districts)
        return {"regions": len(region_obj), "districts": len(district_obj),
                "municipalities": len(municipality_obj), "parts": len(part_obj),
                "city_districts": len(city_obj),
                "created": created}

    @staticmethod
    def _link_districts(parts: dict, districts: dict, wanted: dict[str, set[str]]) -> None:
        through = MunicipalityPart.city_districts.through
        existing = set(through.objects.values_list("municipalitypart_id", "citydistrict_id"))
        target = {(parts[p].pk, districts[d].pk) for p, ds in wanted.items() for d in ds}
        stale = existing - target
        if stale:
            for part_id, district_id in stale:
                through.objects.filter(municipalitypart_id=part_id,
                                       citydistrict_id=district_id).delete()
        through.objects.bulk_create(
            [through(municipalitypart_id=p, citydistrict_id=d) for p, d in target - existing],
            batch_size=1000)

    @staticmethod
    def _sync(model, wanted: dict[str, dict]) -> dict:
        """Create missing rows and update changed ones, matched by code, in bulk."""
        existing = {obj.code: obj for obj in model.objects.all()}
        to_create, to_update = [], []
        fields = set()
        for code, values in wanted.items():
            obj = existing.get(code)
            if obj is None:
                to_create.append(model(code=code, **values))
                continue
            if any(getattr(obj, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(obj, k, v)
                fields.update(values)
                to_update.append(obj)
        model.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            model.objects.bulk_update(to_update, sorted(fields), batch_size=500)
        result = {obj.code: obj for obj in model.objects.all()}
        result["_created"] = len(to_create)
        return result
