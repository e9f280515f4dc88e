"""Open data: the files parse, the metadata is DCAT-AP-CZ, and no hidden cell can be
recomputed from what is published."""

from __future__ import annotations

import csv
import io
import json
import random
from collections import defaultdict
from datetime import timedelta

import pytest
from django.utils import timezone

from kmb.core.events import event_record
from kmb.stats.models import ScopeKind, StatsScope
from kmb.stats.rollup import refresh_dirty
from kmb.stats.suppression import COMPLEMENTARY, PRIMARY, suppress_group
from tests import factories


def _feasible_values(published: list, total, index: int, limit: int) -> set[int]:
    """Every value the hidden cell ``index`` can take, given the shown cells and total,
    knowing that "<5" means 1–4 and "x" means a value that is not 1–4 (brute force)."""
    if not isinstance(total, int):
        return set(range(limit + 1))
    hidden = [i for i, v in enumerate(published) if not isinstance(v, int)]
    rest = total - sum(v for v in published if isinstance(v, int))

    def domain(i):
        return range(1, 5) if published[i] == PRIMARY else [0, *range(5, rest + 1)]

    found = set()

    def walk(k, remaining, chosen):
        if k == len(hidden):
            if remaining == 0:
                found.add(chosen[index])
            return
        for v in domain(hidden[k]):
            if v <= remaining:
                walk(k + 1, remaining - v, {**chosen, hidden[k]: v})

    walk(0, rest, {})
    return found


@pytest.mark.parametrize("seed", range(40))
def test_no_suppressed_cell_can_be_recomputed(seed):
    rng = random.Random(seed)
    cells = [rng.choice([0, 1, 2, 3, 4, 5, 6, 7, rng.randint(0, 40)])
             for _ in range(rng.randint(1, 6))]
    total = sum(cells)
    published, shown_total = suppress_group(cells, total)
    for value, original in zip(published, cells, strict=True):
        if isinstance(value, int):
            assert value == original and not 0 < value < 5
    if isinstance(shown_total, int):
        assert shown_total == total and not 0 < total < 5
    for i, value in enumerate(published):
        if not isinstance(value, int):
            options = _feasible_values(published, shown_total, i, total)
            assert cells[i] in options
            assert len(options) > 1, (cells, published, i, options)


def test_a_single_small_cell_takes_a_partner_with_it():
    published, total = suppress_group([3, 10, 20], 33)
    assert published == [PRIMARY, COMPLEMENTARY, 20] and total == 33


@pytest.fixture
def public_scope(db, cp_a, cp_b):
    scope = StatsScope.objects.create(name="Celá republika", kind=ScopeKind.ALL, public=True)
    rng = random.Random(7)
    clients = [factories.ClientFactory(contact_point=cp_a) for _ in range(12)]
    last_month = timezone.now().replace(day=1) - timedelta(days=3)
    for client in clients:
        for _ in range(rng.randint(1, 3)):
            event_record(kind="consultation.recorded", contact_point=cp_a,
                         subject_id=client.uuid, occurred_at=last_month,
                         data={"channel": rng.choice(["phone", "in_person"]),
                               "anonymous": False, "ethos": rng.choice(["1", "6", "insecure"]),
                               "housing_at_risk": rng.random() < 0.3})
    event_record(kind="consultation.recorded", contact_point=cp_b, occurred_at=last_month,
                 data={"channel": "email", "anonymous": True})
    refresh_dirty()
    return scope


