"""Saved benefit estimates of a client, and batch runs of the estimator for analysts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Situation(models.TextChoices):
    """What the household needs money for now, beside the regular benefit."""

    NONE = "", _("nothing specific")
    DEPOSIT = "deposit", _("a deposit for a new flat")
    ARREARS = "arrears", _("arrears (rent, services or energy)")


class BenefitEstimate(models.Model):
    """One estimate of the state social assistance benefit (DSSP), kept with the case.

    The inputs and outputs are stored as the engine's JSON together with the engine's
    version, so that the estimate can be explained later even after the rules change.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE,
                               related_name="benefit_estimates")
    period = models.CharField(_("month"), max_length=7)
    engine = models.CharField(max_length=60)
    engine_version = models.CharField(_("engine version"), max_length=30)
    inputs = models.JSONField(_("inputs"))
    outputs = models.JSONField(_("outputs"))
    situation = models.CharField(_("situation"), max_length=10, choices=Situation.choices,
                                 blank=True, default="")
    amount_needed = models.DecimalField(_("amount needed"), max_digits=10, decimal_places=2,
                                        null=True, blank=True)
    dssp = models.PositiveIntegerField(_("estimated benefit"))
    reliable = models.BooleanField(_("reliable"), default=True)
    channel = models.CharField(max_length=10, default="web")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("benefit estimate")
        verbose_name_plural = _("benefit estimates")
        indexes = [
            models.Index(fields=["client", "created_at"]),
            models.Index(fields=["contact_point", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"DSSP {self.period}: {self.dssp}"


class BatchSource(models.TextChoices):
    RECENT_ESTIMATES = "recent", _("the latest estimate of every client estimated recently")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("finished")
    FAILED = "failed", _("failed")


class BatchError:
    """What ``BenefitBatch.error`` holds: a code, shown in the reader's language."""

    FAILED = "failed"
    INTERRUPTED = "interrupted"
    LOST = "lost"

    MESSAGES = {
        FAILED: _("The batch could not be completed; the error is in the server log."),
        INTERRUPTED: _("The background worker stopped during the run; the batch is being "
                       "run again."),
        LOST: _("The background worker stopped during the run several times. Start the "
                "batch again."),
    }


class BenefitBatch(models.Model):
    """A run of the estimator for many households at once, with a what-if scenario.

    Rows carry no names: analysts work with anonymous figures.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      related_name="+")
    source = models.CharField(_("households"), max_length=10, choices=BatchSource.choices,
                              default=BatchSource.RECENT_ESTIMATES)
    recent_days = models.PositiveSmallIntegerField(_("estimated in the last (days)"),
                                                   default=365)
    period = models.CharField(_("month"), max_length=7)
    rent_change_percent = models.DecimalField(_("change of rents (%)"), max_digits=5,
                                              decimal_places=1, default=0)
    energy_change_percent = models.DecimalField(_("change of energy costs (%)"), max_digits=5,
                                                decimal_places=1, default=0)
    income_change_percent = models.DecimalField(_("change of incomes (%)"), max_digits=5,
                                                decimal_places=1, default=0)
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices,
                              default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("batch of estimates")
        verbose_name_plural = _("batches of estimates")
        indexes = [models.Index(fields=["contact_point", "created_at"])]

    @property
    def percent(self) -> int:
        return int(self.processed * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)

    @property
    def error_message(self) -> str:
        return str(BatchError.MESSAGES.get(self.error, self.error))

    @property
    def can_restart(self) -> bool:
        return self.status == BatchStatus.FAILED


class BenefitBatchRow(models.Model):
    """One household of a batch: the benefit now and under the scenario (no names)."""

    batch = models.ForeignKey(BenefitBatch, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()
    members = models.PositiveSmallIntegerField()
    children = models.PositiveSmallIntegerField()
    district = models.CharField(max_length=40)
    housing_type = models.CharField(max_length=20)
    tenure = models.CharField(max_length=20)
    dssp_before = models.IntegerField()
    dssp_after = models.IntegerField()
    housing_after = models.DecimalField(max_digits=10, decimal_places=2)
    living_after = models.DecimalField(max_digits=10, decimal_places=2)
    child_bonus_after = models.DecimalField(max_digits=10, decimal_places=2)
    work_bonus_after = models.DecimalField(max_digits=10, decimal_places=2)
    reliable = models.BooleanField()
    assets_passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="benefit_batch_row_unique")
        ]

    @property
    def change(self) -> int:
        return self.dssp_after - self.dssp_before
