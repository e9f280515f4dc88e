"""Analyst scopes and the monthly roll-up tables the statistics pages read.

The roll-ups are derived data: ``manage.py stats_rebuild`` recreates them from the
append-only domain events at any time.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScopeKind(models.TextChoices):
    OFFICE = "office", _("one office")
    CITY = "city", _("a city")
    REGION = "region", _("a region")
    ALL = "all", _("all contact points")


class StatsScope(models.Model):
    """A set of contact points whose figures an analyst sees, given by an administrator."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ScopeKind.choices,
                            default=ScopeKind.OFFICE)
    contact_points = models.ManyToManyField(
        "accounts.ContactPoint", blank=True, related_name="+", verbose_name=_("contact points"),
        help_text=_("Ignored for the scope of all contact points, which always holds every one."))
    analysts = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                      related_name="stats_scopes",
                                      verbose_name=_("analysts"))
    public = models.BooleanField(
        _("published as open data"), default=False,
        help_text=_("Its monthly figures appear on the public open-data page, small cells hidden."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("statistics scope")
        verbose_name_plural = _("statistics scopes")

    def __str__(self) -> str:
        return self.name


class Period(models.TextChoices):
    MONTH = "M", _("month")
    QUARTER = "Q", _("quarter")
    YEAR = "Y", _("year")


class RollupRow(models.Model):
    """One figure (and category) of one contact point for one month, quarter or year.

    Additive figures have monthly rows only (quarters and years are sums); figures that
    count distinct people also have quarter and year rows, because a person advised in two
    months of a quarter is one person in that quarter."""

    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.CASCADE,
                                      related_name="+")
    period = models.CharField(max_length=1, choices=Period.choices)
    start = models.DateField()
    figure = models.CharField(max_length=40)
    category = models.CharField(max_length=60, blank=True, default="")
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["contact_point", "period", "start", "figure", "category"],
            name="stats_rollup_unique")]
        # Covers the statistics page's sums: the scope's contact points and periods are
        # found and the values summed from the index alone (an index-only scan).
        indexes = [models.Index(fields=["period", "start", "contact_point", "figure",
                                        "category", "value"], name="stats_rollup_cover")]


class TotalRow(models.Model):
    """The sum of one figure (and category) over every contact point for one period: the
    same figure as the roll-up rows of all offices added up, kept beside them so that a
    scope holding most offices (all contact points, a large region) reads about a hundred
    rows per period instead of one per office. ``kmb.stats.rollup.totals_again`` writes
    them whenever roll-up rows of a period change; the page subtracts the offices a scope
    leaves out."""

    period = models.CharField(max_length=1, choices=Period.choices)
    start = models.DateField()
    figure = models.CharField(max_length=40)
    category = models.CharField(max_length=60, blank=True, default="")
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "start", "figure", "category"],
                                               name="stats_total_unique")]
        indexes = [models.Index(fields=["period", "start", "figure", "category", "value"],
                                name="stats_total_cover")]


class DirtyMonth(models.Model):
    """A month of a contact point whose roll-ups must be computed again (new, backdated or
    merged events). The worker empties this queue; replaying it changes nothing."""

    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.CASCADE,
                                      related_name="+")
    month = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact_point", "month"],
                                               name="stats_dirty_unique")]


class PersonAlias(models.Model):
    """A client record merged into another: its events count for the surviving person."""

    source = models.UUIDField(primary_key=True)
    target = models.UUIDField(db_index=True)
    event_id = models.UUIDField(help_text="The merge event this alias comes from.")


class Inhabitants(models.Model):
    """Inhabitants of a municipality, with the source and the reference year (for the
    rates per 1 000 inhabitants)."""

    municipality_code = models.CharField(_("RÚIAN code"), max_length=10)
    name = models.CharField(_("municipality"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    inhabitants = models.PositiveIntegerField(_("inhabitants"))
    source = models.CharField(_("source"), max_length=300)
    sample = models.BooleanField(
        _("sample figures"), default=False,
        help_text=_("Approximate figures for trying the system out, not published statistics."))

    class Meta:
        ordering = ["name", "-year"]
        constraints = [models.UniqueConstraint(fields=["municipality_code", "year"],
                                               name="stats_inhabitants_unique")]
        verbose_name = _("inhabitants")
        verbose_name_plural = _("inhabitants")

    def __str__(self) -> str:
        return f"{self.name} {self.year}: {self.inhabitants}"
