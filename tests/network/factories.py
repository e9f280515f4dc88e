"""Directory entries and referrals for tests."""

from __future__ import annotations

import importlib
from datetime import timedelta

from django.utils import timezone

from kmb.network import services
from kmb.network.models import (
    Address,
    Location,
    Organization,
    PartnerContact,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from kmb.network.taxonomy import CATEGORIES, CATEGORIES_ID, term_id
from tests import factories


def ensure_taxonomies() -> None:
    """The seeded taxonomies and parameters (transactional tests flush them)."""
    if TaxonomyTerm.objects.filter(pk=term_id(CATEGORIES, "debt_counselling")).exists():
        return
    from django.apps import apps

    importlib.import_module("kmb.network.migrations.0002_taxonomies_and_parameters").load(
        apps, None)


def debt_service(*, name: str = "Dluhová poradna", email: str = "poradna@example.cz",
                 contact_email: str = "jana.dvorakova@example.cz",
                 language: str = "cs", maintainer=None) -> Service:
    """A debt counselling service in Praha 7 with a staff-only contact person, maintained
    by ``maintainer`` (a contact point; none: administrators only)."""
    ensure_taxonomies()
    organization = Organization.objects.create(
        name="Poradna Na Rozcestí, z. ú.", description="Dluhové a právní poradenství.",
        email="info@example.cz", maintainer=maintainer)
    service = Service.objects.create(organization=organization, name=name,
                                     maintainer=maintainer,
                                     description="Pomoc s dluhy a exekucemi.",
                                     email=email, capacity="taking",
                                     capacity_confirmed_on=timezone.localdate())
    services._terms_set(service, CATEGORIES_ID,
                        [TaxonomyTerm.objects.get(pk=term_id(CATEGORIES, "debt_counselling"))])
    location = Location.objects.create(organization=organization, name="Poradna Holešovice",
                                       municipality=factories.municipality("554782"),
                                       transportation="Tram 1, 6 – zastávka Strossmayerovo nám.")
    Address.objects.create(location=location, address_1="Dukelských hrdinů 12",
                           city="Praha", region="Hlavní město Praha",
                           state_province="Hlavní město Praha", postal_code="170 00",
                           country="CZ")
    ServiceAtLocation.objects.create(service=service, location=location)
    Phone.objects.create(service=service, number="+420 222 333 444")
    Schedule.objects.create(service=service, byday="MO,WE", freq="WEEKLY",
                            opens_at="09:00", closes_at="16:00")
    PartnerContact.objects.create(organization=organization, service=service,
                                  name="Jana Dvořáková", role="vedoucí poradny",
                                  phone="+420 777 888 999", email=contact_email,
                                  language=language)
    return service


def referral_for(client, adviser, service, *, need: str = "Dluhy u tří věřitelů.",
                 shared=("name", "phone")):
    contact = PartnerContact.objects.filter(service=service).first()
    return services.referral_create(
        contact_point=client.contact_point, actor=adviser, client=client, service=service,
        need=need, shared_data=list(shared), recipient=contact,
        consent_expires_on=timezone.localdate() + timedelta(days=90))


def network_objects(cp, adviser, client, *, secret: str) -> dict:
    """Identifiers for the tenancy walk: A's referral (its need is the secret)."""
    service = debt_service()
    referral = referral_for(client, adviser, service, need=secret)
    record = services.hsds_import(actor=adviser, file_name="x.json", data=b"{}")
    suggestion = services.suggestion_create(actor=adviser, contact_point=cp,
                                            organization=service.organization,
                                            service=service, data={"alert": "Zavřeno"})
    return {"service_id": service.pk, "organization_id": service.organization_id,
            "location_id": service.service_at_locations.first().location_id,
            "kind": "phone", "part_id": service.phones.first().pk,
            "contact_id": service.staff_contacts.first().pk, "import_id": record.uuid,
            "referral_id": referral.uuid, "id": service.pk,
            "suggestion_id": suggestion.uuid}
