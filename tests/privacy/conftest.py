"""A client with a full record: household, consent, consultation, task, referral,
benefit estimate, a portal request, views and changes in the audit trail."""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from kmb.cases import services as case_services
from kmb.cases.models import MaterialAidKind, Topic
from kmb.core.mail import mail_send_after_commit


def ensure_privacy_parameters() -> None:
    from django.apps import apps

    from kmb.core.models import DatedParameter

    if not DatedParameter.objects.filter(key__startswith="privacy.retention.").exists():
        importlib.import_module("kmb.privacy.migrations.0002_retention_parameters").load(
            apps, None)


@pytest.fixture(autouse=True)
def _privacy_parameters(request):
    names = set(request.fixturenames)
    if names & {"db", "transactional_db"} or request.node.get_closest_marker("django_db"):
        ensure_privacy_parameters()


FULL_NAME = "Jiřina Nováková"
CHILD = "Kryštof Novák"
ADVICE = "Poradili jsme podat žádost o DSSP a sepsat splátkový kalendář."
NEED = "Dluh na nájemném 38 000 Kč, hrozí výpověď."
LABEL = "Jiřina"
AID = "Potravinový balíček pro Jiřinu a syna"


def estimate_for(client, actor):
    from kmb.benefits import services as benefit_services
    from kmb.benefits.engine import HouseholdInput, Incomes, PersonInput
    from tests.benefits.conftest import ensure_parameters

    ensure_parameters()
    household = HouseholdInput(
        period="2026-10", district="praha", housing_type="dwelling", tenure="rent",
        rent=D(12000), services=D(2000), energy=D(3000),
        members=[PersonInput(role="head", label=LABEL, birth_date=date(1984, 3, 9),
                             work_activity="employed",
                             incomes=Incomes(employment_gross=D(21000)))])
    return benefit_services.estimate_record(client=client, actor=actor,
                                            contact_point=client.contact_point,
                                            household=household)


@pytest.fixture
def full_client(cp_a, adviser_a, lead_a):
    from tests.network.factories import debt_service, referral_for

    client = case_services.client_create(
        contact_point=cp_a, actor=adviser_a,
        data={"first_name": "Jiřina", "last_name": "Nováková", "birth_date": date(1984, 3, 9),
              "birth_date_quality": "known", "phone": "+420 731 222 333",
              "email": "jirina.novakova@example.cz", "street": "Dělnická 12",
              "postal_code": "17000", "preferred_language": "uk"})
    case_services.household_member_add(client=client, actor=adviser_a, data={
        "first_name": "Kryštof", "last_name": "Novák", "birth_date": date(2015, 6, 1),
        "relationship": "child"})
    case_services.consent_record(client=client, actor=adviser_a, data={
        "purpose": "records", "scope": "Vedení záznamů o poradenství",
        "given_on": timezone.localdate()})
    case_services.consultation_record(
        contact_point=cp_a, actor=adviser_a, client=client, occurred_at=timezone.now(),
        channel="in_person", duration_minutes=45, topics=Topic.objects.all()[:2],
        advice=ADVICE, notes="Klientka je v 5. měsíci těhotenství.",
        loss_date=timezone.localdate() + timedelta(days=40),
        material_aid=[{"kind": MaterialAidKind.objects.get(code="food"), "mode": "handed_out",
                       "quantity": 2, "description": AID}])
    mail_send_after_commit(subject="Potvrzení", body=f"Dobrý den, {LABEL}",
                           to=["jirina.novakova@example.cz"])
    case_services.task_create(client=client, actor=adviser_a, data={
        "title": "Donést výpověď z nájmu", "owner": "client",
        "due_date": timezone.localdate() + timedelta(days=7)})
    referral_for(client, adviser_a, debt_service(), need=NEED)
    estimate_for(client, adviser_a)
    client.refresh_from_db()
    return client
