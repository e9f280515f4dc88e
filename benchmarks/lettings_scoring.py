"""Benchmark: scoring 20 000 applications for municipal flats after a rule change, and the
server time of the waiting list page, an offer's staff page and an open offer's public
data, on the configured database (PostgreSQL for the figures).

Run from the repository root against a database of its own, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kmb_bench_lettings \\
        .venv/bin/python benchmarks/lettings_scoring.py [--applications 20000]

It migrates that database, fills one synthetic contact point (seeded, so every run is the
same; applications and household members are bulk-inserted), publishes a new version of
the rules and times the scoring run exactly as the background worker runs it (targets:
20 000 applications ≤ 10 s; every changed score gets its history row and audit entry).
Then it requests pages through Django's test client with a signed-in housing officer
and reports p50/p95 and the number of queries of each. The synthetic rows are removed
(the append-only audit entries and events stay, with the office, in that database).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kmb.accounts.models import ContactPoint, Membership, User  # noqa: E402
from kmb.cases.models import HousingSituation  # noqa: E402
from kmb.core.models import District, Municipality, Region  # noqa: E402
from kmb.core.permissions import Role  # noqa: E402
from kmb.housing import services as housing_services  # noqa: E402
from kmb.housing.models import Flat, FlatPhoto, FlatStatusChange, Landlord  # noqa: E402
from kmb.lettings import examples, selectors, services  # noqa: E402
from kmb.lettings.models import (  # noqa: E402
    Application,
    ApplicationMember,
    ApplicationStatus,
    FitRule,
    Programme,
)

NAME = "Benchmark contact point (municipal flats)"
USER = "bench.lettings"


def fill(n: int) -> tuple[ContactPoint, Programme, User]:
    region, _ = Region.objects.get_or_create(code="L0", defaults={"name": "Bench"})
    district, _ = District.objects.get_or_create(code="L1", defaults={"name": "Bench okres",
                                                                       "region": region})
    municipality, _ = Municipality.objects.get_or_create(
        code="L0001", defaults={"name": "Bench město", "district": district})
    office, _ = ContactPoint.objects.get_or_create(name=NAME, municipality=municipality)
    user, _ = User.objects.get_or_create(username=USER)
    Membership.objects.get_or_create(user=user, contact_point=office,
                                     role=Role.HOUSING_OFFICER)
    programme = Programme.objects.create(contact_point=office, municipality=municipality,
                                         name="Sociální byty (benchmark)")
    for rooms, (low, high) in examples.STANDARD_FIT.items():
        FitRule.objects.create(programme=programme, rooms=rooms, min_persons=low,
                               max_persons=high)
    services.rules_publish(programme=programme, actor=user, criteria=examples.SOCIAL_CRITERIA,
                           exclusions=examples.STANDARD_EXCLUSIONS,
                           valid_from=date(2026, 1, 1), rescore=False)
    rules = selectors.rules_in_force(programme=programme)
    rng = random.Random(14)
    situations = list(HousingSituation.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    batch = 2000
    for start in range(0, n, batch):
        apps = [Application(
            contact_point=office, programme=programme, number=f"B-{start + i:06d}",
            status=ApplicationStatus.REGISTERED, first_name="Bench", last_name=f"{start + i}",
            birth_date=date(1960 + rng.randint(0, 40), 1 + rng.randint(0, 11), 1),
            housing_situation_id=rng.choice(situations), housing_cost=rng.randint(0, 15000),
            residence_years=rng.randint(0, 15), work_years=rng.randint(0, 10),
            registered_on=today - timedelta(days=rng.randint(0, 900)),
            registration_expires_on=today + timedelta(days=rng.randint(1, 365)),
            barrier_free_needed=rng.random() < 0.08, owns_home=rng.random() < 0.02,
            rule_set=rules, score=rng.randint(0, 60))
            for i in range(min(batch, n - start))]
        Application.objects.bulk_create(apps, batch_size=1000)
        members = []
        for app in Application.objects.filter(contact_point=office, number__gte=f"B-{start:06d}",
                                              number__lt=f"B-{start + batch:06d}"):
            size = rng.choice((1, 1, 2, 2, 3, 3, 4, 5))
            for k in range(size):
                members.append(ApplicationMember(
                    application=app, first_name="M", last_name=str(k),
                    birth_date=date(2010 + k, 1, 1) if k >= 2 else app.birth_date,
                    relationship="applicant" if k == 0 else ("partner" if k == 1 else "child"),
                    income=rng.choice((0, 8000, 14000, 21000)) if k < 2 else 0))
        ApplicationMember.objects.bulk_create(members, batch_size=2000)
        from django.db.models import Count, OuterRef, Subquery

        sizes = (ApplicationMember.objects.filter(application=OuterRef("pk"))
                 .values("application").annotate(n=Count("pk")).values("n"))
        Application.objects.filter(contact_point=office, persons=1).update(
            persons=Subquery(sizes))
    return office, programme, user


def clean() -> None:
    office = ContactPoint.objects.filter(name=NAME).first()
    if office is None:
        return
    with transaction.atomic():
        from kmb.lettings.models import Interest, Offer, ProgrammeFlat, RuleSet, ScoringRun

        Interest.objects.filter(offer__contact_point=office).delete()
        Offer.objects.filter(contact_point=office).delete()
        ProgrammeFlat.objects.filter(programme__contact_point=office).delete()
        ScoringRun.objects.filter(contact_point=office).delete()
        apps = Application.objects.filter(contact_point=office)
        from kmb.lettings.models import ScoreRecord, StatusChange

        ScoreRecord.objects.filter(application__in=apps).delete()
        StatusChange.objects.filter(application__in=apps).delete()
        ApplicationMember.objects.filter(application__in=apps).delete()
        apps.delete()
        apps.update(rule_set=None)
        RuleSet.objects.filter(programme__contact_point=office).delete()
        Programme.objects.filter(contact_point=office).delete()
        FlatPhoto.objects.filter(flat__contact_point=office).delete()
        FlatStatusChange.objects.filter(flat__contact_point=office).delete()
        Flat.objects.filter(contact_point=office).delete()
        Landlord.objects.filter(contact_point=office).delete()
        # the audit trail and the domain events are append-only: the office and its user
        # stay in the benchmark's own database and are reused by the next run


def timed_get(client: HttpClient, url: str, repeat: int) -> tuple[list[float], int]:
    times = []
    queries = 0
    for i in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries) if i == 0 else queries
    return times, queries


def line(label: str, times: list[float], queries: int | None = None) -> None:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    extra = f", {queries} queries" if queries is not None else ""
    print(f"  {label:<46} p50 {statistics.median(times):6.1f} ms, p95 {p95:6.1f} ms{extra}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1", "testserver"]
    # pages render without collected static files (no manifest needed)
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    call_command("migrate", verbosity=0)
    clean()
    print(f"Database: {connection.vendor}; {args.applications} applications")
    started = time.perf_counter()
    office, programme, user = fill(args.applications)
    print(f"  filled in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does after a bulk load
            cursor.execute("ANALYZE")
    try:
        criteria = [dict(c) for c in examples.SOCIAL_CRITERIA]
        criteria[1] = {"code": "children", "scheme": "per_unit", "points": 6, "max": 18}
        services.rules_publish(programme=programme, actor=user, criteria=criteria,
                               exclusions=examples.STANDARD_EXCLUSIONS,
                               valid_from=timezone.localdate(), rescore=False)
        run = services.scoring_run_start(programme=programme, actor=user,
                                         reason="benchmark rules v2")
        started = time.perf_counter()
        cpu = time.process_time()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        run = services.scoring_run_execute(run_id=str(run.uuid))
        elapsed = time.perf_counter() - started
        if args.profile:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        print(f"  scoring run: {run.done} applications, {run.changed} scores changed, "
              f"{elapsed:.2f} s wall, {time.process_time() - cpu:.2f} s CPU of this process")
        owner = housing_services.landlord_create(contact_point=office, actor=user, data={
            "kind": "municipality", "name": "Bench město"})
        flat = housing_services.flat_create(contact_point=office, landlord=owner, actor=user,
                                            data={"municipality": office.municipality,
                                                  "house_number": "1", "area_m2": 56,
                                                  "layout": "2+1", "rent": 8000})
        services.programme_flat_set(flat=flat, programme=programme, actor=user)
        offer = services.offer_create(flat=flat, actor=user)
        services.offer_publish(offer=offer, actor=user)
        for app in selectors.waiting_list(programme=programme, rooms=2,
                                          barrier_free=False)[:40]:
            services.interest_express(application=app, offer=offer)
        client = HttpClient()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        from django.urls import reverse

        times, queries = timed_get(client, reverse("lettings:waiting_list",
                                                   args=[programme.uuid]), args.repeat)
        line("waiting list page (20 000 registered)", times, queries)
        times, queries = timed_get(client, reverse("lettings:waiting_list",
                                                   args=[programme.uuid]) + "?rooms=2&page=40",
                                   args.repeat)
        line("waiting list, 2 rooms, page 40", times, queries)
        times, queries = timed_get(client, reverse("lettings:offer_detail", args=[offer.uuid]),
                                   args.repeat)
        line("offer page (40 interested, ranked)", times, queries)
        times = []
        for _ in range(args.repeat * 5):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                found = selectors.public_offer_get(offer.uuid)
                list(found.flat.photos.all())
                selectors.rules_plain(programme=found.programme)
                times.append((time.perf_counter() - started) * 1000)
        line("public offer data (offer, flat, photos, rules)", times, len(ctx.captured_queries))
    finally:
        clean()


if __name__ == "__main__":
    main()
