"""The rule of what a role may read of a case (Perm.CASE_CONFIDENTIAL), at selector level."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from kmb.accounts.models import Membership
from kmb.cases import selectors
from kmb.cases.models import Consultation, HousingSituation, Topic
from kmb.cases.timeline import _SOURCES, TimelineSource, client_timeline, rows_of
from tests import factories

ADVICE = "Rada-7Q2X: odejít do azylového domu"


@pytest.fixture
def record(client_a, adviser_a):
    situation = HousingSituation.objects.get(code="violence_shelter")
    client_a.housing_situation = situation
    client_a.save()
    consultation = factories.ConsultationFactory(client=client_a, adviser=adviser_a,
                                                 advice=ADVICE, notes=ADVICE,
                                                 housing_situation=situation)
    consultation.topics.set(Topic.objects.filter(
        code__in=["domestic_violence", "health_social", "looking_for_housing"]))
    return consultation


def _membership(user) -> Membership:
    return Membership.objects.get(user=user)


@pytest.mark.django_db
def test_sensitive_codes_are_marked_as_data():
    assert set(Topic.objects.filter(sensitive=True).values_list("code", flat=True)) == {
        "domestic_violence", "health_social"}
    assert HousingSituation.objects.get(code="violence_threat").sensitive


def test_adviser_reads_everything(record, adviser_a):
    m = _membership(adviser_a)
    c = selectors.consultation_get_for_user(membership=m, consultation_id=record.uuid)
    assert c.advice == ADVICE and c.notes == ADVICE
    assert {t.code for t in c.topics.all()} >= {"domestic_violence", "health_social"}
    assert c.housing_situation.code == "violence_shelter"


def test_housing_officer_reads_no_advice_and_no_sensitive_topic(record, housing_officer_a):
    m = _membership(housing_officer_a)
    qs = selectors.consultations_of_client(client=record.client, membership=m)
    (c,) = Paginator(qs, 10).get_page(1).object_list
    assert c.advice == "" and c.notes == ""
    assert [t.code for t in c.topics.all()] == ["looking_for_housing"]
    # the situation is named only by its ETHOS category, and cannot be written back
    assert c.housing_situation.code == "" and c.housing_situation_id is None
    assert "násilí" not in c.housing_situation.label
    with pytest.raises(RuntimeError):
        c.save()
    assert Consultation.objects.get(pk=record.pk).advice == ADVICE


def test_housing_officer_sees_the_client_without_the_sensitive_situation(
        record, housing_officer_a):
    m = _membership(housing_officer_a)
    client = selectors.client_get_for_user(membership=m, client_id=record.client.uuid)
    assert client.housing_situation.ethos_category == "3"
    assert "ETHOS" in client.housing_situation.label
    found = list(selectors.client_search(contact_point=m.contact_point, q="", membership=m))
    assert found[0].housing_situation_id is None
    # without a membership the restricted reading applies
    found = list(selectors.client_search(contact_point=m.contact_point, q=""))
    assert found[0].housing_situation_id is None


def test_timeline_hides_advice_and_unknown_kinds(record, housing_officer_a, adviser_a):
    kind = "test_secret_kind"
    _SOURCES[kind] = TimelineSource(
        kind=kind, rows=lambda c: rows_of(Consultation.objects.filter(client=c), kind,
                                          "occurred_at"),
        load=lambda pks: Consultation.objects.in_bulk(pks), template="x.html")
    try:
        officer = client_timeline(client=record.client,
                                  membership=_membership(housing_officer_a))
        adviser = client_timeline(client=record.client, membership=_membership(adviser_a))
    finally:
        del _SOURCES[kind]
    assert [e.kind for e in officer.object_list] == ["consultation"]
    assert officer.object_list[0].obj.advice == ""
    assert sorted(e.kind for e in adviser.object_list) == ["consultation", kind]
    assert adviser.object_list[0].obj.advice == ADVICE
