"""Volume data: a whole country's contact points with a million clients, quickly.

``manage.py generate_volume`` writes offices, staff and a partner directory through the
apps' services (a few hundred rows), then clients, households, consents, consultations
and their topics, tasks, referrals, benefit estimates, audit entries and domain events in
bulk: ``COPY`` on PostgreSQL, batched ``INSERT`` on SQLite. Every column the pages and
statistics rely on is filled as the services fill it: the folded search keys, the tenancy
of every row, the client's current situation from the latest consultation, the version
counters, one audit entry per write and one domain event per fact (each with its own
id, so replaying an event is recognisable).

The data depend only on the seed and the last day (``until``): the same arguments give
the same rows, ids and UUIDs included, on every machine.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import queue
import random
import threading
import time
from bisect import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection as default_connection
from django.db import models, transaction

from kmb.accounts.models import ContactPoint, Membership, User
from kmb.audit.models import AuditEntry
from kmb.benefits.models import BenefitEstimate
from kmb.cases.models import (
    Client,
    ClientSearchToken,
    Consent,
    ConsentPurpose,
    Consultation,
    DataQuality,
    Household,
    HouseholdMember,
    HousingSituation,
    Task,
    TaskOwner,
    TaskStatus,
    Topic,
)
from kmb.core.models import DatedParameter, DomainEvent, Municipality, MunicipalityPart
from kmb.core.permissions import Role
from kmb.core.text import digits, fold, search_index
from kmb.demo import seed
from kmb.demo.seed import distribute
from kmb.network.models import (
    OPEN_STATUSES,
    Referral,
    ReferralEvent,
    ReferralLink,
    ReferralStatus,
    Service,
    SharedItem,
    TaxonomyTerm,
)
from kmb.network.taxonomy import CATEGORIES_ID

DATA = Path(__file__).resolve().parent / "data"
MARKER_KEY = "volume.generated"
#: The share of all clients kept by the biggest office (as Prague's in the national figures).
BIG_OFFICE_SHARE = 0.151
#: Share of consultations with no client record (anonymous enquiries).
ANONYMOUS_SHARE = 0.06
HISTORY_DAYS = 3 * 365
CHUNK = 20_000  # clients written per batch
# the version (4) and variant bits of a random UUID, as str(version=4) sets them
_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)
_JSON_BOOL = {True: "true", False: "false"}

# ---------------------------------------------------------------------------------------
# What people are called, where they live, what they come with
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weighted:
    """Items drawn in proportion to their weights (cumulative table, bisect)."""

    items: tuple[Any, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[Any, float]]) -> Weighted:
        items, cum, total = [], [], 0.0
        for item, weight in pairs:
            if weight <= 0:
                continue
            total += weight
            items.append(item)
            cum.append(total)
        return cls(tuple(items), tuple(cum))

    def draw(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


SURNAMES = Weighted.of(((r["male"], r["female"]), int(r["bearers"]))
                       for r in _csv("surnames.csv"))
FIRST_NAMES = {sex: Weighted.of((r["name"], int(r["bearers"]))
                                for r in _csv("first_names.csv") if r["sex"] == sex)
               for sex in ("m", "f")}
LANGUAGES = Weighted.of(seed.LANGUAGES)
STREETS = ("Nádražní", "Husova", "Komenského", "Palackého", "Masarykova", "Riegrova",
           "Smetanova", "Žižkova", "Školní", "Zahradní", "Sokolovská", "Tyršova",
           "Jiráskova", "Nerudova", "Havlíčkova", "Dukelská", "Wolkerova", "Revoluční",
           "Lidická", "Pražská", "Brněnská", "Mánesova", "Purkyňova", "Svatopluka Čecha",
           "Krátká", "Luční", "Polní", "Lipová", "Březová", "U Stadionu", "Čs. armády",
           "Jungmannova", "Štefánikova", "Kollárova", "Vrchlického", "Fügnerova")
MAIL_DOMAINS = ("seznam.cz", "email.cz", "gmail.com", "centrum.cz", "post.cz")

#: (situation code, weight, topics it brings, task keys)
SITUATIONS = (
    ("notice_eviction", 20, ("notice_to_quit", "rent_arrears", "eviction"), ("legal", "dssp")),
    ("rented_secure", 14, ("rent_arrears", "debts_enforcement", "dssp"), ("landlord", "debt")),
    ("commercial_hostel", 12, ("hostel_ending", "looking_for_housing", "deposit"),
     ("shelter", "mop")),
    ("rough_sleeping", 5, ("looking_for_housing", "crisis", "lost_documents"), ("id_card",)),
    ("night_shelter", 2, ("looking_for_housing", "crisis"), ("shelter",)),
    ("homeless_shelter", 4, ("looking_for_housing", "deposit", "municipal_flat"),
     ("flat_application",)),
    ("overcrowded", 9, ("overcrowding", "looking_for_housing", "municipal_flat"),
     ("flat_application", "viewing")),
    ("violence_threat", 3, ("domestic_violence", "crisis"), ("intervention", "shelter")),
    ("violence_shelter", 2, ("domestic_violence", "looking_for_housing"), ("flat_application",)),
    ("unfit", 6, ("unfit_housing", "lease_issues"), ("repair_letter",)),
    ("family_friends", 8, ("looking_for_housing", "deposit", "dssp"), ("viewing", "mop")),
    ("institution_leaving", 3, ("leaving_institution", "looking_for_housing"), ("probation",)),
    ("no_lease", 4, ("lease_issues", "looking_for_housing"), ("viewing",)),
    ("unaffordable", 6, ("dssp", "energy_arrears", "mop"), ("dssp", "income")),
    ("owner", 2, ("care_allowance", "housing_support_act"), ("dssp",)),
)
ANONYMOUS_TOPICS = (("dssp",), ("notice_to_quit",), ("looking_for_housing",),
                    ("landlord_svj",), ("rent_arrears",), ("other",))
TASKS = {
    "legal": ("Objednat do právní poradny", TaskOwner.OFFICE.value),
    "dssp": ("Podat žádost o dávku státní sociální pomoci na Úřadu práce", TaskOwner.CLIENT.value),
    "landlord": ("Zavolat pronajímateli kvůli splátkovému kalendáři", TaskOwner.OFFICE.value),
    "debt": ("Domluvit termín v dluhové poradně", TaskOwner.OFFICE.value),
    "shelter": ("Ověřit volné místo v azylovém domě", TaskOwner.OFFICE.value),
    "mop": ("Připravit žádost o MOP na kauci", TaskOwner.OFFICE.value),
    "id_card": ("Vyřídit nový občanský průkaz", TaskOwner.CLIENT.value),
    "flat_application": ("Podat žádost o obecní byt", TaskOwner.CLIENT.value),
    "viewing": ("Prohlídka bytu sociální realitní agentury", TaskOwner.CLIENT.value),
    "intervention": ("Kontaktovat intervenční centrum", TaskOwner.OFFICE.value),
    "repair_letter": ("Odeslat pronajímateli výzvu k opravě", TaskOwner.CLIENT.value),
    "probation": ("Domluvit schůzku s Probační a mediační službou", TaskOwner.OFFICE.value),
    "income": ("Přinést potvrzení o příjmech za poslední 3 měsíce", TaskOwner.CLIENT.value),
}
ADVICE = (
    "Prošli jsme výpověď z nájmu a lhůty k podání návrhu soudu; předán kontakt na právní "
    "poradnu.",
    "Spočítali jsme dluh na nájemném a navrhli splátkový kalendář.",
    "Ověřili jsme nárok na dávku státní sociální pomoci včetně složky na bydlení.",
    "Probrali jsme možnosti bydlení: obecní byty, byty sociální realitní agentury a nájem "
    "na volném trhu.",
    "Na kauci na nový byt lze žádat o mimořádnou okamžitou pomoc; žádost jsme připravili.",
    "Prověřili jsme volná místa v azylovém domě a podnájem přes sociální realitní agenturu.",
    "Kvůli exekucím doporučena dluhová poradna; termín domluven na příští týden.",
    "Kontrolní schůzka: nájemné je placeno včas a splátkový kalendář se daří dodržovat.",
    "Telefonicky ověřeno, jak pokračuje vyřizování žádosti o dávku.",
)
NOTES = ("Další schůzka domluvena za dva týdny.", "Přinese chybějící doklady.",
         "Domluveno, že se ozve po jednání s pronajímatelem.")
CHANNELS = Weighted.of((("in_person", 62), ("phone", 25), ("email", 8), ("outreach", 4),
                        ("online", 1)))
DURATIONS = {"in_person": (30, 45, 60, 90), "phone": (10, 15, 20), "email": (10, 15),
             "outreach": (30, 60, 90), "online": (15, 30)}
REFERRAL_OUTCOMES = Weighted.of((
    (ReferralStatus.GOT_HELP.value, 45), (ReferralStatus.COULD_NOT_CONTACT.value, 8),
    (ReferralStatus.DID_NOT_ATTEND.value, 7), (ReferralStatus.NOT_ELIGIBLE.value, 6),
    (ReferralStatus.NO_CAPACITY.value, 6), (ReferralStatus.DECLINED.value, 8),
    (ReferralStatus.EXPIRED.value, 10), (ReferralStatus.REFERRED_ELSEWHERE.value, 5),
    (ReferralStatus.NO_LONGER_INTERESTED.value, 5)))
OUTCOME_KIND = {ReferralStatus.DECLINED.value: "referral.declined",
                ReferralStatus.EXPIRED.value: "referral.expired"}
CONSENT_SCOPE = seed.CONSENT_SCOPES[ConsentPurpose.RECORDS]

# ---------------------------------------------------------------------------------------
# Writing rows: COPY on PostgreSQL, executemany on SQLite
# ---------------------------------------------------------------------------------------


class Sink:
    """Rows of one table, written in batches. Columns the generator does not know (added
    later to a model) get the field's default, or NULL; a new required column without a
    default stops the run rather than writing wrong data."""

    def __init__(self, writer: Writer, model: type[models.Model], columns: Sequence[str]):
        self.writer = writer
        self.model = model
        self.table = model._meta.db_table
        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise RuntimeError(f"{self.table} has no columns {sorted(unknown)}")
        extra = [c for c in fields if c not in columns]
        self.extra: tuple[Any, ...] = tuple(self._default(fields[c]) for c in extra)
        self.columns = tuple(columns) + tuple(extra)
        self.fields = [fields[c] for c in self.columns]
        self.rows: list[tuple] = []
        self.count = 0

    @staticmethod
    def _default(f: models.Field) -> Any:
        if f.has_default():
            value = f.get_default()
            return json.dumps(value) if isinstance(f, models.JSONField) else value
        if f.null:
            return None
        raise RuntimeError(f"{f.model._meta.db_table}.{f.column} needs a value; teach the "
                           "volume generator about it")

    def add(self, row: tuple) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        rows = self.rows if not self.extra else [r + self.extra for r in self.rows]
        self.writer.write(self, rows)
        self.count += len(rows)
        self.rows = []


class Writer:
    """Writes batches of rows. On PostgreSQL the ``COPY`` runs in a thread of its own on
    the same connection (and transaction), so the database stores one batch while the
    generator draws the next; ``drain`` waits for what is queued and raises its error."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.queue: queue.Queue[tuple[Sink, list[tuple]] | None] = queue.Queue(maxsize=4)
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def write(self, sink: Sink, rows: list[tuple]) -> None:
        if not self.postgres:
            with self.connection.cursor() as cursor:
                self._insert(cursor, sink, rows)
            return
        if self.error is not None:
            self.drain()
        if self.thread is None:
            self.connection.ensure_connection()
            self.thread = threading.Thread(target=self._copying, name="volume-copy",
                                           args=(self.connection.connection,), daemon=True)
            self.thread.start()
        self.queue.put((sink, rows))

    def drain(self) -> None:
        """Wait until every queued batch is stored; raise the first error of the thread."""
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _copying(self, raw) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is not None:
                continue  # drop the rest; drain() raises the error
            sink, rows = item
            try:
                with raw.cursor() as cursor:
                    self._copy(cursor, sink, rows)
            except BaseException as exc:  # noqa: BLE001 - handed over to drain()
                self.error = exc

    def _copy(self, cursor, sink: Sink, rows: list[tuple]) -> None:
        columns = ", ".join(f'"{c}"' for c in sink.columns)
        with cursor.copy(f'COPY "{sink.table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)

    def _insert(self, cursor, sink: Sink, rows: list[tuple]) -> None:
        convert = [self._sqlite_converter(f) for f in sink.fields]
        columns = ", ".join(f'"{c}"' for c in sink.columns)
        marks = ", ".join("%s" for _ in sink.columns)
        sql = f'INSERT INTO "{sink.table}" ({columns}) VALUES ({marks})'  # noqa: S608
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, [tuple(c(v) if c and v is not None else v
                                           for c, v in zip(convert, row, strict=True))
                                     for row in rows[start:start + 5000]])

    def _sqlite_converter(self, f: models.Field) -> Callable[[Any], Any] | None:
        if f.is_relation:
            f = f.target_field
        if isinstance(f, models.UUIDField):
            return lambda v: v.replace("-", "") if isinstance(v, str) else v.hex
        if isinstance(f, models.DateTimeField):
            return self.connection.ops.adapt_datetimefield_value
        if isinstance(f, models.DateField):
            return lambda v: v.isoformat()
        return None


