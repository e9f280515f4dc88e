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


_ADVISER = {
    Perm.CLIENT_VIEW,
    Perm.CLIENT_CREATE,
    Perm.CLIENT_EDIT,
    Perm.CONSULTATION_RECORD,
    Perm.TASK_MANAGE,
    Perm.CONSENT_RECORD,
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADVISER: frozenset(_ADVISER),
    Role.LEAD: frozenset(
        _ADVISER | {Perm.CLIENT_MERGE, Perm.CLIENT_AUDIT, Perm.OFFICE_OVERVIEW, Perm.STATS_VIEW}
    ),
    # Housing officers see who the applicants are and plan with them, not the advice notes.
    Role.HOUSING_OFFICER: frozenset({Perm.CLIENT_VIEW, Perm.TASK_MANAGE}),
    # Analysts work with anonymous figures only.
    Role.ANALYST: frozenset({Perm.STATS_VIEW}),
    # Administrators manage the system (Django admin); they do not read case files.
    Role.ADMINISTRATOR: frozenset(),
}


def role_has(role: str, perm: str) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, frozenset())
