"""A client's appointments in the subject access export and in the erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kmb.appointments.models import Appointment
from kmb.privacy.registry import ERASERS, export_sections

pytestmark = pytest.mark.django_db


def test_appointments_are_exported_and_erased(cp_a, adviser_a, client_a):
    start = timezone.now() + timedelta(days=3)
    Appointment.objects.create(contact_point=cp_a, adviser=adviser_a, client=client_a,
                               starts_at=start, ends_at=start + timedelta(minutes=45),
                               phone="+420 608 111 222", remind_sms=True,
                               note="Přinese nájemní smlouvu")
    section = next(s for s in export_sections(client=client_a, sensitive=True)
                   if s.key == "appointments")
    text = str([[(f.label, f.value) for f in row.fields] for row in section.rows])
    assert "+420 608 111 222" in text and "Přinese nájemní smlouvu" in text
    for eraser in ERASERS:
        if eraser.__module__ == "kmb.appointments.privacy":
            assert eraser(client=client_a) == {"appointments": 1}
    kept = Appointment.objects.get()
    assert kept.phone == "" and kept.note == "" and not kept.remind_sms
    assert kept.starts_at == start  # the time and status stay for the statistics