# ---------------------------------------------------------------------------------------
# The plan: how many of what, where
# ---------------------------------------------------------------------------------------


def office_weights(offices: int) -> list[float]:
    """Office sizes follow a Zipf-like curve, as contact points of big and small towns
    do; the biggest keeps at least :data:`BIG_OFFICE_SHARE` (Prague's share in the
    national figures)."""
    weights = [1 / (rank ** 0.6) for rank in range(1, offices + 1)]
    total = sum(weights)
    if weights[0] / total >= BIG_OFFICE_SHARE:
        return [w / total for w in weights]
    scale = (1 - BIG_OFFICE_SHARE) / (total - weights[0])
    return [BIG_OFFICE_SHARE] + [w * scale for w in weights[1:]]


@dataclass
class Office:
    contact_point: ContactPoint
    municipality: Municipality
    postal_codes: tuple[str, ...]
    advisers: list[User]
    lead: User
    services: list[tuple[Service, dict[str, Any]]]
    clients: int = 0
    consultations: int = 0


@dataclass
class Ids:
    """The next primary key of each table (rows are appended after what is there)."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, model: type[models.Model]) -> int:
        table = model._meta.db_table
        value = self.next[table]
        self.next[table] = value + 1
        return value


# ---------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------


class VolumeGenerator:
    def __init__(self, *, clients: int, consultations: int, seed: int, offices: int,
                 until: date, password: str | None = None,
                 log: Callable[[str], None] = lambda message: None,
                 connection=default_connection) -> None:
        if clients < 1 or consultations < 0 or offices < 1:
            raise ValueError("clients and offices must be positive")
        self.n_clients = clients
        self.n_consultations = consultations
        self.seed = seed
        self.n_offices = min(offices, clients)
        self.until = until
        self.start = until - timedelta(days=HISTORY_DAYS)
        self.password = password
        self.log = log
        self.connection = connection
        self.rng = random.Random(seed)
        self.writer = Writer(connection)
        self.ids = Ids()
        self.timings: dict[str, float] = {}
        self.changes_json: dict[tuple[str, ...], str] = {}
        self.folded: dict[str, str] = {}
        random_ = self.rng.random
        self.pick = lambda seq: seq[int(random_() * len(seq))]

    # -- helpers -----------------------------------------------------------------------
    def uuid(self) -> str:
        """A random (version 4) UUID as text, from the generator's own random numbers."""
        bits = self.rng.getrandbits(128) & _UUID_CLEAR | _UUID_SET
        h = f"{bits:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def moment(self, day: int) -> datetime:
        """A working-day moment ``day`` days after the start, office hours (UTC)."""
        d = self.start + timedelta(days=day)
        weekday = d.weekday()
        if weekday >= 5:
            d -= timedelta(days=weekday - 4)
        seconds = self.rng.randrange(6 * 3600, 15 * 3600)
        return datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(seconds=seconds)

    def fold(self, text: str) -> str:
        folded = self.folded.get(text)
        if folded is None:
            folded = self.folded[text] = fold(text)
        return folded

    # -- the run -----------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        if DatedParameter.objects.filter(key=MARKER_KEY).exists():
            raise RuntimeError("this database already holds generated volume data")
        started = time.monotonic()
        with transaction.atomic(using=self.connection.alias):
            self._reference()
            self.offices = self._offices()
            self._estimate_templates()
            self.timings["reference"] = time.monotonic() - started
            self._open_sinks()
            dropped = self._drop_indexes()
            try:
                self._cases()
            finally:
                self.writer.drain()
            loaded = time.monotonic()
            self.timings["rows"] = loaded - started - self.timings["reference"]
            self._restore_indexes(dropped)
            self._reset_sequences()
            DatedParameter.objects.create(
                key=MARKER_KEY, valid_from=self.until,
                value={"clients": self.n_clients, "consultations": self.n_consultations,
                       "seed": self.seed, "offices": self.n_offices},
                description="Generated volume data (manage.py generate_volume).")
            self.timings["indexes"] = time.monotonic() - loaded
        analysed = time.monotonic()
        self._analyse()
        self.timings["analyse"] = time.monotonic() - analysed
        self.timings["total"] = time.monotonic() - started
        return {sink.table: sink.count for sink in self.sinks.values()}

    # -- reference data ----------------------------------------------------------------
    def _reference(self) -> None:
        self.topics = {t.code: t.pk for t in Topic.objects.all()}
        self.situations = {s.code: s for s in HousingSituation.objects.all()}
        if not self.topics or not self.situations:
            raise RuntimeError("code lists are missing: run manage.py migrate first")
        self.situation_table = Weighted.of(
            (entry, weight) for entry, weight in ((s, s[1]) for s in SITUATIONS)
            if entry[0] in self.situations)
        self.categories = list(TaxonomyTerm.objects.filter(taxonomy_detail_id=CATEGORIES_ID)
                               .order_by("code"))

    def _seats(self) -> list[tuple[Municipality, tuple[str, ...]]]:
        """The seats: municipalities with the most parts (a stand-in for size), with the
        postal codes of their parts."""
        counts = (MunicipalityPart.objects.values("municipality_id")
                  .annotate(n=models.Count("id")).order_by("-n", "municipality_id"))
        ids = [row["municipality_id"] for row in counts[: self.n_offices]]
        if len(ids) < self.n_offices:
            raise RuntimeError("municipalities are missing: run manage.py load_municipalities")
        municipalities = Municipality.objects.in_bulk(ids)
        codes: dict[int, set[str]] = {}
        for mid, postal in MunicipalityPart.objects.filter(municipality_id__in=ids
                                                           ).values_list("municipality_id",
                                                                         "postal_codes"):
            codes.setdefault(mid, set()).update(postal.split())
        return [(municipalities[i], tuple(sorted(codes.get(i) or {"10000"}))) for i in ids]

    def _offices(self) -> list[Office]:
        from kmb.network import services as network

        password = make_password(self.password) if self.password else make_password(None)
        weights = office_weights(self.n_offices)
        client_counts = distribute(self.n_clients, weights)
        offices = []
        for number, ((municipality, postal), clients) in enumerate(
                zip(self._seats(), client_counts, strict=True), start=1):
            point = ContactPoint.objects.create(
                name=f"Kontaktní místo pro bydlení {municipality.name} ({number})",
                municipality=municipality, address=f"Náměstí Svobody {number}, "
                f"{municipality.name}", phone="+420 900 000 000",
                email=f"kmb{number:03d}@example.cz", sample_contact_details=True)
            staff = self._staff(point, number, max(2, min(80, math.ceil(clients / 2500))),
                                password)
            services = []
            for n in range(2):
                org = network.organization_save(
                    actor=staff[0], contact_point=point,
                    data={"name": f"Poradna pro bydlení {municipality.name} {n + 1}",
                          "email": f"poradna{number:03d}{n}@example.org",
                          "description": "Sociální a dluhové poradenství."})
                for kind in ("dluhové poradenství", "podpora v bydlení"):
                    categories = self.rng.sample(self.categories, k=min(2, len(self.categories)))
                    service = network.service_save(
                        actor=staff[0], organization=org, contact_point=point,
                        categories=categories,
                        data={"name": kind.capitalize(), "status": "active",
                              "email": org.email, "description": f"Služba: {kind}."})
                    services.append((service, {
                        "service": str(service.pk), "organization": str(org.pk),
                        "categories": sorted(t.code for t in categories)}))
            offices.append(Office(point, municipality, postal, staff[1:], staff[0], services,
                                  clients=clients))
        return offices

    def _staff(self, point: ContactPoint, number: int, advisers: int,
               password: str) -> list[User]:
        people = [("vedouci", Role.LEAD)] + [(f"poradce{n:02d}", Role.ADVISER)
                                             for n in range(1, advisers + 1)]
        users = []
        for name, role in people:
            female = self.rng.random() < 0.7
            male_surname, female_surname = SURNAMES.draw(self.rng)
            user = User.objects.create(
                username=f"vol{number:03d}-{name}", password=password,
                first_name=FIRST_NAMES["f" if female else "m"].draw(self.rng),
                last_name=female_surname if female else male_surname,
                email=f"vol{number:03d}-{name}@example.cz")
            Membership.objects.create(user=user, contact_point=point, role=role)
            users.append(user)
        return users

    def _estimate_templates(self) -> None:
        """A few households estimated by the real engine; estimates reuse their results."""
        from decimal import Decimal

        from kmb.benefits.engine import HouseholdInput, Incomes, PersonInput
        from kmb.benefits.services import _event_data, estimate_household

        period = f"{self.until:%Y-%m}"
        households = [
            HouseholdInput(period=period, district="praha", rent=Decimal(14000),
                           services=Decimal(2500), energy=Decimal(2500),
                           members=[PersonInput(role="head", age=38, work_activity="employed",
                                                incomes=Incomes(employment_net=Decimal(net)))]
                           + [PersonInput(role="child", age=age) for age in children])
            for net, children in ((16000, ()), (21000, (6,)), (26000, (4, 9)), (12000, ()),
                                  (30000, (3, 7, 12)), (9000, (10,)))]
        self.estimates = []
        for household in households:
            result = estimate_household(household=household)
            est = result.estimate
            self.estimates.append({
                "period": est.period, "engine": est.engine,
                "engine_version": est.engine_version,
                "inputs": json.dumps(est.inputs_as_json(), ensure_ascii=False),
                "outputs": json.dumps(result.outputs_as_json(), ensure_ascii=False,
                                      default=str),
                "dssp": est.dssp, "reliable": est.reliable,
                "event": json.dumps(_event_data(result), ensure_ascii=False)})

    # -- sinks and indexes -------------------------------------------------------------
    def _open_sinks(self) -> None:
        w = self.writer
        self.sinks = {
            "household": Sink(w, Household, ("id", "uuid", "contact_point_id", "created_at")),
            "client": Sink(w, Client, (
                "id", "uuid", "contact_point_id", "nickname", "first_name", "last_name",
                "name_quality", "birth_date", "birth_date_quality", "birth_number",
                "birth_number_quality", "phone", "phone_quality", "email", "street",
                "municipality_id", "postal_code", "address_quality", "preferred_language",
                "household_id", "key_worker_id", "housing_situation_id", "housing_at_risk",
                "housing_loss_date", "merged_into_id", "name_search", "address_search",
                "phone_digits", "version", "created_by_id", "created_at", "updated_at")),
            "member": Sink(w, HouseholdMember, (
                "id", "uuid", "household_id", "first_name", "last_name", "birth_date",
                "birth_date_quality", "relationship", "created_at")),
            "consent": Sink(w, Consent, (
                "id", "uuid", "contact_point_id", "client_id", "purpose", "scope", "given_on",
                "expires_on", "withdrawn_on", "recorded_by_id", "created_at")),
            "consultation": Sink(w, Consultation, (
                "id", "uuid", "contact_point_id", "client_id", "occurred_at", "channel",
                "duration_minutes", "adviser_id", "housing_situation_id", "housing_at_risk",
                "loss_date", "advice", "notes", "created_at")),
            "topic": Sink(w, Consultation.topics.through, ("id", "consultation_id",
                                                           "topic_id")),
            "task": Sink(w, Task, (
                "id", "uuid", "contact_point_id", "client_id", "title", "owner", "assignee_id",
                "due_date", "status", "completed_at", "created_by_id", "created_at")),
            "referral": Sink(w, Referral, (
                "id", "uuid", "contact_point_id", "client_id", "service_id", "consent_id",
                "shared_data", "need", "proposed_at", "appointment_at", "appointment_note",
                "status", "declined_by", "reason", "recipient_name", "recipient_email",
                "recipient_language", "expires_on", "reminder_sent_at", "responded_at",
                "closed_at", "attention_cleared_at", "created_by_id", "created_at",
                "updated_at", "version")),
            "referral_event": Sink(w, ReferralEvent, (
                "id", "referral_id", "at", "status", "previous_status", "actor_id",
                "actor_label", "note")),
            "referral_link": Sink(w, ReferralLink, (
                "id", "referral_id", "digest", "purpose", "created_at", "expires_at",
                "revoked_at", "last_used_at")),
            "estimate": Sink(w, BenefitEstimate, (
                "id", "uuid", "contact_point_id", "client_id", "period", "engine",
                "engine_version", "inputs", "outputs", "situation", "amount_needed", "dssp",
                "reliable", "channel", "created_by_id", "created_at")),
            "audit": Sink(w, AuditEntry, (
                "id", "at", "actor_id", "actor_label", "contact_point_id", "action",
                "object_type", "object_id", "client_id", "changes", "channel")),
            "token": Sink(w, ClientSearchToken, ("id", "contact_point_id", "client_id",
                                                 "token", "words", "last_name",
                                                 "first_name", "nickname")),
            "event": Sink(w, DomainEvent, (
                "id", "kind", "occurred_at", "recorded_at", "contact_point_id", "subject_id",
                "data")),
        }
        for sink in self.sinks.values():
            if "id" in sink.columns and not isinstance(sink.model._meta.pk, models.UUIDField):
                last = sink.model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0
                self.ids.next[sink.table] = last + 1

    BULK_TABLES = ("client", "consultation", "topic", "audit", "event", "task", "consent",
                   "household", "member", "token")

    def _drop_indexes(self) -> list[tuple[str, str]]:
        """On PostgreSQL: drop the secondary indexes and constraints of the big tables and
        switch off the foreign-key triggers for the load; they are rebuilt afterwards,
        which is several times faster than keeping them up to date row by row."""
        if not self.writer.postgres:
            return []
        tables = [self.sinks[k].table for k in self.BULK_TABLES]
        restore: list[tuple[str, str]] = []
        with self.connection.cursor() as cursor:
            # the checks of the few rows written so far run now, not at CREATE INDEX
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'u' AND conrelid::regclass::text = ANY(%s)",
                [tables])
            for table, name, definition in cursor.fetchall():
                restore.append((table, f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" '
                                       f"{definition}"))
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            cursor.execute(
                "SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i "
                "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [tables])
            for table, name, definition in cursor.fetchall():
                restore.append((table, definition))
                cursor.execute(f'DROP INDEX "{name}"')
        return restore

    def _restore_indexes(self, restore: list[tuple[str, str]]) -> None:
        if not restore:
            return
        self.log(f"Rebuilding {len(restore)} indexes and constraints…")
        with self.connection.cursor() as cursor:
            for _table, statement in restore:
                cursor.execute(statement)
            # Real clients arrive over time at every office at once; the generator writes
            # them office by office. Ordering the table by arrival makes the planner see
            # the office scattered over the table, as it is in real use.
            table = self.sinks["client"].table
            cursor.execute(f'CREATE INDEX vol_client_created ON "{table}" (created_at)')
            cursor.execute(f'CLUSTER "{table}" USING vol_client_created')
            cursor.execute("DROP INDEX vol_client_created")
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")

    def _reset_sequences(self) -> None:
        statements = self.connection.ops.sequence_reset_sql(
            no_style(), [s.model for s in self.sinks.values()])
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def _analyse(self) -> None:
        if not self.writer.postgres:
            with self.connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            return
        # VACUUM sets the visibility map, so counts and lists read the indexes alone;
        # it cannot run inside a transaction (tests), ANALYZE can
        command = "ANALYZE" if self.connection.in_atomic_block else "VACUUM (ANALYZE)"
        self.log("Vacuuming and analysing…")
        with self.connection.cursor() as cursor:
            for sink in self.sinks.values():
                cursor.execute(f'{command} "{sink.table}"')

    # -- case data -----------------------------------------------------------------------
    def _cases(self) -> None:
        anonymous = distribute(round(self.n_consultations * ANONYMOUS_SHARE),
                               [o.clients for o in self.offices])
        named = distribute(self.n_consultations - sum(anonymous),
                           [o.clients for o in self.offices])
        for office, anon, count in zip(self.offices, anonymous, named, strict=True):
            self._office_cases(office, count)
            self._anonymous(office, anon)
            if len(self.sinks["client"].rows) >= CHUNK:
                self._flush()
            self.log(f"  {office.contact_point.name}: {office.clients} clients, "
                     f"{count + anon} consultations")
        self._flush()

    def _flush(self) -> None:
        for sink in self.sinks.values():
            sink.flush()

    def _office_cases(self, office: Office, consultations: int) -> None:
        rng = self.rng
        merged = [i > 0 and rng.random() < 0.004 for i in range(office.clients)]
        active = [i for i, m in enumerate(merged) if not m]
        counts = [0] * office.clients
        for i, n in zip(active, self._visit_counts(len(active), consultations), strict=True):
            counts[i] = n
        target = None
        for i in range(office.clients):
            if merged[i] and target is not None:
                self._client(office, 0, merged_into=target)
            else:
                target = self._client(office, counts[i])
            if (i + 1) % CHUNK == 0:
                self._flush()

    def _visit_counts(self, clients: int, consultations: int) -> list[int]:
        """Consultations per client, skewed: most come once or twice, a few very often."""
        if clients == 0:
            return []
        if consultations < clients:
            ones = set(self.rng.sample(range(clients), consultations))
            return [1 if i in ones else 0 for i in range(clients)]
        weights = [self.rng.lognormvariate(0, 1.1) for _ in range(clients)]
        return [1 + n for n in distribute(consultations - clients, weights,
                                                 at_least_one=False)]

    def _person(self, language: str) -> tuple[bool, str, str]:
        rng = self.rng
        female = rng.random() < 0.53
        if language in ("uk", "ru"):
            first = self.pick(seed.UKRAINIAN_WOMEN if female else seed.UKRAINIAN_MEN)
            return female, first, self.pick(seed.UKRAINIAN_SURNAMES)
        if language == "vi":
            first = self.pick(seed.VIETNAMESE_WOMEN if female else seed.VIETNAMESE_MEN)
            return female, first, self.pick(seed.VIETNAMESE_SURNAMES)
        male_surname, female_surname = SURNAMES.draw(rng)
        return (female, FIRST_NAMES["f" if female else "m"].draw(rng),
                female_surname if female else male_surname)

    def _client(self, office: Office, visits: int, merged_into: tuple | None = None) -> tuple:
        rng = self.rng
        s = self.sinks
        cp = office.contact_point.id
        client_id = self.ids.take(Client)
        client_uuid = self.uuid()
        language = LANGUAGES.draw(rng)
        female, first, last = self._person(language)
        nickname = ""
        anonymous = rng.random() < 0.04
        if anonymous:
            nicknames = seed.NICKNAMES_WOMEN if female else seed.NICKNAMES_MEN
            nickname, first, last = self.pick(nicknames), "", ""
        worker = self.pick(office.advisers)
        situation_entry = self.situation_table.draw(rng)
        situation = self.situations[situation_entry[0]]
        at_risk = situation.ethos_category not in ("housed", "inadequate", "unknown") or \
            situation.code == "notice_eviction"
        # the case in time: first visit, then visits spread over weeks or months
        span = min(HISTORY_DAYS, int(visits * rng.uniform(10, 45))) if visits > 1 else 0
        first_day = rng.randrange(0, HISTORY_DAYS - span + 1)
        days = sorted(first_day + rng.randrange(0, span + 1) for _ in range(max(visits - 1, 0)))
        days = [first_day] + days if visits else [first_day]
        moments = sorted(self.moment(d) for d in days)
        created_at = moments[0] - timedelta(minutes=5)
        loss_date = (self.start + timedelta(days=first_day + rng.randrange(20, 120))
                     if at_risk and situation.code != "rough_sleeping" else None)
        resolved = visits > 2 and rng.random() < 0.35
        final = self.situations.get("rented_secure") if resolved else situation
        # personal data
        birth = self.until - timedelta(days=rng.randrange(18 * 365, 85 * 365)) \
            if rng.random() < 0.8 and not anonymous else None
        phone = (f"+420 {self.pick(seed.CZ_MOBILE_PREFIXES)} {rng.randrange(1000):03d} "
                 f"{rng.randrange(1000):03d}") if rng.random() < 0.72 else ""
        email = (f"{self.fold(first).replace(' ', '.')}.{self.fold(last).replace(' ', '.')}"
                 f"{rng.randrange(100)}@{self.pick(MAIL_DOMAINS)}"
                 if not anonymous and rng.random() < 0.25 else "")
        has_address = not anonymous and situation.ethos_category not in ("1", "2") and \
            rng.random() < 0.75
        street_name = self.pick(STREETS) if has_address else ""
        number = f"{rng.randrange(1, 2500)}/{rng.randrange(1, 60)}" if has_address else ""
        street = f"{street_name} {number}" if has_address else ""
        postal = self.pick(office.postal_codes) if has_address else ""
        municipality = office.municipality if has_address else None
        household_id = None
        if not anonymous and rng.random() < 0.25:
            household_id = self._household(office, female, last, created_at, worker,
                                           client_uuid)
        latest = moments[-1] if visits else created_at
        version = 1 + visits + (1 if household_id else 0)
        # the services' search keys: fold(" ".join(parts)), folding each part once
        name_search = self.fold(" ".join(filter(None, [first, last, nickname])))
        address_search = " ".join([self.fold(street_name), number, postal,
                                   self.fold(municipality.name)]) if has_address else ""
        s["client"].add((
            client_id, client_uuid, cp, nickname, first, last,
            DataQuality.REFUSED.value if anonymous else DataQuality.KNOWN.value,
            birth, DataQuality.KNOWN.value if birth else DataQuality.NOT_ASKED.value, "",
            DataQuality.NOT_ASKED.value, phone,
            DataQuality.KNOWN.value if phone else DataQuality.NOT_ASKED.value,
            email, street, municipality.id if municipality else None, postal,
            DataQuality.KNOWN.value if has_address else DataQuality.NOT_ASKED.value, language,
            household_id, worker.id, (final or situation).pk,
            bool(at_risk and not resolved and visits), None if resolved else loss_date,
            merged_into[0] if merged_into else None, name_search, address_search,
            digits(phone)[-9:], version + (1 if merged_into else 0), worker.id, created_at,
            latest))
        # the words of the search keys of a live client, as Client.save writes them
        token_ids = self.ids.next
        table = s["token"].table
        tokens, words = search_index(name_search, address_search) if not merged_into \
            else ((), "")
        for token in tokens:
            s["token"].add((token_ids[table], cp, client_id, token, words, last, first,
                            nickname))
            token_ids[table] += 1
        filled = [f for f, v in (("first_name", first), ("last_name", last),
                                 ("nickname", nickname), ("birth_date", birth),
                                 ("phone", phone), ("email", email), ("street", street),
                                 ("postal_code", postal), ("municipality", municipality),
                                 ("preferred_language", language), ("key_worker", worker),
                                 ("name_quality", True), ("address_quality", has_address),
                                 ("phone_quality", phone), ("birth_date_quality", birth),
                                 ("housing_situation", situation)) if v]
        self._audit(created_at, worker, cp, "create", "cases.client", client_uuid,
                    client_uuid, filled)
        self._event("client.created", created_at, cp, client_uuid,
                    f'{{"anonymous": {_JSON_BOOL[anonymous]}, '
                    f'"housing_situation": "{situation.code}"}}')
        if merged_into is not None:
            target_id, target_uuid, target_cp = merged_into
            at = created_at + timedelta(days=rng.randrange(1, 60))
            self._audit(at, worker, cp, "merge", "cases.client", target_uuid, target_uuid, [])
            self._audit(at, worker, cp, "merge", "cases.client", client_uuid, client_uuid,
                        ["merged_into"])
            self._event("client.merged", at, cp, target_uuid, {"merged": str(client_uuid)})
            return merged_into
        if not anonymous and rng.random() < 0.6:
            self._consent(cp, client_id, client_uuid, worker, created_at,
                          ConsentPurpose.RECORDS.value, CONSENT_SCOPE, None)
        topics = situation_entry[2]
        for n, at in enumerate(moments):
            last_visit = n == len(moments) - 1
            sit = final if (last_visit and resolved) else situation
            risk = at_risk and not (last_visit and resolved)
            self._consultation(office, client_id, client_uuid, at, worker, sit, risk,
                               loss_date if risk else None, topics, female)
        if visits:
            self._tasks(office, client_id, client_uuid, moments, worker, situation_entry[3])
            if rng.random() < 0.07 and not anonymous and office.services:
                self._referral(office, client_id, client_uuid, moments[0], worker)
            if (self.until - latest.date()).days < 180 and rng.random() < 0.25:
                self._estimate(cp, client_id, client_uuid, latest, worker)
        return (client_id, client_uuid, cp)

    def _household(self, office: Office, female: bool, last: str, at: datetime, worker: User,
                   client_uuid: str) -> int:
        rng = self.rng
        household_id = self.ids.take(Household)
        self.sinks["household"].add((household_id, self.uuid(), office.contact_point.id, at))
        members = []
        if rng.random() < 0.6:
            members.append(("partner", not female, 20, 70))
        members += [("child", rng.random() < 0.5, 0, 17) for _ in range(rng.randrange(0, 4))]
        for relationship, member_female, low, high in members or [("child", True, 0, 17)]:
            male_surname, female_surname = SURNAMES.draw(rng)
            member_last = last if rng.random() < 0.8 else (
                female_surname if member_female else male_surname)
            birth = self.until - timedelta(days=rng.randrange(low * 365, high * 365 + 364))
            self.sinks["member"].add((
                self.ids.take(HouseholdMember), self.uuid(), household_id,
                FIRST_NAMES["f" if member_female else "m"].draw(rng), member_last, birth,
                DataQuality.KNOWN.value, relationship, at))
            self._audit(at, worker, office.contact_point.id, "create",
                        "cases.householdmember", self.uuid(), client_uuid,
                        ["birth_date", "first_name", "last_name", "relationship"])
        return household_id

    def _consent(self, cp: int, client_id: int, client_uuid: str, worker: User,
                 at: datetime, purpose: str, scope: str, expires: date | None) -> int:
        consent_id = self.ids.take(Consent)
        consent_uuid = self.uuid()
        self.sinks["consent"].add((consent_id, consent_uuid, cp, client_id, purpose, scope,
                                   at.date(), expires, None, worker.id, at))
        self._audit(at, worker, cp, "create", "cases.consent", consent_uuid, client_uuid,
                    ["expires_on", "given_on", "purpose", "scope"])
        self._event("consent.recorded", at, cp, client_uuid, {"purpose": purpose})
        return consent_id

    def _consultation(self, office: Office, client_id: int | None,
                      client_uuid: str | None, at: datetime, adviser: User,
                      situation: HousingSituation, at_risk: bool, loss_date: date | None,
                      topics: Sequence[str], female: bool) -> None:
        rng = self.rng
        cp = office.contact_point.id
        consultation_id = self.ids.take(Consultation)
        consultation_uuid = self.uuid()
        channel = CHANNELS.draw(rng)
        duration = self.pick(DURATIONS[channel])
        chosen = sorted({self.pick(topics) for _ in range(1 + (rng.random() < 0.45))})
        chosen = [t for t in chosen if t in self.topics] or ["other"]
        notes = self.pick(NOTES) if rng.random() < 0.25 else ""
        self.sinks["consultation"].add((
            consultation_id, consultation_uuid, cp, client_id, at, channel, duration,
            adviser.id, situation.id, at_risk, loss_date, self.pick(ADVICE), notes,
            at + timedelta(minutes=duration)))
        topic_sink = self.sinks["topic"]
        for code in chosen:
            topic_sink.add((self.ids.take(Consultation.topics.through), consultation_id,
                            self.topics[code]))
        recorded = at + timedelta(minutes=duration)
        self._audit(recorded, adviser, cp, "create", "cases.consultation", consultation_uuid,
                    client_uuid, ["advice", "channel", "notes", "occurred_at", "topics"])
        # the event's data as the service writes it, formatted directly (millions of rows)
        topic_list = ", ".join(f'"{code}"' for code in chosen)
        self._event("consultation.recorded", at, cp, client_uuid, (
            f'{{"channel": "{channel}", "duration_minutes": {duration}, '
            f'"topics": [{topic_list}], "anonymous": {_JSON_BOOL[client_id is None]}, '
            f'"housing_situation": "{situation.code}", "ethos": "{situation.ethos_category}", '
            f'"housing_at_risk": {_JSON_BOOL[bool(at_risk)]}}}'), recorded_at=recorded)

    def _anonymous(self, office: Office, count: int) -> None:
        unknown = self.situations.get("unknown")
        for _ in range(count):
            at = self.moment(self.rng.randrange(HISTORY_DAYS))
            self._consultation(office, None, None, at, self.pick(office.advisers),
                               unknown, False, None, self.pick(ANONYMOUS_TOPICS), False)

    def _tasks(self, office: Office, client_id: int, client_uuid: str,
               moments: list[datetime], worker: User, keys: Sequence[str]) -> None:
        rng = self.rng
        cp = office.contact_point.id
        for _ in range(self.pick((0, 0, 1, 1, 1, 2))):
            title, owner = TASKS[self.pick(keys)]
            created = self.pick(moments)
            due = created.date() + timedelta(days=rng.randrange(3, 30))
            age = (self.until - due).days
            status = TaskStatus.OPEN.value
            if age > 0:
                status = TaskStatus.DONE.value if rng.random() < (0.9 if age > 60 else 0.6) else (
                    TaskStatus.CANCELLED.value if rng.random() < 0.2 else TaskStatus.OPEN.value)
            completed = (datetime.combine(min(due, self.until), datetime.min.time(), UTC)
                         + timedelta(hours=rng.randrange(7, 16))) \
                if status == TaskStatus.DONE.value else None
            task_uuid = self.uuid()
            self.sinks["task"].add((self.ids.take(Task), task_uuid, cp, client_id, title, owner,
                                    worker.id, due, status, completed, worker.id, created))
            self._audit(created, worker, cp, "create", "cases.task", task_uuid, client_uuid,
                        ["assignee", "due_date", "owner", "title"])
            self._event("task.created", created, cp, client_uuid, {"owner": owner})
            if status != TaskStatus.OPEN.value:
                at = completed or created + timedelta(days=rng.randrange(1, 30))
                self._audit(at, worker, cp, "update", "cases.task", task_uuid, client_uuid,
                            ["status"])
                if completed:
                    self._event("task.done", completed, cp, client_uuid, {"owner": owner})

    def _referral(self, office: Office, client_id: int, client_uuid: str,
                  at: datetime, worker: User) -> None:
        rng = self.rng
        cp = office.contact_point.id
        service, event_data = self.pick(office.services)
        shared = [SharedItem.NAME.value, SharedItem.PHONE.value, SharedItem.HOUSING.value]
        expires = at.date() + timedelta(days=7)
        scope = (f"referral:{','.join(shared)}:{service.organization.name} – "
                 f"{service.name}")[:300]
        consent_id = self._consent(cp, client_id, client_uuid, worker, at,
                                   ConsentPurpose.SHARING.value, scope, at.date() + timedelta(365))
        referral_id = self.ids.take(Referral)
        referral_uuid = self.uuid()
        age = (self.until - at.date()).days
        status = REFERRAL_OUTCOMES.draw(rng) if age > 20 else ReferralStatus.PENDING.value
        closed = at + timedelta(days=rng.randrange(2, 20)) if status not in OPEN_STATUSES \
            else None
        label = worker.get_full_name() or worker.username
        self.sinks["referral"].add((
            referral_id, referral_uuid, cp, client_id, service.pk, consent_id,
            json.dumps(shared), "Klient potřebuje pomoc s dluhy a s hledáním bydlení.", None,
            None, "", status, "provider" if status == ReferralStatus.DECLINED.value else "", "",
            service.organization.name, service.email, "cs", expires, None, closed, closed,
            None, worker.id, at, closed or at, 1 if closed is None else 2))
        self.sinks["referral_event"].add((self.ids.take(ReferralEvent), referral_id, at,
                                          ReferralStatus.PENDING.value, "", worker.id, label, ""))
        self.sinks["referral_link"].add((
            self.ids.take(ReferralLink), referral_id,
            hashlib.sha256(self.uuid().encode()).hexdigest(), ReferralLink.PURPOSE_RESPOND, at,
            at + timedelta(days=90), closed, None))
        self._audit(at, worker, cp, "create", "network.referral", referral_uuid, client_uuid,
                    ["need", "proposed_at", "service", "shared_data"])
        self._event("referral.created", at, cp, referral_uuid, event_data)
        if closed is not None:
            by_system = status == ReferralStatus.EXPIRED.value
            self.sinks["referral_event"].add((
                self.ids.take(ReferralEvent), referral_id, closed, status,
                ReferralStatus.PENDING.value, None, "KMB (automatic)" if by_system
                else service.organization.name, ""))
            self._audit(closed, None, cp, "update", "network.referral", referral_uuid,
                        client_uuid, ["status"], channel="system" if by_system else "partner_link",
                        actor_label="KMB (automatic)" if by_system
                        else service.organization.name)
            kind = OUTCOME_KIND.get(status, "referral.outcome")
            data = {**event_data, "days_since_sent": (closed - at).days,
                    "from": ReferralStatus.PENDING.value, "to": status,
                    "by": "system" if by_system else "partner"}
            if kind == "referral.outcome":
                data["outcome"] = status
            if status == ReferralStatus.DECLINED.value:
                data["declined_by"] = "provider"
            self._event(kind, closed, cp, referral_uuid, data)

    def _estimate(self, cp: int, client_id: int, client_uuid: str, at: datetime,
                  worker: User) -> None:
        template = self.pick(self.estimates)
        estimate_uuid = self.uuid()
        self.sinks["estimate"].add((
            self.ids.take(BenefitEstimate), estimate_uuid, cp, client_id, template["period"],
            template["engine"], template["engine_version"], template["inputs"],
            template["outputs"], "", None, template["dssp"], template["reliable"], "web",
            worker.id, at))
        self._audit(at, worker, cp, "create", "benefits.benefitestimate", estimate_uuid,
                    client_uuid, ["inputs", "outputs"])
        self._event("benefit_estimate.recorded", at, cp, estimate_uuid, template["event"])

    # -- audit and events ----------------------------------------------------------------
    def _audit(self, at: datetime, actor: User | None, cp: int, action: str, object_type: str,
               object_id: str, client_uuid: str | None, changes: list[str],
               channel: str = "web", actor_label: str = "") -> None:
        self.sinks["audit"].add((
            self.ids.take(AuditEntry), at, actor.id if actor else None,
            actor_label or (actor.username if actor else ""), cp, action, object_type,
            str(object_id), client_uuid, self._changes(tuple(changes)), channel))

    def _changes(self, changes: tuple[str, ...]) -> str:
        text = self.changes_json.get(changes)
        if text is None:
            text = self.changes_json[changes] = json.dumps(sorted(set(changes)))
        return text

    def _event(self, kind: str, at: datetime, cp: int, subject: str | None,
               data: dict[str, Any] | str, recorded_at: datetime | None = None) -> None:
        self.sinks["event"].add((
            self.uuid(), kind, at, recorded_at or at, cp, subject,
            data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)))
