"""The whole path of the municipal flats through the services: apply, register, score,
offer, interest, allocate, result; and the fairness rules along the way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kmb.cases.errors import DomainError
from kmb.lettings import selectors, services
from kmb.lettings.models import (
    ApplicationStatus,
    DecisionOutcome,
    OfferStatus,
    ScoreRecord,
)
from tests.lettings import factories as lf

pytestmark = pytest.mark.django_db


def test_offer_interest_allocation_and_anonymised_result(cp_a, housing_officer_a):
    prog = lf.programme(cp_a, housing_officer_a)
    first = lf.application(prog, housing_officer_a, situation="homeless_shelter",
                           register=True, first="Anna", children=2)
    second = lf.application(prog, housing_officer_a, situation="family_friends",
                            register=True, first="Bohdan", children=1)
    third = lf.application(prog, housing_officer_a, situation="overcrowded",
                           register=True, first="Cyril", children=1)
    assert first.score > second.score
    flat = lf.municipal_flat(cp_a, housing_officer_a, prog, layout="2+1")
    offer = services.offer_create(flat=flat, actor=housing_officer_a)
    services.offer_publish(offer=offer, actor=housing_officer_a)
    assert list(selectors.public_offers()) == [offer]
    for app in (second, first, third):
        services.interest_express(application=app, offer=offer)
    with pytest.raises(DomainError, match="už zájem projevili"):
        services.interest_express(application=first, offer=offer)
    offer.closes_at = timezone.now() - timedelta(minutes=1)
    offer.save()
    ranked = selectors.interested_ranked(offer=offer)
    assert ranked[0] == first
    alloc = services.allocation_offer_next(offer=offer, actor=housing_officer_a)
    assert alloc.application == first
    with pytest.raises(DomainError, match="Uveďte důvod"):
        services.allocation_decide(allocation=alloc, actor=housing_officer_a, accepted=False)
    services.allocation_decide(allocation=alloc, actor=housing_officer_a, accepted=False,
                               reason="byt je daleko od školy")
    alloc2 = services.allocation_offer_next(offer=offer, actor=housing_officer_a)
    services.allocation_decide(allocation=alloc2, actor=housing_officer_a, accepted=True)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.LET and offer.refusals == 1
    result = selectors.offer_result_public(offer)
    assert result["interested"] == 3 and result["persons"] == 2
    assert result["points"] == alloc2.score
    alloc2.refresh_from_db()
    assert alloc2.outcome == DecisionOutcome.ACCEPTED
    assert alloc2.proposal.status == "client_accepted"
    alloc2.application.refresh_from_db()
    assert alloc2.application.status == ApplicationStatus.HOUSED


def test_rule_change_rescores_with_history(cp_a, housing_officer_a):
    prog = lf.programme(cp_a, housing_officer_a)
    apps = [lf.application(prog, housing_officer_a, register=True, first=f"P{i}")
            for i in range(3)]
    before = apps[0].score
    criteria = [dict(c) for c in prog.rule_sets.get().criteria]
    criteria[1] = {"code": "children", "scheme": "per_unit", "points": 10, "max": 30}
    services.rules_publish(programme=prog, actor=housing_officer_a, criteria=criteria,
                           exclusions=["owns_home"], valid_from=timezone.localdate(),
                           rescore=False)
    run = services.scoring_run_start(programme=prog, actor=housing_officer_a, reason="v2")
    services.scoring_run_execute(run_id=str(run.uuid))
    apps[0].refresh_from_db()
    assert apps[0].score == before + 5
    assert apps[0].rule_set.version == 2
    history = list(ScoreRecord.objects.filter(application=apps[0]).order_by("at", "pk"))
    assert [h.rule_version for h in history][-1] == 2
    assert history[-1].previous_total == before


def test_household_member_twice_is_refused(cp_a, housing_officer_a):
    prog = lf.programme(cp_a, housing_officer_a)
    rows = lf.members(children=0)
    rows.append(dict(rows[0], relationship="partner"))
    with pytest.raises(DomainError, match="stejná jako osoba 1"):
        services.application_create(programme=prog, data={
            "first_name": "Olena", "last_name": "Kovalenko",
            "housing_situation": lf.HousingSituation.objects.get(code="unknown")},
            members=rows, actor=housing_officer_a)


def test_too_small_flat_is_refused_with_the_reason(cp_a, housing_officer_a):
    prog = lf.programme(cp_a, housing_officer_a)
    big = lf.application(prog, housing_officer_a, register=True, children=4)
    flat = lf.municipal_flat(cp_a, housing_officer_a, prog, layout="1+kk")
    offer = services.offer_create(flat=flat, actor=housing_officer_a)
    services.offer_publish(offer=offer, actor=housing_officer_a)
    with pytest.raises(DomainError, match="1 až 2 osobách; vaše má 5"):
        services.interest_express(application=big, offer=offer)


def test_registration_needs_documents(cp_a, housing_officer_a):
    prog = lf.programme(cp_a, housing_officer_a)
    app = lf.application(prog, housing_officer_a)
    with pytest.raises(DomainError, match="Chybí doklady"):
        services.application_register(application=app, actor=housing_officer_a)
    assert app.registered_on is None
    assert date.today()


def test_lapse_reminder_once_then_removal(cp_a, housing_officer_a, settings):
    from kmb.core.mail import OutgoingMail
    from kmb.lettings import reminders
    from kmb.lettings.models import Application

    prog = lf.programme(cp_a, housing_officer_a)
    app = lf.application(prog, housing_officer_a, register=True)
    today = timezone.localdate()
    Application.objects.filter(pk=app.pk).update(
        registration_expires_on=today + timedelta(days=20))
    assert reminders.lapse_reminders() == 1
    assert reminders.lapse_reminders() == 0  # once
    mail = OutgoingMail.objects.get()
    assert mail.to == [app.email] and app.number in mail.body
    # Ukrainian applicant: the reminder is in Ukrainian
    assert "реєстрація" in mail.subject
    assert reminders.lapse_registrations(today=today + timedelta(days=21)) == 1
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REMOVED and "skončila" in app.status_reason
    # the statistics tell a lapse from a removal by the office
    from kmb.core.models import DomainEvent
    from kmb.stats.rollup import lettings_flow

    events = DomainEvent.objects.filter(kind="lettings.application", subject_id=app.uuid)
    flows = [lettings_flow(e.data) for e in events.order_by("occurred_at", "id")]
    assert ("entered", "") in flows and flows[-1] == ("left", "lapsed")
    other = lf.application(prog, housing_officer_a, register=True)
    services.application_set_status(application=other, actor=housing_officer_a,
                                    status=ApplicationStatus.REMOVED, reason="vzal zpět")
    last = DomainEvent.objects.filter(kind="lettings.application",
                                      subject_id=other.uuid).order_by("-occurred_at").first()
    assert lettings_flow(last.data) == ("left", "removed")


def test_private_data_of_one_applicant_stay_private(cp_a, housing_officer_a):
    from kmb.privacy import registry

    prog = lf.programme(cp_a, housing_officer_a)
    app = lf.application(prog, housing_officer_a, register=True)
    assert registry.erasure_holds(client=app.client)
    services.application_set_status(application=app, actor=housing_officer_a,
                                    status=ApplicationStatus.REMOVED, reason="zpět")
    assert not [h for h in registry.erasure_holds(client=app.client) if "obecní byt" in h]
    section = next(s for s in registry.export_sections(client=app.client, sensitive=True)
                   if s.key == "lettings")
    assert len(section.rows) == 1
    from kmb.lettings.privacy import client_lettings_erase

    client_lettings_erase(client=app.client)
    app.refresh_from_db()
    assert app.first_name == "" and app.email == "" and app.score > 0
