"""How a portal request is tied to an applicant: the session set by the one-time link.

The e-mailed sign-in link (``LinkPurpose.SIGN_IN``) is spent by ``applicant_sign_in``,
which stores the application's id in the session (new session key, so a link opened on a
shared computer cannot be replayed from the old cookie). The sign-in lasts at most
``APPLICANT_SESSION_SECONDS``; every page that needs the applicant calls
``applicant_from_request`` and gets ``None`` when nobody (or a closed application) is
signed in.
"""

from __future__ import annotations

import time

from django.http import HttpRequest

from kmb.lettings.models import Application
from kmb.lettings.selectors import OPEN_STATUSES

SESSION_KEY = "lettings_applicant"
SESSION_AT = "lettings_applicant_at"
APPLICANT_SESSION_SECONDS = 2 * 3600


def applicant_sign_in(request: HttpRequest, application: Application) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(application.uuid)
    request.session[SESSION_AT] = int(time.time())


def applicant_sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(SESSION_AT, None)


def applicant_from_request(request: HttpRequest) -> Application | None:
    """The signed-in applicant's open application, or None."""
    raw = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not raw:
        return None
    if int(time.time()) - int(request.session.get(SESSION_AT, 0)) > APPLICANT_SESSION_SECONDS:
        applicant_sign_out(request)
        return None
    application = (Application.objects.filter(uuid=raw, status__in=OPEN_STATUSES)
                   .select_related("programme__municipality", "contact_point",
                                   "housing_situation").first())
    if application is None:
        applicant_sign_out(request)
    return application
