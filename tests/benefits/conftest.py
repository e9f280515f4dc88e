"""Fixtures of the benefits tests: our dated parameters and a household in form fields."""

from __future__ import annotations

import importlib

import pytest


def ensure_parameters() -> None:
    """The dated parameters come from a data migration; transactional tests flush them."""
    from django.apps import apps

    from kmb.core.models import DatedParameter

    if not DatedParameter.objects.filter(key="dssp.asset_limits").exists():
        importlib.import_module("kmb.benefits.migrations.0002_dated_parameters").seed(apps, None)
        importlib.import_module(
            "kmb.benefits.migrations.0003_parameter_sources_and_mop_caps").forward(apps, None)


@pytest.fixture(autouse=True)
def _benefit_parameters(request):
    names = set(request.fixturenames)
    if not (names & {"db", "transactional_db", "live_server"}
            or request.node.get_closest_marker("django_db")):
        return
    ensure_parameters()
