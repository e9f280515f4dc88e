"""The navigator's rules: which steps are asked, what to do and how urgently."""

from __future__ import annotations

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from kmb.portal.navigator import (
    ADVICE_ORDER,
    CHOICES,
    STEPS,
    Answers,
    Urgency,
    applies,
    next_step,
    plan_for,
    previous_step,
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
        ("contact_point", WEEK), ("notice", WEEK),
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
    assert _items(plan)[:3] == [("contact_point", WEEK), ("arrears", WEEK), ("debts", WEEK)]


def test_violence_comes_first_tonight_even_before_the_deadlines():
    plan = _plan("housing=rented&threat=violence&threat=notice&when=now&household=children")
    assert _items(plan)[:4] == [("emergency_night", TONIGHT), ("danger", TONIGHT),
                                ("contact_point", TONIGHT), ("notice", TONIGHT)]
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
