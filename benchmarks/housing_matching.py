"""Benchmark: ranking one flat against 10 000 households, and one household against
5 000 flats, with explanations, on the configured database (PostgreSQL for the figures).

Run from the repository root against a database of its own, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kmb_bench \\
        .venv/bin/python benchmarks/housing_matching.py [--households 10000] [--flats 5000]

It migrates that database, fills one synthetic contact point (seeded, so every run is the
same; the rows are made directly, the matching reads them as the pages do), then times
``match_households_for_flat`` and ``match_flats_for_needs`` including the plain-language
explanation of every candidate returned (target: at most 200 ms each). The synthetic rows
are removed at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from kmb.accounts.models import ContactPoint, User  # noqa: E402
from kmb.cases.models import Client  # noqa: E402
from kmb.core.models import District, Municipality, Region  # noqa: E402
from kmb.housing import selectors  # noqa: E402
from kmb.housing.models import Flat, FlatStatus, HouseholdNeeds, Landlord  # noqa: E402

NAME = "Benchmark contact point (housing matching)"
LAYOUTS = [("1+kk", 1, 28), ("1+1", 1, 36), ("2+kk", 2, 45), ("2+1", 2, 58), ("3+kk", 3, 68),
           ("3+1", 3, 78), ("4+1", 4, 95)]


def _place() -> tuple[list[Municipality], list[District]]:
    region, _ = Region.objects.get_or_create(code="B0", defaults={"name": "Bench"})
    districts = [District.objects.get_or_create(code=f"B{i}", defaults={
        "name": f"Bench okres {i}", "region": region})[0] for i in range(5)]
    municipalities = [Municipality.objects.get_or_create(code=f"B{i:04d}", defaults={
        "name": f"Bench obec {i}", "district": districts[i % 5]})[0] for i in range(20)]
    return municipalities, districts


def _table(income: int) -> list[list[int]]:
    # the shape of a DSSP table: nothing below 30 % of income, then most of the rest
    return [[c, max(0, int((c - 0.3 * income) * 0.9))] for c in range(2000, 40001, 2000)]


def fill(n_households: int, n_flats: int) -> ContactPoint:
    rng = random.Random(20261206)
    municipalities, districts = _place()
    office = ContactPoint.objects.create(name=NAME, municipality=municipalities[0])
    user = User.objects.create(username="bench.housing")
    today = timezone.localdate()
    clients = Client.objects.bulk_create(
        [Client(contact_point=office, nickname=f"B{i}") for i in range(n_households)],
        batch_size=2000)
    needs = []
    for client in clients:
        income = rng.randint(9000, 45000)
        needs.append(HouseholdNeeds(
            contact_point=office, client=client, persons=rng.randint(1, 6),
            barrier_free_needed=rng.random() < 0.08, has_pets=rng.random() < 0.15,
            earliest_move_in=today + timedelta(days=rng.randint(0, 60)),
            housing_loss_date=today + timedelta(days=rng.randint(5, 300))
            if rng.random() < 0.7 else None,
            consent_share_on=today if rng.random() < 0.9 else None, income=income,
            affordability=_table(income),
            preferred_municipality_ids=[rng.choice(municipalities).pk],
            preferred_district_ids=[rng.choice(districts).pk],
            waiting_since=today - timedelta(days=rng.randint(0, 700))))
    HouseholdNeeds.objects.bulk_create(needs, batch_size=2000)
    owner = Landlord.objects.create(contact_point=office, name="Bench owner")
    flats = []
    for _i in range(n_flats):
        layout, rooms, area = rng.choice(LAYOUTS)
        rent = rng.randint(6000, 22000)
        flats.append(Flat(contact_point=office, landlord=owner,
                          municipality=rng.choice(municipalities), house_number="1",
                          area_m2=Decimal(area), layout=layout, rooms=rooms, rent=rent,
                          service_advances=rng.randint(1000, 4000),
                          energy_estimate=rng.randint(800, 3000),
                          barrier_free=rng.random() < 0.2, pets_allowed=rng.random() < 0.5,
                          available_from=today + timedelta(days=rng.randint(-30, 90)),
                          status=FlatStatus.OFFERED, created_by=user))
    Flat.objects.bulk_create(flats, batch_size=2000)
    return office


def clean() -> None:
    office = ContactPoint.objects.filter(name=NAME).first()
    if office is None:
        return
    Flat.objects.filter(contact_point=office).delete()
    Landlord.objects.filter(contact_point=office).delete()
    HouseholdNeeds.objects.filter(contact_point=office).delete()
    Client.objects.filter(contact_point=office).delete()
    office.delete()
    User.objects.filter(username="bench.housing").delete()


def timed(fn, repeat: int, shown: int) -> dict[str, list[float]]:
    """Times of: ranking with every candidate's explanation (codes and figures), plus the
    plain-language text of the candidates a page shows; and the text of all of them."""
    times: dict[str, list[float]] = {"page": [], "page_cpu": [], "all_text": []}
    found = 0
    fn()  # warm up: translation catalogues and number formats load once per process
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        matches = fn()
        _texts = [m.explanation() for m in matches[:shown]]
        times["page"].append((time.perf_counter() - started) * 1000)
        times["page_cpu"].append((time.process_time() - cpu) * 1000)
        started = time.perf_counter()
        _all = [m.explanation() for m in matches]
        times["all_text"].append((time.perf_counter() - started) * 1000)
        found = len(matches)
    times["found"] = [found]
    return times


def _line(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    return f"median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms"


def report(label: str, times: dict[str, list[float]], shown: int) -> None:
    print(f"{label}: {times['found'][0]} eligible candidates ranked, each with its "
          f"explanation, the text of the first {shown}: {_line(times['page'])} "
          f"(CPU time of this process {_line(times['page_cpu'])}); "
          f"rendering the text of all of them adds {_line(times['all_text'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--flats", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--shown", type=int, default=50,
                        help="candidates a page shows with their text (default 50)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    clean()
    print(f"Load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")
    print(f"Database: {connection.vendor}. Filling {args.households} households and "
          f"{args.flats} flats…")
    with transaction.atomic():
        office = fill(args.households, args.flats)
    try:
        flat = Flat.objects.filter(contact_point=office, rooms=2).first()
        needs = HouseholdNeeds.objects.filter(contact_point=office, persons=3,
                                              consent_share_on__isnull=False).first()
        with translation.override("cs"):
            times = timed(lambda: selectors.match_households_for_flat(flat=flat), args.repeat,
                          args.shown)
            report(f"One flat against {args.households} households", times, args.shown)
            times = timed(lambda: selectors.match_flats_for_needs(needs=needs), args.repeat,
                          args.shown)
            report(f"One household against {args.flats} flats", times, args.shown)
    finally:
        clean()


if __name__ == "__main__":
    main()
