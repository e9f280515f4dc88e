"""Load or update regions, districts, municipalities and their parts from the RÚIAN CSV.

Where the file also has the columns ``kodorp, nazorp, kodpou, nazpou`` (or a second file
of ``kodobce, kodorp, nazorp, kodpou, nazpou`` is given with ``--orp-file``), every
municipality gets its ORP district (obec s rozšířenou působností) and POÚ district
(pověřený obecní úřad). Those columns can be taken from ČÚZK's open data "RÚIAN – data ve
formátu CSV – hierarchie prvků – za celý stát" (CC BY 4.0); see ``core/data/README.md``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

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

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "cz-municipalities-psc.csv"
COLUMNS = {"kodcobce", "nazcobce", "psc", "kodobce", "nazobce", "kodokresu", "nazokresu",
           "kodkraj", "nazevkraj", "kodmomc", "nazmomc"}
ORP_COLUMNS = {"kodobce", "kodorp", "nazorp", "kodpou", "nazpou"}


class Command(BaseCommand):
    help = "Load Czech municipalities (RÚIAN codes) from a CSV file; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
        parser.add_argument("--orp-file", type=Path, default=None,
                            help="CSV of kodobce, kodorp, nazorp, kodpou, nazpou: the ORP "
                                 "and POÚ district of every municipality.")

    def handle(self, *args, file: Path, orp_file: Path | None = None, **options):
        rows, columns = self._read(file, COLUMNS)
        counts = self._load(rows)
        self.stdout.write(
            "Municipalities: {regions} regions, {districts} districts, {municipalities} "
            "municipalities, {parts} parts, {city_districts} city districts "
            "({created} new rows).".format(**counts))
        orp_rows = self._read(orp_file, ORP_COLUMNS)[0] if orp_file else \
            (rows if columns >= ORP_COLUMNS else None)
        if orp_rows is None:
            self.stdout.write("The file has no ORP and POÚ columns; ORP and POÚ districts "
                              "were left as they are.")
            return
        found = self._load_orp(orp_rows)
        self.stdout.write("ORP and POÚ: {orp} ORP districts, {pou} POÚ districts, "
                          "{assigned} municipalities assigned.".format(**found))

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
        unknown = sorted({r["kodobce"] for r in rows} - set(municipalities))
        if unknown:
            raise CommandError("Unknown municipality codes in the ORP file: "
                               + ", ".join(unknown[:10]))
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
                "assigned": len({r["kodobce"] for r in rows if r["kodorp"]})}

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
