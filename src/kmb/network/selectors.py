"""Reads of the partner network.

The directory is shared by every contact point; referrals (and the clients they are
about) are always read through the user's contact point, or for partner staff through
their own organisations, and anything else answers 404.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from kmb.accounts.models import ContactPoint, Membership
from kmb.core.links import http_url
from kmb.core.models import Municipality
from kmb.core.text import fold
from kmb.network.models import (
    ATTENTION_STATUSES,
    OPEN_STATUSES,
    Attribute,
    Contact,
    ContactChange,
    DirectorySuggestion,
    HsdsImport,
    Location,
    Metadata,
    Organization,
    PartnerContact,
    PartnerMembership,
    Referral,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    SuggestionStatus,
    TaxonomyTerm,
)
from kmb.network.taxonomy import CATEGORIES_ID, TARGET_GROUPS_ID

PUBLIC_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


def uuid_or_404(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError):
        raise Http404 from None


# --------------------------------------------------------------------------------------
# Directory
# --------------------------------------------------------------------------------------

def terms_of(taxonomy_id) -> list[TaxonomyTerm]:
    terms = list(TaxonomyTerm.objects.filter(taxonomy_detail_id=taxonomy_id))
    return sorted(terms, key=lambda t: fold(t.label))


def categories() -> list[TaxonomyTerm]:
    return terms_of(CATEGORIES_ID)


def target_groups() -> list[TaxonomyTerm]:
    return terms_of(TARGET_GROUPS_ID)


def directory_search(*, q: str = "", category: TaxonomyTerm | None = None,
                     municipality: Municipality | None = None, capacity: str = "",
                     public: bool = False) -> QuerySet[Service]:
    """Services matching every word of ``q`` (their name or their organisation's, case and
    diacritics ignored), of a category, serving or located in a municipality, with a
    capacity. The public directory lists only active (or temporarily closed) services."""
    qs = Service.objects.all()
    if public:
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    for word in (q or "").split()[:10]:
        folded = fold(word)
        if folded:
            qs = qs.filter(Q(name_search__contains=folded)
                           | Q(organization__name_search__contains=folded))
    if category is not None:
        qs = qs.filter(id__in=Attribute.objects.filter(taxonomy_term=category)
                       .values("link_id"))
    if municipality is not None:
        qs = qs.filter(
            Q(id__in=ServiceAtLocation.objects.filter(location__municipality=municipality)
              .values("service_id"))
            | Q(id__in=ServiceArea.objects.filter(municipality=municipality)
                .values("service_id")))
    if capacity:
        qs = qs.filter(capacity=capacity)
    return qs.select_related("organization").order_by("organization__name", "name", "id")


def terms_by_service(service_ids, taxonomy_id) -> dict[Any, list[TaxonomyTerm]]:
    """Terms of one taxonomy for many services, in one query."""
    found: dict[Any, list[TaxonomyTerm]] = defaultdict(list)
    for attribute in (Attribute.objects.filter(link_id__in=list(service_ids),
                                               taxonomy_term__taxonomy_detail_id=taxonomy_id)
                      .select_related("taxonomy_term")):
        found[attribute.link_id].append(attribute.taxonomy_term)
    for terms in found.values():
        terms.sort(key=lambda t: fold(t.label))
    return found


def places_by_service(service_ids) -> dict[Any, list[ServiceAtLocation]]:
    """Where each service is provided (with the address), in two queries."""
    found: dict[Any, list[ServiceAtLocation]] = defaultdict(list)
    for sal in (ServiceAtLocation.objects.filter(service_id__in=list(service_ids))
                .select_related("location__municipality")
                .prefetch_related("location__addresses").order_by("location__name", "id")):
        found[sal.service_id].append(sal)
    return found


def annotate_services(services: list[Service]) -> list[Service]:
    """Attach categories and places to a page of services (a fixed number of queries)."""
    ids = [s.pk for s in services]
    cats = terms_by_service(ids, CATEGORIES_ID)
    places = places_by_service(ids)
    for service in services:
        service.categories = cats.get(service.pk, [])
        service.places = places.get(service.pk, [])
    return services


def service_get(*, service_id, public: bool = False) -> Service:
    qs = Service.objects.select_related("organization", "program")
    if public:
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    service = qs.filter(pk=uuid_or_404(service_id)).first()
    if service is None:
        raise Http404
    return service


def service_detail(*, service: Service, staff: bool = False,
                   contact_point: ContactPoint | None = None) -> dict[str, Any]:
    """Everything a service page shows. Staff pages add the contact persons, history and
    the office's own referrals to the service; the public page never gets those."""
    places = list(
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location__municipality")
        .prefetch_related("location__addresses", "location__phones", "location__schedules",
                          "location__accessibility", "location__languages")
        .order_by("location__name", "id"))
    data: dict[str, Any] = {
        "service": service,
        "organization": service.organization,
        "categories": terms_by_service([service.pk], CATEGORIES_ID).get(service.pk, []),
        "target_groups": terms_by_service([service.pk], TARGET_GROUPS_ID).get(service.pk, []),
        "places": places,
        "phones": list(service.phones.order_by("number")),
        "schedules": list(service.schedules.order_by("byday", "opens_at", "id")),
        "languages": list(service.languages.order_by("name", "code")),
        "areas": list(service.service_areas.select_related("municipality").order_by("name")),
        "costs": list(service.cost_options.order_by("option", "id")),
        "documents": list(service.required_documents.order_by("document")),
        "contacts": list(service.contacts.prefetch_related("phones").order_by("name")),
    }
    if staff:
        data["staff_contacts"] = list(PartnerContact.objects.filter(
            Q(service=service) | Q(service__isnull=True, organization=service.organization_id))
            .order_by("service_id", "name"))
        data["history"] = list(Metadata.objects.filter(resource_id=service.pk)
                               .order_by("-recorded_at", "-id")[:50])
        data["partner_of"] = list(service.organization.partner_of.order_by("name"))
        if contact_point is not None:
            data["office_referrals"] = list(
                Referral.objects.filter(service=service, contact_point=contact_point)
                .select_related("client").order_by("-created_at")[:10])
    return data


