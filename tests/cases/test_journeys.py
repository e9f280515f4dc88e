"""An adviser's day: find or create a client, record a consultation, plan, see the story."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kmb.audit.models import AuditEntry
from kmb.cases.models import Client, Consultation, Task
from kmb.core.models import DomainEvent
from tests import factories

pytestmark = pytest.mark.django_db


def _consultation_post(**extra) -> dict:
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "in_person",
        "duration_minutes": "45",
        "topics": ["notice_to_quit", "rent_arrears"],
        "housing_situation": "notice_eviction",
        "housing_at_risk": "on",
        "loss_date": (timezone.localdate() + timedelta(days=12)).isoformat(),
        "advice": "Doporučena právní poradna, sepsání splátkového kalendáře.",
        "notes": "",
    }
    data.update(extra)
    return data


def test_adviser_creates_client_and_records_consultation_on_one_screen(web_adviser_a, cp_a):
    response = web_adviser_a.post(reverse("cases:client_create"), {
        "first_name": "Jiřina", "last_name": "Nováková", "name_quality": "known",
        "birth_date": "1980-02-01", "birth_date_quality": "known",
        "birth_number_quality": "not_asked", "phone": "777 123 456", "phone_quality": "known",
        "address_quality": "not_asked", "preferred_language": "cs",
    })
    client = Client.objects.get(last_name="Nováková")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:client_detail", args=[client.uuid])
    assert client.phone == "+420 777 123 456"
    assert client.contact_point == cp_a

    url = reverse("cases:client_consultation_create", args=[client.uuid])
    assert web_adviser_a.get(url).status_code == 200
    response = web_adviser_a.post(url, _consultation_post())
    assert response.status_code == 302

    page = web_adviser_a.get(reverse("cases:client_detail", args=[client.uuid]))
    html = page.content.decode()
    assert "Výpověď z nájmu" in html and "Doporučena právní poradna" in html
    client.refresh_from_db()
    assert client.housing_loss_date == timezone.localdate() + timedelta(days=12)
    assert client.housing_situation.code == "notice_eviction"

    dashboard = web_adviser_a.get(reverse("cases:dashboard")).content.decode()
    assert "Jiřina Nováková" in dashboard

    kinds = set(DomainEvent.objects.values_list("kind", flat=True))
    assert {"client.created", "consultation.recorded"} <= kinds
    actions = list(AuditEntry.objects.filter(client_id=client.uuid)
                   .values_list("action", flat=True))
    assert "create" in actions and "view" in actions


def test_anonymous_consultation_is_recorded_and_counted(web_adviser_a, cp_a):
    response = web_adviser_a.post(reverse("cases:consultation_create"),
                                  _consultation_post(topics=["dssp"], housing_at_risk="",
                                                     loss_date=""))
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert consultation.client is None and consultation.contact_point == cp_a
    event = DomainEvent.objects.get(kind="consultation.recorded")
    assert event.data["anonymous"] is True and event.data["topics"] == ["dssp"]


def test_bad_consultation_input_keeps_what_was_typed(web_adviser_a, client_a):
    url = reverse("cases:client_consultation_create", args=[client_a.uuid])
    future = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = web_adviser_a.post(url, _consultation_post(occurred_at=future, topics=[],
                                                          duration_minutes="-5"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vyberte alespoň jedno téma." in html
    assert "Konzultaci nelze zaznamenat do budoucnosti." in html
    assert "Doporučena právní poradna" in html  # what was typed is still there
    assert Consultation.objects.count() == 0


def test_anonymous_client_is_identified_later(web_adviser_a, cp_a):
    web_adviser_a.post(reverse("cases:client_create"), {
        "nickname": "J. N.", "name_quality": "refused", "birth_date_quality": "not_asked",
        "birth_number_quality": "not_asked", "phone_quality": "not_asked",
        "address_quality": "not_asked", "preferred_language": "uk",
    })
    client = Client.objects.get(nickname="J. N.")
    assert client.is_anonymous
    response = web_adviser_a.post(reverse("cases:client_edit", args=[client.uuid]), {
        "nickname": "J. N.", "first_name": "Jana", "last_name": "Nová", "name_quality": "known",
        "birth_date_quality": "not_asked", "birth_number_quality": "not_asked",
        "phone_quality": "not_asked", "address_quality": "not_asked",
        "preferred_language": "uk", "version": client.version,
    })
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.display_name == "Jana Nová"
    assert DomainEvent.objects.filter(kind="client.identified").count() == 1


def test_duplicate_warning_then_confirmed_creation(web_adviser_a, client_a):
    client_a.birth_date = date(1980, 2, 1)
    client_a.save()
    data = {"first_name": "Jirina", "last_name": "NOVAKOVA", "name_quality": "known",
            "birth_date": "1980-02-01", "birth_date_quality": "known",
            "birth_number_quality": "not_asked", "phone_quality": "not_asked",
            "address_quality": "not_asked", "preferred_language": "cs"}
    response = web_adviser_a.post(reverse("cases:client_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jiřina Nováková" in html and "Jirina" in html
    assert Client.objects.count() == 1
    response = web_adviser_a.post(reverse("cases:client_create"), {**data, "confirm_new": "on"})
    assert response.status_code == 302
    assert Client.objects.count() == 2


def test_lead_merges_two_records_keeping_both_histories(web_lead_a, cp_a, adviser_a):
    keep = factories.ClientFactory(contact_point=cp_a, first_name="Petr", last_name="Dvořák",
                                   phone="")
    other = factories.ClientFactory(contact_point=cp_a, first_name="Petr", last_name="Dvorak",
                                    phone="+420 604 111 222")
    factories.ConsultationFactory(client=keep, adviser=adviser_a)
    factories.ConsultationFactory(client=other, adviser=adviser_a)
    factories.TaskFactory(client=other, created_by=adviser_a)
    page = web_lead_a.post(reverse("cases:client_merge", args=[keep.uuid]),
                           {"action": "search", "q": "dvorak"})
    assert "Dvorak" in page.content.decode()
    response = web_lead_a.post(reverse("cases:client_merge", args=[keep.uuid]),
                               {"action": "merge", "other": str(other.uuid), "confirm": "on"})
    assert response.status_code == 302
    keep.refresh_from_db()
    assert keep.consultations.count() == 2 and keep.tasks.count() == 1
    assert keep.phone == "+420 604 111 222"
    # the merged record's address leads to the surviving one
    response = web_lead_a.get(reverse("cases:client_detail", args=[other.uuid]))
    assert response.status_code == 302
    assert str(keep.uuid) in response["Location"]


def test_adviser_cannot_merge(web_adviser_a, client_a):
    response = web_adviser_a.get(reverse("cases:client_merge", args=[client_a.uuid]))
    assert response.status_code == 404


def test_tasks_plan_and_dashboard(web_adviser_a, adviser_a, client_a):
    url = reverse("cases:task_create", args=[client_a.uuid])
    due = timezone.localdate() + timedelta(days=2)
    response = web_adviser_a.post(url, {"title": "Podat žádost o DSSP", "owner": "client",
                                        "assignee": adviser_a.pk, "due_date": due.isoformat()})
    assert response.status_code == 302
    task = Task.objects.get()
    dashboard = web_adviser_a.get(reverse("cases:dashboard")).content.decode()
    assert "Podat žádost o DSSP" in dashboard
    web_adviser_a.post(reverse("cases:task_status", args=[task.uuid]), {"status": "done"})
    task.refresh_from_db()
    assert task.status == "done" and task.completed_at is not None
    dashboard = web_adviser_a.get(reverse("cases:dashboard")).content.decode()
    assert "Podat žádost o DSSP" not in dashboard
    assert DomainEvent.objects.filter(kind="task.done").count() == 1


def test_dashboard_orders_clients_by_urgency(web_lead_a, cp_a, adviser_a):
    today = timezone.localdate()
    later = factories.ClientFactory(contact_point=cp_a, last_name="Pozdější",
                                    housing_loss_date=today + timedelta(days=25))
    sooner = factories.ClientFactory(contact_point=cp_a, last_name="Dřívější",
                                     housing_loss_date=today + timedelta(days=3))
    factories.ClientFactory(contact_point=cp_a, last_name="Vzdálený",
                            housing_loss_date=today + timedelta(days=90))
    html = web_lead_a.get(reverse("cases:dashboard")).content.decode()
    assert html.index(sooner.last_name) < html.index(later.last_name)
    assert "Vzdálený" not in html


def test_two_people_editing_get_a_conflict_not_an_overwrite(web_adviser_a, web_lead_a, client_a):
    url = reverse("cases:client_edit", args=[client_a.uuid])
    base = {"first_name": "Jiřina", "name_quality": "known", "birth_date_quality": "not_asked",
            "birth_number_quality": "not_asked", "phone_quality": "not_asked",
            "address_quality": "not_asked", "preferred_language": "cs",
            "version": client_a.version}
    first = web_adviser_a.post(url, {**base, "last_name": "Nováková", "street": "Dukelská 1"})
    second = web_lead_a.post(url, {**base, "last_name": "Nováková", "street": "Jiná 2"})
    assert first.status_code == 302
    assert second.status_code == 200
    assert "Někdo jiný mezitím tohoto klienta změnil" in second.content.decode()
    client_a.refresh_from_db()
    assert client_a.street == "Dukelská 1"


def test_invalid_birth_number_is_refused_at_the_field(web_adviser_a):
    response = web_adviser_a.post(reverse("cases:client_create"), {
        "first_name": "Karel", "last_name": "Svoboda", "name_quality": "known",
        "birth_number": "800101/1234", "birth_date_quality": "not_asked",
        "birth_number_quality": "known", "phone": "12", "phone_quality": "known",
        "address_quality": "not_asked", "preferred_language": "cs",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "Toto není platné rodné číslo." in html
    assert "Zadejte platné telefonní číslo" in html
    assert 'value="Svoboda"' in html
    assert not Client.objects.exists()


def test_household_members_and_consents(web_adviser_a, client_a):
    web_adviser_a.post(reverse("cases:household_member_add", args=[client_a.uuid]),
                       {"first_name": "Tomáš", "last_name": "Novák", "birth_date": "2015-06-01",
                        "birth_date_quality": "known", "relationship": "child"})
    web_adviser_a.post(reverse("cases:consent_create", args=[client_a.uuid]),
                       {"purpose": "sharing", "scope": "Jméno a telefon pro dluhovou poradnu",
                        "given_on": timezone.localdate().isoformat(), "expires_on": ""})
    html = web_adviser_a.get(reverse("cases:client_detail", args=[client_a.uuid])).content.decode()
    assert "Tomáš Novák" in html
    assert "Jméno a telefon pro dluhovou poradnu" in html


def test_search_ignores_case_and_diacritics_and_stays_in_the_office(web_adviser_a, client_a,
                                                                    cp_b):
    client_a.birth_date = date(1980, 2, 1)
    client_a.save()
    factories.ClientFactory(contact_point=cp_b, first_name="Jiřina", last_name="Nováková")
    for q in ("novakova", "NOVÁKOVÁ jiřina", "1. 2. 1980", client_a.phone[-7:].replace(" ", "")):
        html = web_adviser_a.post(reverse("cases:client_list"), {"q": q}).content.decode()
        assert "1 klient" in html, q
        assert str(client_a.uuid) in html
    html = web_adviser_a.post(reverse("cases:client_list"), {"q": "Svobodová"}).content.decode()
    assert str(client_a.uuid) not in html


def test_online_request_waits_in_the_queue_and_becomes_a_consultation(web_adviser_a, cp_a):
    from kmb.cases import services
    from kmb.cases.models import OnlineRequest, Topic

    online = services.online_request_create(
        contact_point=cp_a, name="Olena", contact_method="phone", phone="+420 608 000 111",
        preferred_time="odpoledne", topics=Topic.objects.filter(code="notice_to_quit"),
        message="Dostala jsem výpověď.", language="uk", consent_text="Souhlasím.")
    dashboard = web_adviser_a.get(reverse("cases:dashboard")).content.decode()
    assert reverse("cases:online_request_list") in dashboard
    queue = web_adviser_a.get(reverse("cases:online_request_list")).content.decode()
    assert "Olena" in queue
    url = reverse("cases:consultation_create") + f"?request={online.uuid}"
    form = web_adviser_a.get(url).content.decode()
    assert 'value="online" selected' in form or 'value="online"selected' in form.replace(" ", "")
    response = web_adviser_a.post(url, _consultation_post(channel="online",
                                                         online_request=str(online.uuid)))
    assert response.status_code == 302
    online.refresh_from_db()
    assert online.status == "handled" and online.consultation.channel == "online"
    assert OnlineRequest.objects.filter(status="new").count() == 0


def test_merge_moves_every_kind_of_record(cp_a, adviser_a):
    from kmb.cases import services
    from kmb.cases.models import Client

    keep = factories.ClientFactory(contact_point=cp_a, last_name="Malá")
    other = factories.ClientFactory(contact_point=cp_a, last_name="Mala")
    factories.ConsultationFactory(client=other, adviser=adviser_a)
    services.consent_record(client=other, actor=adviser_a,
                            data={"purpose": "records", "scope": "vše",
                                  "given_on": timezone.localdate()})
    services.client_merge(source=other, target=keep, actor=adviser_a)
    for relation in Client._meta.related_objects:
        if relation.related_model is Client or relation.many_to_many:
            continue
        left = relation.related_model._base_manager.filter(**{relation.field.name: other})
        assert not left.exists(), relation.related_model
    assert keep.consultations.count() == 1 and keep.consents.count() == 1
