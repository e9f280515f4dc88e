"""The public portal in Chromium at phone width, in Czech, English and Ukrainian, with
JavaScript on and off; axe on every page that can run it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from kmb.cases.models import OnlineRequest
from kmb.core.permissions import Role
from tests import factories
from tests.browser.conftest import assert_accessible, login
from tests.portal.places import make_places

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def places(transactional_db):
    cache.clear()
    return make_places()


def _phone(page):
    page.set_viewport_size(PHONE)
    return page


def _fits(page) -> None:
    """Nothing sticks out sideways: the page reads without horizontal scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), \
        page.url


def _check(page) -> None:
    _fits(page)
    assert_accessible(page)


def _next(page, label: str) -> None:
    page.get_by_role("button", name=label).click()


def test_eviction_notice_in_praha_7_in_czech_with_javascript(page, places):
    page = _phone(page)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kam se obrátit, když je problém s bydlením")
    _check(page)
    page.get_by_role("link", name="Můžu přijít o bydlení").click()

    expect(page.get_by_text("Otázka 1 z 7")).to_be_visible()
    _check(page)
    page.get_by_label("V nájemním nebo družstevním bytě či domě").check()
    _next(page, "Další")
    page.get_by_label("Mám výpověď z nájmu nebo mi hrozí vystěhování").check()
    _check(page)
    _next(page, "Další")
    # back keeps the answer
    page.get_by_role("link", name="Zpět").click()
    expect(page.get_by_label("Mám výpověď z nájmu nebo mi hrozí vystěhování")).to_be_checked()
    _next(page, "Další")
    page.get_by_label("Do měsíce").check()
    _next(page, "Další")

    page.get_by_label("Ve které obci bydlíte nebo se zdržujete?").fill("praha")
    _check(page)
    _next(page, "Další")
    page.get_by_label("Ve které městské části?").select_option(label="Praha 7")
    _check(page)
    _next(page, "Další")
    page.get_by_label("Děti do 18 let").check()
    _next(page, "Další")
    page.get_by_label("10 000 až 20 000 Kč").check()
    _next(page, "Další")
    page.get_by_label("Ne", exact=True).check()
    _next(page, "Další")

    expect(page.get_by_role("heading", level=1)).to_have_text("Co dělat teď")
    week = page.locator("#week")
    expect(week.get_by_role("heading", name="Výpověď z nájmu bytu: nechte ji hned zkontrolovat")
           ).to_be_visible()
    expect(week).to_contain_text("do 2 měsíců")
    expect(page.locator("#contact-point")).to_contain_text("KMB Praha 7")
    expect(page.locator("#contact-point")).to_contain_text("+420 220 144 111")
    expect(page.locator("#documents")).to_contain_text("Výpověď a dopisy od pronajímatele")
    assert page.locator("#tonight").count() == 0
    _check(page)
    assert "sessionid" not in {c["name"] for c in page.context.cookies()}
    assert {c["name"] for c in page.context.cookies()} <= {"csrftoken"}


def test_a_night_with_nowhere_to_sleep_in_brno_in_ukrainian_without_javascript(
        page_no_js, places):
    page = _phone(page_no_js)
    page.goto("/")
    page.get_by_role("link", name="Українська").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Куди звернутися, коли є проблема з житлом")
    page.get_by_role("link", name="Мені сьогодні ніде ночувати").click()

    _fits(page)
    page.get_by_label("У якому населеному пункті ви живете або перебуваєте?").fill("Brno")
    _next(page, "Далі")
    expect(page.get_by_label("У якому районі міста?")).to_have_value("unknown")
    _fits(page)
    _next(page, "Далі")
    page.get_by_label("Я живу сам або сама").check()
    _next(page, "Далі")
    page.get_by_role("link", name="Пропустити інші запитання і показати, що робити").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Що робити зараз")
    tonight = page.locator("#tonight")
    expect(tonight.get_by_role("heading", name="Ще сьогодні")).to_be_visible()
    expect(tonight).to_contain_text("Знайдіть нічліг на сьогоднішню ніч")
    expect(page.locator("#contact-point")).to_contain_text("KMB Magistrát města Brna")
    expect(page.locator("#contact-point")).to_contain_text("Показати на карті")
    _fits(page)
    assert {c["name"] for c in page.context.cookies()} == {"django_language"}


def test_debts_in_liberec_in_english_with_javascript_and_zoom(page, places):
    page = _phone(page)
    page.goto("/")
    page.get_by_role("link", name="English").click()
    _check(page)
    page.get_by_role("link", name="I have debts or enforcement").click()
    page.get_by_label("In a rented or cooperative flat or house").check()
    _next(page, "Next")
    expect(page.get_by_label("I have other debts or enforcement (exekuce)")).to_be_checked()
    _next(page, "Next")
    page.get_by_label("I am not at risk of losing my home").check()
    _next(page, "Next")
    page.get_by_label("Which municipality do you live or stay in?").fill("liberec")
    _next(page, "Next")
    page.get_by_label("A husband, wife or partner").check()
    _next(page, "Next")
    page.get_by_label("CZK 20,000 to 35,000").check()
    _next(page, "Next")
    page.get_by_label("I do not know").check()
    _check(page)
    _next(page, "Next")

    expect(page.get_by_role("heading", level=1)).to_have_text("What to do now")
    soon = page.locator("#soon")
    expect(soon.get_by_role("heading", name="Go to free debt counselling")).to_be_visible()
    assert page.locator("#week").count() == 0 and page.locator("#tonight").count() == 0
    expect(page.locator("#contact-point")).to_contain_text("KMB Liberec")
    expect(page.locator("#documents")).to_contain_text("Papers about debts and enforcement")
    _check(page)
    # 200 % zoom of a 1280 px wide window is a 640 px wide layout
    page.set_viewport_size({"width": 640, "height": 450})
    _check(page)


