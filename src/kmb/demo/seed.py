"""Demo data: the existing network of contact points, their staff and synthetic cases.

Used by ``manage.py seed_demo``. Everything written here is made up except the contact
points' seats, which are the public addresses of the municipal offices (the Prague city
hall's contact point in Škodův palác, Liberec's within Centrum bydlení Liberec). Opening
hours and phone numbers are samples: the contact points are marked so
(``sample_contact_details``) and the public pages say so. Case data are
written through the services of ``kmb.cases`` so that audit entries and domain events look
exactly as in real use. A fixed random seed makes the data the same on every machine;
dates are relative to the day of the run (the last 18 months).
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import holidays
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from faker import Faker

from kmb.accounts.models import ContactPoint, Membership, ServiceArea, User
from kmb.cases import services
from kmb.cases.models import (
    Channel,
    Client,
    ConsentPurpose,
    DataQuality,
    HousingSituation,
    MaterialAidKind,
    Relationship,
    TaskOwner,
    TaskStatus,
    Topic,
)
from kmb.core.models import DatedParameter, Municipality, MunicipalityPart
from kmb.core.permissions import Role
from kmb.core.text import fold

SEED = 20260101
MARKER_KEY = "demo.seeded"
SERVICE_AREAS_FROM = date(2026, 1, 1)
HISTORY_DAYS = 548  # about 18 months
DEFAULT_CLIENTS = 420

# RÚIAN codes of the city districts served by district contact points. Used when the
# parts of a municipality do not name the district (a part that spans several districts
# is loaded with only one of them).
CITY_DISTRICT_CODES = {
    ("Praha", "Praha 3"): "500097",
    ("Praha", "Praha 7"): "500186",
    ("Praha", "Praha 14"): "547361",
    ("Brno", "Brno-střed"): "550973",
    ("Brno", "Brno-sever"): "551031",
    ("Brno", "Brno-Židenice"): "551058",
}


# --------------------------------------------------------------------------------------
# Contact points
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactPointSpec:
    slug: str
    name: str
    municipality: str
    district: str
    address: str
    opening_hours: str
    phone: str
    website: str
    latitude: str
    longitude: str
    weight: int  # share of the demo clients
    streets: tuple[tuple[str, str], ...]  # (street, postal code) where clients live
    city_district: str = ""
    neighbours: tuple[str, ...] = ()  # more served municipalities of the same district
    # serves its whole ORP district, as government regulation 418/2025 Sb. assigns them
    # (the neighbours are then only where some clients live)
    whole_orp: bool = False
    second_adviser: bool = False
    housing_officer: bool = False
    analyst: bool = False
    big_city: bool = True  # addresses with "číslo popisné/orientační"

    @property
    def email(self) -> str:
        return f"kmb.{self.slug}@example.cz"


_HOURS_LONG = "Po, St 8:00–17:00; Út, Čt 8:00–14:00; Pá 8:00–12:00"
_HOURS_MID = "Po, St 8:00–17:00; Út, Čt 8:00–15:00"
_HOURS_SHORT = "Po, St 8:00–17:00; Čt 8:00–12:00 (jindy po objednání)"
_HOURS_APPOINTMENT_MON_WED = "Po, Út, St po objednání"
_HOURS_VILLAGE = "Po 8:00–17:00; St 13:00–17:00 (jindy po telefonické domluvě)"

CONTACT_POINTS: tuple[ContactPointSpec, ...] = (
    ContactPointSpec(
        slug="liberec", name="KMB Liberec", municipality="Liberec", district="Liberec",
        # the contact point is part of the city's Centrum bydlení Liberec
        address="Centrum bydlení Liberec, Na Bídě 564/12, Liberec", opening_hours=_HOURS_LONG,
        phone="+420 485 243 111", website="https://www.liberec.cz",
        latitude="50.769900", longitude="15.058500", weight=26, second_adviser=True,
        housing_officer=True,
        streets=(("Sokolovská", "46001"), ("Husova", "46001"), ("Jablonecká", "46001"),
                 ("Ruprechtická", "46001"), ("Vrchlického", "46007"), ("Gagarinova", "46007"),
                 ("Kašparova", "46007"), ("Žitavská", "46001"), ("Tanvaldská", "46001"),
                 ("Franklinova", "46001"), ("Švermova", "46008"), ("Nákladní", "46001")),
    ),
    ContactPointSpec(
        slug="plzen", name="KMB Plzeň", municipality="Plzeň", district="Plzeň-město",
        address="Škroupova 5, 301 00 Plzeň", opening_hours=_HOURS_LONG,
        phone="+420 378 031 111", website="https://www.plzen.eu",
        latitude="49.744700", longitude="13.376000", weight=30, second_adviser=True,
        housing_officer=True,
        streets=(("Klatovská třída", "30100"), ("Borská", "30100"), ("Americká", "30100"),
                 ("Skupova", "32300"), ("Komenského", "32300"), ("Karlovarská", "32300"),
                 ("Manětínská", "32300"), ("Lobezská", "32600"), ("Slovanská alej", "32600"),
                 ("Habrmannova", "32600"), ("Rokycanská", "31200"), ("Koterovská", "32600")),
    ),
    ContactPointSpec(
        slug="most", name="KMB Most", municipality="Most", district="Most",
        address="Radniční 1/2, 434 69 Most", opening_hours=_HOURS_LONG,
        phone="+420 476 448 111", website="https://www.mesto-most.cz",
        latitude="50.503000", longitude="13.636200", weight=20, housing_officer=True,
        neighbours=("Obrnice", "Bělušice", "Havraň"),
        streets=(("Moskevská", "43401"), ("Jiřího Wolkera", "43401"),
                 ("Čs. armády", "43401"), ("Zdeňka Štěpánka", "43401"),
                 ("Obránců míru", "43401"), ("Albrechtická", "43401"),
                 ("Jana Kubelíka", "43401"), ("Budovatelů", "43401"),
                 ("Václava Talicha", "43401"), ("J. Š. Baara", "43401")),
    ),
    ContactPointSpec(
        slug="pisek", name="KMB Písek", municipality="Písek", district="Písek",
        address="Velké náměstí 114/3, 397 01 Písek", opening_hours=_HOURS_MID,
        phone="+420 382 330 111", website="https://www.mesto-pisek.cz",
        latitude="49.308800", longitude="14.147500", weight=12, big_city=False,
        neighbours=("Putim", "Ražice", "Záhoří"),
        streets=(("Budějovická", "39701"), ("Tylova", "39701"), ("Žižkova třída", "39701"),
                 ("Nerudova", "39701"), ("Jablonského", "39701"), ("Čapkova", "39701"),
                 ("Harantova", "39701"), ("Otavská", "39701"), ("Smrkovická", "39701")),
    ),
    ContactPointSpec(
        slug="praha", name="KMB Magistrát hl. m. Prahy", municipality="Praha",
        district="Hlavní město Praha",
        address="Škodův palác, Jungmannova 35/29, 110 00 Praha 1",
        opening_hours=_HOURS_APPOINTMENT_MON_WED,
        phone="+420 236 001 111", website="https://www.praha.eu",
        latitude="50.081800", longitude="14.422300", weight=30, second_adviser=True,
        analyst=True,
        streets=(("Vinohradská", "12000"), ("Nuselská", "14000"), ("Sokolovská", "18600"),
                 ("Jugoslávských partyzánů", "16000"), ("Plzeňská", "15000"),
                 ("Kodaňská", "10100"), ("Na Pankráci", "14000"), ("Chodovská", "14100"),
                 ("Novodvorská", "14200"), ("Poděbradská", "19000"),
                 ("Vysočanská", "19000"), ("Zenklova", "18000"), ("Bělehradská", "12000"),
                 ("Štefánikova", "15000"), ("Libušská", "14200")),
    ),
    ContactPointSpec(
        slug="praha3", name="KMB Praha 3", municipality="Praha",
        district="Hlavní město Praha", city_district="Praha 3",
        address="Havlíčkovo náměstí 700/9, 130 00 Praha 3", opening_hours=_HOURS_LONG,
        phone="+420 222 116 111", website="https://www.praha3.cz",
        latitude="50.084500", longitude="14.447600", weight=40, second_adviser=True,
        streets=(("Seifertova", "13000"), ("Koněvova", "13000"), ("Táboritská", "13000"),
                 ("Husitská", "13000"), ("Chlumova", "13000"), ("Roháčova", "13000"),
                 ("Jeseniova", "13000"), ("Lupáčova", "13000"), ("Kubelíkova", "13000"),
                 ("Slavíkova", "13000"), ("Ondříčkova", "13000"), ("Bořivojova", "13000"),
                 ("Jičínská", "13000"), ("Baranova", "13000"), ("Biskupcova", "13000")),
    ),
    ContactPointSpec(
        slug="praha7", name="KMB Praha 7", municipality="Praha",
        district="Hlavní město Praha", city_district="Praha 7",
        address="U Průhonu 1338/38, 170 00 Praha 7", opening_hours=_HOURS_LONG,
        phone="+420 220 144 111", website="https://www.praha7.cz",
        latitude="50.103300", longitude="14.447000", weight=72, second_adviser=True,
        housing_officer=True,
        streets=(("Milady Horákové", "17000"), ("Dukelských hrdinů", "17000"),
                 ("Veletržní", "17000"), ("Komunardů", "17000"), ("Argentinská", "17000"),
                 ("Heřmanova", "17000"), ("Letohradská", "17000"), ("Bubenská", "17000"),
                 ("Tusarova", "17000"), ("Osadní", "17000"), ("Jankovcova", "17000"),
                 ("Šimáčkova", "17000"), ("Kamenická", "17000"), ("Čechova", "17000"),
                 ("Janovského", "17000"), ("Dělnická", "17000")),
    ),
    ContactPointSpec(
        slug="praha14", name="KMB Praha 14", municipality="Praha",
        district="Hlavní město Praha", city_district="Praha 14",
        address="Bratří Venclíků 1073/8, 198 00 Praha 9", opening_hours=_HOURS_LONG,
        phone="+420 281 005 111", website="https://www.praha14.cz",
        latitude="50.108500", longitude="14.577500", weight=35, second_adviser=True,
        streets=(("Bratří Venclíků", "19800"), ("Bryksova", "19800"),
                 ("Vybíralova", "19800"), ("Kučerova", "19800"),
                 ("Generála Janouška", "19800"), ("Doležalova", "19800"),
                 ("Maňákova", "19800"), ("Mansfeldova", "19800"), ("Šromova", "19800"),
                 ("Kolbenova", "19000"), ("Hloubětínská", "19000"), ("Mochovská", "19000"),
                 ("Zelenečská", "19800"), ("Broumarská", "19800")),
    ),
    ContactPointSpec(
        slug="chomutov", name="KMB Chomutov", municipality="Chomutov", district="Chomutov",
        address="Zborovská 4602, 430 28 Chomutov", opening_hours=_HOURS_MID,
        phone="+420 474 637 111", website="https://www.chomutov-mesto.cz",
        latitude="50.460700", longitude="13.417800", weight=18, big_city=False,
        neighbours=("Spořice", "Otvice", "Údlice"),
        streets=(("Kadaňská", "43003"), ("Palackého", "43001"), ("Husova", "43001"),
                 ("Blatenská", "43001"), ("Jiráskova", "43001"), ("Zahradní", "43004"),
                 ("Písečná", "43004"), ("Kamenná", "43004"), ("Mánesova", "43001"),
                 ("Lipská", "43003")),
    ),
    ContactPointSpec(
        slug="moravska-trebova", name="KMB Moravská Třebová",
        municipality="Moravská Třebová", district="Svitavy",
        address="nám. T. G. Masaryka 29/32, 571 01 Moravská Třebová",
        opening_hours=_HOURS_SHORT, phone="+420 461 353 111",
        website="https://www.moravskatrebova.cz", latitude="49.758000",
        longitude="16.664600", weight=8, big_city=False, whole_orp=True,
        neighbours=("Linhartice", "Staré Město", "Křenov", "Městečko Trnávka"),
        streets=(("Svitavská", "57101"), ("Brněnská", "57101"), ("Olomoucká", "57101"),
                 ("Gorkého", "57101"), ("Lanškrounská", "57101"), ("Nádražní", "57101"),
                 ("Hradecká", "57101"), ("Komenského", "57101")),
    ),
    ContactPointSpec(
        slug="otrokovice", name="KMB Otrokovice", municipality="Otrokovice", district="Zlín",
        address="nám. 3. května 1340, 765 23 Otrokovice", opening_hours=_HOURS_SHORT,
        phone="+420 577 680 111", website="https://www.otrokovice.cz",
        latitude="49.209400", longitude="17.530500", weight=10, big_city=False,
        neighbours=("Tlumačov", "Žlutava", "Halenkovice"),
        streets=(("třída Spojenců", "76502"), ("Zlínská", "76502"), ("Školní", "76502"),
                 ("Hlavní", "76502"), ("Nivy", "76502"), ("Tylova", "76502"),
                 ("Komenského", "76502"), ("Trávníky", "76502")),
    ),
    ContactPointSpec(
        slug="rumburk", name="KMB Rumburk", municipality="Rumburk", district="Děčín",
        address="třída 9. května 1366/48, 408 01 Rumburk", opening_hours=_HOURS_SHORT,
        phone="+420 412 356 211", website="https://www.rumburk.cz",
        latitude="50.951600", longitude="14.557000", weight=8, big_city=False,
        neighbours=("Jiříkov", "Krásná Lípa", "Velký Šenov"),
        streets=(("třída 9. května", "40801"), ("Jiříkovská", "40801"),
                 ("Krásnolipská", "40801"), ("Pražská", "40801"), ("Tovární", "40801"),
                 ("Lesní", "40801"), ("Sukova", "40801"), ("Dělnická", "40801")),
    ),
    ContactPointSpec(
        slug="stare-krecany", name="KMB Staré Křečany", municipality="Staré Křečany",
        district="Děčín", address="Staré Křečany 338, 407 61 Staré Křečany",
        opening_hours=_HOURS_VILLAGE, phone="+420 412 386 181",
        website="https://www.stare-krecany.cz", latitude="50.951000",
        longitude="14.497000", weight=5, big_city=False,
        # villages without street names: houses are numbered by the part of the municipality
        streets=(("Staré Křečany", "40761"), ("Nové Křečany", "40761"),
                 ("Brtníky", "40760"), ("Kopec", "40761"), ("Valdek", "40761"),
                 ("Ždírec", "40761")),
    ),
    ContactPointSpec(
        slug="brno", name="KMB Magistrát města Brna", municipality="Brno",
        district="Brno-město", address="Malinovského nám. 3, 601 67 Brno",
        opening_hours=_HOURS_LONG, phone="+420 542 171 111", website="https://www.brno.cz",
        latitude="49.195600", longitude="16.613600", weight=26, second_adviser=True,
        housing_officer=True, analyst=True,
        streets=(("Kšírova", "61900"), ("Vranovská", "61400"), ("Bystrcká", "63500"),
                 ("Jihlavská", "62500"), ("Líšeňská", "63600"), ("Stamicova", "62300"),
                 ("Vaculíkova", "63800"), ("Krásného", "63600"), ("Kamenná", "63900"),
                 ("Plotní", "60200"), ("Francouzská", "60200"), ("Körnerova", "60200")),
    ),
    ContactPointSpec(
        slug="brno-stred", name="KMB Brno-střed", municipality="Brno", district="Brno-město",
        city_district="Brno-střed", address="Dominikánská 264/2, 601 69 Brno",
        opening_hours=_HOURS_LONG, phone="+420 542 526 111",
        website="https://www.brno-stred.cz", latitude="49.194000", longitude="16.606500",
        weight=35, second_adviser=True,
        streets=(("Křenová", "60200"), ("Pekařská", "60200"), ("Údolní", "60200"),
                 ("Kounicova", "60200"), ("Husova", "60200"), ("Hybešova", "60200"),
                 ("Vídeňská", "63900"), ("Kopečná", "60200"), ("Bayerova", "60200"),
                 ("Pellicova", "60200"), ("Úvoz", "60200"), ("Křídlovická", "60300")),
    ),
    ContactPointSpec(
        slug="brno-sever", name="KMB Brno-sever", municipality="Brno", district="Brno-město",
        city_district="Brno-sever", address="Bratislavská 70, 602 00 Brno",
        opening_hours=_HOURS_MID, phone="+420 545 423 511",
        website="https://www.sever.brno.cz", latitude="49.203600", longitude="16.618000",
        weight=25,
        streets=(("Merhautova", "61300"), ("Dukelská třída", "61400"),
                 ("Provazníkova", "61300"), ("Halasovo náměstí", "63800"),
                 ("Haškova", "63800"), ("Fillova", "63800"), ("Okružní", "63800"),
                 ("Milénova", "63800"), ("třída Generála Píky", "61300"),
                 ("Drobného", "60200")),
    ),
    ContactPointSpec(
        slug="brno-zidenice", name="KMB Brno-Židenice", municipality="Brno",
        district="Brno-město", city_district="Brno-Židenice",
        address="Gajdošova 7, 615 00 Brno", opening_hours=_HOURS_MID,
        phone="+420 548 427 511", website="https://www.zidenice.eu",
        latitude="49.200000", longitude="16.640000", weight=25,
        streets=(("Gajdošova", "61500"), ("Bubeníčkova", "61500"), ("Stará osada", "61500"),
                 ("Jamborova", "61500"), ("Mošnova", "61500"), ("Táborská", "61500"),
                 ("Šámalova", "61500"), ("Valchařská", "61400"), ("Kuldova", "61400"),
                 ("Zábrdovická", "61500")),
    ),
)


# --------------------------------------------------------------------------------------
# Staff
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StaffSpec:
    username: str
    role: str
    slug: str | None  # contact point; None for the system administrator


def staff_specs() -> list[StaffSpec]:
    """Every demo login, in the order the login table lists them."""
    specs: list[StaffSpec] = []
    for cp in CONTACT_POINTS:
        specs.append(StaffSpec(f"poradce.{cp.slug}", Role.ADVISER, cp.slug))
        if cp.second_adviser:
            specs.append(StaffSpec(f"poradce2.{cp.slug}", Role.ADVISER, cp.slug))
        specs.append(StaffSpec(f"vedouci.{cp.slug}", Role.LEAD, cp.slug))
        if cp.housing_officer:
            specs.append(StaffSpec(f"bytovy.{cp.slug}", Role.HOUSING_OFFICER, cp.slug))
        if cp.analyst:
            specs.append(StaffSpec(f"analytik.{cp.slug}", Role.ANALYST, cp.slug))
    specs.append(StaffSpec("admin", Role.ADMINISTRATOR, None))
    return specs


# partner.rovnovaha is the partner account created by the network demo, vlastnik.most the
# owner account (an SVJ of Most) created by the housing demo, referent.praha7 the register
# officer created by the register demo
DEMO_USERNAMES = frozenset(s.username for s in staff_specs()) | {"partner.rovnovaha",
                                                                "vlastnik.most",
                                                                "referent.praha7"}
DEMO_CONTACT_POINT_NAMES = frozenset(cp.name for cp in CONTACT_POINTS)


# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------

_FEMININE_EXCEPTIONS = {"Havel": "Havlová", "Kozel": "Kozlová", "Orel": "Orlová",
                        "Kadlec": "Kadlecová"}
_SOFTEN = {"n": "ň", "d": "ď", "t": "ť"}


def feminine_surname(male: str) -> str:
    """The female form of a Czech surname: Novák → Nováková, Černý → Černá, Vaněk → Vaňková."""
    if male in _FEMININE_EXCEPTIONS:
        return _FEMININE_EXCEPTIONS[male]
    if male.endswith("í"):
        return male  # Krejčí
    if male.endswith("ý"):
        return male[:-1] + "á"
    if male.endswith(("a", "e")):
        return male[:-1] + "ová"
    if male.endswith("ěk") and male[-3] in _SOFTEN:
        return male[:-3] + _SOFTEN[male[-3]] + "ková"
    if male.endswith("ek"):
        return male[:-2] + "ková"
    if male.endswith("ec") and len(male) > 4:
        return male[:-2] + "cová"
    return male + "ová"


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


UKRAINIAN_WOMEN = ("Olena", "Oksana", "Natalija", "Tetjana", "Iryna", "Julija", "Svitlana",
                    "Halyna", "Kateryna", "Marija", "Viktorija", "Ljudmyla")
UKRAINIAN_MEN = ("Andrij", "Oleksandr", "Serhij", "Mykola", "Viktor", "Volodymyr", "Taras",
                  "Dmytro", "Bohdan", "Jurij")
UKRAINIAN_SURNAMES = ("Kovalenko", "Ševčenko", "Bondarenko", "Melnyk", "Kravčuk",
                       "Tkačenko", "Poliščuk", "Lysenko", "Savčuk", "Marčenko", "Moroz",
                       "Rudenko", "Boyko", "Petrenko", "Koval")
VIETNAMESE_WOMEN = ("Thi Lan", "Thi Hoa", "Thu Trang", "Thi Mai", "Ngoc Anh")
VIETNAMESE_MEN = ("Van Minh", "Van Hung", "Duc Anh", "Quang Huy", "Van Long")
VIETNAMESE_SURNAMES = ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu")
NICKNAMES_MEN = ("pan M.", "Honza", "Olda", "Standa", "pan K.", "Tonda", "Pepa", "Jirka",
                  "pan z nádraží")
NICKNAMES_WOMEN = ("paní J.", "Mirka", "Lenka", "Jarka", "paní H.", "Věra", "Zdena")


@dataclass
class Person:
    female: bool
    first_name: str
    surname_male: str
    surname_female: str
    language: str = "cs"

    @property
    def last_name(self) -> str:
        return self.surname_female if self.female else self.surname_male

    def surname_for(self, female: bool) -> str:
        return self.surname_female if female else self.surname_male


class NameMaker:
    def __init__(self, fake: Faker, rng: random.Random) -> None:
        self.fake = fake
        self.rng = rng

    def surname_pair(self, language: str = "cs") -> tuple[str, str]:
        if language in ("uk", "ru"):
            name = self.rng.choice(UKRAINIAN_SURNAMES)
            return name, name
        if language == "vi":
            name = self.rng.choice(VIETNAMESE_SURNAMES)
            return name, name
        male = self.fake.last_name_male()
        return male, feminine_surname(male)

    def first_name(self, female: bool, language: str = "cs") -> str:
        if language in ("uk", "ru"):
            return self.rng.choice(UKRAINIAN_WOMEN if female else UKRAINIAN_MEN)
        if language == "vi":
            return self.rng.choice(VIETNAMESE_WOMEN if female else VIETNAMESE_MEN)
        return self.fake.first_name_female() if female else self.fake.first_name_male()

    def person(self, female: bool, language: str = "cs") -> Person:
        male, fem = self.surname_pair(language)
        return Person(female, self.first_name(female, language), male, fem, language)


# --------------------------------------------------------------------------------------
# Situations, advice and tasks
# --------------------------------------------------------------------------------------

# Advice templates. {Klient}/{klient}: "Klient"/"Klientka"; {a}: past-tense ending ("", "a");
# {loss}: the date by which housing is lost.
ADVICE = {
    "notice_review": "Prošli jsme výpověď z nájmu; výpovědní doba běží do {loss}. Doporučena "
                     "právní poradna k posouzení oprávněnosti výpovědi, termín domluven "
                     "telefonicky.",
    "notice_court": "Vysvětleno, že do dvou měsíců od doručení výpovědi lze podat návrh soudu "
                    "na přezkoumání její oprávněnosti. Předán kontakt na právní poradnu.",
    "notice_letter": "Sepsali jsme dopis pronajímateli s návrhem splátkového kalendáře, aby "
                     "zvážil zpětvzetí výpovědi.",
    "arrears_plan": "Spočítali jsme dluh na nájemném a navrhli splátkový kalendář; {klient} "
                    "bude platit běžné nájemné a k tomu měsíční splátku.",
    "arrears_owner": "Telefonicky jsme jednali se správcem domu o odkladu podání žaloby na "
                     "vyklizení; správce souhlasí, pokud bude dodržen splátkový kalendář.",
    "dssp_check": "Ověřili jsme nárok na dávku státní sociální pomoci včetně složky na "
                  "bydlení; {klient} podá žádost na Úřadu práce.",
    "dssp_form": "Orientačně jsme spočítali dávku státní sociální pomoci a pomohli vyplnit "
                 "žádost. Vysvětleno, jaké doklady o nákladech na bydlení doložit.",
    "debt_referral": "Kvůli exekucím odkázán{a} do dluhové poradny, kde prověří možnost "
                     "oddlužení. Termín domluven na příští týden.",
    "debt_cee": "Prošli jsme výpis z Centrální evidence exekucí a doporučili jednat s "
                "exekutorem o splátkách a o nezabavitelné částce.",
    "housing_options": "Probrali jsme možnosti bydlení: obecní byty, byty sociální realitní "
                       "agentury a nájem na volném trhu. {Klient} podá žádost o obecní byt.",
    "housing_ads": "Společně jsme prošli aktuální nabídky pronájmů v rozpočtu domácnosti a "
                   "připravili odpověď na dva inzeráty.",
    "housing_register": "{Klient} zařazen{a} do evidence žadatelů o obecní byt; vysvětlena "
                        "pravidla bodování a obvyklá doba čekání.",
    "deposit_mop": "Na kauci na nový byt lze žádat o mimořádnou okamžitou pomoc; žádost jsme "
                   "připravili a domluvili termín na Úřadu práce.",
    "deposit_fund": "Kauci MOP nepokryje celou, proto jsme podali žádost nadačnímu fondu o "
                    "příspěvek.",
    "unfit_repair": "Byt je vlhký a plesnivý, topení nefunguje. Doporučeno písemně vyzvat "
                    "pronajímatele k opravě; předán kontakt na stavební úřad.",
    "overcrowded": "Domácnost s dětmi bydlí v jednom pokoji. Podána žádost o větší obecní byt "
                   "a prověřena nabídka sociální realitní agentury.",
    "violence_safety": "{Klient} popsal{a} opakované násilí ze strany partnera. Předán kontakt "
                       "na intervenční centrum a probrán bezpečnostní plán.",
    "violence_shelter": "Domluveno místo v azylovém domě pro matky s dětmi; smlouva o "
                        "poskytnutí služby platí do {loss}.",
    "violence_police": "Vysvětlena možnost vykázání násilné osoby Policií ČR a návrh na "
                       "předběžné opatření; {klient} zváží podání.",
    "hostel_end": "Pobyt na ubytovně končí k {loss}. Prověřili jsme volná místa v azylovém "
                  "domě a podnájem přes sociální realitní agenturu.",
    "hostel_price": "Ubytovatel zvyšuje cenu lůžka; spočítali jsme, zda domácnost zvládne "
                    "jiné bydlení s pomocí dávky na bydlení.",
    "institution_release": "Propuštění je plánováno na {loss}. Domluvena spolupráce s "
                           "Probační a mediační službou a prověřeno místo na ubytovně.",
    "institution_youth": "Odchod z dětského domova: domluveno tréninkové bydlení v domě na "
                         "půl cesty a pomoc s hledáním práce.",
    "rough_outreach": "Terénní výjezd: {klient} přespává venku. Nabídnuta noclehárna a "
                      "domluvena schůzka na úřadě kvůli dokladům.",
    "rough_id": "Pomohli jsme zažádat o nový občanský průkaz, bez kterého nelze žádat o "
                "dávky ani o ubytování.",
    "shelter_next": "V azylovém domě smlouva končí {loss}. Podána žádost o byt sociální "
                    "realitní agentury a o startovací byt.",
    "senior_dps": "Probrány byty pro seniory (dům s pečovatelskou službou); pomohli jsme "
                  "vyplnit žádost a doporučili příspěvek na péči.",
    "family_friends": "{Klient} dočasně bydlí u známých a nemá kam jít. Probrali jsme "
                      "ubytovny s dávkou na bydlení i podnájem přes sociální realitní "
                      "agenturu.",
    "no_lease": "Bydlí bez nájemní smlouvy; vysvětlena rizika a jak si smlouvu vyžádat, aby "
                "mohl{a} žádat o dávku na bydlení.",
    "material_help": "Zprostředkována potravinová pomoc z potravinové banky a vybavení bytu "
                     "z nábytkové banky.",
    "follow_up": "Kontrolní schůzka: nájemné je placeno včas a splátkový kalendář se daří "
                 "dodržovat.",
    "phone_check": "Telefonicky ověřeno, jak pokračuje vyřizování žádosti; {klient} čeká na "
                   "rozhodnutí Úřadu práce.",
    "documents": "{Klient} donesl{a} chybějící doklady; žádost jsme zkontrolovali a odeslali.",
    "resolved_flat": "{Klient} podepsal{a} nájemní smlouvu na obecní byt. Domluvena asistence "
                     "v bydlení na první měsíce.",
    "resolved_sra": "Domácnost se přestěhovala do bytu sociální realitní agentury; kauce "
                    "uhrazena z mimořádné okamžité pomoci.",
    "resolved_kept": "Pronajímatel vzal výpověď zpět po uzavření dohody o splátkách; bydlení "
                     "je zachováno.",
    "lost_housing": "Domácnost o dosavadní bydlení přišla; zajištěno přechodné ubytování a "
                    "pokračuje hledání stálého bydlení.",
    "anon_benefit": "Anonymní dotaz na dávku na bydlení; vysvětlen postup a potřebné doklady.",
    "anon_notice": "Anonymní dotaz: nájemník dostal výpověď; vysvětleny lhůty a předán "
                   "kontakt na právní poradnu.",
    "anon_general": "Obecný dotaz na dostupné bydlení ve městě; předány informace o obecních "
                    "bytech a o pravidlech přidělování.",
    "anon_svj": "Předseda SVJ se ptal, jak postupovat u dlouhodobého dluhu vlastníka "
                "jednotky; vysvětlen postup a nabídnuto poradenství pro dlužníka.",
    "anon_landlord": "Pronajímatel nabízí byt pro domácnost v bytové nouzi; vysvětlena "
                     "spolupráce se sociální realitní agenturou a garance nájemného.",
}

NOTES = (
    "Další schůzka domluvena za dva týdny.",
    "Přinese chybějící doklady.",
    "Telefonicky potvrzeno, že dopis odešel.",
    "Na schůzku přišel{a} s dcerou.",
    "Domluveno, že se ozve po jednání s pronajímatelem.",
    "Odešel{a} s písemným přehledem dalších kroků.",
)

TASKS = {
    "legal": ("Objednat do právní poradny", TaskOwner.OFFICE),
    "notice_docs": ("Doložit výpověď a nájemní smlouvu", TaskOwner.CLIENT),
    "dssp": ("Podat žádost o dávku státní sociální pomoci na Úřadu práce", TaskOwner.CLIENT),
    "flat_application": ("Podat žádost o obecní byt", TaskOwner.CLIENT),
    "shelter": ("Ověřit volné místo v azylovém domě", TaskOwner.OFFICE),
    "mop": ("Připravit žádost o MOP na kauci", TaskOwner.OFFICE),
    "landlord_call": ("Zavolat pronajímateli kvůli splátkovému kalendáři", TaskOwner.OFFICE),
    "debt": ("Domluvit termín v dluhové poradně", TaskOwner.OFFICE),
    "id_card": ("Vyřídit nový občanský průkaz", TaskOwner.CLIENT),
    "intervention": ("Kontaktovat intervenční centrum", TaskOwner.OFFICE),
    "food": ("Zajistit potravinovou pomoc", TaskOwner.OFFICE),
    "income": ("Přinést potvrzení o příjmech za poslední 3 měsíce", TaskOwner.CLIENT),
    "fund": ("Poslat žádost nadačnímu fondu o příspěvek na kauci", TaskOwner.OFFICE),
    "viewing": ("Prohlídka bytu sociální realitní agentury", TaskOwner.CLIENT),
    "probation": ("Domluvit schůzku s Probační a mediační službou", TaskOwner.OFFICE),
    "dps": ("Podat žádost o byt v domě s pečovatelskou službou", TaskOwner.CLIENT),
    "repair_letter": ("Odeslat pronajímateli výzvu k opravě", TaskOwner.CLIENT),
}


@dataclass(frozen=True)
class Scenario:
    key: str
    weight: int
    situations: tuple[str, ...]  # the case passes through these, in order
    topics: tuple[str, ...]
    extra_topics: tuple[str, ...]
    advice: tuple[str, ...]
    tasks: tuple[str, ...]
    at_risk: bool = False
    deadline: tuple[int, int] | None = None  # days from the first visit to the loss
    resolved: tuple[str, ...] = ("rented_secure",)
    resolved_advice: tuple[str, ...] = ("resolved_flat", "resolved_sra")
    lost: tuple[str, ...] = ("family_friends", "commercial_hostel", "homeless_shelter")
    household: float = 0.35
    female: float = 0.5
    ages: tuple[int, int] = (20, 70)
    outreach: bool = False
    progress: bool = True  # False: ``situations`` are alternatives, one per case
    dated: tuple[str, ...] = ()  # situations that carry the loss date (empty: all)


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("notice", 20, ("notice_eviction",), ("notice_to_quit",),
             ("rent_arrears", "dssp", "looking_for_housing", "debts_enforcement"),
             ("notice_review", "notice_court", "notice_letter", "dssp_check", "housing_options"),
             ("legal", "notice_docs", "dssp", "flat_application"),
             at_risk=True, deadline=(45, 95),
             resolved_advice=("resolved_kept", "resolved_flat", "resolved_sra"),
             household=0.45),
    Scenario("arrears", 13, ("rented_secure", "notice_eviction"), ("rent_arrears",),
             ("dssp", "debts_enforcement"),
             ("arrears_plan", "arrears_owner", "dssp_check", "dssp_form"),
             ("landlord_call", "dssp", "income"), at_risk=True,
             resolved_advice=("resolved_kept", "follow_up"), household=0.4),
    Scenario("hostel", 12, ("commercial_hostel",), ("hostel_ending",),
             ("looking_for_housing", "deposit", "dssp"),
             ("hostel_end", "hostel_price", "deposit_mop", "housing_options"),
             ("shelter", "mop", "viewing", "dssp"), at_risk=True, deadline=(14, 45),
             resolved=("rented_secure", "homeless_shelter"),
             lost=("family_friends", "homeless_shelter", "night_shelter"), household=0.3),
    Scenario("rough", 7, ("rough_sleeping", "night_shelter", "homeless_shelter"),
             ("looking_for_housing",), ("crisis", "health_social", "dssp"),
             ("rough_outreach", "rough_id", "dssp_form", "material_help"),
             ("id_card", "shelter", "food", "dssp"),
             resolved=("halfway_house", "rented_secure"), household=0.0, female=0.2,
             ages=(25, 65), outreach=True),
    Scenario("overcrowded", 9, ("overcrowded",), ("overcrowding", "looking_for_housing"),
             ("deposit", "dssp"),
             ("overcrowded", "housing_register", "deposit_mop", "housing_ads"),
             ("flat_application", "mop", "viewing"), household=1.0, ages=(22, 50)),
    Scenario("violence", 5, ("violence_threat", "violence_shelter"),
             ("domestic_violence", "crisis"), ("looking_for_housing", "dssp"),
             ("violence_safety", "violence_police", "violence_shelter", "dssp_check"),
             ("intervention", "shelter", "flat_application"), at_risk=True,
             deadline=(60, 150), lost=("homeless_shelter", "family_friends"),
             dated=("violence_shelter",), household=0.7, female=0.9, ages=(20, 55)),
    Scenario("unfit", 6, ("unfit",), ("unfit_housing",),
             ("looking_for_housing", "health_social"),
             ("unfit_repair", "housing_options", "housing_register"),
             ("repair_letter", "flat_application")),
    Scenario("family", 8, ("family_friends",), ("looking_for_housing",),
             ("deposit", "dssp"), ("family_friends", "housing_ads", "deposit_mop"),
             ("viewing", "mop", "dssp"), at_risk=True, deadline=(14, 60),
             lost=("commercial_hostel", "homeless_shelter"), household=0.3, ages=(19, 45)),
    Scenario("institution", 4, ("institution_leaving",),
             ("leaving_institution", "looking_for_housing"), ("dssp", "health_social"),
             ("institution_release", "institution_youth", "dssp_check"),
             ("probation", "id_card", "dssp"), at_risk=True, deadline=(10, 60),
             resolved=("halfway_house", "commercial_hostel", "rented_secure"),
             lost=("commercial_hostel", "night_shelter"), household=0.0, female=0.25,
             ages=(18, 50)),
    Scenario("debts", 7, ("rented_secure",), ("debts_enforcement",),
             ("dssp", "rent_arrears"), ("debt_referral", "debt_cee", "dssp_form"),
             ("debt", "income"), resolved_advice=("follow_up",)),
    Scenario("senior", 5, ("rented_secure", "owner"), ("looking_for_housing",),
             ("dssp", "health_social"), ("senior_dps", "dssp_check", "housing_register"),
             ("dps", "income"), household=0.3, female=0.65, ages=(66, 88), progress=False),
    Scenario("no_lease", 4, ("no_lease",), ("looking_for_housing",),
             ("dssp", "deposit"), ("no_lease", "housing_ads", "dssp_check"),
             ("viewing", "dssp"), at_risk=True, ages=(20, 60)),
    Scenario("shelter", 4, ("homeless_shelter",), ("looking_for_housing", "deposit"),
             ("dssp",), ("shelter_next", "deposit_fund", "housing_register"),
             ("fund", "flat_application", "viewing"), at_risk=True, deadline=(60, 180),
             lost=("night_shelter", "commercial_hostel"), household=0.25),
)

ANONYMOUS_TOPICS = (
    # (topics, situation or None, advice, weight)
    (("dssp",), None, "anon_benefit", 6),
    (("notice_to_quit",), "notice_eviction", "anon_notice", 5),
    (("looking_for_housing",), None, "anon_general", 6),
    (("looking_for_housing", "dssp"), "commercial_hostel", "hostel_price", 2),
    (("rent_arrears",), "rented_secure", "arrears_plan", 3),
    (("landlord_svj",), None, "anon_svj", 2),
    (("landlord_svj",), None, "anon_landlord", 2),
    (("crisis", "looking_for_housing"), "rough_sleeping", "rough_outreach", 1),
    (("other",), None, "anon_general", 1),
)

CONSENT_SCOPES = {
    ConsentPurpose.RECORDS: "Vedení záznamů o konzultacích a kontaktních údajů v evidenci KMB",
    ConsentPurpose.CONTACT: "Kontaktování telefonem nebo e-mailem kvůli termínům a "
                            "připomenutí",
    ConsentPurpose.BENEFITS: "Pomoc s vyplněním a podáním žádosti o dávku státní sociální "
                             "pomoci",
    ConsentPurpose.SHARING: "Předání jména, kontaktu a popisu situace {partner}",
}
SHARING_PARTNERS = ("dluhové poradně", "právní poradně", "azylovému domu",
                    "sociální realitní agentuře", "intervenčnímu centru")

LANGUAGES = (("cs", 84), ("uk", 8), ("sk", 4), ("vi", 2), ("rom", 2))
CZ_MOBILE_PREFIXES = ("601", "602", "603", "604", "605", "606", "607", "608", "720", "721",
                      "722", "723", "724", "725", "730", "731", "732", "733", "734", "736",
                      "737", "739", "773", "774", "775", "776", "777", "778", "790", "792",
                      "799")


def _weighted(rng: random.Random, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def czech_date(day: date) -> str:
    return f"{day.day}. {day.month}. {day.year}"


def distribute(total: int, weights: Sequence[float], *, at_least_one: bool = True
               ) -> list[int]:
    """Split ``total`` by ``weights`` (largest remainder), exactly; with ``at_least_one``
    every share gets one if there are enough to go round."""
    if total <= 0:
        return [0] * len(weights)
    wsum = sum(weights)
    raw = [total * w / wsum for w in weights]
    counts = [int(x) for x in raw]
    order = sorted(range(len(weights)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    if at_least_one and total >= len(weights):
        # every contact point gets at least one client; take them from the biggest
        for i, n in enumerate(counts):
            if n == 0:
                counts[i] = 1
                counts[counts.index(max(counts))] -= 1
    return counts


# --------------------------------------------------------------------------------------
# Seeding
# --------------------------------------------------------------------------------------

@dataclass
class Office:
    spec: ContactPointSpec
    cp: ContactPoint
    advisers: list[User] = field(default_factory=list)
    lead: User | None = None
    municipality: Municipality | None = None
    neighbours: list[tuple[Municipality, str, str]] = field(default_factory=list)

    @property
    def recorders(self) -> list[User]:
        return self.advisers + ([self.lead] if self.lead else [])


class DemoSeeder:
    """Creates the demo data; call :meth:`run` inside one transaction."""

    def __init__(self, *, clients: int = DEFAULT_CLIENTS, password: str,
                 log=lambda message: None) -> None:
        self.n_clients = clients
        self.password = password
        self.log = log
        self.rng = random.Random(SEED)
        self.fake = Faker("cs_CZ")
        self.fake.seed_instance(SEED)
        self.names = NameMaker(self.fake, self.rng)
        self.today = timezone.localdate()
        self.yesterday = self.today - timedelta(days=1)
        self.first_day = self.today - timedelta(days=HISTORY_DAYS)
        self.holidays = holidays.country_holidays(
            "CZ", years=range(self.first_day.year, self.today.year + 1))
        self.topics = {t.code: t for t in Topic.objects.all()}
        self.situations = {s.code: s for s in HousingSituation.objects.all()}
        self.aid_kinds = {k.code: k for k in MaterialAidKind.objects.all()}
        self.offices: dict[str, Office] = {}
        self.stats: Counter = Counter()
        self._used_emails: set[str] = set()

    # ---- reference data and staff ---------------------------------------------------

    def _municipality(self, name: str, district: str) -> Municipality:
        found = list(Municipality.objects.filter(name=name, district__name=district)[:2])
        if len(found) != 1:
            raise LookupError(f"Municipality {name!r} in the district {district!r} not found "
                              f"exactly once ({len(found)} found).")
        return found[0]

    def _city_district(self, municipality: Municipality, name: str) -> str:
        code = (MunicipalityPart.objects.filter(municipality=municipality,
                                                city_district_name=name)
                .values_list("city_district_code", flat=True).first())
        if code:
            return code
        code = CITY_DISTRICT_CODES.get((municipality.name, name))
        if not code:
            raise LookupError(f"City district {name!r} of {municipality} not found.")
        self.log(f"City district {name} is named by no part of {municipality}; "
                 f"using its RÚIAN code {code}.")
        return code

    def _contact_points(self) -> None:
        for spec in CONTACT_POINTS:
            municipality = self._municipality(spec.municipality, spec.district)
            cp, _ = ContactPoint.objects.update_or_create(name=spec.name, defaults={
                "municipality": municipality, "address": spec.address,
                "opening_hours": spec.opening_hours, "phone": spec.phone,
                "email": spec.email, "website": spec.website,
                "latitude": Decimal(spec.latitude), "longitude": Decimal(spec.longitude),
                "active": True, "sample_contact_details": True,
            })
            office = Office(spec=spec, cp=cp, municipality=municipality)
            ServiceArea.objects.filter(contact_point=cp).delete()
            whole_orp = municipality.orp if spec.whole_orp else None
            if spec.whole_orp and whole_orp is None:
                self.log(f"{municipality} has no ORP district loaded; {spec.name} serves "
                         f"its municipalities one by one.")
            areas = [ServiceArea(contact_point=cp, orp=whole_orp,
                                 valid_from=SERVICE_AREAS_FROM) if whole_orp else ServiceArea(
                contact_point=cp, municipality=municipality, valid_from=SERVICE_AREAS_FROM,
                city_district_code=self._city_district(municipality, spec.city_district)
                if spec.city_district else "",
                city_district_name=spec.city_district)]
            for name in spec.neighbours:
                neighbour = self._municipality(name, spec.district)
                if not whole_orp or neighbour.orp_id != whole_orp.pk:
                    areas.append(ServiceArea(contact_point=cp, municipality=neighbour,
                                             valid_from=SERVICE_AREAS_FROM))
                part = (MunicipalityPart.objects.filter(municipality=neighbour)
                        .order_by("code").first())
                postal = (part.postal_codes.split() or [""])[0] if part else ""
                office.neighbours.append((neighbour, part.name if part else name, postal))
            ServiceArea.objects.bulk_create(areas)
            self.offices[spec.slug] = office
            self.stats["service_areas"] += len(areas)

    def _email(self, first: str, last: str) -> str:
        base = f"{fold(first)}.{fold(last)}".replace(" ", "")
        email, n = f"{base}@example.cz", 1
        while email in self._used_emails:
            n += 1
            email = f"{base}{n}@example.cz"
        self._used_emails.add(email)
        return email

    def _staff(self) -> None:
        password_hash = make_password(self.password)  # hashed once, reused for every user
        for spec in staff_specs():
            person = self.names.person(female=self.rng.random() < 0.7)
            office = self.offices.get(spec.slug) if spec.slug else None
            user, _ = User.objects.update_or_create(username=spec.username, defaults={
                "first_name": person.first_name, "last_name": person.last_name,
                "email": self._email(person.first_name, person.last_name),
                "preferred_language": "cs", "is_active": True,
                "is_staff": spec.role == Role.ADMINISTRATOR,
                "is_superuser": spec.role == Role.ADMINISTRATOR,
                "password": password_hash,
            })
            Membership.objects.get_or_create(user=user, role=spec.role,
                                             contact_point=office.cp if office else None)
            if office and spec.role == Role.ADVISER:
                office.advisers.append(user)
            elif office and spec.role == Role.LEAD:
                office.lead = user

    # ---- helpers for case data ------------------------------------------------------

    def _workday(self, day: date, *, latest: date | None = None) -> date:
        """The nearest working day on or after ``day`` (before it if that passes ``latest``)."""
        latest = latest or self.yesterday
        step = 1
        probe = day
        while probe.weekday() >= 5 or probe in self.holidays:
            probe += timedelta(days=step)
            if probe > latest:
                step, probe = -1, day
        return probe

    def _moment(self, day: date) -> datetime:
        clock = time(self.rng.randint(8, 16), self.rng.choice((0, 10, 15, 20, 30, 40, 45)))
        return timezone.make_aware(datetime.combine(day, clock))

    def _phone(self, language: str) -> str:
        if language == "uk" and self.rng.random() < 0.3:
            return (f"+380 {self.rng.choice(('50', '63', '67', '93'))} "
                    f"{self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}")
        return (f"+420 {self.rng.choice(CZ_MOBILE_PREFIXES)} {self.rng.randint(100, 999)} "
                f"{self.rng.randint(100, 999)}")

    def _address(self, office: Office) -> tuple[str, Municipality, str]:
        spec = office.spec
        if office.neighbours and self.rng.random() < 0.2:
            municipality, part, postal = self.rng.choice(office.neighbours)
            return f"{part} {self.rng.randint(1, 260)}", municipality, postal
        street, postal = self.rng.choice(spec.streets)
        if spec.slug == "stare-krecany":
            number = f"{self.rng.randint(1, 420)}"
        elif spec.big_city:
            number = f"{self.rng.randint(100, 2900)}/{self.rng.randint(1, 80)}"
        else:
            number = f"{self.rng.randint(1, 2500)}"
        return f"{street} {number}", office.municipality, postal

    def _birth_date(self, ages: tuple[int, int]) -> date:
        age = self.rng.randint(*ages)
        return self.today - timedelta(days=age * 365 + self.rng.randint(0, 364))

    def _words(self, female: bool) -> dict[str, str]:
        return {"Klient": "Klientka" if female else "Klient",
                "klient": "klientka" if female else "klient", "a": "a" if female else ""}

    def _advice(self, key: str, female: bool, loss: date | None) -> str:
        text = ADVICE[key]
        if "{loss}" in text and loss is None:
            text = ADVICE["housing_options"]
        return text.format(loss=czech_date(loss) if loss else "", **self._words(female))

    def _channel(self, scenario: Scenario | None) -> str:
        if scenario and scenario.outreach and self.rng.random() < 0.45:
            return Channel.OUTREACH
        return _weighted(self.rng, [Channel.IN_PERSON, Channel.PHONE, Channel.EMAIL,
                                    Channel.ONLINE, Channel.OUTREACH], [62, 24, 8, 3, 3])

    def _duration(self, channel: str) -> int:
        low, high = {Channel.IN_PERSON: (4, 15), Channel.OUTREACH: (6, 18),
                     Channel.PHONE: (2, 5), Channel.EMAIL: (2, 4),
                     Channel.ONLINE: (2, 4)}[channel]
        return 5 * self.rng.randint(low, high)

    # ---- clients --------------------------------------------------------------------

    def _client_data(self, office: Office, person: Person | None, scenario: Scenario,
                     female: bool) -> dict:
        if person is None:  # anonymous: a nickname only
            data = {"nickname": self.rng.choice(NICKNAMES_WOMEN if female else NICKNAMES_MEN),
                    "name_quality": self.rng.choice((DataQuality.REFUSED,
                                                     DataQuality.NOT_ASKED)),
                    "birth_date_quality": DataQuality.REFUSED,
                    "address_quality": DataQuality.NOT_ASKED,
                    "municipality": office.municipality}
            if self.rng.random() < 0.4:
                data.update(phone=self._phone("cs"), phone_quality=DataQuality.KNOWN)
            return data
        data = {"first_name": person.first_name, "last_name": person.last_name,
                "name_quality": DataQuality.KNOWN, "preferred_language": person.language}
        roll = self.rng.random()
        if roll < 0.85:
            data.update(birth_date=self._birth_date(scenario.ages),
                        birth_date_quality=DataQuality.KNOWN)
        else:
            data["birth_date_quality"] = (DataQuality.REFUSED if roll < 0.93
                                          else DataQuality.NOT_ASKED)
        if self.rng.random() < 0.8:
            data.update(phone=self._phone(person.language), phone_quality=DataQuality.KNOWN)
        else:
            data["phone_quality"] = self.rng.choice((DataQuality.DOES_NOT_KNOW,
                                                     DataQuality.NOT_ASKED))
        if self.rng.random() < 0.3:
            data["email"] = self._email(strip_accents(person.first_name),
                                        strip_accents(person.last_name))
        if scenario.key == "rough":
            data.update(municipality=office.municipality, address_quality=DataQuality.KNOWN)
        else:
            street, municipality, postal = self._address(office)
            data.update(street=street, municipality=municipality, postal_code=postal,
                        address_quality=DataQuality.KNOWN)
        return data

    def _household(self, client: Client, person: Person, scenario: Scenario,
                   actor: User) -> None:
        if self.rng.random() >= scenario.household:
            return
        birth = client.birth_date or self._birth_date(scenario.ages)
        if scenario.key != "violence" and self.rng.random() < 0.7:
            female = not person.female if self.rng.random() < 0.97 else person.female
            partner_first = self.names.first_name(female, person.language)
            if self.rng.random() < 0.7:
                partner_last = person.surname_for(female)
            else:
                partner_last = self.names.person(female, person.language).last_name
            partner_birth = birth + timedelta(days=self.rng.randint(-6 * 365, 6 * 365))
            services.household_member_add(client=client, actor=actor, data={
                "first_name": partner_first, "last_name": partner_last,
                "birth_date": min(partner_birth, self.today - timedelta(days=18 * 365)),
                "relationship": Relationship.PARTNER})
            self.stats["household_members"] += 1
        if scenario.key == "senior":
            return
        parent_age = (self.today - birth).days // 365
        for _ in range(self.rng.choice((0, 1, 1, 2, 2, 3)) if parent_age < 55 else 0):
            female = self.rng.random() < 0.5
            oldest = max(0, min(17, parent_age - 18))
            age_days = self.rng.randint(60, oldest * 365 + 300)
            services.household_member_add(client=client, actor=actor, data={
                "first_name": self.names.first_name(female, person.language),
                "last_name": person.surname_for(female),
                "birth_date": self.today - timedelta(days=age_days),
                "relationship": Relationship.CHILD})
            self.stats["household_members"] += 1

    def _consents(self, client: Client, scenario: Scenario, actor: User, given: date) -> None:
        if self.rng.random() >= 0.75:
            return
        purposes = [ConsentPurpose.RECORDS]
        if client.phone and self.rng.random() < 0.6:
            purposes.append(ConsentPurpose.CONTACT)
        if "dssp" in scenario.extra_topics and self.rng.random() < 0.4:
            purposes.append(ConsentPurpose.BENEFITS)
        if self.rng.random() < 0.3:
            purposes.append(ConsentPurpose.SHARING)
        for purpose in purposes:
            scope = CONSENT_SCOPES[purpose].format(partner=self.rng.choice(SHARING_PARTNERS))
            expires = given + timedelta(days=365) if purpose == ConsentPurpose.SHARING else None
            consent = services.consent_record(client=client, actor=actor, data={
                "purpose": purpose, "scope": scope, "given_on": given, "expires_on": expires},
                occurred_at=_at(given))
            self.stats["consents"] += 1
            if purpose == ConsentPurpose.CONTACT and self.rng.random() < 0.05:
                services.consent_withdraw(consent=consent, actor=actor,
                                          on=min(given + timedelta(days=60), self.today))

    def _schedule(self, kind: str, scenario: Scenario, *, sure: bool = False,
                  ) -> tuple[list[date], date | None]:
        """Visit days of one case and the day its housing is lost (if it has a deadline).

        ``sure``: an urgent case whose loss date is certainly still ahead.
        """
        if kind == "urgent":
            n = self.rng.randint(2, 8)
        elif kind == "ongoing":
            n = self.rng.randint(3, 16)
        else:
            n = _weighted(self.rng, list(range(1, 15)),
                          [5, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 2, 1])
        gaps = [self.rng.randint(3, 35) for _ in range(n - 1)]
        span = sum(gaps)
        loss = None
        if kind == "urgent":
            loss = self.today + timedelta(days=self.rng.randint(3, 21) if sure
                                          else self.rng.randint(-5, 30))
            low, high = scenario.deadline or (30, 60)
            first = loss - timedelta(days=self.rng.randint(low, high))
            first = max(first, self.first_day)
            if first >= self.yesterday:
                first = self.yesterday - timedelta(days=self.rng.randint(0, 7))
            room = (self.yesterday - first).days
            if span > room:
                gaps = [max(1, g * room // max(span, 1)) for g in gaps]
        elif kind == "ongoing":
            last = self.yesterday - timedelta(days=self.rng.randint(0, 45))
            first = max(self.first_day, last - timedelta(days=span))
        else:
            latest_start = self.today - timedelta(days=60 + span)
            window = max(0, (latest_start - self.first_day).days)
            first = self.first_day + timedelta(days=self.rng.randint(0, window))
        days, day = [], first
        for gap in [0, *gaps]:
            day = day + timedelta(days=gap)
            if day > self.yesterday:
                break
            days.append(self._workday(day))
        days = sorted(set(days)) or [self._workday(self.yesterday - timedelta(days=3))]
        if loss is None and scenario.deadline:
            loss = days[0] + timedelta(days=self.rng.randint(*scenario.deadline))
        return days, loss

    def _case(self, office: Office, *, kind: str, anonymous: bool = False,
              duplicate_of: tuple[Person, Client] | None = None, sure: bool = False,
              ) -> tuple[Client, Person | None]:
        rng = self.rng
        if kind == "urgent":
            scenario = _weighted(rng, [s for s in SCENARIOS if s.deadline],
                                 [s.weight for s in SCENARIOS if s.deadline])
        else:
            scenario = _weighted(rng, SCENARIOS, [s.weight for s in SCENARIOS])
        key_worker = _weighted(rng, office.recorders, [6, 3, 3][: len(office.advisers)]
                               + ([1] if office.lead else []))
        days, loss = self._schedule(kind, scenario, sure=sure)
        resolved = kind == "closed" and len(days) > 1 and rng.random() < 0.6

        female = rng.random() < scenario.female
        if duplicate_of:
            person, original = duplicate_of
            female = person.female
            data = self._duplicate_data(person, original)
        else:
            person = None
            if not anonymous:
                language = _weighted(rng, [c for c, _ in LANGUAGES], [w for _, w in LANGUAGES])
                person = self.names.person(female, language)
            data = self._client_data(office, person, scenario, female)
        client = services.client_create(contact_point=office.cp, actor=key_worker, data=data,
                                        occurred_at=_at(days[0]))
        self.stats["clients"] += 1
        self.stats["anonymous_clients"] += int(anonymous)
        alternative = None if scenario.progress else rng.choice(scenario.situations)
        if person and not duplicate_of:
            self._household(client, person, scenario, key_worker)
        if person:
            self._consents(client, scenario, key_worker, days[0])

        for i, day in enumerate(days):
            last = i == len(days) - 1
            actor = key_worker if rng.random() < 0.85 else rng.choice(office.recorders)
            situation_code = alternative or scenario.situations[
                min(i * len(scenario.situations) // len(days), len(scenario.situations) - 1)]
            topics = list(scenario.topics) + rng.sample(
                scenario.extra_topics, k=rng.randint(0, min(2, len(scenario.extra_topics))))
            at_risk = scenario.at_risk
            loss_date = loss if not scenario.dated or situation_code in scenario.dated else None
            advice_key = rng.choice(scenario.advice)
            if advice_key == "rough_outreach" and situation_code != "rough_sleeping":
                advice_key = rng.choice(("rough_id", "dssp_form", "housing_register"))
            if i > 0 and rng.random() < 0.25:
                advice_key = rng.choice(("follow_up", "documents", "phone_check",
                                         "material_help", "dssp_form"))
            if resolved and last:
                situation_code = rng.choice(scenario.resolved)
                at_risk, loss_date = False, None
                topics = [rng.choice(("looking_for_housing", "dssp", "deposit"))]
                advice_key = rng.choice(scenario.resolved_advice)
            elif loss is not None and day > loss:
                situation_code = rng.choice(scenario.lost)
                at_risk, loss_date = False, None
                topics = ["looking_for_housing", *rng.sample(("dssp", "deposit",
                                                              "crisis"), k=1)]
                advice_key = "lost_housing" if rng.random() < 0.5 else "housing_options"
            if situation_code == "notice_eviction" and loss_date is None:
                at_risk = True
            advice = self._advice(advice_key, female, loss_date)
            also = ""
            if rng.random() < 0.15:
                also = rng.choice(("material_help", "dssp_check"))
                advice += " " + self._advice(also, female, loss_date)
            aid = self._material_aid("material_help" in (advice_key, also))
            if aid:
                topics = [*topics, "material_aid"]
            notes = (rng.choice(NOTES).format(**self._words(female))
                     if rng.random() < 0.2 else "")
            channel = Channel.OUTREACH if advice_key == "rough_outreach" \
                else self._channel(scenario)
            services.consultation_record(
                contact_point=office.cp, actor=actor, client=client,
                occurred_at=self._moment(day), channel=channel,
                duration_minutes=self._duration(channel),
                topics=[self.topics[c] for c in dict.fromkeys(topics)],
                housing_situation=self.situations[situation_code], housing_at_risk=at_risk,
                loss_date=loss_date, advice=advice, notes=notes, material_aid=aid)
            self.stats["consultations"] += 1
            self.stats["material_aid"] += len(aid)

        if person or rng.random() < 0.3:
            self._tasks(client, scenario, kind, key_worker, days, resolved)
        return client, person

    def _material_aid(self, given: bool) -> list[dict]:
        """Food from the food bank and household items, as the advice text says (drawn
        without the random generator, so the rest of the demo stays the same)."""
        if not given:
            return []
        return [{"kind": self.aid_kinds["food"], "mode": "arranged", "quantity": 1,
                 "value_czk": 400},
                {"kind": self.aid_kinds["furniture"], "mode": "arranged", "quantity": 2}]

    def _tasks(self, client: Client, scenario: Scenario, kind: str, actor: User,
               days: list[date], resolved: bool) -> None:
        rng = self.rng
        keys = rng.sample(scenario.tasks, k=min(len(scenario.tasks), rng.randint(1, 3)))
        for n, key in enumerate(keys):
            title, owner = TASKS[key]
            if kind == "closed":
                due = days[min(n, len(days) - 1)] + timedelta(days=rng.randint(5, 20))
                status = TaskStatus.DONE if resolved or rng.random() < 0.7 else \
                    TaskStatus.CANCELLED
            elif n == 0 and kind == "urgent":
                due = self.today + timedelta(days=rng.randint(-6, 10))
                status = TaskStatus.OPEN
            else:
                roll = rng.random()
                if roll < 0.2:
                    due = self.today - timedelta(days=rng.randint(1, 14))
                elif roll < 0.6:
                    due = self.today + timedelta(days=rng.randint(0, 14))
                else:
                    due = self.today + timedelta(days=rng.randint(15, 45))
                # earlier steps of an ongoing case are mostly done already
                status = TaskStatus.OPEN if n == 0 or rng.random() < 0.4 else TaskStatus.DONE
                if status == TaskStatus.DONE:
                    due = min(due, days[-1] + timedelta(days=rng.randint(1, 10)))
            task = services.task_create(client=client, actor=actor, data={
                "title": title, "owner": owner, "due_date": due,
                "assignee": actor if owner == TaskOwner.OFFICE else None},
                occurred_at=_at(min(days[-1], self.today)))
            if status != TaskStatus.OPEN:
                services.task_set_status(task=task, actor=actor, status=status,
                                         occurred_at=_at(min(due, self.today)))
            self.stats["tasks"] += 1

    def _duplicate_data(self, person: Person, original: Client) -> dict:
        """The same person entered again by a colleague: no accents, no phone."""
        data = {"first_name": strip_accents(person.first_name),
                "last_name": strip_accents(person.last_name),
                "name_quality": DataQuality.KNOWN,
                "street": original.street, "municipality": original.municipality,
                "postal_code": original.postal_code,
                "address_quality": original.address_quality}
        if original.birth_date and self.rng.random() < 0.7:
            data.update(birth_date=original.birth_date, birth_date_quality=DataQuality.KNOWN)
        return data

    def _anonymous_consultations(self, office: Office, count: int) -> None:
        rng = self.rng
        # Most advises owners' associations and landlords more than the others
        weights = [w * (4 if office.spec.slug == "most" and topics == ("landlord_svj",) else 1)
                   for topics, *_, w in ANONYMOUS_TOPICS]
        for _ in range(count):
            topics, situation, advice_key, _w = _weighted(rng, ANONYMOUS_TOPICS, weights)
            day = self._workday(self.first_day + timedelta(
                days=rng.randint(0, (self.yesterday - self.first_day).days)))
            channel = Channel.OUTREACH if advice_key == "rough_outreach" else _weighted(
                rng, [Channel.PHONE, Channel.IN_PERSON, Channel.EMAIL], [50, 35, 15])
            services.consultation_record(
                contact_point=office.cp, actor=rng.choice(office.recorders), client=None,
                occurred_at=self._moment(day), channel=channel,
                duration_minutes=5 * rng.randint(2, 6),
                topics=[self.topics[c] for c in topics],
                housing_situation=self.situations[situation] if situation else None,
                housing_at_risk=situation == "notice_eviction" or "rent_arrears" in topics,
                advice=self._advice(advice_key, rng.random() < 0.5, None))
            self.stats["consultations"] += 1
            self.stats["anonymous_consultations"] += 1

    # ---- the whole run ---------------------------------------------------------------

    def run(self) -> None:
        self._contact_points()
        self._staff()
        specs = list(CONTACT_POINTS)
        counts = distribute(self.n_clients, [s.weight for s in specs])
        duplicates_at = {"praha7": 2, "brno-stred": 1, "liberec": 1, "plzen": 1}
        for spec, count in zip(specs, counts, strict=True):
            office = self.offices[spec.slug]
            before = self.stats["consultations"]
            made: list[tuple[Person, Client]] = []
            for i in range(count):
                anonymous = i > 0 and self.rng.random() < 0.10
                if i == 0:
                    kind = "urgent"  # every office has at least one urgent client
                else:
                    kind = _weighted(self.rng, ["urgent", "ongoing", "closed"], [10, 35, 55])
                if anonymous:
                    kind = "closed" if self.rng.random() < 0.6 else "ongoing"
                client, person = self._case(office, kind=kind, anonymous=anonymous,
                                            sure=i == 0)
                if person is not None:
                    made.append((person, client))
            for person, original in self._duplicate_candidates(
                    made, duplicates_at.get(spec.slug, 0)):
                self._case(office, kind="closed", duplicate_of=(person, original))
                self.stats["duplicates"] += 1
            with_client = self.stats["consultations"] - before
            self._anonymous_consultations(office, round(with_client * 0.15 / 0.85))
        DatedParameter.objects.update_or_create(
            key=MARKER_KEY, valid_from=self.today,
            defaults={"value": {"clients": self.n_clients, "seed": SEED},
                      "description": "Demo data were loaded by manage.py seed_demo.",
                      "source": "seed_demo"})

    def _duplicate_candidates(self, made, wanted: int):
        """Clients whose name has accents (so the duplicate differs only in accents)."""
        picks = [pair for pair in made if pair[0].language == "cs"
                 and strip_accents(pair[0].first_name + pair[0].last_name)
                 != pair[0].first_name + pair[0].last_name]
        return picks[:wanted]


def _at(day: date) -> datetime:
    """A working-hours moment of ``day`` in the local time zone."""
    return timezone.make_aware(datetime.combine(day, time(10, 0)))
