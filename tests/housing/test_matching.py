"""The matching rules as data and their plain-language explanations (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from kmb.housing import matching

TODAY = date(2026, 12, 1)
RULES = matching.rules_on(TODAY)
TABLE = [[2000, 0], [10000, 2800], [16000, 8000], [20000, 11000], [40000, 20000]]


def flat(**kw) -> matching.FlatFacts:
    values = dict(id=1, rooms=2, layout="2+1", area=58.0, rent=11400, cost=15400,
                  barrier_free=False, pets_allowed=False, available_from=TODAY,
                  municipality_id=10, municipality_name="Most", district_id=5)
    values.update(kw)
    return matching.FlatFacts(**values)


def needs(**kw) -> matching.NeedsFacts:
    values = dict(id=7, client_id=70, persons=3, barrier_free_needed=False, has_pets=False,
                  earliest_move_in=TODAY, housing_loss_date=TODAY + timedelta(days=20),
                  consent=True, income=24000, affordability=TABLE,
                  municipality_ids=frozenset(), district_ids=frozenset(),
                  waiting_since=TODAY - timedelta(days=100))
    values.update(kw)
    return matching.NeedsFacts(**values)


def codes(match) -> dict[str, bool]:
    return {code: ok for code, ok, _v in match.items}


def test_rules_are_versioned_data_with_a_valid_from_date():
    assert RULES.version >= 1 and RULES.valid_from <= TODAY
    assert "max_own_share_of_income" in RULES.text
    assert matching.rules_version(RULES.version) is RULES


def test_housing_component_is_interpolated_in_the_dssp_table():
    assert matching.housing_component(TABLE, 15400) == 7480
    assert matching.housing_component(TABLE, 1000) == 0
    assert matching.housing_component(TABLE, 99999) == 20000
    assert matching.housing_component([], 5000) is None


def test_a_fitting_flat_is_eligible_and_explained_in_plain_language():
    match = matching.evaluate(RULES, flat(), needs(), TODAY)
    assert match.eligible
    with translation.override("en"):
        texts = [i["text"] for i in match.explanation()]
    assert "fits: 3 persons in 2+1, 58 m²" in texts
    assert any(t.startswith("affordable: rent 11,400\u00a0CZK") and
               "estimated housing component of 7,480\u00a0CZK" in t for t in texts), texts


def test_explanation_in_czech_formats():
    match = matching.evaluate(RULES, flat(), needs(), TODAY)
    with translation.override("cs"):
        text = next(i["text"] for i in match.explanation() if i["code"] == "afford_ok")
    assert "11\u00a0400\u00a0Kč" in text


@pytest.mark.parametrize(("flat_kw", "needs_kw", "failing"), [
    ({"rooms": 1, "layout": "1+kk", "area": 25.0}, {"persons": 3}, "size_small"),
    ({"rooms": 4, "layout": "4+1", "area": 90.0}, {"persons": 1}, "size_large"),
    ({}, {"barrier_free_needed": True}, "barrier_missing"),
    ({}, {"has_pets": True}, "pets_refused"),
    ({"rent": 30000, "cost": 34000}, {}, "afford_no"),
    ({}, {"affordability": []}, "afford_unknown"),
    ({"available_from": TODAY + timedelta(days=200)}, {}, "dates_late"),
    ({}, {"consent": False}, "consent_missing"),
])
def test_each_hard_criterion_filters(flat_kw, needs_kw, failing):
    match = matching.evaluate(RULES, flat(**flat_kw), needs(**needs_kw), TODAY)
    assert not match.eligible
    assert codes(match)[failing] is False


def test_soft_criteria_order_by_urgency_location_and_waiting():
    urgent = needs(id=1, client_id=1, housing_loss_date=TODAY + timedelta(days=10))
    later = needs(id=2, client_id=2, housing_loss_date=TODAY + timedelta(days=200))
    local = needs(id=3, client_id=3, housing_loss_date=TODAY + timedelta(days=200),
                  municipality_ids=frozenset({10}))
    ranked = matching.rank(RULES, [(flat(), n) for n in (later, urgent, local)], TODAY)
    assert [m.client_id for m in ranked] == [1, 3, 2]
    with translation.override("en"):
        texts = [i["text"] for i in ranked[1].explanation()]
    assert "location: Most is a preferred municipality (30 points)" in texts


def test_rank_leaves_out_the_ineligible_unless_asked():
    bad = needs(id=9, client_id=9, consent=False)
    assert matching.rank(RULES, [(flat(), bad)], TODAY) == []
    assert len(matching.rank(RULES, [(flat(), bad)], TODAY, only_eligible=False)) == 1


def test_stored_explanation_renders_again_in_another_language():
    match = matching.evaluate(RULES, flat(), needs(), TODAY)
    stored = matching.explanation_json(match)
    with translation.override("en"):
        again = matching.explanation_from_json(stored)
    assert again[0]["text"] == "fits: 3 persons in 2+1, 58 m²"
