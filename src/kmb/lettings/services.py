"""Writes of the municipal flats: one transaction, an audit entry and a domain event each.

Applications move submitted → incomplete → registered → suspended → removed / housed with
history and reasons. Scores are computed by the rules in force, stored with the rule
version, and every change of a score is kept (``ScoreRecord``) and audited. Offers collect
interest during a window; the housing officer then offers the flat in the order of the
ranking, records the answers and an acceptance takes the flat into the lease steps of the
housing supply.
"""

from __future__ import annotations

import calendar
import json
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kmb.accounts.models import User
from kmb.audit.models import AuditAction, AuditEntry
from kmb.audit.services import audit_record
from kmb.cases import services as case_services
from kmb.cases.errors import ConflictError, DomainError
from kmb.cases.models import Client, HousingSituation
from kmb.core.events import event_record
from kmb.housing.models import Flat, FlatStatus, Proposal, ProposalEvent, ProposalStatus
from kmb.lettings import scoring, selectors
from kmb.lettings.models import (
    STATUS_FLOW,
    Allocation,
    ApplicantLink,
    Application,
    ApplicationDocument,
    ApplicationMember,
    ApplicationSource,
    ApplicationStatus,
    ChangeKind,
    ChangeReport,
    ChangeStatus,
    DecisionOutcome,
    DocumentKind,
    Interest,
    LinkPurpose,
    MemberRelationship,
    Offer,
    OfferStatus,
    Programme,
    ProgrammeFlat,
    RuleSet,
    ScoreRecord,
    ScoringRun,
    StatusChange,
)
from kmb.network.tokens import token_digest, token_new, token_well_formed

APPLICANT_LABEL = "applicant"

APPLICATION_FIELDS = (
    "first_name", "last_name", "birth_date", "email", "phone", "street", "language",
    "housing_situation", "housing_cost", "permanent_residence", "residence_years",
    "work_years", "key_profession", "barrier_free_needed", "min_rooms", "max_floor",
    "needs_note", "owns_home", "debt_to_municipality",
)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --------------------------------------------------------------------------------------
# Household members
# --------------------------------------------------------------------------------------

def members_problems(members: list[dict[str, Any]]) -> list[str]:
    """What is wrong with the household as entered (a person twice, no applicant…)."""
    problems = []
    seen: dict[tuple, int] = {}
    applicants = 0
    for i, m in enumerate(members, start=1):
        if m.get("relationship") == MemberRelationship.APPLICANT:
            applicants += 1
        key = ((m.get("first_name") or "").strip().casefold(),
               (m.get("last_name") or "").strip().casefold(), m.get("birth_date"))
        if key in seen:
            problems.append(_("Person %(n)s (%(name)s) is the same as person %(first)s: each "
                              "member of the household is entered once.") % {
                "n": i, "first": seen[key],
                "name": f"{m.get('first_name', '')} {m.get('last_name', '')}".strip()})
        else:
            seen[key] = i
    if applicants != 1:
        problems.append(_("The household has exactly one applicant."))
    return problems


def _persons_refresh(application: Application) -> None:
    application.persons = ApplicationMember.objects.filter(application=application).count()
    Application.objects.filter(pk=application.pk).update(persons=application.persons)


def _member_rows(application: Application, members: list[dict[str, Any]]) -> None:
    application.persons = len(members)
    Application.objects.filter(pk=application.pk).update(persons=len(members))
    ApplicationMember.objects.bulk_create([
        ApplicationMember(application=application, first_name=m["first_name"].strip(),
                          last_name=m["last_name"].strip(), birth_date=m["birth_date"],
                          relationship=m.get("relationship") or MemberRelationship.OTHER,
                          income=m.get("income") or 0, disability=bool(m.get("disability")))
        for m in members])


# --------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------

@transaction.atomic
def application_create(*, programme: Programme, data: dict[str, Any],
                       members: list[dict[str, Any]], actor: User | None,
                       source: str = ApplicationSource.OFFICE,
                       submitted_at: datetime | None = None) -> Application:
    """A new application with its household. ``members`` include the applicant
    (``relationship="applicant"``), whose name and birth date are copied from ``data``
    when not given. Staff (``actor``) or the portal (no actor) submit it."""
    if not programme.active:
        raise DomainError(_("This programme does not take applications now."))
    if source == ApplicationSource.PORTAL and not programme.accepts_portal_applications:
        raise DomainError(_("Applications for this programme are made at the office."))
    problems = members_problems(members)
    if problems:
        raise DomainError(" ".join(problems))
    app = Application(contact_point=programme.contact_point, programme=programme,
                      source=source, created_by=actor,
                      **{k: v for k, v in data.items() if k in APPLICATION_FIELDS})
    if submitted_at:
        app.last_contact_at = submitted_at
    else:
        app.last_contact_at = timezone.now()
    app.save()
    app.number = f"{timezone.localdate().year}-{app.pk:05d}"
    app.save(update_fields=["number"])
    if submitted_at:
        Application.objects.filter(pk=app.pk).update(created_at=submitted_at)
    _member_rows(app, members)
    StatusChange.objects.create(application=app, from_status="",
                                to_status=ApplicationStatus.SUBMITTED, actor=actor,
                                at=submitted_at or timezone.now())
    audit_record(actor=actor, action=AuditAction.CREATE, obj=app,
                 contact_point=app.contact_point,
                 changes=list(data.keys()) + ["members"],
                 actor_label="" if actor else "portal")
    event_record(kind="lettings.application", contact_point=app.contact_point,
                 subject_id=app.uuid, occurred_at=submitted_at,
                 data={"status": ApplicationStatus.SUBMITTED, "source": source,
                       "programme": programme.kind})
    application_score(application=app, actor=actor, reason=_("application submitted"))
    return app


