"""An application for entry in the register filed by the person on the public portal."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from kmb.audit.models import AuditEntry
from kmb.cases.models import Client as CaseClient
from kmb.core.permissions import Role
from kmb.register.models import Channel, Procedure, State
from tests import factories
from tests.conftest import run_background_tasks
from tests.portal.places import PRAHA, PRAHA_7, make_places

URL = "/register/apply/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _post(office, **changes) -> dict:
    data = {"contact_point": str(office.uuid), "municipality": PRAHA, "district": PRAHA_7,
            "path": "need", "first_name": "Olena", "last_name": "Kovalenko",
            "birth_date": "1988-05-14", "street": "Dukelských hrdinů 12",
            "postal_code": "17000", "phone": "", "email": "olena@example.org",
            "persons": "3", "situation": "Bydlíme na ubytovně, smlouva končí v březnu.",
            "tie_kind": "living", "tie_evidence": "nájemní smlouva od 2022",
            "declaration": "on", "website": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db(transaction=True)
def test_application_is_filed_confirmed_by_mail_and_on_the_officers_dashboard(smtp_server):
    places = make_places()
    browser = Client(HTTP_ACCEPT_LANGUAGE="uk")
    chooser = browser.get(URL).content.decode()
    assert "§ 37" in chooser and "175/2025" in chooser  # the conditions and legal basis
    form = browser.get(URL, {"municipality": PRAHA, "district": PRAHA_7})
    assert form.status_code == 200 and "KMB Praha 7" in form.content.decode()
    assert "<script" not in form.content.decode()
    response = browser.post(URL, _post(places.praha_7))
    assert response.status_code == 302
    location = unquote(response["Location"])
    assert "Olena" not in location and "olena@example.org" not in location
    assert "mail=1" in location
    procedure = Procedure.objects.get()
    assert procedure.contact_point == places.praha_7
    assert (procedure.channel, procedure.state, procedure.filed_on) == (
        Channel.PORTAL, State.FILED, timezone.localdate())
    assert procedure.prepared_by is None and procedure.tie_kind == "living"
    assert procedure.next_due is not None  # the decision deadline runs from the filing
    applicant = procedure.client
    assert (applicant.first_name, applicant.last_name, applicant.preferred_language,
            applicant.municipality.code, applicant.postal_code) == (
        "Olena", "Kovalenko", "uk", PRAHA, "170 00")
    step = procedure.steps.get()
    assert step.actor is None and "ubytovně" in step.note and step.data["persons"] == 3
    assert AuditEntry.objects.filter(object_id=str(procedure.uuid),
                                     actor_label="public portal").exists()
    sent = browser.get(response["Location"]).content.decode()
    assert timezone.localdate().strftime("%-d. %-m. %Y") in sent
    run_background_tasks()
    [message] = smtp_server.messages
    assert message["To"] == "olena@example.org" and "KMB Praha 7" in message["Subject"]
    plain = message.get_body(("plain",)).get_content()
    assert "Вашу заяву подано" in plain and "ubytovně" not in plain
    # the register officer of Praha 7 sees it on the dashboard and opens it; another
    # office's officer sees neither
    officer = factories.staff("referent.p7", Role.REGISTER_OFFICER, places.praha_7)
    staff = Client()
    staff.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    dashboard = staff.get("/staff/register/").content.decode()
    assert "Kovalenko" in dashboard
    detail = staff.get(f"/staff/register/procedures/{procedure.uuid}/").content.decode()
    assert "veřejný portál" in detail and "ubytovně" in detail
    other = factories.staff("referent.mhmp", Role.REGISTER_OFFICER, places.praha_city)
    staff.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
    assert "Kovalenko" not in staff.get("/staff/register/").content.decode()
    assert staff.get(f"/staff/register/procedures/{procedure.uuid}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "message"), [
    ({"declaration": None}, "jen s tímto prohlášením"),
    ({"email": "", "phone": ""}, "Napište telefonní číslo nebo e-mailovou adresu"),
    ({"birth_date": "2099-01-01"}, "Zkontrolujte datum narození"),
    ({"birth_date": "14. 5. 1988x"}, "datum"),
    ({"persons": "nula"}, "celé číslo"),
    ({"postal_code": "1700"}, "pět číslic"),
    ({"situation": ""}, "Toto pole je třeba vyplnit"),
    ({"path": "something"}, "something"),
    ({"tie_kind": "<script>"}, "script"),
])
def test_bad_input_is_explained_and_nothing_is_saved(changes, message):
    places = make_places()
    response = Client().post(URL, _post(places.praha_7, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Procedure.objects.exists() and not CaseClient.objects.exists()


@pytest.mark.django_db
def test_czech_date_is_accepted_and_robots_and_floods_are_kept_out(settings):
    places = make_places()
    browser = Client()
    response = browser.post(URL, _post(places.praha_7, website="http://spam.example"))
    assert response.status_code == 302 and not Procedure.objects.exists()
    settings.KMB_PORTAL_REQUESTS_PER_HOUR = 2
    assert browser.post(URL, _post(places.praha_7, birth_date="14. 5. 1988",
                                   email="", phone="608 123 456")).status_code == 302
    assert Procedure.objects.get().client.birth_date.isoformat() == "1988-05-14"
    response = browser.post(URL, _post(places.praha_7))
    assert response.status_code == 429 and Procedure.objects.count() == 1
