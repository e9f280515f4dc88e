"""Reference numbers (čísla jednací) never repeat, also when letters are issued at once."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from kmb.register.letters import reference_next


@pytest.mark.django_db(transaction=True)
def test_concurrent_letters_get_distinct_numbers(cp_a):
    if connection.vendor == "sqlite":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises all writes)")
    numbers: list[int] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def issue() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    numbers.append(reference_next(contact_point=cp_a, year=2027))
        except OperationalError as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(numbers) == list(range(1, 41))
