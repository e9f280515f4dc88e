"""The staff calendar (week and day, per adviser or the whole office), one appointment and
what can be done with it, the office's hours, an adviser's settings and feed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kmb.accounts.decorators import staff_view
from kmb.accounts.selectors import staff_of
from kmb.accounts.tenancy import membership_has
from kmb.appointments import selectors, services
from kmb.appointments.forms import (
    AppointmentForm,
    ClosureForm,
    MoveForm,
    OfficeCalendarForm,
    OpeningHoursForm,
    SettingsForm,
)
from kmb.appointments.ical import appointment_ics
from kmb.appointments.models import (
    Closure,
    OfficeCalendar,
    OpeningHours,
    Status,
)
from kmb.appointments.slots import office_calendar
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases import selectors as case_selectors
from kmb.cases.errors import DomainError
from kmb.core.permissions import Perm


def _advisers(request):
    return staff_of(contact_point=request.membership.contact_point).filter(
        memberships__role__in=["adviser", "lead"], memberships__active=True)


def _adviser_param(request):
    """The adviser whose calendar is shown: ``me`` (default), ``all`` or a user's UUID."""
    value = (request.GET.get("adviser") or "me").strip()
    if value == "all":
        return None, "all"
    if value == "me":
        return request.user, "me"
    found = _advisers(request).filter(uuid=_uuid(value)).first() if _uuid(value) else None
    if found is None:
        return request.user, "me"
    return found, str(found.uuid)