def organization_get(*, organization_id) -> Organization:
    organization = Organization.objects.filter(pk=uuid_or_404(organization_id)).first()
    if organization is None:
        raise Http404
    return organization


def organization_detail(*, organization: Organization) -> dict[str, Any]:
    services = list(organization.services.order_by("name"))
    return {
        "organization": organization,
        "services": annotate_services(services),
        "locations": list(organization.locations.prefetch_related("addresses")
                          .select_related("municipality").order_by("name")),
        "identifiers": list(organization.organization_identifiers.all()),
        "phones": list(organization.phones.order_by("number")),
        "staff_contacts": list(organization.staff_contacts.filter(service__isnull=True)),
        "partner_of": list(organization.partner_of.order_by("name")),
        "history": list(Metadata.objects.filter(resource_id=organization.pk)
                        .order_by("-recorded_at", "-id")[:50]),
    }


def location_get(*, location_id) -> Location:
    location = (Location.objects.filter(pk=uuid_or_404(location_id))
                .select_related("organization", "municipality").first())
    if location is None or location.organization_id is None:
        raise Http404
    return location


def service_part_get(*, service: Service, model, part_id):
    """A phone, schedule… of the service (404 for anything else)."""
    part = model.objects.filter(pk=uuid_or_404(part_id), service=service).first()
    if part is None:
        raise Http404
    return part


def staff_contact_get(*, contact_id) -> PartnerContact:
    contact = PartnerContact.objects.filter(pk=uuid_or_404(contact_id)).first()
    if contact is None:
        raise Http404
    return contact


def public_contact_get(*, contact_id) -> Contact:
    contact = (Contact.objects.filter(pk=uuid_or_404(contact_id), service__isnull=False)
               .select_related("service").first())
    if contact is None:
        raise Http404
    return contact


def hsds_import_get(*, import_id) -> HsdsImport:
    record = hsds_imports().filter(uuid=uuid_or_404(import_id)).first()
    if record is None:
        raise Http404
    return record


def hsds_imports() -> QuerySet[HsdsImport]:
    return HsdsImport.objects.select_related("actor").order_by("-at")


# --------------------------------------------------------------------------------------
# Referrals
# --------------------------------------------------------------------------------------

def _referrals() -> QuerySet[Referral]:
    return Referral.objects.select_related("client", "service__organization", "created_by",
                                           "consent")


def referral_get_for_user(*, membership: Membership, referral_id) -> Referral:
    """The one way staff load a referral: 404 outside the user's contact point."""
    referral = (_referrals().filter(uuid=uuid_or_404(referral_id),
                                    contact_point_id=membership.contact_point_id)
                .prefetch_related("events__actor").first())
    if referral is None:
        raise Http404
    return referral


def referrals_list(*, contact_point: ContactPoint, created_by=None, state: str = "open"
                   ) -> QuerySet[Referral]:
    qs = _referrals().filter(contact_point=contact_point)
    if state == "open":
        qs = qs.filter(status__in=OPEN_STATUSES).order_by("created_at", "id")
    elif state == "attention":
        qs = qs.filter(status__in=ATTENTION_STATUSES, attention_cleared_at__isnull=True
                       ).order_by("-closed_at", "-id")
    else:
        qs = qs.order_by("-created_at", "-id")
    if created_by is not None:
        qs = qs.filter(created_by=created_by)
    return qs


