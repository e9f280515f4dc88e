"""Benchmark: the statistics page and its exports at two database sizes.

Fill two PostgreSQL databases with ``manage.py generate_volume`` (e.g. 50 000 and
5 000 000 domain events), compute the roll-ups with ``manage.py stats_rebuild`` and run
from the repository root::

    nice .venv/bin/python benchmarks/stats_page.py \\
        --small postgres://postgres@127.0.0.1:5432/kmb_stats_50k \\
        --large postgres://postgres@127.0.0.1:5432/kmb_stats_5m [--rounds 30] [--passes 2]

The page is requested in-process through Django's test client (middleware, view,
templates, database; no network) by an analyst whose scope is every contact point, and
for the biggest office alone; monthly and quarterly views; and by a lead of the biggest
office on the office's own page (its figures and its housing and lettings counts). The
sizes take turns pass by pass so a busy neighbour slows both alike. Each page is
measured as it is served between two refreshes of the roll-ups (its body cached) and
cold (the cache emptied before each request, as if the worker had not rendered it after
computing new months). Before that it times the worker's rendering of every scope ×
period × language (``page.warm``).
It prints p50/p95 in
milliseconds, the query count, the peak Python memory while streaming the CSV export,
the number of events and
roll-up rows, and the ratio large/small of the p95 against the targets (p95 at most
300 ms on the large database, at most 3 times the small one).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 300.0
TARGET_RATIO = 3.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def child(rounds: int) -> None:
    _setup_django()
    import tracemalloc

    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    from kmb.accounts.models import ContactPoint, Membership, User
    from kmb.core.models import DomainEvent
    from kmb.core.permissions import Role
    from kmb.stats.models import RollupRow, ScopeKind, StatsScope

    biggest = ContactPoint.objects.order_by("id").first()  # the generator's biggest office
    user, _ = User.objects.get_or_create(username="bench.analytik")
    Membership.objects.get_or_create(user=user, contact_point=biggest, role=Role.ANALYST)
    everyone, _ = StatsScope.objects.get_or_create(name="Benchmark: všechna",
                                                   defaults={"kind": ScopeKind.ALL})
    office, _ = StatsScope.objects.get_or_create(name="Benchmark: jedno místo",
                                                 defaults={"kind": ScopeKind.OFFICE})
    office.contact_points.add(biggest)
    for scope in (everyone, office):
        scope.analysts.add(user)
    web = TestClient(HTTP_HOST="127.0.0.1")
    web.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    lead, _ = User.objects.get_or_create(username="bench.vedouci")
    Membership.objects.get_or_create(user=lead, contact_point=biggest, role=Role.LEAD)
    staff = TestClient(HTTP_HOST="127.0.0.1")
    staff.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    pages = [("all, monthly", web, f"/staff/stats/?scope={everyone.uuid}"),
             ("all, quarterly", web, f"/staff/stats/?scope={everyone.uuid}&period=Q"),
             ("one office, monthly", web, f"/staff/stats/?scope={office.uuid}"),
             ("office's own staff, monthly", staff, "/staff/stats/?scope=office")]
    result = {"events": DomainEvent.objects.count(), "rollup_rows": RollupRow.objects.count(),
              "offices": ContactPoint.objects.count(), "pages": {}}
    from django.core.cache import caches

    from kmb.stats import page

    started = time.perf_counter()
    result["warm_pages"] = page.warm()  # what the worker does after computing new months
    result["warm_seconds"] = time.perf_counter() - started
    measured = [(f"{label}, cached", client, path, False) for label, client, path in pages]
    measured += [(f"{label}, cold", client, path, True) for label, client, path in pages]
    for label, client, path, cold in measured:
        assert client.get(path).status_code == 200  # warm up
        times = []
        for _ in range(rounds):
            if cold:  # as if the worker had not rendered the page after new months
                caches["stats"].clear()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        result["pages"][label] = {"p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
                                  "queries": len(queries)}
    tracemalloc.start()
    response = web.get(f"/staff/stats/export/figures.csv?scope={everyone.uuid}")
    size = sum(len(chunk) for chunk in response.streaming_content)
    result["csv_bytes"] = size
    result["csv_peak_kib"] = tracemalloc.get_traced_memory()[1] / 1024
    tracemalloc.stop()
    print(json.dumps(result))


def run(url: str, rounds: int) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "KMB_DEBUG": "0",
           "KMB_ALLOWED_HOSTS": "127.0.0.1"}
    out = subprocess.run([sys.executable, __file__, "--child", "--rounds", str(rounds)],
                         env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small")
    parser.add_argument("--large")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.rounds)
        return
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                   cwd=ROOT, env={**os.environ, "DATABASE_URL": args.small}, check=True)
    runs: dict[str, list[dict]] = {"small": [], "large": []}
    for _ in range(args.passes):
        for size in ("small", "large"):
            runs[size].append(run(getattr(args, size), args.rounds))
    print(f"load average: {os.getloadavg()[0]:.2f}, {os.getloadavg()[1]:.2f}")
    for size, results in runs.items():
        first = results[0]
        print(f"{size}: {first['events']:,} events, {first['rollup_rows']:,} roll-up rows, "
              f"{first['offices']} offices; CSV export {first['csv_bytes']:,} B, "
              f"peak {first['csv_peak_kib']:.0f} KiB; worker rendered {first['warm_pages']} "
              f"pages in {first['warm_seconds']:.1f} s".replace(",", " "))
    ok = True
    for label in runs["small"][0]["pages"]:
        p95 = {size: max(r["pages"][label]["p95"] for r in runs[size]) for size in runs}
        p50 = {size: max(r["pages"][label]["p50"] for r in runs[size]) for size in runs}
        ratio = p95["large"] / p95["small"]
        good = p95["large"] <= TARGET_P95_MS and ratio <= TARGET_RATIO
        ok &= good
        print(f"{label:<36} small p50 {p50['small']:6.0f} p95 {p95['small']:6.0f} ms | "
              f"large p50 {p50['large']:6.0f} p95 {p95['large']:6.0f} ms | ratio {ratio:4.2f} | "
              f"queries {runs['large'][0]['pages'][label]['queries']} | "
              f"{'OK' if good else 'MISSED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
