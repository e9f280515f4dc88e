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


class Perm:
    CLIENT_VIEW = "client.view"
    CLIENT_CREATE = "client.create"
    CLIENT_EDIT = "client.edit"
    CLIENT_MERGE = "client.merge"
    CLIENT_AUDIT = "client.audit"
    CONSULTATION_RECORD = "consultation.record"
    TASK_MANAGE = "task.manage"
    CONSENT_RECORD = "consent.record"
    OFFICE_OVERVIEW = "office.overview"
    STATS_VIEW = "stats.view"
    BENEFITS_ESTIMATE = "benefits.estimate"
    DIRECTORY_VIEW = "directory.view"
    DIRECTORY_EDIT = "directory.edit"
    DIRECTORY_EXCHANGE = "directory.exchange"
    REFERRAL_MANAGE = "referral.manage"
    PARTNER_REFERRALS = "partner.referrals"
    # the public portal's texts for the people a contact point serves
    PORTAL_EDIT = "portal.edit"
    # housing supply: owners and flats, matching, proposals, leases and follow-ups
    HOUSING_VIEW = "housing.view"          # flats on offer, matching, the matching rules
    OWNER_MANAGE = "housing.owners"        # owners, SVJ, their consultations
    FLAT_MANAGE = "housing.flats"          # flats, photos, statuses, the export
    NEEDS_EDIT = "housing.needs"           # what a client's household needs
    PROPOSAL_MANAGE = "housing.proposals"  # propose a flat; see proposals for own clients
    PROPOSAL_ALL = "housing.proposals.all"  # see every proposal of the office
    LEASE_MANAGE = "housing.leases"        # leases and the follow-ups of tenancies


_ADVISER = {
    Perm.CLIENT_VIEW,
    Perm.CLIENT_CREATE,
    Perm.CLIENT_EDIT,
    Perm.CONSULTATION_RECORD,
    Perm.TASK_MANAGE,
    Perm.CONSENT_RECORD,
    Perm.BENEFITS_ESTIMATE,
    Perm.DIRECTORY_VIEW,
    Perm.REFERRAL_MANAGE,
    Perm.HOUSING_VIEW,
    Perm.NEEDS_EDIT,
    Perm.PROPOSAL_MANAGE,
}

_HOUSING_OFFICER = {Perm.HOUSING_VIEW, Perm.OWNER_MANAGE, Perm.FLAT_MANAGE, Perm.NEEDS_EDIT,
                    Perm.PROPOSAL_MANAGE, Perm.PROPOSAL_ALL, Perm.LEASE_MANAGE}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADVISER: frozenset(_ADVISER),
    Role.LEAD: frozenset(
        _ADVISER | {Perm.CLIENT_MERGE, Perm.CLIENT_AUDIT, Perm.OFFICE_OVERVIEW, Perm.STATS_VIEW,
                    Perm.DIRECTORY_EDIT, Perm.DIRECTORY_EXCHANGE, Perm.PORTAL_EDIT}
        | _HOUSING_OFFICER
    ),
    # Housing officers see who the applicants are and plan with them, not the advice notes;
    # they work the housing supply: owners, flats, proposals, leases and follow-ups.
    Role.HOUSING_OFFICER: frozenset({Perm.CLIENT_VIEW, Perm.TASK_MANAGE, Perm.DIRECTORY_VIEW}
                                    | _HOUSING_OFFICER),
    # Analysts work with anonymous figures only.
    Role.ANALYST: frozenset({Perm.STATS_VIEW}),
    # Administrators manage the system (Django admin); they do not read case files.
    Role.ADMINISTRATOR: frozenset(),
    # Partner staff see and answer the referrals sent to their own organisation; nothing
    # else, not even the directory.
    Role.PARTNER: frozenset({Perm.PARTNER_REFERRALS}),
}


def role_has(role: str, perm: str) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, frozenset())
