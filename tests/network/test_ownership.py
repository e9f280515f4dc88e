"""The shared directory has owners: only maintainers edit, others suggest; changes of
who receives referrals are recorded and shown to advisers who refer."""

from __future__ import annotations

import importlib
import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from kmb.audit.models import AuditEntry
from kmb.core.permissions import Role
from kmb.network import services
from kmb.network.models import (
    ContactChange,
    DirectorySuggestion,
    Organization,
    PartnerContact,
    PartnerMembership,
    Service,
)
from tests import factories
from tests.network.factories import debt_service

pytestmark = pytest.mark.django_db

#: the warning on the referral pages (Czech, the default language)
WARNING = "se za posledních 30 dní změnil"


def _web(user) -> HttpClient:
    web = HttpClient()
    web.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return web


@pytest.fixture
def lead_b(cp_b):
    return factories.staff("vedouci.b", Role.LEAD, cp_b)


def _service_form(service, **changes) -> dict:
    data = {"name": service.name, "status": service.status,
            "description": service.description, "email": service.email,
            "capacity": service.capacity, "version": str(service.version)}
    data.update(changes)
    return data


def test_another_office_only_suggests_and_the_maintainer_applies(cp_a, cp_b, lead_a,
                                                                 lead_b, web_lead_a):
    service = debt_service(maintainer=cp_a)
    web_b = _web(lead_b)
    url = reverse("network:service_edit", args=[service.pk])
    response = web_b.post(url, _service_form(service, name="Poradna Přejmenovaná",
                                             suggestion_note="Volali nám."))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Dluhová poradna"  # nothing changed by a non-maintainer
    suggestion = DirectorySuggestion.objects.get()
    assert suggestion.proposed == {"name": "Poradna Přejmenovaná"}
    assert suggestion.suggested_by == lead_b and suggestion.contact_point == cp_b
    assert AuditEntry.objects.filter(object_type="network.directorysuggestion",
                                     actor=lead_b, contact_point=cp_b).exists()
    # and B cannot change the parts either
    assert web_b.get(reverse("network:service_part_add",
                             args=[service.pk, "staff_contact"])).status_code == 404
    contact = PartnerContact.objects.get()
    web_b.post(reverse("network:staff_contact_remove", args=[contact.pk]))
    assert PartnerContact.objects.filter(pk=contact.pk).exists()
    # B's page offers a suggestion, not the apply button
    page_b = web_b.get(reverse("network:service_detail", args=[service.pk])).content.decode()
    assert "Poradna Přejmenovaná" not in page_b
    # the maintainer sees it and applies it with one action
    page = web_lead_a.get(reverse("network:service_detail", args=[service.pk])
                          ).content.decode()
    assert "Poradna Přejmenovaná" in page and "KMB Brno" in page
    web_lead_a.post(reverse("network:suggestion_decide", args=[suggestion.uuid]),
                    {"decision": "accept"})
    service.refresh_from_db()
    suggestion.refresh_from_db()
    assert service.name == "Poradna Přejmenovaná"
    assert suggestion.status == "accepted" and suggestion.decided_by == lead_a
    assert AuditEntry.objects.filter(object_type="network.service", actor=lead_a,
                                     action="update").exists()
    # a decided suggestion cannot be decided again, and B cannot decide at all
    other = services.suggestion_create(actor=lead_b, contact_point=cp_b,
                                       organization=service.organization, service=service,
                                       data={"alert": "Zavřeno"})
    web_b.post(reverse("network:suggestion_decide", args=[other.uuid]),
               {"decision": "accept"})
    other.refresh_from_db()
    assert other.status == "pending"
    web_lead_a.post(reverse("network:suggestion_decide", args=[other.uuid]),
                    {"decision": "reject"})
    other.refresh_from_db()
    service.refresh_from_db()
    assert other.status == "rejected" and service.alert == ""


def test_an_entry_without_a_maintainer_is_edited_by_administrators_only(web_lead_a):
    service = debt_service()
    response = web_lead_a.post(reverse("network:service_edit", args=[service.pk]),
                               _service_form(service, name="Jinak"))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Dluhová poradna"
    assert DirectorySuggestion.objects.filter(service=service).exists()


def test_organisation_added_by_an_office_is_maintained_by_it(web_lead_a, cp_a):
    web_lead_a.post(reverse("network:organization_create"),
                    {"name": "Nová, z. s.", "description": "Popis."})
    organization = Organization.objects.get(name="Nová, z. s.")
    assert organization.maintainer == cp_a
    response = web_lead_a.post(reverse("network:service_create", args=[organization.pk]),
                               {"name": "Služba", "status": "active"})
    assert response.status_code == 302
    assert Service.objects.get(name="Služba").maintainer == cp_a


