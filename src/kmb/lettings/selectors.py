"""Reads of the municipal flats: scoped to the contact point, fixed query counts.

The portal's pages use the ``public_*`` and ``applicant_*`` functions; they never return
personal data of anyone but the signed-in applicant.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from statistics import median

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kmb.accounts.models import ContactPoint
from kmb.housing.models import Flat, FlatPhoto
from kmb.lettings import scoring
from kmb.lettings.models import (
    Allocation,
    Application,
    ApplicationMember,
    ApplicationStatus,
    DecisionOutcome,
    FitRule,
    Interest,
    Offer,
    OfferStatus,
    Programme,
    RuleSet,
    StatusChange,
)


def _uuid(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


# --------------------------------------------------------------------------------------
# Programmes and rules
# --------------------------------------------------------------------------------------

def programmes_of(*, contact_point: ContactPoint, active_only: bool = False
                  ) -> QuerySet[Programme]:
    qs = Programme.objects.filter(contact_point=contact_point).select_related("municipality")
    return qs.filter(active=True) if active_only else qs


def programme_get(*, contact_point: ContactPoint, programme_id) -> Programme:
    try:
        return programmes_of(contact_point=contact_point).get(uuid=_uuid(programme_id))
    except Programme.DoesNotExist:
        raise Http404 from None


def with_waiting(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """Programmes annotated with ``waiting``: how many households are on the waiting list
    (the count of :func:`waiting_list`), in the same query."""
    return programmes.annotate(waiting=Count("applications", filter=Q(
        applications__status=ApplicationStatus.REGISTERED, applications__excluded=False)))


def public_programmes(*, municipality=None) -> QuerySet[Programme]:
    """Active programmes (optionally of one municipality) for the portal's overview."""
    qs = (Programme.objects.filter(active=True, contact_point__active=True)
          .select_related("municipality", "contact_point")
          .prefetch_related("fit_rules"))
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return qs.order_by("municipality__name", "order", "name")


def public_programme_places() -> list[tuple[str, str]]:
    """(code, name) of the municipalities with an active programme, by name."""
    return list(Programme.objects.filter(active=True, contact_point__active=True)
                .values_list("municipality__code", "municipality__name").distinct()
                .order_by("municipality__name"))


def public_programme_get(programme_id) -> Programme:
    try:
        return with_waiting(public_programmes()).get(uuid=_uuid(programme_id))
    except Programme.DoesNotExist:
        raise Http404 from None


def rules_in_force(*, programme: Programme, on: date | None = None) -> RuleSet | None:
    day = on or timezone.localdate()
    return (RuleSet.objects.filter(programme=programme, published_at__isnull=False,
                                   valid_from__lte=day)
            .order_by("-valid_from", "-version").first())


def rules_plain(*, programme: Programme, on: date | None = None) -> dict | None:
    """The rules in force in plain language (active language), with their version:
    ``{"version", "valid_from", "criteria": [{"code","label","lines","max"}],
    "exclusions": [...], "max_total"}``; None when the programme has no published rules."""
    rules = rules_in_force(programme=programme, on=on)
    if rules is None:
        return None
    plain = scoring.rules_plain(rules.criteria, rules.exclusions)
    plain.update({"version": rules.version, "valid_from": rules.valid_from,
                  "rule_set": rules})
    return plain


def rule_history(*, programme: Programme) -> QuerySet[RuleSet]:
    return RuleSet.objects.filter(programme=programme).select_related("published_by")


def typical_wait_months(*, programme: Programme, years: int = 3) -> int | None:
    """Median months from registration to being housed over the last years (None when
    fewer than three households were housed, too few to say)."""
    since = timezone.now() - timedelta(days=365 * years)
    rows = list(StatusChange.objects.filter(
        application__programme=programme, to_status=ApplicationStatus.HOUSED, at__gte=since,
        application__registered_on__isnull=False)
        .values_list("at", "application__registered_on"))
    if len(rows) < 3:
        return None
    return round(median(scoring.months_between(reg, timezone.localtime(at).date())
                        for at, reg in rows))


def fit_range(*, programme: Programme, rooms: int) -> tuple[int, int]:
    """Persons a flat of ``rooms`` rooms suits under the programme's rules (data); without a
    rule: rooms to 2 × rooms + 1."""
    rule = FitRule.objects.filter(programme=programme, rooms=rooms).first()
    if rule is None:
        return max(rooms, 1), rooms * 2 + 1
    return rule.min_persons, rule.max_persons


# --------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------

OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.INCOMPLETE,
                 ApplicationStatus.REGISTERED, ApplicationStatus.SUSPENDED)


def applications_of(*, contact_point: ContactPoint) -> QuerySet[Application]:
    return (Application.objects.filter(contact_point=contact_point)
            .select_related("programme", "housing_situation"))


def application_get(*, contact_point: ContactPoint, application_id) -> Application:
    try:
        return (applications_of(contact_point=contact_point)
                .select_related("client", "rule_set", "programme__municipality")
                .get(uuid=_uuid(application_id)))
    except Application.DoesNotExist:
        raise Http404 from None


