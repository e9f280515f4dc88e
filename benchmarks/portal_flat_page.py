"""Benchmark: the public page of a municipal flat on offer, server time per request.

Run from the repository root against a database of its own, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kmb_bench \\
        .venv/bin/python benchmarks/portal_flat_page.py [--requests 300] [--offers 200]

It migrates that database, loads the municipalities if it has none, and fills one
synthetic contact point (seeded rows made through the services: a social programme with
published rules, municipal flats on offer with six photos each, registered applications),
then sends ``--requests`` GET requests for one flat
page through Django's full request handling (middleware, session, templates), once as an
anonymous resident and once as a signed-in registered applicant whose household fits, and
reports the median and 95th percentile of the server time (target: p95 at most 50 ms) and
the page size before photos. Everything runs in one transaction that is rolled back at
the end, so nothing stays behind (the photo files are written only on commit, so none are
written; the page itself never reads them).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from kmb.accounts.models import ContactPoint, User  # noqa: E402
from kmb.cases.models import HousingSituation  # noqa: E402
from kmb.core.models import Municipality  # noqa: E402
from kmb.housing import services as housing  # noqa: E402
from kmb.lettings import examples, services  # noqa: E402
from kmb.lettings.applicant import SESSION_AT, SESSION_KEY  # noqa: E402
from kmb.lettings.models import ApplicationDocument, FitRule, Programme, ProgrammeKind  # noqa: E402

NAME = "Benchmark contact point (portal flat page)"


def _photo(n: int) -> bytes:
    image = Image.new("RGB", (1600, 1200), (235, 230, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((100 + 10 * n, 100, 1500, 1100), outline=(40, 40, 40), width=12)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def fill(n_offers: int, n_applications: int):
    municipality = Municipality.objects.filter(code="554782").first() or \
        Municipality.objects.order_by("code").first()
    office = ContactPoint.objects.create(name=NAME, municipality=municipality)
    actor, _new = User.objects.get_or_create(username="bench.portal")
    programme = Programme.objects.create(
        contact_point=office, municipality=municipality, kind=ProgrammeKind.SOCIAL,
        name="Sociální byty (benchmark)", target_group="Domácnosti v bytové nouzi.",
        max_income_per_person=25000)
    for rooms, (low, high) in examples.STANDARD_FIT.items():
        FitRule.objects.create(programme=programme, rooms=rooms, min_persons=low,
                               max_persons=high)
    services.rules_publish(programme=programme, actor=None, criteria=examples.SOCIAL_CRITERIA,
                           exclusions=examples.STANDARD_EXCLUSIONS,
                           valid_from=date(2026, 1, 1), rescore=False)
    owner = housing.landlord_create(contact_point=office, actor=actor,
                                    data={"kind": "municipality", "name": "Obec (benchmark)"})
    photos = [_photo(n) for n in range(6)]
    offers = []
    for i in range(n_offers):
        flat = housing.flat_create(contact_point=office, landlord=owner, actor=actor, data={
            "municipality": municipality, "street": "Benchmarková", "house_number": str(i + 1),
            "flat_number": "1", "floor": i % 5, "lift": True, "area_m2": Decimal("56"),
            "layout": "2+1", "rent": 7800, "service_advances": 2400, "energy_estimate": 1400,
            "deposit": 15600, "available_from": date.today()})
        services.programme_flat_set(flat=flat, programme=programme, actor=actor)
        if i == 0:  # the page measured has six photos; the others one
            for n, data in enumerate(photos):
                housing.photo_add(flat=flat, actor=actor, caption=f"Pokoj {n + 1}",
                                  upload=SimpleUploadedFile("p.png", data))
        offer = services.offer_create(flat=flat, actor=actor)
        offers.append(services.offer_publish(offer=offer, actor=actor))
    situation = HousingSituation.objects.filter(code="family_friends").first()
    first = None
    for i in range(n_applications):
        app = services.application_create(
            programme=programme, actor=actor, data={
                "first_name": f"B{i}", "last_name": "Bench", "birth_date": date(1990, 1, 1),
                "email": f"b{i}@example.invalid", "housing_situation": situation,
                "housing_cost": 9000, "residence_years": 4, "language": "cs"},
            members=[{"first_name": f"B{i}", "last_name": "Bench",
                      "birth_date": date(1990, 1, 1), "relationship": "applicant",
                      "income": 18000, "disability": False},
                     {"first_name": "Dítě", "last_name": "Bench",
                      "birth_date": date(2019, 1, 1), "relationship": "child", "income": 0}])
        for kind in services.document_checklist(app):
            ApplicationDocument.objects.create(application=app, kind=kind,
                                               seen_at_office=True)
        services.application_register(application=app, actor=actor)
        first = first or app
    return office, offers[0], first


def measure(client: Client, url: str, n: int) -> list[float]:
    client.get(url)  # warm: templates, translations
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times


def _line(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    return f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--offers", type=int, default=200)
    parser.add_argument("--applications", type=int, default=300)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # static file names as in development (no collected manifest needed for the run)
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    call_command("migrate", verbosity=0)
    from kmb.core.models import Municipality

    if not Municipality.objects.exists():
        call_command("load_municipalities", verbosity=0)
    print(f"Load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")
    print(f"Database: {connection.vendor}. Filling {args.offers} offers and "
          f"{args.applications} registered applications…")
    with transaction.atomic():
        run(args)
        transaction.set_rollback(True)


def run(args) -> None:
    _office, offer, application = fill(args.offers, args.applications)
    url = reverse("portal:lettings_offer", kwargs={"offer_id": offer.uuid})
    anonymous = Client()
    with CaptureQueriesContext(connection) as queries:
        size = len(anonymous.get(url).content)
    print(f"Page size before photos: {size / 1024:.1f} KB; queries: {len(queries)}.")
    print(f"Anonymous resident: {_line(measure(anonymous, url, args.requests))}")
    applicant = Client()
    session = applicant.session
    session[SESSION_KEY] = str(application.uuid)
    session[SESSION_AT] = int(time.time())
    session.save()
    with CaptureQueriesContext(connection) as queries:
        applicant.get(url)
    print(f"Signed-in applicant ({len(queries)} queries): "
          f"{_line(measure(applicant, url, args.requests))}")


if __name__ == "__main__":
    main()