def test_open_data_files_parse_and_hide_small_cells(public_scope, anonymous):
    page = anonymous.get("/open-data/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Celá republika" in body and f"/open-data/{public_scope.uuid}.csv" in body
    response = anonymous.get(f"/open-data/{public_scope.uuid}.csv")
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and set(rows[0]) == {"mesic", "ukazatel", "kategorie", "hodnota"}
    groups = defaultdict(list)
    for row in rows:
        value = row["hodnota"]
        assert value in (PRIMARY, COMPLEMENTARY) or int(value) == 0 or int(value) >= 5
        groups[(row["mesic"], row["ukazatel"])].append(row)
    month = (timezone.now().replace(day=1) - timedelta(days=3)).strftime("%Y-%m")
    people = [r for r in rows if r["mesic"] == month and r["ukazatel"] == "Lidé, kterým "
              "bylo poraděno" or r["mesic"] == month and r["ukazatel"] == "People advised"]
    assert people and people[0]["hodnota"] == "12"
    anonymous_row = [r for r in rows if r["mesic"] == month and "nonym" in r["ukazatel"]]
    assert anonymous_row and anonymous_row[0]["hodnota"] == PRIMARY
    metadata = anonymous.get(f"/open-data/{public_scope.uuid}.json")
    data = json.loads(metadata.content)
    assert data["typ"] == "Datová sada" and data["@context"].startswith("https://ofn.gov.cz/")
    assert data["periodicita_aktualizace"].endswith("/frequency/MONTHLY")
    distribution = data["distribuce"][0]
    assert distribution["soubor_ke_stažení"].endswith(f"/open-data/{public_scope.uuid}.csv")
    assert distribution["podmínky_užití"]["osobní_údaje"].endswith("neobsahuje-osobní-údaje/")
    assert "Jiřina" not in text and "Nováková" not in text


def test_unknown_or_private_dataset_is_404(db, anonymous, cp_a):
    private = StatsScope.objects.create(name="Neveřejné", public=False)
    assert anonymous.get(f"/open-data/{private.uuid}.csv").status_code == 404
    assert anonymous.get("/open-data/00000000-0000-0000-0000-000000000000.json"
                         ).status_code == 404


def test_portal_footer_links_open_data(db, anonymous):
    for lang, label in (("cs", "Otevřená data"), ("en", "Open data"),
                        ("uk", "Відкриті дані")):
        anonymous.cookies["django_language"] = lang
        assert label in anonymous.get("/").content.decode()


def test_open_data_page_shows_the_last_month_with_fixed_queries(
        public_scope, anonymous, cp_a, django_assert_max_num_queries):
    """However many public data sets there are, the page sums only their last published
    month, with the same few queries for each."""
    month = (timezone.now().replace(day=1) - timedelta(days=3)).strftime("%Y-%m")
    for n in range(3):
        scope = StatsScope.objects.create(name=f"Veřejný {n}", public=True,
                                          kind=ScopeKind.ALL if n else ScopeKind.OFFICE)
        scope.contact_points.add(cp_a)
    with django_assert_max_num_queries(16):
        body = anonymous.get("/open-data/").content.decode()
    assert body.count(month) >= 4 and "Veřejný 2" in body


def test_outcomes_of_risks_are_published_once_final_and_suppressed(db, cp_a):
    """The outcome of the people at risk of a month is published once its 3-month
    follow-up is over, as cells adding up to the people at risk, small cells hidden."""
    from django.utils import translation

    from kmb.stats import opendata
    from kmb.stats.rollup import add_months

    scope = StatsScope.objects.create(name="Praha 7", kind=ScopeKind.OFFICE, public=True)
    scope.contact_points.add(cp_a)
    this_month = timezone.localdate().replace(day=1)
    old = add_months(this_month, -5)
    recent = add_months(this_month, -1)
    for month, count in ((old, 12), (recent, 6)):
        at = timezone.make_aware(timezone.datetime(month.year, month.month, 3, 10))
        for n in range(count):
            client = factories.ClientFactory(contact_point=cp_a)
            event_record(kind="consultation.recorded", contact_point=cp_a,
                         subject_id=client.uuid, occurred_at=at,
                         data={"channel": "phone", "anonymous": False,
                               "housing_at_risk": True, "ethos": "insecure"})
            if n < 9:  # 7 kept their home, 2 lost it, the others were not seen again
                event_record(kind="consultation.recorded", contact_point=cp_a,
                             subject_id=client.uuid, occurred_at=at + timedelta(days=40),
                             data={"channel": "phone", "anonymous": False,
                                   "ethos": "housed" if n < 7 else "1"})
    refresh_dirty()
    with translation.override("cs"):
        rows = list(opendata.rows(opendata.dataset_for(scope.uuid)))
    group = "Lidé ohrožení ztrátou bydlení podle výsledku po 3 měsících"
    published = {(r[0], r[2]): r[3] for r in rows
                 if r[1] == group and r[0] in (f"{old:%Y-%m}", f"{recent:%Y-%m}")}
    assert published == {(f"{old:%Y-%m}", "ztráta bydlení odvrácena"): 7,
                         (f"{old:%Y-%m}", "o bydlení přišli"): PRIMARY,
                         (f"{old:%Y-%m}", "výsledek není známý"): PRIMARY}
    totals = {r[0]: r[3] for r in rows if r[1] == "Lidé ohrožení ztrátou bydlení"}
    assert totals[f"{old:%Y-%m}"] == 12 and totals[f"{recent:%Y-%m}"] == 6
    # 7 shown of 12: the hidden 2 and 3 can be 1+4, 2+3, 3+2 or 4+1
    options = _feasible_values([7, PRIMARY, PRIMARY], 12, 1, 12)
    assert len(options) > 1
