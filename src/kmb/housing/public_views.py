"""The owners' form on the public portal: offer a flat to the contact point.

Works without JavaScript; a honeypot field and a per-address hourly limit (the same as the
online request form) keep robots out. The offer lands in the office's queue as an owner
contact with a draft flat in preparation.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kmb.accounts.selectors import contact_point_for_municipality
from kmb.cases.errors import DomainError
from kmb.housing import services
from kmb.housing.forms import PortalOfferForm
from kmb.portal import throttle


@require_http_methods(["GET", "POST"])
def offer_flat(request: HttpRequest) -> HttpResponse:
    form = PortalOfferForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not throttle.request_allowed(request):
            form.is_valid()
            form.add_error(None, _("Too many requests came from this connection. Please try "
                                   "again in an hour, or call the contact point."))
            return render(request, "housing/portal_offer.html", {"form": form}, status=429)
        if (request.POST.get("website") or "").strip():
            throttle.request_counted(request)  # a robot: say thanks, keep nothing
            return redirect("housing:offer_flat_sent")
        if form.is_valid():
            office = contact_point_for_municipality(
                municipality=form.cleaned_data["municipality"])
            if office is None:
                form.add_error("municipality", _("No contact point serves this municipality "
                                                 "in KMB yet."))
            else:
                try:
                    services.portal_offer_create(contact_point=office,
                                                 owner=form.owner_data(),
                                                 flat=form.flat_data())
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    throttle.request_counted(request)
                    return redirect("housing:offer_flat_sent")
        status = 400
    return render(request, "housing/portal_offer.html", {"form": form}, status=status)


@require_GET
def offer_flat_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "housing/portal_offer_sent.html")
