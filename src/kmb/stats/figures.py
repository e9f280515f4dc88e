"""The figures a city asks for: what each counts and from which events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Figure:
    code: str
    label: object
    definition: object
    person: bool = False  # distinct people: quarters and years are their own rows
    average_of: tuple[str, str] | None = None  # (sum figure, count figure)
    # a stock at the end of the period: the running total of (inflow, outflow) figures
    # since the first event, never stored (see selectors.load)
    stock_of: tuple[str, str] | None = None


@dataclass(frozen=True)
class Breakdown:
    code: str
    label: object
    definition: object
    person: bool = False
    labels: Callable[[], dict[str, str]] = field(default=lambda: {})


def _ethos_labels() -> dict[str, str]:
    from kmb.cases.models import EthosCategory
    return {value: str(label) for value, label in EthosCategory.choices}


def _situation_labels() -> dict[str, str]:
    from kmb.cases.models import HousingSituation
    return {s.code: s.label for s in HousingSituation.objects.all()}


def _channel_labels() -> dict[str, str]:
    from kmb.cases.models import Channel
    return {value: str(label) for value, label in Channel.choices}


def _topic_labels() -> dict[str, str]:
    from kmb.cases.models import Topic
    return {t.code: t.label for t in Topic.objects.all()}


def _aid_labels() -> dict[str, str]:
    from kmb.cases.models import MaterialAidKind
    return {k.code: k.label for k in MaterialAidKind.objects.all()}


def _municipality_labels() -> dict[str, str]:
    return {}  # filled for the codes present (see selectors)


def _outcome_labels() -> dict[str, str]:
    from kmb.network.models import ReferralStatus
    labels = {value: str(label) for value, label in ReferralStatus.choices}
    labels["accepted"] = str(_("accepted (incl. appointment set, in progress)"))
    return labels


def _category_labels() -> dict[str, str]:
    from kmb.network.models import TaxonomyTerm
    return {code: name for code, name in TaxonomyTerm.objects.values_list("code", "name")}


def _proposal_labels() -> dict[str, str]:
    from kmb.housing.models import ProposalStatus
    return {value: str(label) for value, label in ProposalStatus.choices}


def _leaving_labels() -> dict[str, str]:
    return {"housed": str(_("a flat let (housed)")),
            "removed": str(_("removed by the office")),
            "lapsed": str(_("registration lapsed without renewal")),
            "incomplete": str(_("returned to completing the documents"))}


def _followup_labels() -> dict[str, str]:
    from kmb.housing.models import FollowUpOutcome
    return {value: str(label) for value, label in FollowUpOutcome.choices}


FIGURES: tuple[Figure, ...] = (
    Figure("persons", _("People advised"), _(
        "Distinct identified clients with at least one consultation in the period "
        "(event ‘consultation recorded’). Merged client records count as one person."),
        person=True),
    Figure("persons_new", _("of them new"), _(
        "People advised whose first consultation at the office falls in the period."),
        person=True),
    Figure("persons_returning", _("of them returning"), _(
        "People advised who had a consultation at the office before the period."),
        person=True),
    Figure("consultations_anonymous", _("Anonymous consultations"), _(
        "Consultations without an identified client. Anonymous people cannot be told "
        "apart, so they are counted by their consultations, not as people.")),
    Figure("households", _("Households"), _(
        "Distinct households of the people advised (a person without a recorded "
        "household is a household of one)."), person=True),
    Figure("household_members", _("Persons in these households"), _(
        "Sum of the household sizes recorded at the latest consultation in the period."),
        person=True),
    Figure("persons_at_risk", _("People at risk of losing housing"), _(
        "People advised whose consultation in the period recorded housing at risk "
        "(losing housing within 3 months)."), person=True),
    Figure("losses_prevented", _("of them: loss of housing prevented"), _(
        "People at risk of losing housing in the period (each counted once, in the period "
        "of their first at-risk consultation there) whose later consultations at the same "
        "office within 3 months of it record them still in a home (ETHOS ‘insecure’, "
        "‘overcrowded or poor-condition’ or ‘housed’, the risk still being dealt with, or "
        "the same accommodation as before) and none records them homeless. Final 3 months "
        "after the at-risk consultation: until then a later record can still move the "
        "person to ‘housing lost’."), person=True),
    Figure("losses_happened", _("of them: housing lost"), _(
        "People at risk of losing housing in the period whose consultation at the same "
        "office within 3 months of their first at-risk consultation in the period records "
        "them homeless: ETHOS Light 1–6 (living rough, emergency or homeless "
        "accommodation, an institution with nowhere to go, a non-conventional dwelling, "
        "temporarily with family or friends); for people already in one of these at the "
        "at-risk consultation, a different one."), person=True),
    Figure("losses_unknown", _("of them: outcome not known"), _(
        "People at risk of losing housing in the period with no later consultation at the "
        "same office within 3 months that records their housing situation. For the "
        "periods of the last 3 months this includes people whose outcome is not known "
        "yet. Prevented, lost and not known add up to the people at risk."), person=True),
    Figure("consultations", _("Consultations"), _(
        "All consultations recorded in the period, anonymous ones included.")),
    Figure("minutes", _("Time spent (minutes)"), _(
        "Sum of the durations of the consultations in the period.")),
    Figure("referrals", _("Referrals made"), _("Events ‘referral made’ in the period.")),
    Figure("referral_response_days", _("Partner response time (days, average)"), _(
        "Average number of days from sending a referral to the partner's acceptance or "
        "refusal, for the answers given in the period."),
        average_of=("referral_response_days", "referral_responses")),
    Figure("estimates", _("Benefit estimates made"), _(
        "Events ‘benefit estimate made’ in the period.")),
    Figure("estimates_entitled", _("of them with an entitlement"), _(
        "Estimates with a housing-support benefit (DSSP) above zero.")),
    Figure("dssp_total", _("Estimated DSSP a month in total (CZK)"), _(
        "Sum of the monthly DSSP of the estimates with an entitlement made in the period.")),
    Figure("dssp_average", _("Estimated DSSP a month per household (CZK)"), _(
        "Estimated DSSP in total divided by the estimates with an entitlement."),
        average_of=("dssp_total", "estimates_entitled")),
    Figure("flats_offered", _("Flats offered"), _(
        "Flats registered in the housing supply in the period.")),
    Figure("leases_signed", _("Leases signed"), _("Events ‘lease signed’ in the period.")),
    Figure("applicants_added", _("Households added to the list of applicants"), _(
        "Events ‘household looking for a flat’ in the period.")),
    Figure("lettings_entered", _("Applications for a municipal flat put on the waiting "
                                 "list"), _(
        "Applications for a municipal flat registered in the period (events ‘municipal "
        "flat application’ to the status registered from submitted or incomplete; again "
        "after a return to completing the documents). Reinstating a suspended "
        "application is not counted: it stayed on the list.")),
    Figure("lettings_left", _("Applications that left the waiting list"), _(
        "Applications that went from registered or suspended to another status in the "
        "period: a flat let, removed by the office, registration lapsed without renewal, "
        "or returned to completing the documents.")),
    Figure("lettings_stock", _("Applications on the waiting list at the end of the "
                               "period"), _(
        "Applications registered or suspended at the end of the period (for the current "
        "period: now), counted as all applications put on the list up to then minus all "
        "that left it — the state at the end, not a sum of the months. An application is "
        "one household in one programme: a household applying in two programmes counts "
        "in each."), stock_of=("lettings_entered", "lettings_left")),
    Figure("material_aid_value", _("Material aid value (CZK)"), _(
        "Sum of the recorded value of material aid handed out or arranged.")),
    Figure("appointments_booked", _("Appointments booked"), _(
        "Events ‘appointment booked’ in the period, by staff or by residents on the portal.")),
    Figure("appointments_attended", _("Appointments attended"), _(
        "Appointments marked as attended in the period.")),
    Figure("appointments_no_show", _("Appointments not attended (no-shows)"), _(
        "Appointments marked as not attended in the period: the person did not come "
        "and did not cancel.")),
)

BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown("persons_by_ethos", _("People by ETHOS Light category (now)"), _(
        "People advised by the ETHOS Light category of their housing situation at their "
        "latest consultation in the period."), person=True, labels=_ethos_labels),
    Breakdown("persons_by_ethos_first", _("New people by ETHOS Light category at first "
                                          "contact"), _(
        "New people by the ETHOS Light category recorded at their first consultation."),
        person=True, labels=_ethos_labels),
    Breakdown("persons_by_situation", _("People by housing situation (our code list, now)"),
              _("People advised by the housing situation recorded at their latest "
                "consultation in the period."), person=True, labels=_situation_labels),
    Breakdown("persons_by_municipality", _("People by municipality of residence"), _(
        "People advised by the municipality of residence recorded at their latest "
        "consultation in the period."), person=True, labels=_municipality_labels),
    Breakdown("consultations_by_channel", _("Consultations by channel"), _(
        "Consultations in the period by the way they took place."), labels=_channel_labels),
    Breakdown("consultations_by_topic", _("Consultations by topic"), _(
        "Consultations by topic; one consultation can have several topics."),
        labels=_topic_labels),
    Breakdown("referrals_by_category", _("Referrals by category of service"), _(
        "Referrals made, by the category of the partner's service; a service in several "
        "categories counts in each."), labels=_category_labels),
    Breakdown("referral_outcomes", _("Referral outcomes"), _(
        "Partners' answers and outcomes recorded in the period, and referrals that "
        "expired unanswered."), labels=_outcome_labels),
    Breakdown("proposals", _("Flat proposals by state"), _(
        "Proposals of flats to households and their changes of state in the period."),
        labels=_proposal_labels),
    Breakdown("followups_12", _("Sustainment at 12 months"), _(
        "Outcomes of the 12-month follow-ups of tenancies recorded in the period."),
        labels=_followup_labels),
    Breakdown("lettings_left_by_reason", _("Applications leaving the waiting list by "
                                           "reason"), _(
        "Applications for a municipal flat that left the waiting list in the period, by "
        "why: a flat let to the household, removed by the office, registration lapsed "
        "without renewal (taken off by the daily job), returned to completing the "
        "documents."), labels=_leaving_labels),
    Breakdown("material_aid", _("Material aid given by kind"), _(
        "Events ‘material aid handed out or arranged’ by kind of aid."), labels=_aid_labels),
)

FIGURE_BY_CODE = {f.code: f for f in FIGURES}
BREAKDOWN_BY_CODE = {b.code: b for b in BREAKDOWNS}
PERSON_CODES = {f.code for f in FIGURES if f.person} | {b.code for b in BREAKDOWNS if b.person}
STOCK_FIGURES = tuple(f for f in FIGURES if f.stock_of)
