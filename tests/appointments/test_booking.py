"""Booking on the portal without JavaScript (plain form posts): the slot is held, the
confirmation with an .ics arrives through the SMTP server, the cancel and move links
work once and only for their purpose; a taken slot is refused with the next free ones."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from kmb.appointments import services
from kmb.appointments.models import Appointment, AppointmentMessage, Source, Status
from kmb.cases.models import OnlineRequest
from kmb.core.permissions import Role
from tests import factories
from tests.appointments.factories import at, office_hours
from tests.conftest import run_background_tasks
from tests.portal.places import PRAHA, PRAHA_7, make_places

URL = "/request/"
MONDAY = date(2026, 12, 21)
NOW = "2026-12-21 07:00 +0100"


def _post(office, **changes) -> dict:
    data = {"contact_point": str(office.uuid), "municipality": PRAHA, "district": PRAHA_7,
            "name": "Olena", "contact_method": "email", "phone": "608 123 456",
            "email": "olena@example.cz", "preferred_time": "", "topics": ["notice_to_quit"],
            "message": "Dostala jsem výpověď.", "consent": "on", "website": ""}
    data.update(changes)
    return data


@pytest.fixture
def office(transactional_db):
    places = make_places()
    factories.staff("poradce.p7", Role.ADVISER, places.praha_7)
    office_hours(places.praha_7)
    return places.praha_7


@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOW, tick=False)
def test_a_resident_books_a_slot_and_gets_the_confirmation_with_an_ics(office, smtp_server):
    client = Client(HTTP_ACCEPT_LANGUAGE="cs")
    page = client.get(URL, {"contact_point": str(office.uuid)}).content.decode()
    assert "Rezervovat termín" in page
    assert 'value="2026-12-21T09:00"' in page  # the next free slot, two hours ahead
    response = client.post(URL, _post(office, slot="2026-12-21T09:00", remind_sms="on",
                                      remind_email="on"))
    assert response.status_code == 302
    sent = client.get(response["Location"]).content.decode()
    assert "Váš termín je rezervován" in sent and "9:00" in sent
    appointment = Appointment.objects.get()
    assert appointment.starts_at == at(MONDAY, 9) and appointment.source == Source.PORTAL
    assert appointment.online_request == OnlineRequest.objects.get()
    assert appointment.remind_email and appointment.remind_sms
    # the slot is no longer offered
    page = client.get(URL, {"contact_point": str(office.uuid)}).content.decode()
    assert 'value="2026-12-21T09:00"' not in page

    run_background_tasks()
    run_background_tasks()  # a second run sends nothing more
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail["To"] == "olena@example.cz"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "21. 12. 2026" in body and "9:00" in body
    ics = next(p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar")
    event = Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(MONDAY, 9)
    assert "Praha 7" in str(event.get("summary"))
    links = re.findall(r"http://\S+/booking/(cancel|move)/(\S+)/", body)
    assert {kind for kind, _token in links} == {"cancel", "move"}
    tokens = dict(links)
    # one purpose per link: the move token does not cancel
    assert client.post(f"/booking/cancel/{tokens['move']}/").status_code == 404
    assert client.get(f"/booking/cancel/{tokens['cancel']}/").status_code == 200
    done = client.post(f"/booking/cancel/{tokens['cancel']}/")
    assert "Termín je zrušen" in done.content.decode()
    assert Appointment.objects.get().status == Status.CANCELLED
    # used up
    again = client.post(f"/booking/cancel/{tokens['cancel']}/")
    assert again.status_code == 404 and "Odkaz nefunguje" in again.content.decode()


@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOW, tick=False)
def test_the_move_link_offers_free_slots_and_expires_at_the_start(office, smtp_server):
    appointment = services.appointment_book_public(contact_point=office,
                                                   starts_at=at(MONDAY, 9), name="Petr",
                                                   email="petr@example.cz")
    raw = services.appointment_links_issue(appointment=appointment)
    client = Client(HTTP_ACCEPT_LANGUAGE="cs")
    page = client.get(f"/booking/move/{raw['move']}/")
    assert 'value="2026-12-21T10:00"' in page.content.decode()
    bad = client.post(f"/booking/move/{raw['move']}/", {"slot": "2026-12-21T09:20"})
    assert bad.status_code == 400 and "už není volný" in bad.content.decode()
    moved = client.post(f"/booking/move/{raw['move']}/", {"slot": "2026-12-21T10:00"})
    assert moved.status_code == 200 and "Termín je přesunut" in moved.content.decode()
    appointment.refresh_from_db()
    assert appointment.starts_at == at(MONDAY, 10) and appointment.version == 2
    # a new confirmation for the new time is queued (the old one's links are replaced)
    assert AppointmentMessage.objects.filter(appointment=appointment,
                                             for_start=at(MONDAY, 10)).count() == 1
    with time_machine.travel("2026-12-21 10:01 +0100", tick=False):
        fresh = services.appointment_links_issue(appointment=appointment)
        assert client.get(f"/booking/move/{fresh['move']}/").status_code == 404


@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOW, tick=False)
def test_a_slot_taken_meanwhile_shows_the_next_free_ones_and_saves_nothing(office):
    services.appointment_book_public(contact_point=office, starts_at=at(MONDAY, 9),
                                     name="First")
    client = Client(HTTP_ACCEPT_LANGUAGE="cs")
    response = client.post(URL, _post(office, slot="2026-12-21T09:00"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Tento termín už není volný" in body
    assert 'value="2026-12-21T10:00"' in body and 'value="2026-12-21T09:00"' not in body
    assert 'value="Olena"' in body  # what was typed stays
    assert Appointment.objects.count() == 1 and OnlineRequest.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOW, tick=False)
def test_a_request_without_a_slot_still_works_and_honeypot_books_nothing(office):
    client = Client(HTTP_ACCEPT_LANGUAGE="cs")
    assert client.post(URL, _post(office, slot="")).status_code == 302
    assert OnlineRequest.objects.count() == 1 and Appointment.objects.count() == 0
    assert client.post(URL, _post(office, slot="2026-12-21T09:00",
                                  website="http://spam.example")).status_code == 302
    assert Appointment.objects.count() == 0


def test_malformed_tokens_answer_a_clear_404(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="cs")
    for url in ("/booking/cancel/x/", "/booking/move/" + "a" * 43 + "/",
                "/booking/cancel/" + "é" * 50 + "/"):
        response = client.get(url)
        assert response.status_code == 404 and "Odkaz nefunguje" in response.content.decode()


def test_guessing_booking_and_feed_links_is_rate_limited(db, settings):
    settings.KMB_LINK_RATE_LIMITS = {"ip": (100, 600), "token": (5, 600),
                                     "bad_token": (3, 600)}
    guesser = Client(HTTP_ACCEPT_LANGUAGE="cs", REMOTE_ADDR="10.0.0.9")
    statuses = [guesser.get(f"/booking/cancel/{'x' * 42}{i}/").status_code
                for i in range(5)]
    assert statuses[:3] == [404] * 3 and statuses[-1] == 429
    blocked = guesser.get("/booking/move/" + "y" * 43 + "/")
    assert blocked.status_code == 429
    assert "Nic nebylo změněno" in blocked.content.decode()
