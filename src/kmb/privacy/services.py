"""GDPR rights carried out: the subject access export, anonymisation, the retention job.

Each service runs in one transaction and writes its audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.accounts.models import ContactPoint, User
from kmb.audit.models import AuditAction, SecurityEventKind
from kmb.audit.services import audit_record, audit_redact_client, security_event_record
from kmb.cases import privacy as case_privacy
from kmb.cases.errors import DomainError
from kmb.cases.models import Client
from kmb.core.events import event_record
from kmb.core.params import parameter_value
from kmb.privacy import registry
from kmb.privacy.models import (
    OPEN_REVIEW,
    Anonymisation,
    ErasureGround,
    RetentionReview,
    ReviewStatus,
)

CLIENT_INACTIVE_YEARS = "privacy.retention.client_inactive_years"
REVIEW_DAYS = "privacy.retention.review_days"
ONLINE_REQUEST_MONTHS = "privacy.retention.online_request_months"
DEFAULTS = {CLIENT_INACTIVE_YEARS: 5, REVIEW_DAYS: 30, ONLINE_REQUEST_MONTHS: 12}


def retention_value(key: str, *, on: date | None = None) -> int:
    return int(parameter_value(key, on=on, default=DEFAULTS[key]))


def client_export_record(*, client: Client, actor: User, contact_point: ContactPoint,
                         fmt: str) -> None:
    """Audit a subject access export (the export itself is read by the selectors)."""
    audit_record(actor=actor, action=AuditAction.EXPORT, obj=client,
                 contact_point=contact_point, client_id=client.uuid,
                 changes=[f"subject_access.{fmt}"])
    security_event_record(kind=SecurityEventKind.EXPORT, user=actor,
                          detail=f"subject access export ({fmt})")


def _with_merged(client: Client) -> list[Client]:
    """The client and every record merged into it (they still hold the old values)."""
    found, queue = [], [client]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(Client.objects.filter(merged_into=current))
    return found


def erasure_refusals(*, client: Client) -> list[str]:
    """Why the client's data cannot be erased now (empty: they can)."""
    if hasattr(client, "anonymisation"):
        return [str(_("The client has already been anonymised."))]
    return registry.erasure_holds(client=client)


@dataclass
class ErasurePreview:
    recipients: list[str]
    refusals: list[str]


def erasure_preview(*, client: Client) -> ErasurePreview:
    return ErasurePreview(recipients=registry.recipients(client=client),
                          refusals=erasure_refusals(client=client))


