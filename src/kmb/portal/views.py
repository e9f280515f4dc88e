"""Public pages (no account, no JavaScript, no cookie until a request is sent) and the
staff editor of the portal's local texts."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kmb.accounts.decorators import staff_view
from kmb.accounts.selectors import (
    contact_point_directory,
    contact_point_for_municipality,
    contact_point_get_public,
    contact_points_serving,
)
from kmb.appointments import selectors as appointment_selectors
from kmb.appointments import services as appointment_services
from kmb.appointments import slots as appointment_slots
from kmb.cases.errors import DomainError
from kmb.cases.services import online_request_create
from kmb.core.i18n import current_language
from kmb.core.mail import mail_send_after_commit
from kmb.core.permissions import Perm
from kmb.portal import content, throttle
from kmb.portal.content import GROUPS, LOCAL_GROUPS, group_of, is_local, local_keys, texts
from kmb.portal.content_files import shipped
from kmb.portal.forms import ContentBlockForm, RequestForm
from kmb.portal.models import LANGUAGES, ContentBlock
from kmb.portal.navigator import (
    CHOICES,
    MULTIPLE,
    STEPS,
    UNKNOWN_DISTRICT,
    Answers,
    applies,
    next_step,
    plan_for,
    previous_step,
    step_number,
)
from kmb.portal.selectors import (
    city_districts,
    code_param,
    content_block_pair,
    content_blocks_of,
    income_limits_on,
    municipality_by_code,
    partner_services_for,
    place_search,
    url_if_exists,
)
from kmb.portal.services import content_block_remove, content_block_save, local_values

ENTRIES = (
    # (content key, where it leads: the navigator with some answers given, or a page)
    ("entry.lose_home", "portal:navigator", {}),
    ("entry.tonight", "portal:navigator", {"housing": "none", "step": "municipality"}),
    ("entry.cannot_pay", "portal:navigator", {"threat": "arrears"}),
    ("entry.unfit", "portal:navigator", {"threat": "unfit"}),
    ("entry.looking", "portal:navigator", {"threat": "looking"}),
    ("entry.debts", "portal:navigator", {"threat": "debts"}),
    ("entry.landlord", "portal:landlords", {}),
)


def _attach_local(office, t: dict, hours: dict | None = None) -> None:
    """Give an office its local texts for the templates (``office.local_hours`` …) and its
    opening hours as data (``office.week_hours``)."""
    if office is None:
        return
    for key in ("local.hours", "local.info", "local.partners"):
        if key in t:
            setattr(office, key.replace(".", "_"), t[key])
    if hours is None:
        hours = appointment_selectors.hours_for_many([office])
    office.week_hours = hours.get(office.pk)


# --------------------------------------------------------------------------------------
# Home, short answers, pages
# --------------------------------------------------------------------------------------

@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    keys = ["landing.intro", "landing.emergency", "landing.finder", "landing.request"]
    t = texts(keys + [key for key, _u, _q in ENTRIES])
    entries = [(t[key], reverse(url) + (f"?{urlencode(query)}" if query else ""))
               for key, url, query in ENTRIES]
    return render(request, "portal/landing.html", {
        "intro": t["landing.intro"], "emergency": t["landing.emergency"],
        "finder_text": t["landing.finder"], "request_text": t["landing.request"],
        "entries": entries})


@require_GET
def landlords(request: HttpRequest) -> HttpResponse:
    return _page(request, "answer.landlord")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(request, "page.accessibility")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    from kmb.privacy.processing import processing_record

    return _page(request, "page.privacy", notice=processing_record(public=True))


@require_GET
def safety(request: HttpRequest) -> HttpResponse:
    """Help with domestic violence: crisis lines, what the police, the intervention centre
    and the court can do, and how to leave the page quickly."""
    t = texts(["page.safety"])
    return render(request, "portal/safety.html", {"text": t["page.safety"]})


def _page(request: HttpRequest, key: str, **extra) -> HttpResponse:
    return render(request, "portal/page.html", {"text": texts([key])[key], "key": key,
                                                **extra})


@require_GET
def language(request: HttpRequest) -> HttpResponse:
    """Switch the language with a plain link (no form, so no CSRF cookie on every page).

    Stores the choice in Django's language cookie, which lasts until the browser closes.
    """
    next_url = request.GET.get("next") or reverse("portal:landing")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("portal:landing")
    response = HttpResponseRedirect(next_url)
    chosen = request.GET.get("lang", "")
    if chosen in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, chosen, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax")
    return response


# --------------------------------------------------------------------------------------
# The navigator
# --------------------------------------------------------------------------------------

def _navigator_url(answers: Answers, step: str | None) -> str:
    if step is None:
        return reverse("portal:navigator_result") + "?" + answers.query()
    return reverse("portal:navigator") + "?" + answers.query(step=step)


@require_GET
def navigator(request: HttpRequest) -> HttpResponse:
    """One question per page; the answers so far ride along as hidden inputs (GET)."""
    answers = Answers.from_query(request.GET)
    step = request.GET.get("step", "")
    if step not in STEPS or not applies(step, answers):
        step = STEPS[0]
    submitted = request.GET.get("answered") == step
    if step == "municipality":
        return _municipality_step(request, answers, submitted)
    error = _choice_error(step, answers) if submitted else ""
    if submitted and not error:
        return redirect(_navigator_url(answers, next_step(step, answers)))
    keys = content.option_keys(step, CHOICES[step])
    t = texts(keys)
    options = [(choice, t[f"q.{step}.{choice}"]) for choice in CHOICES[step]]
    selected = getattr(answers, step)
    return _render_step(request, answers, step, {
        "question": t[f"q.{step}"], "options": options, "multiple": step in MULTIPLE,
        "selected": selected if isinstance(selected, tuple) else (selected,),
        "hidden": [(n, v) for n, v in answers.items() if n != step], "error": error,
    }, status=400 if error else 200)


def _choice_error(step: str, answers: Answers) -> str:
    if not answers.answered(step):
        return _("Choose at least one answer.") if step in MULTIPLE else _("Choose an answer.")
    if step == "household" and "alone" in answers.household and len(answers.household) > 1:
        return _("You chose that you live alone and also other people. Choose one or the "
                 "other.")
    return ""


def _render_step(request: HttpRequest, answers: Answers, step: str, context: dict,
                 status: int = 200) -> HttpResponse:
    number, total = step_number(step, answers)
    back = previous_step(step, answers)
    context.update({
        "step": step, "number": number, "total": total,
        "back_url": _navigator_url(answers, back) if back else reverse("portal:landing"),
        "skip_url": _navigator_url(answers, None) if number > 1 else "",
    })
    return render(request, "portal/navigator_step.html", context, status=status)


def _municipality_step(request: HttpRequest, answers: Answers, submitted: bool
                       ) -> HttpResponse:
    """Where the person lives: typed by name, part or postal code; then the city district
    in cities whose districts have their own contact points."""
    municipality = municipality_by_code(answers.municipality)
    if municipality is None:
        answers = answers.with_(municipality="", district="")
    place = request.GET.get("place", "").strip()[:100]
    matches: list = []
    error = ""
    if submitted and municipality is None:
        choice = request.GET.get("choice", "")
        if choice:
            code, _sep, district = choice.partition(".")
            municipality = municipality_by_code(code_param(code))
            answers = answers.with_(municipality=municipality.code if municipality else "",
                                    district=code_param(district))
        elif place:
            matches = place_search(place)
            if len(matches) == 1:
                municipality = matches[0].municipality
                answers = answers.with_(municipality=municipality.code,
                                        district=matches[0].district_code)
            elif not matches:
                error = _("We did not find this place. Check the spelling, or type the "
                          "postal code.")
        else:
            error = _("Type the name of your municipality.")
        if municipality is not None:
            districts = city_districts(municipality)
            if districts and not answers.district:
                return redirect(_navigator_url(answers, "municipality"))
            return redirect(_navigator_url(answers, next_step("municipality", answers)))
    elif submitted:
        return redirect(_navigator_url(answers, next_step("municipality", answers)))
    t = texts(["q.municipality", "q.district", "q.district.unknown"])
    districts = city_districts(municipality) if municipality else []
    keep = ("district",) if municipality else ("municipality", "district")
    return _render_step(request, answers, "municipality", {
        "question": t["q.municipality"], "district_question": t["q.district"],
        "district_unknown": t["q.district.unknown"], "unknown_district": UNKNOWN_DISTRICT,
        "municipality": municipality, "districts": districts, "place": place,
        "matches": matches, "error": error,
        "change_url": _navigator_url(answers.with_(municipality="", district=""),
                                     "municipality"),
        "hidden": [(n, v) for n, v in answers.items() if n not in keep],
    }, status=400 if error else 200)


@require_GET
def navigator_result(request: HttpRequest) -> HttpResponse:
    answers = Answers.from_query(request.GET)
    plan = plan_for(answers, income_limits_on(timezone.localdate()))
    municipality = municipality_by_code(answers.municipality)
    district = answers.district if answers.district != UNKNOWN_DISTRICT else ""
    office = (contact_point_for_municipality(municipality=municipality,
                                             city_district_code=district or None)
              if municipality else None)
    keys = (["result.intro", "local.info", "local.partners", "local.hours"]
            + [f"advice.{item.key}" for item in plan.items]
            + [f"benefit.{code}" for code in plan.benefits]
            + [f"doc.{code}" for code in plan.documents]
            + _summary_keys(answers))
    t = texts(keys, contact_point=office)
    _attach_local(office, t)
    context = {
        "intro": t["result.intro"], "answers": answers, "municipality": municipality,
        "office": office, "register": plan.register,
        "crisis": bool({"danger", "emergency_night"} & set(plan.keys)),
        "buckets": [(urgency.code, [t[f"advice.{i.key}"] for i in items])
                    for urgency, items in plan.by_urgency()],
        "benefits": [t[f"benefit.{code}"] for code in plan.benefits],
        "documents": [t[f"doc.{code}"] for code in plan.documents],
        "summary": _summary(answers, t),
        "services": partner_services_for(categories=plan.service_categories,
                                         municipality=municipality),
        "estimator_url": url_if_exists("benefits:public_estimate"),
        "change_url": _navigator_url(answers, STEPS[0]),
        "request_url": _request_url(office, municipality, district, plan.topics),
        "finder_url": reverse("portal:finder") + (
            "?" + urlencode({"municipality": municipality.code}) if municipality else ""),
        "other_offices": [] if office and district else (
            contact_points_serving(municipality=municipality) if municipality else []),
    }
    return render(request, "portal/navigator_result.html", context)


def _summary_keys(answers: Answers) -> list[str]:
    keys = []
    for step in STEPS:
        value = getattr(answers, step, "")
        if step == "municipality" or not value:
            continue
        values = value if isinstance(value, tuple) else (value,)
        keys += [f"q.{step}"] + [f"q.{step}.{v}" for v in values]
    return keys


def _summary(answers: Answers, t: dict) -> list[tuple[object, list[object]]]:
    rows = []
    for step in STEPS:
        value = getattr(answers, step, "")
        if step == "municipality" or not value:
            continue
        values = value if isinstance(value, tuple) else (value,)
        rows.append((t[f"q.{step}"], [t[f"q.{step}.{v}"] for v in values]))
    return rows


def _request_url(office, municipality, district: str, topics=()) -> str:
    query: list[tuple[str, str]] = []
    if office is not None:
        query.append(("contact_point", str(office.uuid)))
    if municipality is not None:
        query.append(("municipality", municipality.code))
    if district:
        query.append(("district", district))
    query += [("topic", code) for code in topics]
    return reverse("portal:request") + ("?" + urlencode(query) if query else "")


# --------------------------------------------------------------------------------------
# The contact-point finder
# --------------------------------------------------------------------------------------

@require_GET
def finder(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    municipality = municipality_by_code(code_param(request.GET.get("municipality")))
    district = code_param(request.GET.get("district"))
    matches = place_search(q) if q and municipality is None else []
    if len(matches) == 1:
        municipality, district = matches[0].municipality, matches[0].district_code
        matches = []
    serving = contact_points_serving(municipality=municipality) if municipality else []
    competent = (contact_point_for_municipality(municipality=municipality,
                                                city_district_code=district or None)
                 if municipality else None)
    has_district_offices = any(s.city_district_code for s in serving)
    page_obj = Paginator(contact_point_directory(), settings.KMB_PAGE_SIZE).get_page(
        request.GET.get("page"))
    offices = list(page_obj.object_list) + ([competent] if competent else [])
    local = content.texts_for_many(["local.hours", "local.info"], contact_points=offices)
    hours = appointment_selectors.hours_for_many(offices)
    for office in offices:
        _attach_local(office, local[office.pk], hours)
    return render(request, "portal/finder.html", {
        "q": q, "matches": matches, "municipality": municipality, "district": district,
        "competent": competent, "serving": serving,
        "districts": city_districts(municipality) if has_district_offices else [],
        "page_obj": page_obj, "searched": bool(q or municipality),
        "querystring": urlencode({"q": q}) + "&" if q else "",
        "request_url": _request_url(competent, municipality, district) if competent else "",
    })


# --------------------------------------------------------------------------------------
# The request for a consultation
# --------------------------------------------------------------------------------------

def _request_context(request: HttpRequest):
    params = request.POST if request.method == "POST" else request.GET
    municipality = municipality_by_code(code_param(params.get("municipality")))
    district = code_param(params.get("district"))
    office = contact_point_get_public(uuid_text=params.get("contact_point"))
    if office is None and municipality is not None:
        office = contact_point_for_municipality(municipality=municipality,
                                                city_district_code=district or None)
    return office, municipality, district


@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    office, municipality, district = _request_context(request)
    if office is None:
        q = request.GET.get("q", "").strip()[:100]
        return render(request, "portal/request_choose.html",
                      {"q": q, "matches": place_search(q) if q else [],
                       "municipality": municipality})
    t = texts(["request.intro", "request.consent", "local.hours"], contact_point=office)
    _attach_local(office, t)
    consent = t["request.consent"]
    form = RequestForm(request.POST or None, consent_label=consent.title,
                       consent_text=consent.body,
                       initial={"topics": request.GET.getlist("topic")[:10]},
                       slots=appointment_slots.free_slots(office))
    status = 200
    if request.method == "POST":
        if not throttle.request_allowed(request):
            form.is_valid()
            form.add_error(None, throttle.REFUSED)
            status = 429
        elif form.is_bot:
            throttle.request_counted(request)
            return redirect(_sent_url(office, mail=False))
        elif form.is_valid():
            sent = _request_send(request, form, office, municipality, consent)
            if sent:
                throttle.request_counted(request)
                return redirect(_sent_url(office, mail=bool(form.cleaned_data["email"]),
                                          booked_at=getattr(form, "booked_at", None)))
            if form.slot_taken:  # the next free times, without the one just taken
                form.slots_refresh(appointment_slots.free_slots(office))
        if form.errors and status == 200:
            status = 400
    return render(request, "portal/request_form.html", {
        "intro": t["request.intro"], "form": form, "office": office, "municipality": municipality,
        "district": district}, status=status)


def _request_send(request: HttpRequest, form: RequestForm, office, municipality,
                  consent) -> bool:
    data = form.cleaned_data
    language = current_language()
    slot = form.chosen_slot()
    try:
        with transaction.atomic():
            online = online_request_create(
                contact_point=office, name=data["name"].strip(),
                contact_method=data["contact_method"], phone=data["phone"] or "",
                email=data["email"] or "", preferred_time=data["preferred_time"].strip(),
                topics=data["topics"], message=data["message"].strip(), language=language,
                municipality=municipality,
                consent_text=f"{consent.title}\n{consent.body}".strip())
            if slot is not None:
                booked = appointment_services.appointment_book_public(
                    contact_point=office, starts_at=slot, name=data["name"].strip(),
                    email=data["email"] or "", phone=data["phone"] or "",
                    remind_email=data["remind_email"], remind_sms=data["remind_sms"],
                    language=language, online_request=online)
                form.booked_at = booked.starts_at
            elif data["email"]:
                _confirmation_mail(office=office, to=data["email"], language=language)
    except appointment_services.SlotTaken as exc:
        form.slot_taken = True
        form.add_error("slot", exc.message)
        return False
    except DomainError as exc:
        form.add_error(None, exc.message)
        return False
    return True


def _confirmation_mail(*, office, to: str, language: str) -> None:
    """The confirmation, in the person's language; it does not repeat their message."""
    with translation.override(language):
        t = texts(["request.confirmation", "local.hours"], contact_point=office,
                  language=language)
        _attach_local(office, t)
        context = {"confirmation": t["request.confirmation"], "office": office,
                   "language": language, "site_url": settings.SITE_URL}
        subject = _("Your request to %(contact_point)s") % {"contact_point": office.name}
        body = render_to_string("portal/email/request_received.txt", context)
        html = render_to_string("portal/email/request_received.html", context)
    mail_send_after_commit(subject=subject, body=body, html=html, to=[to])


