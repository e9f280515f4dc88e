"""Demo data of the municipal flats, written through the lettings services.

In KMB Praha 7: four programmes of the municipality (social flats, flats for seniors, flats
for key professions, start-up flats) with published rules and size rules, five municipal
flats with drawn floor plans, about thirty applications in every status (registered ones
dated back so the time on the register counts), one offer open for interest with
interested applicants and one let offer with its anonymised result. Idempotent: a marker
parameter records that it ran.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kmb.accounts.models import ContactPoint, Membership
from kmb.cases.models import HousingSituation
from kmb.core.models import DatedParameter, Municipality
from kmb.core.permissions import Role
from kmb.housing import services as housing_services
from kmb.lettings import examples, services
from kmb.lettings.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    FitRule,
    Offer,
    Programme,
    ProgrammeKind,
    StatusChange,
)

MARKER_KEY = "demo.lettings"
SEED = 20261214
OFFICE_NAME = "KMB Praha 7"

PROGRAMMES = (
    # kind, cs, en, uk, target group (cs), conditions (cs), criteria, extra eligibility
    (ProgrammeKind.SOCIAL, "Sociální byty", "Social flats", "Соціальні квартири",
     "Domácnosti bez bydlení nebo v nejistém či nevyhovujícím bydlení s nízkými příjmy.",
     "Příjem do 1,5násobku životního minima na osobu; nájemní smlouva na rok s možností "
     "prodloužení; spolupráce se sociální pracovnicí.",
     examples.SOCIAL_CRITERIA, {"max_income_per_person": 20000}),
    (ProgrammeKind.SENIORS, "Byty pro seniory (dům s pečovatelskou službou)",
     "Flats for seniors (house with care services)",
     "Квартири для літніх людей (будинок з доглядом)",
     "Lidé od 65 let, kteří zvládnou samostatné bydlení s pomocí pečovatelské služby.",
     "Alespoň 5 let pobytu v městské části.",
     examples.SENIOR_CRITERIA, {"min_age": 65, "min_tie_years": 5}),
    (ProgrammeKind.KEY_PROFESSIONS, "Byty pro klíčové profese", "Flats for key professions",
     "Квартири для ключових професій",
     "Zdravotníci, učitelé, strážníci a další profese, které městská část potřebuje.",
     "Pracovní poměr u zaměstnavatele v městské části; nájem na dobu trvání pracovního "
     "poměru.", examples.KEY_PROFESSION_CRITERIA, {"requires_key_profession": True}),
    (ProgrammeKind.STARTER, "Startovací byty pro mladé", "Start-up flats for young people",
     "Стартові квартири для молоді",
     "Mladí lidé do 35 let, kteří si zakládají první samostatné bydlení.",
     "Nájem nejvýše na 5 let.", examples.SOCIAL_CRITERIA[1:], {"max_age": 35}),
)

NAMES = (("Jana", "Procházková"), ("Oksana", "Melnyk"), ("Petr", "Veselý"),
         ("Lucie", "Horáková"), ("Milan", "Kratochvíl"), ("Iryna", "Bondarenko"),
         ("Eva", "Šimková"), ("Karel", "Beneš"), ("Zdeňka", "Marešová"), ("Ondřej", "Pokorný"),
         ("Alena", "Fialová"), ("Dmytro", "Shevchenko"), ("Věra", "Kopecká"),
         ("Roman", "Sýkora"), ("Hana", "Urbanová"), ("Tetiana", "Kravets"),
         ("Jiří", "Holub"), ("Marta", "Vacková"), ("Josef", "Staněk"), ("Kateřina", "Říhová"),
         ("Andrii", "Tkachenko"), ("Blanka", "Zemanová"), ("Vladimír", "Doležal"),
         ("Simona", "Kolářová"), ("Radka", "Navrátilová"), ("Tomáš", "Čermák"),
         ("Natalia", "Lysenko"), ("Libuše", "Pospíšilová"), ("Adam", "Moravec"),
         ("Ludmila", "Bartošová"), ("Filip", "Jelínek"))

SITUATIONS = ("homeless_shelter", "family_friends", "commercial_hostel", "notice_eviction",
              "overcrowded", "unaffordable", "night_shelter", "refugee_accommodation",
              "unfit", "no_lease", "rented_secure", "violence_shelter")

FLATS = (("1+kk", 29, 6400, 2, True), ("2+kk", 44, 8200, 1, False),
         ("2+1", 57, 9100, 3, True), ("3+1", 74, 11800, 4, True), ("1+1", 35, 6900, 0, True))


def seed_lettings_demo(*, stdout) -> None:
    if DatedParameter.objects.filter(key=MARKER_KEY).exists():
        stdout.write("The municipal flats demo is already loaded; nothing changed.\n")
        return
    office = ContactPoint.objects.filter(name=OFFICE_NAME).first()
    if office is None:
        return
    with transaction.atomic():
        stats = _Seeder(office).run()
        DatedParameter.objects.create(key=MARKER_KEY, value=True,
                                      valid_from=timezone.localdate(),
                                      description="Municipal flats demo data loaded.")
    stdout.write(f"Municipal flats: {stats['programmes']} programmes, {stats['applications']} "
                 f"applications, {stats['flats']} flats, {stats['offers']} offers.\n")


class _Seeder:
    def __init__(self, office: ContactPoint) -> None:
        self.office = office
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        found = (Membership.objects.filter(contact_point=office, active=True,
                                           role__in=(Role.HOUSING_OFFICER, Role.LEAD))
                 .select_related("user").order_by("role").first())
        self.officer = found.user if found else None
        self.stats = {"programmes": 0, "applications": 0, "flats": 0, "offers": 0}

    def run(self) -> dict:
        if self.officer is None:
            return self.stats
        municipality = Municipality.objects.get(code="554782")
        programmes = [self._programme(municipality, i, *spec)
                      for i, spec in enumerate(PROGRAMMES)]
        social = programmes[0]
        apps = [self._application(social if i < 24 else programmes[1 + i % 3], i, *name)
                for i, name in enumerate(NAMES)]
        flats = self._flats(municipality, social, programmes[1])
        self._offers(flats, social, apps)
        return self.stats

    def _programme(self, municipality, order, kind, cs, en, uk, target, conditions, criteria,
                   eligibility) -> Programme:
        programme = Programme.objects.create(
            contact_point=self.office, municipality=municipality, kind=kind, name=cs,
            name_en=en, name_uk=uk, target_group=target, conditions=conditions,
            how_to_apply="Žádost podáte na portálu (bez přihlášení) nebo osobně na kontaktním "
                         "místě; doklady můžete přinést později.",
            order=order, **eligibility)
        for rooms, (low, high) in examples.STANDARD_FIT.items():
            FitRule.objects.create(programme=programme, rooms=rooms, min_persons=low,
                                   max_persons=high)
        services.rules_publish(programme=programme, actor=self.officer, criteria=criteria,
                               exclusions=examples.STANDARD_EXCLUSIONS,
                               valid_from=date(self.today.year, 1, 1),
                               note="Pravidla schválená radou městské části.", rescore=False)
        self.stats["programmes"] += 1
        return programme

    def _application(self, programme, i, first, last) -> Application:
        rng = self.rng
        kind = programme.kind
        birth = (date(1945 + rng.randint(0, 12), rng.randint(1, 12), rng.randint(1, 28))
                 if kind == ProgrammeKind.SENIORS else
                 date(1992 + rng.randint(0, 6), rng.randint(1, 12), rng.randint(1, 28))
                 if kind == ProgrammeKind.STARTER else
                 date(1970 + rng.randint(0, 25), rng.randint(1, 12), rng.randint(1, 28)))
        children = 0 if kind == ProgrammeKind.SENIORS else rng.choice((0, 0, 1, 1, 2, 3))
        income = rng.choice((9000, 12500, 16000, 21000, 26000))
        members = [{"first_name": first, "last_name": last, "birth_date": birth,
                    "relationship": "applicant", "income": income,
                    "disability": i % 9 == 4}]
        if i % 3 == 0 and kind != ProgrammeKind.SENIORS:
            members.append({"first_name": "Partner", "last_name": last,
                            "birth_date": date(birth.year + 1, 6, 1), "relationship": "partner",
                            "income": rng.choice((0, 14000, 19000))})
        for c in range(children):
            members.append({"first_name": f"Dítě {c + 1}", "last_name": last,
                            "birth_date": date(2012 + 3 * c, 3, 1 + c),
                            "relationship": "child", "income": 0})
        situation = HousingSituation.objects.get(code=SITUATIONS[i % len(SITUATIONS)])
        language = "uk" if last in ("Melnyk", "Bondarenko", "Shevchenko", "Kravets",
                                    "Tkachenko", "Lysenko") else "cs"
        app = services.application_create(programme=programme, actor=self.officer,
                                           members=members, data={
            "first_name": first, "last_name": last, "birth_date": birth,
            "email": f"zadatel{i + 1}@example.cz", "phone": f"+420 603 {100000 + i * 37:06d}",
            "street": f"Komunardů {10 + i}, Praha 7", "language": language,
            "housing_situation": situation, "housing_cost": rng.choice((0, 6500, 9800, 12400)),
            "permanent_residence": i % 4 != 3, "residence_years": rng.randint(0, 12),
            "work_years": rng.randint(0, 6),
            "key_profession": "zdravotní sestra, Nemocnice Na Františku"
            if kind == ProgrammeKind.KEY_PROFESSIONS else "",
            "barrier_free_needed": i % 9 == 4, "owns_home": i == 17,
            "debt_to_municipality": False})
        self.stats["applications"] += 1
        outcome = ("registered" if i % 6 not in (1, 5) else
                   ("submitted", "incomplete", "suspended", "removed")[(i // 6) % 4])
        if programme.kind == ProgrammeKind.STARTER and outcome == "registered" and \
                i % 2:
            outcome = "submitted"
        if outcome == "submitted":
            return app
        for kind_code in services.document_checklist(app):
            ApplicationDocument.objects.create(application=app, kind=kind_code,
                                               seen_at_office=True, uploaded_by=self.officer)
        if outcome == "incomplete":
            ApplicationDocument.objects.filter(application=app, kind="income").delete()
            services.application_request_completion(
                application=app, actor=self.officer, missing=["income"],
                note="potvrzení o příjmu partnera")
            return app
        try:
            services.application_register(application=app, actor=self.officer)
        except services.DomainError:
            return app
        months = rng.randint(1, 30)
        registered = services.add_months(self.today, -months)
        Application.objects.filter(pk=app.pk).update(
            registered_on=registered,
            registration_expires_on=services.add_months(self.today, rng.randint(0, 11)),
            last_contact_at=timezone.now() - timedelta(days=rng.randint(5, 140)))
        StatusChange.objects.filter(application=app, to_status="registered").update(
            at=timezone.now() - timedelta(days=months * 30))
        app.refresh_from_db()
        services.application_score(application=app, actor=self.officer,
                                   reason="čas v evidenci")
        if outcome == "suspended":
            services.application_set_status(application=app, actor=self.officer,
                                            status=ApplicationStatus.SUSPENDED,
                                            reason="dlouhodobě v zahraničí")
        elif outcome == "removed":
            services.application_set_status(application=app, actor=self.officer,
                                            status=ApplicationStatus.REMOVED,
                                            reason="žadatel vzal žádost zpět")
        app.refresh_from_db()
        return app

    def _flats(self, municipality, social, seniors) -> list:
        from kmb.housing.demo import floor_plan

        owner = housing_services.landlord_create(
            contact_point=self.office, actor=self.officer,
            data={"kind": "municipality", "name": "Městská část Praha 7 – bytový fond",
                  "ico": "00063754", "phone": "+420 220 144 111"})
        made = []
        for i, (layout, area, rent, floor, lift) in enumerate(FLATS):
            flat = housing_services.flat_create(
                contact_point=self.office, landlord=owner, actor=self.officer, data={
                    "municipality": municipality, "street": ("U Průhonu", "Dukelských hrdinů",
                                                             "Heřmanova", "Kamenická",
                                                             "Janovského")[i],
                    "house_number": f"{1100 + 17 * i}/{5 + i}", "flat_number": str(3 + i),
                    "floor": floor, "lift": lift, "area_m2": Decimal(area), "layout": layout,
                    "rent": rent, "service_advances": 2100 + 200 * i,
                    "energy_estimate": 1300 + 150 * i, "deposit": 2 * rent,
                    "barrier_free": i in (0, 4), "pets_allowed": i % 2 == 0,
                    "available_from": self.today + timedelta(days=14 + 7 * i),
                    "description": "Městský byt po rekonstrukci, nová kuchyňská linka, "
                                   "plastová okna."})
            housing_services.photo_add(flat=flat, actor=self.officer,
                                       caption=f"Půdorys {layout}",
                                       upload=ContentFile(floor_plan(layout, 100 + i),
                                                          name="plan.png"))
            services.programme_flat_set(flat=flat, programme=seniors if i == 4 else social,
                                        actor=self.officer)
            self.stats["flats"] += 1
            made.append(flat)
        return made

    def _offers(self, flats, social, apps) -> None:
        registered = [a for a in apps if a.status == ApplicationStatus.REGISTERED
                      and a.programme_id == social.pk and not a.excluded]
        # a let offer with its anonymised result
        offer = services.offer_create(flat=flats[1], actor=self.officer,
                                      note="Prohlídka po dohodě s bytovým odborem.")
        services.offer_publish(offer=offer, actor=self.officer)
        fitting = [a for a in registered
                   if offer.min_persons <= a.members.count() <= offer.max_persons]
        for app in fitting[:4]:
            services.interest_express(application=app, offer=offer)
        Offer.objects.filter(pk=offer.pk).update(closes_at=timezone.now() - timedelta(days=3))
        refused = services.allocation_offer_next(offer=offer, actor=self.officer)
        services.allocation_decide(allocation=refused, actor=self.officer, accepted=False,
                                   reason="byt je příliš daleko od školy dětí")
        accepted = services.allocation_offer_next(offer=offer, actor=self.officer)
        services.allocation_decide(allocation=accepted, actor=self.officer, accepted=True)
        self.stats["offers"] += 1
        # an offer open for interest now, with interested applicants
        offer = services.offer_create(flat=flats[2], actor=self.officer)
        services.offer_publish(offer=offer, actor=self.officer)
        fitting = [a for a in registered if a.status == ApplicationStatus.REGISTERED
                   and offer.min_persons <= a.members.count() <= offer.max_persons
                   and a.pk != accepted.application_id]
        for app in fitting[:3]:
            services.interest_express(application=app, offer=offer)
        self.stats["offers"] += 1
        # a draft offer ready to publish
        services.offer_create(flat=flats[3], actor=self.officer)
        self.stats["offers"] += 1