@transaction.atomic
def application_update(*, application: Application, actor: User, data: dict[str, Any],
                       members: list[dict[str, Any]] | None, expected_version: int,
                       reason: str = "") -> Application:
    """Change an application (staff); the household is replaced when ``members`` is given.
    The score is computed again and a change recorded."""
    if members is not None:
        problems = members_problems(members)
        if problems:
            raise DomainError(" ".join(problems))
    updated = Application.objects.filter(pk=application.pk, version=expected_version).update(
        version=F("version") + 1)
    if not updated:
        raise ConflictError(_("Someone else has changed this application in the meantime. "
                              "Reload the page and make your change again."))
    changes = [k for k, v in data.items() if k in APPLICATION_FIELDS
               and getattr(application, k) != v]
    for key in changes:
        setattr(application, key, data[key])
    application.version = expected_version + 1
    application.save()
    if members is not None:
        application.members.all().delete()
        _member_rows(application, members)
        changes.append("members")
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application,
                 contact_point=application.contact_point,
                 client_id=getattr(application.client, "uuid", None), changes=changes)
    application_score(application=application, actor=actor,
                      reason=reason or _("application changed"))
    return application


def facts_for(application: Application, *, on: date | None = None,
              members: list[ApplicationMember] | None = None) -> scoring.Facts:
    day = on or timezone.localdate()
    rows = members if members is not None else list(application.members.all())
    situation = HousingSituation.objects.filter(pk=application.housing_situation_id).values_list(
        "code", flat=True).first() or ""
    return scoring.facts_of(
        situation=situation,
        members=[(m.birth_date, m.relationship, m.income, m.disability) for m in rows],
        residence_years=application.residence_years, work_years=application.work_years,
        permanent_residence=application.permanent_residence,
        registered_on=application.registered_on, housing_cost=application.housing_cost,
        applicant_birth=application.birth_date,
        key_profession=bool(application.key_profession),
        barrier_free_needed=application.barrier_free_needed,
        owns_home=application.owns_home,
        debt_to_municipality=application.debt_to_municipality, on=day)


def eligibility_problems(application: Application, *, on: date | None = None) -> list[str]:
    """The programme's conditions the application does not meet."""
    programme = application.programme
    facts = facts_for(application, on=on)
    problems = []
    if programme.min_age is not None and facts.applicant_age < programme.min_age:
        problems.append(_("The applicant must be at least %(n)s years old.")
                        % {"n": programme.min_age})
    if programme.max_age is not None and facts.applicant_age > programme.max_age:
        problems.append(_("The applicant must be at most %(n)s years old.")
                        % {"n": programme.max_age})
    if programme.max_income_per_person is not None and \
            facts.income_per_person > programme.max_income_per_person:
        problems.append(_("The income per person is above the programme's limit."))
    if programme.min_tie_years is not None and facts.tie_years < programme.min_tie_years:
        problems.append(_("The household must have lived or worked in the municipality for "
                          "at least %(n)s years.") % {"n": programme.min_tie_years})
    if programme.requires_key_profession and not facts.key_profession:
        problems.append(_("The programme is for people working in a key profession."))
    if programme.requires_barrier_free_need and not facts.barrier_free_needed:
        problems.append(_("The programme is for households that need a barrier-free flat."))
    return problems


def _score_changed(application: Application, result: scoring.Score, rules: RuleSet) -> bool:
    return (application.rule_set_id != rules.pk or application.score != result.total
            or application.score_breakdown != result.breakdown
            or application.score_excluded != result.excluded)


def application_score(*, application: Application, actor: User | None, reason: str,
                      on: date | None = None) -> ScoreRecord | None:
    """Score by the rules in force; store and audit a change (None when nothing changed or
    the programme has no published rules yet)."""
    rules = selectors.rules_in_force(programme=application.programme, on=on)
    if rules is None:
        return None
    result = scoring.score(rules.criteria, rules.exclusions, facts_for(application, on=on))
    if not _score_changed(application, result, rules):
        return None
    previous = application.score if application.rule_set_id else None
    application.score = result.total
    application.score_breakdown = result.breakdown
    application.score_excluded = result.excluded
    application.excluded = bool(result.excluded)
    application.rule_set = rules
    application.scored_at = timezone.now()
    Application.objects.filter(pk=application.pk).update(
        score=result.total, score_breakdown=result.breakdown, score_excluded=result.excluded,
        excluded=bool(result.excluded), rule_set=rules, scored_at=application.scored_at)
    record = ScoreRecord.objects.create(
        application=application, rule_set=rules, rule_version=rules.version,
        total=result.total, breakdown=result.breakdown, excluded=result.excluded,
        previous_total=previous, reason=reason[:300], actor=actor)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application,
                 contact_point=application.contact_point,
                 client_id=getattr(application.client, "uuid", None) if application.client_id
                 else None,
                 changes=["score", f"rules v{rules.version}", f"why: {reason}"[:100]],
                 actor_label="" if actor else "system")
    return record


def _set_status(application: Application, status: str, actor: User | None, reason: str,
                *, lapsed: bool = False) -> None:
    old = application.status
    if status not in STATUS_FLOW.get(old, set()):
        raise DomainError(_("An application cannot go from “%(old)s” to “%(new)s”.") % {
            "old": application.get_status_display(),
            "new": ApplicationStatus(status).label})
    updated = Application.objects.filter(pk=application.pk, status=old).update(
        status=status, status_reason=reason[:300], version=F("version") + 1)
    if not updated:
        raise ConflictError(_("The application's status has just been changed by someone "
                              "else. Reload the page."))
    application.status = status
    application.status_reason = reason[:300]
    application.version += 1
    StatusChange.objects.create(application=application, from_status=old, to_status=status,
                                actor=actor, reason=reason[:300])
    data = {"status": status, "from": old, "programme": application.programme.kind,
            "situation": getattr(application.housing_situation, "code", "")}
    if lapsed:  # taken off the register because the registration was not renewed
        data["lapsed"] = True
    event_record(kind="lettings.application", contact_point=application.contact_point,
                 subject_id=application.uuid, data=data)


def missing_documents(application: Application) -> list[str]:
    """Document kinds the checklist requires that are neither uploaded nor seen."""
    present = set(application.documents.values_list("kind", flat=True))
    return [kind for kind in document_checklist(application) if kind not in present]


def document_checklist(application: Application) -> list[str]:
    """Which documents this application needs (depends on what it claims)."""
    members = list(application.members.all())
    kinds = [DocumentKind.IDENTITY, DocumentKind.HOUSING]
    if any(m.income for m in members):
        kinds.append(DocumentKind.INCOME)
    if application.permanent_residence or application.residence_years or \
            application.work_years:
        kinds.append(DocumentKind.RESIDENCE)
    if any(m.disability for m in members) or application.barrier_free_needed:
        kinds.append(DocumentKind.HEALTH)
    if application.key_profession:
        kinds.append(DocumentKind.EMPLOYER)
    return kinds


