"""Municipalities and contact points the portal tests need (also after a database flush).

Praha has a city-hall office for the whole city and a Praha 7 office for its district;
Brno a city-hall office; Liberec and Plzeň one office each. Codes are real RÚIAN codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from kmb.accounts.models import ContactPoint, ServiceArea
from kmb.core.models import CityDistrict, MunicipalityPart
from tests import factories

PRAHA, BRNO, LIBEREC, PLZEN = "554782", "582786", "563889", "554791"
PRAHA_7, PRAHA_3, BRNO_STRED = "500186", "500097", "550973"


@dataclass
class Places:
    praha_city: ContactPoint
    praha_7: ContactPoint
    brno: ContactPoint
    liberec: ContactPoint
    plzen: ContactPoint


def _district(municipality, code: str, name: str) -> CityDistrict:
    district, _ = CityDistrict.objects.get_or_create(
        code=code, defaults={"name": name, "municipality": municipality})
    return district


def _part(municipality, code: str, name: str, postal: str, district=None) -> None:
    part, _ = MunicipalityPart.objects.get_or_create(
        code=code, defaults={"name": name, "municipality": municipality, "postal_codes": postal,
                             "city_district_code": district.code if district else "",
                             "city_district_name": district.name if district else ""})
    if district:
        part.city_districts.add(district)


def make_places() -> Places:
    praha = factories.municipality(PRAHA)
    brno = factories.municipality(BRNO)
    p7 = _district(praha, PRAHA_7, "Praha 7")
    p3 = _district(praha, PRAHA_3, "Praha 3")
    stred = _district(brno, BRNO_STRED, "Brno-střed")
    _part(praha, "490067", "Holešovice", "17000", p7)
    _part(praha, "490261", "Žižkov", "13000", p3)
    _part(brno, "411485", "Staré Brno", "60200", stred)
    praha_city = factories.ContactPointFactory(
        name="KMB Magistrát hl. m. Prahy", municipality=praha,
        address="Mariánské náměstí 2/2, 110 00 Praha 1", phone="+420 236 001 111",
        opening_hours="Po, St 8:00–17:00", latitude="50.087400", longitude="14.417400")
    praha_7 = factories.ContactPointFactory(
        name="KMB Praha 7", municipality=praha, address="U Průhonu 1338/38, 170 00 Praha 7",
        phone="+420 220 144 111", opening_hours="Po, St 8:00–17:00; Út, Čt 8:00–14:00")
    ServiceArea.objects.filter(contact_point=praha_7).update(
        city_district_code=PRAHA_7, city_district_name="Praha 7")
    brno_office = factories.ContactPointFactory(
        name="KMB Magistrát města Brna", municipality=brno,
        address="Malinovského nám. 3, 601 67 Brno", phone="+420 542 171 111")
    liberec = factories.ContactPointFactory(
        name="KMB Liberec", municipality=factories.municipality(LIBEREC),
        address="nám. Dr. E. Beneše 1/1, 460 01 Liberec", phone="+420 485 243 111")
    plzen = factories.ContactPointFactory(
        name="KMB Plzeň", municipality=factories.municipality(PLZEN),
        address="Škroupova 5, 301 00 Plzeň", phone="+420 378 031 111")
    return Places(praha_city, praha_7, brno_office, liberec, plzen)
