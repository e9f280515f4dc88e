"""The register's records of a client for the subject access export, and the hold on
erasure while the records rules require keeping them.

These records are processed to fulfil a legal obligation (GDPR art. 6(1)(c): zákon
175/2025 Sb. and the správní řád), not on consent: withdrawing a consent does not remove
them, and an erasure request is refused while the procedure runs or its records are within
the period the records rules set (``register.retention_years``).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.cases.models import Client
from kmb.core.subject_data import Field, Row, Section, model_row
from kmb.register.deadlines import add_months
from kmb.register.models import Letter, Procedure
from kmb.register.params import register_parameters

LEGAL_BASIS = _("Processed under a legal obligation (GDPR art. 6(1)(c); zákon 175/2025 Sb. "
                "and the správní řád), not on consent; kept for the period the records "
                "rules set.")


def _step_rows(procedure: Procedure) -> list[Row]:
    rows = []
    for step in procedure.steps.select_related("actor").order_by("at", "id"):
        row = model_row(step, ("on", "note"))
        row.fields.insert(0, Field("step", _("step"), step.label))
        row.fields.append(Field("who", _("who"), step.who))
        rows.append(row)
    return rows


def _letter_rows(procedure: Procedure) -> list[Row]:
    return [model_row(letter, ("reference", "kind", "issued_on", "delivered_on", "ready_on",
                               "sha256"))
            for letter in Letter.objects.filter(procedure=procedure).defer("content")
            .order_by("issued_on", "number")]


def _measure_rows(procedure: Procedure) -> list[Row]:
    rows = []
    for measure in procedure.measures.select_related(
            "provider", "flat__municipality", "lease").order_by("starts_on", "id"):
        row = model_row(measure, ("kind", "provider", "starts_on", "ends_on", "end_reason",
                                  "bridging_until", "flat", "flat_label"))
        row.children = [(_("Assistance given"),
                         [model_row(r, ("on", "minutes", "visit", "note"))
                          for r in measure.assistance.all()])]
        rows.append(row)
    return rows


def client_register_section(*, client: Client) -> Section:
    rows = []
    for procedure in Procedure.objects.filter(client=client).order_by("filed_on", "id"):
        row = model_row(procedure, ("path", "channel", "filed_on", "state", "tie_kind",
                                    "tie_evidence", "declaration_signed_on",
                                    "opinion_result", "entered_on", "valid_until",
                                    "appeal_filed_on", "ended_on"))
        row.children = [(_("Steps"), _step_rows(procedure)),
                        (_("Letters"), _letter_rows(procedure)),
                        (_("Support measures"), _measure_rows(procedure))]
        rows.append(row)
    return Section("register", _("Register of persons in need of housing support"), rows,
                   note=LEGAL_BASIS)


def client_register_last_activity(*, client: Client) -> datetime | None:
    return Procedure.objects.filter(client=client).aggregate(last=Max("updated_at"))["last"]


def client_register_hold(*, client: Client):
    """Why the client's data must be kept, or ``None``."""
    today = timezone.localdate()
    years = register_parameters(today).retention_years
    for procedure in Procedure.objects.filter(client=client):
        if procedure.is_open:
            return _("A statutory register procedure is running (zákon 175/2025 Sb.).")
        end = procedure.ended_on or procedure.updated_at.date()
        keep_until = add_months(end, 12 * years)
        if keep_until >= today:
            return _("The records of a statutory register procedure must be kept until "
                     "%(day)s (records rules).") % {
                "day": f"{keep_until.day}. {keep_until.month}. {keep_until.year}"}
    return None
