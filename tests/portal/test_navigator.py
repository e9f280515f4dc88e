"""The navigator's rules: which steps are asked, what to do and how urgently."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from kmb.portal.navigator import (
    ADVICE_ORDER,
    CHOICES,
    STEPS,
    Answers,
    IncomeLimits,
    Urgency,
    applies,
    household_living_minimum,
    next_step,
    plan_for,
    previous_step,
    register_outlook,
)

TONIGHT, WEEK, SOON = Urgency.TONIGHT, Urgency.WEEK, Urgency.SOON


def _plan(query: str):
    return plan_for(Answers.from_query(QueryDict(query)))


def _items(plan) -> list[tuple[str, Urgency]]:
    return [(item.key, item.urgency) for item in plan.items]


def test_eviction_notice_within_a_month_is_for_this_week():
    plan = _plan("housing=rented&threat=notice&when=month&municipality=554782"
                 "&district=500186&household=children&income=under_20k&benefits=no")
    assert _items(plan) == [
        ("contact_point", WEEK), ("notice_lease", WEEK),
        ("children", SOON), ("looking", SOON), ("register", SOON),
    ]
    assert plan.benefits == ("dssp",)
    assert plan.documents == ("id", "lease", "notice", "income")
    assert plan.topics == ("notice_to_quit", "benefits")
    assert "legal_counselling" in plan.service_categories


def test_nowhere_to_sleep_puts_a_bed_for_tonight_first():
    answers = Answers.from_query(QueryDict("housing=none&municipality=582786&income=none"))
    plan = plan_for(answers)
    assert _items(plan)[:2] == [("emergency_night", TONIGHT), ("contact_point", TONIGHT)]
    assert ("looking", SOON) in _items(plan)
    assert "mop" in plan.benefits and "dssp" in plan.benefits
    assert "crisis" in plan.topics
    assert {"night_shelter", "shelter", "food_bank"} <= set(plan.service_categories)
    # nobody on the street is asked what threatens them or by when
    assert not applies("threat", answers) and not applies("when", answers)
    assert next_step("housing", answers) == "municipality"
    assert previous_step("municipality", answers) == "housing"


def test_debts_without_a_risk_to_the_home_can_wait_a_little():
    plan = _plan("housing=rented&threat=debts&when=no_risk&municipality=563889"
                 "&household=partner&income=under_35k")
    assert _items(plan) == [("contact_point", SOON), ("debts", SOON)]
    assert "debts" in plan.documents
    assert plan.topics[0] == "debts_enforcement"
    assert plan.service_categories == ("debt_counselling", "insolvency")


def test_debts_with_arrears_and_an_eviction_soon_become_urgent():
    plan = _plan("housing=rented&threat=debts&threat=arrears&when=week")
    assert _items(plan)[:3] == [("contact_point", WEEK), ("arrears_lease", WEEK),
                                ("debts", WEEK)]


def test_violence_comes_first_tonight_even_before_the_deadlines():
    plan = _plan("housing=rented&threat=violence&threat=notice&when=now&household=children")
    assert _items(plan)[:4] == [("emergency_night", TONIGHT), ("danger", TONIGHT),
                                ("contact_point", TONIGHT), ("notice_lease", TONIGHT)]
    assert ("children", TONIGHT) in _items(plan)


def test_leaving_an_institution_is_planned_by_the_date():
    plan = _plan("housing=institution&when=quarter")
    assert ("must_leave", SOON) in _items(plan)
    assert "leaving_institution" in plan.topics


def test_nothing_in_particular_gets_a_general_answer():
    plan = _plan("housing=owner&threat=other&when=no_risk&income=over_35k")
    assert _items(plan) == [("contact_point", SOON), ("other", SOON)]
    assert plan.benefits == () and plan.documents == ("id",)


def test_unknown_and_malicious_values_are_dropped_never_an_error():
    answers = Answers.from_query(QueryDict(
        "housing=palace&threat=notice&threat=<script>&when=&municipality=55478x"
        "&district=500186;drop&household=alone&household=alone&income=1e9"))
    assert answers == Answers(threat=("notice",), household=("alone",))
    assert Answers.from_query(QueryDict("district=unknown")).district == "unknown"
    assert Answers.from_query(QueryDict("municipality=12345678901")).municipality == ""


def test_answers_survive_the_round_trip_through_the_query_string():
    answers = Answers.from_query(QueryDict(
        "housing=rented&threat=notice&threat=arrears&when=week&municipality=554782"
        "&district=500186&household=partner&household=children&income=under_20k"
        "&benefits=no"))
    assert Answers.from_query(QueryDict(answers.query())) == answers
    assert "name" not in answers.query() and "phone" not in answers.query()


def test_steps_are_at_most_eight_and_the_order_skips_what_does_not_apply():
    assert len(STEPS) <= 8
    answers = Answers(housing="rented")
    walked, step = [], STEPS[0]
    while step:
        walked.append(step)
        step = next_step(step, answers)
    assert walked == list(STEPS)


@given(
    housing=st.sampled_from(("",) + CHOICES["housing"]),
    threat=st.sets(st.sampled_from(CHOICES["threat"])),
    when=st.sampled_from(("",) + CHOICES["when"]),
    household=st.sets(st.sampled_from(CHOICES["household"])),
    income=st.sampled_from(("",) + CHOICES["income"]),
    benefits=st.sampled_from(("",) + CHOICES["benefits"]),
)
def test_every_plan_is_ordered_by_urgency_and_names_the_contact_point(
        housing, threat, when, household, income, benefits):
    answers = Answers(housing=housing, threat=tuple(sorted(threat)), when=when,
                      household=tuple(sorted(household)), income=income, benefits=benefits)
    plan = plan_for(answers)
    keys = [(item.urgency, ADVICE_ORDER.index(item.key)) for item in plan.items]
    assert keys == sorted(keys)
    assert len({item.key for item in plan.items}) == len(plan.items)
    assert "contact_point" in {item.key for item in plan.items}
    assert plan.documents[0] == "id"
    if answers.effective_when == "now":
        assert plan.items[0].key == "emergency_night"


# --------------------------------------------------------------------------------------
# notice-to-quit advice by the housing answer
# --------------------------------------------------------------------------------------

NOTICE_KEYS = {"notice", "notice_lease", "notice_hostel", "notice_family", "notice_owner"}


@pytest.mark.parametrize(("housing", "expected"), [
    ("rented", "notice_lease"),        # OZ § 2286–2291: written, 3 months, court in 2 months
    ("hostel", "notice_hostel"),       # OZ § 2326 ff.: an accommodation contract, no lease
    ("family", "notice_family"),       # no contract: no notice period
    ("owner", "notice_owner"),         # no notice at all: enforcement, a forced sale
    ("shelter", "notice"),             # the general text: the rules depend on the contract
    ("", "notice"),
])
def test_a_notice_gets_the_advice_of_the_housing(housing, expected):
    plan = _plan(f"housing={housing}&threat=notice&when=month")
    assert set(plan.keys) & NOTICE_KEYS == {expected}
    assert ("contact_point", WEEK) in _items(plan)


def test_a_hostel_never_gets_the_tenants_notice_rules():
    for threat in ("notice", "must_leave", "arrears"):
        plan = _plan(f"housing=hostel&threat={threat}&when=week")
        assert "notice_hostel" in plan.keys, threat
        assert not {"notice_lease", "arrears_lease"} & set(plan.keys), threat


def test_arrears_of_a_tenant_repeat_the_lease_rules_others_get_the_general_text():
    assert "arrears_lease" in _plan("housing=rented&threat=arrears").keys
    for housing in ("hostel", "family", "owner", "shelter"):
        plan = _plan(f"housing={housing}&threat=arrears")
        assert "arrears" in plan.keys and "arrears_lease" not in plan.keys, housing
    plan = _plan("housing=rented&threat=arrears")
    assert {"foundation_funds", "debt_counselling"} <= set(plan.service_categories)


def test_an_owner_with_debts_learns_about_a_forced_sale_but_not_without_a_threat():
    plan = _plan("housing=owner&threat=debts&when=quarter")
    assert "notice_owner" in plan.keys and "debts" in plan.keys
    assert "notice_owner" not in _plan("housing=owner&threat=unfit").keys
    assert "notice_family" in _plan("housing=family&threat=must_leave").keys


# --------------------------------------------------------------------------------------
# the housing-support register: an income limit from the household's living minimum
# --------------------------------------------------------------------------------------

LIMITS = IncomeLimits(multiple=Decimal("1.43"), single=Decimal(5500),
                      first_adult=Decimal(5000), further_adult=Decimal(3750),
                      child_lowest=Decimal(2480))


def _outlook(query: str):
    return register_outlook(Answers.from_query(QueryDict(query)), LIMITS)


def test_the_living_minimum_of_the_household_as_answered():
    assert household_living_minimum(("alone",), LIMITS) == (Decimal(5500), True)
    assert household_living_minimum(("partner",), LIMITS) == (Decimal(8750), True)
    # children: at least one, so the minimum is a floor, not exact
    assert household_living_minimum(("partner", "children"), LIMITS) == (Decimal(11230),
                                                                         False)
    assert household_living_minimum((), LIMITS) == (Decimal(5500), False)


def test_a_person_alone_earning_15000_is_not_offered_the_register():
    """1.43 × 5 500 = 7 865 Kč: the whole band 10–20 000 Kč is above the limit."""
    outlook = _outlook("household=alone&income=under_20k")
    assert (outlook.status, outlook.limit, outlook.exact) == ("unlikely", Decimal(7865), True)
    plan = plan_for(Answers.from_query(QueryDict(
        "housing=hostel&threat=must_leave&household=alone&income=under_20k")), LIMITS)
    assert "register" not in plan.keys and plan.register is None


def test_a_family_with_the_same_band_may_be_within_the_limit():
    outlook = _outlook("household=partner&household=children&income=under_20k")
    assert outlook.status == "possible" and not outlook.exact
    assert outlook.limit == Decimal(16059)  # at least: 1.43 × (5 000 + 3 750 + 2 480)
    plan = plan_for(Answers.from_query(QueryDict(
        "housing=rented&threat=notice&household=partner&household=children"
        "&income=under_20k")), LIMITS)
    assert "register" in plan.keys and plan.register == outlook


def test_over_35000_is_not_excluded_whatever_the_household():
    # a couple is known exactly: 1.43 × 8 750 = 12 513 Kč, far below 35 000 Kč
    assert _outlook("household=partner&income=over_35k").status == "unlikely"
    # a household with children and other adults may be large enough
    assert _outlook("household=children&household=other_adults&income=over_35k").status == (
        "possible")


def test_almost_no_income_is_within_the_limit_and_unknown_income_may_be():
    assert _outlook("household=alone&income=none").status == "likely"
    assert _outlook("household=alone&income=unknown").status == "possible"
    assert _outlook("household=alone").status == "possible"


def test_the_multiple_is_a_parameter_not_a_constant():
    doubled = IncomeLimits(multiple=Decimal(2), single=Decimal(5500),
                           first_adult=Decimal(5000), further_adult=Decimal(3750),
                           child_lowest=Decimal(2480))
    answers = Answers.from_query(QueryDict("household=alone&income=under_10k"))
    assert register_outlook(answers, LIMITS).status == "possible"
    assert register_outlook(answers, doubled).status == "likely"  # 11 000 ≥ 10 000


def test_without_parameters_the_register_is_offered_with_its_conditions():
    plan = plan_for(Answers.from_query(QueryDict(
        "housing=hostel&household=alone&income=over_35k")))
    assert "register" in plan.keys and plan.register is None
