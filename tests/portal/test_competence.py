"""Which contact point is competent: dated assignments and city districts decide."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kmb.accounts.models import ServiceArea
from kmb.accounts.selectors import (
    contact_point_directory,
    contact_point_for_municipality,
    contact_points_serving,
)
from tests import factories
from tests.portal.places import BRNO_STRED, LIBEREC, PRAHA, PRAHA_3, PRAHA_7

pytestmark = pytest.mark.django_db


def test_the_district_office_serves_its_district_and_the_city_hall_the_rest(places):
    praha = places.praha_7.municipality
    assert contact_point_for_municipality(municipality=praha, city_district_code=PRAHA_7) \
        == places.praha_7
    # a district without its own office, or no district given: the city hall
    assert contact_point_for_municipality(municipality=praha, city_district_code=PRAHA_3) \
        == places.praha_city
    assert contact_point_for_municipality(municipality=praha) == places.praha_city
    assert contact_point_for_municipality(municipality=praha.pk, city_district_code="") \
        == places.praha_city


def test_a_city_without_a_whole_city_office_has_none_for_an_unknown_district(places):
    brno = places.brno.municipality
    ServiceArea.objects.filter(contact_point=places.brno).update(
        city_district_code=BRNO_STRED, city_district_name="Brno-střed")
    assert contact_point_for_municipality(municipality=brno, city_district_code=BRNO_STRED) \
        == places.brno
    assert contact_point_for_municipality(municipality=brno) is None
    assert contact_point_for_municipality(municipality=brno, city_district_code="551031") is None


def test_dated_assignments_decide_on_the_day(places):
    liberec = places.liberec.municipality
    today = timezone.localdate()
    # the regulation moves Liberec to a new office from tomorrow
    ServiceArea.objects.filter(contact_point=places.liberec).update(valid_to=today)
    newcomer = factories.ContactPointFactory(name="KMB Liberec-sever", municipality=liberec)
    ServiceArea.objects.filter(contact_point=newcomer).update(
        valid_from=today + timedelta(days=1))
    assert contact_point_for_municipality(municipality=liberec) == places.liberec
    assert contact_point_for_municipality(municipality=liberec,
                                          on=today + timedelta(days=1)) == newcomer
    assert contact_point_for_municipality(municipality=liberec, on=date(2025, 12, 31)) is None


def test_the_newest_of_overlapping_assignments_wins(places):
    liberec = places.liberec.municipality
    other = factories.ContactPointFactory(name="KMB Jablonec", municipality=liberec)
    ServiceArea.objects.filter(contact_point=other).update(valid_from=date(2026, 3, 1))
    assert contact_point_for_municipality(municipality=liberec, on=date(2026, 2, 1)) \
        == places.liberec
    assert contact_point_for_municipality(municipality=liberec, on=date(2026, 3, 2)) == other


def test_an_inactive_office_is_never_competent(places):
    places.plzen.active = False
    places.plzen.save()
    assert contact_point_for_municipality(municipality=places.plzen.municipality) is None


def test_a_municipality_nobody_serves(db):
    factories.municipality(LIBEREC)
    from kmb.core.models import Municipality

    assert contact_point_for_municipality(
        municipality=Municipality.objects.get(code=LIBEREC)) is None


def test_one_query_for_the_lookup(places, django_assert_num_queries):
    praha = places.praha_7.municipality
    with django_assert_num_queries(1):
        contact_point_for_municipality(municipality=praha, city_district_code=PRAHA_7)


def test_all_offices_of_a_city_whole_city_first(places):
    serving = contact_points_serving(municipality=places.praha_city.municipality)
    assert [s.contact_point for s in serving] == [places.praha_city, places.praha_7]
    assert serving[1].city_district_name == "Praha 7"


def test_the_directory_carries_the_served_areas_in_two_queries(
        places, django_assert_num_queries):
    factories.ContactPointFactory(name="KMB Navíc",
                                  municipality=factories.municipality(PRAHA))
    with django_assert_num_queries(2):
        offices = list(contact_point_directory())
    assert len(offices) == 6
    praha_7 = next(o for o in offices if o.name == "KMB Praha 7")
    assert [(a.municipality.name, a.city_district_name) for a in praha_7.served_areas] \
        == [("Praha", "Praha 7")]