BOOKED_SALT = "kmb.portal.booked"


def _sent_url(office, *, mail: bool, booked_at=None) -> str:
    query = {"contact_point": str(office.uuid)}
    if mail:
        query["mail"] = "1"
    if booked_at is not None:  # signed, so that the page cannot be made to say anything
        query["booked"] = signing.dumps(booked_at.isoformat(), salt=BOOKED_SALT)
    return reverse("portal:request_sent") + "?" + urlencode(query)


@require_GET
def request_sent(request: HttpRequest) -> HttpResponse:
    office = contact_point_get_public(uuid_text=request.GET.get("contact_point"))
    t = texts(["request.confirmation", "local.hours"], contact_point=office)
    _attach_local(office, t)
    booked_at = None
    try:
        booked = signing.loads(request.GET.get("booked", ""), salt=BOOKED_SALT,
                               max_age=3600)
        booked_at = timezone.localtime(datetime.fromisoformat(booked))
    except (signing.BadSignature, ValueError, TypeError):
        booked_at = None
    return render(request, "portal/request_sent.html",
                  {"confirmation": t["request.confirmation"], "office": office,
                   "mail": request.GET.get("mail") == "1", "booked_at": booked_at})


# --------------------------------------------------------------------------------------
# Staff: a contact point's own texts
# --------------------------------------------------------------------------------------

