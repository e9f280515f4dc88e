"""Who changed and who viewed what; security events. Append-only."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RuntimeError("Audit records cannot be changed.")

    def delete(self):
        raise RuntimeError("Audit records cannot be deleted.")

    def redact_personal_values(self) -> int:
        """The one sanctioned change of audit records: keep every entry, but reduce what
        it says was changed to the names of the fields, dropping any values it holds.

        Used only by :func:`kmb.audit.services.audit_redact_client` when a client is
        anonymised; that service records that it ran. Returns the number of entries
        changed.
        """
        changed = 0
        for pk, changes in self.values_list("pk", "changes"):
            names = field_names_only(changes)
            if names != changes:
                models.QuerySet.update(self.model.objects.filter(pk=pk), changes=names)
                changed += 1
        return changed


def field_names_only(changes) -> list[str]:
    """Field names of a ``changes`` value, whatever its shape (list of names, a mapping
    of names to values, or pairs)."""
    if isinstance(changes, dict):
        return sorted(str(k) for k in changes)
    if isinstance(changes, list):
        names = []
        for item in changes:
            if isinstance(item, str):
                names.append(item)
            elif isinstance(item, (list, tuple)) and item and isinstance(item[0], str):
                names.append(item[0])
            elif isinstance(item, dict) and isinstance(item.get("field"), str):
                names.append(item["field"])
        return names
    return []


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit records cannot be deleted.")


class AuditAction(models.TextChoices):
    VIEW = "view", _("viewed")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    MERGE = "merge", _("merged")
    EXPORT = "export", _("exported")
    SEARCH = "search", _("searched")


# How an action reached the system, as people read it on the audit page.
CHANNEL_LABELS = {
    "web": _("staff pages"),
    "api": _("API"),
    "import": _("import"),
    "partner": _("partner account"),
    "partner_link": _("partner's e-mail link"),
    "portal": _("public portal"),
    "system": _("the system"),
    "admin": _("administration"),
}


def _model_of(label_lower: str):
    from django.apps import apps

    try:
        return apps.get_model(label_lower)
    except (LookupError, ValueError):
        return None


def _humanize(code: str) -> str:
    return code.replace("_", " ").replace(".", " ")


class AuditEntry(AppendOnly):
    """One write of personal data or one view of a client record.

    ``changes`` names the fields that changed, never their values.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              related_name="+", verbose_name=_("who"))
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    contact_point = models.ForeignKey("accounts.ContactPoint", on_delete=models.PROTECT,
                                      null=True, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object"), max_length=64)
    client_id = models.UUIDField(null=True, blank=True,
                                 help_text="The client the object belongs to, if any.")
    changes = models.JSONField(_("changed fields"), default=list, blank=True)
    channel = models.CharField(_("channel"), max_length=20, default="web")

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["client_id", "at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    @property
    def object_type_label(self) -> str:
        model = _model_of(self.object_type)
        return str(model._meta.verbose_name) if model else _humanize(self.object_type)

    @property
    def changes_labels(self) -> list[str]:
        """The changed fields by their names in the current language."""
        model = _model_of(self.object_type)
        labels = []
        for name in self.changes:
            try:
                labels.append(str(model._meta.get_field(name).verbose_name) if model
                              else _humanize(name))
            except FieldDoesNotExist:  # a field since renamed, or not a model field
                labels.append(_humanize(name))
        return labels

    @property
    def channel_label(self) -> str:
        return str(CHANNEL_LABELS.get(self.channel, _humanize(self.channel)))


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGOUT = "logout", _("logout")
    LOCKED_OUT = "locked_out", _("locked out")
    PASSWORD_CHANGED = "password_changed", _("password changed")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("password reset requested")
    TWO_FACTOR_ENABLED = "2fa_enabled", _("two-factor login enabled")
    TWO_FACTOR_DISABLED = "2fa_disabled", _("two-factor login disabled")
    TWO_FACTOR_FAILED = "2fa_failed", _("wrong two-factor code")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_REFUSED = "token_refused", _("API token refused")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    EXPORT = "export", _("export")


class SecurityEvent(AppendOnly):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=40, choices=SecurityEventKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+")
    username = models.CharField(_("user name entered"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
