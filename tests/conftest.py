"""Personas and shared fixtures.

Contact point A is Praha 7, B is Brno-střed. Personas: an adviser and a lead of A, an
adviser of B, a housing officer and an analyst of A, and an anonymous visitor.
"""

from __future__ import annotations

import importlib
import socket

import pytest
from django.test import Client as HttpClient

from kmb.core.permissions import Role
from tests import factories


def _ensure_code_lists() -> None:
    from kmb.cases.models import Topic

    if Topic.objects.exists():
        return
    from django.apps import apps

    from kmb.cases.codelists import code_lists_load

    code_lists_load(apps)
    importlib.import_module("kmb.accounts.migrations.0003_role_policies").load(apps, None)
    importlib.import_module("kmb.cases.migrations.0007_sensitive_topics_and_situations").load(
        apps, None)


@pytest.fixture(autouse=True)
def _no_daily_jobs(settings):
    """The worker's heartbeat queues the daily jobs that are due at the time of day the test
    happens to run (a digest, reminders); tests that are about daily jobs switch them on
    for their own worker processes (tests/core/test_several_servers.py)."""
    settings.KMB_DAILY_JOBS = {}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Short-lived cached aggregates (dashboard counters) never leak from test to test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _code_lists(request):
    """Code lists come from a data migration; transactional tests flush them, so restore."""
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_server"}:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    _ensure_code_lists()


@pytest.fixture
def cp_a(db):
    return factories.ContactPointFactory(name="KMB Praha 7",
                                         municipality=factories.municipality("554782"))


@pytest.fixture
def cp_b(db):
    return factories.ContactPointFactory(name="KMB Brno-střed",
                                         municipality=factories.municipality("582786"))


@pytest.fixture
def adviser_a(cp_a):
    return factories.staff("poradce.a", Role.ADVISER, cp_a)


@pytest.fixture
def lead_a(cp_a):
    return factories.staff("vedouci.a", Role.LEAD, cp_a)


@pytest.fixture
def housing_officer_a(cp_a):
    return factories.staff("bytovy.a", Role.HOUSING_OFFICER, cp_a)


@pytest.fixture
def analyst_a(cp_a):
    return factories.staff("analytik.a", Role.ANALYST, cp_a)


@pytest.fixture
def adviser_b(cp_b):
    return factories.staff("poradce.b", Role.ADVISER, cp_b)


def _logged_in(user) -> HttpClient:
    client = HttpClient()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def web_adviser_a(adviser_a):
    return _logged_in(adviser_a)


@pytest.fixture
def web_lead_a(lead_a):
    return _logged_in(lead_a)


@pytest.fixture
def web_adviser_b(adviser_b):
    return _logged_in(adviser_b)


@pytest.fixture
def anonymous():
    return HttpClient()


@pytest.fixture
def client_a(cp_a, adviser_a):
    return factories.ClientFactory(contact_point=cp_a, first_name="Jiřina",
                                   last_name="Nováková", key_worker=adviser_a)


class _Inbox:
    """Messages received by the local SMTP server, parsed."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost; Django's SMTP backend delivers to it."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    try:
        yield inbox
    finally:
        controller.stop()


def run_background_tasks() -> None:
    """Run what the background worker would run, with the real worker command.

    The worker closes database connections between tasks as it does in production, so a
    test that calls this must use ``@pytest.mark.django_db(transaction=True)``.
    """
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
