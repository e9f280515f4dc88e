"""The portal's municipal flats and the register application in Chromium without
JavaScript, in Ukrainian and Czech; axe on every page."""

from __future__ import annotations

import io
import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from kmb.housing import services as housing_services
from kmb.lettings import services
from kmb.lettings.applicant import SESSION_AT, SESSION_KEY
from kmb.lettings.models import Interest
from kmb.register.models import Procedure
from tests.browser.conftest import assert_accessible
from tests.lettings import factories as lf
from tests.portal.places import PRAHA, PRAHA_7, make_places

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (210, 200, 190)).save(out, format="PNG")
    return out.getvalue()


def _sign_in(page, live_server, application) -> None:
    """The session the one-time e-mail link leaves, set as the browser's cookie."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(application.uuid)
    store[SESSION_AT] = int(time.time())
    store.save()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": store.session_key, "url": live_server.url}])


def test_resident_reads_programmes_and_a_flat_then_expresses_interest(
        page, live_server, cp_a, housing_officer_a):
    from tests.housing.conftest import ensure_housing_data

    ensure_housing_data()
    prog = lf.programme(cp_a, housing_officer_a, accepts_portal_applications=True)
    flat = lf.municipal_flat(cp_a, housing_officer_a, prog)
    housing_services.photo_add(flat=flat, actor=housing_officer_a, caption="Obývací pokoj",
                               upload=SimpleUploadedFile("a.png", _png()))
    offer = services.offer_publish(offer=services.offer_create(flat=flat,
                                                               actor=housing_officer_a),
                                   actor=housing_officer_a)
    app = lf.application(prog, housing_officer_a, register=True, children=1)
    page.goto(f"/municipal-flats/?municipality={cp_a.municipality.code}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Obecní byty")
    assert_accessible(page)
    page.get_by_role("link", name="Sociální byty").first.click()
    expect(page.get_by_text("Platná pravidla bodování")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/municipal-flats/offers/{offer.uuid}/")
    expect(page.get_by_text("přihlaste odkazem z e-mailu")).to_be_visible()
    image = page.locator("img[loading=lazy]").first
    expect(image).to_have_attribute("alt", "Obývací pokoj")
    assert_accessible(page)
    _sign_in(page, live_server, app)
    page.goto(f"/municipal-flats/offers/{offer.uuid}/")
    page.get_by_role("button", name="Mám o byt zájem").click()
    expect(page.get_by_role("status")).to_contain_text("Váš zájem byl zaznamenán")
    assert_accessible(page)
    assert Interest.objects.filter(application=app, offer=offer).exists()


def test_register_application_in_ukrainian_without_javascript(browser, live_server):
    cache.clear()
    places = make_places()
    url = f"/register/apply/?municipality={PRAHA}&district={PRAHA_7}"
    checked = browser.new_context(base_url=live_server.url, bypass_csp=True,
                                  extra_http_headers={"Accept-Language": "uk"})
    with_js = checked.new_page()
    with_js.goto(url)
    assert_accessible(with_js)  # axe needs JavaScript; the form itself does not
    checked.close()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  locale="uk-UA", extra_http_headers={
                                      "Accept-Language": "uk"})
    page = context.new_page()
    page.kmb_no_js = True
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Заява про внесення")
    page.get_by_label("Ім'я").fill("Olena")
    page.get_by_label("Прізвище").fill("Kovalenko")
    page.get_by_label("Дата народження").fill("1988-05-14")
    page.get_by_label("Електронна пошта").fill("olena@example.org")
    page.get_by_label("Ваша житлова ситуація").fill("Bydlíme na ubytovně.")
    page.get_by_label("Заявляю, що надані відомості правдиві та повні.").check()
    page.get_by_role("button", name="Подати заяву").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Вашу заяву подано")
    assert_accessible(page)
    procedure = Procedure.objects.get()
    assert procedure.contact_point == places.praha_7 and procedure.channel == "portal"
    context.close()