@transaction.atomic
def client_anonymise(*, client: Client, actor: User | None, ground: str, reason: str,
                     requested_on: date | None = None) -> Anonymisation:
    """Erase the client's personal data everywhere, keep the anonymous skeleton: dates,
    codes, statistical events and the audit trail (its personal values removed)."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if ground not in ErasureGround.values:
        raise DomainError(_("Choose the ground for the erasure."))
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for the erasure."))
    refusals = erasure_refusals(client=client)
    if refusals:
        raise DomainError(" ".join(refusals))
    recipients = registry.recipients(client=client)
    counts: dict[str, int] = {}
    for person in _with_merged(client):
        for erase in registry.ERASERS:
            for key, number in erase(client=person).items():
                counts[key] = counts.get(key, 0) + number
    done = Anonymisation.objects.create(
        contact_point=client.contact_point, client=client, ground=ground,
        reason=reason.strip(), requested_on=requested_on, performed_by=actor, counts=counts,
        recipients=recipients)
    channel = "web" if actor is not None else "job"
    for person in _with_merged(client):
        audit_redact_client(contact_point=client.contact_point, client_uuid=person.uuid)
        audit_record(actor=actor, actor_label="" if actor else "retention job",
                     action=AuditAction.UPDATE, obj=person, contact_point=client.contact_point,
                     client_id=person.uuid, changes=["anonymised", *sorted(counts)],
                     channel=channel)
    audit_record(actor=actor, actor_label="" if actor else "retention job",
                 action=AuditAction.CREATE, obj=done, contact_point=client.contact_point,
                 client_id=client.uuid, changes=["ground", "reason"], channel=channel)
    event_record(kind="client.anonymised", contact_point=client.contact_point,
                 subject_id=client.uuid, data={"ground": ground})
    RetentionReview.objects.filter(client=client, status__in=OPEN_REVIEW).update(
        status=ReviewStatus.DONE)
    return done


# --- retention ---------------------------------------------------------------------------


def _review_audit(review: RetentionReview, actor: User | None, changes: list[str],
                  action: str = AuditAction.UPDATE) -> None:
    audit_record(actor=actor, actor_label="" if actor else "retention job", action=action,
                 obj=review, contact_point=review.contact_point, client_id=review.client.uuid,
                 changes=changes, channel="web" if actor else "job")


@transaction.atomic
def retention_postpone(*, review: RetentionReview, actor: User, until: date,
                       reason: str) -> RetentionReview:
    if review.status not in OPEN_REVIEW:
        raise DomainError(_("This client is no longer on the list."))
    if until <= timezone.localdate():
        raise DomainError(_("Postpone to a day in the future."))
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for postponing."))
    review.status, review.postponed_until, review.reason = ReviewStatus.POSTPONED, until, reason
    review.decided_by, review.decided_at = actor, timezone.now()
    review.save()
    _review_audit(review, actor, ["status", "postponed_until", "reason"])
    return review


@transaction.atomic
def retention_approve(*, review: RetentionReview, actor: User) -> RetentionReview:
    if review.status not in OPEN_REVIEW:
        raise DomainError(_("This client is no longer on the list."))
    review.status, review.decided_by, review.decided_at = (ReviewStatus.APPROVED, actor,
                                                           timezone.now())
    review.postponed_until = None
    review.save()
    _review_audit(review, actor, ["status"])
    return review


@dataclass
class RetentionReport:
    listed: int = 0
    withdrawn: int = 0
    anonymised: int = 0
    held: int = 0
    online_requests: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _cutoff(today: date) -> datetime:
    years = retention_value(CLIENT_INACTIVE_YEARS, on=today)
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _list_due(contact_point: ContactPoint, today: date, report: RetentionReport) -> None:
    cutoff = _cutoff(today)
    listed = set(RetentionReview.objects.filter(contact_point=contact_point,
                                                status__in=OPEN_REVIEW)
                 .values_list("client_id", flat=True))
    anonymised = Anonymisation.objects.filter(contact_point=contact_point).values("client_id")
    for client in case_privacy.clients_inactive_since(contact_point=contact_point,
                                                      before=cutoff, exclude=anonymised):
        if client.pk in listed:
            continue
        last = registry.last_activity(client=client)
        if last >= cutoff:
            continue
        review = RetentionReview.objects.create(contact_point=contact_point, client=client,
                                                listed_on=today, last_activity_at=last)
        _review_audit(review, None, ["listed_on"], AuditAction.CREATE)
        report.listed += 1


def _review_open(review: RetentionReview, today: date, report: RetentionReport) -> None:
    client = review.client
    if registry.last_activity(client=client) >= _cutoff(today):
        review.status = ReviewStatus.WITHDRAWN
        review.save(update_fields=["status"])
        _review_audit(review, None, ["status"])
        report.withdrawn += 1
        return
    if review.status == ReviewStatus.POSTPONED:
        if review.postponed_until and review.postponed_until <= today:
            review.status, review.listed_on = ReviewStatus.DUE, today
            review.save(update_fields=["status", "listed_on"])
            _review_audit(review, None, ["status", "listed_on"])
        return
    waited = review.listed_on <= today - timedelta(days=retention_value(REVIEW_DAYS, on=today))
    if review.status == ReviewStatus.APPROVED or waited:
        if erasure_refusals(client=client):
            report.held += 1
            return
        client_anonymise(client=client, actor=None, ground=ErasureGround.RETENTION,
                         reason=str(_("Retention period ended; reviewed by the lead.")))
        report.anonymised += 1


@transaction.atomic
def retention_run_for(*, contact_point: ContactPoint, today: date) -> RetentionReport:
    """One contact point's daily retention step: list the newly due clients, anonymise
    those the lead has had the chance to review, blank old portal requests."""
    report = RetentionReport()
    for review in (RetentionReview.objects.filter(contact_point=contact_point,
                                                  status__in=OPEN_REVIEW)
                   .select_related("client", "contact_point")):
        _review_open(review, today, report)
    _list_due(contact_point, today, report)
    months = retention_value(ONLINE_REQUEST_MONTHS, on=today)
    before = timezone.now() - timedelta(days=round(months * 30.44))
    for request in case_privacy.online_requests_erase_before(contact_point=contact_point,
                                                             before=before):
        audit_record(actor=None, actor_label="retention job", action=AuditAction.UPDATE,
                     obj=request, contact_point=contact_point, changes=["anonymised"],
                     channel="job")
        report.online_requests += 1
    return report


def retention_run(*, today: date | None = None) -> dict[str, Any]:
    """The daily job over every active contact point; each in its own transaction."""
    today = today or timezone.localdate()
    total = RetentionReport()
    for contact_point in ContactPoint.objects.filter(active=True).order_by("pk"):
        report = retention_run_for(contact_point=contact_point, today=today)
        for key, value in report.as_dict().items():
            setattr(total, key, getattr(total, key) + value)
    return total.as_dict()