def referrals_needing_attention(*, contact_point: ContactPoint, created_by=None,
                                limit: int = 20) -> list[Referral]:
    """Expired, declined and missed (client did not attend) referrals the adviser has not
    dealt with yet (one query)."""
    return list(referrals_list(contact_point=contact_point, created_by=created_by,
                               state="attention")[:limit])


def referral_recipients(*, service: Service) -> list[PartnerContact]:
    return list(PartnerContact.objects.filter(
        Q(service=service) | Q(service__isnull=True, organization=service.organization_id),
        receives_referrals=True).exclude(email="").order_by("service_id", "name"))


def partner_organizations(*, user) -> list[Organization]:
    return [m.organization for m in PartnerMembership.objects.filter(
        user=user, active=True).select_related("organization").order_by(
        "organization__name")]


def partner_referrals(*, organizations: list[Organization], state: str = "open"
                      ) -> QuerySet[Referral]:
    qs = (Referral.objects.filter(service__organization__in=organizations)
          .select_related("service", "contact_point"))
    if state == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.order_by("-created_at", "-id")


def partner_referral_get(*, organizations: list[Organization], referral_id) -> Referral:
    referral = (_referrals().filter(uuid=uuid_or_404(referral_id),
                                    service__organization__in=organizations)
                .select_related("contact_point").prefetch_related(
                    Prefetch("events")).first())
    if referral is None:
        raise Http404
    return referral


def referral_shared_data(*, referral: Referral) -> list[tuple[str, str]] | None:
    """The client's data the partner may see: only the items the consent covers, and
    nothing at all once the consent is withdrawn or has expired."""
    from django.utils import formats, timezone
    from django.utils.translation import gettext as _

    from kmb.cases.models import HouseholdMember

    if not referral.consent.is_valid_on(timezone.localdate()):
        return None
    client = referral.client
    items: list[tuple[str, str]] = []
    shared = set(referral.shared_data)
    if "name" in shared:
        items.append((_("Name"), client.display_name))
    if "phone" in shared and client.phone:
        items.append((_("Phone"), client.phone))
    if "email" in shared and client.email:
        items.append((_("E-mail"), client.email))
    if "birth_date" in shared and client.birth_date:
        items.append((_("Date of birth"), formats.date_format(client.birth_date,
                                                              "DATE_FORMAT")))
    if "address" in shared and (client.street or client.municipality_id):
        place = " ".join(filter(None, [client.postal_code,
                                       client.municipality.name if client.municipality_id
                                       else ""]))
        items.append((_("Address"), ", ".join(filter(None, [client.street, place]))))
    if "language" in shared:
        items.append((_("Preferred language"), str(client.get_preferred_language_display())))
    if "housing" in shared and client.housing_situation_id:
        text = client.housing_situation.label
        if client.housing_loss_date:
            text += " – " + _("housing lost by %(date)s") % {
                "date": formats.date_format(client.housing_loss_date, "DATE_FORMAT")}
        items.append((_("Housing situation"), text))
    if "household" in shared:
        members = HouseholdMember.objects.filter(household_id=client.household_id).count() \
            if client.household_id else 0
        items.append((_("People in the household"), str(members + 1)))
    return items


def directory_municipalities() -> list[Municipality]:
    """Municipalities with a place of a service or a served area (one query)."""
    return list(Municipality.objects.filter(
        Q(id__in=Location.objects.filter(service_at_locations__isnull=False)
          .values("municipality_id"))
        | Q(id__in=ServiceArea.objects.values("municipality_id")))
        .select_related("district").order_by("name", "district__name")[:500])


def directory_city_districts() -> list:
    """City districts of the cities where the directory has services (one query), so
    that "Praha 7" can be typed as a place."""
    from kmb.core.models import CityDistrict

    return list(CityDistrict.objects.filter(municipality__in=Municipality.objects.filter(
        Q(id__in=Location.objects.filter(service_at_locations__isnull=False)
          .values("municipality_id"))
        | Q(id__in=ServiceArea.objects.values("municipality_id"))))
        .order_by("name")[:300])


#: Category names the public portal's navigator uses, in terms of our categories.
PORTAL_CATEGORY_ALIASES = {
    "night_shelter": ("shelters",), "shelter": ("shelters", "asylum_houses"),
    "crisis_help": ("domestic_violence", "social_counselling"),
    "social_rental_agency": ("social_rental_agencies",), "family_support": ("families",),
    "food_bank": ("food_banks",), "furniture_bank": ("furniture_banks",),
}