def application_list(*, contact_point: ContactPoint, status: str = "", programme=None,
                     q: str = "") -> QuerySet[Application]:
    qs = applications_of(contact_point=contact_point)
    if status:
        qs = qs.filter(status=status)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(last_name__icontains=q)
                       | Q(first_name__icontains=q))
    return qs.order_by("-created_at", "-pk")


def members_of(application: Application) -> list[ApplicationMember]:
    return list(application.members.all())


def waiting_list(*, programme: Programme, rooms: int | None = None,
                 barrier_free: bool | None = None) -> QuerySet[Application]:
    """Registered, not excluded applications by score, ties by registration date.

    ``rooms``: only households a flat of so many rooms fits (the programme's size rules);
    ``barrier_free``: only those who need (True) or do not need (False) barrier-free access.
    """
    qs = (Application.objects.filter(programme=programme, status=ApplicationStatus.REGISTERED,
                                     excluded=False)
          .select_related("housing_situation")
          .order_by("-score", "registered_on", "pk"))
    if rooms is not None:
        low, high = fit_range(programme=programme, rooms=rooms)
        qs = qs.filter(persons__gte=low, persons__lte=high)
    if barrier_free is not None:
        qs = qs.filter(barrier_free_needed=barrier_free)
    return qs


def waiting_position(*, application: Application) -> int | None:
    """1-based place on the programme's waiting list; None when not on it."""
    if application.status != ApplicationStatus.REGISTERED or application.excluded:
        return None
    ahead = Application.objects.filter(
        programme_id=application.programme_id, status=ApplicationStatus.REGISTERED,
        excluded=False).filter(
        Q(score__gt=application.score)
        | Q(score=application.score, registered_on__lt=application.registered_on)
        | Q(score=application.score, registered_on=application.registered_on,
            pk__lt=application.pk)).count()
    return ahead + 1


def waiting_counts(*, programme: Programme) -> int:
    return waiting_list(programme=programme).count()


def dashboard_urgent_no_contact(*, contact_point: ContactPoint, days: int = 60,
                                limit: int = 10) -> QuerySet[Application]:
    """Registered applicants in the most urgent situations (ETHOS 1–4 first, then the
    highest scores) with no contact in ``days`` days: the office reaches out to them."""
    since = timezone.now() - timedelta(days=days)
    urgent = ("1", "2", "3", "4")
    return (Application.objects.filter(contact_point=contact_point,
                                       status=ApplicationStatus.REGISTERED,
                                       housing_situation__ethos_category__in=urgent)
            .filter(Q(last_contact_at__lt=since) | Q(last_contact_at__isnull=True))
            .select_related("programme", "housing_situation")
            .order_by("housing_situation__ethos_category", "-score", "registered_on")[:limit])


# --------------------------------------------------------------------------------------
# Offers
# --------------------------------------------------------------------------------------

def _offer_qs() -> QuerySet[Offer]:
    return Offer.objects.select_related("flat__municipality", "flat__municipality_part",
                                        "programme__municipality", "contact_point")


def offers_of(*, contact_point: ContactPoint, status: str = "") -> QuerySet[Offer]:
    qs = _offer_qs().filter(contact_point=contact_point).annotate(
        interested=Count("interests", filter=Q(interests__withdrawn_at__isnull=True))).order_by(
        "-created_at", "-pk")
    return qs.filter(status=status) if status else qs


def offer_get(*, contact_point: ContactPoint, offer_id) -> Offer:
    try:
        return _offer_qs().filter(contact_point=contact_point).get(uuid=_uuid(offer_id))
    except Offer.DoesNotExist:
        raise Http404 from None


def public_offers(*, municipality=None, programme=None) -> QuerySet[Offer]:
    """Offers open for interest now (window not closed), with their flats' photos."""
    qs = (_offer_qs().filter(status=OfferStatus.OPEN, closes_at__gt=timezone.now(),
                             contact_point__active=True)
          .prefetch_related(Prefetch("flat__photos", queryset=FlatPhoto.objects.order_by(
              "created_at", "pk")))
          .order_by("closes_at", "pk"))
    if municipality is not None:
        qs = qs.filter(flat__municipality=municipality)
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs


#: offers the portal shows (with their flats' photos)
PUBLIC_STATES = (OfferStatus.OPEN, OfferStatus.ALLOCATING, OfferStatus.LET)


def public_offer_get(offer_id) -> Offer:
    """An offer the portal may show: open, being allocated or let (then with its
    anonymised result); 404 for drafts and cancelled offers."""
    try:
        return (_offer_qs().filter(status__in=PUBLIC_STATES, contact_point__active=True)
                .prefetch_related(Prefetch("flat__photos",
                                           queryset=FlatPhoto.objects.order_by("created_at",
                                                                               "pk")))
                .get(uuid=_uuid(offer_id)))
    except Offer.DoesNotExist:
        raise Http404 from None


