"""Reads for GDPR rights, always scoped to one contact point."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone, translation

from kmb.accounts.models import ContactPoint, Membership
from kmb.cases.models import Client
from kmb.privacy import registry
from kmb.privacy.models import OPEN_REVIEW, Anonymisation, RetentionReview

EXPORT_LANGUAGES = ("cs", "en", "uk")
#: The client's preferred language -> the language of their export.
_EXPORT_LANGUAGE = {"cs": "cs", "sk": "cs", "rom": "cs", "uk": "uk", "en": "en",
                    "ru": "en", "vi": "en", "other": "en"}


def export_language(*, client: Client, asked: str = "") -> str:
    if asked in EXPORT_LANGUAGES:
        return asked
    return _EXPORT_LANGUAGE.get(client.preferred_language, "cs")


def controller() -> dict[str, Any]:
    return {"controller": dict(settings.KMB_CONTROLLER), "dpo": dict(settings.KMB_DPO)}


def subject_access_export(*, client: Client, membership: Membership, sensitive: bool,
                          language: str) -> tuple[dict[str, Any], list]:
    """Everything held about the client, as JSON-ready data in ``language``."""
    with translation.override(language):
        sections = registry.export_sections(client=client, sensitive=sensitive)
        anonymisation = Anonymisation.objects.filter(client=client).first()
        return {
            "export": {
                "client": str(client.uuid),
                "generated_at": timezone.localtime().isoformat(),
                "generated_by": membership.user.display_name,
                "contact_point": membership.contact_point.name,
                "language": language,
                "anonymised_at": timezone.localtime(anonymisation.performed_at).isoformat()
                if anonymisation else None,
                **controller(),
            },
            "sections": {section.key: section.as_json() for section in sections},
        }, sections


def anonymisation_of(*, client: Client) -> Anonymisation | None:
    return Anonymisation.objects.filter(client=client).select_related("performed_by").first()


def retention_list(*, contact_point: ContactPoint) -> QuerySet[RetentionReview]:
    return (RetentionReview.objects.filter(contact_point=contact_point, status__in=OPEN_REVIEW)
            .select_related("client", "decided_by").order_by("listed_on", "id"))


def retention_review_for_client(*, membership: Membership, client_id) -> RetentionReview:
    from kmb.cases.selectors import client_get_for_user

    client = client_get_for_user(membership=membership, client_id=client_id,
                                 follow_merge=False)
    review = RetentionReview.objects.filter(client=client, status__in=OPEN_REVIEW).first()
    if review is None:
        raise Http404
    return review


def anonymisations(*, contact_point: ContactPoint) -> QuerySet[Anonymisation]:
    return (Anonymisation.objects.filter(contact_point=contact_point)
            .select_related("performed_by").order_by("-performed_at"))
