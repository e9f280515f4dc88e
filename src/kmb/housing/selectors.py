"""Reads of the housing supply, always scoped to one contact point (404 otherwise)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from kmb.accounts.models import ContactPoint, Membership
from kmb.cases.models import Client
from kmb.core.models import DatedParameter
from kmb.core.permissions import Perm, role_has
from kmb.core.text import fold
from kmb.housing import matching
from kmb.housing.models import (
    OPEN_PROPOSAL,
    SUSTAINED_OUTCOMES,
    Flat,
    FlatPhoto,
    FlatStatus,
    FollowUp,
    HouseholdNeeds,
    Landlord,
    Lease,
    OwnerConsultation,
    Proposal,
)

MAX_RENT_KEY = "housing.max_permitted_rent"


def _uuid_or_404(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError):
        raise Http404 from None


def _one(qs: QuerySet, membership: Membership, object_id) -> Any:
    found = qs.filter(uuid=_uuid_or_404(object_id),
                      contact_point_id=membership.contact_point_id).first()
    if found is None:
        raise Http404
    return found


def landlord_get_for_user(*, membership: Membership, landlord_id) -> Landlord:
    return _one(Landlord.objects.select_related("municipality__district"), membership,
                landlord_id)


def flat_get_for_user(*, membership: Membership, flat_id) -> Flat:
    return _one(Flat.objects.select_related("landlord", "municipality__district",
                                            "municipality_part"), membership, flat_id)


def photo_get_for_user(*, membership: Membership, photo_id) -> FlatPhoto:
    found = (FlatPhoto.objects.select_related("flat")
             .filter(uuid=_uuid_or_404(photo_id),
                     flat__contact_point_id=membership.contact_point_id).first())
    if found is None:
        raise Http404
    return found


def sees_all_proposals(membership: Membership) -> bool:
    return role_has(membership.role, Perm.PROPOSAL_ALL)


def proposals_visible(*, membership: Membership) -> QuerySet[Proposal]:
    """Proposals of the office; an adviser sees those for the clients they work with."""
    qs = Proposal.objects.filter(contact_point_id=membership.contact_point_id)
    if not sees_all_proposals(membership):
        qs = qs.filter(Q(client__key_worker_id=membership.user_id) |
                       Q(proposed_by_id=membership.user_id))
    return qs


def proposal_get_for_user(*, membership: Membership, proposal_id) -> Proposal:
    found = (proposals_visible(membership=membership)
             .select_related("flat__municipality", "flat__landlord", "client", "proposed_by")
             .filter(uuid=_uuid_or_404(proposal_id)).first())
    if found is None:
        raise Http404
    return found


def proposal_by_token_digest(digest: str) -> Proposal | None:
    return (Proposal.objects.select_related("flat__municipality", "flat__landlord",
                                            "contact_point")
            .filter(token_digest=digest).first() if digest else None)


def landlords_of_owner_account(*, user) -> list[Landlord]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Landlord.objects.filter(accounts__user=user, accounts__active=True))


def proposals_for_owner(*, landlords: list[Landlord]) -> QuerySet[Proposal]:
    """Proposals for the owner's own flats (what the owner sees of them is anonymised)."""
    return (Proposal.objects.filter(flat__landlord__in=landlords)
            .select_related("flat__municipality", "contact_point")
            .order_by("-created_at", "-pk"))


def proposal_for_owner_get(*, landlords: list[Landlord], proposal_id) -> Proposal:
    found = (proposals_for_owner(landlords=landlords).select_related("flat__landlord")
             .filter(uuid=_uuid_or_404(proposal_id)).first())
    if found is None:
        raise Http404
    return found


def followup_get_for_user(*, membership: Membership, followup_id) -> FollowUp:
    return _one(FollowUp.objects.select_related("lease__client", "lease__flat__municipality"),
                membership, followup_id)


def needs_for_client(*, client: Client) -> HouseholdNeeds | None:
    return HouseholdNeeds.objects.filter(client=client).first()


# --- lists ---------------------------------------------------------------------------

def landlords(*, contact_point: ContactPoint, q: str = "", queue: bool = False
              ) -> QuerySet[Landlord]:
    qs = (Landlord.objects.filter(contact_point=contact_point)
          .select_related("municipality").annotate(flat_count=Count("flats")))
    if queue:
        qs = qs.filter(reviewed=False)
    for word in (q or "").split():
        qs = qs.filter(name_search__contains=fold(word))
    return qs.order_by("reviewed", "name", "pk")


