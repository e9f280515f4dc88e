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


# --- whole ORP districts (government regulation 418/2025 Sb.) ---------------------------


def _orp_places():
    """Kutná Hora's contact point also serves the whole ORP district of Čáslav."""
    from kmb.core.models import District, Municipality, OrpDistrict, PouDistrict, Region

    region = Region.objects.create(code="27", name="Středočeský")
    district = District.objects.create(code="3205", name="Kutná Hora", region=region)
    caslav_orp = OrpDistrict.objects.create(code="2105", name="Čáslav", region=region)
    kutna_orp = OrpDistrict.objects.create(code="2113", name="Kutná Hora", region=region)
    pou = PouDistrict.objects.create(code="21051", name="Čáslav", orp=caslav_orp)

    def town(code, name, orp):
        return Municipality.objects.create(code=code, name=name, district=district, orp=orp,
                                           pou=pou if orp == caslav_orp else None)

    kutna_hora = town("533955", "Kutná Hora", kutna_orp)
    caslav = town("534951", "Čáslav", caslav_orp)
    village = town("534293", "Zbyslav", caslav_orp)
    other = town("534161", "Malín", kutna_orp)
    office = factories.ContactPointFactory(name="KMB Kutná Hora", municipality=kutna_hora)
    ServiceArea.objects.create(contact_point=office, orp=caslav_orp,
                               valid_from=date(2026, 1, 1))
    return office, kutna_hora, caslav, village, other, caslav_orp


def test_a_whole_orp_district_decides_competence(db):
    office, kutna_hora, caslav, village, other, _orp = _orp_places()
    for place in (caslav, village, caslav.pk):
        assert contact_point_for_municipality(municipality=place) == office
    assert contact_point_for_municipality(municipality=kutna_hora) == office  # its own area
    assert contact_point_for_municipality(municipality=other) is None  # another ORP district
    assert contact_point_for_municipality(municipality=village, on=date(2025, 12, 31)) is None
    assert caslav.pou.orp == caslav.orp


def test_a_single_municipality_assignment_is_more_specific_than_its_orp_district(db):
    office, _kh, caslav, village, _other, _orp = _orp_places()
    caslav_office = factories.ContactPointFactory(name="KMB Čáslav", municipality=caslav)
    assert contact_point_for_municipality(municipality=caslav) == caslav_office
    assert contact_point_for_municipality(municipality=village) == office
    assert {s.contact_point for s in contact_points_serving(municipality=caslav)} \
        == {caslav_office, office}


def test_a_newer_orp_assignment_replaces_an_older_one(db):
    office, _kh, _caslav, village, _other, orp = _orp_places()
    ServiceArea.objects.filter(contact_point=office, orp=orp).update(valid_to=date(2026, 6, 30))
    successor = factories.ContactPointFactory(name="KMB Čáslav", municipality=village)
    ServiceArea.objects.filter(contact_point=successor).delete()
    ServiceArea.objects.create(contact_point=successor, orp=orp, valid_from=date(2026, 7, 1))
    assert contact_point_for_municipality(municipality=village, on=date(2026, 6, 30)) == office
    assert contact_point_for_municipality(municipality=village, on=date(2026, 7, 1)) \
        == successor


def test_a_service_area_names_a_municipality_or_an_orp_district_never_both(db):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    office, kutna_hora, _caslav, _village, _other, orp = _orp_places()
    with pytest.raises(ValidationError):
        ServiceArea(contact_point=office, municipality=kutna_hora, orp=orp).clean()
    with pytest.raises(ValidationError):
        ServiceArea(contact_point=office).clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        ServiceArea.objects.create(contact_point=office, municipality=kutna_hora, orp=orp)


def test_the_finder_names_a_served_orp_district(db, anonymous):
    office, *_rest = _orp_places()
    from django.utils import translation

    served = next(cp for cp in contact_point_directory() if cp == office)
    with translation.override("en"):
        assert {a.area_name for a in served.served_areas} \
            == {"Kutná Hora", "ORP district Čáslav"}
    page = anonymous.get("/contact-points/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the whole ORP district of Čáslav" in page
    # a whole district is not "one municipality": the summary names the area, not a count
    assert "Area it serves" in page and "Serves 2 municipalities" not in page
