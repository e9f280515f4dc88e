from django.contrib import admin

from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record
from kmb.cases.models import Client, HousingSituation, MaterialAidKind, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name_cs", "name_en", "order", "active", "sensitive"]
    list_editable = ["order", "active"]


@admin.register(HousingSituation)
class HousingSituationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_cs", "ethos_category", "order", "active", "sensitive"]
    list_filter = ["ethos_category", "sensitive"]
    list_editable = ["order", "active"]


@admin.register(MaterialAidKind)
class MaterialAidKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name_cs", "name_en", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    """Clients for system administrators: look up, never edit (the services keep the
    audit, events and search keys). Every opened record is audited as a view."""

    list_display = ["last_name", "first_name", "nickname", "birth_date", "contact_point",
                    "created_at"]
    list_filter = ["contact_point"]
    search_fields = ["last_name", "first_name", "nickname", "phone", "email", "street"]
    list_select_related = ["contact_point"]
    ordering = ["last_name", "first_name", "id"]
    fields = ["uuid", "contact_point", "first_name", "last_name", "nickname", "birth_date",
              "phone", "email", "street", "postal_code", "municipality", "merged_into",
              "created_at", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        client = self.get_object(request, object_id)
        if client is not None and response.status_code == 200:
            audit_record(actor=request.user, action=AuditAction.VIEW, obj=client,
                         contact_point=client.contact_point, client_id=client.uuid,
                         channel="admin")
        return response