def flats(*, contact_point: ContactPoint, status: str = "", q: str = "") -> QuerySet[Flat]:
    qs = (Flat.objects.filter(contact_point=contact_point)
          .select_related("landlord", "municipality").annotate(photo_count=Count("photos")))
    if status:
        qs = qs.filter(status=status)
    for word in (q or "").split():
        qs = qs.filter(Q(street__icontains=word) | Q(municipality__name_search__contains=fold(
            word)) | Q(landlord__name_search__contains=fold(word)))
    return qs.order_by("-updated_at", "-pk")


def owner_consultations(*, landlord: Landlord) -> QuerySet[OwnerConsultation]:
    return (OwnerConsultation.objects.filter(landlord=landlord)
            .select_related("adviser").prefetch_related("topics"))


def owner_timeline(*, landlord: Landlord, limit: int = 50) -> list[dict[str, Any]]:
    """The owner's history: consultations, status changes of their flats, proposals."""
    from kmb.housing.models import FlatStatusChange, ProposalEvent

    entries: list[dict[str, Any]] = []
    for c in owner_consultations(landlord=landlord)[:limit]:
        entries.append({"at": c.occurred_at, "kind": "consultation", "obj": c})
    for ch in (FlatStatusChange.objects.filter(flat__landlord=landlord)
               .select_related("flat__municipality").order_by("-at")[:limit]):
        entries.append({"at": ch.at, "kind": "flat_status", "obj": ch})
    for ev in (ProposalEvent.objects.filter(proposal__flat__landlord=landlord)
               .select_related("proposal__flat__municipality").order_by("-at")[:limit]):
        entries.append({"at": ev.at, "kind": "proposal", "obj": ev})
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:limit]


