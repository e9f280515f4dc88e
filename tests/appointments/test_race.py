"""Two people book the same slot at the same moment: one gets it, the other is told to
choose another time and sees the next free ones. Real threads, each with its own
database connection; run on PostgreSQL (DATABASE_URL) as well as on SQLite."""

from __future__ import annotations

import threading
from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction

from kmb.appointments import services, slots
from kmb.appointments.models import Appointment, Status
from tests.appointments.factories import at, office_hours

MONDAY = date(2026, 12, 21)
# The test database of SQLite lives in memory, shared by threads through table locks that
# do not wait; concurrency is what PostgreSQL (production) is tested for.
needs_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                      reason="concurrent bookings are tested on PostgreSQL")


def _book_at_once(cp, names: list[str]) -> list:
    barrier = threading.Barrier(len(names))
    results: list = [None] * len(names)

    def book(i: int, name: str) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = services.appointment_book_public(
                contact_point=cp, starts_at=at(MONDAY, 9), name=name)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(i, n)) for i, n in enumerate(names)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@time_machine.travel("2026-12-21 06:00 +0100", tick=True)
def test_two_simultaneous_bookings_of_one_slot_one_wins(cp_a, adviser_a):
    office_hours(cp_a)
    results = _book_at_once(cp_a, ["Anna", "Boris"])
    won = [r for r in results if isinstance(r, Appointment)]
    lost = [r for r in results if isinstance(r, services.SlotTaken)]
    assert len(won) == 1 and len(lost) == 1, results
    assert Appointment.objects.filter(starts_at=at(MONDAY, 9)).count() == 1
    # the loser is offered the next free slots, without the taken one
    assert slots.free_slots(cp_a, limit=1)[0].starts_at == at(MONDAY, 10)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@time_machine.travel("2026-12-21 06:00 +0100", tick=True)
def test_with_two_advisers_both_get_the_slot_one_each(cp_a, adviser_a, lead_a):
    office_hours(cp_a)
    results = _book_at_once(cp_a, ["Anna", "Boris"])
    assert all(isinstance(r, Appointment) for r in results), results
    assert {r.adviser_id for r in results} == {adviser_a.pk, lead_a.pk}
    results = _book_at_once(cp_a, ["Cyril"])
    assert isinstance(results[0], services.SlotTaken)


@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_a_second_booking_of_one_slot(cp_a, adviser_a):
    start = at(MONDAY, 9)
    Appointment.objects.create(contact_point=cp_a, adviser=adviser_a, starts_at=start,
                               ends_at=at(MONDAY, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(contact_point=cp_a, adviser=adviser_a, starts_at=start,
                                   ends_at=at(MONDAY, 10))
    # a cancelled booking frees the slot
    Appointment.objects.update(status=Status.CANCELLED)
    Appointment.objects.create(contact_point=cp_a, adviser=adviser_a, starts_at=start,
                               ends_at=at(MONDAY, 10))
