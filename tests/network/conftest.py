from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.network.factories import ensure_taxonomies


@pytest.fixture(autouse=True)
def _network_seed(request):
    """Rate-limit counters live in the cache: every test starts with none. The seeded
    taxonomies are restored after transactional tests flushed them."""
    cache.clear()
    names = set(request.fixturenames)
    if "db" in names or "transactional_db" in names or \
            request.node.get_closest_marker("django_db"):
        request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
        ensure_taxonomies()
    yield
    cache.clear()
