"""Two figures that reach beyond their month: the outcome of a risk of losing housing
(known from the consultations of the following 3 months) and the applications on the
waiting list for municipal flats at the end of a period (a running total of the flows)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from kmb.cases import services as case_services
from kmb.core.events import event_record
from kmb.stats import selectors
from kmb.stats.models import RollupRow
from kmb.stats.rollup import consultation_says, months_later, rebuild, refresh_dirty
from tests import factories

AT_RISK = {"channel": "in_person", "anonymous": False, "housing_at_risk": True,
           "ethos": "insecure", "housing_situation": "notice_eviction"}


def _at(y: int, m: int, d: int) -> datetime:
    return timezone.make_aware(datetime(y, m, d, 10, 0))


def _consult(cp, client, at, **data):
    event_record(kind="consultation.recorded", contact_point=cp, subject_id=client.uuid,
                 occurred_at=at, data={"channel": "phone", "anonymous": False, **data})


def _figures(cp, period: str, start: date) -> dict:
    return dict(RollupRow.objects.filter(contact_point=cp, period=period, start=start,
                                         figure__startswith="losses_")
                .values_list("figure", "value"))


def test_three_months_later_is_a_calendar_date():
    assert timezone.localtime(months_later(_at(2025, 11, 30), 3)).date() == date(2026, 2, 28)
    assert timezone.localtime(months_later(_at(2024, 1, 20), 3)).date() == date(2024, 4, 20)
    assert timezone.localtime(months_later(_at(2024, 5, 31), -3)).date() == date(2024, 2, 29)


def test_what_a_later_consultation_says():
    housed_at_risk = {"ethos": "insecure", "housing_situation": "notice_eviction"}
    with_family = {"ethos": "6", "housing_situation": "family_friends"}
    assert consultation_says(housed_at_risk, {"ethos": "1"}) == "lost"
    assert consultation_says(housed_at_risk, {"ethos": "6"}) == "lost"
    assert consultation_says(housed_at_risk, {"ethos": "housed"}) == "housed"
    assert consultation_says(housed_at_risk, {"ethos": "insecure"}) == "housed"
    assert consultation_says(housed_at_risk, {"ethos": "unknown"}) is None
    assert consultation_says(housed_at_risk, {}) is None
    assert consultation_says(housed_at_risk, {"housing_at_risk": True}) == "housed"
    # already with family and at risk of losing even that: staying there is not a loss,
    # the night shelter is
    assert consultation_says(with_family, dict(with_family)) == "housed"
    assert consultation_says(with_family, {"ethos": "2",
                                           "housing_situation": "night_shelter"}) == "lost"


def test_losses_prevented_happened_and_not_known(db, cp_a, adviser_a):
    """At risk in January: homeless in March → lost; housed in April (within 3 months) →
    prevented; no later contact → not known; the next contact only after 3 months → not
    known; two records of one person merged → the later record's loss counts."""
    lost, kept, silent, late, first, second = (factories.ClientFactory(contact_point=cp_a)
                                               for _ in range(6))
    for client in (lost, kept, silent, late):
        _consult(cp_a, client, _at(2025, 1, 20), **AT_RISK)
    _consult(cp_a, first, _at(2025, 1, 5), **AT_RISK)
    refresh_dirty()
    january = date(2025, 1, 1)
    assert _figures(cp_a, "M", january) == {"losses_unknown": 5}
    # later consultations, recorded after the worker has computed January: they mark it
    _consult(cp_a, lost, _at(2025, 3, 10), ethos="1", housing_situation="rough_sleeping")
    _consult(cp_a, kept, _at(2025, 4, 15), ethos="housed", housing_situation="rented_secure")
    _consult(cp_a, late, _at(2025, 4, 21), ethos="1", housing_situation="rough_sleeping")
    _consult(cp_a, second, _at(2025, 2, 1), ethos="2", housing_situation="night_shelter")
    refresh_dirty()
    assert _figures(cp_a, "M", january) == {"losses_happened": 1, "losses_prevented": 1,
                                            "losses_unknown": 3}
    case_services.client_merge(source=second, target=first, actor=adviser_a)
    refresh_dirty()
    expected = {"losses_happened": 2, "losses_prevented": 1, "losses_unknown": 2}
    assert _figures(cp_a, "M", january) == expected
    assert _figures(cp_a, "Q", january) == expected
    assert _figures(cp_a, "Y", january) == expected
    assert RollupRow.objects.get(contact_point=cp_a, period="M", start=january,
                                 figure="persons_at_risk").value == 5
    # a backdated consultation in the window changes the outcome
    _consult(cp_a, silent, _at(2025, 2, 14), ethos="inadequate", housing_situation="unfit")
    refresh_dirty()
    expected = {"losses_happened": 2, "losses_prevented": 2, "losses_unknown": 1}
    assert _figures(cp_a, "M", january) == expected
    # someone else at risk in July, never seen again: in July, the third quarter and the
    # year, which now holds people at risk from two ends of it
    summer = factories.ClientFactory(contact_point=cp_a)
    _consult(cp_a, summer, _at(2025, 7, 10), **AT_RISK)
    refresh_dirty()
    year = {**expected, "losses_unknown": 2}
    assert _figures(cp_a, "Y", january) == year
    assert _figures(cp_a, "Q", date(2025, 7, 1)) == {"losses_unknown": 1}
    rebuild()  # one pass over the events gives the same
    assert _figures(cp_a, "M", january) == expected
    assert _figures(cp_a, "Q", january) == expected
    assert _figures(cp_a, "Y", january) == year
    assert _figures(cp_a, "M", date(2025, 7, 1)) == {"losses_unknown": 1}
    # on the page: next to the people at risk, with its definition
    data = selectors.load([cp_a], "M", [january])
    assert data.get("losses_prevented", start=january) == 2
    table = selectors.figures_table(data, "KMB")
    labels = [label for label, _definition in table.definitions]
    assert labels.index("z toho: ztráta bydlení odvrácena") == \
        labels.index("Lidé ohrožení ztrátou bydlení") + 1


