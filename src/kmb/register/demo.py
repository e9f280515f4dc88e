"""Demo data of the register: a register officer in Praha 7 and procedures in every state,
walked through the real services (so their steps, letters, deadlines and events are what
the application itself makes). Called by ``manage.py seed_demo``; a second run changes
nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kmb.accounts.models import ContactPoint, Membership, User
from kmb.cases.models import Client
from kmb.core.permissions import Role
from kmb.register import services
from kmb.register.models import OfficeSettings, Procedure

OFFICER = "referent.praha7"
OFFICE_NAME = "KMB Praha 7"

C = {"tie_kind": "residence", "declaration_signed_on": None, "tie_evidence": "občanský průkaz"}
INQUIRY = "Šetření v bytě: 4 osoby v jedné místnosti, vlhkost a plíseň, bez nájemní smlouvy."
UNFAVOURABLE = ("Podle závazného stanoviska Úřadu práce příjem domácnosti přesahuje "
                "hranici stanovenou zákonem o podpoře bydlení.")
REFUSAL = {"reasons": UNFAVOURABLE, "refusal_reason": "income"}

# (path, filed days ago, [(action, days ago, data)], {action: ("delivered"|"ready", days ago)})
SCENARIOS = [
    ("need", 3, [], {}),
    ("need", 12, [("check_competence", 10, C)], {}),
    ("need", 20, [("check_competence", 18, C),
                  ("request_remedy", 17, {"note": "chybí doklad o příjmech za 3 měsíce"})],
     {"request_remedy": ("ready", 16)}),
    ("need", 25, [("check_competence", 24, C), ("record_inquiry", 20, {"note": INQUIRY}),
                  ("request_opinion", 19, {})], {}),
    ("need", 40, [("check_competence", 38, C), ("request_opinion", 35, {}),
                  ("record_opinion", 5, {"opinion_result": "favourable"})], {}),
    ("need", 28, [("check_competence", 27, C), ("request_opinion", 26, {}),
                  ("record_opinion", 10, {"opinion_result": "unfavourable"}),
                  ("invite_evidence", 8, {})], {"invite_evidence": ("delivered", 6)}),
    ("need", 60, [("check_competence", 58, C),
                  ("request_remedy", 55, {"note": "chybí podpis prohlášení"}),
                  ("record_remedy", 45, {}), ("request_opinion", 44, {}),
                  ("record_opinion", 30, {"opinion_result": "favourable"}),
                  ("enter", 28, {}),
                  ("report_change", 10, {"note": "Narodilo se dítě; domácnost má 4 osoby."})],
     {"request_remedy": ("delivered", 53), "enter": ("delivered", 26)}),
    ("need", 50, [("check_competence", 48, C), ("request_opinion", 47, {}),
                  ("record_opinion", 20, {"opinion_result": "unfavourable"}),
                  ("invite_evidence", 18, {}), ("refuse", 9, REFUSAL)],
     {"invite_evidence": ("delivered", 17), "refuse": ("ready", 8)}),
    ("need", 80, [("check_competence", 78, C), ("request_opinion", 77, {}),
                  ("record_opinion", 50, {"opinion_result": "unfavourable"}),
                  ("invite_evidence", 48, {}), ("refuse", 40, REFUSAL),
                  ("record_appeal", 30, {"note": "Odvolání: příjem se od března snížil."})],
     {"invite_evidence": ("delivered", 47), "refuse": ("delivered", 38)}),
    ("need", 120, [("check_competence", 118, C), ("request_opinion", 117, {}),
                   ("record_opinion", 90, {"opinion_result": "unfavourable"}),
                   ("invite_evidence", 88, {}), ("refuse", 80, REFUSAL),
                   ("refusal_final", 60, {})],
     {"invite_evidence": ("delivered", 87), "refuse": ("delivered", 79)}),
    ("need", 200, [("check_competence", 198, C), ("request_opinion", 197, {}),
                   ("record_opinion", 170, {"opinion_result": "favourable"}),
                   ("enter", 165, {}),
                   ("remove", 20, {"reasons": "Domácnost uzavřela nájemní smlouvu na "
                                              "vhodný byt a bytovou nouzi vyřešila."})],
     {"enter": ("delivered", 163), "remove": ("delivered", 18)}),
    ("assistance", 30, [("check_competence", 29, C), ("enter", 20, {})],
     {"enter": ("delivered", 19)}),
    ("need", 100, [("check_competence", 98, C), ("request_opinion", 97, {}),
                   ("record_opinion", 75, {"opinion_result": "unfavourable"}),
                   ("invite_evidence", 73, {}), ("refuse", 65, REFUSAL),
                   ("record_appeal", 55, {"note": "Odvolání proti zamítnutí."}),
                   ("appeal_returned", 25, {"note": "Magistrát rozhodnutí zrušil a věc "
                                                    "vrátil k novému projednání."})],
     {"invite_evidence": ("delivered", 72), "refuse": ("delivered", 63)}),
]


def _officer(cp: ContactPoint) -> tuple[User, Membership]:
    user, _ = User.objects.get_or_create(username=OFFICER, defaults={
        "first_name": "Radka", "last_name": "Řádná", "email": f"{OFFICER}@example.cz",
        "password": make_password(settings.KMB_DEMO_PASSWORD)})
    membership, _ = Membership.objects.get_or_create(user=user, contact_point=cp,
                                                     role=Role.REGISTER_OFFICER)
    return user, membership


def _walk(membership, officer, client, scenario, today: date) -> None:
    path, filed_ago, steps, deliveries = scenario
    filed = today - timedelta(days=filed_ago)
    procedure = services.procedure_file(membership=membership, actor=officer, client=client,
                                        path=path, channel="paper", filed_on=filed,
                                        officer=officer)
    for action, ago, data in steps:
        data = dict(data)
        if "declaration_signed_on" in data:
            data["declaration_signed_on"] = filed
        procedure.refresh_from_db()
        step = services.procedure_step(membership=membership, actor=officer,
                                       procedure=procedure, action_code=action,
                                       on=today - timedelta(days=ago),
                                       version=procedure.version, data=data)
        if action in deliveries:
            how, days_ago = deliveries[action]
            day = today - timedelta(days=days_ago)
            for letter in step.letters.all():
                services.letter_record_delivery(
                    membership=membership, actor=officer, letter=letter,
                    **({"delivered_on": day} if how == "delivered" else {"ready_on": day}))


def _measures(cp, membership, officer, today: date) -> None:
    """Support measures for the households entered in the register."""
    from kmb.register import measures
    from kmb.register.models import Provider

    ngo = Provider.objects.create(contact_point=cp, name="Bydlení na Letné, z. ú.",
                                  ico="", managed_flats=14)
    district = Provider.objects.create(contact_point=cp, name="Městská část Praha 7",
                                       managed_flats=40)
    entered = list(Procedure.objects.filter(contact_point=cp, state="entered")
                   .order_by("entered_on"))
    for n, procedure in enumerate(entered):
        start = procedure.entered_on + timedelta(days=3)
        help_ = measures.measure_start(membership=membership, actor=officer,
                                       procedure=procedure, kind="assistance",
                                       provider=district, starts_on=start)
        for visit in range(3):
            day = start + timedelta(days=2 + 4 * visit)
            if day <= today:
                measures.assistance_record(membership=membership, actor=officer,
                                           measure=help_, on=day, minutes=60 + 15 * visit,
                                           visit=visit % 2 == 0)
        flat = _demo_flat(cp) if n == 0 else None
        if flat is not None:
            # a flat of the office's housing supply (seeded by the housing demo)
            measures.measure_start(membership=membership, actor=officer,
                                   procedure=procedure, kind="guaranteed_tenancy",
                                   provider=ngo, starts_on=start + timedelta(days=5),
                                   flat=flat, first_entry_of_flat=True)


def _demo_flat(cp):
    from kmb.housing.models import Flat, FlatStatus

    return (Flat.objects.filter(contact_point=cp, status__in=(FlatStatus.OFFERED,
                                                              FlatStatus.LET))
            .order_by("id").first())


def _portal_and_wording(cp, membership, officer) -> None:
    """An application a person filed on the portal (waiting on the dashboard) and the
    office's own wording of one letter, as a first version."""
    from kmb.register.letters import letter_texts_save

    services.procedure_file_online(
        contact_point=cp, path="need", persons=3, tie_kind="living",
        tie_evidence="nájemní smlouva v Praze 7 od roku 2023", language="uk",
        situation="Bydlíme na ubytovně, smlouva na pokoj končí za měsíc; platíme 14 000 Kč.",
        applicant={"first_name": "Oksana", "last_name": "Demová", "street": "",
                   "birth_date": date(1987, 9, 2), "municipality": cp.municipality,
                   "email": "oksana.demova@example.invalid", "phone": ""})
    letter_texts_save(membership=membership, actor=officer, kind="entry", texts={
        "title": "Oznámení o zápisu do evidence osob v bytové nouzi (Praha 7)"})


def seed_register_demo(*, stdout=None) -> None:
    cp = ContactPoint.objects.filter(name=OFFICE_NAME).first()
    if cp is None or Procedure.objects.filter(contact_point=cp).exists():
        return
    clients = list(Client.objects.filter(contact_point=cp, merged_into__isnull=True)
                   .exclude(last_name="").order_by("id")[:len(SCENARIOS)])
    if len(clients) < len(SCENARIOS):
        return
    today = timezone.localdate()
    with transaction.atomic():
        officer, membership = _officer(cp)
        OfficeSettings.objects.get_or_create(contact_point=cp, defaults={
            "authority": "Úřad městské části Praha 7",
            "department": "Odbor sociálních věcí, kontaktní místo pro bydlení",
            "reference_prefix": "UMCP7/KMB",
            "appeal_authority": "Magistrát hlavního města Prahy"})
        for client, scenario in zip(clients, SCENARIOS, strict=True):
            _walk(membership, officer, client, scenario, today)
        _measures(cp, membership, officer, today)
        _portal_and_wording(cp, membership, officer)
    if stdout is not None:
        stdout.write(f"Register demo: {len(SCENARIOS)} procedures at {OFFICE_NAME} "
                     f"(login {OFFICER}).")
