"""The portal's texts: complete in three languages, editable per contact point, escaped."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kmb.audit.models import AuditEntry
from kmb.core.permissions import Role
from kmb.portal.content import LOCAL_GROUPS, group_of, resolve, texts
from kmb.portal.content_files import shipped
from kmb.portal.models import ContentBlock
from kmb.portal.templatetags.portal import opening_hours, portal_text
from tests import factories
from tests.portal.places import LIBEREC, PLZEN

EDIT = "/staff/portal/edit/"
NOTICE = "/navigator/result/?housing=rented&threat=notice&when=month"
RESULT_LIBEREC = f"{NOTICE}&municipality={LIBEREC}"
RESULT_PLZEN = f"{NOTICE}&municipality={PLZEN}"


def test_every_shipped_text_exists_in_czech_english_and_ukrainian():
    for key, entry in shipped().items():
        assert set(entry) == {"cs", "en", "uk"}, key
        for language in ("en", "uk"):
            assert bool(entry[language].title) == bool(entry["cs"].title), (key, language)
            assert bool(entry[language].body) == bool(entry["cs"].body), (key, language)
        assert entry["uk"].title != entry["en"].title or not entry["en"].title, key


@pytest.mark.django_db
def test_migrating_loaded_every_general_text():
    seeded = set(ContentBlock.objects.filter(contact_point__isnull=True)
                 .values_list("key", flat=True))
    assert seeded >= set(shipped())


@pytest.mark.django_db
def test_an_administrator_change_of_the_general_text_shows_at_once(places):
    ContentBlock.objects.update_or_create(
        key="advice.notice", contact_point=None,
        defaults={"title_cs": "Výpověď? Přijďte hned.", "body_cs": "Upraveno."})
    body = Client(HTTP_ACCEPT_LANGUAGE="cs").get(RESULT_PLZEN).content.decode()
    assert "Výpověď? Přijďte hned." in body
    # an English reader: the row has no English, so the shipped English default is shown
    body = Client(HTTP_ACCEPT_LANGUAGE="en").get(RESULT_PLZEN).content.decode()
    assert shipped()["advice.notice"]["en"].title in body


@pytest.mark.django_db
def test_a_missing_general_row_falls_back_to_the_shipped_text():
    ContentBlock.objects.filter(key="landing.intro").delete()
    assert texts(["landing.intro"], language="uk")["landing.intro"].title \
        == shipped()["landing.intro"]["uk"].title


@pytest.mark.django_db
def test_texts_for_a_page_take_one_query(places, django_assert_num_queries):
    with django_assert_num_queries(1):
        texts(list(shipped()), contact_point=places.liberec, language="en")


def _lead(office):
    user = factories.staff(f"vedouci.{office.pk}", Role.LEAD, office)
    client = Client(HTTP_ACCEPT_LANGUAGE="cs")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _form(**changes) -> dict:
    data = {"key": "advice.notice", "mode": "replace", "version": "",
            "title_cs": "Výpověď v Liberci", "body_cs": "Přijďte v pondělí do bytového centra.",
            "title_en": "", "body_en": "", "title_uk": "", "body_uk": "",
            "action": "save"}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_lead_replaces_a_text_for_the_people_of_the_office_only(places):
    client = _lead(places.liberec)
    assert client.get(reverse("portal:content_list")).status_code == 200
    assert client.post(EDIT, _form()).status_code == 302
    block = ContentBlock.objects.get(key="advice.notice", contact_point=places.liberec)
    assert block.version == 1
    assert AuditEntry.objects.filter(object_type="portal.contentblock",
                                     contact_point=places.liberec).exists()
    assert "Výpověď v Liberci" in Client(HTTP_ACCEPT_LANGUAGE="cs").get(
        RESULT_LIBEREC).content.decode()
    assert "Výpověď v Liberci" not in Client(HTTP_ACCEPT_LANGUAGE="cs").get(
        RESULT_PLZEN).content.decode()
    # an English reader of Liberec gets the general English text, not the Czech one
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(RESULT_LIBEREC).content.decode()
    assert shipped()["advice.notice"]["en"].title in english


@pytest.mark.django_db
def test_an_addition_is_shown_below_the_general_text_marked_as_czech(places):
    client = _lead(places.liberec)
    client.post(EDIT, _form(key="doc.id", mode="append", title_cs="",
                            body_cs="Přineste i kartičku pojištěnce."))
    body = Client(HTTP_ACCEPT_LANGUAGE="en").get(RESULT_LIBEREC).content.decode()
    assert shipped()["doc.id"]["en"].title in body
    assert '<span lang="cs">Přineste i kartičku pojištěnce.</span>' in body


@pytest.mark.django_db
def test_local_opening_hours_and_news_reach_the_finder(places):
    client = _lead(places.liberec)
    client.post(EDIT, _form(key="local.hours", body_cs="Po–Čt 8–17", body_en="Mon–Thu 8–17",
                            body_uk="Пн–Чт 8–17"))
    client.post(EDIT, _form(key="local.info", body_cs="Nové startovací byty v Ruprechticích."))
    body = Client(HTTP_ACCEPT_LANGUAGE="uk").get("/contact-points/", {"q": "liberec"})
    text = body.content.decode()
    assert "Пн–Чт 8–17" in text and "Nové startovací byty" in text


@pytest.mark.django_db
def test_preview_shows_all_three_languages_and_saves_nothing(places):
    response = _lead(places.liberec).post(EDIT, _form(action="preview", body_en="Come Monday."))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Přijďte v pondělí" in body and "Come Monday." in body
    assert shipped()["advice.notice"]["uk"].title in body  # uk falls back to the general text
    assert not ContentBlock.objects.filter(contact_point=places.liberec).exists()


@pytest.mark.django_db
def test_a_concurrent_edit_is_not_overwritten(places):
    client = _lead(places.liberec)
    client.post(EDIT, _form())
    client.post(EDIT, _form(version="1", body_cs="Druhá verze."))
    response = client.post(EDIT, _form(version="1", body_cs="Zastaralá verze."))
    assert response.status_code == 400
    assert "Někdo jiný mezitím tento text změnil" in response.content.decode()
    assert ContentBlock.objects.get(contact_point=places.liberec).body_cs == "Druhá verze."


@pytest.mark.django_db
def test_czech_is_required_and_the_form_keeps_what_was_typed(places):
    response = _lead(places.liberec).post(EDIT, _form(body_cs="", body_en="Only English."))
    assert response.status_code == 400
    assert "Only English." in response.content.decode()
    assert not ContentBlock.objects.filter(contact_point=places.liberec).exists()


@pytest.mark.django_db
def test_removing_the_local_version_brings_back_the_general_text(places):
    client = _lead(places.liberec)
    client.post(EDIT, _form())
    client.post(EDIT, {"key": "advice.notice", "action": "remove"})
    assert not ContentBlock.objects.filter(contact_point=places.liberec).exists()
    assert shipped()["advice.notice"]["cs"].title in Client(HTTP_ACCEPT_LANGUAGE="cs").get(
        RESULT_LIBEREC).content.decode()


@pytest.mark.django_db
def test_only_leads_edit_and_only_local_texts(places):
    adviser = factories.staff("poradce.lbc", Role.ADVISER, places.liberec)
    client = Client()
    client.force_login(adviser, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("portal:content_list")).status_code == 404
    assert client.post(EDIT, _form()).status_code == 404
    lead = _lead(places.liberec)
    for key in ("landing.intro", "page.privacy", "q.housing", "nonsense", ""):
        assert lead.get(EDIT, {"key": key}).status_code == 404
    assert not ContentBlock.objects.filter(contact_point__isnull=False).exists()
    assert all(group_of(key) in LOCAL_GROUPS
               for key in ("advice.notice", "doc.id", "local.hours", "request.consent"))


def test_the_markup_is_escaped_and_makes_lists_and_headings():
    html = portal_text("## Title\nIntro <b>x</b>\n\n- one\n- two https://example.cz\n\n"
                       "<script>alert(1)</script>", 2)
    assert html.startswith("<h2>Title</h2><p>Intro &lt;b&gt;x&lt;/b&gt;</p><ul><li>one</li>")
    assert '<a href="https://example.cz" rel="nofollow">https://example.cz</a>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_opening_hours_get_the_days_of_the_reader():
    from django.utils import translation

    with translation.override("uk"):
        assert opening_hours("Po, St 8:00–17:00; Čt 8–12 (jindy po objednání)") \
            == "Пн, Ср 8:00–17:00; Чт 8–12 (в інший час за попереднім записом)"
    with translation.override("en"):
        assert opening_hours("Po, Út, St po objednání") == "Mon, Tue, Wed by appointment"
    with translation.override("cs"):
        assert opening_hours("Po 8–12") == "Po 8–12"


def test_resolve_prefers_the_reader_language_then_the_general_text():
    local = ContentBlock(key="advice.notice", mode="replace", title_cs="Místní", body_cs="Text",
                         title_uk="Місцеве", body_uk="")
    text = resolve("advice.notice", language="uk", general=None, local=local)
    assert (text.title, text.title_lang) == ("Місцеве", "uk")
    assert (text.body, text.body_lang) == (shipped()["advice.notice"]["uk"].body, "uk")
    addition = ContentBlock(key="local.info", mode="append", body_cs="Jen česky")
    text = resolve("local.info", language="en", general=None, local=addition)
    assert (text.extra, text.extra_lang) == ("Jen česky", "cs")
