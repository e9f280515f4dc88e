"""Demo data of the housing supply, written through the housing services.

About forty flats in three demo offices (Praha 7, Most, Liberec) with photos drawn here as
simple floor plans, owners of every kind including an SVJ, owner consultations, household
needs of some demo clients (with a real DSSP estimate each), proposals in every state, and
leases whose follow-ups are due. Idempotent: a marker parameter records that it ran.
"""

from __future__ import annotations

import contextlib
import io
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from kmb.accounts.models import ContactPoint, Membership
from kmb.benefits import services as benefit_services
from kmb.benefits.engine import HouseholdInput, Incomes, PersonInput
from kmb.cases import services as case_services
from kmb.cases.models import Client, HouseholdMember
from kmb.core.models import DatedParameter, Municipality
from kmb.core.permissions import Role
from kmb.housing import services
from kmb.housing.models import (
    Flat,
    FlatStatus,
    OwnerKind,
    OwnerTopic,
    Proposal,
    ProposalStatus,
    SupportMeasure,
)

MARKER_KEY = "demo.housing"
SEED = 20261206

OFFICES = (
    # slug, municipality, engine district, streets, number of flats
    ("praha7", "Praha", "praha", ("Dělnická", "Komunardů", "Tusarova", "Milady Horákové",
                                  "Františka Křížka", "Veletržní"), 14),
    ("most", "Most", "Most", ("Jana Palacha", "Moskevská", "Zdeňka Štěpánka", "Albrechtická",
                              "Obránců míru"), 14),
    ("liberec", "Liberec", "Liberec", ("Ještědská", "Dr. Milady Horákové", "Sokolská",
                                       "Zeyerova"), 12),
)

OWNERS = (
    (OwnerKind.PERSON, "Jaroslav Kučera", ""),
    (OwnerKind.PERSON, "Marie Dvořáková", ""),
    (OwnerKind.COMPANY, "Bytový fond Sever s.r.o.", "25596641"),
    (OwnerKind.SVJ, "Společenství vlastníků jednotek domu č. p. 1520", "27074358"),
    (OwnerKind.MUNICIPALITY, "Město – správa bytového fondu", "00265292"),
)

HOUSEHOLDS = (("Lenka", "Bytová"), ("Tomáš", "Hledal"), ("Simona", "Novotná-Krátká"),
              ("Radek", "Stěhovavý"), ("Ivana", "Čekalová"), ("Pavel", "Domovský"),
              ("Olga", "Nájemná"), ("Martin", "Přístřeší"))

LAYOUTS = (("1+kk", 28, 7900), ("1+1", 36, 8900), ("2+kk", 45, 10900), ("2+1", 58, 11400),
           ("3+kk", 68, 13900), ("3+1", 78, 15200))


def floor_plan(layout: str, seed: int) -> bytes:
    """A simple drawn floor plan of a layout, as a PNG."""
    rng = random.Random(seed)
    rooms = int(layout.split("+")[0])
    image = Image.new("RGB", (960, 640), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 920, 600), outline="#1f2937", width=8)
    width = 880 // (rooms + 1)
    for i in range(rooms + 1):
        x0 = 40 + i * width
        draw.rectangle((x0, 40, x0 + width, 600 if i else 340), outline="#1f2937", width=4)
        label = "kuchyně" if i == 0 else f"pokoj {i}"
        draw.text((x0 + 20, 60), label, fill="#1f2937")
        draw.rectangle((x0 + 20, 560, x0 + 60 + rng.randint(0, 40), 596), fill="#93c5fd")
    draw.text((60, 560), layout, fill="#b91c1c")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed_housing_demo(*, stdout) -> None:
    if DatedParameter.objects.filter(key=MARKER_KEY).exists():
        stdout.write("The housing supply demo is already loaded; nothing changed.\n")
        return
    seeder = _Seeder()
    with transaction.atomic():
        for spec in OFFICES:
            seeder.office(*spec)
        DatedParameter.objects.create(key=MARKER_KEY, value=True,
                                      valid_from=timezone.localdate(),
                                      description="Housing supply demo data loaded.")
    stdout.write(f"Housing supply: {seeder.stats['owners']} owners, {seeder.stats['flats']} "
                 f"flats, {seeder.stats['proposals']} proposals, {seeder.stats['leases']} "
                 "leases.\n")
    if seeder.owner_username:
        stdout.write(f"Owner login: {seeder.owner_username} (an SVJ; proposals for its flats "
                     "at /staff/owner/).\n")