@staff_view(Perm.PORTAL_EDIT)
def content_list(request: HttpRequest) -> HttpResponse:
    office = request.membership.contact_point
    keys = local_keys()
    general = texts(list(shipped()))
    own = content_blocks_of(contact_point=office, keys=keys)
    groups = [(GROUPS[group], [(key, general[key], own.get(key)) for key in keys
                               if group_of(key) == group])
              for group in LOCAL_GROUPS]
    # the national texts that state a rule, so that staff know where each comes from
    national = [general[key] for key in general if not is_local(key) and general[key].states_rule]
    return render(request, "portal/staff/content_list.html",
                  {"groups": groups, "office": office, "national": national})


@staff_view(Perm.PORTAL_EDIT)
def content_edit(request: HttpRequest) -> HttpResponse:
    key = (request.POST.get("key") or request.GET.get("key") or "")[:80]
    if not is_local(key):
        raise Http404
    office = request.membership.contact_point
    general, own = content_block_pair(contact_point=office, key=key)
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "remove":
        content_block_remove(contact_point=office, key=key, actor=request.user)
        messages.success(request, _("Your text was removed; people see the general text."))
        return redirect("portal:content_list")
    form = ContentBlockForm(request.POST or None, initial=_initial(own))
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if action == "save":
            try:
                content_block_save(contact_point=office, key=key, actor=request.user,
                                   data=data, expected_version=form.cleaned_data["version"])
            except DomainError as exc:  # a ConflictError too: nothing was written
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your text was saved. People see it now."))
                return redirect("portal:content_list")
        preview = _preview(key, general, ContentBlock(key=key, contact_point=office,
                                                      **local_values(data)))
    return render(request, "portal/staff/content_edit.html", {
        "key": key, "form": form, "own": own, "office": office, "preview": preview,
        "general": [(lang, content.resolve(key, language=lang, general=general, local=None))
                    for lang in LANGUAGES],
    }, status=400 if form.errors else 200)


def _initial(own: ContentBlock | None) -> dict:
    if own is None:
        return {}
    initial = {"mode": own.mode, "version": own.version, "source": own.source_cs,
               "checked_on": own.checked_on_cs}
    for lang in LANGUAGES:
        initial[f"title_{lang}"] = own.title_in(lang)
        initial[f"body_{lang}"] = own.body_in(lang)
    return initial


def _preview(key: str, general, local) -> list:
    return [(lang, content.resolve(key, language=lang, general=general, local=local))
            for lang in LANGUAGES]