def _uuid(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _nav(view: str, day: date, who: str, step: int) -> dict:
    def url(d):
        return reverse(view) + "?" + urlencode({"day": d.isoformat(), "adviser": who})
    return {"prev": url(day - timedelta(days=step)), "next": url(day + timedelta(days=step)),
            "today": reverse(view) + "?" + urlencode({"adviser": who})}


@staff_view(Perm.APPOINTMENT_MANAGE)
def week(request: HttpRequest) -> HttpResponse:
    day = selectors.parse_day(request.GET.get("day")) or timezone.localdate()
    first = selectors.week_start(day)
    adviser, who = _adviser_param(request)
    days = selectors.calendar_days(contact_point=request.membership.contact_point,
                                   first=first, days=7, adviser=adviser)
    context = {"days": days, "first": first, "last": first + timedelta(days=6),
               "adviser": adviser, "who": who, "advisers": _advisers(request),
               "nav": _nav("appointments:week", first, who, 7), "view": "week"}
    template = "appointments/_days.html" if request.htmx else "appointments/week.html"
    return render(request, template, context)


@staff_view(Perm.APPOINTMENT_MANAGE)
def day_view(request: HttpRequest) -> HttpResponse:
    day = selectors.parse_day(request.GET.get("day")) or timezone.localdate()
    adviser, who = _adviser_param(request)
    days = selectors.calendar_days(contact_point=request.membership.contact_point,
                                   first=day, days=1, adviser=adviser)
    context = {"days": days, "first": day, "last": day, "adviser": adviser, "who": who,
               "advisers": _advisers(request), "nav": _nav("appointments:day", day, who, 1),
               "view": "day"}
    template = "appointments/_days.html" if request.htmx else "appointments/week.html"
    return render(request, template, context)


def _client_from(request):
    client_id = request.GET.get("client") or request.POST.get("client")
    if not client_id:
        return None
    return case_selectors.client_get_for_user(membership=request.membership,
                                              client_id=client_id)


@staff_view(Perm.APPOINTMENT_MANAGE)
def create(request: HttpRequest) -> HttpResponse:
    client = _client_from(request)
    office = request.membership.contact_point
    start = selectors.parse_day(request.GET.get("day"))
    initial = {"adviser": request.user.pk,
               "minutes": office_calendar(office).slot_minutes}
    if start:
        initial["starts_at"] = timezone.make_aware(datetime.combine(start, datetime.min.time())
                                                   .replace(hour=9))
    form = AppointmentForm(request.POST or None, advisers=_advisers(request), client=client,
                           initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appointment_create(
                contact_point=office, actor=request.user, adviser=data["adviser"],
                starts_at=data["starts_at"], minutes=data["minutes"], mode=data["mode"],
                client=client, label=data.get("label", ""), note=data["note"],
                email=data["email"], phone=data["phone"] or "",
                remind_email=data["remind_email"], remind_sms=data["remind_sms"])
        except DomainError as exc:
            form.add_error("starts_at", exc.message)
        else:
            messages.success(request, _("The appointment has been booked."))
            return redirect("appointments:detail", appointment_id=appointment.uuid)
    return render(request, "appointments/form.html", {"form": form, "client": client},
                  status=400 if form.errors else 200)


@staff_view(Perm.APPOINTMENT_MANAGE)
def detail(request: HttpRequest, appointment_id) -> HttpResponse:
    appointment = selectors.appointment_get_for_user(membership=request.membership,
                                                     appointment_id=appointment_id)
    if appointment.client_id:
        audit_record(actor=request.user, action=AuditAction.VIEW, obj=appointment,
                     contact_point=appointment.contact_point, client_id=appointment.client.uuid)
    move = MoveForm(advisers=_advisers(request), initial={
        "starts_at": timezone.localtime(appointment.starts_at),
        "adviser": appointment.adviser_id, "version": appointment.version})
    return render(request, "appointments/detail.html", {
        "appointment": appointment, "move_form": move,
        "messages_sent": appointment.messages.order_by("created_at"),
        "can_mark": appointment.status != Status.CANCELLED
        and appointment.starts_at <= timezone.now() + timedelta(minutes=30)})


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@require_POST
@staff_view(Perm.APPOINTMENT_MANAGE)
def move(request: HttpRequest, appointment_id) -> HttpResponse:
    appointment = selectors.appointment_get_for_user(membership=request.membership,
                                                     appointment_id=appointment_id)
    form = MoveForm(request.POST, advisers=_advisers(request))
    if form.is_valid():
        try:
            services.appointment_move(appointment=appointment, actor=request.user,
                                      starts_at=form.cleaned_data["starts_at"],
                                      adviser=form.cleaned_data["adviser"],
                                      expected_version=form.cleaned_data["version"])
        except DomainError as exc:
            form.add_error("starts_at", exc.message)
        else:
            messages.success(request, _("The appointment has been moved."))
            return redirect("appointments:detail", appointment_id=appointment.uuid)
    return render(request, "appointments/detail.html", {
        "appointment": appointment, "move_form": form,
        "messages_sent": appointment.messages.order_by("created_at")}, status=400)


@require_POST
@staff_view(Perm.APPOINTMENT_MANAGE)
def cancel(request: HttpRequest, appointment_id) -> HttpResponse:
    appointment = selectors.appointment_get_for_user(membership=request.membership,
                                                     appointment_id=appointment_id)
    try:
        services.appointment_cancel(appointment=appointment, actor=request.user,
                                    expected_version=_version(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The appointment has been cancelled."))
    return redirect("appointments:detail", appointment_id=appointment.uuid)


@require_POST
@staff_view(Perm.APPOINTMENT_MANAGE)
def mark(request: HttpRequest, appointment_id) -> HttpResponse:
    """Attended (then the consultation form, filled in) or did not attend."""
    appointment = selectors.appointment_get_for_user(membership=request.membership,
                                                     appointment_id=appointment_id)
    status = request.POST.get("status", "")
    try:
        services.appointment_mark(appointment=appointment, actor=request.user,
                                  status=status, expected_version=_version(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("appointments:detail", appointment_id=appointment.uuid)
    if status == Status.ATTENDED and membership_has(request.membership,
                                                    Perm.CONSULTATION_RECORD):
        if appointment.client_id:
            url = reverse("cases:client_consultation_create",
                          kwargs={"client_id": appointment.client.uuid})
        else:
            url = reverse("cases:consultation_create")
        query = {"appointment": str(appointment.uuid)}
        if appointment.online_request_id:
            query["request"] = str(appointment.online_request.uuid)
        return redirect(url + "?" + urlencode(query))
    messages.success(request, _("Recorded: did not attend.") if status == Status.NO_SHOW
                     else _("Recorded: attended."))
    return redirect("appointments:detail", appointment_id=appointment.uuid)


@staff_view(Perm.APPOINTMENT_MANAGE)
def ics(request: HttpRequest, appointment_id) -> HttpResponse:
    appointment = selectors.appointment_get_for_user(membership=request.membership,
                                                     appointment_id=appointment_id)
    response = HttpResponse(appointment_ics(appointment), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="schuzka.ics"'
    return response


# --- the office's hours ---------------------------------------------------------------------

@staff_view(Perm.CALENDAR_SETUP)
def hours(request: HttpRequest) -> HttpResponse:
    office = request.membership.contact_point
    settings_row = OfficeCalendar.objects.filter(contact_point=office).first() \
        or OfficeCalendar(contact_point=office)
    block_form = OpeningHoursForm(prefix="block")
    closure_form = ClosureForm(prefix="closure")
    settings_form = OfficeCalendarForm(instance=settings_row, prefix="office")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "block":
            block_form = OpeningHoursForm(request.POST, prefix="block")
            if block_form.is_valid():
                services.opening_block_add(contact_point=office, actor=request.user,
                                           **block_form.cleaned_data)
                return _saved(request)
        elif action == "closure":
            closure_form = ClosureForm(request.POST, prefix="closure")
            if closure_form.is_valid():
                services.closure_add(contact_point=office, actor=request.user,
                                     closure=closure_form.save(commit=False))
                return _saved(request)
        elif action == "office":
            settings_form = OfficeCalendarForm(request.POST, instance=settings_row,
                                               prefix="office")
            if settings_form.is_valid():
                services.office_calendar_save(calendar=settings_form.save(commit=False),
                                              actor=request.user,
                                              changes=settings_form.changed_data)
                return _saved(request)
        elif action in ("delete_block", "delete_closure"):
            model = OpeningHours if action == "delete_block" else Closure
            services.hours_entry_remove(contact_point=office, actor=request.user, model=model,
                                        pk=_int(request.POST.get("pk")))
            return _saved(request)
        status = 400
    today = timezone.localdate()
    return render(request, "appointments/hours.html", {
        "blocks": OpeningHours.objects.filter(contact_point=office),
        "closures": Closure.objects.filter(contact_point=office, ends_on__gte=today),
        "block_form": block_form, "closure_form": closure_form,
        "settings_form": settings_form}, status=status)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _saved(request):
    messages.success(request, _("The opening hours have been saved."))
    return redirect("appointments:hours")


# --- an adviser's own settings --------------------------------------------------------------

@staff_view(Perm.APPOINTMENT_MANAGE)
def adviser_settings(request: HttpRequest) -> HttpResponse:
    row = services.adviser_calendar(user=request.user)
    form = SettingsForm(request.POST or None, initial={"daily_digest": row.daily_digest})
    new_feed = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "digest" and form.is_valid():
            services.digest_set(user=request.user, enabled=form.cleaned_data["daily_digest"])
            messages.success(request, _("Saved."))
            return redirect("appointments:settings")
        if action == "feed_new":
            raw = services.feed_issue(user=request.user)
            new_feed = request.build_absolute_uri(
                reverse("appointments_public:feed", kwargs={"token": raw}))
            row.refresh_from_db()
        elif action == "feed_revoke":
            services.feed_revoke(user=request.user)
            messages.success(request, _("The calendar address no longer works."))
            return redirect("appointments:settings")
    response = render(request, "appointments/settings.html",
                      {"form": form, "row": row, "new_feed": new_feed})
    response["Cache-Control"] = "no-store"
    return response


