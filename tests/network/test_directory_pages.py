"""Staff directory pages, the public directory, and their query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kmb.audit.models import AuditEntry
from kmb.network.models import Metadata, Organization, PartnerContact, Service
from tests import factories
from tests.network.factories import debt_service, referral_for

pytestmark = pytest.mark.django_db


def _queries(http, url, params=None) -> int:
    http.get(url, params)
    with CaptureQueriesContext(connection) as ctx:
        assert http.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_staff_search_by_text_category_municipality_and_capacity(web_adviser_a):
    service = debt_service()
    Service.objects.create(organization=service.organization, name="Potravinová pomoc",
                           capacity="not_taking")
    url = reverse("network:directory")
    page = web_adviser_a.get(url, {"q": "ROZCESTI dluhova"}).content.decode()
    assert "Dluhová poradna" in page and "Potravinová pomoc" not in page
    page = web_adviser_a.get(url, {"category": "debt_counselling"}).content.decode()
    assert "Dluhová poradna" in page and "Potravinová pomoc" not in page
    page = web_adviser_a.get(url, {"municipality": "Praha"}).content.decode()
    assert "Dluhová poradna" in page and "Potravinová pomoc" not in page
    page = web_adviser_a.get(url, {"capacity": "not_taking"}).content.decode()
    assert "Dluhová poradna" not in page and "Potravinová pomoc" in page
    bad = web_adviser_a.get(url, {"municipality": "Neexistující Lhota"})
    assert bad.status_code == 200 and "Neexistující Lhota" in bad.content.decode()


def test_service_page_shows_everything_for_staff(web_adviser_a):
    service = debt_service()
    page = web_adviser_a.get(reverse("network:service_detail", args=[service.pk]))
    text = page.content.decode()
    for expected in ("Dluhová poradna", "Jana Dvořáková", "+420 777 888 999",
                     "Dukelských hrdinů 12", "Tram 1, 6", "+420 222 333 444", "09:00"):
        assert expected in text, expected


def test_lead_edits_with_history_and_a_version_check(web_lead_a, lead_a, cp_a):
    service = debt_service(maintainer=cp_a)
    url = reverse("network:service_edit", args=[service.pk])
    form = web_lead_a.get(url)
    assert form.status_code == 200
    data = {"name": "Dluhová poradna Holešovice", "status": "active",
            "description": "Bezplatná pomoc s dluhy.", "capacity": "waiting_list",
            "categories": ["debt_counselling", "insolvency"], "version": str(service.version)}
    term_ids = {t.code: str(t.pk) for t in form.context["form"].fields["categories"].queryset}
    data["categories"] = [term_ids["debt_counselling"], term_ids["insolvency"]]
    response = web_lead_a.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    service.refresh_from_db()
    assert service.name == "Dluhová poradna Holešovice" and service.capacity == "waiting_list"
    history = {m.field_name: m for m in Metadata.objects.filter(resource_id=service.pk)}
    assert history["name"].previous_value == "Dluhová poradna"
    assert history["name"].updated_by == lead_a.display_name
    assert history["categories"].replacement_value == "debt_counselling, insolvency"
    assert AuditEntry.objects.filter(object_type="network.service", actor=lead_a).exists()
    page = web_lead_a.get(reverse("network:service_detail", args=[service.pk]))
    assert "Dluhová poradna Holešovice" in page.content.decode()
    # a second edit from the old form does not overwrite the first
    stale = web_lead_a.post(url, {**data, "name": "Starý název"})
    assert stale.status_code == 200
    service.refresh_from_db()
    assert service.name == "Dluhová poradna Holešovice"


def test_formula_like_text_is_refused_at_the_field(web_lead_a, cp_a):
    service = debt_service(maintainer=cp_a)
    response = web_lead_a.post(reverse("network:service_edit", args=[service.pk]), {
        "name": "=HYPERLINK(\"x\")", "status": "active", "version": str(service.version)})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_adviser_may_not_edit_but_confirms_capacity(web_adviser_a, adviser_a, cp_a):
    service = debt_service(maintainer=cp_a)
    # the adviser's edit form only sends a suggestion to the maintainer
    form = web_adviser_a.get(reverse("network:service_edit", args=[service.pk]))
    assert form.status_code == 200 and form.context["suggestion"]
    assert web_adviser_a.get(reverse("network:service_part_add",
                                     args=[service.pk, "phone"])).status_code == 404
    assert web_adviser_a.get(reverse("network:organization_create")).status_code == 404
    assert web_adviser_a.get(reverse("network:exchange")).status_code == 404
    Service.objects.filter(pk=service.pk).update(capacity_confirmed_on=timezone.localdate()
                                                 - timedelta(days=60))
    web_adviser_a.post(reverse("network:service_capacity", args=[service.pk]),
                       {"capacity": "not_taking"})
    service.refresh_from_db()
    assert service.capacity == "not_taking"
    assert service.capacity_confirmed_on == timezone.localdate()


def test_lead_adds_organisation_place_service_and_parts(web_lead_a, cp_a):
    factories.municipality("554782")
    response = web_lead_a.post(reverse("network:organization_create"), {
        "name": "Potravinová banka pro Prahu a Středočeský kraj, z. s.",
        "description": "Sbírá a rozděluje potraviny.", "ico": "25755277"})
    assert response.status_code == 302
    organization = Organization.objects.get()
    assert cp_a in organization.partner_of.all()
    assert organization.organization_identifiers.get().identifier == "25755277"
    bad = web_lead_a.post(reverse("network:organization_create"),
                          {"name": "X", "description": "Y", "ico": "12345678"})
    assert "ico" in bad.context["form"].errors
    response = web_lead_a.post(reverse("network:location_create", args=[organization.pk]), {
        "name": "Sklad Libeň", "address_1": "Na Žertvách 1", "postal_code": "18000",
        "municipality": "Praha", "transportation": "Metro B Palmovka"})
    assert response.status_code == 302, response.context["form"].errors
    location = organization.locations.get()
    assert location.municipality.name == "Praha"
    assert location.addresses.get().postal_code == "180 00"
    response = web_lead_a.post(reverse("network:service_create", args=[organization.pk]), {
        "name": "Výdej potravin", "status": "active", "description": "Pro lidi v nouzi."})
    assert response.status_code == 302
    service = Service.objects.get()
    for kind, data in (("place", {"location": str(location.pk)}),
                       ("phone", {"number": "603 123 456"}),
                       ("schedule", {"days": ["TU", "TH"], "opens_at": "10:00",
                                     "closes_at": "12:00"}),
                       ("language", {"code": "uk"}),
                       ("area", {"municipality": "Praha"}),
                       ("cost", {"option": "Výdej", "amount": "0"}),
                       ("document", {"document": "Doporučení sociálního pracovníka"}),
                       ("staff_contact", {"name": "Petr Malý", "email": "maly@example.cz",
                                          "language": "cs", "receives_referrals": "on"})):
        response = web_lead_a.post(reverse("network:service_part_add",
                                           args=[service.pk, kind]), data)
        assert response.status_code == 302, (kind, response.context["form"].errors)
    assert service.phones.get().number == "+420 603 123 456"
    assert service.schedules.get().byday == "TU,TH"
    assert service.service_areas.get().uri.endswith("/554782")
    page = web_lead_a.get(reverse("network:public_service", args=[service.pk]))
    text = page.content.decode()
    assert "Na Žertvách 1" in text and "Metro B Palmovka" in text and "10:00" in text
    assert "Petr Malý" not in text and "maly@example.cz" not in text
    phone = service.phones.get()
    web_lead_a.post(reverse("network:service_part_remove", args=[service.pk, "phone",
                                                                  phone.pk]))
    assert not service.phones.exists()


def test_public_directory_in_three_languages_without_staff_contacts(anonymous):
    service = debt_service()
    Service.objects.filter(pk=service.pk).update(name_en="Debt advice",
                                                 description_uk="Допомога з боргами.")
    url = reverse("network:public_directory")
    for lang, expected in (("cs", "Dluhová poradna"), ("en", "Debt advice"),
                           ("uk", "Dluhová poradna")):
        response = HttpClient(HTTP_ACCEPT_LANGUAGE=lang).get(url, {"municipality": "Praha"})
        assert response.status_code == 200
        text = response.content.decode()
        assert f'lang="{lang}"' in text and expected in text
        assert "Jana Dvořáková" not in text
    detail = HttpClient(HTTP_ACCEPT_LANGUAGE="uk").get(
        reverse("network:public_service", args=[service.pk])).content.decode()
    assert "Допомога з боргами." in detail
    assert 'lang="cs"' in detail  # the name shown in Czech is marked as Czech
    assert "Jana Dvořáková" not in detail and "777 888 999" not in detail
    Service.objects.filter(pk=service.pk).update(status="defunct")
    assert anonymous.get(reverse("network:public_service", args=[service.pk])
                         ).status_code == 404


def test_list_pages_cost_a_fixed_number_of_queries(web_lead_a, lead_a, client_a):
    debt_service()
    referral_for(client_a, lead_a, Service.objects.get())
    pages = [(reverse("network:directory"), None),
             (reverse("network:directory"), {"municipality": "Praha"}),
             (reverse("network:public_directory"), {"category": "debt_counselling"}),
             (reverse("network:referral_list"), {"state": "all"}),
             (reverse("cases:dashboard"), None)]
    few = [_queries(web_lead_a, url, params) for url, params in pages]
    for i in range(6):
        service = debt_service(name=f"Poradna {i}")
        referral = referral_for(client_a, lead_a, service)
        if i % 2:
            from kmb.network import services

            services.referral_respond(referral=referral, action="decline",
                                      expected_version=1, note="Plno",
                                      actor_label="partner link (x)")
    many = [_queries(web_lead_a, url, params) for url, params in pages]
    assert few == many


def test_timeline_with_referrals_keeps_fixed_queries(web_adviser_a, adviser_a, client_a):
    url = reverse("cases:client_detail", args=[client_a.uuid])
    referral_for(client_a, adviser_a, debt_service())
    few = _queries(web_adviser_a, url)
    for i in range(5):
        referral_for(client_a, adviser_a, debt_service(name=f"P{i}"))
    assert _queries(web_adviser_a, url) == few


def test_staff_contact_removal_is_audited(web_lead_a, lead_a, cp_a):
    service = debt_service(maintainer=cp_a)
    contact = PartnerContact.objects.get()
    web_lead_a.post(reverse("network:staff_contact_remove", args=[contact.pk]))
    assert not PartnerContact.objects.exists()
    assert AuditEntry.objects.filter(object_type="network.partnercontact", action="delete",
                                     actor=lead_a).exists()
    assert not Metadata.objects.filter(resource_id=service.pk,
                                       replacement_value__contains="Dvořáková").exists()


def test_portal_finds_services_by_its_own_category_names():
    from kmb.network.selectors import public_services_for

    service = debt_service()
    praha = factories.municipality("554782")
    found = public_services_for(categories=["debts", "debt_counselling"], municipality=praha)
    assert [s.id for s in found] == [service.pk]
    assert found[0].phone == "+420 222 333 444" and found[0].detail_url.endswith(
        f"/directory/services/{service.pk}/")
    assert public_services_for(categories=["food_bank"], municipality=praha) == []
    Service.objects.filter(pk=service.pk).update(status="inactive")
    assert public_services_for(categories=["debt_counselling"], municipality=praha) == []
