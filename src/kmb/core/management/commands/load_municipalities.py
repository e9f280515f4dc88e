"""Load or update regions, districts, municipalities and their parts from the RÚIAN CSV."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kmb.core.models import CityDistrict, District, Municipality, MunicipalityPart, Region
from kmb.core.text import fold

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "cz-municipalities-psc.csv"
COLUMNS = {"kodcobce", "nazcobce", "psc", "kodobce", "nazobce", "kodokresu", "nazokresu",
           "kodkraj", "nazevkraj", "kodmomc", "nazmomc"}


class Command(BaseCommand):
    help = "Load Czech municipalities (RÚIAN codes) from a CSV file; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE)

    def handle(self, *args, file: Path, **options):
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = COLUMNS - set(reader.fieldnames or [])
                if missing:
                    raise CommandError(f"The file lacks the columns: {', '.join(sorted(missing))}")
                rows = list(reader)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from None
        counts = self._load(rows)
        self.stdout.write(
            "Municipalities: {regions} regions, {districts} districts, {municipalities} "
            "municipalities, {parts} parts, {city_districts} city districts "
            "({created} new rows).".format(**counts))

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
