"""Which parts of KMB hold personal data about a client, in one list.

A part that starts keeping personal data about clients adds itself here: its section of
the subject access export, its erasure, the last time it saw activity, and, where the law
requires keeping the data (an open statutory procedure, for example), a hold that refuses
erasure with a reason. A data-protection officer can read this file to see what an export
contains and what an erasure touches.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from kmb.appointments import privacy as appointments
from kmb.audit.privacy import client_access_section
from kmb.benefits import privacy as benefits
from kmb.cases import privacy as cases
from kmb.cases.models import Client
from kmb.core.mail import mail_erase_for_address
from kmb.core.subject_data import Section
from kmb.housing import privacy as housing
from kmb.lettings import privacy as lettings
from kmb.network import privacy as network
from kmb.register import privacy as register


def export_sections(*, client: Client, sensitive: bool) -> list[Section]:
    return [
        *cases.client_sections(client=client, sensitive=sensitive),
        network.client_referral_section(client=client),
        benefits.client_estimate_section(client=client),
        housing.client_housing_section(client=client),
        register.client_register_section(client=client),
        lettings.client_lettings_section(client=client),
        appointments.client_appointment_section(client=client),
        Section("documents", _("Documents"), [], note=_(
            "No uploaded documents are kept apart from those of applications for a municipal "
            "flat (listed there). PDFs (benefit estimates, this overview) are made when "
            "needed; each one is listed below as an export.")),
        client_access_section(contact_point=client.contact_point, client_uuid=client.uuid),
    ]


def _outgoing_mail_erase(*, client: Client) -> dict[str, int]:
    """Kept copies of e-mails sent to the client (before the address itself is blanked)."""
    return {"outgoing_mail": mail_erase_for_address(address=client.email or "")}


#: Erasures of each part, in order; each returns how many records it changed.
ERASERS: list[Callable[..., dict[str, int]]] = [
    _outgoing_mail_erase,
    network.client_referrals_erase,
    benefits.client_estimates_erase,
    housing.client_housing_erase,
    lettings.client_lettings_erase,
    appointments.client_appointments_erase,
    cases.client_erase_personal_data,
]

#: The last activity each part knows of (``None``: none).
LAST_ACTIVITY: list[Callable[..., datetime | None]] = [
    cases.client_last_activity,
    network.client_referral_last_activity,
    benefits.client_estimate_last_activity,
    housing.client_housing_last_activity,
    register.client_register_last_activity,
    lettings.client_lettings_last_activity,
    appointments.client_appointment_last_activity,
]

#: Reasons the law requires keeping a client's data; each returns a translated reason or
#: ``None``. The statutory register keeps its procedures for the records rules' period.
HOLDS: list[Callable[..., Any]] = [register.client_register_hold,
                                   lettings.client_lettings_hold]


def erasure_holds(*, client: Client) -> list[str]:
    return [str(reason) for hold in HOLDS if (reason := hold(client=client))]


def last_activity(*, client: Client) -> datetime:
    return max(t for t in (f(client=client) for f in LAST_ACTIVITY) if t is not None)


def recipients(*, client: Client) -> list[str]:
    """Who received the client's data and is to be told of an erasure (art. 19)."""
    return network.client_referral_organizations(client=client)
