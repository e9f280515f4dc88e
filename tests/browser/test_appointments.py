"""A resident books a time on the portal in Czech without JavaScript; the adviser sees it
in the week view (at 360 px and on a desktop), marks it attended and records the
consultation from the form it opens, filled in. Axe on every page that can run it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from kmb.appointments.models import Appointment, OfficeCalendar, OpeningHours, Status
from kmb.cases.models import Consultation
from kmb.core.permissions import Role
from tests import factories
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 360, "height": 780}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), \
        page.url


@pytest.fixture
def office(transactional_db):
    cache.clear()
    cp = factories.ContactPointFactory(name="KMB Praha 7", phone="+420 220 144 111",
                                       municipality=factories.municipality("554782"))
    factories.staff("poradce.p7", Role.ADVISER, cp)
    from datetime import time

    OpeningHours.objects.bulk_create([OpeningHours(contact_point=cp, weekday=d,
                                                   opens=time(7, 0), closes=time(21, 0))
                                      for d in range(7)])
    OfficeCalendar.objects.create(contact_point=cp, slot_minutes=45, min_notice_hours=2)
    return cp


def test_a_resident_books_and_the_adviser_records_the_consultation(
        page_no_js, page, office):
    resident = page_no_js
    resident.set_viewport_size(PHONE)
    resident.goto(f"/request/?contact_point={office.uuid}")
    expect(resident.get_by_text("Rezervovat termín (nepovinné)")).to_be_visible()
    # the public hours come from the same data
    expect(resident.locator(".kmb-hours")).to_contain_text("7:00–21:00")
    _fits(resident)
    resident.get_by_label("Vaše jméno nebo přezdívka").fill("Olena K.")
    resident.get_by_label("E-mailem", exact=True).check()
    resident.get_by_label("E-mail", exact=True).fill("olena@example.cz")
    first_slot = resident.locator("input[name=slot]").nth(1)  # 0: "no time now"
    slot_label = resident.locator(f"label[for='{first_slot.get_attribute('id')}']").inner_text()
    first_slot.check()
    resident.locator("input[name=consent]").check()
    resident.get_by_role("button", name="Odeslat žádost").click()
    expect(resident.get_by_role("status").first).to_contain_text("Váš termín je rezervován")
    _fits(resident)
    appointment = Appointment.objects.get()
    assert appointment.label == "Olena K." and appointment.status == Status.BOOKED
    start = timezone.localtime(appointment.starts_at)
    assert f"{start.hour}:{start.minute:02d}" in slot_label

    # the adviser, on a phone, once the appointment has started
    with time_machine.travel(appointment.starts_at + timedelta(minutes=5), tick=True):
        page.set_viewport_size(PHONE)
        login(page, "poradce.p7")
        expect(page.get_by_role("heading", name="Moje práce")).to_be_visible()
        page.goto(f"/staff/calendar/?day={start.date().isoformat()}")
        expect(page.get_by_role("heading", name="Kalendář – týden")).to_be_visible()
        entry = page.get_by_role("link", name="Olena K.")
        expect(entry).to_be_visible()
        _fits(page)
        assert_accessible(page)
        page.set_viewport_size({"width": 1280, "height": 900})
        assert_accessible(page)
        # htmx moves a week on and back without reloading
        page.get_by_role("link", name="Další týden").click()
        expect(page.get_by_role("link", name="Olena K.")).to_have_count(0)
        page.get_by_role("link", name="Předchozí týden").click()
        page.get_by_role("link", name="Olena K.").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Termín")
        assert_accessible(page)
        page.get_by_role("button", name="Přišel/přišla – zaznamenat konzultaci").click()
        expect(page.get_by_text("označené jako uskutečněná")).to_be_visible()
        expect(page.get_by_label("Datum a čas")).to_have_value(start.strftime("%Y-%m-%dT%H:%M"))
        assert_accessible(page)
        page.get_by_label("Výpověď z nájmu").check()
        page.get_by_label("Co bylo poradeno").fill("Zkontrolována výpověď, podána námitka.")
        page.get_by_role("button", name="Uložit konzultaci").click()
        expect(page.get_by_text("Zkontrolována výpověď, podána námitka.")).to_be_visible()
        assert_accessible(page)
    appointment.refresh_from_db()
    assert appointment.status == Status.ATTENDED
    consultation = Consultation.objects.get()
    assert appointment.consultation == consultation
    assert timezone.localtime(consultation.occurred_at) == start
    assert consultation.duration_minutes == 45
