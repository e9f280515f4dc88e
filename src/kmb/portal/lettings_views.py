"""The portal's pages of municipal flats: the letting programmes of a municipality, the
flats on offer, the applicant's one button of interest and the anonymised results.

No account is needed to read; the registered applicant signed in with the one-time e-mail
link (:mod:`kmb.lettings.applicant`) expresses interest. No JavaScript: photos are plain
``<img loading="lazy" srcset=…>`` served in a few widths by :func:`photo`, only for flats
that are, or were, published.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from PIL import Image

from kmb.cases.errors import DomainError
from kmb.core.i18n import translated
from kmb.housing.models import FlatPhoto
from kmb.lettings import selectors as lettings
from kmb.lettings import services as lettings_services
from kmb.lettings.applicant import applicant_from_request
from kmb.lettings.models import OfferStatus, Programme
from kmb.portal.selectors import (
    code_param,
    municipality_by_code,
    partner_services_for,
    place_search,
)

#: widths in which photos are served (the srcset); the largest is the stored photo's size
PHOTO_WIDTHS = (320, 640, 1280)


def _apply_url(programme: Programme) -> str:
    if not programme.accepts_portal_applications:
        return ""
    return f"{reverse('lettings:apply')}?{urlencode({'programme': str(programme.uuid)})}"


def _programme_card(programme: Programme, *, full: bool = False) -> dict:
    """What a resident reads about a programme, in the active language."""
    rules = lettings.rules_plain(programme=programme)
    return {
        "programme": programme, "label": programme.label,
        "target_group": translated(programme, "target_group"),
        "conditions": translated(programme, "conditions"),
        "how_to_apply": translated(programme, "how_to_apply"),
        "wait_months": lettings.typical_wait_months(programme=programme),
        "waiting": programme.waiting,
        "rules": rules, "apply_url": _apply_url(programme),
        "fit": sorted(programme.fit_rules.all(), key=lambda r: r.rooms) if full else [],
    }


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Which programmes the municipality lets its flats through, for whom, on what
    conditions, how long people wait and how to apply; for private rentals, the social
    rental agencies of the partner directory."""
    municipality = municipality_by_code(code_param(request.GET.get("municipality")))
    q = request.GET.get("q", "").strip()[:100]
    if municipality is None:
        return render(request, "portal/lettings/overview.html", {
            "municipality": None, "places": lettings.public_programme_places(), "q": q,
            "matches": place_search(q) if q else []})
    programmes = [_programme_card(p) for p in
                  lettings.with_waiting(lettings.public_programmes(municipality=municipality))]
    return render(request, "portal/lettings/overview.html", {
        "municipality": municipality, "programmes": programmes, "q": q,
        "offers": lettings.public_offers(municipality=municipality).count(),
        "agencies": partner_services_for(categories=["social_rental_agency"],
                                         municipality=municipality, limit=6)})


@require_GET
def programme_detail(request: HttpRequest, programme_id) -> HttpResponse:
    programme = lettings.public_programme_get(programme_id)
    return render(request, "portal/lettings/programme.html",
                  {"card": _programme_card(programme, full=True),
                   "municipality": programme.municipality})


@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    municipality = municipality_by_code(code_param(request.GET.get("municipality")))
    page = Paginator(lettings.public_offers(municipality=municipality), 20).get_page(
        request.GET.get("page"))
    return render(request, "portal/lettings/offer_list.html",
                  {"page_obj": page, "offers": [_offer_view(o) for o in page.object_list],
                   "municipality": municipality})


def _srcset(photo: FlatPhoto) -> dict:
    widths = [w for w in PHOTO_WIDTHS if w < (photo.width or PHOTO_WIDTHS[-1])] or \
        [PHOTO_WIDTHS[0]]
    urls = {w: reverse("portal:lettings_photo", kwargs={"photo_id": photo.uuid, "width": w})
            for w in widths}
    ratio = (photo.height / photo.width) if photo.width and photo.height else 0.75
    return {"src": urls[widths[0]], "srcset": ", ".join(f"{u} {w}w" for w, u in urls.items()),
            "width": widths[0], "height": round(widths[0] * ratio),
            "alt": photo.caption}