@transaction.atomic
def application_request_completion(*, application: Application, actor: User,
                                   missing: list[str], note: str = "",
                                   complete_by: date | None = None) -> Application:
    """Mark the application incomplete: what is missing and by when."""
    missing = [m for m in missing if m]
    if not missing and not note.strip():
        raise DomainError(_("Say what is missing."))
    deadline = complete_by or timezone.localdate() + timedelta(
        days=settings.KMB_LETTINGS_COMPLETE_DAYS)
    if deadline < timezone.localdate():
        raise DomainError(_("The deadline cannot be in the past."))
    items = [str(DocumentKind(m).label) if m in DocumentKind.values else m for m in missing]
    if note.strip():
        items.append(note.strip()[:300])
    _set_status(application, ApplicationStatus.INCOMPLETE, actor,
                _("missing: %(items)s") % {"items": "; ".join(items)})
    application.missing = items
    application.complete_by = deadline
    Application.objects.filter(pk=application.pk).update(missing=items, complete_by=deadline)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application,
                 contact_point=application.contact_point,
                 changes=["status", "missing", "complete_by"])
    return application


@transaction.atomic
def application_register(*, application: Application, actor: User,
                         client: Client | None = None) -> Application:
    """Register a complete, eligible application: link it to a client (or create one),
    set the registration period and score it."""
    application = Application.objects.select_for_update().select_related(
        "programme", "housing_situation").get(pk=application.pk)
    if application.source == ApplicationSource.PORTAL and application.email and \
            application.email_verified_at is None:
        raise DomainError(_("The applicant has not verified the e-mail address yet."))
    missing = missing_documents(application)
    if missing:
        raise DomainError(_("Documents are missing: %(docs)s.") % {
            "docs": ", ".join(str(DocumentKind(k).label) for k in missing)})
    problems = eligibility_problems(application)
    if problems:
        raise DomainError(" ".join(problems))
    if application.client_id is None or client is not None:
        application_link_client(application=application, actor=actor, client=client)
    today = timezone.localdate()
    first = application.registered_on is None
    _set_status(application, ApplicationStatus.REGISTERED, actor, "")
    fields = {"missing": [], "complete_by": None,
              "registration_expires_on": add_months(
                  today, settings.KMB_LETTINGS_REGISTRATION_MONTHS),
              "lapse_reminder_sent_on": None}
    if first:
        fields["registered_on"] = today
    Application.objects.filter(pk=application.pk).update(**fields)
    for key, value in fields.items():
        setattr(application, key, value)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application,
                 contact_point=application.contact_point, client_id=application.client.uuid,
                 changes=["status", *fields.keys()])
    application_score(application=application, actor=actor, reason=_("registered"))
    return application


@transaction.atomic
def application_set_status(*, application: Application, actor: User, status: str,
                           reason: str = "", lapsed: bool = False) -> Application:
    """Suspend, remove (with the reason), reinstate, or mark housed. ``lapsed``: a removal
    because the registration ran out without renewal (the statistics tell it apart)."""
    if status == ApplicationStatus.REGISTERED:
        return application_register(application=application, actor=actor)
    if status == ApplicationStatus.INCOMPLETE:
        return application_request_completion(application=application, actor=actor,
                                              missing=[], note=reason)
    if status in (ApplicationStatus.REMOVED, ApplicationStatus.SUSPENDED) and \
            not reason.strip():
        raise DomainError(_("Give the reason."))
    _set_status(application, status, actor, reason.strip(),
                lapsed=lapsed and status == ApplicationStatus.REMOVED)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application,
                 contact_point=application.contact_point,
                 client_id=application.client.uuid if application.client_id else None,
                 changes=["status", "status_reason"])
    if status in (ApplicationStatus.REMOVED, ApplicationStatus.HOUSED):
        Interest.objects.filter(application=application, withdrawn_at__isnull=True,
                                offer__status=OfferStatus.OPEN).update(
            withdrawn_at=timezone.now())
    return application


@transaction.atomic
def application_renew(*, application: Application, actor: User | None) -> Application:
    """Extend a registration by the set period from today (staff or the applicant)."""
    if application.status not in (ApplicationStatus.REGISTERED, ApplicationStatus.SUSPENDED):
        raise DomainError(_("Only a registration can be renewed."))
    expires = add_months(timezone.localdate(), settings.KMB_LETTINGS_REGISTRATION_MONTHS)
    Application.objects.filter(pk=application.pk).update(
        registration_expires_on=expires, lapse_reminder_sent_on=None,
        last_contact_at=timezone.now())
    application.registration_expires_on = expires
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application,
                 contact_point=application.contact_point,
                 changes=["registration_expires_on"],
                 actor_label="" if actor else APPLICANT_LABEL)
    return application


@transaction.atomic
def application_link_client(*, application: Application, actor: User,
                            client: Client | None = None) -> Client:
    """Link the application to an existing client of the office, or create the client."""
    if client is not None:
        if client.contact_point_id != application.contact_point_id:
            raise DomainError(_("The client belongs to another contact point."))
        if client.merged_into_id:
            client = client.merged_into
    else:
        client = case_services.client_create(
            contact_point=application.contact_point, actor=actor, data={
                "first_name": application.first_name, "last_name": application.last_name,
                "birth_date": application.birth_date, "email": application.email,
                "phone": application.phone, "street": application.street,
                "preferred_language": application.language,
                "housing_situation": application.housing_situation})
    Application.objects.filter(pk=application.pk).update(client=client)
    application.client = client
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application,
                 contact_point=application.contact_point, client_id=client.uuid,
                 changes=["client"])
    return client


def contact_recorded(*, application: Application, at: datetime | None = None) -> None:
    Application.objects.filter(pk=application.pk).update(last_contact_at=at or timezone.now())


# --------------------------------------------------------------------------------------
# Documents (uploads follow the rules of flat photos: real images, re-encoded, no metadata)
# --------------------------------------------------------------------------------------

def _document_path(document: ApplicationDocument) -> str:
    return f"lettings/{document.application.uuid}/{document.uuid}.jpg"


