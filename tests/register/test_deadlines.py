"""The deadline engine: a hand-checked calendar and properties over thousands of dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kmb.register import deadlines as dl
from kmb.register.deadlines import Suspension

D = date

# (event day, days, expected last day, why) — checked by hand against a printed calendar.
HAND_CHECKED = [
    (D(2023, 10, 13), 15, D(2023, 10, 30), "28 Oct 2023 is a Saturday: Sat, Sun → Monday"),
    (D(2029, 9, 28), 30, D(2029, 10, 29), "28 Oct 2029 is a Sunday and a holiday → Monday"),
    (D(2024, 10, 11), 15, D(2024, 10, 29), "Sat 26 Oct, Sun, Mon 28 Oct holiday → Tuesday"),
    (D(2026, 3, 19), 15, D(2026, 4, 7), "Good Friday 3 Apr 2026 to Easter Monday → Tue 7 Apr"),
    (D(2024, 3, 14), 15, D(2024, 4, 2), "Good Friday 29 Mar 2024 to Easter Monday 1 Apr"),
    (D(2022, 12, 9), 15, D(2022, 12, 27), "24 Dec 2022 Sat, 25 Sun, 26 Mon holiday → Tue 27"),
    (D(2023, 11, 24), 30, D(2023, 12, 27), "24 Dec 2023 Sun, 25 and 26 holidays → Wed 27"),
    (D(2026, 12, 9), 15, D(2026, 12, 28), "24–26 Dec 2026 holidays, 27 Sunday → Mon 28"),
    (D(2026, 12, 2), 30, D(2027, 1, 4), "1 Jan 2027 Friday holiday → Monday 4 Jan"),
    (D(2026, 9, 1), 60, D(2026, 11, 2), "extended decision: Sat 31 Oct 2026 → Mon 2 Nov"),
    (D(2026, 12, 1), 30, D(2026, 12, 31), "Thursday 31 Dec 2026 is a working day"),
    (D(2027, 4, 23), 15, D(2027, 5, 10), "8 May 2027 Saturday holiday → Monday 10 May"),
    (D(2026, 12, 18), 15, D(2027, 1, 4), "appeal: Sat 2 Jan 2027 → Mon 4 Jan"),
    (D(2026, 12, 26), 15, D(2027, 1, 11), "appeal from a deemed delivery on 26 Dec → 11 Jan"),
]


@pytest.mark.parametrize(("start", "days", "expected", "why"), HAND_CHECKED)
def test_hand_checked_calendar(start, days, expected, why):
    assert dl.period_end(start, days) == expected, why


def test_suspension_stops_the_clock_and_the_end_moves_past_5_and_6_july():
    # filed 26 May 2026: 30 days end on Thursday 25 June; 10 days suspended (10–19 June)
    # move it to Sunday 5 July (a holiday), Monday 6 July is a holiday too → Tuesday 7 July
    deadline = dl.decision_deadline(D(2026, 5, 26),
                                    suspensions=[Suspension(D(2026, 6, 10), D(2026, 6, 19))])
    assert deadline.due == D(2026, 7, 7)
    assert "§ 71" in deadline.basis


def test_open_suspension_has_no_deadline():
    deadline = dl.decision_deadline(D(2026, 5, 26), suspensions=[Suspension(D(2026, 6, 10))])
    assert deadline.due is None


def test_complex_case_adds_thirty_days_with_its_basis():
    plain = dl.decision_deadline(D(2026, 9, 1))
    extended = dl.decision_deadline(D(2026, 9, 1), extended=True)
    assert plain.due == D(2026, 10, 1)
    assert extended.due == D(2026, 11, 2)
    assert "§ 71 odst. 3 písm. a)" in extended.basis


def test_deemed_delivery_on_the_tenth_day_even_on_a_holiday():
    assert dl.deemed_delivery(D(2026, 12, 16)) == D(2026, 12, 26)
    assert dl.deemed_delivery(D(2026, 12, 16), move_to_working_day=True) == D(2026, 12, 28)
    assert dl.deemed_delivery(D(2026, 12, 20)) == D(2026, 12, 30)


def test_appeal_and_remedy_deadlines_name_their_basis():
    assert dl.appeal_deadline(D(2026, 12, 18)).due == D(2027, 1, 4)
    assert "§ 83" in dl.appeal_deadline(D(2026, 12, 18)).basis
    assert "§ 45" in dl.remedy_deadline(D(2026, 12, 18), days=15).basis


def test_months_end_on_the_last_day_of_a_shorter_month():
    assert dl.add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert dl.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert dl.add_months(D(2026, 7, 15), 12) == D(2027, 7, 15)
    assert dl.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


days_ = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))
lengths = st.integers(min_value=0, max_value=120)
MANY = settings(max_examples=3000, deadline=None)


@MANY
@given(days_, lengths)
def test_the_end_is_a_working_day_and_only_holidays_are_skipped(start, days):
    end = dl.period_end(start, days)
    plain = start + timedelta(days=days)
    assert dl.is_working_day(end)
    assert end >= plain
    skipped = [plain + timedelta(n) for n in range((end - plain).days)]
    assert all(not dl.is_working_day(day) for day in skipped)
    assert (end - plain).days <= 5  # the longest run of days off (Christmas + weekend)


@MANY
@given(days_, lengths)
def test_a_later_event_never_ends_earlier(start, days):
    assert dl.period_end(start + timedelta(days=1), days) >= dl.period_end(start, days)
    assert dl.period_end(start, days + 1) >= dl.period_end(start, days)


@MANY
@given(days_, st.integers(min_value=1, max_value=90), st.integers(min_value=0, max_value=29),
       st.integers(min_value=0, max_value=40))
def test_suspended_days_inside_the_period_add_exactly_their_number(start, days, offset,
                                                                  length):
    first = start + timedelta(days=1 + offset)
    last = first + timedelta(days=length)
    counted_before = offset  # days counted before the suspension starts
    if counted_before >= days:
        # the period ends before the suspension: nothing changes
        assert dl.period_end(start, days, [Suspension(first, last)]) == dl.period_end(start,
                                                                                    days)
    else:
        expected = dl.period_end(start, days + length + 1)
        assert dl.period_end(start, days, [Suspension(first, last)]) == expected


@MANY
@given(days_)
def test_deemed_delivery_is_ten_calendar_days(ready):
    assert dl.deemed_delivery(ready) == ready + timedelta(days=10)
    assert dl.is_working_day(dl.deemed_delivery(ready, move_to_working_day=True))


@MANY
@given(days_, st.booleans())
def test_extended_decision_deadline_is_thirty_days_later_in_counting(filed, extended):
    deadline = dl.decision_deadline(filed, extended=extended)
    assert deadline.due == dl.period_end(filed, 60 if extended else 30)


@given(days_)
def test_working_days_match_the_holidays_package(day):
    import holidays

    expected = day.weekday() < 5 and day not in holidays.country_holidays("CZ",
                                                                           years=day.year)
    assert dl.is_working_day(day) == expected
