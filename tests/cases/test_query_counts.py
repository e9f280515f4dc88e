"""List pages cost the same number of queries whatever the number of rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kmb.cases.models import Topic
from tests import factories

pytestmark = pytest.mark.django_db


def _queries(http, url, data=None) -> int:
    send = http.post if data else http.get
    http.get(url)  # the first request of a session computes per-session flags
    with CaptureQueriesContext(connection) as ctx:
        assert send(url, data).status_code == 200
    return len(ctx.captured_queries)


def _add_clients(cp, adviser, n):
    topics = list(Topic.objects.all()[:2])
    for i in range(n):
        client = factories.ClientFactory(
            contact_point=cp, last_name=f"Novák{i}", key_worker=adviser,
            housing_loss_date=timezone.localdate() + timedelta(days=i % 20))
        c = factories.ConsultationFactory(client=client, adviser=adviser)
        c.topics.set(topics)
        factories.TaskFactory(client=client, created_by=adviser, assignee=adviser,
                              due_date=timezone.localdate() + timedelta(days=i % 10))


@pytest.mark.parametrize("url_name", ["cases:client_list", "cases:dashboard",
                                      "cases:task_list", "cases:consultation_list"])
def test_list_pages_fixed_queries(url_name, web_lead_a, cp_a, lead_a):
    url = reverse(url_name)
    search = {"q": "novak"} if url_name == "cases:client_list" else None
    _add_clients(cp_a, lead_a, 3)
    few = _queries(web_lead_a, url, search)
    _add_clients(cp_a, lead_a, 20)
    many = _queries(web_lead_a, url, search)
    assert few == many


def test_timeline_fixed_queries(web_adviser_a, cp_a, adviser_a, client_a):
    topics = list(Topic.objects.all()[:3])
    url = reverse("cases:client_detail", args=[client_a.uuid])

    def grow(n):
        for _ in range(n):
            factories.ConsultationFactory(client=client_a, adviser=adviser_a).topics.set(topics)
            factories.TaskFactory(client=client_a, created_by=adviser_a, assignee=adviser_a)

    grow(2)
    few = _queries(web_adviser_a, url)
    grow(25)
    many = _queries(web_adviser_a, url)
    assert few == many
