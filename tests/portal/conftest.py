from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.portal.places import make_places


@pytest.fixture(autouse=True)
def _empty_cache():
    """The request limit counts in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def places(db):
    return make_places()
