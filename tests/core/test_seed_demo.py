"""Demo data: the logins a demo needs, a second run, and a database with other data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client as HttpClient
from django.urls import reverse

from kmb.accounts.models import ContactPoint, Membership, ServiceArea, User
from kmb.audit.models import AuditEntry
from kmb.cases import selectors
from kmb.cases.models import Client, Consent, Consultation, HouseholdMember, Task
from kmb.core.models import (
    CityDistrict,
    DatedParameter,
    District,
    DomainEvent,
    Municipality,
    MunicipalityPart,
    OrpDistrict,
    PouDistrict,
    Region,
)

pytestmark = pytest.mark.django_db

REQUIRED_LOGINS = {
    "poradce.praha7": ("adviser", "KMB Praha 7"),
    "vedouci.praha7": ("lead", "KMB Praha 7"),
    "bytovy.praha7": ("housing_officer", "KMB Praha 7"),
    "poradce.brno-stred": ("adviser", "KMB Brno-střed"),
    "analytik.praha": ("analyst", "KMB Magistrát hl. m. Prahy"),
    "admin": ("administrator", None),
}
COUNTED = (User, Membership, ContactPoint, ServiceArea, Client, HouseholdMember, Consent,
           Consultation, Task, AuditEntry, DomainEvent, DatedParameter)


@pytest.fixture(scope="module")
def municipalities(django_db_setup, django_db_blocker):
    """The RÚIAN municipalities, loaded once for this module and removed afterwards."""
    with django_db_blocker.unblock():
        loaded_here = not Municipality.objects.exists()
        if loaded_here:
            call_command("load_municipalities", stdout=StringIO())
    yield
    if loaded_here:
        with django_db_blocker.unblock():
            # a plain DELETE: nothing refers to these rows once the tests rolled back, and
            # the cascade walk would touch every table that refers to a municipality
            through = MunicipalityPart.city_districts.through
            for model in (through, MunicipalityPart, CityDistrict, Municipality, PouDistrict,
                          OrpDistrict, District, Region):
                model.objects.all()._raw_delete(model.objects.db)


def _seed(clients: int = 20) -> str:
    out = StringIO()
    call_command("seed_demo", clients=clients, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _logs_in(username: str) -> bool:
    http = HttpClient()
    http.post(reverse("accounts:login"),
              {"username": username, "password": settings.KMB_DEMO_PASSWORD})
    return http.session.get("_auth_user_id") == str(User.objects.get(username=username).pk)


def test_demo_logins_have_their_roles_and_the_demo_password(municipalities):
    output = _seed()
    for username, (role, contact_point) in REQUIRED_LOGINS.items():
        user = User.objects.get(username=username)
        membership = Membership.objects.get(user=user, role=role)
        assert (membership.contact_point.name if membership.contact_point else None) \
            == contact_point
        assert user.preferred_language == "cs" and user.email.endswith("@example.cz")
        assert _logs_in(username), username
        assert username in output
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    # every contact point has an adviser and a lead
    for cp in ContactPoint.objects.all():
        roles = set(Membership.objects.filter(contact_point=cp).values_list("role", flat=True))
        assert {"adviser", "lead"} <= roles, cp.name


def test_demo_data_show_on_the_dashboards(municipalities):
    _seed()
    praha7 = ContactPoint.objects.get(name="KMB Praha 7")
    area = ServiceArea.objects.get(contact_point=praha7)
    assert (area.municipality.name, area.city_district_name) == ("Praha", "Praha 7")
    assert area.city_district_code
    assert praha7.address and praha7.opening_hours and praha7.phone and praha7.email
    assert selectors.dashboard_clients_at_risk(contact_point=praha7)
    assert selectors.dashboard_tasks(contact_point=praha7)
    assert Consultation.objects.filter(contact_point=praha7, client__isnull=True).exists()


def test_a_demo_contact_point_serves_a_whole_orp_district(municipalities):
    """As government regulation 418/2025 Sb. assigns them: Moravská Třebová serves its
    ORP district, villages included that no area names one by one."""
    from kmb.accounts.selectors import contact_point_for_municipality

    _seed()
    office = ContactPoint.objects.get(name="KMB Moravská Třebová")
    area = ServiceArea.objects.select_related("orp").get(contact_point=office)
    assert (area.orp.code, area.orp.name, area.municipality) == ("5308", "Moravská Třebová",
                                                                 None)
    for name in ("Moravská Třebová", "Linhartice", "Jevíčko"):
        village = Municipality.objects.get(name=name, district__name="Svitavy")
        assert contact_point_for_municipality(municipality=village) == office
    # an office named for single municipalities is unchanged
    assert ServiceArea.objects.filter(contact_point__name="KMB Most", orp__isnull=True,
                                      municipality__isnull=False).count() == 4


def test_demo_contact_points_have_their_real_seats_and_sample_contacts(municipalities):
    _seed()
    city_hall = ContactPoint.objects.get(name="KMB Magistrát hl. m. Prahy")
    assert city_hall.address == "Škodův palác, Jungmannova 35/29, 110 00 Praha 1"
    assert city_hall.opening_hours == "Po, Út, St po objednání"
    assert ContactPoint.objects.get(name="KMB Liberec").address.startswith(
        "Centrum bydlení Liberec")
    assert not ContactPoint.objects.filter(sample_contact_details=False).exists()
    from django.test import Client as HttpClient

    page = HttpClient().get("/contact-points/?q=Praha", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    # the hours as data (the city hall receives by appointment only, Monday to Wednesday)
    assert "Škodův palác" in text
    assert "Wednesday</span> 8:00–12:00 (by appointment only)" in text
    assert "sample data" in text and "not the office's real ones" in text.replace("&#x27;", "'")


def test_a_second_run_changes_nothing(municipalities):
    _seed()
    before = _counts()
    output = _seed()
    assert "nothing changed" in output
    assert _counts() == before


def test_a_database_with_other_users_is_refused(municipalities):
    User.objects.create_user("jnovakova", password="Jine-Heslo-2026")
    with pytest.raises(CommandError, match="not demo data"):
        _seed(5)
    assert not ContactPoint.objects.exists()
    assert not Client.objects.exists()


def test_demo_housing_supply(municipalities):
    from kmb.housing.models import Flat, FlatPhoto, FollowUp, Landlord, Proposal

    _seed()
    assert Flat.objects.count() >= 36 and FlatPhoto.objects.count() == Flat.objects.count()
    assert Landlord.objects.filter(kind="svj").exists()
    states = set(Proposal.objects.values_list("status", flat=True))
    assert {"proposed", "viewing", "owner_accepted", "owner_declined", "client_accepted",
            "client_declined", "leased", "withdrawn"} <= states
    assert FollowUp.objects.filter(outcome="").exists()  # some follow-ups are due
    from kmb.housing.models import OwnerAccount

    assert OwnerAccount.objects.get(user__username="vlastnik.most").landlord.kind == "svj"
