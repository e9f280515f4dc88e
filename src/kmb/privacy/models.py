"""GDPR rights of clients: anonymisations carried out and the retention review list."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureGround(models.TextChoices):
    """Why the client's data are erased (GDPR art. 17(1)), or that their time ran out."""

    NO_LONGER_NEEDED = "no_longer_needed", _("the data are no longer needed (art. 17(1)(a))")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("the client withdrew the consent (art. 17(1)(b))")
    OBJECTION = "objection", _("the client's objection was upheld (art. 17(1)(c))")
    UNLAWFUL = "unlawful", _("the data were processed unlawfully (art. 17(1)(d))")
    RETENTION = "retention", _("the retention period has ended")


class Anonymisation(models.Model):
    """A client whose personal data were erased: when, why, by whom, and what was kept."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    client = models.OneToOneField("cases.Client", on_delete=models.PROTECT,
                                  related_name="anonymisation")
    ground = models.CharField(_("ground"), max_length=30, choices=ErasureGround.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("performed by"))
    performed_at = models.DateTimeField(_("performed"), default=timezone.now)
    counts = models.JSONField(_("records changed"), default=dict, blank=True)
    recipients = models.JSONField(_("recipients to inform"), default=list, blank=True,
                                  help_text=_("Organisations that received the client's "
                                              "data through referrals (art. 19)."))

    class Meta:
        ordering = ["-performed_at"]
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        indexes = [models.Index(fields=["contact_point", "performed_at"])]


class ReviewStatus(models.TextChoices):
    DUE = "due", _("due for anonymisation")
    POSTPONED = "postponed", _("postponed")
    APPROVED = "approved", _("approved")
    DONE = "done", _("anonymised")
    WITHDRAWN = "withdrawn", _("no longer due (new activity)")


OPEN_REVIEW = (ReviewStatus.DUE, ReviewStatus.POSTPONED, ReviewStatus.APPROVED)


class RetentionReview(models.Model):
    """A client on the lead's list: their retention period has ended.

    The daily job anonymises a client only once the lead has approved it, or once it has
    been on the list for the review period without being postponed.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    client = models.ForeignKey("cases.Client", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("client"))
    status = models.CharField(_("status"), max_length=12, choices=ReviewStatus.choices,
                              default=ReviewStatus.DUE)
    listed_on = models.DateField(_("on the list since"))
    last_activity_at = models.DateTimeField(_("last activity"))
    postponed_until = models.DateField(_("postponed until"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["listed_on", "id"]
        verbose_name = _("retention review")
        verbose_name_plural = _("retention reviews")
        indexes = [models.Index(fields=["contact_point", "status", "listed_on"])]
        constraints = [models.UniqueConstraint(
            fields=["client"], condition=Q(status__in=["due", "postponed", "approved"]),
            name="retention_review_one_open")]
