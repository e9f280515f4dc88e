"""Benchmark: DSSP estimates of 10 000 synthetic households in one vectorised run.

Run from the repository root::

    .venv/bin/python benchmarks/benefits_batch.py [--households 10000] [--sample 200]

Builds varied synthetic households (seeded, so every run is the same), times
``estimate_many`` on all of them (target: at most 5 s on a 2-core machine) and, for
comparison, ``estimate`` one by one on a sample, extrapolated to all households.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))


def setup_django() -> None:
    """Minimal settings: the estimator only needs Django for lazy translations."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True, LANGUAGE_CODE="en")
        django.setup()


setup_django()

from kmb.benefits.engine import (  # noqa: E402
    HouseholdInput,
    Incomes,
    PersonInput,
    district_choices,
    estimate,
    estimate_many,
    get_tax_benefit_system,
)

PERIODS = ["2026-10", "2026-11", "2026-12", "2027-01"]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high, 10))


def _adult(rng: random.Random, role: str) -> PersonInput:
    age = rng.randint(18, 85)
    codes: set[str] = set()
    incomes = Incomes()
    work = "none"
    pick = rng.random()
    if age >= 65 and pick < 0.8:
        codes.add("pensioner")
        incomes.old_age_pension = _money(rng, 9000, 24000)
    elif pick < 0.45:
        work = "employed"
        if rng.random() < 0.7:
            incomes.employment_gross = _money(rng, 4000, 70000)
        else:
            incomes.employment_net = _money(rng, 3000, 50000)
        if rng.random() < 0.1:
            incomes.sickness = _money(rng, 1000, 8000)
    elif pick < 0.55:
        work = "self_employed"
        incomes.self_employment = _money(rng, 0, 40000)
    elif pick < 0.8:
        work = "job_seeker"
        if rng.random() < 0.4:
            incomes.unemployment_benefit = _money(rng, 3000, 15000)
    if rng.random() < 0.06:
        codes.add(rng.choice(["invalidity_1", "invalidity_2", "invalidity_3"]))
        incomes.other_pension = _money(rng, 5000, 15000)
    if rng.random() < 0.04:
        codes.add("carer")
    if rng.random() < 0.03:
        codes.add("care_allowance_3")
        incomes.care_allowance = Decimal(13900)
    if rng.random() < 0.02:
        codes.add("widowed_recently")
    if rng.random() < 0.1:
        incomes.other = _money(rng, 500, 5000)
    enforcement = rng.choice([0, 0, 0, 0, 1, 2, 5])
    return PersonInput(
        role=role,
        age=age,
        vulnerabilities=frozenset(codes),
        work_activity=work,
        employment_contract=rng.choice(["standard"] * 8 + ["dpp", "dpc"]),
        incomes=incomes,
        enforcement_count=enforcement,
        priority_enforcement=enforcement > 0 and rng.random() < 0.2,
        insolvency=enforcement == 0 and rng.random() < 0.03,
        enforcement_dependants=rng.randint(0, 2) if enforcement else 0,
    )


