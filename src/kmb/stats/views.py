from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kmb.accounts.decorators import staff_view
from kmb.cases.models import Channel
from kmb.core.events import event_kind_label
from kmb.core.permissions import Perm
from kmb.housing.selectors import housing_statistics
from kmb.lettings import stats as lettings_stats
from kmb.stats import selectors


@staff_view(Perm.STATS_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    contact_point = request.membership.contact_point
    rows = selectors.consultations_by_month(contact_point=contact_point)
    channels = [(value, label) for value, label in Channel.choices]
    table = [{"month": r["month"], "total": r.get("total", 0),
              "anonymous": r.get("anonymous", 0), "at_risk": r.get("at_risk", 0),
              "channels": [r.get(f"channel:{value}", 0) for value, _label in channels]}
             for r in rows]
    return render(request, "stats/overview.html",
                  {"rows": table, "channels": channels, "this_month": timezone.localdate(),
                   "material_aid": selectors.material_aid_by_kind(contact_point=contact_point),
                   "totals": [(event_kind_label(kind), n) for kind, n in
                              selectors.events_by_kind(contact_point=contact_point).items()],
                   "housing": housing_statistics(contact_point=contact_point),
                   "lettings": lettings_stats.office_counts(contact_point=contact_point)})
