"""Summarise a locust run (``--csv PREFIX``) as a Markdown table: requests, failures,
p50/p95/p99 per request kind, and the throughput.

    .venv/bin/python benchmarks/load/report.py var/load/pg [--server-log var/load/serve.log]

With ``--server-log`` it also counts the lines of the server's log that say "database is
locked" and the logged errors (tracebacks), which must both be zero.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefix", help="the --csv prefix given to locust")
    parser.add_argument("--server-log", type=Path)
    args = parser.parse_args()
    with open(f"{args.prefix}_stats.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print("| request kind | requests | failures | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|")
    for row in sorted((r for r in rows if r["Name"] != "Aggregated"),
                      key=lambda r: (r["Name"], r["Type"])):
        print(f"| {row['Type']} {row['Name']} | {row['Request Count']} | "
              f"{row['Failure Count']} | {row['50%']} | {row['95%']} | {row['99%']} | "
              f"{float(row['Max Response Time']):.0f} |")
    print(f"| **all** | {total['Request Count']} | {total['Failure Count']} | {total['50%']} | "
          f"{total['95%']} | {total['99%']} | {float(total['Max Response Time']):.0f} |")
    print(f"\nThroughput: {float(total['Requests/s']):.1f} requests/s; "
          f"failures: {total['Failure Count']}.")
    failed = int(total["Failure Count"])
    if args.server_log:
        text = args.server_log.read_text(encoding="utf-8", errors="replace")
        locked = text.count("database is locked")
        tracebacks = text.count("Traceback (most recent call last)")
        print(f"Server log: {locked} × 'database is locked', {tracebacks} tracebacks.")
        failed += locked + tracebacks
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
