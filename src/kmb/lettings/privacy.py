"""A client's applications for a municipal flat in the subject access export, erasing
them, and why they must be kept while an application is open.

The export holds each application linked to the client with its household, documents
(kind and date; the files themselves are shown at the office), score history, status
history, reported changes, letters, interests and offers. Erasure blanks the applicant's
and the members' personal data, deletes the uploaded documents and the letters' files and
spends every link; numbers, statuses, scores and dates stay for the statistics and the
anonymised results of offers.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from kmb.cases.models import Client
from kmb.core.subject_data import Row, Section, model_row
from kmb.lettings.models import (
    ApplicantLink,
    Application,
    ApplicationDocument,
    ApplicationMember,
    ChangeReport,
    Letter,
)
from kmb.lettings.selectors import OPEN_STATUSES


def client_lettings_section(*, client: Client) -> Section:
    rows = []
    for app in (Application.objects.filter(client=client).select_related("programme",
                                                                        "housing_situation")
                .prefetch_related("members", "documents", "scores", "status_changes",
                                  "change_reports", "letters", "interests__offer__flat",
                                  "allocations__offer__flat").order_by("created_at", "pk")):
        row = model_row(app, ("number", "programme", "status", "status_reason", "source",
                              "first_name", "last_name", "birth_date", "email", "phone",
                              "street", "language", "housing_situation", "housing_cost",
                              "permanent_residence", "residence_years", "work_years",
                              "key_profession", "barrier_free_needed", "min_rooms",
                              "needs_note", "owns_home", "debt_to_municipality",
                              "registered_on", "registration_expires_on", "score"))
        row.children.append((_("Household"), [model_row(m, (
            "first_name", "last_name", "birth_date", "relationship", "income", "disability"))
            for m in app.members.all()]))
        row.children.append((_("Documents"), [model_row(d, ("kind", "seen_at_office",
                                                             "created_at"))
                                              for d in app.documents.all()]))
        row.children.append((_("Score history"), [model_row(s, (
            "at", "rule_version", "total", "breakdown", "reason")) for s in app.scores.all()]))
        row.children.append((_("Status history"), [model_row(s, ("at", "to_status", "reason"))
                                                    for s in app.status_changes.all()]))
        row.children.append((_("Reported changes"), [model_row(c, (
            "created_at", "kind", "note", "status")) for c in app.change_reports.all()]))
        row.children.append((_("Letters"), [model_row(letter, ("created_at", "kind",
                                                               "language"))
                                            for letter in app.letters.all()]))
        row.children.append((_("Interest in offered flats"), [
            Row(model_row(i, ("created_at", "withdrawn_at")).fields)
            for i in app.interests.all()]))
        row.children.append((_("Flats offered"), [model_row(a, (
            "offered_at", "rank", "score", "outcome", "reason")) for a in app.allocations.all()]))
        rows.append(row)
    return Section("lettings", _("Applications for a municipal flat"), rows)


def client_lettings_last_activity(*, client: Client) -> datetime | None:
    return Application.objects.filter(client=client).aggregate(last=Max("updated_at"))["last"]


def client_lettings_hold(*, client: Client):
    if Application.objects.filter(client=client, status__in=OPEN_STATUSES).exists():
        return _("An application for a municipal flat is open; remove it from the register "
                 "first.")
    return None


@transaction.atomic
def client_lettings_erase(*, client: Client) -> dict[str, int]:
    apps = Application.objects.filter(client=client)
    ids = list(apps.values_list("pk", flat=True))
    files = [d.image for d in ApplicationDocument.objects.filter(application_id__in=ids)
             if d.image] + [letter.pdf for letter in Letter.objects.filter(
                 application_id__in=ids) if letter.pdf]
    names = [(f.storage, f.name) for f in files]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
    counts = {
        "documents": ApplicationDocument.objects.filter(application_id__in=ids).delete()[0],
        "letters": Letter.objects.filter(application_id__in=ids).delete()[0],
        "links": ApplicantLink.objects.filter(application_id__in=ids).delete()[0],
        "changes": ChangeReport.objects.filter(application_id__in=ids).update(
            data={}, note="", decision_note=""),
        "members": ApplicationMember.objects.filter(application_id__in=ids).update(
            first_name="", last_name=""),
    }
    counts["applications"] = apps.update(
        first_name="", last_name="", email="", phone="", street="", key_profession="",
        needs_note="", status_reason="", missing=[])
    return counts
