"""Letters to applicants as PDF (WeasyPrint), in the applicant's language, stored with the
application and shown on the client's timeline; and the printable "why this score"."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kmb.accounts.models import User
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases.errors import DomainError
from kmb.lettings import scoring, selectors
from kmb.lettings.models import (
    Allocation,
    Application,
    ApplicationStatus,
    DecisionOutcome,
    DocumentKind,
    Letter,
    LetterKind,
)

LETTER_LANGUAGES = ("cs", "en", "uk")


def breakdown_rows(application: Application, breakdown: list[dict] | None = None, *,
                   restricted: bool = False, situations: dict | None = None) -> list[dict]:
    """The score breakdown with labels and values in the active language. ``restricted``:
    for a role that may not read sensitive situations, those show only their ETHOS
    category (as everywhere else)."""
    rows = []
    if situations is None:
        situations = scoring.situation_labels(restricted=restricted)
    for b in breakdown if breakdown is not None else application.score_breakdown:
        label, kind = scoring.FACTORS.get(b["code"], (b["code"], ""))
        value = (situations.get(str(b["value"]), str(b["value"])) if kind == "code"
                 else scoring.value_plain(b["code"], b["value"]))
        rows.append({"code": b["code"], "label": str(label), "value": value,
                     "points": b["points"]})
    return rows


def _context(application: Application, kind: str) -> dict:
    rules = application.rule_set
    plain = scoring.rules_plain(rules.criteria, rules.exclusions) if rules else None
    offer_allocation = None
    if kind == LetterKind.OFFER:
        offer_allocation = (Allocation.objects.filter(application=application,
                                                      outcome=DecisionOutcome.OFFERED)
                            .select_related("offer__flat__municipality").first())
        if offer_allocation is None:
            raise DomainError(_("No flat is offered to this applicant now."))
    return {
        "application": application, "kind": kind, "office": application.contact_point,
        "rows": breakdown_rows(application), "rules": rules, "plain": plain,
        "excluded": [str(scoring.EXCLUSIONS.get(e, e)) for e in application.score_excluded],
        "position": selectors.waiting_position(application=application),
        "missing": application.missing,
        "allocation": offer_allocation, "today": timezone.localdate(),
        "documents": [DocumentKind(k).label for k in application.missing
                      if k in DocumentKind.values],
    }


def render_pdf(template: str, context: dict, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, {**context, "language": language})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


_NEEDS = {
    LetterKind.REGISTRATION: (ApplicationStatus.REGISTERED,),
    LetterKind.COMPLETE: (ApplicationStatus.INCOMPLETE,),
    LetterKind.REMOVAL: (ApplicationStatus.REMOVED,),
    LetterKind.OFFER: (ApplicationStatus.REGISTERED,),
}


@transaction.atomic
def letter_create(*, application: Application, kind: str, actor: User) -> Letter:
    if kind not in LetterKind.values:
        raise DomainError(_("Unknown letter."))
    if application.status not in _NEEDS[kind]:
        raise DomainError(_("This letter does not fit the application's status "
                            "“%(status)s”.") % {"status": application.get_status_display()})
    language = application.language if application.language in LETTER_LANGUAGES else "cs"
    pdf = render_pdf("lettings/letter_pdf.html", _context(application, kind), language)
    letter = Letter(application=application, kind=kind, language=language, created_by=actor)
    letter.pdf.save(f"lettings/letters/{application.uuid}/{letter.uuid}.pdf",
                    ContentFile(pdf), save=False)
    letter.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=letter,
                 contact_point=application.contact_point,
                 client_id=application.client.uuid if application.client_id else None,
                 changes=["kind", kind])
    return letter


def score_pdf(application: Application, *, restricted: bool = False) -> bytes:
    """"Why this score" for staff, in Czech (the office's language)."""
    context = _context(application, "score")
    if restricted:
        context["rows"] = breakdown_rows(application, restricted=True)
    return render_pdf("lettings/score_pdf.html", context, "cs")
