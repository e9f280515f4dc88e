"""Every staff URL and API endpoint, walked as an adviser of another contact point.

New URLs join automatically: the test enumerates the URL configuration. A URL with
object identifiers is filled with contact point A's objects and must answer 404 to the
adviser of B; a URL without identifiers must not show A's data.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from kmb.cases import services
from kmb.cases.models import Consent, Household, HouseholdMember
from tests import factories

PUBLIC_PREFIXES = ("accounts/", "i18n/", "admin/", "healthz", "static/", "benefits/",
                   "referral-link/", "housing-link/", "municipal-flats/", "booking/",
                   "calendar-feed/")
# The partner directory is shared by every contact point: its pages answer with the
# entry, but must not show anything of another office's clients.
SHARED_PREFIXES = ("directory/", "staff/directory/", "api/v1/hsds/", "open-data/")
SECRET = "Zdeňka Tajná-Klientová"


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _routes() -> list[str]:
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    return [r for r in routes if r and not r.startswith(PUBLIC_PREFIXES)]


@pytest.fixture
def a_objects(cp_a, adviser_a):
    client = factories.ClientFactory(contact_point=cp_a, first_name="Zdeňka",
                                     last_name="Tajná-Klientová", phone="+420 731 000 111")
    household = Household.objects.create(contact_point=cp_a)
    client.household = household
    client.save()
    member = HouseholdMember.objects.create(household=household, first_name="Tajné",
                                            relationship="child")
    consent = Consent.objects.create(contact_point=cp_a, client=client, purpose="sharing",
                                     scope="x", recorded_by=adviser_a,
                                     given_on=timezone.localdate())
    consultation = factories.ConsultationFactory(client=client, adviser=adviser_a,
                                                 advice=SECRET)
    task = factories.TaskFactory(client=client, created_by=adviser_a, title=SECRET,
                                 due_date=timezone.localdate())
    client.housing_loss_date = timezone.localdate()
    client.save()
    online = services.online_request_create(contact_point=cp_a, name=SECRET,
                                            contact_method="phone", phone="+420 731 000 111",
                                            consent_text="souhlas")
    from kmb.benefits.models import BenefitBatch, BenefitEstimate

    estimate = BenefitEstimate.objects.create(
        contact_point=cp_a, client=client, period="2026-10", engine="openfisca-czechia",
        engine_version="1.0.1", inputs={}, outputs={"explanation": [{"msgid": SECRET}]},
        dssp=1, created_by=adviser_a)
    batch = BenefitBatch.objects.create(contact_point=cp_a, period="2026-10",
                                        created_by=adviser_a)
    from tests.appointments.factories import appointment_objects
    from tests.housing.factories import tenancy_objects
    from tests.lettings.factories import lettings_objects
    from tests.network.factories import network_objects
    from tests.register.factories import register_objects
    from tests.stats.factories import stats_objects

    return {"client_id": client.uuid, "member_id": member.uuid, "consent_id": consent.uuid,
            "consultation_id": consultation.uuid, "task_id": task.uuid,
            "request_id": online.uuid, "estimate_id": estimate.uuid, "batch_id": batch.uuid,
            **network_objects(cp_a, adviser_a, client, secret=SECRET),
            **tenancy_objects(cp_a, adviser_a, client),
            **register_objects(cp_a, client),
            **stats_objects(cp_a),
            **lettings_objects(cp_a, adviser_a, client),
            **appointment_objects(cp_a, adviser_a, client)}


def _fill(route: str, ids: dict) -> str | None:
    path = route.replace("^", "").replace("$", "")
    for name in re.findall(r"<(?:\w+:)?(\w+)>", path):
        if name not in ids:
            return None
        path = re.sub(rf"<(?:\w+:)?{name}>", str(ids[name]), path)
    path = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), "x")), path)
    return "/" + path


@pytest.mark.django_db
@pytest.mark.parametrize("route", _routes())
def test_other_contact_point_sees_nothing(route, a_objects, adviser_b, web_adviser_b):
    url = _fill(route, a_objects)
    assert url is not None, f"add an object for the identifiers of {route}"
    has_ids = bool(re.search(r"<|\{", route)) and not route.startswith(SHARED_PREFIXES)
    if url.startswith("/api/"):
        from tests.api.test_api import _api, _token

        http = _api(_token("poradce.b"))
    else:
        http = web_adviser_b
    for method in ("get", "post"):
        # the query matches A's client (diacritics ignored) but is not itself in the data
        response = getattr(http, method)(url, {"q": "tajna"})
        raw = (b"".join(response.streaming_content) if response.streaming
               else response.content)
        body = raw.decode(errors="replace")
        assert SECRET not in body and "Tajná" not in body and "731 000 111" not in body
        if has_ids:
            assert response.status_code in (404, 405), (method, url, response.status_code)
        else:
            assert response.status_code != 500
