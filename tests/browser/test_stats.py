"""A Prague analyst in Chromium: the city's four offices together and apart, the ETHOS
trend, the map of municipalities, the council PDF, the open-data page. axe on each page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kmb.core.events import event_record
from kmb.core.permissions import Role
from kmb.stats.models import Inhabitants, ScopeKind, StatsScope
from kmb.stats.rollup import refresh_dirty
from tests import factories
from tests.browser.conftest import assert_accessible

# the statistics pages read their figures through the replica alias (kmb.core.replica)
pytestmark = [pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
              pytest.mark.browser]


@pytest.fixture
def prague():
    praha = factories.municipality("554782")
    names = ("KMB Magistrát hl. m. Prahy", "KMB Praha 3", "KMB Praha 7", "KMB Praha 14")
    offices = [factories.ContactPointFactory(name=n, municipality=praha) for n in names]
    analyst = factories.staff("analytik.praha", Role.ANALYST, offices[0])
    scope = StatsScope.objects.create(name="Hlavní město Praha", kind=ScopeKind.CITY,
                                      public=True)
    scope.contact_points.add(*offices)
    scope.analysts.add(analyst)
    Inhabitants.objects.create(municipality_code="554782", name="Praha", year=2024,
                               inhabitants=1384732, source="ČSÚ")
    now = timezone.now()
    for index, office in enumerate(offices):
        for n in range(2 + 3 * index):
            client = factories.ClientFactory(contact_point=office, municipality=praha)
            for months_ago in (0, 2):
                event_record(kind="consultation.recorded", contact_point=office,
                             subject_id=client.uuid,
                             occurred_at=now - timedelta(days=31 * months_ago),
                             data={"channel": "in_person", "anonymous": False,
                                   "ethos": ["1", "6", "insecure"][n % 3],
                                   "municipality": "554782", "duration_minutes": 40})
    refresh_dirty()
    return offices


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "kmb-demo")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_prague_analyst_sees_the_city_together_and_apart(page, prague):
    _login(page, "analytik.praha")
    page.goto("/staff/stats/")
    expect(page.locator("h1")).to_contain_text("Hlavní město Praha")
    offices = page.locator("#t-offices").locator("xpath=..")
    for name, persons in (("KMB Magistrát hl. m. Prahy", 2), ("KMB Praha 3", 5),
                          ("KMB Praha 7", 8), ("KMB Praha 14", 11)):
        expect(offices.locator("tr", has=page.locator(f"th:text-is('{name}')"))
               .locator("td").first).to_have_text(str(persons))
    expect(offices.locator("tr", has=page.locator("th:text-is('Rozsah celkem')"))
           .locator("td").first).to_have_text("26")
    # the ETHOS trend: a stacked bar chart rendered on the server, its table beneath
    ethos = page.locator("#t-persons_by_ethos")
    expect(ethos).to_contain_text("ETHOS Light category".replace(
        "ETHOS Light category", "kategorie ETHOS Light"))
    assert page.locator("figure svg[role=img]").count() >= 4
    # the map of the scope's municipalities per 1 000 inhabitants
    expect(page.locator("#map ~ figure svg").first).to_be_visible()
    expect(page.locator("#t-municipalities").locator("xpath=..")).to_contain_text("Praha")
    assert_accessible(page)
    page.select_option("#id_period", "Q")
    page.locator("form button[type=submit]", has_text="Zobrazit").click()
    expect(page.locator("#t-figures")).to_contain_text("Ukazatele")
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator("a", has_text="Měsíční zpráva pro zastupitelstvo").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page.goto("/")
    page.locator("footer a", has_text="Otevřená data").click()
    expect(page.locator("h1")).to_have_text("Otevřená data")
    expect(page.locator("main")).to_contain_text("Hlavní město Praha")
    assert_accessible(page)


def test_charts_are_drawn_under_the_content_security_policy(browser, live_server, prague):
    """The charts carry their own <style>; under the page's CSP (enforced here, unlike
    the fixture that lets axe in) it must apply, or every chart is drawn black."""
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text)
            if "Content Security Policy" in m.text else None)
    try:
        _login(page, "analytik.praha")
        page.goto("/staff/stats/")
        charts = page.locator("figure svg[role=img] .background")
        assert charts.count() >= 4
        for n in range(charts.count()):
            assert charts.nth(n).evaluate("el => getComputedStyle(el).fill") == \
                "rgb(255, 255, 255)"
        assert not blocked, blocked
    finally:
        context.close()
