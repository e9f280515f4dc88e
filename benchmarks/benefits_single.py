"""Benchmark: latency of a single DSSP estimate.

Run from the repository root::

    .venv/bin/python benchmarks/benefits_single.py [--runs 500]

Loads the engine and warms up, then times ``estimate`` for 500 varied synthetic
households one at a time and prints p50/p95/p99 (target: p95 at most 150 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benefits_batch import synthetic_households  # noqa: E402  (also sets up sys.path/Django)

from kmb.benefits.engine import estimate, get_tax_benefit_system  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    start = time.perf_counter()
    get_tax_benefit_system()
    print(f"engine loaded once in {time.perf_counter() - start:.2f} s")
    households = synthetic_households(args.runs + args.warmup, seed=7)
    for household in households[: args.warmup]:
        estimate(household)
    timings = []
    for household in households[args.warmup :]:
        start = time.perf_counter()
        estimate(household)
        timings.append((time.perf_counter() - start) * 1000)
    p95 = percentile(timings, 0.95)
    print(f"{len(timings)} single estimates after {args.warmup} warm-up runs (with explanations)")
    print(
        f"p50 {percentile(timings, 0.50):.1f} ms, p95 {p95:.1f} ms, "
        f"p99 {percentile(timings, 0.99):.1f} ms, mean {statistics.fmean(timings):.1f} ms, "
        f"max {max(timings):.1f} ms -> target p95 150 ms {'MET' if p95 <= 150 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
