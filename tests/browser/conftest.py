"""Real-browser fixtures: Debian's Chromium driven by Playwright, axe on every page.

When ``CI`` is set the browser tests must run; elsewhere they are skipped if Chromium is
not installed.
"""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API loop

CHROMIUM = os.environ.get("KMB_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; the browser tests must run in CI")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ",
                                  viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def page_no_js(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ",
                                  java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.kmb_no_js = True  # axe needs JavaScript; the same templates are checked with it on
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Run axe on the page; no serious or critical violation may pass."""
    from axe_playwright_python.sync_playwright import Axe

    if getattr(page, "kmb_no_js", False):
        return
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    report = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — "
                       f"{[n['target'] for n in v['nodes']][:5]}" for v in bad)
    assert not bad, f"axe on {page.url}:\n{report}"


def login(page, username: str, password: str = "kmb-demo") -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Uživatelské jméno").fill(username)
    page.get_by_label("Heslo").fill(password)
    page.get_by_role("button", name="Přihlásit").click()
