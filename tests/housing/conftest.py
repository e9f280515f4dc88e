"""Fixtures of the housing tests: media in a temporary folder, the owners' topics and the
dated parameters (transactional tests flush data migrations), and a ready office."""

from __future__ import annotations

import importlib

import pytest


def ensure_housing_data() -> None:
    from django.apps import apps

    from kmb.housing.models import OwnerTopic

    if not OwnerTopic.objects.exists():
        importlib.import_module("kmb.housing.migrations.0002_owner_topics_and_max_rent").load(
            apps, None)
    from tests.benefits.conftest import ensure_parameters

    ensure_parameters()


@pytest.fixture(autouse=True)
def _housing_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _housing_data(request):
    names = set(request.fixturenames)
    if not (names & {"db", "transactional_db", "live_server"}
            or request.node.get_closest_marker("django_db")):
        return
    ensure_housing_data()