@transaction.atomic
def document_add(*, application: Application, kind: str, actor: User | None,
                 upload=None, seen_at_office: bool = False) -> ApplicationDocument:
    from kmb.housing.services import _photo_bytes, photo_clean

    if kind not in DocumentKind.values:
        raise DomainError(_("Choose which document this is."))
    if upload is None and not seen_at_office:
        raise DomainError(_("Upload the document or mark it as seen at the office."))
    document = ApplicationDocument(application=application, kind=kind, uploaded_by=actor,
                                   seen_at_office=seen_at_office and actor is not None)
    if upload is not None:
        data, width, height = _photo_bytes(photo_clean(upload))
        document.width, document.height = width, height
        document.image.save(_document_path(document), ContentFile(data), save=False)
    document.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=document,
                 contact_point=application.contact_point, changes=["kind"],
                 actor_label="" if actor else APPLICANT_LABEL)
    return document


@transaction.atomic
def document_remove(*, document: ApplicationDocument, actor: User) -> None:
    application = document.application
    if document.image:
        name = document.image.name
        storage = document.image.storage
        transaction.on_commit(lambda: storage.delete(name))
    audit_record(actor=actor, action=AuditAction.DELETE, obj=document,
                 contact_point=application.contact_point, changes=["kind"])
    document.delete()


# --------------------------------------------------------------------------------------
# One-time links (verify the e-mail; sign in to the applicant's account)
# --------------------------------------------------------------------------------------

class LinkError(Exception):
    def __init__(self, message: str, *, unknown: bool = False) -> None:
        super().__init__(message)
        self.message = message
        #: no such link for this purpose (the page answers 404, like any unknown address)
        self.unknown = unknown


def link_known(*, raw: str, purpose: str) -> bool:
    """Whether a link of this purpose was ever issued with this token (used or not)."""
    return token_well_formed(raw) and ApplicantLink.objects.filter(
        digest=token_digest(raw), purpose=purpose).exists()


def link_issue(*, application: Application, purpose: str) -> str:
    """A fresh single-purpose link token (returned raw once; only its digest is kept).
    Earlier unused links of the same purpose stop working."""
    now = timezone.now()
    ApplicantLink.objects.filter(application=application, purpose=purpose,
                                 used_at__isnull=True).update(used_at=now)
    raw, digest = token_new()
    ApplicantLink.objects.create(application=application, purpose=purpose, digest=digest,
                                 expires_at=now + timedelta(
                                     hours=settings.KMB_LETTINGS_LINK_HOURS))
    return raw


@transaction.atomic
def link_use(*, raw: str, purpose: str) -> Application:
    """Spend a link: the application it was issued for, or LinkError (unknown, used,
    expired, another purpose)."""
    if not token_well_formed(raw):
        raise LinkError(_("This link is not valid."), unknown=True)
    link = (ApplicantLink.objects.select_for_update()
            .filter(digest=token_digest(raw)).select_related("application").first())
    if link is None or link.purpose != purpose:
        raise LinkError(_("This link is not valid."), unknown=True)
    if link.used_at is not None:
        raise LinkError(_("This link has already been used. Ask for a new one."))
    if link.expires_at <= timezone.now():
        raise LinkError(_("This link has expired. Ask for a new one."))
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    application = link.application
    if application.status in (ApplicationStatus.REMOVED, ApplicationStatus.HOUSED) and \
            purpose == LinkPurpose.SIGN_IN:
        raise LinkError(_("This application is closed."))
    if purpose == LinkPurpose.VERIFY and application.email_verified_at is None:
        application.email_verified_at = timezone.now()
        Application.objects.filter(pk=application.pk).update(
            email_verified_at=application.email_verified_at)
        audit_record(actor=None, action=AuditAction.UPDATE, obj=application,
                     contact_point=application.contact_point, changes=["email_verified_at"],
                     actor_label=APPLICANT_LABEL)
    contact_recorded(application=application)
    return application


def applications_for_sign_in(email: str):
    """Open applications with this verified address (the sign-in link goes to each)."""
    return (Application.objects.filter(email__iexact=email.strip(),
                                       email_verified_at__isnull=False,
                                       status__in=selectors.OPEN_STATUSES)
            .select_related("programme", "contact_point"))


# --------------------------------------------------------------------------------------
# The applicant's account: contact details, reported changes (confirmed by staff)
# --------------------------------------------------------------------------------------

@transaction.atomic
def applicant_contact_update(*, application: Application, phone: str, street: str,
                             language: str) -> Application:
    data = {"phone": phone.strip()[:30], "street": street.strip()[:200],
            "language": language if language in ("cs", "en", "uk") else application.language}
    changes = [k for k, v in data.items() if getattr(application, k) != v]
    Application.objects.filter(pk=application.pk).update(last_contact_at=timezone.now(),
                                                         **data)
    for k, v in data.items():
        setattr(application, k, v)
    audit_record(actor=None, action=AuditAction.UPDATE, obj=application,
                 contact_point=application.contact_point, changes=changes,
                 actor_label=APPLICANT_LABEL)
    return application


@transaction.atomic
def change_report_create(*, application: Application, kind: str, data: dict[str, Any],
                         note: str = "") -> ChangeReport:
    if kind not in ChangeKind.values:
        raise DomainError(_("Choose what changed."))
    if application.status not in selectors.OPEN_STATUSES:
        raise DomainError(_("This application is closed."))
    if kind == ChangeKind.MEMBER_ADDED:
        existing = [{"first_name": m.first_name, "last_name": m.last_name,
                     "birth_date": m.birth_date, "relationship": m.relationship}
                    for m in application.members.all()]
        new = {**data, "birth_date": data.get("birth_date")}
        problems = members_problems(existing + [new])
        if problems:
            raise DomainError(" ".join(problems))
    report = ChangeReport.objects.create(
        application=application, kind=kind, note=note.strip()[:500],
        data={k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()})
    contact_recorded(application=application)
    audit_record(actor=None, action=AuditAction.CREATE, obj=report,
                 contact_point=application.contact_point, changes=["kind", *data.keys()],
                 actor_label=APPLICANT_LABEL)
    return report