def _offer_view(offer) -> dict:
    flat = offer.flat
    photos = [_srcset(p) for p in flat.photos.all()]
    return {"offer": offer, "flat": flat, "photos": photos,
            "services": flat.service_advances + flat.energy_estimate,
            "total": flat.rent + flat.service_advances + flat.energy_estimate,
            "result": lettings.offer_result_public(offer),
            "programme_label": offer.programme.label}


def _offer_page(request: HttpRequest, offer, *, message: str = "", status: int = 200
                ) -> HttpResponse:
    application = applicant_from_request(request)
    problem, has_interest = "", False
    if offer.status == OfferStatus.OPEN:
        problem = lettings.interest_problem(application=application, offer=offer)
        # whether the problem is an interest already expressed: asked only when there is
        # a problem, so a fitting applicant's page makes one query less
        if problem and application is not None:
            has_interest = lettings.applicant_has_interest(application=application,
                                                           offer=offer)
    return render(request, "portal/lettings/offer.html", {
        **_offer_view(offer), "application": application, "problem": problem,
        "has_interest": has_interest, "message": message,
        "done": request.GET.get("done", ""),
        "max_interests": settings.KMB_LETTINGS_MAX_INTERESTS,
        "sign_in_url": reverse("lettings:sign_in"), "account_url": reverse("lettings:account"),
    }, status=status)


@require_GET
def offer_detail(request: HttpRequest, offer_id) -> HttpResponse:
    return _offer_page(request, lettings.public_offer_get(offer_id))


@require_POST
def offer_interest(request: HttpRequest, offer_id) -> HttpResponse:
    """The applicant's one button (express, or withdraw while the window is open)."""
    offer = lettings.public_offer_get(offer_id)
    application = applicant_from_request(request)
    if application is None:
        return _offer_page(request, offer, status=403)
    withdraw = request.POST.get("action") == "withdraw"
    try:  # both services are atomic
        if withdraw:
            lettings_services.interest_withdraw(application=application, offer=offer)
        else:
            lettings_services.interest_express(application=application, offer=offer)
    except DomainError as exc:
        return _offer_page(request, offer, message=exc.message, status=400)
    url = reverse("portal:lettings_offer", kwargs={"offer_id": offer.uuid})
    return redirect(f"{url}?done={'withdrawn' if withdraw else 'interest'}")


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    municipality = municipality_by_code(code_param(request.GET.get("municipality")))
    # the list shows no photos: only the result, so no query per flat
    rows = [{"offer": o, "flat": o.flat, "programme_label": o.programme.label,
             "result": result}
            for o in lettings.public_results(municipality=municipality)
            if (result := lettings.offer_result_public(o))]
    return render(request, "portal/lettings/results.html",
                  {"rows": rows, "municipality": municipality})


@require_http_methods(["GET", "HEAD"])
@cache_control(public=True, max_age=86400)
def photo(request: HttpRequest, photo_id, width: int) -> HttpResponse:
    """A photo of a flat that is (or was) offered on the portal, in one of the widths;
    the scaled copies are made once and kept in the storage next to the photo."""
    if width not in PHOTO_WIDTHS:
        raise Http404
    found = lettings.public_photo_get(photo_id)
    storage = found.image.storage
    scaled = found.image.name.removesuffix(".jpg") + f".w{width}.jpg"
    if not storage.exists(scaled):
        try:
            with storage.open(found.image.name, "rb") as handle:
                image = Image.open(handle)
                image.load()
        except (OSError, ValueError):
            raise Http404 from None
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)),
                                 Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=80, optimize=True,
                                  progressive=True)
        scaled = storage.save(scaled, ContentFile(out.getvalue()))
    with storage.open(scaled, "rb") as handle:
        return HttpResponse(handle.read(), content_type="image/jpeg")