def proposals(*, membership: Membership, status: str = "") -> QuerySet[Proposal]:
    qs = proposals_visible(membership=membership).select_related(
        "flat__municipality", "client", "proposed_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def proposals_for_client(*, client: Client) -> QuerySet[Proposal]:
    return (Proposal.objects.filter(client=client)
            .select_related("flat__municipality").order_by("-created_at"))


def followups_due(*, contact_point: ContactPoint, horizon_days: int = 31
                  ) -> QuerySet[FollowUp]:
    until = timezone.localdate() + timedelta(days=horizon_days)
    return (FollowUp.objects.filter(contact_point=contact_point, outcome="", due_on__lte=until)
            .select_related("lease__client", "lease__flat__municipality")
            .order_by("due_on", "pk"))


def leases(*, contact_point: ContactPoint) -> QuerySet[Lease]:
    return (Lease.objects.filter(contact_point=contact_point)
            .select_related("client", "flat__municipality").prefetch_related("follow_ups")
            .order_by("-starts_on", "-pk"))


def clients_by_ids(*, contact_point: ContactPoint, ids: list[int]) -> dict[int, Client]:
    return Client.objects.filter(contact_point=contact_point).in_bulk(ids)


def client_ids_of_key_worker(*, contact_point: ContactPoint, user) -> set[int]:
    return set(Client.objects.filter(contact_point=contact_point, key_worker=user)
               .values_list("pk", flat=True))


# --- § 9 maximum permitted rent ------------------------------------------------------

def max_permitted_rent(*, flat: Flat, on: date | None = None) -> tuple[int, Any] | None:
    """The maximum permitted rent of a flat (per m² × size) and the parameter row."""
    row = (DatedParameter.objects.valid_on(on or timezone.localdate()).filter(key=MAX_RENT_KEY)
           .order_by("-valid_from").first())
    if row is None:
        return None
    value = row.value
    per_m2 = value.get("per_m2", {})
    rate = per_m2.get(flat.municipality.district.code, per_m2.get("default"))
    if rate is None:
        return None
    return int(round(float(rate) * float(flat.area_m2))), row


# --- matching -------------------------------------------------------------------------

_FLAT_FIELDS = ("id", "rooms", "layout", "area_m2", "rent", "service_advances",
                "energy_estimate", "barrier_free", "pets_allowed", "available_from",
                "municipality_id", "municipality__name", "municipality__district_id")
_NEEDS_FIELDS = ("id", "client_id", "persons", "barrier_free_needed", "has_pets",
                 "earliest_move_in", "housing_loss_date", "consent_share_on", "income",
                 "affordability", "preferred_municipality_ids", "preferred_district_ids",
                 "waiting_since")


def _flat_facts(row: tuple) -> matching.FlatFacts:
    (pk, rooms, layout, area, rent, services, energy, barrier, pets, available, mid, mname,
     did) = row
    return matching.FlatFacts(id=pk, rooms=rooms, layout=layout, area=float(area), rent=rent,
                              cost=rent + services + energy, barrier_free=barrier,
                              pets_allowed=pets, available_from=available,
                              municipality_id=mid, municipality_name=mname, district_id=did)


def _needs_facts(row: tuple) -> matching.NeedsFacts:
    (pk, client_id, persons, barrier, pets, earliest, loss, consent, income, table, mids,
     dids, since) = row
    return matching.NeedsFacts(id=pk, client_id=client_id, persons=persons,
                               barrier_free_needed=barrier, has_pets=pets,
                               earliest_move_in=earliest, housing_loss_date=loss,
                               consent=consent is not None, income=income,
                               affordability=table or [], municipality_ids=frozenset(mids or ()),
                               district_ids=frozenset(dids or ()), waiting_since=since)


def flat_facts(*, flat: Flat) -> matching.FlatFacts:
    return _flat_facts(Flat.objects.filter(pk=flat.pk).values_list(*_FLAT_FIELDS).get())


def needs_facts(*, needs: HouseholdNeeds) -> matching.NeedsFacts:
    return _needs_facts(HouseholdNeeds.objects.filter(pk=needs.pk)
                        .values_list(*_NEEDS_FIELDS).get())


def _json_list_has(column: str, value: int) -> RawSQL:
    """Whether the JSON list in ``column`` holds ``value``, as a boolean computed by the
    database (so the list itself is never sent to Python and decoded)."""
    # the table and column names are this module's constants; the value is a parameter
    table = HouseholdNeeds._meta.db_table
    if connection.vendor == "postgresql":
        return RawSQL(f'"{table}"."{column}" @> to_jsonb(%s::integer)',  # noqa: S611
                      (value,))
    return RawSQL(f'EXISTS (SELECT 1 FROM json_each("{table}"."{column}") '  # noqa: S611, S608
                  f'WHERE json_each.value = %s)', (value,))


def _component(index: int) -> Cast:
    """The housing component of row ``index`` of the affordability table, as a number."""
    return Cast(KeyTextTransform("1", KeyTransform(str(index), "affordability")),
                FloatField())


_NEEDS_CUT_FIELDS = ("id", "client_id", "persons", "barrier_free_needed", "has_pets",
                     "earliest_move_in", "housing_loss_date", "consent_share_on", "income",
                     "in_municipality", "in_district", "waiting_since", "h_lo", "h_hi")


def _needs_for_flat_rows(flat: Flat, facts: matching.FlatFacts, rules: matching.RuleSet,
                         only_eligible: bool):
    """The needs rows for one flat. Everything the rules read is computed by the database
    as plain values: the two rows of the affordability table around the flat's cost (enough
    to interpolate) and whether the flat's municipality and district are among the
    preferences, so no JSON is decoded per household; with ``only_eligible`` the hard
    criteria that SQL can check filter there already."""
    cost = flat.rent + flat.service_advances + flat.energy_estimate
    lo, hi = matching.grid_bracket(cost)
    district_id = facts.district_id
    qs = HouseholdNeeds.objects.filter(contact_point_id=flat.contact_point_id, active=True,
                                       client__merged_into__isnull=True)
    if only_eligible:
        h = rules.hard
        qs = qs.filter(consent_share_on__isnull=False,
                       persons__lte=min(flat.rooms * h["max_persons_per_room"],
                                        int(float(flat.area_m2) // h["min_m2_per_person"])),
                       persons__gte=flat.rooms - h["max_extra_rooms"])
        if not flat.barrier_free:
            qs = qs.filter(barrier_free_needed=False)
        if not flat.pets_allowed:
            qs = qs.filter(has_pets=False)
    qs = qs.annotate(
        in_municipality=_json_list_has("preferred_municipality_ids", flat.municipality_id),
        in_district=_json_list_has("preferred_district_ids", district_id or 0),
        h_lo=_component(lo), h_hi=_component(hi))
    return qs.values_list(*_NEEDS_CUT_FIELDS), (
        matching.COST_GRID[lo], matching.COST_GRID[hi], flat.municipality_id, district_id)


def _needs_facts_cut(row: tuple, cut: tuple) -> matching.NeedsFacts:
    """Facts of a household as far as one flat is concerned: its affordability table is
    the two rows around the flat's cost and its preferences are the flat's municipality
    and district where it prefers them."""
    (pk, client_id, persons, barrier, pets, earliest, loss, consent, income, in_mun, in_dis,
     since, h_lo, h_hi) = row
    grid_lo, grid_hi, mid, did = cut
    table = [[grid_lo, h_lo], [grid_hi, h_hi]] if h_lo is not None and h_hi is not None \
        else []
    return matching.NeedsFacts(id=pk, client_id=client_id, persons=persons,
                               barrier_free_needed=barrier, has_pets=pets,
                               earliest_move_in=earliest, housing_loss_date=loss,
                               consent=consent is not None, income=income,
                               affordability=table,
                               municipality_ids=_ONLY[mid] if in_mun else _NONE,
                               district_ids=_ONLY[did] if in_dis else _NONE,
                               waiting_since=since)


class _Singletons(dict):
    def __missing__(self, key):
        value = self[key] = frozenset((key,))
        return value


_ONLY = _Singletons()
_NONE: frozenset = frozenset()


def match_households_for_flat(*, flat: Flat, rules: matching.RuleSet | None = None,
                              only_eligible: bool = True) -> list[matching.Match]:
    """The households of the flat's office looking for a flat, ranked for this flat."""
    rules = rules or matching.rules_on()
    facts = flat_facts(flat=flat)
    rows, cut = _needs_for_flat_rows(flat, facts, rules, only_eligible)
    with matching.no_gc():
        return matching.rank(rules, ((facts, _needs_facts_cut(r, cut)) for r in
                                     rows.iterator(2000)), only_eligible=only_eligible)


def match_flats_for_needs(*, needs: HouseholdNeeds, rules: matching.RuleSet | None = None,
                          only_eligible: bool = True) -> list[matching.Match]:
    """The offered flats of the office, ranked for this household."""
    rules = rules or matching.rules_on()
    facts = needs_facts(needs=needs)
    qs = Flat.objects.filter(contact_point_id=needs.contact_point_id,
                             status=FlatStatus.OFFERED)
    if only_eligible:
        h = rules.hard
        qs = qs.filter(rooms__gte=-(-needs.persons // h["max_persons_per_room"]),
                       rooms__lte=needs.persons + h["max_extra_rooms"],
                       area_m2__gte=needs.persons * h["min_m2_per_person"])
        if needs.barrier_free_needed:
            qs = qs.filter(barrier_free=True)
        if needs.has_pets:
            qs = qs.filter(pets_allowed=True)
    rows = qs.values_list(*_FLAT_FIELDS)
    with matching.no_gc():
        return matching.rank(rules, ((_flat_facts(r), facts) for r in rows.iterator(2000)),
                             only_eligible=only_eligible)


# --- statistics ----------------------------------------------------------------------

def housing_figures(*, contact_point: ContactPoint) -> dict[str, Any]:
    """Owners apart from people in need; flats by status; 12-month sustainment."""
    owners = Landlord.objects.filter(contact_point=contact_point).count()
    by_status = dict(Flat.objects.filter(contact_point=contact_point).values_list("status")
                     .annotate(n=Count("id")).values_list("status", "n"))
    twelve = FollowUp.objects.filter(contact_point=contact_point, months=12).exclude(outcome="")
    done = twelve.count()
    sustained = twelve.filter(outcome__in=SUSTAINED_OUTCOMES).count()
    return {
        "owners": owners,
        "owner_consultations": OwnerConsultation.objects.filter(
            contact_point=contact_point).count(),
        "flats": [(label, by_status.get(value, 0)) for value, label in FlatStatus.choices],
        "leases": Lease.objects.filter(contact_point=contact_point).count(),
        "open_proposals": Proposal.objects.filter(contact_point=contact_point,
                                                  status__in=OPEN_PROPOSAL).count(),
        "followups_12": done,
        "sustained_12": sustained,
        "sustainment_12": round(100 * sustained / done) if done else None,
    }



def housing_statistics(*, contact_point: ContactPoint) -> dict[str, Any]:
    """Figures for the statistics page, from the append-only domain events only.

    Owners are counted apart from people in housing need. Sustainment at 12 months: of
    the tenancies whose 12-month follow-up has an outcome (the latest one counts), the
    share still housed (with or without arrears) or moved on as planned.
    """
    from kmb.core.models import DomainEvent

    # the kinds named (not a prefix): the index of an office's events by kind finds them
    # without reading every event of the office
    counted = ("housing.owner_registered", "housing.owner_consultation",
               "housing.flat_registered", "housing.lease_signed")
    events = DomainEvent.objects.filter(contact_point=contact_point)
    counts = dict(events.filter(kind__in=counted).values_list("kind")
                  .annotate(n=Count("id")).values_list("kind", "n"))
    latest: dict[Any, str] = {}
    for subject, data in (events.filter(kind="housing.followup", data__months=12)
                          .order_by("occurred_at", "recorded_at")
                          .values_list("subject_id", "data")):
        latest[subject] = data.get("outcome", "")
    done = len(latest)
    sustained = sum(1 for outcome in latest.values() if outcome in SUSTAINED_OUTCOMES)
    return {
        "owners": counts.get("housing.owner_registered", 0),
        "owner_consultations": counts.get("housing.owner_consultation", 0),
        "flats": counts.get("housing.flat_registered", 0),
        "leases": counts.get("housing.lease_signed", 0),
        "followups_12": done, "sustained_12": sustained,
        "sustainment_12": round(100 * sustained / done) if done else None,
    }