@transaction.atomic
def change_report_decide(*, report: ChangeReport, actor: User, confirm: bool,
                         note: str = "") -> ChangeReport:
    """Confirm (the change is applied and the score computed again) or reject."""
    report = ChangeReport.objects.select_for_update().select_related("application").get(
        pk=report.pk)
    if report.status != ChangeStatus.PENDING:
        raise DomainError(_("This change has already been decided."))
    if not confirm and not note.strip():
        raise DomainError(_("Give the reason."))
    application = report.application
    if confirm:
        d = report.data
        if report.kind == ChangeKind.MEMBER_ADDED:
            ApplicationMember.objects.create(
                application=application, first_name=d.get("first_name", ""),
                last_name=d.get("last_name", ""),
                birth_date=date.fromisoformat(d["birth_date"]),
                relationship=d.get("relationship") or MemberRelationship.OTHER,
                income=int(d.get("income") or 0), disability=bool(d.get("disability")))
        elif report.kind == ChangeKind.INCOME and d.get("member"):
            ApplicationMember.objects.filter(application=application,
                                             uuid=d["member"]).update(
                income=int(d.get("income") or 0))
        elif report.kind == ChangeKind.MEMBER_LEFT and d.get("member"):
            ApplicationMember.objects.filter(application=application, uuid=d["member"]) \
                .exclude(relationship=MemberRelationship.APPLICANT).delete()
        elif report.kind == ChangeKind.HOUSING:
            situation = HousingSituation.objects.filter(code=d.get("situation")).first()
            update = {}
            if situation is not None:
                update["housing_situation"] = situation
            if d.get("housing_cost") is not None:
                update["housing_cost"] = int(d["housing_cost"])
            if update:
                Application.objects.filter(pk=application.pk).update(**update)
                application.refresh_from_db()
        _persons_refresh(application)
    report.status = ChangeStatus.CONFIRMED if confirm else ChangeStatus.REJECTED
    report.decided_at = timezone.now()
    report.decided_by = actor
    report.decision_note = note.strip()[:300]
    report.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=report,
                 contact_point=application.contact_point, changes=["status"])
    if confirm:
        application_score(application=application, actor=actor,
                          reason=_("change confirmed: %(kind)s") % {
                              "kind": report.get_kind_display()})
    return report


# --------------------------------------------------------------------------------------
# Rules and scoring runs
# --------------------------------------------------------------------------------------

@transaction.atomic
def rules_publish(*, programme: Programme, actor: User | None, criteria: list[dict],
                  exclusions: list[str], valid_from: date, note: str = "",
                  rescore: bool = True) -> RuleSet:
    """Publish a new version of a programme's rules; when it is in force already, every open
    application is scored again in the background (history kept)."""
    problems = scoring.rules_problems(criteria, exclusions)
    if problems:
        raise DomainError(" ".join(problems))
    current = selectors.rules_in_force(programme=programme)
    if current is not None and valid_from < current.valid_from:
        raise DomainError(_("New rules cannot apply before the rules in force (from "
                            "%(day)s).") % {"day": current.valid_from.strftime("%d. %m. %Y")})
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    version = (RuleSet.objects.filter(programme=programme).aggregate(v=Max("version"))["v"]
               or 0) + 1
    rules = RuleSet.objects.create(programme=programme, version=version,
                                   valid_from=valid_from, criteria=criteria,
                                   exclusions=exclusions, note=note.strip()[:300],
                                   published_at=timezone.now(), published_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=rules,
                 contact_point=programme.contact_point,
                 changes=["criteria", "exclusions", "valid_from"])
    if rescore and valid_from <= timezone.localdate():
        scoring_run_start(programme=programme, actor=actor,
                          reason=_("rules version %(v)s") % {"v": version})
    return rules


@transaction.atomic
def scoring_run_start(*, programme: Programme, actor: User | None, reason: str
                      ) -> ScoringRun | None:
    from kmb.lettings.tasks import run_scoring

    rules = selectors.rules_in_force(programme=programme)
    if rules is None:
        return None
    run = ScoringRun.objects.create(
        contact_point=programme.contact_point, programme=programme, rule_set=rules,
        started_by=actor, reason=reason[:300],
        total=Application.objects.filter(programme=programme,
                                         status__in=selectors.OPEN_STATUSES).count())
    transaction.on_commit(lambda: run_scoring.enqueue(run_id=str(run.uuid)))
    return run


SCORING_CHUNK = 2000


def scoring_run_execute(*, run_id: str) -> ScoringRun:
    """Score every open application of the programme by the run's rules, in chunks, with
    progress; keep a history row and an audit entry for each changed score."""
    run = ScoringRun.objects.select_related("programme", "rule_set").get(uuid=run_id)
    if run.status == ScoringRun.Status.DONE:
        return run
    ScoringRun.objects.filter(pk=run.pk).update(status=ScoringRun.Status.RUNNING, done=0,
                                                changed=0)
    rules = run.rule_set
    today = timezone.localdate()
    situations = dict(HousingSituation.objects.values_list("pk", "code"))
    ids = list(Application.objects.filter(programme=run.programme,
                                          status__in=selectors.OPEN_STATUSES)
               .order_by("pk").values_list("pk", flat=True))
    ScoringRun.objects.filter(pk=run.pk).update(total=len(ids))
    done = changed = 0
    label = run.started_by.username if run.started_by_id else "system"
    try:
        for start in range(0, len(ids), SCORING_CHUNK):
            chunk = ids[start:start + SCORING_CHUNK]
            changed += _score_chunk(chunk, rules, run, situations, today, label)
            done += len(chunk)
            ScoringRun.objects.filter(pk=run.pk).update(done=done, changed=changed)
    except Exception as exc:  # noqa: BLE001 — the run shows it failed; the worker logs it
        ScoringRun.objects.filter(pk=run.pk).update(status=ScoringRun.Status.FAILED,
                                                    error=type(exc).__name__[:300],
                                                    finished_at=timezone.now())
        raise
    ScoringRun.objects.filter(pk=run.pk).update(status=ScoringRun.Status.DONE,
                                                finished_at=timezone.now())
    run.refresh_from_db()
    return run


_CHUNK_FIELDS = ("pk", "uuid", "client__uuid", "housing_situation_id", "residence_years",
                 "work_years", "permanent_residence", "registered_on", "housing_cost",
                 "birth_date", "key_profession", "barrier_free_needed", "owns_home",
                 "debt_to_municipality", "score", "score_breakdown", "score_excluded",
                 "rule_set_id")


