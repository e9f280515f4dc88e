"""The record of processing activities (art. 30) and the portal's privacy notice."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def controller(settings):
    settings.KMB_CONTROLLER = {"name": "Městská část Praha 7", "id": "00063754",
                               "address": "U Průhonu 1338/38, 170 00 Praha 7",
                               "email": "posta@praha7.cz", "data_box": "yqpbdrb"}
    settings.KMB_DPO = {"name": "Pověřenec MČ", "email": "poverenec@praha7.cz", "phone": ""}


def test_record_from_the_settings_and_the_retention_schedule(controller, web_adviser_a):
    from kmb.core.models import DatedParameter

    DatedParameter.objects.filter(key="privacy.retention.client_inactive_years").update(value=7)
    page = web_adviser_a.get("/staff/privacy/processing/").content.decode()
    assert "Městská část Praha 7" in page and "poverenec@praha7.cz" in page
    assert "7" in page and "Úřad práce ČR" in page
    markdown = web_adviser_a.get("/staff/privacy/processing.md")
    assert markdown["Content-Type"].startswith("text/markdown")
    assert "# " in markdown.content.decode() and "00063754" in markdown.content.decode()
    pdf = web_adviser_a.get("/staff/privacy/processing.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("lang, controller_word", [
    ("cs", "Správce"), ("en", "Controller"),
    ("uk", "Володілець (контролер) персональних даних")])
def test_portal_notice_in_three_languages(controller, client, lang, controller_word):
    client.cookies["django_language"] = lang
    page = client.get("/privacy/").content.decode()
    assert controller_word in page and "Městská část Praha 7" in page
    assert "uoou.gov.cz" in page


def test_request_form_and_footer_link_to_the_notice(client, cp_a):
    page = client.get(f"/request/?contact_point={cp_a.uuid}").content.decode()
    assert 'name="consent"' in page
    assert page.count('href="/privacy/"') >= 2
