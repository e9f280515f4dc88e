"""The municipal flats API: scoped like the pages, the score with its breakdown."""

from __future__ import annotations

import pytest

from kmb.core.permissions import Role
from tests import factories
from tests.api.test_api import _api, _token
from tests.lettings import factories as lf

pytestmark = pytest.mark.django_db


def test_applications_programmes_offers(cp_a, cp_b, housing_officer_a, analyst_a):
    from kmb.lettings import services

    prog = lf.programme(cp_a, housing_officer_a)
    app = lf.application(prog, housing_officer_a, register=True, situation="night_shelter",
                         children=2)
    flat = lf.municipal_flat(cp_a, housing_officer_a, prog)
    services.offer_publish(offer=services.offer_create(flat=flat, actor=housing_officer_a),
                           actor=housing_officer_a)
    api = _api(_token("bytovy.a"))
    page = api.get("/api/v1/applications").json()
    assert page["count"] == 1
    got = page["results"][0]
    assert got["score"] == app.score == sum(b["points"] for b in got["breakdown"])
    assert {"code": "housing_situation", "points": 28} .items() <= \
        next(b for b in got["breakdown"] if b["code"] == "housing_situation").items()
    detail = api.get(f"/api/v1/applications/{app.uuid}").json()
    assert detail["position"] == 1 and len(detail["members"]) == 3
    programmes = api.get("/api/v1/programmes").json()
    assert programmes[0]["rules"]["version"] == 1 and programmes[0]["waiting"] == 1
    offers = api.get("/api/v1/offers").json()
    assert offers["results"][0]["status"] == "open"
    # another office sees nothing; an analyst may not read applications
    factories.staff("bytovy.b", Role.HOUSING_OFFICER, cp_b)
    other = _api(_token("bytovy.b"))
    assert other.get("/api/v1/applications").json()["count"] == 0
    assert other.get(f"/api/v1/applications/{app.uuid}").status_code == 404
    assert other.get(f"/api/v1/programmes/{prog.uuid}").status_code == 404
    assert _api(_token("analytik.a")).get("/api/v1/applications").status_code == 403