def _status(cp, application, at, status, previous=None, **extra):
    data = {"status": status, "programme": "social", **extra}
    if previous:
        data["from"] = previous
    event_record(kind="lettings.application", contact_point=cp,
                 subject_id=application, occurred_at=at, data=data)


def test_waiting_list_flows_and_stock_at_the_end_of_each_period(db, cp_a):
    import uuid

    one, two, three, four = (uuid.uuid4() for _ in range(4))
    _status(cp_a, one, _at(2024, 12, 3), "submitted")
    _status(cp_a, one, _at(2024, 12, 20), "registered", "submitted")
    _status(cp_a, two, _at(2025, 1, 7), "submitted")
    _status(cp_a, two, _at(2025, 1, 9), "registered", "submitted")
    _status(cp_a, two, _at(2025, 2, 9), "suspended", "registered")  # stays on the list
    _status(cp_a, two, _at(2025, 3, 9), "registered", "suspended")
    _status(cp_a, two, _at(2025, 4, 9), "housed", "registered")
    _status(cp_a, three, _at(2025, 2, 1), "registered", "incomplete")
    _status(cp_a, three, _at(2025, 5, 2), "removed", "registered", lapsed=True)
    _status(cp_a, four, _at(2025, 3, 1), "registered", "submitted")
    _status(cp_a, four, _at(2025, 4, 1), "incomplete", "registered")
    _status(cp_a, four, _at(2025, 5, 1), "registered", "incomplete")
    _status(cp_a, four, _at(2025, 6, 1), "removed", "registered")
    refresh_dirty()
    months = [date(2025, m, 1) for m in range(1, 7)]
    data = selectors.load([cp_a], "M", months)
    stock = [data.get("lettings_stock", start=m) for m in months]
    assert stock == [2, 3, 4, 2, 2, 1]
    assert [data.get("lettings_entered", start=m) for m in months] == [1, 1, 1, 0, 1, 0]
    assert [data.get("lettings_left", start=m) for m in months] == [0, 0, 0, 2, 1, 1]
    assert data.get("lettings_left_by_reason", "housed", months[3]) == 1
    assert data.get("lettings_left_by_reason", "incomplete", months[3]) == 1
    assert data.get("lettings_left_by_reason", "lapsed", months[4]) == 1
    assert data.get("lettings_left_by_reason", "removed", months[5]) == 1
    quarters = selectors.load([cp_a], "Q", [date(2024, 10, 1), date(2025, 1, 1),
                                            date(2025, 4, 1)])
    # the state at the end of the quarter, not a sum of the months
    assert [quarters.get("lettings_stock", start=q) for q in quarters.starts] == [1, 4, 1]
    years = selectors.load([cp_a], "Y", [date(2025, 1, 1)])
    assert years.get("lettings_stock", start=date(2025, 1, 1)) == 1
    assert years.get("lettings_entered", start=date(2025, 1, 1)) == 4
    # replayed and rebuilt: the same
    from kmb.core.models import DomainEvent
    from kmb.stats.rollup import event_apply
    for event in DomainEvent.objects.filter(kind="lettings.application"):
        event_apply(event)
    refresh_dirty()
    rebuild()
    again = selectors.load([cp_a], "M", months)
    assert [again.get("lettings_stock", start=m) for m in months] == stock


@pytest.mark.parametrize("lapsed", [True, False])
def test_a_lapsed_registration_is_told_apart_from_a_removal(db, lapsed):
    from kmb.lettings.services import _set_status  # noqa: F401 (the event's writer)
    from kmb.stats.rollup import lettings_flow

    data = {"status": "removed", "from": "suspended"}
    if lapsed:
        data["lapsed"] = True
    assert lettings_flow(data) == ("left", "lapsed" if lapsed else "removed")
    assert lettings_flow({"status": "registered", "from": "suspended"}) is None
    assert lettings_flow({"status": "submitted"}) is None
