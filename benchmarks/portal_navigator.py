"""Benchmark: server time of the public navigator pages, and bytes of its result page.

Run from the repository root against a database with the demo data::

    DATABASE_URL=sqlite:////tmp/portal.sqlite3 KMB_DEMO=1 \\
        .venv/bin/python benchmarks/portal_navigator.py [--requests 600] [--transfer]

Without ``--url`` it starts ``manage.py serve`` (waitress, as in production, static files
from ``collectstatic``) on a free port of 127.0.0.1 with the given ``DATABASE_URL`` and
stops it at the end; with ``--url http://127.0.0.1:PORT`` it uses a server you started.
It sends a bounded number of GET requests, one at a time over one kept-alive connection,
to 127.0.0.1 only, cycling through the steps and results of typical situations, and prints
p50/p95 (target: p95 at most 50 ms). ``--transfer`` also opens the result page in
Chromium (Playwright) and sums what crossed the wire: every response's encoded body
(compressed where the server compressed it) and headers (target: at most 100 KB in
total, no request to another host).
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS = 5000
TARGET_P95_MS = 50.0
TARGET_BYTES = 100 * 1024

# (label, path): the navigator as typical visitors walk it (demo data: Praha 7, Brno,
# Liberec have contact points; 554782 Praha, 500186 Praha 7, 582786 Brno, 563889 Liberec).
PRAHA7 = "housing=rented&threat=notice&when=month&municipality=554782&district=500186"
BRNO = "housing=none&municipality=582786&district=unknown"
LIBEREC = "housing=rented&threat=debts&when=no_risk&municipality=563889"
PATHS: tuple[tuple[str, str], ...] = (
    ("step 1", "/navigator/"),
    ("step threat", "/navigator/?step=threat&housing=rented&threat=arrears"),
    ("step answer", "/navigator/?housing=rented&threat=notice&step=threat&answered=threat"),
    ("step place search", "/navigator/?housing=rented&threat=notice&when=month"
                          "&step=municipality&answered=municipality&place=plzen"),
    ("step district", f"/navigator/?{PRAHA7.replace('&district=500186', '')}"
                      "&step=municipality"),
    ("step household", f"/navigator/?{PRAHA7}&step=household"),
    ("result Praha 7", f"/navigator/result/?{PRAHA7}&household=children&income=under_20k"
                       "&benefits=no"),
    ("result Brno", f"/navigator/result/?{BRNO}&household=alone&income=none"),
    ("result Liberec", f"/navigator/result/?{LIBEREC}&household=partner&income=under_35k"
                       "&benefits=unknown"),
)
RESULT_PAGE = PATHS[6][1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "KMB_DEMO": os.environ.get("KMB_DEMO", "1")}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                   cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server, url
        except OSError:
            time.sleep(0.2)
    _stop_server(server)
    raise SystemExit("the server did not start")


def _stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)  # the server and the worker it started
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def measure_latency(url: str, requests: int, warmup: int) -> dict[str, list[float]]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10)
    timings: dict[str, list[float]] = {label: [] for label, _path in PATHS}
    headers = {"Accept-Language": "cs", "Accept-Encoding": "gzip"}
    for number in range(warmup + requests):
        label, path = PATHS[number % len(PATHS)]
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status >= 400:
            raise SystemExit(f"{path} answered {response.status}")
        if number >= warmup:
            timings[label].append(elapsed)
    connection.close()
    return timings


def measure_transfer(url: str) -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("KMB_CHROMIUM", "/usr/bin/chromium")
    host = urlsplit(url).netloc
    rows: list[tuple[str, int, int]] = []
    foreign: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=["--no-sandbox", "--disable-quic"])
        context = browser.new_context(viewport={"width": 360, "height": 800},
                                      locale="cs-CZ")
        page = context.new_page()

        def finished(request) -> None:
            if urlsplit(request.url).netloc != host:
                foreign.append(request.url)
            sizes = request.sizes()
            rows.append((request.url.replace(url, ""), sizes["responseBodySize"],
                         sizes["responseHeadersSize"]))

        page.on("requestfinished", finished)
        page.goto(url + RESULT_PAGE, wait_until="networkidle")
        browser.close()
    body = sum(r[1] for r in rows)
    total = body + sum(r[2] for r in rows)
    print(f"\nresult page {RESULT_PAGE[:60]}… in Chromium at 360 px:")
    for path, body_size, header_size in rows:
        print(f"  {body_size:>7} B body + {header_size:>4} B headers  {path[:70]}")
    print(f"  {len(rows)} responses: {body} B of bodies, {total} B with headers "
          f"({total / 1024:.1f} KB) -> target {TARGET_BYTES // 1024} KB "
          f"{'MET' if total <= TARGET_BYTES and not foreign else 'MISSED'}")
    print(f"  requests to other hosts: {len(foreign)} {foreign[:3] if foreign else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server on 127.0.0.1 (else one is started)")
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--transfer", action="store_true",
                        help="also measure the bytes of the result page in Chromium")
    args = parser.parse_args()
    requests = max(1, min(args.requests, MAX_REQUESTS))
    if args.url and urlsplit(args.url).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("this benchmark talks to 127.0.0.1 only")
    server = None
    url = (args.url or "").rstrip("/")
    if not url:
        server, url = _start_server()
    try:
        timings = measure_latency(url, requests, max(0, min(args.warmup, 500)))
        everything = [t for values in timings.values() for t in values]
        print(f"{len(everything)} GET requests to {url} after {args.warmup} warm-up requests")
        for label, values in timings.items():
            print(f"  {label:<18} n={len(values):<4} p50 {percentile(values, .5):5.1f} ms"
                  f"  p95 {percentile(values, .95):5.1f} ms  max {max(values):5.1f} ms")
        p95 = percentile(everything, 0.95)
        print(f"all navigator pages: p50 {percentile(everything, 0.5):.1f} ms, p95 {p95:.1f} ms"
              f" -> target p95 {TARGET_P95_MS:.0f} ms "
              f"{'MET' if p95 <= TARGET_P95_MS else 'MISSED'}")
        if args.transfer:
            measure_transfer(url)
    finally:
        if server is not None:
            _stop_server(server)


if __name__ == "__main__":
    main()