def test_the_finder_for_a_few_municipalities_without_javascript(page_no_js, places):
    page = _phone(page_no_js)
    page.goto("/contact-points/")
    search = page.get_by_role("search")
    search.get_by_label("Obec, její část nebo PSČ").fill("plzen")
    search.get_by_role("button", name="Hledat").click()
    expect(page.locator("#found")).to_contain_text("KMB Plzeň")
    expect(page.locator("#found")).to_contain_text("Škroupova 5, 301 00 Plzeň")
    _fits(page)

    page.get_by_role("search").get_by_label("Obec, její část nebo PSČ").fill("Holešovice")
    page.get_by_role("search").get_by_role("button", name="Hledat").click()
    expect(page.locator("#found")).to_contain_text("KMB Praha 7")

    page.get_by_role("search").get_by_label("Obec, její část nebo PSČ").fill("Praha")
    page.get_by_role("search").get_by_role("button", name="Hledat").click()
    expect(page.locator("#found")).to_contain_text("KMB Magistrát hl. m. Prahy")
    page.get_by_label("Městská část").select_option(label="Praha 7")
    page.get_by_role("button", name="Zobrazit").click()
    expect(page.locator("#found")).to_contain_text("KMB Praha 7")
    expect(page.locator("#found").get_by_role("link", name="Zobrazit na mapě")).to_have_attribute(
        "href", "https://www.openstreetmap.org/search?query=U%20Pr%C5%AFhonu%201338/38%2C%20170"
                "%2000%20Praha%207")
    expect(page.locator("#all")).to_contain_text("KMB Liberec")
    _fits(page)


def test_the_finder_passes_axe_with_javascript(page, places):
    page = _phone(page)
    page.goto("/contact-points/?q=praha")
    _check(page)
    page.goto("/accessibility/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prohlášení o přístupnosti")
    _check(page)
    page.goto("/privacy/")
    _check(page)
    page.goto("/for-landlords/")
    _check(page)


def test_a_request_reaches_the_queue_of_the_office(page, places):
    page = _phone(page)
    page.goto("/contact-points/?q=liberec")
    page.locator("#found").get_by_role("link", name="Požádat o konzultaci online").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Požádejte o konzultaci")
    _check(page)
    page.get_by_label("Vaše jméno nebo přezdívka").fill("Jana z Ruprechtic")
    page.get_by_role("button", name="Odeslat žádost").click()
    # errors at the fields, what was typed stays
    missing_phone = page.get_by_text("Napište telefonní číslo, na které máme zavolat.")
    expect(missing_phone.first).to_be_visible()
    expect(page.get_by_label("Vaše jméno nebo přezdívka")).to_have_value("Jana z Ruprechtic")
    _check(page)
    page.get_by_label("Telefon", exact=True).fill("777 123 456")
    page.get_by_label("Výpověď z nájmu").check()
    page.get_by_label("Vaše zpráva").fill("Dostala jsem výpověď, termín je za měsíc.")
    page.get_by_label("Souhlasím se zpracováním údajů z této žádosti").check()
    page.get_by_role("button", name="Odeslat žádost").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Žádost jsme přijali")
    assert "777" not in page.url and "Jana" not in page.url
    _check(page)
    assert OnlineRequest.objects.filter(contact_point=places.liberec).count() == 1

    factories.staff("poradce.liberec", Role.ADVISER, places.liberec)
    login(page, "poradce.liberec")
    page.goto("/staff/requests/")
    expect(page.get_by_role("link", name="Jana z Ruprechtic")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Výpověď z nájmu")


# --------------------------------------------------------------------------------------
# advice by the housing answer, the quick exit and the safety page
# --------------------------------------------------------------------------------------

NEUTRAL = "https://www.google.com/"


def _neutral_site(page) -> None:
    """The neutral site of the quick exit is outside the test network: answer for it."""
    page.route(NEUTRAL + "**", lambda route: route.fulfill(
        status=200, content_type="text/html",
        body="<!DOCTYPE html><html lang='en'><title>Search</title><h1>Search</h1></html>"))


@pytest.fixture
def page_with_csp(browser, live_server):
    """JavaScript on and the site's Content-Security-Policy enforced (no bypass)."""
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.kmb_csp_errors = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and page.kmb_csp_errors.append(message.text))
    yield page
    context.close()