def test_referral_contact_changes_are_recorded_and_warn_the_adviser(
        cp_a, cp_b, lead_b, web_adviser_a, adviser_a, client_a):
    service = debt_service(maintainer=cp_b)
    web_b = _web(lead_b)
    form_url = reverse("network:referral_create", args=[client_a.uuid, service.pk])
    assert WARNING not in web_adviser_a.get(form_url
                                                                   ).content.decode()
    response = web_b.post(reverse("network:service_part_add",
                                  args=[service.pk, "staff_contact"]),
                          {"name": "Petr Nový", "email": "petr@example.cz", "language": "cs",
                           "receives_referrals": "on"})
    assert response.status_code == 302
    change = ContactChange.objects.get()
    assert (change.what, change.actor, change.contact_point) == ("added", lead_b, cp_b)
    assert AuditEntry.objects.filter(object_type="network.partnercontact", action="create",
                                     actor=lead_b, contact_point=cp_b).exists()
    history = web_adviser_a.get(reverse("network:service_detail", args=[service.pk])
                                ).content.decode()
    assert "Petr Nový" in history and "KMB Brno-střed" in history
    assert lead_b.display_name in history
    # the referring adviser is warned on the form and on the referral
    form = web_adviser_a.get(form_url).content.decode()
    assert WARNING in form
    from tests.network.factories import referral_for

    referral = referral_for(client_a, adviser_a, service)
    detail = web_adviser_a.get(reverse("network:referral_detail", args=[referral.uuid]))
    assert WARNING in detail.content.decode()
    # the service's own referral e-mail counts too; older changes no longer warn
    ContactChange.objects.update(at=timezone.now() - timedelta(days=31))
    assert WARNING not in web_adviser_a.get(form_url
                                                                   ).content.decode()
    services.service_save(actor=lead_b, contact_point=cp_b, organization=service.organization,
                          service=service, data={"email": "nova@example.cz"})
    assert ContactChange.objects.filter(what="email").exists()
    assert WARNING in web_adviser_a.get(form_url).content.decode()


def test_partner_staff_maintain_their_own_organisation(client_a):
    service = debt_service()
    other = debt_service(name="Jiná")
    Organization.objects.filter(pk=service.organization_id).update(maintained_by_partner=True)
    Service.objects.filter(pk=service.pk).update(maintained_by_partner=True)
    service.refresh_from_db()
    user = factories.UserFactory(username="partner.rozcesti")
    PartnerMembership.objects.create(user=user, organization=service.organization)
    web = _web(user)
    assert web.get(reverse("network:service_detail", args=[service.pk])).status_code == 200
    response = web.post(reverse("network:service_edit", args=[service.pk]),
                        _service_form(service, alert="Od ledna nové hodiny."))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.alert == "Od ledna nové hodiny."
    # another organisation's entry, and the rest of the directory, do not exist for them
    assert web.get(reverse("network:service_edit", args=[other.pk])).status_code == 404
    assert web.get(reverse("network:service_detail", args=[other.pk])).status_code == 404
    assert web.get(reverse("network:directory")).status_code == 404
    # an organisation its partner does not maintain: they can neither edit nor suggest
    Service.objects.filter(pk=service.pk).update(maintained_by_partner=False)
    assert web.get(reverse("network:service_edit", args=[service.pk])).status_code == 404


def test_import_leaves_entries_maintained_by_others_unchanged(cp_a, cp_b, lead_b):
    service = debt_service(maintainer=cp_a)
    doc = {"organizations": [
        {"id": str(service.organization_id), "name": "Přepsáno", "description": "x"},
        {"id": "77777777-7777-4777-8777-777777777777", "name": "Nová z importu",
         "description": "y"}]}
    from kmb.network import selectors

    membership = lead_b.memberships.get()
    record = services.hsds_import(
        actor=lead_b, file_name="x.json", data=json.dumps(doc).encode(), contact_point=cp_b,
        may_edit=lambda entry: selectors.entry_editable(user=lead_b, membership=membership,
                                                        entry=entry))
    assert record.accepted, record.problems
    assert any(w["place"] == "organizations[0]" for w in record.warnings)
    service.organization.refresh_from_db()
    assert service.organization.name == "Poradna Na Rozcestí, z. ú."
    assert Organization.objects.get(name="Nová z importu").maintainer == cp_b


def test_data_migration_gives_existing_entries_a_maintainer(cp_a, cp_b, lead_a):
    created = services.organization_save(actor=lead_a, contact_point=cp_a,
                                         data={"name": "Založená", "description": "x"})
    partnered = Organization.objects.create(name="Partnerská", description="x")
    partnered.partner_of.add(cp_b)
    orphan = Organization.objects.create(name="Bez nikoho", description="x")
    Service.objects.create(organization=partnered, name="Služba partnerská")
    user = factories.UserFactory(username="partner.x")
    PartnerMembership.objects.create(user=user, organization=orphan)
    Organization.objects.update(maintainer=None)
    migration = importlib.import_module("kmb.network.migrations.0004_directory_maintainers")
    migration.assign_maintainers(apps, None)
    for organization in (created, partnered, orphan):
        organization.refresh_from_db()
    assert created.maintainer == cp_a
    assert partnered.maintainer == cp_b
    assert Service.objects.get(name="Služba partnerská").maintainer == cp_b
    assert orphan.maintainer is None and orphan.maintained_by_partner


def test_administrators_changes_of_referral_contacts_are_recorded(cp_a):
    service = debt_service(maintainer=cp_a)
    admin = factories.UserFactory(username="spravce", is_staff=True, is_superuser=True)
    web = _web(admin)
    contact = PartnerContact.objects.get()
    url = reverse("admin:network_partnercontact_change", args=[contact.pk])
    response = web.post(url, {"organization": str(service.organization_id),
                              "service": str(service.pk), "name": contact.name,
                              "role": contact.role, "phone": contact.phone,
                              "email": "jina@example.cz", "language": "cs",
                              "receives_referrals": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    change = ContactChange.objects.get()
    assert change.what == "changed" and change.fields == ["email"] and change.actor == admin
    assert AuditEntry.objects.filter(object_type="network.partnercontact", actor=admin,
                                     channel="admin").exists()
