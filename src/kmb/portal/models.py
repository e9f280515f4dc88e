"""Public content of the portal, editable without a deployment, in Czech, English, Ukrainian.

A row without a contact point is the general text everyone sees. A row of a contact point
either replaces the general text for the people it serves, or adds to it (local housing
programmes, local partners, opening hours). Which keys exist, and which a contact point may
change, is listed in ``kmb.portal.content``.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kmb.core.i18n import PUBLIC_LANGUAGES

LANGUAGES = PUBLIC_LANGUAGES


class ContentMode(models.TextChoices):
    REPLACE = "replace", _("replaces the general text")
    APPEND = "append", _("is added below the general text")


class ContentBlock(models.Model):
    key = models.CharField(_("key"), max_length=80)
    contact_point = models.ForeignKey(
        "accounts.ContactPoint", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("contact point"),
        help_text=_("Empty: the general text for everyone."),
    )
    mode = models.CharField(_("local text"), max_length=10, choices=ContentMode.choices,
                            default=ContentMode.REPLACE)
    title_cs = models.CharField(_("title (Czech)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=300, blank=True)
    body_cs = models.TextField(_("text (Czech)"), blank=True, max_length=20000)
    body_en = models.TextField(_("text (English)"), blank=True, max_length=20000)
    body_uk = models.TextField(_("text (Ukrainian)"), blank=True, max_length=20000)
    states_rule = models.BooleanField(
        _("states a rule"), default=False,
        help_text=_("The text states a rule of law; it then shows its source to the public."))
    source_cs = models.CharField(_("source (Czech)"), max_length=500, blank=True)
    source_en = models.CharField(_("source (English)"), max_length=500, blank=True)
    source_uk = models.CharField(_("source (Ukrainian)"), max_length=500, blank=True)
    checked_on_cs = models.DateField(_("source checked on (Czech)"), null=True, blank=True)
    checked_on_en = models.DateField(_("source checked on (English)"), null=True, blank=True)
    checked_on_uk = models.DateField(_("source checked on (Ukrainian)"), null=True, blank=True)
    # What the loader of the shipped texts last wrote into a general row (a digest of the
    # values): a row that no longer matches it was changed by an administrator and is kept.
    loaded_digest = models.CharField(max_length=64, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+", editable=False)

    class Meta:
        ordering = ["key", "contact_point_id"]
        verbose_name = _("portal text")
        verbose_name_plural = _("portal texts")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(contact_point__isnull=True),
                                    name="portal_content_general_unique"),
            models.UniqueConstraint(fields=["key", "contact_point"],
                                    name="portal_content_local_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.contact_point or _('general')})"

    def title_in(self, language: str) -> str:
        return getattr(self, f"title_{language}", "") if language in LANGUAGES else ""

    def body_in(self, language: str) -> str:
        return getattr(self, f"body_{language}", "") if language in LANGUAGES else ""

    def source_in(self, language: str) -> str:
        return getattr(self, f"source_{language}", "") if language in LANGUAGES else ""

    def checked_on_in(self, language: str) -> date | None:
        return getattr(self, f"checked_on_{language}", None) if language in LANGUAGES else None
