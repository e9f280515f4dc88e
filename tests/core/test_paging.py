"""Long lists are counted only a few pages ahead; short ones exactly."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kmb.core.models import DatedParameter
from kmb.core.paging import LookaheadPaginator


def test_long_list_is_counted_ten_pages_ahead():
    page = LookaheadPaginator(list(range(1000)), 10).get_page(1)
    assert page.paginator.count == 110
    assert page.paginator.more
    assert page.paginator.num_pages == 11
    assert page.has_next() and list(page.object_list) == list(range(10))


def test_near_the_end_the_count_is_exact():
    page = LookaheadPaginator(list(range(1000)), 10).get_page(95)
    assert page.paginator.count == 1000
    assert not page.paginator.more
    assert page.paginator.num_pages == 100
    assert list(page.object_list)[0] == 940


@pytest.mark.parametrize("number", ["x", None, "-3", "0"])
def test_odd_page_numbers_fall_back(number):
    page = LookaheadPaginator(list(range(30)), 10).get_page(number)
    assert page.number in (1, 3)


@pytest.mark.django_db
def test_queryset_count_stops_at_the_lookahead():
    DatedParameter.objects.bulk_create([
        DatedParameter(key=f"k{i}", value=i, valid_from="2026-01-01") for i in range(60)])
    qs = DatedParameter.objects.filter(key__startswith="k").order_by("key")
    with CaptureQueriesContext(connection) as ctx:
        page = LookaheadPaginator(qs, 5, lookahead=2).get_page(2)
        list(page.object_list)
    assert page.paginator.count == 20 and page.paginator.more
    count_sql = ctx.captured_queries[0]["sql"].upper()
    assert "COUNT" in count_sql and "LIMIT 21" in count_sql
