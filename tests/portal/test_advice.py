"""What the navigator says, checked against the law it cites: the notice-to-quit advice by
the housing answer in three languages, the deposit, MOP, domestic violence, the register
and the landlords' guarantee. Every text that states a rule names its act and section."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kmb.portal.content_files import shipped
from tests.portal.places import PLZEN

pytestmark = pytest.mark.django_db

RESULT = ("/navigator/result/?housing={housing}&threat={threat}&when=month"
          f"&municipality={PLZEN}&household=partner&income=under_20k")


def _week(housing: str, language: str, threat: str = "notice") -> str:
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(
        RESULT.format(housing=housing, threat=threat))
    assert response.status_code == 200
    body = response.content.decode()
    section = body[body.index('id="week"'):body.index('id="contact-point"')]
    return re.sub(r"\s+", " ", section.replace("&#x27;", "'"))


def _source(key: str) -> str:
    return shipped()[key]["cs"].source


@pytest.mark.parametrize(("language", "written", "two_months", "three_months", "first_day"), [
    ("cs", "musí být písemná", "do 2 měsíců", "Výpovědní doba je 3 měsíce",
     "prvním dnem měsíce po doručení"),
    ("en", "must be in writing", "within 2 months", "The notice period is 3 months",
     "first day of the month after the notice was delivered"),
    ("uk", "має бути письмовим", "протягом 2 місяців", "становить 3 місяці",
     "з першого дня місяця після вручення"),
])
def test_a_tenant_learns_the_lease_rules(places, language, written, two_months, three_months,
                                        first_day):
    week = _week("rented", language)
    for phrase in (written, two_months, three_months, first_day):
        assert phrase in week, (language, phrase)
    # the wrong sentence of old is gone
    assert "often" not in week and "často" not in week and "часто" not in week
    assert re.search(r"§ 2286\b.*§ 2288\b.*§ 2290\b.*§ 2291\b", _source("advice.notice_lease"))
    # and the reader sees the source under the text
    assert re.search(r'kmb-portal-source[^>]*>[^<]*§ 2290', week), language


@pytest.mark.parametrize(("language", "no_lease"), [
    ("cs", "není nájemní smlouvou"), ("en", "It is not a lease"),
    ("uk", "Це не договір оренди"),
])
def test_a_hostel_resident_is_told_it_is_not_a_lease_and_gets_no_three_month_notice(
        places, language, no_lease):
    for threat in ("notice", "must_leave"):
        week = _week("hostel", language, threat)
        assert no_lease in week, (language, threat)
        # no sentence gives him a three-month notice period or a court review in 2 months
        for wrong in ("Výpovědní doba je 3 měsíce", "notice period is 3 months",
                      "становить 3 місяці", "do 2 měsíců", "within 2 months of"):
            assert wrong not in week, (language, threat, wrong)
    assert "§ 2326" in _source("advice.notice_hostel")
    assert re.search(r'kmb-portal-source[^>]*>[^<]*§ 2326', week)


def test_living_with_family_and_an_owner_facing_a_sale(places):
    week = _week("family", "cs")
    assert "kdykoli" in week and "Výpovědní doba je 3 měsíce" not in week
    week = _week("owner", "en", threat="debts")
    assert "Your own flat or house: enforcement or a forced sale" in week
    assert "within 15 days" in week and "notice period" not in week
    assert "§ 109" in _source("advice.notice_owner")


@pytest.mark.parametrize(("language", "gross", "demand", "plan", "energy", "funds"), [
    ("cs", "za 3 měsíce", "musí vyzvat", "splátkový kalendář", "dřív než vás odpojí",
     "nadační fondy"),
    ("en", "for 3 months", "must ask you to pay", "repayment plan", "before they cut you off",
     "Foundation funds"),
    ("uk", "за 3 місяці", "має попросити вас сплатити", "графік погашення",
     "поки вас не відключили", "Благодійні фонди"),
])
def test_arrears_advice_of_a_tenant(places, language, gross, demand, plan, energy, funds):
    week = _week("rented", language, threat="arrears")
    for phrase in (gross, demand, plan, energy, funds):
        assert phrase in week, (language, phrase)
    assert "§ 2291" in _source("advice.arrears_lease")


def test_deposit_and_mop_are_stated_with_their_limits(places):
    body = Client(HTTP_ACCEPT_LANGUAGE="cs").get(
        f"/navigator/result/?housing=hostel&threat=looking&when=week&municipality={PLZEN}"
        "&income=under_10k").content.decode()
    assert "nejvýše ve výši trojnásobku měsíčního nájemného" in body
    assert "vrátit i s úroky" in body
    assert "Nárok na ni není" in body and "hmotné nouzi" in body
    assert "§ 2254" in _source("advice.looking")
    assert "111/2006" in _source("benefit.mop")


@pytest.mark.parametrize(("language", "removal", "hours", "court"), [
    ("cs", "vykázat", "Do 48 hodin", "předběžné opatření"),
    ("en", "(vykázání)", "Within 48 hours", "interim order"),
    ("uk", "тимчасово заборонити кривднику перебувати в житлі (vykázání)",
     "Протягом 48 годин", "тимчасовий захід"),
])
def test_violence_advice_names_the_intervention_centre_and_the_court(
        places, language, removal, hours, court):
    body = Client(HTTP_ACCEPT_LANGUAGE=language).get(
        "/navigator/result/?housing=rented&threat=violence&when=week").content.decode()
    for phrase in (removal, hours, court):
        assert phrase in body, (language, phrase)
    assert "вислати" not in body
    assert "§ 400" in _source("advice.danger") and "§ 60a" in _source("page.safety")


@pytest.mark.parametrize(("language", "conditions"), [
    ("cs", ("závazné stanovisko Úřadu práce", "2 roky", "prohlášení", "životního minima")),
    ("en", ("binding opinion", "2 years", "declaration", "living minimum")),
    ("uk", ("обов'язковому висновку", "2 роки", "заяву", "прожиткового мінімуму")),
])
def test_the_register_is_offered_with_its_conditions(places, language, conditions):
    body = Client(HTTP_ACCEPT_LANGUAGE=language).get(
        f"/navigator/result/?housing=hostel&threat=must_leave&municipality={PLZEN}"
        "&household=alone&income=under_10k").content.decode().replace("&#x27;", "'")
    register = body[body.index('id="advice-register"'):]
    register = re.split(r'<li class="kmb-card|</ol>', register)[0]
    for phrase in conditions:
        assert phrase in register, (language, phrase)
    assert "mezi potřebné" not in body


@pytest.mark.parametrize(("language", "conditions"), [
    ("cs", ("zapsaný v evidenci bytů", "nejvyšší přípustné nájemné", "nejméně na 1 rok",
            "není neomezené")),
    ("en", ("register of flats", "maximum permitted rent", "at least 1 year", "not unlimited")),
    ("uk", ("реєстру квартир", "найвищу допустиму орендну плату", "щонайменше на 1 рік",
            "не є необмеженою")),
])
def test_the_landlords_guarantee_has_its_conditions(places, language, conditions):
    body = Client(HTTP_ACCEPT_LANGUAGE=language).get("/for-landlords/").content.decode()
    for phrase in conditions:
        assert phrase in body, (language, phrase)


def test_ukrainian_wording(places):
    texts = {key: files["uk"] for key, files in shipped().items() if "uk" in files}
    everything = " ".join(f"{f.title} {f.body}" for f in texts.values())
    assert "державної соціальної підтримки" not in everything
    assert "вислати" not in everything and "Розпорядником даних" not in everything
    assert "Володільцем (контролером) персональних даних" in texts["page.privacy"].body
    assert "округ" not in everything
    # one term for the contact point
    assert "контактного пункту з питань житла" in texts["advice.contact_point"].title
    assert not re.search(r"контактн\w+ (?:місц|точк|центр)", everything)
    # the Czech names of benefits and offices in brackets, so people can ask for them
    assert "(Úřad práce)" in texts["benefit.dssp"].body
    assert "(dávka státní sociální pomoci" in texts["benefit.dssp"].title
    assert "(příspěvek na péči)" in texts["benefit.care"].title + texts["benefit.care"].body


def test_plain_czech_words():
    everything = " ".join(f"{f['cs'].title} {f['cs'].body}" for f in shipped().values())
    for jargon in ("sociálně aktivizační", "Sociálně aktivizační", "mezi potřebné",
                   "Dnes a dnes v noci", "nevyhovujících podmínkách"):
        assert jargon not in everything, jargon