@dataclass(frozen=True)
class PublicService:
    """A directory entry as the portal shows it: no staff-only data, in the page's
    language where the entry has a translation."""

    id: uuid.UUID
    name: str
    description: str
    organization: Organization
    phone: str
    email: str
    url: str
    detail_url: str


def public_services_for(*, categories: list[str], municipality: Municipality | None,
                        limit: int = 6) -> list[PublicService]:
    """Active services of the given categories (our codes or the portal's) in or serving
    a municipality; two queries."""
    from django.urls import reverse

    codes = {alias for code in categories
             for alias in PORTAL_CATEGORY_ALIASES.get(code, (code,))}
    terms = TaxonomyTerm.objects.filter(taxonomy_detail_id=CATEGORIES_ID, code__in=codes)
    qs = directory_search(municipality=municipality, public=True).filter(
        id__in=Attribute.objects.filter(taxonomy_term__in=terms).values("link_id"))
    services = list(qs.prefetch_related("phones")[:limit])
    found = []
    for s in services:
        phones = sorted(s.phones.all(), key=lambda p: p.number)
        found.append(PublicService(
            id=s.pk, name=s.name_local, description=s.description_local,
            organization=s.organization, phone=phones[0].number if phones else "",
            email=s.email, url=http_url(s.url),
            detail_url=reverse("network:public_service", args=[s.pk])))
    return found


# --------------------------------------------------------------------------------------
# Who maintains a directory entry
# --------------------------------------------------------------------------------------

def entry_editable(*, user, membership: Membership | None,
                   partner_organizations: list[Organization] | None = None,
                   entry: Organization | Service) -> bool:
    """Whether the user may edit a directory entry (an organisation or a service).

    Administrators may edit everything (they work in the administration). Staff of a
    contact point may, with the edit permission, when their contact point maintains the
    entry. A partner's staff may when the entry is their own organisation's and it says
    the partner maintains it.
    """
    from kmb.accounts.tenancy import is_administrator, membership_has
    from kmb.core.permissions import Perm, Role, role_has

    if is_administrator(user):
        return True
    if membership is not None and membership_has(membership, Perm.DIRECTORY_EDIT) and \
            entry.maintainer_id is not None and \
            entry.maintainer_id == membership.contact_point_id:
        return True
    organization_id = entry.pk if isinstance(entry, Organization) else entry.organization_id
    return bool(entry.maintained_by_partner and role_has(Role.PARTNER,
                                                          Perm.DIRECTORY_MAINTAIN_OWN)
                and any(o.pk == organization_id for o in partner_organizations or []))


def suggestions_pending(*, organization: Organization, service: Service | None = None
                        ) -> list[DirectorySuggestion]:
    """Pending suggestions for an organisation (its own fields) or one of its services."""
    qs = DirectorySuggestion.objects.filter(organization=organization,
                                            status=SuggestionStatus.PENDING)
    qs = qs.filter(service=service) if service is not None else qs.filter(
        service__isnull=True)
    found = list(qs.select_related("suggested_by", "contact_point").order_by("created_at"))
    model = Service if service is not None else Organization
    for suggestion in found:
        suggestion.labelled = [(str(model._meta.get_field(name).verbose_name), value)
                               for name, value in suggestion.proposed.items()]
    return found


def suggestion_get(*, suggestion_id) -> DirectorySuggestion:
    suggestion = (DirectorySuggestion.objects.filter(uuid=uuid_or_404(suggestion_id))
                  .select_related("organization", "service", "suggested_by", "contact_point")
                  .first())
    if suggestion is None:
        raise Http404
    return suggestion


def contact_changes(*, service: Service, days: int | None = None,
                    limit: int = 50) -> list[ContactChange]:
    """Changes of who receives the service's referrals (its own contacts and e-mail and
    the organisation's contacts), newest first; within ``days`` if given."""
    from datetime import timedelta

    from django.utils import timezone

    qs = ContactChange.objects.filter(
        Q(service=service) | Q(service__isnull=True, organization=service.organization_id))
    if days is not None:
        qs = qs.filter(at__gte=timezone.now() - timedelta(days=days))
    return list(qs.select_related("contact_point").order_by("-at", "-id")[:limit])


def organizations_working_with(*, contact_point: ContactPoint) -> QuerySet[Organization]:
    """Directory organisations a contact point works with (e.g. its food or furniture
    bank): the choices for "material aid given through the partner"."""
    return Organization.objects.filter(partner_of=contact_point).order_by("name", "id")
