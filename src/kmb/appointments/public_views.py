"""What people reach without logging in: the booking's own cancel and move links, and
an adviser's private iCal feed."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kmb.appointments import selectors, services, slots
from kmb.appointments.forms import SlotChoiceForm, slot_label
from kmb.appointments.ical import adviser_feed_ics
from kmb.cases.errors import DomainError
from kmb.network import ratelimit
from kmb.network.tokens import token_digest


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _invalid(request, *, unknown: bool = True) -> HttpResponse:
    if unknown:  # guessed or mistyped tokens count towards the stricter limit
        ratelimit.hit("bad_token", ratelimit.client_ip(request))
    return _no_store(render(request, "appointments/public/invalid.html", status=404))


def _limited(request, token: str) -> HttpResponse | None:
    """The answer when this address or this link is over the limits of the partner links
    (guessing tokens, hammering one link), else None."""
    ip = ratelimit.client_ip(request)
    if ratelimit.over("bad_token", ip) or ratelimit.hit("ip", ip) or \
            ratelimit.hit("token", token_digest(token)[:32]):
        return _no_store(render(request, "appointments/public/invalid.html",
                                {"rate": True}, status=429))
    return None


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    if limited := _limited(request, token):
        return limited
    appointment = services.appointment_by_token(raw=token, purpose="cancel")
    if appointment is None:
        return _invalid(request)
    if request.method == "POST":
        try:
            services.appointment_cancel(appointment=appointment, actor=None)
        except DomainError:
            return _invalid(request, unknown=False)
        return _no_store(render(request, "appointments/public/done.html",
                                {"cancelled": True, "office": appointment.contact_point}))
    return _no_store(render(request, "appointments/public/cancel.html", {
        "appointment": appointment, "when": slot_label(appointment)}))


@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, token: str) -> HttpResponse:
    if limited := _limited(request, token):
        return limited
    appointment = services.appointment_by_token(raw=token, purpose="move")
    if appointment is None:
        return _invalid(request)
    office = appointment.contact_point
    free = slots.free_slots(office)
    form = SlotChoiceForm(request.POST or None, slots=free)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            starts_at = timezone.make_aware(datetime.fromisoformat(form.cleaned_data["slot"]))
            try:
                moved = services.appointment_move(appointment=appointment, actor=None,
                                                  starts_at=starts_at)
            except DomainError as exc:
                form = SlotChoiceForm(slots=slots.free_slots(office))
                form.add_error(None, exc.message)
            else:
                return _no_store(render(request, "appointments/public/done.html",
                                        {"moved": True, "office": office,
                                         "when": slot_label(moved)}))
        status = 400
    return _no_store(render(request, "appointments/public/move.html", {
        "appointment": appointment, "when": slot_label(appointment), "form": form,
        "office": office}, status=status))


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """An adviser's appointments and due tasks; revoked or malformed: a plain 404."""
    if limited := _limited(request, token):
        return limited
    user = services.feed_user(raw=token)
    if user is None:
        ratelimit.hit("bad_token", ratelimit.client_ip(request))
        response = HttpResponse(_("This calendar address is not valid: it was mistyped or "
                                  "it has been revoked. Make a new one in KMB under "
                                  "Calendar – My settings."),
                                status=404, content_type="text/plain; charset=utf-8")
        return _no_store(response)
    appointments, tasks = selectors.feed_items(user=user)
    response = HttpResponse(adviser_feed_ics(user=user, appointments=appointments,
                                             tasks=tasks),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kmb.ics"'
    return _no_store(response)