def synthetic_household(rng: random.Random, districts: list[str]) -> HouseholdInput:
    members = [_adult(rng, "head")]
    if rng.random() < 0.5:
        members.append(_adult(rng, "partner"))
    children = rng.choice([0, 0, 0, 1, 1, 2, 2, 3, 4])
    for _ in range(children):
        age = rng.randint(0, 22)
        members.append(
            PersonInput(
                role="child",
                age=age,
                is_dependent_child=age < 15 or rng.random() < 0.7,
                incomes=Incomes(child_maintenance=_money(rng, 1000, 5000))
                if rng.random() < 0.2
                else Incomes(),
            )
        )
    if children:
        for parent in members[:2]:
            parent.is_parent = True
        youngest = min(m.age for m in members[-children:])
        if youngest <= 6 and rng.random() < 0.6:
            carer = members[-children - 1] if len(members) - children > 1 else members[0]
            carer.vulnerabilities = carer.vulnerabilities | {"caring_parent"}
            if rng.random() < 0.5:
                carer.incomes.parental_allowance = _money(rng, 3000, 15000)
        members[0].claims_child_tax_benefit = members[0].incomes.employment_gross is not None
    if rng.random() < 0.1:
        members.append(_adult(rng, "other_relative"))
    housing_type = rng.choices(
        ["dwelling", "hostel", "residential_service", "non_residential"], [88, 8, 2, 2]
    )[0]
    tenure = (
        rng.choices(["rent", "sublet", "own", "cooperative", "service_flat"], [55, 10, 25, 8, 2])[0]
        if housing_type == "dwelling"
        else "rent"
    )
    owner = tenure in ("own", "cooperative", "service_flat")
    return HouseholdInput(
        members=members,
        period=rng.choice(PERIODS),
        district=rng.choice(districts),
        housing_type=housing_type,
        tenure=tenure,
        rent=Decimal(0) if owner else _money(rng, 2000, 30000),
        services=_money(rng, 0, 5000),
        energy=_money(rng, 0, 7000),
        solid_fuel=rng.random() < 0.08,
        shared_dwelling=rng.random() < 0.05,
        savings=_money(rng, 0, 500000) if rng.random() < 0.7 else None,
        cars=rng.choice([0, 0, 1, 1, 2]) if rng.random() < 0.7 else None,
        homes_owned=(1 if owner else 0) + (1 if rng.random() < 0.05 else 0),
        second_home_under_3_years=rng.random() < 0.02,
    )


def synthetic_households(count: int, seed: int = 20261001) -> list[HouseholdInput]:
    rng = random.Random(seed)
    districts = [code for code, _name in district_choices()]
    return [synthetic_household(rng, districts) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    get_tax_benefit_system()
    load = time.perf_counter() - start
    households = synthetic_households(args.households)
    persons = sum(len(h.members) for h in households)
    periods = len({h.period for h in households})
    print(f"engine loaded once in {load:.2f} s")
    print(
        f"{len(households)} synthetic households, {persons} persons, {periods} periods "
        "(one vectorised simulation per period)"
    )

    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        results = estimate_many(households)
        timings.append(time.perf_counter() - start)
    best = min(timings)
    print(
        "estimate_many, with explanations: "
        + ", ".join(f"{t:.2f} s" for t in timings)
        + f"; best {best:.2f} s = {best / len(households) * 1000:.3f} ms per household"
        + f" -> target 5 s {'MET' if best <= 5 else 'MISSED'}"
    )
    start = time.perf_counter()
    estimate_many(households, explain=False)
    quick = time.perf_counter() - start
    print(f"estimate_many, without explanation variants: {quick:.2f} s")

    sample = households[: args.sample]
    start = time.perf_counter()
    singles = [estimate(h) for h in sample]
    one_by_one = time.perf_counter() - start
    per = one_by_one / len(sample)
    print(
        f"estimate one by one: {len(sample)} households in {one_by_one:.2f} s "
        f"({per * 1000:.1f} ms each); extrapolated to {len(households)}: "
        f"{per * len(households):.0f} s (estimated from the sample, not run)"
    )
    mismatches = sum(
        a.outputs_as_json() != b.outputs_as_json()
        for a, b in zip(results[: len(sample)], singles, strict=True)
    )
    print(f"batch and one-by-one results differ for {mismatches} of {len(sample)} households")

    paid = [r.dssp for r in results if r.dssp > 0]
    print(
        f"results: {len(paid)} of {len(results)} households with DSSP > 0, "
        f"median {statistics.median(paid) if paid else 0} CZK; "
        f"{sum(not r.reliable for r in results)} flagged as less reliable; "
        f"assets test failed for {sum(r.assets.passed is False for r in results)}"
    )


if __name__ == "__main__":
    main()
