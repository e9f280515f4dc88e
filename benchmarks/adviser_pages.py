"""Benchmark: the adviser's pages at two database sizes, side by side.

Fill two PostgreSQL databases with ``manage.py generate_volume`` (same seed, e.g. 10 000
and 1 000 000 clients) and run from the repository root::

    nice .venv/bin/python benchmarks/adviser_pages.py \\
        --small postgres://postgres@127.0.0.1:5432/kmb_vol_10k \\
        --large postgres://postgres@127.0.0.1:5432/kmb_vol_1m [--rounds 40] [--passes 3]

Each page is requested in-process through Django's test client (the whole stack of
middleware, views, templates and the database, without the network) as the staff of the
biggest generated office (``vol001-…``). The sizes take turns: each pass runs every page
``rounds`` times on the small database, then on the large one, so a busy neighbour on
the machine slows both alike. It prints p50/p95 in milliseconds, the number of queries
of each page and the ratio large/small of the p95, against the targets (p95 at most
100 ms, at most 1.5 times the small database), and how much faster the client search is
than the Django admin's changelist search over the same office.
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
TARGET_P95_MS = 100.0
TARGET_RATIO = 1.5
SEARCH = "novakova"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


# ---------------------------------------------------------------------------------------
# The child: one database, every page ``rounds`` times
# ---------------------------------------------------------------------------------------

def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _pages(password: str) -> list[tuple[str, object, str, str, dict]]:
    """(label, client, method, path, data) of every page measured."""
    from django.conf import settings
    from django.test import Client as TestClient
    from django.test import RequestFactory

    from kmb.accounts.models import ContactPoint, Membership, User
    from kmb.accounts.services import api_token_issue
    from kmb.cases.models import Client, Consultation

    settings.ALLOWED_HOSTS = ["*"]
    office = ContactPoint.objects.get(email="kmb001@example.cz")
    adviser = User.objects.get(username="vol001-poradce01")
    lead = User.objects.get(username="vol001-vedouci")
    admin, created = User.objects.get_or_create(
        username="vol-admin", defaults={"is_staff": True, "is_superuser": True})
    if created:
        Membership.objects.create(user=admin, contact_point=None, role="administrator")
    browsers = {}
    for name, user in (("adviser", adviser), ("lead", lead), ("admin", admin)):
        browsers[name] = TestClient()
        browsers[name].force_login(user)
    raw, _token = api_token_issue(request=RequestFactory().post("/api/v1/token"),
                                  username=adviser.username, password=password)
    api = TestClient(headers={"Authorization": f"Bearer {raw}"})
    clients = Client.objects.filter(contact_point=office, merged_into__isnull=True)
    typical = clients.filter(key_worker=adviser).order_by("id")[10]
    busiest = (Consultation.objects.filter(contact_point=office, client__isnull=False,
                                           occurred_at__gte=typical.created_at)
               .values("client_id").order_by("client_id")[:20000])
    counts: dict[int, int] = {}
    for row in busiest:
        counts[row["client_id"]] = counts.get(row["client_id"], 0) + 1
    heavy = Client.objects.get(pk=max(counts, key=counts.get))
    town = office.municipality.name.split()[0].lower()
    return [
        ("adviser dashboard", browsers["adviser"], "get", "/staff/", {}),
        ("client list", browsers["adviser"], "get", "/staff/clients/", {}),
        ("client list, page 5", browsers["adviser"], "post", "/staff/clients/",
         {"q": "", "page": "5"}),
        ("client search: name", browsers["adviser"], "post", "/staff/clients/",
         {"q": SEARCH}),
        ("client search: name + town", browsers["adviser"], "post", "/staff/clients/",
         {"q": f"dvorak {town}"}),
        ("client detail + timeline", browsers["adviser"], "get",
         f"/staff/clients/{typical.uuid}/", {}),
        ("client detail, busiest client", browsers["adviser"], "get",
         f"/staff/clients/{heavy.uuid}/", {}),
        ("consultation list", browsers["adviser"], "get", "/staff/consultations/", {}),
        ("task list (mine)", browsers["adviser"], "get", "/staff/tasks/", {}),
        ("task list (office)", browsers["adviser"], "get", "/staff/tasks/?scope=office", {}),
        ("referral list", browsers["adviser"], "get", "/staff/referrals/", {}),
        ("lead dashboard", browsers["lead"], "get", "/staff/", {}),
        ("API client search", api, "get", f"/api/v1/clients?q={SEARCH}", {}),
        ("admin changelist search", browsers["admin"], "get",
         f"/admin/cases/client/?contact_point__id__exact={office.pk}&q={SEARCH}", {}),
    ]


def child(rounds: int, password: str) -> None:
    _setup_django()
    from django.db import connection

    pages = _pages(password)
    result: dict[str, dict] = {}
    for label, browser, method, path, data in pages:
        call = getattr(browser, method)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = call(path, data) if data else call(path)
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code} for {path}")
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            call(path, data) if data else call(path)
            times.append((time.perf_counter() - started) * 1000)
        result[label] = {"times": times, "queries": len(queries)}
    print(json.dumps(result))


# ---------------------------------------------------------------------------------------
# The parent: passes over both sizes, then the table
# ---------------------------------------------------------------------------------------

def _run(url: str, rounds: int, password: str) -> dict[str, dict]:
    env = {**os.environ, "DATABASE_URL": url}
    out = subprocess.run([sys.executable, __file__, "--child", "--rounds", str(rounds),
                          "--password", password], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _size(url: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    code = ("from kmb.cases.models import Client, Consultation;"
            "from kmb.accounts.models import ContactPoint as P;"
            "o=P.objects.get(email='kmb001@example.cz');"
            "print(Client.objects.count(), Consultation.objects.count(),"
            " Client.objects.filter(contact_point=o).count(),"
            " Consultation.objects.filter(contact_point=o).count())")
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT,
                         env=env, check=True, capture_output=True, text=True)
    clients, consultations, office, office_consultations = out.stdout.split()[-4:]
    return (f"{int(clients):,} clients, {int(consultations):,} consultations; office: "
            f"{int(office):,} clients, {int(office_consultations):,} consultations"
            ).replace(",", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", help="database URL of the small generated database")
    parser.add_argument("--large", help="database URL of the large generated database")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--password", default="kmb-volume-2026",
                        help="password given to generate_volume (for the API token)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rounds, args.password)
        return
    if not (args.small and args.large):
        parser.error("--small and --large are required")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                   cwd=ROOT, env={**os.environ, "DATABASE_URL": args.small}, check=True)
    load_before = os.getloadavg()
    sizes = {"small": _size(args.small), "large": _size(args.large)}
    merged: dict[str, dict[str, dict]] = {"small": {}, "large": {}}
    for _ in range(args.passes):
        for size in ("small", "large"):
            url = args.small if size == "small" else args.large
            for label, row in _run(url, args.rounds, args.password).items():
                slot = merged[size].setdefault(label, {"times": [], "queries": row["queries"]})
                slot["times"] += row["times"]
    load_after = os.getloadavg()
    print(f"small: {sizes['small']}\nlarge: {sizes['large']}")
    print(f"{args.passes} passes × {args.rounds} requests per page and size; load average "
          f"before {load_before[0]:.2f}, after {load_after[0]:.2f} (2 cores, shared)\n")
    head = (f"{'page':<32}{'small p50':>10}{'p95':>8}{'q':>4}   {'large p50':>10}{'p95':>8}"
            f"{'q':>4}   {'ratio':>6}  verdict")
    print(head)
    print("-" * len(head))
    p95 = {}
    for label in merged["small"]:
        s, big = merged["small"][label], merged["large"][label]
        sp50, sp95 = percentile(s["times"], 0.5), percentile(s["times"], 0.95)
        lp50, lp95 = percentile(big["times"], 0.5), percentile(big["times"], 0.95)
        p95[label] = lp95
        ratio = lp95 / sp95 if sp95 else float("inf")
        ok = label.startswith("admin") or (lp95 <= TARGET_P95_MS and ratio <= TARGET_RATIO)
        print(f"{label:<32}{sp50:>10.1f}{sp95:>8.1f}{s['queries']:>4}   {lp50:>10.1f}"
              f"{lp95:>8.1f}{big['queries']:>4}   {ratio:>6.2f}  "
              f"{'ok' if ok else 'MISSED'}")
    search, admin = p95.get("client search: name"), p95.get("admin changelist search")
    if search and admin:
        print(f"\nClient search vs the admin changelist search over the same office "
              f"(large, p50): {percentile(merged['large']['admin changelist search']['times'], 0.5) / percentile(merged['large']['client search: name']['times'], 0.5):.1f}× faster "  # noqa: E501
              f"(target at least 10×)")


if __name__ == "__main__":
    main()
