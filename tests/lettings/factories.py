"""Municipal flat objects for tests, made through the services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from kmb.cases.models import HousingSituation
from kmb.housing import services as housing_services
from kmb.lettings import examples, services
from kmb.lettings.models import (
    ApplicationDocument,
    ApplicationSource,
    DocumentKind,
    FitRule,
    Programme,
    ProgrammeKind,
)
from tests import factories


def programme(cp, actor=None, *, rules: bool = True, **data) -> Programme:
    values = {"municipality": cp.municipality, "kind": ProgrammeKind.SOCIAL,
              "name": "Sociální byty", "name_en": "Social flats", "name_uk": "Соціальні квартири",
              "target_group": "Domácnosti v bytové nouzi.", "max_income_per_person": 25000}
    values.update(data)
    prog = Programme.objects.create(contact_point=cp, **values)
    for rooms, (low, high) in examples.STANDARD_FIT.items():
        FitRule.objects.create(programme=prog, rooms=rooms, min_persons=low, max_persons=high)
    if rules:
        services.rules_publish(programme=prog, actor=actor,
                               criteria=examples.SOCIAL_CRITERIA,
                               exclusions=examples.STANDARD_EXCLUSIONS,
                               valid_from=date(2026, 1, 1), rescore=False)
    return prog


def members(first="Olena", last="Kovalenko", birth=date(1990, 5, 1), children=1,
            income=18000, **extra):
    rows = [{"first_name": first, "last_name": last, "birth_date": birth,
             "relationship": "applicant", "income": income, "disability": False, **extra}]
    rows += [{"first_name": f"Dítě{i}", "last_name": last, "birth_date": date(2018 + i, 1, 1),
              "relationship": "child", "income": 0} for i in range(children)]
    return rows


def application(prog, actor=None, *, situation="family_friends", children=1,
                income=18000, register=False, first="Olena", last="Kovalenko",
                source=ApplicationSource.OFFICE, **data):
    values = {"first_name": first, "last_name": last, "birth_date": date(1990, 5, 1),
              "email": f"{first.lower()}.{last.lower()}@example.cz", "phone": "+420 777 000 111",
              "housing_situation": HousingSituation.objects.get(code=situation),
              "housing_cost": 9000, "residence_years": 4, "language": "uk"}
    values.update(data)
    app = services.application_create(
        programme=prog, data=values, actor=actor, source=source,
        members=members(first, last, values["birth_date"], children, income))
    if register:
        for kind in services.document_checklist(app):
            ApplicationDocument.objects.create(application=app, kind=kind,
                                               seen_at_office=True)
        services.application_register(application=app, actor=actor)
        app.refresh_from_db()
    return app


def municipal_flat(cp, actor, prog, *, layout="2+1", **data):
    owner = housing_services.landlord_create(
        contact_point=cp, actor=actor,
        data={"kind": "municipality", "name": "Městská část Praha 7"})
    values = {"municipality": factories.municipality("554782"), "street": "Dukelských hrdinů",
              "house_number": "20", "flat_number": "7", "floor": 3, "lift": True,
              "area_m2": Decimal("56"), "layout": layout, "rent": 7800,
              "service_advances": 2400, "energy_estimate": 1400, "deposit": 15600,
              "available_from": timezone.localdate()}
    values.update(data)
    flat = housing_services.flat_create(contact_point=cp, landlord=owner, actor=actor,
                                        data=values)
    services.programme_flat_set(flat=flat, programme=prog, actor=actor)
    return flat


__all__ = ["programme", "application", "municipal_flat", "DocumentKind"]


def lettings_objects(cp, actor, client) -> dict:
    """One of each municipal flats object of contact point ``cp`` for the walk of every
    URL: an application of ``client`` (with its sensitive housing situation and name), a
    document, a letter, a reported change, a programme, a scoring run and an offer."""
    from django.core.files.base import ContentFile

    from kmb.lettings.models import (
        Application,
        ApplicationMember,
        ChangeReport,
        Letter,
        Offer,
        ScoringRun,
    )

    prog = programme(cp, actor)
    app = Application.objects.create(
        contact_point=cp, programme=prog, number="W-1", client=client,
        first_name=client.first_name, last_name=client.last_name, phone=client.phone,
        email="tajna@example.cz", status="registered", registered_on=timezone.localdate(),
        housing_situation=HousingSituation.objects.get(code="violence_shelter"))
    ApplicationMember.objects.create(application=app, first_name=client.first_name,
                                     last_name=client.last_name, relationship="applicant",
                                     birth_date=date(1980, 1, 1))
    services.application_score(application=app, actor=actor, reason="walk")
    document = ApplicationDocument.objects.create(application=app, kind="identity",
                                                  seen_at_office=True)
    letter = Letter(application=app, kind="registration")
    from weasyprint import HTML

    letter.pdf.save(f"lettings/letters/{app.uuid}/w.pdf",
                    ContentFile(HTML(string=f"<p>{client.last_name}</p>").write_pdf()),
                    save=False)
    letter.save()
    report = ChangeReport.objects.create(application=app, kind="other", note="walk")
    run = ScoringRun.objects.create(contact_point=cp, programme=prog,
                                    rule_set=prog.rule_sets.get(), status="done")
    flat = municipal_flat(cp, actor, prog)
    offer = Offer.objects.create(contact_point=cp, flat=flat, programme=prog,
                                 status="open", published_at=timezone.now(),
                                 closes_at=timezone.now() + timedelta(days=7))
    return {"application_id": app.uuid, "document_id": document.uuid,
            "letter_id": letter.uuid, "report_id": report.uuid, "programme_id": prog.uuid,
            "run_id": run.uuid, "offer_id": offer.uuid}
