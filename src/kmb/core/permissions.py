"""Who may do what: the one place that lists roles and their permissions.

A data-protection officer can read this file to see exactly what each role can do.
Roles are held per contact point (a membership); a user may hold several.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADVISER = "adviser", _("adviser")
    LEAD = "lead", _("lead")
    HOUSING_OFFICER = "housing_officer", _("housing officer")
    ANALYST = "analyst", _("analyst")
    ADMINISTRATOR = "administrator", _("administrator")
    # Staff of a partner organisation; held through a link to an organisation of the
    # directory (network.PartnerMembership), never through a contact point.
    PARTNER = "partner", _("partner organisation")
    # The officials who decide in the statutory register procedure (zákon 175/2025 Sb.).
    REGISTER_OFFICER = "register_officer", _("register officer")


#: An owner of flats (or a person of an SVJ or a building manager) with an account; held
#: only through a link to an owner record (housing.OwnerAccount), never through a contact
#: point, so it is not one of the roles a membership can hold.
OWNER_ROLE = "owner"


class Perm:
    CLIENT_VIEW = "client.view"
    CLIENT_CREATE = "client.create"
    CLIENT_EDIT = "client.edit"
    CLIENT_MERGE = "client.merge"
    CLIENT_AUDIT = "client.audit"
    # The content of the advice: what was advised, the notes, and topics and housing
    # situations marked sensitive (domestic violence, health). Without it a role sees that
    # a consultation took place and its other topics, never these. Selectors apply it
    # (kmb.cases.selectors.case_confidential_allowed), so pages, exports, PDFs and the API
    # all follow the same rule; a new kind of timeline entry is hidden without it unless
    # it names another permission.
    CASE_CONFIDENTIAL = "case.confidential"
    CONSULTATION_RECORD = "consultation.record"
    TASK_MANAGE = "task.manage"
    CONSENT_RECORD = "consent.record"
    OFFICE_OVERVIEW = "office.overview"
    STATS_VIEW = "stats.view"
    BENEFITS_ESTIMATE = "benefits.estimate"
    DIRECTORY_VIEW = "directory.view"
    DIRECTORY_EDIT = "directory.edit"
    DIRECTORY_EXCHANGE = "directory.exchange"
    # Suggest a change of a directory entry that someone else maintains; its maintainer
    # accepts or rejects it. (Editing needs DIRECTORY_EDIT *and* being the maintainer.)
    DIRECTORY_SUGGEST = "directory.suggest"
    # A partner's staff maintain their own organisation's entry and services, where the
    # entry says the partner maintains it.
    DIRECTORY_MAINTAIN_OWN = "directory.maintain_own"
    REFERRAL_MANAGE = "referral.manage"
    PARTNER_REFERRALS = "partner.referrals"
    # the public portal's texts for the people a contact point serves
    PORTAL_EDIT = "portal.edit"
    # GDPR: everything held about a client for a subject access request (art. 15); it
    # includes who viewed and changed the record, so only roles that see the audit trail.
    CLIENT_EXPORT = "client.export"
    # GDPR: anonymise a client on request (art. 17) and review the retention list.
    CLIENT_ERASE = "client.erase"
    RETENTION_REVIEW = "retention.review"
    # The record of processing activities (art. 30): no personal data, every staff role.
    PROCESSING_RECORD_VIEW = "processing_record.view"
    # the dated parameters (amounts, multiples, deadlines set by law) and their sources;
    # only an administrator edits them, in the administration
    PARAMETERS_VIEW = "parameters.view"
    # housing supply: owners and flats, matching, proposals, leases and follow-ups
    HOUSING_VIEW = "housing.view"          # flats on offer, matching, the matching rules
    OWNER_MANAGE = "housing.owners"        # owners, SVJ, their consultations
    FLAT_MANAGE = "housing.flats"          # flats, photos, statuses, the export
    NEEDS_EDIT = "housing.needs"           # what a client's household needs
    PROPOSAL_MANAGE = "housing.proposals"  # propose a flat; see proposals for own clients
    PROPOSAL_ALL = "housing.proposals.all"  # see every proposal of the office
    LEASE_MANAGE = "housing.leases"        # leases and the follow-ups of tenancies
    OWNER_PROPOSALS = "housing.owner_proposals"  # an owner answers proposals for own flats
    # The statutory register (zákon 175/2025 Sb.): see a procedure's state and steps;
    # prepare an application for a client; record the steps of the procedure; decide and
    # sign letters and decisions (only the register officer).
    REGISTER_VIEW = "register.view"
    REGISTER_PREPARE = "register.prepare"
    REGISTER_MANAGE = "register.manage"
    REGISTER_DECIDE = "register.decide"
    # the office's own wording of the register's letters (versioned; lead or officer)
    REGISTER_LETTERS_EDIT = "register.letters"
    # the register's report: anonymous figures, small numbers suppressed when exported
    REGISTER_REPORT = "register.report"
    # Municipal flats: see programmes, applications, waiting lists and offers; take and
    # process applications; publish programmes' scoring rules; allocate offered flats.
    LETTINGS_VIEW = "lettings.view"
    LETTINGS_APPLICATIONS = "lettings.applications"
    LETTINGS_RULES = "lettings.rules"
    LETTINGS_ALLOCATE = "lettings.allocate"
    # the calendar: book, move, cancel appointments and mark them attended; an adviser's
    # own feed and digest
    APPOINTMENT_MANAGE = "appointment.manage"
    # the office's opening hours, closures and how residents book
    CALENDAR_SETUP = "calendar.setup"


_ADVISER = {
    Perm.CLIENT_VIEW,
    Perm.CASE_CONFIDENTIAL,
    Perm.CLIENT_CREATE,
    Perm.CLIENT_EDIT,
    Perm.CONSULTATION_RECORD,
    Perm.TASK_MANAGE,
    Perm.CONSENT_RECORD,
    Perm.BENEFITS_ESTIMATE,
    Perm.DIRECTORY_VIEW,
    Perm.DIRECTORY_SUGGEST,
    Perm.REFERRAL_MANAGE,
    Perm.PROCESSING_RECORD_VIEW,
    Perm.HOUSING_VIEW,
    Perm.NEEDS_EDIT,
    Perm.PROPOSAL_MANAGE,
    Perm.REGISTER_VIEW,
    Perm.REGISTER_PREPARE,
    Perm.LETTINGS_VIEW,
    Perm.LETTINGS_APPLICATIONS,
    Perm.APPOINTMENT_MANAGE,
}

_HOUSING_OFFICER = {Perm.HOUSING_VIEW, Perm.OWNER_MANAGE, Perm.FLAT_MANAGE, Perm.NEEDS_EDIT,
                    Perm.PROPOSAL_MANAGE, Perm.PROPOSAL_ALL, Perm.LEASE_MANAGE,
                    Perm.LETTINGS_VIEW, Perm.LETTINGS_APPLICATIONS, Perm.LETTINGS_RULES,
                    Perm.LETTINGS_ALLOCATE}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADVISER: frozenset(_ADVISER),
    Role.LEAD: frozenset(
        _ADVISER | {Perm.CLIENT_MERGE, Perm.CLIENT_AUDIT, Perm.OFFICE_OVERVIEW, Perm.STATS_VIEW,
                    Perm.DIRECTORY_EDIT, Perm.DIRECTORY_EXCHANGE, Perm.PORTAL_EDIT,
                    Perm.CLIENT_EXPORT, Perm.CLIENT_ERASE, Perm.RETENTION_REVIEW,
                    Perm.PARAMETERS_VIEW, Perm.REGISTER_REPORT, Perm.REGISTER_LETTERS_EDIT,
                    Perm.CALENDAR_SETUP}
        | _HOUSING_OFFICER
    ),
    # Housing officers see who the applicants are and plan with them: no advice, no notes,
    # no sensitive topics (no CASE_CONFIDENTIAL); they work the housing supply: owners,
    # flats, proposals, leases and follow-ups.
    Role.HOUSING_OFFICER: frozenset({Perm.CLIENT_VIEW, Perm.TASK_MANAGE, Perm.DIRECTORY_VIEW,
                                     Perm.DIRECTORY_SUGGEST, Perm.PROCESSING_RECORD_VIEW}
                                    | _HOUSING_OFFICER),
    # Analysts work with anonymous figures only.
    Role.ANALYST: frozenset({Perm.STATS_VIEW, Perm.PROCESSING_RECORD_VIEW,
                             Perm.PARAMETERS_VIEW, Perm.REGISTER_REPORT}),
    # Administrators manage the system (Django admin, where they also edit the dated
    # parameters); they do not read case files.
    Role.ADMINISTRATOR: frozenset({Perm.PARAMETERS_VIEW}),
    # Partner staff see and answer the referrals sent to their own organisation, and keep
    # their own organisation's directory entry up to date; nothing else of the directory.
    Role.PARTNER: frozenset({Perm.PARTNER_REFERRALS, Perm.DIRECTORY_MAINTAIN_OWN}),
    # Owners see the anonymised profiles of the households proposed for their own flats
    # and answer; nothing else.
    OWNER_ROLE: frozenset({Perm.OWNER_PROPOSALS}),
    # Register officers run the statutory procedure and alone sign its decisions; they
    # see the applicants' records, not the advice notes' authors' tasks or statistics.
    Role.REGISTER_OFFICER: frozenset({Perm.CLIENT_VIEW, Perm.REGISTER_VIEW,
                                      Perm.REGISTER_PREPARE, Perm.REGISTER_MANAGE,
                                      Perm.REGISTER_DECIDE, Perm.REGISTER_REPORT,
                                      Perm.REGISTER_LETTERS_EDIT,
                                      Perm.PROCESSING_RECORD_VIEW}),
}


def role_has(role: str, perm: str) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, frozenset())
