"""The rules of slots: hours, Czech public holidays, closures, notice, availability,
overlaps, the past; each with a frozen clock."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine

from kmb.appointments import services, slots
from kmb.appointments.hours import parse_hours
from kmb.appointments.models import Availability, Closure, Status
from kmb.cases.errors import DomainError
from kmb.core.models import DomainEvent
from tests.appointments.factories import at, office_hours

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 12, 21)  # Christmas Eve is on Thursday the 24th


@time_machine.travel("2026-12-21 07:00 +0100", tick=False)
def test_slots_follow_the_hours_and_skip_public_holidays(cp_a, adviser_a):
    office_hours(cp_a)
    found = slots.free_slots(cp_a, limit=100)
    days = sorted({s.starts_at.astimezone(at(MONDAY, 0).tzinfo).date() for s in found})
    # Monday to Wednesday; 24–26 December are public holidays, then the weekend
    assert days[:3] == [MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)]
    assert date(2026, 12, 24) not in days and date(2026, 12, 25) not in days
    assert date(2026, 12, 28) in days
    # two hours' notice: 8:00 is too soon at 7:00, 9:00 is the first
    assert found[0].starts_at == at(MONDAY, 9)
    assert [s.starts_at for s in found[:3]] == [at(MONDAY, 9), at(MONDAY, 10), at(MONDAY, 11)]
    assert slots.public_holiday(date(2026, 12, 24)) == "Štědrý den"


@time_machine.travel("2026-12-21 07:00 +0100", tick=False)
def test_a_closure_and_a_booked_slot_are_not_offered(cp_a, adviser_a):
    office_hours(cp_a)
    Closure.objects.create(contact_point=cp_a, starts_on=MONDAY + timedelta(days=1),
                           ends_on=MONDAY + timedelta(days=2), reason="Stěhování")
    services.appointment_create(contact_point=cp_a, actor=adviser_a, adviser=adviser_a,
                                starts_at=at(MONDAY, 10), minutes=60)
    found = [s.starts_at for s in slots.free_slots(cp_a, limit=5)]
    assert found == [at(MONDAY, 9), at(MONDAY, 11), at(date(2026, 12, 28), 8),
                     at(date(2026, 12, 28), 9), at(date(2026, 12, 28), 10)]


@time_machine.travel("2026-12-21 07:00 +0100", tick=False)
def test_availability_limits_whom_a_slot_is_offered_for(cp_a, adviser_a):
    office_hours(cp_a)
    Availability.objects.create(contact_point=cp_a, adviser=adviser_a, weekday=0,
                                starts=time(10, 0), ends=time(12, 0))
    found = [s.starts_at for s in slots.free_slots(cp_a, limit=3)]
    assert found == [at(MONDAY, 10), at(MONDAY, 11), at(date(2026, 12, 28), 10)]


@time_machine.travel("2026-12-21 07:00 +0100", tick=False)
def test_overlaps_the_past_and_closed_days_are_refused_with_a_message(cp_a, adviser_a):
    office_hours(cp_a)
    services.appointment_create(contact_point=cp_a, actor=adviser_a, adviser=adviser_a,
                                starts_at=at(MONDAY, 10), minutes=60)
    with pytest.raises(services.SlotTaken, match="už jinou schůzku"):
        services.appointment_create(contact_point=cp_a, actor=adviser_a, adviser=adviser_a,
                                    starts_at=at(MONDAY, 10, 30), minutes=45)
    with pytest.raises(DomainError, match="už uplynul"):
        services.appointment_create(contact_point=cp_a, actor=adviser_a, adviser=adviser_a,
                                    starts_at=at(MONDAY - timedelta(days=1), 10), minutes=30)
    with pytest.raises(DomainError, match="24. 12. 2026 zavřené .Štědrý den"):
        services.appointment_create(contact_point=cp_a, actor=adviser_a, adviser=adviser_a,
                                    starts_at=at(date(2026, 12, 24), 10), minutes=30)
    # back to back is fine
    services.appointment_create(contact_point=cp_a, actor=adviser_a, adviser=adviser_a,
                                starts_at=at(MONDAY, 11), minutes=30)


@time_machine.travel("2026-12-21 07:00 +0100", tick=False)
def test_a_public_booking_of_a_time_that_is_no_slot_is_refused(cp_a, adviser_a):
    office_hours(cp_a)
    with pytest.raises(services.SlotTaken):
        services.appointment_book_public(contact_point=cp_a, starts_at=at(MONDAY, 9, 20),
                                         name="Jana")
    with pytest.raises(services.SlotTaken):  # Sunday: no hours
        services.appointment_book_public(contact_point=cp_a,
                                         starts_at=at(date(2026, 12, 27), 9), name="Jana")


@time_machine.travel("2026-12-21 12:00 +0100", tick=True)
def test_no_show_is_a_domain_event_for_the_statistics(cp_a, adviser_a):
    office_hours(cp_a)
    appointment = services.appointment_create(
        contact_point=cp_a, actor=adviser_a, adviser=adviser_a,
        starts_at=at(MONDAY, 13), minutes=30)
    with pytest.raises(DomainError, match="ještě nezačala"):
        services.appointment_mark(appointment=appointment, actor=adviser_a,
                                  status=Status.NO_SHOW)
    with time_machine.travel("2026-12-21 13:40 +0100", tick=False):
        services.appointment_mark(appointment=appointment, actor=adviser_a,
                                  status=Status.NO_SHOW)
    kinds = list(DomainEvent.objects.filter(contact_point=cp_a).values_list("kind", flat=True))
    assert kinds.count("appointment.no_show") == 1 and "appointment.booked" in kinds


def test_typed_hours_become_data():
    blocks = parse_hours("Po, St 8:00–17:00; Čt 8:00–12:00 (jindy po objednání)")
    assert [(b.weekday, b.opens, b.closes) for b in blocks] == [
        (0, time(8), time(17)), (2, time(8), time(17)), (3, time(8), time(12))]
    assert parse_hours("Po, Út, St po objednání") == []