def public_photo_get(photo_id) -> FlatPhoto:
    """A photo of a flat that is, or was, offered on the portal (open, being allocated or
    let), else 404."""
    found = (FlatPhoto.objects.filter(uuid=_uuid(photo_id),
                                      flat__municipal_offers__status__in=PUBLIC_STATES,
                                      flat__municipal_offers__contact_point__active=True)
             .only("uuid", "image", "width").first())
    if found is None:
        raise Http404
    return found


def public_results(*, municipality=None, limit: int = 50) -> QuerySet[Offer]:
    """Let offers with their anonymised results, newest first."""
    qs = _offer_qs().filter(status=OfferStatus.LET).order_by("-let_at", "-pk")
    if municipality is not None:
        qs = qs.filter(flat__municipality=municipality)
    return qs[:limit]


def offer_result_public(offer: Offer) -> dict | None:
    """The anonymised result of a let offer: ``{"persons", "points", "registered_since"
    (date, first of the month), "interested", "refusals", "let_on"}``; None otherwise."""
    if offer.status != OfferStatus.LET or not offer.result:
        return None
    r = offer.result
    return {"persons": r["persons"], "points": r["points"],
            "registered_since": date.fromisoformat(r["registered_since"] + "-01"),
            "interested": r["interested"], "refusals": r.get("refusals", 0),
            "let_on": date.fromisoformat(r["let_on"])}


def interested_ranked(*, offer: Offer) -> list[Application]:
    """Interested applicants (interest not withdrawn) ranked by their current score, ties by
    registration date; each carries ``persons`` and its allocation (``allocation``) if any."""
    apps = list(Application.objects.filter(interests__offer=offer,
                                           interests__withdrawn_at__isnull=True)
                .select_related("housing_situation")
                .order_by("-score", "registered_on", "pk"))
    allocations = {a.application_id: a for a in Allocation.objects.filter(offer=offer)
                   .select_related("decided_by")}
    for rank, app in enumerate(apps, start=1):
        app.rank = rank
        app.allocation = allocations.get(app.pk)
        app.eligible_now = app.status == ApplicationStatus.REGISTERED and not app.excluded
    return apps


def open_allocation(*, offer: Offer) -> Allocation | None:
    return (Allocation.objects.filter(offer=offer, outcome=DecisionOutcome.OFFERED)
            .select_related("application").first())


def flat_is_municipal(flat: Flat) -> bool:
    from kmb.housing.models import OwnerKind

    return flat.landlord.kind == OwnerKind.MUNICIPALITY


# --------------------------------------------------------------------------------------
# The applicant's own view (portal)
# --------------------------------------------------------------------------------------

def applicant_interests(*, application: Application) -> QuerySet[Interest]:
    return (Interest.objects.filter(application=application, withdrawn_at__isnull=True)
            .select_related("offer__flat__municipality").order_by("created_at"))


def applicant_active_interest_count(*, application: Application) -> int:
    return Interest.objects.filter(application=application, withdrawn_at__isnull=True,
                                   offer__status=OfferStatus.OPEN).count()


def household_size(application: Application) -> int:
    return application.persons


def interest_problem(*, application: Application | None, offer: Offer) -> str:
    """Why this applicant cannot express interest in this offer now (empty: they can)."""
    from django.utils.translation import gettext as _

    if application is None:
        return _("Sign in with the link from your e-mail to express interest.")
    if not offer.window_open:
        return _("The time for expressing interest in this flat has ended.")
    if application.status != ApplicationStatus.REGISTERED:
        return _("Only registered applicants can express interest; your application is "
                 "“%(status)s”.") % {"status": application.get_status_display()}
    if application.programme_id != offer.programme_id:
        return _("This flat is let in another programme than the one you are registered in.")
    if application.excluded:
        return _("Your application is excluded from the waiting list at the moment.")
    persons = household_size(application)
    if persons < offer.min_persons or persons > offer.max_persons:
        return _("The flat is for a household of %(low)s to %(high)s persons; yours has "
                 "%(persons)s.") % {"low": offer.min_persons, "high": offer.max_persons,
                                    "persons": persons}
    if offer.flat.barrier_free is False and application.barrier_free_needed:
        return _("The flat is not barrier-free, which your household needs.")
    already = Interest.objects.filter(offer=offer, application=application,
                                      withdrawn_at__isnull=True).exists()
    if already:
        return _("You have already expressed interest in this flat.")
    if applicant_active_interest_count(application=application) >= \
            settings.KMB_LETTINGS_MAX_INTERESTS:
        return _("You can be interested in at most %(n)s flats at a time. Withdraw interest "
                 "in another flat first.") % {"n": settings.KMB_LETTINGS_MAX_INTERESTS}
    return ""


def applicant_has_interest(*, application: Application | None, offer: Offer) -> bool:
    if application is None:
        return False
    return Interest.objects.filter(offer=offer, application=application,
                                   withdrawn_at__isnull=True).exists()
