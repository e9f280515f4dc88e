"""Fixtures of the municipal flats tests: media in a temporary folder, the housing data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _lettings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _lettings_data(request):
    names = set(request.fixturenames)
    if not (names & {"db", "transactional_db", "live_server"}
            or request.node.get_closest_marker("django_db")):
        return
    from tests.housing.conftest import ensure_housing_data

    ensure_housing_data()
