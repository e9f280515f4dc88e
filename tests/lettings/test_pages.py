"""Staff pages and the portal's application, verification and account, through HTTP."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from kmb.core.mail import OutgoingMail
from kmb.lettings import services
from kmb.lettings.models import Application, ApplicationStatus, ChangeReport
from tests.lettings import factories as lf

pytestmark = pytest.mark.django_db


def _logged(user):
    c = HttpClient()
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


def _portal_post(prog, **extra):
    data = {"programme": prog.pk, "first_name": "Олена", "last_name": "Коваленко",
            "birth_date": "1988-03-02", "email": "olena@example.cz", "phone": "",
            "street": "Dělnická 5", "income": "21 000", "housing_situation": "",
            "housing_cost": "9 500", "residence_years": "3", "work_years": "0",
            "consent": "1", "members-TOTAL_FORMS": "6", "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "12",
            "members-0-first_name": "Марія", "members-0-last_name": "Коваленко",
            "members-0-birth_date": "2017-09-01", "members-0-relationship": "child",
            "members-0-income": "0"}
    from kmb.cases.models import HousingSituation

    data["housing_situation"] = HousingSituation.objects.get(code="refugee_accommodation").pk
    data.update(extra)
    return data


def _last_link(path_part: str) -> str:
    body = OutgoingMail.objects.order_by("-created_at").first().body
    return re.search(r"https?://\S*" + path_part + r"\S*", body).group(0)


def test_portal_application_in_ukrainian_then_verify_and_account(cp_a, housing_officer_a):
    prog = lf.programme(cp_a, housing_officer_a)
    web = HttpClient(HTTP_ACCEPT_LANGUAGE="uk")
    web.cookies["django_language"] = "uk"
    page = web.get(reverse("lettings:apply") + f"?programme={prog.uuid}")
    assert page.status_code == 200
    assert "Подати заяву".encode() in page.content or b"<form" in page.content
    # an income that is not a number and a person entered twice: clear messages, nothing saved
    bad = web.post(reverse("lettings:apply"), _portal_post(
        prog, income="hodně", **{"members-1-first_name": "Марія",
                                 "members-1-last_name": "Коваленко",
                                 "members-1-birth_date": "2017-09-01",
                                 "members-1-relationship": "child"}))
    assert bad.status_code == 400
    assert Application.objects.count() == 0
    ok = web.post(reverse("lettings:apply"), _portal_post(prog))
    assert ok.status_code == 302, ok.content.decode()[:3000]
    app = Application.objects.get()
    assert app.language == "uk" and app.source == "portal" and app.members.count() == 2
    link = _last_link("/municipal-flats/verify/")
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert web.get("/" + path).status_code == 200
    assert web.post("/" + path).status_code == 200
    app.refresh_from_db()
    assert app.email_verified_at is not None
    assert web.post("/" + path).status_code == 410  # single use
    # the office completes and registers it
    officer = _logged(housing_officer_a)
    detail = officer.get(reverse("lettings:application_detail", args=[app.uuid]))
    assert detail.status_code == 200
    for kind in services.document_checklist(app):
        services.document_add(application=app, kind=kind, actor=housing_officer_a,
                              seen_at_office=True)
    officer.post(reverse("lettings:application_status", args=[app.uuid]),
                 {"action": "register"})
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REGISTERED and app.client is not None
    # sign in by a one-time link and see own score and position
    web.post(reverse("lettings:sign_in"), {"email": "olena@example.cz"})
    path = _last_link("/municipal-flats/account/link/").split("://", 1)[1].split("/", 1)[1]
    assert web.post("/" + path).status_code == 302
    account = web.get(reverse("lettings:account"))
    assert account.status_code == 200
    assert app.number.encode() in account.content
    assert b'id="applicant-position"' in account.content
    # report a change; staff confirm it and the score follows
    web.post(reverse("lettings:account_change"), {
        "kind": "member_added", "first_name": "Іван", "last_name": "Коваленко",
        "birth_date": "2024-01-05", "relationship": "child"})
    report = ChangeReport.objects.get()
    before = app.score
    officer.post(reverse("lettings:change_decide", args=[report.uuid]),
                 {"decision": "confirm"})
    app.refresh_from_db()
    assert app.members.count() == 3
    children = next(b for b in app.score_breakdown if b["code"] == "children")
    assert children == {"code": "children", "value": 2, "points": 10}
    # 5 more for the child, and the income per person falls from 10 500 to 7 000 CZK
    assert app.score == before + 5 + 4


def test_staff_pages_render_and_other_office_sees_nothing(cp_a, cp_b, housing_officer_a,
                                                          adviser_b):
    prog = lf.programme(cp_a, housing_officer_a)
    app = lf.application(prog, housing_officer_a, register=True)
    flat = lf.municipal_flat(cp_a, housing_officer_a, prog)
    offer = services.offer_create(flat=flat, actor=housing_officer_a)
    officer = _logged(housing_officer_a)
    for url in (reverse("lettings:dashboard"), reverse("lettings:application_list"),
                reverse("lettings:application_create"),
                reverse("lettings:application_detail", args=[app.uuid]),
                reverse("lettings:application_edit", args=[app.uuid]),
                reverse("lettings:programme_list"),
                reverse("lettings:programme_detail", args=[prog.uuid]),
                reverse("lettings:waiting_list", args=[prog.uuid]) + "?rooms=2",
                reverse("lettings:rules_edit", args=[prog.uuid]),
                reverse("lettings:offer_list"),
                reverse("lettings:offer_detail", args=[offer.uuid])):
        assert officer.get(url).status_code == 200, url
    other = _logged(adviser_b)
    for url in (reverse("lettings:application_detail", args=[app.uuid]),
                reverse("lettings:programme_detail", args=[prog.uuid]),
                reverse("lettings:offer_detail", args=[offer.uuid])):
        assert other.get(url).status_code == 404, url


def test_score_pdf_and_letters(cp_a, housing_officer_a):
    prog = lf.programme(cp_a, housing_officer_a)
    app = lf.application(prog, housing_officer_a, register=True)
    officer = _logged(housing_officer_a)
    pdf = officer.get(reverse("lettings:score_pdf", args=[app.uuid]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    officer.post(reverse("lettings:letter_create", args=[app.uuid, "registration"]))
    letter = app.letters.get()
    assert letter.language == "uk"
    assert officer.get(reverse("lettings:letter_file", args=[letter.uuid])).status_code == 200


def test_sign_in_link_expires(cp_a, housing_officer_a):
    prog = lf.programme(cp_a, housing_officer_a)
    app = lf.application(prog, housing_officer_a, register=True)
    raw = services.link_issue(application=app, purpose="sign_in")
    app.links.update(expires_at=timezone.now() - timedelta(minutes=1))
    web = HttpClient()
    response = web.post(reverse("lettings:sign_in_link", args=[raw]))
    assert response.status_code == 410
    assert web.get(reverse("lettings:account")).status_code == 302
    # a verification link cannot sign in
    raw = services.link_issue(application=app, purpose="verify")
    assert web.post(reverse("lettings:sign_in_link", args=[raw])).status_code == 404


def test_waiting_list_and_offer_pages_make_a_fixed_number_of_queries(
        cp_a, housing_officer_a, django_assert_max_num_queries):
    prog = lf.programme(cp_a, housing_officer_a)
    flat = lf.municipal_flat(cp_a, housing_officer_a, prog)
    offer = services.offer_create(flat=flat, actor=housing_officer_a)
    services.offer_publish(offer=offer, actor=housing_officer_a)
    officer = _logged(housing_officer_a)
    waiting = reverse("lettings:waiting_list", args=[prog.uuid])
    detail = reverse("lettings:offer_detail", args=[offer.uuid])

    def counts():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        out = []
        for url in (waiting, detail):
            officer.get(url)  # caches of the first request (session, content types)
            with CaptureQueriesContext(connection) as ctx:
                assert officer.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    apps = [lf.application(prog, housing_officer_a, register=True, first=f"A{i}")
            for i in range(3)]
    for app in apps[:2]:
        services.interest_express(application=app, offer=offer)
    few = counts()
    for i in range(3, 12):
        app = lf.application(prog, housing_officer_a, register=True, first=f"A{i}")
        if i < 8:
            services.interest_express(application=app, offer=offer)
    many = counts()
    assert many == few, (few, many)
    with django_assert_max_num_queries(25):
        officer.get(waiting)
