"""Demo data of the partner network: the directory of each demo city and some referrals.

Called by ``manage.py seed_demo`` after the contact points, staff and clients of the core
demo exist. The organisations are modelled on the kinds a housing contact point works
with (debt and legal counselling NGOs, Charita-like social services, shelters, food and
furniture banks, foundation funds, Labour Office branches, municipal departments). The
names of the non-governmental organisations, all street numbers, phone numbers and
persons are made up; e-mail addresses are at example.cz. Public institutions are named
as they are called. Identifiers are derived from names, so a second run changes nothing.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kmb.accounts.models import ContactPoint, User
from kmb.cases.models import Client
from kmb.core.models import DatedParameter, Municipality
from kmb.core.text import fold
from kmb.network import services
from kmb.network.hsds.spec import RUIAN_MUNICIPALITY_URI
from kmb.network.models import (
    Address,
    Attribute,
    CostOption,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    PartnerContact,
    PartnerMembership,
    Phone,
    Referral,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from kmb.network.taxonomy import (
    CATEGORIES_ID,
    KMB_NAMESPACE,
    TARGET_GROUPS_ID,
)
from kmb.network.workdays import add_working_days

MARKER_KEY = "demo.network_seeded"
SEED = 20260202

#: What each kind of partner does, for the public: Czech, English, Ukrainian.
DESCRIPTIONS: dict[str, tuple[str, str, str]] = {
    "debt_counselling": (
        "Bezplatná a diskrétní pomoc s dluhy a exekucemi: přehled dluhů, rozpočet, "
        "jednání s věřiteli a exekutory, splátkové kalendáře.",
        "Free, confidential help with debts and enforcement: an overview of debts, a "
        "budget, negotiating with creditors and bailiffs, instalment plans.",
        "Безкоштовна конфіденційна допомога з боргами та виконавчими провадженнями."),
    "insolvency": (
        "Posouzení, zda je oddlužení (osobní bankrot) možné, a sepsání a podání návrhu "
        "na povolení oddlužení.",
        "Whether debt relief (personal insolvency) is possible, and help writing and "
        "filing the petition.",
        "Оцінка можливості особистого банкрутства та допомога з поданням заяви."),
    "legal_counselling": (
        "Právní poradenství v nájemních vztazích: výpověď z nájmu, nájemní smlouva, "
        "vrácení kauce, vyklizení bytu.",
        "Legal advice on tenancies: notice to quit, the lease, getting the deposit back, "
        "eviction.",
        "Юридичні консультації щодо оренди житла: розірвання, договір, застава."),
    "social_counselling": (
        "Odborné sociální poradenství: dávky, hledání bydlení, jednání s úřady, pomoc "
        "v tíživé životní situaci.",
        "Social counselling: benefits, finding housing, dealing with offices, help in a "
        "difficult situation.",
        "Соціальне консультування: виплати, пошук житла, спілкування з установами."),
    "field_social_work": (
        "Sociální pracovníci přijdou za vámi: do ubytoven, vyloučených lokalit i na "
        "ulici. Doprovod na úřady a k lékaři.",
        "Social workers come to you: to hostels, excluded neighbourhoods and the street. "
        "They go with you to offices and doctors.",
        "Соціальні працівники приходять до вас: у гуртожитки та на вулицю."),
    "shelters": (
        "Noclehárna, nízkoprahové denní centrum a krizová lůžka pro lidi bez domova; "
        "hygiena, jídlo, šatník, sociální poradna.",
        "Night shelter, a low-threshold day centre and crisis beds for people who are "
        "homeless; showers, food, clothes, advice.",
        "Нічліжка та денний центр для бездомних: душ, їжа, одяг, консультації."),
    "asylum_houses": (
        "Azylový dům s podporou sociálního pracovníka, na dobu nejvýše jednoho roku, "
        "s cílem najít vlastní bydlení.",
        "A shelter with a social worker's support for up to a year, aiming at a home of "
        "one's own.",
        "Притулок із підтримкою соціального працівника на строк до одного року."),
    "mental_health": (
        "Centrum duševního zdraví: psychiatrická a psychologická péče, case management, "
        "podpora v bydlení.",
        "A mental health centre: psychiatric and psychological care, case management, "
        "support in housing.",
        "Центр психічного здоров'я: психіатрична та психологічна допомога."),
    "addiction": (
        "Kontaktní centrum a ambulantní léčba závislostí; poradenství i pro rodiny.",
        "A drop-in centre and outpatient addiction treatment; advice for families too.",
        "Контактний центр і амбулаторне лікування залежностей."),
    "domestic_violence": (
        "Intervenční centrum: pomoc osobám ohroženým domácím násilím, bezpečnostní plán, "
        "doprovod na policii a k soudu.",
        "Intervention centre: help for people at risk of domestic violence, a safety "
        "plan, going with them to the police and court.",
        "Інтервенційний центр: допомога постраждалим від домашнього насильства."),
    "families": (
        "Sociálně aktivizační služba pro rodiny s dětmi: hospodaření, péče o děti, škola, "
        "bydlení.",
        "Support for families with children: managing money, caring for children, "
        "school, housing.",
        "Підтримка сімей з дітьми: ведення бюджету, догляд за дітьми, житло."),
    "seniors": (
        "Poradenství a pečovatelská služba pro seniory; pomoc se žádostí o byt v domě "
        "s pečovatelskou službou.",
        "Advice and home care for seniors; help applying for a flat in sheltered housing.",
        "Консультації та догляд для людей похилого віку."),
    "foundation_funds": (
        "Nadační fond přispívá jednorázově na kauci, první nájem nebo nutné vybavení; "
        "žádost podává sociální pracovník.",
        "A foundation fund giving one-off grants towards a deposit, the first rent or "
        "essentials; a social worker applies.",
        "Благодійний фонд: разова допомога на заставу чи першу оренду."),
    "food_banks": (
        "Potravinová pomoc pro lidi v nouzi na doporučení sociálního pracovníka.",
        "Food aid for people in need, on a social worker's recommendation.",
        "Продовольча допомога за рекомендацією соціального працівника."),
    "furniture_banks": (
        "Nábytek, lednice a pračky z darů pro domácnosti, které se stěhují do nového "
        "bydlení; dovoz za symbolický poplatek.",
        "Donated furniture, fridges and washing machines for households moving into a "
        "new home; delivery for a token fee.",
        "Меблі та побутова техніка для домогосподарств, що переїжджають."),
    "social_rental_agencies": (
        "Sociální realitní agentura: pronájem bytů od soukromých majitelů s garancí "
        "a podporou nájemníků.",
        "A social rental agency: flats let by private owners with guarantees and "
        "support for the tenants.",
        "Соціальне агентство нерухомості: оренда квартир у приватних власників."),
    "labour_office": (
        "Dávka státní sociální pomoci a mimořádná okamžitá pomoc; podání žádostí "
        "a kontrola nároku.",
        "The state social assistance benefit and emergency assistance: applications and "
        "entitlement.",
        "Державна соціальна допомога та надзвичайна допомога: подання заяв."),
    "municipal_departments": (
        "Sociální práce obce a obecní byty: žádost o byt, sociální byty, byty pro "
        "seniory, pomoc při ztrátě bydlení.",
        "The municipality's social work and flats: applying for a flat, social flats, "
        "flats for seniors, help when losing one's home.",
        "Соціальна робота громади та муніципальні квартири."),
    "health": (
        "Zdravotní péče pro lidi bez domova a bez praktického lékaře; ošetřovna, "
        "pomoc s pojištěním.",
        "Health care for people who are homeless or have no GP; a clinic, help with "
        "health insurance.",
        "Медична допомога для бездомних і людей без сімейного лікаря."),
}

TARGETS: dict[str, tuple[str, ...]] = {
    "debt_counselling": ("indebted", "at_risk"), "insolvency": ("indebted",),
    "legal_counselling": ("at_risk",), "social_counselling": ("at_risk", "families"),
    "field_social_work": ("homeless", "at_risk"), "shelters": ("homeless",),
    "asylum_houses": ("homeless", "families", "single_parents"),
    "mental_health": ("mental_illness",), "addiction": ("addiction",),
    "domestic_violence": ("violence",), "families": ("families", "single_parents"),
    "seniors": ("seniors", "disability"), "foundation_funds": ("at_risk", "families"),
    "food_banks": ("at_risk", "homeless"), "furniture_banks": ("at_risk", "families"),
    "social_rental_agencies": ("at_risk", "families", "young_adults"),
    "labour_office": ("at_risk",), "municipal_departments": ("at_risk", "seniors"),
    "health": ("homeless",),
}

ROLES = {
    "debt_counselling": "dluhová poradkyně", "insolvency": "insolvenční poradce",
    "legal_counselling": "advokátka", "social_counselling": "sociální pracovnice",
    "field_social_work": "vedoucí terénního týmu", "shelters": "vedoucí noclehárny",
    "asylum_houses": "sociální pracovnice azylového domu", "mental_health": "case manažerka",
    "addiction": "vedoucí kontaktního centra", "domestic_violence": "vedoucí intervenčního centra",
    "families": "sociální pracovnice", "seniors": "koordinátorka péče",
    "foundation_funds": "koordinátorka žádostí", "food_banks": "koordinátor výdeje",
    "furniture_banks": "koordinátor skladu", "social_rental_agencies": "manažerka bydlení",
    "labour_office": "vedoucí oddělení dávek", "municipal_departments": "sociální pracovnice",
    "health": "zdravotní sestra",
}

#: Opening hours: (days, opens, closes, note)
HOURS = {
    "office": ("MO,TU,WE,TH", "08:00", "16:00", ""),
    "mw": ("MO,WE", "08:00", "17:00", "Út a Čt po objednání"),
    "daily": ("MO,TU,WE,TH,FR,SA,SU", "08:00", "18:00", ""),
    "night": ("MO,TU,WE,TH,FR,SA,SU", "19:00", "23:59", "příjem do 22:00"),
    "tt": ("TU,TH", "10:00", "14:00", "výdej na doporučení"),
    "appointment": ("MO,TU,WE,TH,FR", "09:00", "15:00", "po objednání"),
}

DEFAULT_HOURS = {
    "shelters": "night", "food_banks": "tt", "furniture_banks": "tt", "addiction": "daily",
    "foundation_funds": "appointment", "legal_counselling": "mw", "insolvency": "mw",
    "debt_counselling": "mw",
}


@dataclass(frozen=True)
class Partner:
    category: str
    organization: str
    legal_status: str
    service: str
    street: str
    postal_code: str
    capacity: str = "taking"
    extra: tuple[str, ...] = ()  # more categories
    transport: str = ""


@dataclass(frozen=True)
class City:
    municipality: str
    district: str
    partners: tuple[Partner, ...]


P = Partner

CITIES: tuple[City, ...] = (
    City("Praha", "Hlavní město Praha", (
        P("debt_counselling", "Rovnováha – dluhová poradna, z. ú.", "z. ú.",
          "Dluhová poradna Holešovice", "Dukelských hrdinů 22", "170 00",
          extra=("insolvency",), transport="Tram 1, 6, 12 – zastávka Strossmayerovo náměstí"),
        P("insolvency", "Cesta z dluhů, o. p. s.", "o. p. s.", "Oddlužení krok za krokem",
          "Vinohradská 48", "120 00", capacity="waiting_list",
          transport="Metro A Náměstí Míru"),
        P("legal_counselling", "Právo na bydlení, z. s.", "z. s.",
          "Bezplatná právní poradna pro nájemníky", "Žitná 31", "120 00",
          transport="Metro C I. P. Pavlova"),
        P("social_counselling", "Charitní sdružení sv. Vojtěcha", "církevní právnická osoba",
          "Sociální poradna Žižkov", "Seifertova 40", "130 00",
          transport="Tram 5, 9, 15, 26 – Husinecká"),
        P("field_social_work", "Terénní tým Krok, z. s.", "z. s.",
          "Terénní sociální práce Praha 7 a 14", "Komunardů 15", "170 00"),
        P("shelters", "Přístav – noclehárny a denní centra, z. s.", "z. s.",
          "Noclehárna a denní centrum Libeň", "Na Žertvách 18", "180 00",
          capacity="waiting_list", extra=("health",), transport="Metro B Palmovka"),
        P("asylum_houses", "Domov Na Půl Cesty, z. ú.", "z. ú.",
          "Azylový dům pro matky s dětmi", "Plzeňská 112", "150 00",
          capacity="not_taking", extra=("families",)),
        P("mental_health", "Centrum duševního zdraví Sever, z. ú.", "z. ú.",
          "Komunitní tým duševního zdraví", "Sokolovská 90", "186 00"),
        P("addiction", "Most k sobě, z. s.", "z. s.", "Kontaktní centrum",
          "Kolbenova 9", "190 00"),
        P("domestic_violence", "Bezpečný práh, z. s.", "z. s.",
          "Intervenční centrum pro Prahu", "Nuselská 61", "140 00"),
        P("seniors", "Stáří bez obav, o. p. s.", "o. p. s.", "Poradna a pečovatelská služba",
          "Bratří Venclíků 7", "198 00"),
        P("foundation_funds", "Nadační fond Střecha nad hlavou", "nadační fond",
          "Příspěvek na kauci a první nájem", "Jungmannova 26", "110 00"),
        P("food_banks", "Potravinová pomoc Praha, z. s.", "z. s.", "Výdej potravin",
          "Na Žertvách 44", "180 00"),
        P("furniture_banks", "Nábytková banka Druhý domov, z. s.", "z. s.",
          "Nábytek a spotřebiče pro nové bydlení", "Kolbenova 34", "190 00"),
        P("social_rental_agencies", "Bydlení s jistotou – sociální realitní agentura, z. ú.",
          "z. ú.", "Byty od soukromých majitelů s garancí", "Argentinská 20", "170 00"),
        P("labour_office", "Úřad práce České republiky – kontaktní pracoviště Praha 7",
          "organizační složka státu", "Dávka státní sociální pomoci a MOP",
          "Argentinská 38", "170 00", extra=("social_counselling",)),
        P("municipal_departments", "Úřad městské části Praha 7 – odbor sociálních věcí",
          "obec", "Sociální práce a byty městské části", "U Průhonu 38", "170 00"),
    )),
    City("Brno", "Brno-město", (
        P("debt_counselling", "Poradna Vyrovnání, z. s.", "z. s.", "Dluhová poradna Cejl",
          "Cejl 49", "602 00", extra=("insolvency",), transport="Tram 2, 3 – Körnerova"),
        P("legal_counselling", "Nájemnická poradna Brno, z. s.", "z. s.",
          "Právní pomoc v nájemních vztazích", "Kounicova 12", "602 00"),
        P("social_counselling", "Charitní dílo sv. Cyrila, z. ú.", "z. ú.",
          "Sociální poradna Zábrdovice", "Bratislavská 32", "602 00"),
        P("field_social_work", "Ulice bez bariér, z. s.", "z. s.",
          "Terénní program Brno-sever a střed", "Francouzská 50", "602 00"),
        P("shelters", "Přístav Brno – noclehárna, z. s.", "z. s.",
          "Noclehárna a nízkoprahové denní centrum", "Křenová 62", "602 00",
          capacity="waiting_list", transport="Tram 9, 12 – Vlhká"),
        P("asylum_houses", "Azylový dům Naděje pro rodiny, z. ú.", "z. ú.",
          "Azylový dům pro rodiny s dětmi", "Vídeňská 71", "639 00", extra=("families",)),
        P("mental_health", "Duševní pohoda Brno, z. ú.", "z. ú.",
          "Centrum duševního zdraví", "Jihlavská 20", "625 00"),
        P("addiction", "Kontaktní centrum Spojka, z. s.", "z. s.",
          "Kontaktní centrum a terénní program", "Vranovská 16", "614 00"),
        P("domestic_violence", "Bezpečí doma – intervenční centrum Brno, z. s.", "z. s.",
          "Intervenční centrum", "Údolní 10", "602 00"),
        P("families", "Rodina v pohodě, z. s.", "z. s.",
          "Sociálně aktivizační služba pro rodiny", "Hybešova 41", "602 00"),
        P("foundation_funds", "Nadační fond Nový začátek", "nadační fond",
          "Příspěvek na kauci", "Pekařská 5", "602 00", capacity="not_taking"),
        P("food_banks", "Potravinová pomoc Jižní Morava, z. s.", "z. s.", "Výdej potravin",
          "Vídeňská 120", "639 00"),
        P("furniture_banks", "Nábytek pro všechny, z. s.", "z. s.", "Nábytková banka",
          "Vranovská 48", "614 00"),
        P("labour_office", "Úřad práce České republiky – kontaktní pracoviště Brno-město",
          "organizační složka státu", "Dávka státní sociální pomoci a MOP",
          "Kounicova 34", "602 00"),
        P("municipal_departments", "Magistrát města Brna – bytový odbor", "obec",
          "Obecní a sociální byty, Rapid Re-Housing", "Malinovského náměstí 3", "601 67"),
    )),
    City("Liberec", "Liberec", (
        P("debt_counselling", "Poradna Pod Ještědem, z. ú.", "z. ú.", "Dluhová poradna",
          "Sokolovská 14", "460 01", extra=("insolvency",)),
        P("legal_counselling", "Občanská poradna Liberec, z. s.", "z. s.",
          "Právní a občanské poradenství", "Husova 21", "460 01"),
        P("social_counselling", "Charitní spolek sv. Zdislavy", "církevní právnická osoba",
          "Sociální poradna", "Jablonecká 33", "460 01"),
        P("field_social_work", "Krok vpřed Liberec, z. s.", "z. s.",
          "Terénní sociální práce v ubytovnách", "Tanvaldská 8", "460 01"),
        P("shelters", "Noclehárna Nad Nisou, z. s.", "z. s.", "Noclehárna a denní centrum",
          "Žitavská 52", "460 01", capacity="waiting_list"),
        P("asylum_houses", "Azylový dům Korálek, z. ú.", "z. ú.",
          "Azylový dům pro matky s dětmi", "Gagarinova 17", "460 07", extra=("families",)),
        P("addiction", "Cesta ven Liberec, z. s.", "z. s.", "Kontaktní centrum",
          "Vrchlického 9", "460 07"),
        P("domestic_violence", "Intervenční centrum Liberecký kraj, z. s.", "z. s.",
          "Pomoc při domácím násilí", "Masarykova 15", "460 01"),
        P("seniors", "Senior centrum Liberec, o. p. s.", "o. p. s.", "Poradna pro seniory",
          "5. května 40", "460 01"),
        P("food_banks", "Potravinová banka Libereckého kraje (ukázková), z. s.", "z. s.",
          "Výdej potravin na doporučení", "Nákladní 12", "460 01"),
        P("furniture_banks", "Nábytková banka Liberec (ukázková), z. s.", "z. s.",
          "Nábytek a spotřebiče", "Nákladní 14", "460 01"),
        P("labour_office", "Úřad práce České republiky – kontaktní pracoviště Liberec",
          "organizační složka státu", "Dávka státní sociální pomoci a MOP",
          "Husova 60", "460 01"),
        P("municipal_departments", "Statutární město Liberec – odbor sociální a bytové "
          "politiky", "obec", "Obecní byty a sociální práce",
          "náměstí Dr. E. Beneše 1", "460 01"),
    )),
    City("Plzeň", "Plzeň-město", (
        P("debt_counselling", "Poradna Rozpočet, z. s.", "z. s.", "Dluhová poradna",
          "Americká 22", "301 00", extra=("insolvency",)),
        P("legal_counselling", "Právní pomoc Západ, z. s.", "z. s.",
          "Bezplatná právní poradna", "Husova 11", "301 00"),
        P("social_counselling", "Charitní služby sv. Bartoloměje", "církevní právnická osoba",
          "Sociální poradna", "Klatovská třída 51", "301 00"),
        P("field_social_work", "Na ulici s vámi, z. s.", "z. s.", "Terénní program",
          "Skupova 15", "323 00"),
        P("shelters", "Noclehárna U Radbuzy, z. s.", "z. s.",
          "Noclehárna a nízkoprahové denní centrum", "Rokycanská 40", "312 00",
          capacity="waiting_list"),
        P("asylum_houses", "Azylový dům Slunečnice, z. ú.", "z. ú.",
          "Azylový dům pro rodiny", "Lobezská 18", "326 00", extra=("families",)),
        P("mental_health", "Centrum duševního zdraví Plzeň, z. ú.", "z. ú.",
          "Komunitní tým", "Karlovarská 70", "323 00"),
        P("addiction", "Kontaktní centrum Plzeň, z. s.", "z. s.", "Kontaktní centrum",
          "Koterovská 21", "326 00"),
        P("domestic_violence", "Intervenční centrum Plzeňský kraj, z. s.", "z. s.",
          "Pomoc při domácím násilí", "Slovanská alej 30", "326 00"),
        P("foundation_funds", "Nadační fond Klíč od domova", "nadační fond",
          "Příspěvek na kauci a vybavení", "Borská 8", "301 00"),
        P("food_banks", "Potravinová pomoc Plzeň, z. s.", "z. s.", "Výdej potravin",
          "Borská 55", "301 00"),
        P("social_rental_agencies", "Bydlíme spolu – sociální realitní agentura, z. ú.",
          "z. ú.", "Pronájem bytů s garancí", "Slovanská alej 12", "326 00"),
        P("labour_office", "Úřad práce České republiky – kontaktní pracoviště Plzeň-město",
          "organizační složka státu", "Dávka státní sociální pomoci a MOP",
          "Kopeckého sady 3", "301 00"),
        P("municipal_departments", "Statutární město Plzeň – bytový odbor", "obec",
          "Obecní byty a realitní portál města", "Škroupova 5", "301 00"),
    )),
    City("Most", "Most", (
        P("debt_counselling", "Poradna Krušnohoří, z. s.", "z. s.", "Dluhová poradna",
          "Moskevská 14", "434 01"),
        P("field_social_work", "Společně Most, z. s.", "z. s.",
          "Terénní sociální práce", "Jiřího Wolkera 5", "434 01"),
        P("asylum_houses", "Azylový dům Most, z. ú.", "z. ú.", "Azylový dům",
          "Čs. armády 40", "434 01", capacity="waiting_list"),
        P("food_banks", "Potravinová pomoc Most, z. s.", "z. s.", "Výdej potravin",
          "Budovatelů 11", "434 01"),
        P("municipal_departments", "Statutární město Most – odbor sociálních věcí", "obec",
          "Sociální práce a byty; poradna pro SVJ", "Radniční 1", "434 01"),
    )),
    City("Písek", "Písek", (
        P("social_counselling", "Poradna Otava, z. s.", "z. s.",
          "Sociální a dluhová poradna", "Budějovická 18", "397 01",
          extra=("debt_counselling",)),
        P("shelters", "Noclehárna Písek, z. s.", "z. s.", "Noclehárna", "Harantova 9",
          "397 01"),
        P("families", "Rodinné centrum Písek, z. s.", "z. s.", "Podpora rodin s dětmi",
          "Nerudova 22", "397 01"),
        P("municipal_departments", "Město Písek – odbor sociálních věcí", "obec",
          "Sociální práce a obecní byty", "Velké náměstí 3", "397 01"),
    )),
    City("Chomutov", "Chomutov", (
        P("debt_counselling", "Poradna Podkrušnohoří, z. s.", "z. s.", "Dluhová poradna",
          "Palackého 12", "430 01"),
        P("field_social_work", "Terénní tým Chomutov, z. s.", "z. s.", "Terénní program",
          "Kadaňská 30", "430 03"),
        P("asylum_houses", "Azylový dům Chomutov, z. ú.", "z. ú.", "Azylový dům pro muže",
          "Blatenská 20", "430 01"),
        P("labour_office", "Úřad práce České republiky – kontaktní pracoviště Chomutov",
          "organizační složka státu", "Dávka státní sociální pomoci a MOP",
          "Jiráskova 4", "430 01"),
        P("municipal_departments", "Statutární město Chomutov – odbor sociálních věcí",
          "obec", "Sociální práce a obecní byty", "Zborovská 4602", "430 28"),
    )),
    City("Moravská Třebová", "Svitavy", (
        P("social_counselling", "Poradna Hřebečsko, z. s.", "z. s.",
          "Sociální a dluhová poradna", "Svitavská 12", "571 01",
          extra=("debt_counselling",)),
        P("seniors", "Pečovatelská služba Moravská Třebová, o. p. s.", "o. p. s.",
          "Pečovatelská služba", "Olomoucká 8", "571 01"),
        P("food_banks", "Potravinová pomoc Hřebečsko, z. s.", "z. s.", "Výdej potravin",
          "Brněnská 40", "571 01"),
        P("municipal_departments", "Město Moravská Třebová – odbor sociálních věcí", "obec",
          "Sociální práce a obecní byty", "nám. T. G. Masaryka 32", "571 01"),
    )),
    City("Otrokovice", "Zlín", (
        P("debt_counselling", "Poradna Baťov, z. s.", "z. s.", "Dluhová poradna",
          "třída Spojenců 20", "765 02"),
        P("shelters", "Noclehárna Otrokovice, z. s.", "z. s.", "Noclehárna a azylový dům",
          "Zlínská 12", "765 02", extra=("asylum_houses",)),
        P("families", "Rodina Otrokovice, z. s.", "z. s.", "Podpora rodin s dětmi",
          "Školní 5", "765 02"),
        P("municipal_departments", "Město Otrokovice – odbor sociálních věcí", "obec",
          "Sociální práce a obecní byty", "nám. 3. května 1340", "765 23"),
    )),
    City("Rumburk", "Děčín", (
        P("field_social_work", "Šluknovský výběžek spolu, z. s.", "z. s.",
          "Terénní sociální práce ve výběžku", "Jiříkovská 10", "408 01",
          extra=("debt_counselling",)),
        P("asylum_houses", "Azylový dům Rumburk, z. ú.", "z. ú.", "Azylový dům pro rodiny",
          "Krásnolipská 22", "408 01", capacity="waiting_list", extra=("families",)),
        P("food_banks", "Potravinová pomoc Šluknovsko, z. s.", "z. s.", "Výdej potravin",
          "Pražská 30", "408 01"),
        P("municipal_departments", "Město Rumburk – odbor sociálních věcí", "obec",
          "Sociální práce a obecní byty", "třída 9. května 48", "408 01"),
    )),
    City("Staré Křečany", "Děčín", (
        P("social_counselling", "Poradna Pod Vlčí horou, z. s.", "z. s.",
          "Sociální poradna pro obce výběžku", "Staré Křečany 120", "407 61"),
        P("municipal_departments", "Obec Staré Křečany – sociální pracovnice", "obec",
          "Sociální práce obce", "Staré Křečany 338", "407 61"),
    )),
)

_FIRST = ("Jana", "Petra", "Lucie", "Martina", "Eva", "Hana", "Tereza", "Kateřina",
          "Markéta", "Veronika", "Tomáš", "Petr", "Jan", "Martin", "Jakub", "Ondřej",
          "Lukáš", "Pavel")
_LAST_F = ("Nováková", "Svobodová", "Dvořáková", "Černá", "Procházková", "Kučerová",
           "Veselá", "Horáková", "Němcová", "Marková", "Pokorná", "Králová")
_LAST_M = ("Novák", "Svoboda", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý",
           "Horák", "Němec", "Marek", "Pokorný", "Král")
_ASCII = str.maketrans("áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ", "acdeeinorstuuyzACDEEINORSTUUYZ")


def _uuid(*parts: str) -> uuid.UUID:
    return uuid.uuid5(KMB_NAMESPACE, "demo/" + "/".join(parts))


def seed_network_demo(*, stdout) -> None:
    """Fill the directory of the demo cities and add referrals of the demo clients.

    Idempotent: a second run only reports that the data are there.
    """
    if DatedParameter.objects.filter(key=MARKER_KEY).exists():
        stdout.write("The partner network demo is already loaded; nothing changed.\n")
        return
    with transaction.atomic():
        seeder = _Seeder()
        seeder.directory()
        seeder.partner_account()
        seeder.referrals()
        DatedParameter.objects.create(key=MARKER_KEY, value=True,
                                      valid_from=timezone.localdate(),
                                      description="Partner network demo data loaded.")
    stdout.write(f"Partner network: {seeder.stats['organizations']} organisations, "
                 f"{seeder.stats['services']} services, {seeder.stats['referrals']} "
                 "referrals.\n")
    if seeder.partner_username:
        stdout.write(f"Partner login: {seeder.partner_username} (incoming referrals at "
                     "/staff/partner/).\n")


class _Seeder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.stats = {"organizations": 0, "services": 0, "referrals": 0}
        self.terms = {(t.taxonomy_detail_id, t.code): t for t in TaxonomyTerm.objects.filter(
            taxonomy_detail_id__in=[CATEGORIES_ID, TARGET_GROUPS_ID])}
        self.services_by_city: dict[str, list[Service]] = {}
        self.partner_username = ""

    # ---- the directory ---------------------------------------------------------------
    def directory(self) -> None:
        for city in CITIES:
            municipality = self._municipality(city.municipality, city.district)
            offices = list(ContactPoint.objects.filter(municipality__name=city.municipality))
            if city.municipality in ("Rumburk", "Staré Křečany"):  # one region, shared
                offices = list(ContactPoint.objects.filter(
                    municipality__name__in=("Rumburk", "Staré Křečany")))
            found = []
            for index, partner in enumerate(city.partners):
                found.append(self._partner(city, partner, index, municipality, offices))
            self.services_by_city[city.municipality] = found

    def _municipality(self, name: str, district: str) -> Municipality | None:
        return (Municipality.objects.filter(name_search=fold(name), district__name=district)
                .select_related("district__region").first())

    def _partner(self, city: City, p: Partner, index: int, municipality, offices) -> Service:
        org_id = _uuid("organization", p.organization)
        cs, en, uk = DESCRIPTIONS[p.category]
        organization, created = Organization.objects.update_or_create(id=org_id, defaults={
            "name": p.organization, "legal_status": p.legal_status,
            "description": cs, "description_en": en, "description_uk": uk,
            "email": f"info@{self._domain(p.organization)}",
            "website": f"https://{self._domain(p.organization)}",
            # the city's first office keeps its partners' entries up to date
            "maintainer": offices[0] if offices else None})
        if created:
            self.stats["organizations"] += 1
        organization.partner_of.add(*offices)
        if p.legal_status not in ("obec", "organizační složka státu"):
            OrganizationIdentifier.objects.update_or_create(
                id=_uuid("ico", p.organization), defaults={
                    "organization": organization, "identifier_scheme": services.ICO_SCHEME,
                    "identifier_type": "IČO", "identifier": self._ico(p.organization)})
        service_id = _uuid("service", p.organization, p.service)
        service, created = Service.objects.update_or_create(id=service_id, defaults={
            "organization": organization, "name": p.service, "description": cs,
            "description_en": en, "description_uk": uk, "status": "active",
            "email": f"sluzba@{self._domain(p.organization)}",
            "eligibility_description": "Pro obyvatele města a okolí; na doporučení KMB nebo "
                                       "přímo.",
            "capacity": p.capacity,
            "capacity_confirmed_on": timezone.localdate() - timedelta(days=3 + index * 2),
            "last_modified": timezone.now(), "maintainer": organization.maintainer})
        if created:
            self.stats["services"] += 1
        self._classify(service, p)
        location = self._location(city, p, organization, municipality)
        ServiceAtLocation.objects.get_or_create(id=_uuid("sal", str(service_id)), defaults={
            "service": service, "location": location})
        self._hours(service, p)
        self._phone_and_languages(service, p, index)
        self._costs(service, p)
        if municipality is not None:
            ServiceArea.objects.update_or_create(id=_uuid("area", str(service_id)), defaults={
                "service": service, "name": municipality.name, "extent_type": "text",
                "uri": f"{RUIAN_MUNICIPALITY_URI}{municipality.code}",
                "municipality": municipality})
        self._staff_contact(organization, service, p, index)
        return service

    def _domain(self, name: str) -> str:
        word = "".join(ch for ch in name.split(",")[0].split("–")[0].translate(_ASCII).lower()
                       if ch.isalnum())
        return f"{word[:24]}.example.cz"

    def _ico(self, name: str) -> str:
        base = [int(c) for c in str(uuid.uuid5(KMB_NAMESPACE, name).int)[:7]]
        total = sum(d * w for d, w in zip(base, range(8, 1, -1), strict=True))
        check = (11 - total % 11) % 10
        return "".join(map(str, base)) + str(check)

    def _classify(self, service: Service, p: Partner) -> None:
        for key, taxonomy, codes in (("cat", CATEGORIES_ID, (p.category, *p.extra)),
                                     ("tg", TARGET_GROUPS_ID, TARGETS[p.category])):
            for code in codes:
                term = self.terms.get((taxonomy, code))
                if term is None:
                    continue
                Attribute.objects.get_or_create(
                    id=_uuid("attribute", str(service.pk), key, code), defaults={
                        "link_id": service.pk, "link_entity": "service",
                        "link_type": "classification", "taxonomy_term": term})

    def _location(self, city: City, p: Partner, organization, municipality) -> Location:
        location, _ = Location.objects.update_or_create(
            id=_uuid("location", p.organization, p.street), defaults={
                "organization": organization, "name": p.service, "municipality": municipality,
                "transportation": p.transport or "MHD – zastávka v docházkové vzdálenosti.",
                "transportation_en": "Public transport stop within walking distance."
                if not p.transport else ""})
        Address.objects.update_or_create(id=_uuid("address", p.organization, p.street),
                                         defaults={
            "location": location, "address_1": p.street, "postal_code": p.postal_code,
            "city": city.municipality, "region": city.district,
            "state_province": municipality.district.region.name if municipality else "",
            "country": "CZ", "address_type": "physical"})
        return location

    def _hours(self, service: Service, p: Partner) -> None:
        days, opens, closes, note = HOURS[DEFAULT_HOURS.get(p.category, "office")]
        Schedule.objects.update_or_create(id=_uuid("schedule", str(service.pk)), defaults={
            "service": service, "freq": "WEEKLY", "wkst": "MO", "byday": days,
            "opens_at": time.fromisoformat(opens), "closes_at": time.fromisoformat(closes),
            "description": note})

    def _phone_and_languages(self, service: Service, p: Partner, index: int) -> None:
        number = f"+420 {700 + (index * 37) % 99} {100 + (index * 53) % 899:03d} " \
                 f"{(index * 71) % 1000:03d}"
        Phone.objects.update_or_create(id=_uuid("phone", str(service.pk)), defaults={
            "service": service, "number": number, "type": "voice"})
        languages = [("cs", "čeština")]
        if p.category in ("social_counselling", "labour_office", "field_social_work",
                          "municipal_departments") or index % 4 == 0:
            languages.append(("uk", "українська"))
        if index % 5 == 1:
            languages.append(("en", "English"))
        for code, name in languages:
            Language.objects.update_or_create(id=_uuid("language", str(service.pk), code),
                                              defaults={"service": service, "code": code,
                                                        "name": name})

    def _costs(self, service: Service, p: Partner) -> None:
        amount = 30 if p.category == "shelters" else 0
        text = "za noc" if amount else "zdarma"
        CostOption.objects.update_or_create(id=_uuid("cost", str(service.pk)), defaults={
            "service": service, "option": "Služba", "currency": "CZK", "amount": amount,
            "amount_description": text})

    def _staff_contact(self, organization, service, p: Partner, index: int) -> None:
        female = index % 3 != 2
        first = _FIRST[(index * 5 + len(p.organization)) % 10 + (0 if female else 8)]
        last = (_LAST_F if female else _LAST_M)[(index * 7 + len(p.service)) % 12]
        email = f"{first.translate(_ASCII).lower()}.{last.translate(_ASCII).lower()}@" \
                f"{self._domain(p.organization)}"
        PartnerContact.objects.update_or_create(id=_uuid("contact", str(service.pk)), defaults={
            "organization": organization, "service": service, "name": f"{first} {last}",
            "role": ROLES[p.category], "email": email, "language": "cs",
            "phone": f"+420 6{(index * 13) % 90 + 10:02d} {(index * 29) % 900 + 100:03d} "
                     f"{(index * 41) % 900 + 100:03d}",
            "receives_referrals": True})

    # ---- a partner account -----------------------------------------------------------
    def partner_account(self) -> None:
        organization = Organization.objects.filter(
            id=_uuid("organization", CITIES[0].partners[0].organization)).first()
        if organization is None:
            return
        user, _ = User.objects.get_or_create(username="partner.rovnovaha", defaults={
            "first_name": "Jana", "last_name": "Dvořáková",
            "email": "jana.dvorakova@rovnovaha.example.cz",
            "password": make_password(settings.KMB_DEMO_PASSWORD)})
        PartnerMembership.objects.get_or_create(user=user, organization=organization)
        organization.maintained_by_partner = True  # the partner keeps its entry itself
        organization.save(update_fields=["maintained_by_partner"])
        organization.services.update(maintained_by_partner=True)
        self.partner_username = user.username

    # ---- referrals -------------------------------------------------------------------
    #: (days ago sent, what happened) for the clients of each office
    STORIES: tuple[tuple[int, str], ...] = (
        (1, "pending"), (3, "pending"), (12, "expired"), (20, "accepted"),
        (28, "appointment"), (40, "got_help"), (55, "declined"), (70, "no_capacity"),
        (85, "could_not_contact"), (100, "got_help"),
    )

    NEEDS = {
        "debt_counselling": "Exekuce na mzdu a dluh na nájemném; potřebuje přehled dluhů "
                            "a splátkový kalendář.",
        "insolvency": "Dluhy přes 400 000 Kč, pravidelný příjem; zvážit oddlužení.",
        "legal_counselling": "Dostala výpověď z nájmu s tříměsíční lhůtou; posoudit, zda "
                             "je platná.",
        "social_counselling": "Potřebuje pomoc s žádostí o dávku a jednáním s úřadem.",
        "shelters": "Od zítřka bez přístřeší, potřebuje lůžko.",
        "asylum_houses": "Matka se dvěma dětmi, do konce měsíce musí opustit ubytovnu.",
        "food_banks": "Do výplaty nemá na jídlo; rodina se třemi dětmi.",
        "furniture_banks": "Stěhuje se do sociálního bytu, nemá postel ani lednici.",
        "foundation_funds": "Potřebuje příspěvek na kauci 18 000 Kč na nový byt.",
    }

    def referrals(self) -> None:
        now = timezone.now()
        for cp in ContactPoint.objects.select_related("municipality").order_by("name"):
            city_services = [s for s in self.services_by_city.get(cp.municipality.name, [])
                             if s.organization.name.find("Úřad") < 0]
            if not city_services:
                continue
            clients = list(Client.objects.filter(contact_point=cp, merged_into__isnull=True)
                           .exclude(last_name="").select_related("key_worker")
                           .order_by("id")[:len(self.STORIES)])
            for (days_ago, story), client in zip(self.STORIES, clients, strict=False):
                if Referral.objects.filter(client=client).exists() or client.key_worker is None:
                    continue
                service = city_services[(client.pk + days_ago) % len(city_services)]
                self._referral(cp, client, service, now - timedelta(days=days_ago), story)

    def _referral(self, cp, client, service: Service, sent: datetime, story: str) -> None:
        contact = service.staff_contacts.first()
        category = next((a.taxonomy_term.code for a in Attribute.objects.filter(
            link_id=service.pk, taxonomy_term__taxonomy_detail_id=CATEGORIES_ID)
            .select_related("taxonomy_term")), "")
        referral = services.referral_create(
            contact_point=cp, actor=client.key_worker, client=client, service=service,
            need=self.NEEDS.get(category, "Potřebuje podporu při řešení bytové situace."),
            shared_data=["name", "phone", "housing"], recipient=contact,
            consent_expires_on=(sent + timedelta(days=365)).date(), at=sent, notify=False)
        self.stats["referrals"] += 1
        label = f"partner link ({referral.recipient_email})"

        def answer(action: str, days: int, **kwargs: Any) -> None:
            at = min(sent + timedelta(days=days), timezone.now())
            services.referral_respond(referral=referral, action=action,
                                      expected_version=referral.version, actor_label=label,
                                      at=at, notify=False, **kwargs)
            referral.refresh_from_db()

        appointment = timezone.make_aware(datetime.combine(
            add_working_days(sent.date(), 4), time(10, 0)))
        if story == "pending":
            return
        if story == "expired":
            expired_at = timezone.make_aware(datetime.combine(
                referral.expires_on + timedelta(days=1), time(6, 0)))
            services.referral_expire(referral=referral, at=min(expired_at, timezone.now()))
            return
        if story == "declined":
            answer("decline", 2, note="Klient nesplňuje podmínky: služba je jen pro "
                                       "obyvatele jiné městské části.")
            return
        answer("accept", 1, note="Přijímáme, ozveme se klientovi.")
        if story == "accepted":
            return
        answer("appointment", 2, appointment_at=appointment,
               note="Na pobočce, u sociální pracovnice.")
        if story == "appointment":
            return
        outcome_notes = {"got_help": "Sestaven splátkový kalendář, klient spolupracuje.",
                         "no_capacity": "Kapacita se zaplnila, doporučujeme jinou službu.",
                         "could_not_contact": "Klient nepřišel a nebere telefon."}
        answer("outcome", 10, outcome=story, note=outcome_notes.get(story, ""))

