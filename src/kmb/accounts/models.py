"""Contact points (the tenants), staff users, memberships and roles, API tokens."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kmb.core.models import Municipality
from kmb.core.permissions import Role


class ContactPoint(models.Model):
    """Kontaktní místo pro bydlení: one office, the tenant of the system."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="contact_points",
        verbose_name=_("seat municipality"),
    )
    address = models.CharField(_("address"), max_length=300)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    active = models.BooleanField(_("active"), default=True)
    sample_contact_details = models.BooleanField(
        _("sample opening hours and phone"), default=False,
        help_text=_("Demo data: the public pages label the opening hours and the phone "
                    "number as sample data."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self) -> str:
        return self.name


class ServiceAreaQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> ServiceAreaQuerySet:
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class ServiceArea(models.Model):
    """A municipality, or a whole ORP district, a contact point serves for a period
    (správní obvod KMB). Government regulation 418/2025 Sb. assigns whole ORP districts;
    an assignment of a single municipality is the more specific one."""

    contact_point = models.ForeignKey(ContactPoint, on_delete=models.CASCADE,
                                      related_name="service_areas")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="service_areas", null=True, blank=True,
                                     verbose_name=_("municipality"))
    orp = models.ForeignKey("core.OrpDistrict", on_delete=models.PROTECT, null=True,
                            blank=True, related_name="service_areas",
                            verbose_name=_("whole ORP district"))
    city_district_code = models.CharField(
        _("city district code"), max_length=10, blank=True,
        help_text=_("In Prague, Brno and other statutory cities: only this city district "
                    "(RÚIAN code of the městská část/obvod). Empty: the whole municipality."),
    )
    city_district_name = models.CharField(_("city district"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"), default=date(2026, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ServiceAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("served municipality")
        verbose_name_plural = _("served municipalities")
        indexes = [models.Index(fields=["municipality", "valid_from"]),
                   models.Index(fields=["orp", "valid_from"])]
        constraints = [models.CheckConstraint(
            condition=Q(municipality__isnull=False, orp__isnull=True)
            | Q(municipality__isnull=True, orp__isnull=False, city_district_code=""),
            name="service_area_municipality_or_orp")]

    def __str__(self) -> str:
        return f"{self.contact_point} – {self.area_name}"

    @property
    def area_name(self) -> str:
        if self.orp_id:
            return str(_("ORP district %(name)s") % {"name": self.orp.name})
        return self.municipality.name if self.municipality_id else ""

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if bool(self.municipality_id) == bool(self.orp_id):
            raise ValidationError(_("Give either a municipality or a whole ORP district."))
        if self.orp_id and self.city_district_code:
            raise ValidationError(_("A city district belongs to a municipality, not to an "
                                    "ORP district."))


class User(AbstractUser):
    """A staff member. Residents and partners never get an account of this kind."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, default="cs",
        choices=[("cs", "čeština"), ("en", "English")],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role at one contact point."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    contact_point = models.ForeignKey(
        ContactPoint, on_delete=models.CASCADE, related_name="memberships", null=True,
        blank=True, help_text=_("Empty only for system administrators."),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "contact_point", "role"],
                                    name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.contact_point or '—'}"


class RolePolicy(models.Model):
    """Settings an administrator sets per role, such as mandatory two-factor login."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, unique=True)
    two_factor_required = models.BooleanField(_("two-factor login required"), default=False)

    class Meta:
        verbose_name = _("role policy")
        verbose_name_plural = _("role policies")

    def __str__(self) -> str:
        return self.get_role_display()


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
