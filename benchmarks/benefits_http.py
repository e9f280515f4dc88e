"""Benchmark: latency of POST /api/v1/benefits/estimate through a running server.

Start the server first (its own database), e.g.::

    KMB_DEMO=1 DATABASE_URL=sqlite:////tmp/benefits.sqlite3 \
        .venv/bin/python manage.py serve --port 8031

then::

    .venv/bin/python benchmarks/benefits_http.py --username poradce.praha7 --password kmb-demo

Sends a bounded number of requests (at most 2 000), one after another, only to the
loopback interface, and prints p50/p95/p99 after warm-up (target: p95 at most 150 ms).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benefits_batch import synthetic_households  # noqa: E402  (also sets up sys.path/Django)
from benefits_single import percentile  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_REQUESTS = 2000


def _post(url: str, body: dict, token: str | None = None, timeout: float = 30) -> dict:
    headers = {"Content-Type": "application/json", "Accept-Language": "cs"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(  # noqa: S310 (loopback http only, checked in main)
        url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return json.loads(response.read())


def _payload(household) -> dict:
    data = household.to_json()
    for member in data["members"]:
        member["incomes"] = {k: v for k, v in member["incomes"].items() if v is not None}
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8031")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    if urlsplit(args.base).hostname not in LOOPBACK:
        parser.error("only a server on this machine (127.0.0.1, localhost) may be measured")
    count = min(args.requests, MAX_REQUESTS)
    token = _post(f"{args.base}/api/v1/auth/token",
                  {"username": args.username, "password": args.password})["token"]
    url = f"{args.base}/api/v1/benefits/estimate"
    households = [_payload(h) for h in synthetic_households(count + args.warmup, seed=11)]
    for body in households[: args.warmup]:
        _post(url, body, token)
    timings = []
    deadline = time.monotonic() + 600
    for body in households[args.warmup :]:
        start = time.perf_counter()
        _post(url, body, token)
        timings.append((time.perf_counter() - start) * 1000)
        if time.monotonic() > deadline:
            break
    p95 = percentile(timings, 0.95)
    print(f"{len(timings)} API estimates after {args.warmup} warm-up requests")
    print(f"p50 {percentile(timings, 0.50):.1f} ms, p95 {p95:.1f} ms, "
          f"p99 {percentile(timings, 0.99):.1f} ms, max {max(timings):.1f} ms "
          f"-> target p95 150 ms {'MET' if p95 <= 150 else 'MISSED'}")


if __name__ == "__main__":
    main()
