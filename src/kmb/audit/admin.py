from django.contrib import admin

from kmb.audit.models import AuditEntry, SecurityEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit records can be read by administrators, never added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id", "channel"]
    list_filter = ["action", "object_type", "channel"]
    date_hierarchy = "at"


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "username", "ip_address"]
    list_filter = ["kind"]
    date_hierarchy = "at"
