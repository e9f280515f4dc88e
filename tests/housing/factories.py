"""Housing objects for tests, made through the services where a rule is involved."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from kmb.benefits import services as benefit_services
from kmb.benefits.engine import HouseholdInput, Incomes, PersonInput
from kmb.cases.models import Household, HouseholdMember
from kmb.housing import services
from kmb.housing.models import FlatStatus, SupportMeasure
from tests import factories


def landlord(cp, actor, **data):
    values = {"kind": "person", "name": "Karel Pronajímatel", "phone": "+420 777 123 456"}
    values.update(data)
    return services.landlord_create(contact_point=cp, actor=actor, data=values)


def flat(cp, actor, owner=None, *, offered: bool = True, **data):
    values = {"municipality": factories.municipality("554782"), "street": "Dělnická",
              "house_number": "12", "flat_number": "3", "floor": 2, "lift": True,
              "area_m2": Decimal("58"), "layout": "2+1", "rent": 11400,
              "service_advances": 2500, "energy_estimate": 1500, "deposit": 22800,
              "available_from": timezone.localdate(), "measure": SupportMeasure.NONE}
    values.update(data)
    found = services.flat_create(contact_point=cp, landlord=owner or landlord(cp, actor),
                                 actor=actor, data=values)
    if offered:
        services.flat_set_status(flat=found, actor=actor, status=FlatStatus.OFFERED)
    return found


def household_input(*, net: int = 24000, children: int = 2) -> HouseholdInput:
    members = [PersonInput(role="head", age=34, work_activity="employed",
                           incomes=Incomes(employment_net=Decimal(net)))]
    members += [PersonInput(role="child", age=4 + i) for i in range(children)]
    today = timezone.localdate()
    return HouseholdInput(members=members, period=f"{today.year}-{today.month:02d}",
                          district="praha", rent=Decimal(9000), services=Decimal(2000),
                          energy=Decimal(1500))


def household_client(cp, actor, *, children: int = 2, net: int = 24000,
                     loss_in_days: int | None = 20, consent: bool = True, **needs):
    client = factories.ClientFactory(contact_point=cp, key_worker=actor,
                                     first_name="Petra", last_name="Hledající")
    household = Household.objects.create(contact_point=cp)
    client.household = household
    if loss_in_days is not None:
        client.housing_loss_date = timezone.localdate() + timedelta(days=loss_in_days)
    client.save()
    for i in range(children):
        HouseholdMember.objects.create(household=household, first_name=f"Dítě {i}",
                                       relationship="child",
                                       birth_date=date(2020 - i, 1, 1))
    benefit_services.estimate_record(client=client, actor=actor, contact_point=cp,
                                     household=household_input(net=net, children=children))
    data = {"barrier_free_needed": False, "has_pets": False,
            "earliest_move_in": timezone.localdate(), "active": True,
            "preferred_municipality_ids": [], "preferred_district_ids": [],
            "consent_share_on": timezone.localdate() if consent else None}
    data.update(needs)
    services.needs_save(client=client, actor=actor, data=data)
    return client


def tenancy_objects(cp, actor, client) -> dict:
    """One of each housing object of contact point ``cp`` for the walk of every URL
    (made directly, quickly: the walk only needs them to exist)."""
    from kmb.housing.models import (
        Flat,
        FlatPhoto,
        FollowUp,
        Landlord,
        Lease,
        Proposal,
    )

    owner = Landlord.objects.create(contact_point=cp, name="Zdeňka Tajná-Klientová",
                                    phone="+420 731 000 111", created_by=actor)
    found = Flat.objects.create(contact_point=cp, landlord=owner,
                                municipality=factories.municipality("554782"),
                                house_number="1", area_m2=Decimal(50), layout="2+1", rooms=2,
                                rent=10000, status=FlatStatus.OFFERED)
    # the walk never reaches the file: a name is enough
    photo = FlatPhoto.objects.create(flat=found, image="housing/flats/x/y.jpg")
    proposal = Proposal.objects.create(contact_point=cp, flat=found, client=client,
                                       rule_version=1, proposed_by=actor,
                                       profile={"persons": 1, "children": 0})
    lease = Lease.objects.create(contact_point=cp, proposal=proposal, flat=found,
                                 client=client, signed_on=timezone.localdate(),
                                 starts_on=timezone.localdate(), rent=10000, created_by=actor)
    followup = FollowUp.objects.create(contact_point=cp, lease=lease, months=3,
                                       due_on=timezone.localdate())
    return {"landlord_id": owner.uuid, "flat_id": found.uuid, "photo_id": photo.uuid,
            "proposal_id": proposal.uuid, "followup_id": followup.uuid, "fmt": "csv",
            "step": "owner"}
