"""Personas of the register: the register officer of contact points A and B."""

from __future__ import annotations

import pytest

from kmb.core.permissions import Role
from tests import factories
from tests.conftest import _logged_in


@pytest.fixture
def officer_a(cp_a):
    user = factories.staff("referent.a", Role.REGISTER_OFFICER, cp_a)
    user.first_name, user.last_name = "Radka", "Řádná"
    user.save()
    return user


@pytest.fixture
def officer_b(cp_b):
    return factories.staff("referent.b", Role.REGISTER_OFFICER, cp_b)


@pytest.fixture
def web_officer_a(officer_a):
    return _logged_in(officer_a)


@pytest.fixture
def web_officer_b(officer_b):
    return _logged_in(officer_b)


def membership(user):
    from kmb.accounts.models import Membership

    return Membership.objects.select_related("contact_point").get(user=user)