@transaction.atomic
def _score_chunk(chunk: list[int], rules: RuleSet, run: ScoringRun, situations: dict,
                 today: date, label: str) -> int:
    # the chunk is a range of ids in order: range conditions, not long IN lists
    members: dict[int, list] = {pk: [] for pk in chunk}
    for app_id, birth, rel, income, disability in ApplicationMember.objects.filter(
            application_id__gte=chunk[0], application_id__lte=chunk[-1]).values_list(
            "application_id", "birth_date", "relationship", "income", "disability"):
        if app_id in members:
            members[app_id].append((birth, rel, income, disability))
    now = timezone.now()
    updates, records, audits = [], [], []
    why = f"why: {run.reason}"[:100]
    changes = json.dumps(sorted({"score", f"rules v{rules.version}", why}))
    for row in Application.objects.filter(pk__gte=chunk[0], pk__lte=chunk[-1],
                                          programme_id=run.programme_id,
                                          status__in=selectors.OPEN_STATUSES
                                          ).values(*_CHUNK_FIELDS):
        facts = scoring.facts_of(
            situation=situations.get(row["housing_situation_id"], ""),
            members=members[row["pk"]], residence_years=row["residence_years"],
            work_years=row["work_years"], permanent_residence=row["permanent_residence"],
            registered_on=row["registered_on"], housing_cost=row["housing_cost"],
            applicant_birth=row["birth_date"], key_profession=bool(row["key_profession"]),
            barrier_free_needed=row["barrier_free_needed"], owns_home=row["owns_home"],
            debt_to_municipality=row["debt_to_municipality"], on=today)
        result = scoring.score(rules.criteria, rules.exclusions, facts)
        if (row["rule_set_id"] == rules.pk and row["score"] == result.total
                and row["score_breakdown"] == result.breakdown
                and row["score_excluded"] == result.excluded):
            continue
        breakdown, excluded = json.dumps(result.breakdown), json.dumps(result.excluded)
        updates.append((result.total, breakdown, excluded, bool(result.excluded), rules.pk,
                        now, row["pk"]))
        records.append((row["pk"], rules.pk, rules.version, result.total, breakdown, excluded,
                        row["score"] if row["rule_set_id"] else None, run.reason[:300],
                        run.pk, run.started_by_id, now))
        audits.append((now, run.started_by_id, label, run.contact_point_id,
                       AuditAction.UPDATE, "lettings.application", str(row["uuid"]),
                       row["client__uuid"], changes, "web"))
    if updates:
        _write_scores(updates, records, audits)
    return len(updates)


def _write_scores(updates: list[tuple], records: list[tuple], audits: list[tuple]) -> None:
    """Write many scores, their history rows and audit entries at once: prepared
    statements run for every row (executemany, pipelined by psycopg on PostgreSQL), far
    cheaper than the ORM's bulk operations for tens of thousands of rows."""
    from django.db import connection

    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    uuid_cast = "::uuid" if connection.vendor == "postgresql" else ""
    app_table = Application._meta.db_table
    record_table = ScoreRecord._meta.db_table
    audit_table = AuditEntry._meta.db_table
    # table names come from the models and every value is bound: nothing from input
    update_sql = (f"UPDATE {app_table} SET score = %s, score_breakdown = %s{cast}, "  # noqa: S608
                  f"score_excluded = %s{cast}, excluded = %s, rule_set_id = %s, "
                  "scored_at = %s WHERE id = %s")
    record_sql = (f"INSERT INTO {record_table} (application_id, rule_set_id, "  # noqa: S608
                  "rule_version, total, breakdown, excluded, previous_total, reason, run_id, "
                  f"actor_id, at) VALUES (%s, %s, %s, %s, %s{cast}, %s{cast}, %s, %s, %s, %s, "
                  "%s)")
    audit_sql = (f"INSERT INTO {audit_table} (at, actor_id, actor_label, "  # noqa: S608
                 "contact_point_id, action, object_type, object_id, client_id, changes, "
                 f"channel) VALUES (%s, %s, %s, %s, %s, %s, %s, %s{uuid_cast}, %s{cast}, %s)")
    if connection.vendor == "postgresql":
        _write_scores_copy(updates, records, audits)
        return
    audits = [(*a[:7], a[7].hex if a[7] else None, *a[8:]) for a in audits]
    with connection.cursor() as cursor:
        cursor.executemany(update_sql, updates)
        cursor.executemany(record_sql, records)
        cursor.executemany(audit_sql, audits)


def _write_scores_copy(updates: list[tuple], records: list[tuple], audits: list[tuple]
                       ) -> None:
    """PostgreSQL: COPY the rows (history, audit, new scores into a temporary table) and
    apply the scores with one UPDATE … FROM."""
    from django.db import connection

    app_table = Application._meta.db_table
    record_table = ScoreRecord._meta.db_table
    audit_table = AuditEntry._meta.db_table
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, for COPY
        cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS lettings_new_scores ("
                       "id bigint, score integer, breakdown jsonb, excluded_codes jsonb, "
                       "excluded boolean, rule_set_id bigint, scored_at timestamptz) "
                       "ON COMMIT DELETE ROWS")
        with cursor.copy("COPY lettings_new_scores FROM STDIN") as copy:
            for score, breakdown, excluded_codes, excluded, rule_set_id, at, pk in updates:
                copy.write_row((pk, score, breakdown, excluded_codes, excluded, rule_set_id,
                                at))
        cursor.execute(
            f"UPDATE {app_table} AS a SET score = n.score, score_breakdown = n.breakdown, "  # noqa: S608
            "score_excluded = n.excluded_codes, excluded = n.excluded, "
            "rule_set_id = n.rule_set_id, scored_at = n.scored_at "
            "FROM lettings_new_scores AS n WHERE a.id = n.id")
        with cursor.copy(f"COPY {record_table} (application_id, rule_set_id, rule_version, "
                         "total, breakdown, excluded, previous_total, reason, run_id, "
                         "actor_id, at) FROM STDIN") as copy:
            for row in records:
                copy.write_row(row)
        with cursor.copy(f"COPY {audit_table} (at, actor_id, actor_label, contact_point_id, "
                         "action, object_type, object_id, client_id, changes, channel) "
                         "FROM STDIN") as copy:
            for row in audits:
                copy.write_row(row)
        cursor.execute("DELETE FROM lettings_new_scores")


