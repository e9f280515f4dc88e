"""The portal's municipal flats: programmes, offers with photos, the one button of interest
and the anonymised results, as a resident meets them."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kmb.housing import services as housing_services
from kmb.lettings import services
from kmb.lettings.applicant import SESSION_AT, SESSION_KEY
from kmb.lettings.models import Interest
from tests.lettings import factories as lf

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (200, 180, 160)).save(out, format="PNG")
    return out.getvalue()


def _photos(flat, actor, n, capture):
    for i in range(n):
        with capture(execute=True):
            housing_services.photo_add(flat=flat, actor=actor, caption=f"Pokoj {i + 1}",
                                       upload=SimpleUploadedFile("a.png", _png()))


def _offer(cp, actor, prog, capture, *, photos=2, **flat):
    found = lf.municipal_flat(cp, actor, prog, **flat)
    _photos(found, actor, photos, capture)
    offer = services.offer_create(flat=found, actor=actor)
    return services.offer_publish(offer=offer, actor=actor)


def _signed_in(application) -> Client:
    browser = Client()
    session = browser.session
    session[SESSION_KEY] = str(application.uuid)
    session[SESSION_AT] = int(time.time())
    session.save()
    return browser


def _url(offer) -> str:
    return reverse("portal:lettings_offer", kwargs={"offer_id": offer.uuid})


def test_overview_shows_programmes_rules_waiting_and_how_to_apply(cp_a, housing_officer_a):
    prog = lf.programme(cp_a, housing_officer_a, how_to_apply="Podejte žádost na portálu.",
                        how_to_apply_uk="Подайте заяву на порталі.",
                        accepts_portal_applications=True)
    lf.application(prog, housing_officer_a, register=True)
    code = cp_a.municipality.code
    body = Client().get("/municipal-flats/").content.decode()
    assert f"?municipality={code}" in body
    page = Client(HTTP_ACCEPT_LANGUAGE="uk").get("/municipal-flats/", {"municipality": code})
    html = page.content.decode()
    assert "Соціальні квартири" in html and "Подайте заяву на порталі." in html
    assert f"programme={prog.uuid}" in html  # the way to apply for this programme
    assert "версія 1" in html or "version 1" in html  # the rules in force, with version
    criterion = prog.rule_sets.get().criteria[0]
    detail = Client().get(reverse("portal:lettings_programme",
                                  kwargs={"programme_id": prog.uuid})).content.decode()
    assert str(criterion.get("label_cs") or criterion.get("label") or "") in detail
    assert "2+1" not in detail or "osob" in detail
    assert Client().get(reverse("portal:lettings_programme",
                                kwargs={"programme_id": "nonsense"})).status_code == 404


def test_offer_page_is_light_lazy_fixed_in_queries_and_serves_only_published_photos(
        cp_a, housing_officer_a, django_capture_on_commit_callbacks,
        django_assert_max_num_queries):
    prog = lf.programme(cp_a, housing_officer_a)
    offer = _offer(cp_a, housing_officer_a, prog, django_capture_on_commit_callbacks,
                   photos=1)
    many = _offer(cp_a, housing_officer_a, prog, django_capture_on_commit_callbacks,
                  photos=6, street="Milady Horákové", house_number="5")
    app = lf.application(prog, housing_officer_a, register=True, children=1)
    browser = _signed_in(app)
    browser.get(_url(offer))  # session and translations warm
    for target in (offer, many):
        with django_assert_max_num_queries(14):
            response = browser.get(_url(target))
        assert response.status_code == 200
    html = response.content.decode()
    assert len(response.content) < 100_000 and "<script" not in html
    assert html.count('loading="lazy"') == 6 and "srcset=" in html and " 640w" in html
    assert "7 800" in html.replace("\xa0", " ")  # Czech money format
    photo = many.flat.photos.first()
    served = Client().get(reverse("portal:lettings_photo",
                                  kwargs={"photo_id": photo.uuid, "width": 640}))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(served.content)).width == 640
    assert "public" in served["Cache-Control"]
    assert Client().get(reverse("portal:lettings_photo", kwargs={
        "photo_id": photo.uuid, "width": 999})).status_code == 404
    hidden = lf.municipal_flat(cp_a, housing_officer_a, prog, street="Tajná")
    _photos(hidden, housing_officer_a, 1, django_capture_on_commit_callbacks)
    assert Client().get(reverse("portal:lettings_photo", kwargs={
        "photo_id": hidden.photos.get().uuid, "width": 320})).status_code == 404


def test_one_button_of_interest_with_clear_messages(cp_a, housing_officer_a, settings,
                                                    django_capture_on_commit_callbacks):
    settings.KMB_LETTINGS_MAX_INTERESTS = 1
    prog = lf.programme(cp_a, housing_officer_a)
    capture = django_capture_on_commit_callbacks
    offer = _offer(cp_a, housing_officer_a, prog, capture, photos=0)
    second = _offer(cp_a, housing_officer_a, prog, capture, photos=0, street="Letná")
    small = _offer(cp_a, housing_officer_a, prog, capture, photos=0, street="Malá",
                   layout="1+kk", area_m2=24)
    anonymous = Client().get(_url(offer)).content.decode()
    assert "přihlaste odkazem z e-mailu" in anonymous and "Mám o byt zájem" not in anonymous
    app = lf.application(prog, housing_officer_a, register=True, children=2)
    browser = _signed_in(app)
    assert "Mám o byt zájem" in browser.get(_url(offer)).content.decode()
    response = browser.post(reverse("portal:lettings_interest",
                                    kwargs={"offer_id": offer.uuid}))
    assert response.status_code == 302
    assert "zaznamenán" in browser.get(response["Location"]).content.decode()
    assert Interest.objects.filter(application=app, offer=offer).exists()
    # at most N at a time: said on the page and refused on a forged post
    page = browser.get(_url(second)).content.decode()
    assert "tolik bytů: 1" in page and "Mám o byt zájem" not in page
    refused = browser.post(reverse("portal:lettings_interest",
                                   kwargs={"offer_id": second.uuid}))
    assert refused.status_code == 400 and "tolik bytů: 1" in refused.content.decode()
    # a household too large for the flat is told why
    assert "osob" in browser.get(_url(small)).content.decode()
    # withdrawing frees the place
    browser.post(reverse("portal:lettings_interest", kwargs={"offer_id": offer.uuid}),
                 {"action": "withdraw"})
    assert "Mám o byt zájem" in browser.get(_url(second)).content.decode()
    # without a sign-in nothing happens
    assert Client().post(reverse("portal:lettings_interest",
                                 kwargs={"offer_id": second.uuid})).status_code == 403


def test_closed_offer_shows_the_anonymised_result(cp_a, housing_officer_a,
                                                  django_capture_on_commit_callbacks):
    prog = lf.programme(cp_a, housing_officer_a)
    offer = _offer(cp_a, housing_officer_a, prog, django_capture_on_commit_callbacks,
                   photos=0)
    apps = [lf.application(prog, housing_officer_a, register=True, first=f"A{i}",
                           children=1) for i in range(3)]
    for app in apps:
        services.interest_express(application=app, offer=offer)
    offer.closes_at = timezone.now() - timedelta(minutes=1)
    offer.save()
    alloc = services.allocation_offer_next(offer=offer, actor=housing_officer_a)
    services.allocation_decide(allocation=alloc, actor=housing_officer_a, accepted=True)
    alloc.application.refresh_from_db()
    since = alloc.application.registered_on.strftime("%m/%Y")
    for url in (_url(offer), reverse("portal:lettings_results")):
        html = Client().get(url).content.decode()
        assert (f"Pronajato domácnosti (osob: 2, body: {alloc.score}, v evidenci od {since})"
                in html), html
        assert "Zájem projevilo domácností: 3" in html
        assert alloc.application.last_name not in html


def test_results_page_makes_a_fixed_number_of_queries(cp_a, housing_officer_a,
                                                      django_capture_on_commit_callbacks,
                                                      django_assert_max_num_queries):
    prog = lf.programme(cp_a, housing_officer_a)
    for i in range(3):
        offer = _offer(cp_a, housing_officer_a, prog, django_capture_on_commit_callbacks,
                       photos=2, house_number=str(10 + i))
        app = lf.application(prog, housing_officer_a, register=True, first=f"R{i}",
                             children=1)
        services.interest_express(application=app, offer=offer)
        offer.closes_at = timezone.now() - timedelta(minutes=1)
        offer.save()
        alloc = services.allocation_offer_next(offer=offer, actor=housing_officer_a)
        services.allocation_decide(allocation=alloc, actor=housing_officer_a, accepted=True)
    browser = Client()
    url = reverse("portal:lettings_results")
    browser.get(url)  # session and translations warm
    with django_assert_max_num_queries(6):
        response = browser.get(url)
    assert response.content.decode().count("Pronajato domácnosti") == 3
