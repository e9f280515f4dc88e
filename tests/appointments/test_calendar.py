"""The staff calendar: week and day views without JavaScript, in a fixed number of
queries, scoped to the contact point; attended opens the consultation form filled in;
the private iCal feed parsed by ``icalendar``, initials only, revocable."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from icalendar import Calendar

from kmb.appointments import services
from kmb.appointments.models import Appointment, Status
from kmb.cases.models import Consultation, Topic
from tests import factories
from tests.appointments.factories import at, office_hours

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 12, 21)
NOW = "2026-12-21 07:00 +0100"


@pytest.fixture(autouse=True)
def _clock():
    """Monday 21 December 2026, 7:00, from before anyone logs in (sessions expire)."""
    with time_machine.travel(NOW, tick=False):
        yield


def _book(cp, adviser, start, **extra):
    return services.appointment_create(contact_point=cp, actor=adviser, adviser=adviser,
                                       starts_at=start, minutes=45, **extra)


def test_the_week_shows_the_appointments_in_a_fixed_number_of_queries(
        cp_a, adviser_a, client_a, web_adviser_a, django_assert_max_num_queries):
    office_hours(cp_a)
    _book(cp_a, adviser_a, at(MONDAY, 9), client=client_a)
    _book(cp_a, adviser_a, at(MONDAY, 10), label="Paní z ulice", mode="outreach")
    with django_assert_max_num_queries(14):
        body = web_adviser_a.get("/staff/calendar/").content.decode()
    assert "Jiřina Nováková" in body and "Paní z ulice" in body
    assert "Štědrý den" in body  # Thursday is a public holiday
    for i in range(16):
        _book(cp_a, adviser_a, at(MONDAY + timedelta(days=7 + i // 4), 8 + i % 4),
              label=f"Host {i}")
    with django_assert_max_num_queries(14):
        body = web_adviser_a.get("/staff/calendar/?day=2026-12-28&adviser=all").content.decode()
    assert "Host 15" in body
    day = web_adviser_a.get("/staff/calendar/day/?day=2026-12-21").content.decode()
    assert "Paní z ulice" in day and "Host 1" not in day
    # htmx asks for the days alone
    part = web_adviser_a.get("/staff/calendar/?day=2026-12-21", HTTP_HX_REQUEST="true")
    assert "<html" not in part.content.decode() and "Jiřina Nováková" in part.content.decode()


def test_another_contact_point_sees_nothing(cp_a, adviser_a, client_a, web_adviser_b):
    appointment = _book(cp_a, adviser_a, at(MONDAY, 9), client=client_a)
    for url in (f"/staff/calendar/{appointment.uuid}/",
                f"/staff/calendar/{appointment.uuid}/schuzka.ics"):
        assert web_adviser_b.get(url).status_code == 404
    assert web_adviser_b.post(f"/staff/calendar/{appointment.uuid}/mark/",
                              {"status": "attended"}).status_code == 404
    assert "Nováková" not in web_adviser_b.get("/staff/calendar/?adviser=all").content.decode()


def test_an_overlap_is_refused_on_the_form_with_what_was_typed(cp_a, adviser_a,
                                                               web_adviser_a):
    with time_machine.travel(NOW, tick=False):
        office_hours(cp_a)
        _book(cp_a, adviser_a, at(MONDAY, 9))
        response = web_adviser_a.post("/staff/calendar/new/", {
            "starts_at": "2026-12-21T09:30", "minutes": "30", "adviser": adviser_a.pk,
            "mode": "phone", "label": "Karel", "note": "", "email": "", "phone": ""})
    body = response.content.decode()
    assert response.status_code == 400 and "už jinou schůzku" in body
    assert 'value="Karel"' in body and Appointment.objects.count() == 1
    with time_machine.travel(NOW, tick=False):
        response = web_adviser_a.post("/staff/calendar/new/", {
            "starts_at": "2026-12-24T09:30", "minutes": "30", "adviser": adviser_a.pk,
            "mode": "phone", "label": "Karel", "remind_sms": "on"})
    assert "Uveďte telefonní číslo" in response.content.decode()


def test_attended_opens_the_consultation_form_filled_in(cp_a, adviser_a, client_a,
                                                        web_adviser_a):
    with time_machine.travel(NOW, tick=False):
        appointment = _book(cp_a, adviser_a, at(MONDAY, 9), client=client_a, mode="phone")
    with time_machine.travel("2026-12-21 09:50 +0100", tick=False):
        response = web_adviser_a.post(f"/staff/calendar/{appointment.uuid}/mark/",
                                      {"status": "attended",
                                       "version": appointment.version})
        assert response.status_code == 302
        form_url = response["Location"]
        assert form_url.startswith(f"/staff/clients/{client_a.uuid}/consultations/new/")
        form = web_adviser_a.get(form_url).content.decode()
        assert 'value="2026-12-21T09:00"' in form
        assert re.search(r'value="phone"[^>]*checked|checked[^>]*value="phone"|'
                         r'value="phone" selected|selected[^>]*value="phone"', form)
        assert 'value="45"' in form
        topic = Topic.objects.filter(active=True).first()
        saved = web_adviser_a.post(form_url.split("?")[0], {
            "appointment": str(appointment.uuid), "occurred_at": "2026-12-21T09:00",
            "channel": "phone", "duration_minutes": "45", "topics": [topic.code],
            "advice": "Poradili jsme."})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    appointment.refresh_from_db()
    assert appointment.status == Status.ATTENDED
    assert appointment.consultation == Consultation.objects.get(client=client_a)


def test_the_feed_is_parsed_by_icalendar_has_initials_only_and_can_be_revoked(
        cp_a, adviser_a, client_a, web_adviser_a, anonymous):
    with time_machine.travel(NOW, tick=False):
        _book(cp_a, adviser_a, at(MONDAY, 9), client=client_a)
        factories.TaskFactory(client=client_a, created_by=adviser_a, assignee=adviser_a,
                              title="Tajný úkol", due_date=MONDAY + timedelta(days=2))
        page = web_adviser_a.post("/staff/calendar/settings/", {"action": "feed_new"})
        url = re.search(r'value="(http://[^"]+\.ics)"', page.content.decode()).group(1)
        path = url.split("testserver")[-1]
        response = anonymous.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    summaries = [str(e.get("summary")) for e in events]
    assert any(s.startswith("JN – ") for s in summaries), summaries
    assert events[0].decoded("dtstart") == at(MONDAY, 9)
    text = response.content.decode()
    assert "Nováková" not in text and "Jiřina" not in text and "Tajný" not in text
    assert "Úkol k termínu – JN" in summaries
    # revoked: the address no longer works, with a clear message
    web_adviser_a.post("/staff/calendar/settings/", {"action": "feed_revoke"})
    gone = anonymous.get(path)
    assert gone.status_code == 404 and "neplatí" in gone.content.decode()
    malformed = anonymous.get("/calendar-feed/not%20a%20token.ics")
    assert malformed.status_code == 404 and "neplatí" in malformed.content.decode()


def test_no_shows_are_counted_in_the_statistics(cp_a, adviser_a, web_lead_a):
    appointment = _book(cp_a, adviser_a, at(MONDAY, 9))
    with time_machine.travel("2026-12-21 10:00 +0100", tick=False):
        services.appointment_mark(appointment=appointment, actor=adviser_a,
                                  status=Status.NO_SHOW)
    from kmb.stats.rollup import refresh_dirty

    refresh_dirty()  # what the worker does after the event
    with time_machine.travel("2026-12-21 10:00 +0100", tick=False):
        body = web_lead_a.get("/staff/stats/?period=month").content.decode()
    figures = body[body.index('id="t-figures"'):]
    figures = figures[:figures.index("</table>")]
    header = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', figures, re.S)
    column = header.index("Schůzky, na které lidé nepřišli")
    december = re.search(r'<th scope="row">[^<]*prosinec 2026</th>(.*?)</tr>', figures, re.S)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", december.group(1), re.S)
    assert cells[column - 1].strip() == "1"


def test_changes_to_the_office_hours_are_audited_and_stay_in_the_office(cp_a, cp_b, web_lead_a):
    from kmb.appointments.models import Closure, OpeningHours
    from kmb.audit.models import AuditEntry

    url = "/staff/calendar/hours/"
    web_lead_a.post(url, {"action": "block", "block-weekday": "0", "block-opens": "08:00",
                          "block-closes": "12:00", "block-kind": "open"})
    web_lead_a.post(url, {"action": "closure", "closure-starts_on": "2026-12-28",
                          "closure-ends_on": "2026-12-30", "closure-reason": "Stěhování"})
    block = OpeningHours.objects.get(contact_point=cp_a)
    closure = Closure.objects.get(contact_point=cp_a)
    other = OpeningHours.objects.create(contact_point=cp_b, weekday=1,
                                        opens=block.opens, closes=block.closes)
    web_lead_a.post(url, {"action": "delete_block", "pk": other.pk})
    web_lead_a.post(url, {"action": "delete_block", "pk": block.pk})
    assert OpeningHours.objects.filter(pk=other.pk).exists()
    assert not OpeningHours.objects.filter(pk=block.pk).exists()
    entries = set(AuditEntry.objects.filter(contact_point=cp_a).values_list(
        "object_type", "object_id", "action"))
    assert ("appointments.openinghours", str(block.pk), "create") in entries
    assert ("appointments.openinghours", str(block.pk), "delete") in entries
    assert ("appointments.closure", str(closure.pk), "create") in entries


def test_the_feed_leaves_out_an_office_the_adviser_has_left(cp_a, adviser_a, client_a,
                                                           anonymous):
    from kmb.accounts.models import Membership

    _book(cp_a, adviser_a, at(MONDAY, 9), client=client_a)
    factories.TaskFactory(client=client_a, created_by=adviser_a, assignee=adviser_a,
                          title="Úkol", due_date=MONDAY + timedelta(days=2))
    path = f"/calendar-feed/{services.feed_issue(user=adviser_a)}.ics"
    assert len(Calendar.from_ical(anonymous.get(path).content).walk("VEVENT")) == 2
    Membership.objects.filter(user=adviser_a, contact_point=cp_a).update(active=False)
    assert Calendar.from_ical(anonymous.get(path).content).walk("VEVENT") == []