class _Seeder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.stats = {"owners": 0, "flats": 0, "proposals": 0, "leases": 0}
        self.owner_username = ""

    def _staff(self, office: ContactPoint, role: str):
        found = (Membership.objects.filter(contact_point=office, role=role, active=True)
                 .select_related("user").first())
        return found.user if found else None

    def office(self, slug: str, municipality_name: str, district: str, streets, count: int
               ) -> None:
        office = ContactPoint.objects.filter(name=_name(slug)).first()
        if office is None:
            return
        officer = self._staff(office, Role.HOUSING_OFFICER) or self._staff(office, Role.LEAD)
        adviser = self._staff(office, Role.ADVISER) or officer
        municipality = Municipality.objects.filter(name=municipality_name).order_by(
            "code").first()
        if officer is None or municipality is None:
            return
        owners = [self._owner(office, officer, kind, name, ico, municipality)
                  for kind, name, ico in OWNERS]
        if slug == "most":
            self._owner_account(owners[3])
        flats = [self._flat(office, officer, owners[i % len(owners)], municipality, streets, i)
                 for i in range(count)]
        households = self._households(office, adviser, district)
        self._proposals(office, officer, adviser, flats, households)

    def _owner(self, office, officer, kind, name, ico, municipality):
        owner = services.landlord_create(contact_point=office, actor=officer, data={
            "kind": kind, "name": name, "ico": ico,
            "phone": f"+420 777 {self.rng.randint(100, 999)} {self.rng.randint(100, 999)}",
            "email": "", "municipality": municipality,
            "contact_person": "Ing. Hana Správcová" if kind == OwnerKind.SVJ else "",
            "consent_given_on": self.today - timedelta(days=self.rng.randint(30, 400))})
        self.stats["owners"] += 1
        topics = list(OwnerTopic.objects.order_by("?")[:2]) if kind != OwnerKind.SVJ else \
            list(OwnerTopic.objects.filter(code__in=("svj_governance", "services_settlement")))
        services.owner_consultation_record(
            landlord=owner, actor=officer, topics=topics,
            notes="Demo: konzultace s vlastníkem.",
            occurred_at=timezone.now() - timedelta(days=self.rng.randint(5, 200)))
        return owner

    def _owner_account(self, landlord) -> None:
        """A login for the SVJ, to answer proposals for its flats."""
        from django.conf import settings

        from kmb.accounts.models import User
        from kmb.housing.models import OwnerAccount

        user = User.objects.create_user(username="vlastnik.most",
                                        password=settings.KMB_DEMO_PASSWORD,
                                        first_name="Hana", last_name="Správcová")
        OwnerAccount.objects.create(user=user, landlord=landlord)
        self.owner_username = user.username

    def _flat(self, office, officer, owner, municipality, streets, i: int) -> Flat:
        layout, area, rent = LAYOUTS[i % len(LAYOUTS)]
        if municipality.name != "Praha":
            rent = int(rent * 0.7)
        measure = (SupportMeasure.NONE, SupportMeasure.GUARANTEED, SupportMeasure.SUBLEASE,
                   SupportMeasure.SUPPORTED_MUNICIPAL)[i % 4]
        flat = services.flat_create(contact_point=office, landlord=owner, actor=officer, data={
            "municipality": municipality, "street": streets[i % len(streets)],
            "house_number": f"{self.rng.randint(100, 2400)}/{self.rng.randint(1, 60)}",
            "flat_number": str(self.rng.randint(1, 24)), "floor": self.rng.randint(0, 6),
            "lift": i % 3 == 0, "area_m2": Decimal(area + self.rng.randint(-3, 4)),
            "layout": layout, "rent": rent, "service_advances": 1800 + 300 * (i % 4),
            "energy_estimate": 1200 + 200 * (i % 3), "deposit": 2 * rent,
            "barrier_free": i % 5 == 0, "pets_allowed": i % 2 == 0,
            "available_from": self.today + timedelta(days=self.rng.randint(-10, 40)),
            "min_lease_months": 12, "measure": measure, "description": ""})
        self.stats["flats"] += 1
        services.photo_add(flat=flat, actor=officer, caption=f"Půdorys {layout}",
                           upload=ContentFile(floor_plan(layout, i), name="plan.png"))
        if i % 7 == 6:
            return flat  # stays in preparation
        # above the maximum permitted rent it stays in preparation and says why
        with contextlib.suppress(services.DomainError):
            services.flat_set_status(flat=flat, actor=officer, status=FlatStatus.OFFERED)
        flat.refresh_from_db()
        return flat

    def _households(self, office, adviser, district: str) -> list[Client]:
        """Eight households looking for a flat, each with a real DSSP estimate."""
        made = []
        for n, (first, last) in enumerate(HOUSEHOLDS):
            client = case_services.client_create(contact_point=office, actor=adviser, data={
                "first_name": first, "last_name": last,
                "birth_date": date(1975 + 2 * n, 1 + n, 10 + n),
                "housing_at_risk": True,
                "housing_loss_date": self.today + timedelta(days=15 + 25 * n)})
            for k in range(n % 3):
                case_services.household_member_add(client=client, actor=adviser, data={
                    "first_name": f"Dítě {k + 1}", "last_name": last,
                    "birth_date": date(2014 + 2 * k, 3, 1), "relationship": "child"})
            household = self._household_input(client, district, net=17000 + 1500 * n)
            benefit_services.estimate_record(client=client, actor=adviser,
                                             contact_point=office, household=household)
            services.needs_save(client=client, actor=adviser, data={
                "barrier_free_needed": False, "has_pets": n % 4 == 3,
                "earliest_move_in": self.today, "active": True,
                "preferred_municipality_ids": [], "preferred_district_ids": [],
                "consent_share_on": self.today - timedelta(days=n)})
            made.append(client)
        return made

    def _household_input(self, client: Client, district: str, *, net: int) -> HouseholdInput:
        members = [PersonInput(role="head", age=client.age or 35, work_activity="employed",
                               incomes=Incomes(employment_net=Decimal(net)))]
        for m in HouseholdMember.objects.filter(household_id=client.household_id):
            role = m.relationship if m.relationship in ("partner", "child", "parent",
                                                        "sibling") else "other"
            age = (self.today.year - m.birth_date.year) if m.birth_date else \
                (8 if role == "child" else 40)
            members.append(PersonInput(role=role, age=max(age, 0)))
        return HouseholdInput(members=members, period=f"{self.today:%Y-%m}",
                              district=district, rent=Decimal(9000), services=Decimal(2000),
                              energy=Decimal(1500))

    def _proposals(self, office, officer, adviser, flats, households) -> None:
        """Proposals in every state; two leases with follow-ups due."""
        steps = {
            ProposalStatus.PROPOSED: [],
            ProposalStatus.VIEWING: [ProposalStatus.VIEWING],
            ProposalStatus.OWNER_ACCEPTED: [ProposalStatus.OWNER_ACCEPTED],
            ProposalStatus.OWNER_DECLINED: [ProposalStatus.OWNER_DECLINED],
            ProposalStatus.CLIENT_ACCEPTED: [ProposalStatus.OWNER_ACCEPTED,
                                             ProposalStatus.CLIENT_ACCEPTED],
            ProposalStatus.CLIENT_DECLINED: [ProposalStatus.OWNER_ACCEPTED,
                                             ProposalStatus.CLIENT_DECLINED],
            ProposalStatus.WITHDRAWN: [ProposalStatus.WITHDRAWN],
            ProposalStatus.LEASED: [ProposalStatus.OWNER_ACCEPTED,
                                    ProposalStatus.CLIENT_ACCEPTED],
        }
        targets = list(steps.items()) + [(ProposalStatus.LEASED, steps[ProposalStatus.LEASED])]
        from kmb.housing import selectors

        for client in households:
            if not targets:
                return
            needs = selectors.needs_for_client(client=client)
            if needs is None or not needs.active:
                continue
            match = next(iter(selectors.match_flats_for_needs(needs=needs)), None)
            if match is None:
                continue
            flat = Flat.objects.get(pk=match.flat_id)
            final, path = targets.pop(0)
            proposal = services.proposal_create(flat=flat, client=client, actor=adviser)
            self.stats["proposals"] += 1
            for status in path:
                services.proposal_advance(
                    proposal=proposal, status=status, actor=officer,
                    reason="Demo: důvod odmítnutí." if "declined" in status or
                    status == ProposalStatus.WITHDRAWN else "",
                    viewing_at=timezone.now() + timedelta(days=3)
                    if status == ProposalStatus.VIEWING else None)
            if final == ProposalStatus.LEASED:
                self._lease(proposal, officer)

    def _lease(self, proposal: Proposal, officer) -> None:
        # the story began months ago: the proposal, then the lease, so follow-ups are due
        # one lease 14 months ago (its follow-ups recorded, the 12-month one counts for
        # sustainment), one 100 days ago (its 3-month follow-up is due)
        start = self.today - timedelta(days=425 if self.stats["leases"] % 2 else 100)
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=timezone.make_aware(datetime.combine(start - timedelta(days=20),
                                                            time(10, 0))))
        proposal.refresh_from_db()
        lease = services.lease_sign(proposal=proposal, actor=officer, signed_on=start,
                                    starts_on=start, term_months=24, rent=proposal.flat.rent,
                                    deposit=proposal.flat.deposit)
        self.stats["leases"] += 1
        for follow_up in lease.follow_ups.filter(due_on__lt=self.today - timedelta(days=40)):
            services.followup_record(followup=follow_up, actor=officer, outcome="housed")


def _name(slug: str) -> str:
    return {"praha7": "KMB Praha 7", "most": "KMB Most", "liberec": "KMB Liberec"}[slug]

