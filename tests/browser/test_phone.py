"""The staff pages on a phone (360 px): the menu folds without JavaScript and tables scroll
inside their box, so the action buttons stay reachable."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ",
                                  viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_no_js(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ",
                                  viewport={"width": 360, "height": 740},
                                  java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.kmb_no_js = True  # axe needs JavaScript; the JavaScript test runs it
    yield page
    context.close()


def _page_fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"


def test_menu_folds_and_opens_on_a_phone(phone, adviser_a):
    login(phone, "poradce.a")
    tasks = phone.get_by_role("link", name="Úkoly")
    expect(tasks).to_be_hidden()
    _page_fits(phone)
    assert_accessible(phone)
    phone.locator("#kmb-menu-toggle > summary").click()
    expect(tasks).to_be_visible()
    expect(phone.get_by_role("button", name="Odhlásit se")).to_be_visible()
    assert_accessible(phone)
    tasks.click()
    expect(phone.get_by_role("heading", name="Úkoly")).to_be_visible()


def test_menu_opens_without_javascript(phone_no_js, adviser_a):
    login(phone_no_js, "poradce.a")
    phone_no_js.goto("/staff/tasks/")
    clients = phone_no_js.get_by_role("link", name="Klienti", exact=True)
    expect(clients).to_be_hidden()
    phone_no_js.locator("#kmb-menu-toggle > summary").click()
    expect(clients).to_be_visible()


def test_table_action_button_reachable_by_scrolling_its_box(phone, cp_a, adviser_a, client_a):
    factories.TaskFactory(client=client_a, created_by=adviser_a, assignee=adviser_a,
                          title="Podat žádost o obecní byt s dlouhým názvem úkolu",
                          due_date=timezone.localdate())
    login(phone, "poradce.a")
    phone.goto("/staff/tasks/")
    box = phone.get_by_role("region", name="Úkoly")
    done = box.get_by_role("button", name="Splněno")
    _page_fits(phone)
    # the table is wider than the phone: the button starts outside the box ...
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    # ... the box takes the keyboard focus and scrolls, and the button comes into view
    box.focus()
    expect(box).to_be_focused()
    for _ in range(30):
        phone.keyboard.press("ArrowRight")
    expect(done).to_be_in_viewport()
    assert box.evaluate("el => el.scrollLeft") > 0
    assert_accessible(phone)
    done.click()
    expect(phone.get_by_text("Úkol byl aktualizován.")).to_be_visible()
