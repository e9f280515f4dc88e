"""A request for a consultation: it reaches the office's queue, spam does not."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from kmb.cases.models import OnlineRequest
from kmb.core.permissions import Role
from tests import factories
from tests.conftest import run_background_tasks
from tests.portal.places import PRAHA, PRAHA_7

URL = "/request/"


def _post(office, **changes) -> dict:
    data = {"contact_point": str(office.uuid), "municipality": PRAHA, "district": PRAHA_7,
            "name": "Olena", "contact_method": "phone", "phone": "608 123 456",
            "email": "", "preferred_time": "odpoledne", "topics": ["notice_to_quit"],
            "message": "Dostala jsem výpověď.", "consent": "on", "website": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_a_request_arrives_in_the_queue_of_the_competent_office(places):
    client = Client(HTTP_ACCEPT_LANGUAGE="uk")
    form = client.get(URL, {"municipality": PRAHA, "district": PRAHA_7,
                            "topic": "notice_to_quit"})
    body = form.content.decode()
    assert "KMB Praha 7" in body
    assert re.search(r'value="notice_to_quit"[^>]*checked', body)
    response = client.post(URL, _post(places.praha_7))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(reverse("portal:request_sent"))
    # neither the name nor the phone number travels in the address (a random UUID may
    # contain "608", so look for the number as typed and as digits)
    assert "Olena" not in location
    assert "608 123 456" not in unquote(location) and "608123456" not in location
    saved = OnlineRequest.objects.get()
    assert saved.contact_point == places.praha_7
    assert (saved.name, saved.phone, saved.language) == ("Olena", "+420 608 123 456", "uk")
    assert [t.code for t in saved.topics.all()] == ["notice_to_quit"]
    assert saved.municipality.code == PRAHA
    assert "Я погоджуюся" in saved.consent_text
    assert "sessionid" not in client.cookies
    assert "Ми отримали ваш запит" in client.get(location).content.decode()
    # the office sees it in its queue, another office does not
    adviser = factories.staff("poradce.p7", Role.ADVISER, places.praha_7)
    staff = Client()
    staff.force_login(adviser, backend="django.contrib.auth.backends.ModelBackend")
    assert "Olena" in staff.get(reverse("cases:online_request_list")).content.decode()
    other = factories.staff("poradce.mhmp", Role.ADVISER, places.praha_city)
    staff.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
    assert "Olena" not in staff.get(reverse("cases:online_request_list")).content.decode()


@pytest.mark.django_db
def test_without_a_district_the_request_goes_to_the_city_hall(places):
    body = Client().get(URL, {"municipality": PRAHA}).content.decode()
    assert "KMB Magistrát hl. m. Prahy" in body
    assert Client().get(URL).status_code == 200  # asks where the person lives first


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field_message"), [
    ({"phone": ""}, "Napište telefonní číslo, na které máme zavolat."),
    ({"phone": "12"}, "telefonní číslo"),
    ({"contact_method": "email", "phone": ""}, "Napište e-mailovou adresu"),
    ({"contact_method": "email", "email": "not-an-address"}, "e-mail"),
    ({"consent": None}, "Žádost můžeme vyřídit jen s vaším souhlasem."),
    ({"name": ""}, "Toto pole je třeba vyplnit."),
    ({"message": "x" * 3001}, "3000"),
    ({"contact_method": "fax"}, "fax"),
])
def test_bad_input_is_explained_at_the_field_and_nothing_is_saved(places, changes,
                                                                   field_message):
    response = Client(HTTP_ACCEPT_LANGUAGE="cs").post(URL, _post(places.praha_7, **changes))
    body = response.content.decode()
    assert response.status_code == 400
    assert field_message in body
    assert 'value="Olena"' in body or changes.get("name") == ""
    assert OnlineRequest.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_office_in_the_form_never_saves_anywhere(places):
    response = Client().post(URL, _post(places.praha_7, contact_point="not-a-uuid",
                                        municipality="", district=""))
    assert response.status_code == 200
    assert OnlineRequest.objects.count() == 0


@pytest.mark.django_db
def test_the_honeypot_pretends_success_and_saves_nothing(places):
    response = Client().post(URL, _post(places.praha_7, website="http://spam.example"))
    assert response.status_code == 302
    assert OnlineRequest.objects.count() == 0


@pytest.mark.django_db
def test_the_limit_per_address_stops_a_flood(places, settings):
    settings.KMB_PORTAL_REQUESTS_PER_HOUR = 3
    flooder = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(3):
        assert flooder.post(URL, _post(places.liberec, name=f"N{number}")).status_code == 302
    response = flooder.post(URL, _post(places.liberec, name="Fourth"))
    assert response.status_code == 429
    assert 'value="Fourth"' in response.content.decode()
    assert "Z tohoto připojení přišlo příliš mnoho žádostí" in response.content.decode()
    assert OnlineRequest.objects.count() == 3
    # another address is not affected
    assert Client(REMOTE_ADDR="198.51.100.1").post(
        URL, _post(places.liberec, name="Neighbour")).status_code == 302
    assert OnlineRequest.objects.filter(name="Neighbour").exists()


@pytest.mark.django_db
def test_a_request_without_form_protection_is_refused(places):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, _post(places.praha_7)).status_code == 403
    assert OnlineRequest.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_e_mail_is_in_the_language_and_keeps_the_message_private(
        smtp_server):
    from tests.portal.places import make_places

    places = make_places()
    client = Client(HTTP_ACCEPT_LANGUAGE="uk")
    response = client.post(URL, _post(places.praha_7, contact_method="either",
                                      email="olena@example.org"))
    assert response.status_code == 302 and "mail=1" in response["Location"]
    assert "olena@example.org" not in response["Location"]
    run_background_tasks()
    [message] = smtp_server.messages
    assert message["To"] == "olena@example.org"
    assert "KMB Praha 7" in message["Subject"]
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Ми отримали ваш запит" in plain and "Ми отримали ваш запит" in html
    assert "+420 220 144 111" in plain and "Пн, Ср 8:00–17:00" in plain
    assert "Dostala jsem výpověď" not in plain + html