def test_a_hostel_resident_in_english_learns_there_is_no_three_month_notice(page, places):
    from tests.benefits.conftest import ensure_parameters

    ensure_parameters()  # the income limit's dated parameters (flushed between tests)
    page = _phone(page)
    page.goto("/")
    page.get_by_role("link", name="English").click()
    page.get_by_role("link", name="I may lose my home").click()
    expect(page.get_by_role("link", name="Leave this page quickly")).to_be_visible()
    page.get_by_label("In a hostel (ubytovna), with an accommodation contract").check()
    _next(page, "Next")
    page.get_by_label("I have to leave where I stay now (hostel, friends, institution)").check()
    _next(page, "Next")
    page.get_by_label("Within a month").check()
    _check(page)
    _next(page, "Next")
    page.get_by_label("Which municipality do you live or stay in?").fill("plzen")
    _next(page, "Next")
    page.get_by_label("I live alone").check()
    _next(page, "Next")
    page.get_by_label("Up to CZK 10,000").check()
    _next(page, "Next")
    page.get_by_label("No", exact=True).check()
    _next(page, "Next")

    expect(page.get_by_role("heading", level=1)).to_have_text("What to do now")
    week = page.locator("#week")
    hostel = "A hostel: an accommodation contract is not a lease"
    expect(week.get_by_role("heading", name=hostel)).to_be_visible()
    expect(week).not_to_contain_text("notice period is 3 months")
    expect(page.locator("#advice-register")).to_contain_text("7,865")
    expect(page.get_by_role("link", name="Leave this page quickly")).to_be_visible()
    _check(page)


@pytest.mark.parametrize(("language", "housing", "heading", "says"), [
    ("cs", "rented", "Výpověď z nájmu bytu: nechte ji hned zkontrolovat", "do 2 měsíců"),
    ("en", "rented", "A notice to quit a rented flat: have it checked now", "within 2 months"),
    ("uk", "rented", "Повідомлення про розірвання оренди квартири: негайно дайте його "
                     "перевірити", "протягом 2 місяців"),
    ("cs", "hostel", "Ubytovna: smlouva o ubytování není nájem", "není nájemní smlouvou"),
    ("uk", "hostel", "Гуртожиток: договір про проживання — це не оренда", "Це не договір оренди"),
    ("cs", "family", "Bydlíte u rodiny nebo známých bez smlouvy", "ochranu nájemce"),
    ("en", "family", "You live with family or friends without a contract", "at any time"),
    ("uk", "owner", "Власна квартира або будинок: виконавче провадження або примусовий продаж",
     "15 днів"),
    ("en", "owner", "Your own flat or house: enforcement or a forced sale", "within 15 days"),
])
def test_the_notice_advice_follows_the_housing_answer(page, places, language, housing, heading,
                                                      says):
    page = _phone(page)
    page.goto(f"/language/?lang={language}&next=/")
    page.goto(f"/navigator/result/?housing={housing}&threat=notice&when=month"
              f"&municipality=563889&household=partner&income=under_20k")
    week = page.locator("#week")
    expect(week.get_by_role("heading", name=heading)).to_be_visible()
    expect(week).to_contain_text(says)
    # the source of the rule is given under the text
    expect(week).to_contain_text("89/2012" if housing != "owner" else "120/2001")
    _check(page)


def test_the_quick_exit_with_javascript_leaves_by_esc_and_back_does_not_return(
        page_with_csp, places):
    page = _phone(page_with_csp)
    _neutral_site(page)
    page.goto("/")
    page.goto("/navigator/?step=threat&housing=rented")
    expect(page.get_by_text("Stránku opustíte i klávesou Esc.")).to_be_visible()
    _check(page)
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert "/navigator/" not in page.url  # the navigator page was replaced in the history
    assert page.kmb_csp_errors == []


def test_typing_esc_in_a_field_does_not_leave(page_with_csp, places):
    page = _phone(page_with_csp)
    _neutral_site(page)
    page.goto("/navigator/?step=municipality&housing=none")
    page.get_by_label("Ve které obci bydlíte nebo se zdržujete?").fill("Pra")
    page.get_by_label("Ve které obci bydlíte nebo se zdržujete?").press("Escape")
    assert "/navigator/" in page.url
    page.get_by_role("link", name="Rychle opustit stránku").click()
    page.wait_for_url(NEUTRAL)


def test_the_quick_exit_without_javascript_is_a_plain_link(page_no_js, places):
    page = _phone(page_no_js)
    _neutral_site(page)
    page.goto("/safety/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bezpečí a domácí násilí")
    expect(page.get_by_text("Stránku opustíte i klávesou Esc.")).to_be_hidden()
    _fits(page)
    page.get_by_role("link", name="Rychle opustit stránku").click()
    page.wait_for_url(NEUTRAL)


@pytest.mark.parametrize("language", ["cs", "en", "uk"])
def test_the_safety_page_passes_axe_in_three_languages(page, places, language):
    page = _phone(page)
    page.goto(f"/language/?lang={language}&next=/safety/")
    expect(page.locator(".kmb-crisis-lines li")).to_have_count(6)
    _check(page)