def scoring_run_interrupted(*, run_id: str, final: bool) -> None:
    if final:
        ScoringRun.objects.filter(uuid=run_id).exclude(status=ScoringRun.Status.DONE).update(
            status=ScoringRun.Status.FAILED, error="worker lost", finished_at=timezone.now())


def rules_activate_due(*, on: date | None = None) -> int:
    """Start a run for programmes whose newest rules came into force (daily command)."""
    day = on or timezone.localdate()
    started = 0
    for rules in RuleSet.objects.filter(valid_from=day, published_at__isnull=False) \
            .select_related("programme"):
        if not ScoringRun.objects.filter(rule_set=rules).exists():
            scoring_run_start(programme=rules.programme, actor=None,
                              reason=_("rules version %(v)s") % {"v": rules.version})
            started += 1
    return started


# --------------------------------------------------------------------------------------
# Offers, interest and allocation
# --------------------------------------------------------------------------------------

@transaction.atomic
def programme_flat_set(*, flat: Flat, programme: Programme, actor: User) -> ProgrammeFlat:
    if not selectors.flat_is_municipal(flat):
        raise DomainError(_("Only a flat owned by a municipality can be a municipal flat."))
    if flat.contact_point_id != programme.contact_point_id:
        raise DomainError(_("The flat and the programme belong to different contact points."))
    link, _created = ProgrammeFlat.objects.update_or_create(flat=flat,
                                                            defaults={"programme": programme})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=flat,
                 contact_point=flat.contact_point, changes=["programme"])
    return link


@transaction.atomic
def offer_create(*, flat: Flat, actor: User, note: str = "",
                 programme: Programme | None = None) -> Offer:
    """Prepare an offer of a municipal flat in its programme (sizes from the size rules)."""
    link = ProgrammeFlat.objects.filter(flat=flat).select_related("programme").first()
    programme = programme or (link.programme if link else None)
    if programme is None:
        raise DomainError(_("Assign the flat to a programme first."))
    if not selectors.flat_is_municipal(flat):
        raise DomainError(_("Only a flat owned by a municipality can be offered here."))
    if Offer.objects.filter(flat=flat, status__in=(OfferStatus.DRAFT, OfferStatus.OPEN,
                                                   OfferStatus.ALLOCATING)).exists():
        raise DomainError(_("This flat already has an offer in progress."))
    low, high = selectors.fit_range(programme=programme, rooms=flat.rooms)
    offer = Offer.objects.create(contact_point=flat.contact_point, flat=flat,
                                 programme=programme, min_persons=low, max_persons=high,
                                 note=note.strip(), created_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=offer,
                 contact_point=flat.contact_point, changes=["flat", "programme"])
    return offer


@transaction.atomic
def offer_publish(*, offer: Offer, actor: User, closes_at: datetime | None = None) -> Offer:
    """Publish on the portal for the window (the set number of days by default)."""
    from kmb.housing import services as housing_services

    if offer.status != OfferStatus.DRAFT:
        raise DomainError(_("Only an offer being prepared can be published."))
    now = timezone.now()
    closes_at = closes_at or now + timedelta(days=settings.KMB_LETTINGS_OFFER_WINDOW_DAYS)
    if closes_at <= now:
        raise DomainError(_("The deadline for interest must be in the future."))
    flat = offer.flat
    if flat.status == FlatStatus.PREPARATION:
        housing_services.flat_set_status(flat=flat, actor=actor, status=FlatStatus.OFFERED,
                                         note=_("offered to registered applicants"))
    elif flat.status != FlatStatus.OFFERED:
        raise DomainError(_("The flat is “%(status)s” and cannot be offered.")
                          % {"status": flat.get_status_display()})
    offer.status = OfferStatus.OPEN
    offer.published_at = now
    offer.closes_at = closes_at
    offer.version += 1
    offer.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=offer,
                 contact_point=offer.contact_point, changes=["status", "closes_at"])
    event_record(kind="lettings.offer", contact_point=offer.contact_point,
                 subject_id=offer.uuid, data={"status": OfferStatus.OPEN,
                                              "rooms": flat.rooms})
    return offer


def offers_close_due(*, now: datetime | None = None) -> int:
    """Move offers whose window has passed to allocation."""
    moment = now or timezone.now()
    return Offer.objects.filter(status=OfferStatus.OPEN, closes_at__lte=moment).update(
        status=OfferStatus.ALLOCATING, version=F("version") + 1, updated_at=moment)


@transaction.atomic
def offer_cancel(*, offer: Offer, actor: User, reason: str) -> Offer:
    if offer.status not in (OfferStatus.DRAFT, OfferStatus.OPEN, OfferStatus.ALLOCATING):
        raise DomainError(_("This offer is already closed."))
    if not reason.strip():
        raise DomainError(_("Give the reason."))
    if Allocation.objects.filter(offer=offer, outcome=DecisionOutcome.OFFERED).exists():
        raise DomainError(_("Record the answer to the open offer first."))
    offer.status = OfferStatus.CANCELLED
    offer.note = (offer.note + "\n" + reason.strip()).strip()
    offer.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=offer,
                 contact_point=offer.contact_point, changes=["status", f"why: {reason}"[:100]])
    return offer


@transaction.atomic
def interest_express(*, application: Application, offer: Offer) -> Interest:
    """The applicant's one button: interest in an open offer their household fits."""
    Application.objects.select_for_update().filter(pk=application.pk).first()
    problem = selectors.interest_problem(application=application, offer=offer)
    if problem:
        raise DomainError(problem)
    interest, created = Interest.objects.get_or_create(offer=offer, application=application)
    if not created:
        interest.withdrawn_at = None
        interest.created_at = timezone.now()
        interest.save(update_fields=["withdrawn_at", "created_at"])
    contact_recorded(application=application)
    audit_record(actor=None, action=AuditAction.CREATE, obj=offer,
                 contact_point=offer.contact_point, changes=["interest"],
                 actor_label=APPLICANT_LABEL)
    event_record(kind="lettings.interest", contact_point=offer.contact_point,
                 subject_id=offer.uuid, data={"action": "expressed"})
    return interest


