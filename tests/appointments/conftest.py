from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The portal's request limit counts in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()
