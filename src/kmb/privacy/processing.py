"""The record of processing activities (GDPR art. 30) of this deployment.

Built from the settings (controller, DPO, processors, security settings), the retention
schedule (dated parameters) and the partner organisations that received referrals. The
portal's privacy notice shows the same facts to the people concerned. Legal bases are
stated as the usual reading for a municipal contact point under the housing support act
and are marked for the controller's data protection officer to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmb.privacy import services


@dataclass
class Activity:
    key: str
    name: Any
    purpose: Any
    legal_basis: Any
    subjects: list[Any]
    data: list[Any]
    recipients: list[Any]
    retention: list[Any]
    public: bool = True


@dataclass
class Record:
    controller: dict[str, str]
    dpo: dict[str, str]
    processors: list[str]
    activities: list[Activity]
    security: list[Any]
    partner_organizations: list[str]
    retention: dict[str, int]
    generated_on: date
    missing: list[str] = field(default_factory=list)


def _retention(today: date) -> dict[str, int]:
    return {"client_years": services.retention_value(services.CLIENT_INACTIVE_YEARS, on=today),
            "review_days": services.retention_value(services.REVIEW_DAYS, on=today),
            "request_months": services.retention_value(services.ONLINE_REQUEST_MONTHS,
                                                       on=today)}


def _register_activity() -> Activity:
    """The statutory register (zákon 175/2025 Sb.): a legal obligation, not consent."""
    from django.utils import timezone

    from kmb.register.params import register_parameters

    years = register_parameters(timezone.localdate()).retention_years
    return Activity(
        "register", _("Register of persons in need of housing support"),
        _("The administrative procedure on entries in the register, support measures and "
          "the contributions claimed for them."),
        _("Art. 6(1)(c) GDPR: a legal obligation under the housing support act (Act No. "
          "175/2025 Coll., § 13–27) and the Code of Administrative Procedure; not consent. "
          "To be confirmed by the data protection officer."),
        [_("applicants and persons entered in the register"),
         _("members of their households")],
        [_("identification, address, tie to the district and the signed declaration"),
         _("steps of the procedure, the binding opinion of the Labour Office, letters and "
           "decisions"),
         _("support measures, their providers and flats")],
        [_("the Labour Office (binding opinion)"),
         _("the regional office (appeals, settlement of contributions, without names where "
           "the law does not require them)")],
        [_("Kept for %(years)s years after the procedure ends (records rules); erasure is "
           "refused until then.") % {"years": years}])


def _activities(r: dict[str, int]) -> list[Activity]:
    client_retention = _(
        "Case files: anonymised when nothing has happened in the case for %(years)s years, "
        "after the lead of the contact point has had %(days)s days to review the list."
    ) % {"years": r["client_years"], "days": r["review_days"]}
    request_retention = _(
        "Requests from the portal that did not lead to a case: anonymised %(months)s months "
        "after they were received and handled."
    ) % {"months": r["request_months"]}
    kept = _("Anonymous statistical records and the audit trail (without personal values) "
             "are kept.")
    return [
        Activity(
            "housing_advice", _("Housing advice and case management"),
            _("Advice to people who are losing their home or live in unfit or insecure "
              "housing; keeping the client's case, plan and follow-up; benefit estimates; "
              "statistics of housing need for the municipality (anonymous)."),
            _("Art. 6(1)(e) GDPR: a task in the public interest under the housing support act "
              "(Act No. 175/2025 Coll., § 12). Data on health or domestic violence only with "
              "the client's explicit consent (art. 9(2)(a)) or where the law allows "
              "(art. 9(2)(g)). To be confirmed by the data protection officer."),
            [_("clients of the contact point"), _("members of their households")],
            [_("identification: name, date of birth, birth number"),
             _("contact details and address"),
             _("household members: names, dates of birth, relationship"),
             _("housing situation, risk and date of losing housing"),
             _("incomes, housing costs, debts and enforcement (benefit estimates)"),
             _("notes of consultations, which may include health or domestic violence "
               "(special categories)"),
             _("consents given and withdrawn")],
            [_("partner organisations to which the client is referred, with the client's "
               "consent and only the data the consent covers"),
             _("the Labour Office (Úřad práce ČR), when the client asks for help with an "
               "application for a benefit"),
             _("no transfers to countries outside the EU")],
            [client_retention, kept]),
        Activity(
            "portal_requests", _("Requests for a consultation from the public portal"),
            _("Contacting the person who asked for a consultation and preparing it."),
            _("Art. 6(1)(a) GDPR: consent given in the request form; art. 6(1)(e) once the "
              "request becomes a consultation."),
            [_("people who send a request")],
            [_("name or nickname, phone or e-mail, when to contact"),
             _("what the request is about, the message, municipality, language")],
            [_("only the staff of the chosen contact point")],
            [request_retention]),
        Activity(
            "referrals", _("Referrals to partner organisations"),
            _("Booking the client with a partner service (debt or legal counselling, "
              "shelters, foundation funds…) and following the outcome."),
            _("Art. 6(1)(a) GDPR: the client's consent, recorded with its scope; the record "
              "of what was passed to whom is kept as proof (art. 5(2))."),
            [_("clients of the contact point")],
            [_("the data items the consent covers (name, contact, date of birth, address, "
               "housing situation, household size) and the described need")],
            [_("the partner organisation's staff named as the recipient")],
            [client_retention]),
        _register_activity(),
        Activity(
            "staff_security", _("Staff accounts, audit trail and security log"),
            _("Access control, accountability (who viewed or changed what) and protection "
              "against attacks."),
            _("Art. 6(1)(c) and art. 32 GDPR: security of processing and accountability."),
            [_("staff of the contact points and partner organisations")],
            [_("name, user name, e-mail, roles"),
             _("time and kind of each view and change; logins with IP address")],
            [_("administrators of the system")],
            [_("The audit trail and security log are kept; entries cannot be changed or "
               "deleted through the application.")],
            public=False),
    ]


def _security() -> list[Any]:
    measures = [
        _("Access by role and contact point: each office sees only its own clients; the "
          "roles and their rights are listed in one file (kmb/core/permissions.py)."),
        _("Every view and change of a client's record is written to an append-only audit "
          "trail."),
        _("Passwords hashed with Argon2; two-factor login (TOTP) for staff."),
        _("Login locked for %(minutes)s minutes after %(count)s failed attempts.") % {
            "minutes": int(settings.AXES_COOLOFF_TIME * 60), "count": settings.AXES_FAILURE_LIMIT},
        _("Sessions end after %(hours)s hours.") % {
            "hours": round(settings.SESSION_COOKIE_AGE / 3600, 1)},
        _("Content Security Policy, no third-party scripts or trackers; personal pages "
          "and exports are not cached."),
        _("Search terms and personal data are kept out of URLs and logs."),
    ]
    if settings.SESSION_COOKIE_SECURE:
        measures.append(_("HTTPS only, with secure cookies and HSTS."))
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        measures.append(_("Database: PostgreSQL operated by the controller or its "
                          "processor; backups are the operator's responsibility."))
    else:
        measures.append(_("Database: a local SQLite file; backups are the operator's "
                          "responsibility."))
    return measures


def processing_record(*, today: date | None = None, public: bool = False) -> Record:
    """The record; ``public`` leaves out what only staff need (the partner list)."""
    from kmb.network.privacy import organizations_with_referrals

    today = today or timezone.localdate()
    retention = _retention(today)
    missing = [name for name, value in (("KMB_CONTROLLER_NAME", settings.KMB_CONTROLLER["name"]),
                                        ("KMB_DPO_EMAIL", settings.KMB_DPO["email"]))
               if not value]
    return Record(
        controller=dict(settings.KMB_CONTROLLER), dpo=dict(settings.KMB_DPO),
        processors=list(settings.KMB_PROCESSORS), activities=_activities(retention),
        security=_security(),
        partner_organizations=[] if public else organizations_with_referrals(),
        retention=retention, generated_on=today, missing=missing)