@transaction.atomic
def interest_withdraw(*, application: Application, offer: Offer) -> bool:
    """Withdraw while the window is open; False when there was no interest to withdraw."""
    if not offer.window_open:
        raise DomainError(_("The time for expressing interest in this flat has ended."))
    withdrawn = Interest.objects.filter(offer=offer, application=application,
                                        withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now())
    if withdrawn:
        audit_record(actor=None, action=AuditAction.UPDATE, obj=offer,
                     contact_point=offer.contact_point, changes=["interest withdrawn"],
                     actor_label=APPLICANT_LABEL)
    return bool(withdrawn)


@transaction.atomic
def allocation_offer_next(*, offer: Offer, actor: User) -> Allocation:
    """Offer the flat to the best-ranked interested applicant not yet asked."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status == OfferStatus.OPEN and offer.closes_at and \
            offer.closes_at <= timezone.now():
        offer.status = OfferStatus.ALLOCATING
        offer.save(update_fields=["status"])
    if offer.status != OfferStatus.ALLOCATING:
        raise DomainError(_("The flat can be offered to an applicant only after the window "
                            "for interest closes."))
    if Allocation.objects.filter(offer=offer, outcome=DecisionOutcome.OFFERED).exists():
        raise DomainError(_("Record the answer of the applicant the flat is offered to "
                            "first."))
    asked = set(Allocation.objects.filter(offer=offer).values_list("application_id",
                                                                   flat=True))
    for app in selectors.interested_ranked(offer=offer):
        if app.pk in asked or not app.eligible_now:
            continue
        allocation = Allocation.objects.create(
            offer=offer, application=app, rank=app.rank, score=app.score,
            breakdown=app.score_breakdown, offered_by=actor)
        contact_recorded(application=app)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=allocation,
                     contact_point=offer.contact_point,
                     client_id=app.client.uuid if app.client_id else None,
                     changes=["offered", f"rank {app.rank}", f"score {app.score}"])
        return allocation
    raise DomainError(_("No other interested applicant is left. Cancel the offer or offer "
                        "the flat again."))


@transaction.atomic
def allocation_decide(*, allocation: Allocation, actor: User, accepted: bool,
                      reason: str = "") -> Allocation:
    """Record the applicant's answer. A refusal needs the reason and is counted; an
    acceptance reserves the flat for the household (a housing proposal accepted by both
    sides, ready for the lease) and publishes the anonymised result."""
    allocation = Allocation.objects.select_for_update().select_related(
        "offer__flat", "application__programme").get(pk=allocation.pk)
    if allocation.outcome != DecisionOutcome.OFFERED:
        raise DomainError(_("This answer has already been recorded."))
    if not accepted and not reason.strip():
        raise DomainError(_("Give the reason for the refusal."))
    offer, app = allocation.offer, allocation.application
    allocation.decided_at = timezone.now()
    allocation.decided_by = actor
    allocation.reason = reason.strip()[:300]
    if not accepted:
        allocation.outcome = DecisionOutcome.REFUSED
        allocation.save()
        Offer.objects.filter(pk=offer.pk).update(refusals=F("refusals") + 1)
    else:
        allocation.outcome = DecisionOutcome.ACCEPTED
        client = app.client or application_link_client(application=app, actor=actor)
        flat = Flat.objects.select_for_update().get(pk=offer.flat_id)
        if flat.status == FlatStatus.OFFERED:
            Flat.objects.filter(pk=flat.pk).update(status=FlatStatus.RESERVED,
                                                   version=F("version") + 1,
                                                   updated_at=timezone.now())
            from kmb.housing.models import FlatStatusChange

            FlatStatusChange.objects.create(flat=flat, from_status=FlatStatus.OFFERED,
                                            to_status=FlatStatus.RESERVED, actor=actor,
                                            note=_("allocated to a registered applicant"))
        elif flat.status != FlatStatus.RESERVED:
            raise DomainError(_("The flat is “%(status)s” and cannot be let now.")
                              % {"status": flat.get_status_display()})
        proposal = Proposal.objects.create(
            contact_point=offer.contact_point, flat=flat, client=client,
            status=ProposalStatus.CLIENT_ACCEPTED, rule_version=app.rule_set.version
            if app.rule_set_id else 0, score=max(app.score, 0),
            explanation=[{"code": b["code"], "points": b["points"]}
                         for b in allocation.breakdown],
            profile={"persons": app.members.count(), "programme": app.programme.name},
            proposed_by=actor)
        ProposalEvent.objects.create(proposal=proposal, status=ProposalStatus.CLIENT_ACCEPTED,
                                     actor_label=actor.username,
                                     note=_("municipal flat allocated by the waiting list"))
        allocation.proposal = proposal
        allocation.save()
        persons = app.members.count()
        interested = Interest.objects.filter(offer=offer).count()
        let_on = timezone.localdate()
        result = {"persons": persons, "points": allocation.score,
                  "registered_since": app.registered_on.strftime("%Y-%m")
                  if app.registered_on else let_on.strftime("%Y-%m"),
                  "interested": interested,
                  "refusals": Allocation.objects.filter(
                      offer=offer, outcome=DecisionOutcome.REFUSED).count(),
                  "let_on": let_on.isoformat()}
        Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.LET, result=result,
                                                 let_at=timezone.now(),
                                                 version=F("version") + 1)
        _set_status(app, ApplicationStatus.HOUSED, actor,
                    _("accepted the flat %(flat)s") % {"flat": offer.flat.address})
        Interest.objects.filter(application=app, withdrawn_at__isnull=True).exclude(
            offer=offer).update(withdrawn_at=timezone.now())
        event_record(kind="lettings.offer", contact_point=offer.contact_point,
                     subject_id=offer.uuid, data={"status": OfferStatus.LET,
                                                  "persons": persons,
                                                  "refusals": result["refusals"]})
    contact_recorded(application=app)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=allocation,
                 contact_point=offer.contact_point,
                 client_id=app.client.uuid if app.client_id else None,
                 changes=["outcome", allocation.outcome,
                          f"why: {allocation.reason}"[:100] if allocation.reason else ""])
    return allocation
