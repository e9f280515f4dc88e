from django.contrib import admin

from kmb.core.models import (
    CityDistrict,
    DatedParameter,
    District,
    Municipality,
    MunicipalityPart,
    OrpDistrict,
    OutgoingMail,
    PouDistrict,
    Region,
    WorkerHeartbeat,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


class PartInline(admin.TabularInline):
    model = MunicipalityPart
    extra = 0
    fields = ["code", "name", "city_district_name", "postal_codes"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "district", "orp", "pou"]
    list_filter = ["district__region"]
    search_fields = ["name", "name_search", "code"]
    list_select_related = ["district", "orp", "pou"]
    autocomplete_fields = ["orp", "pou"]
    inlines = [PartInline]


@admin.register(DatedParameter)
class DatedParameterAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "valid_from", "valid_to", "to_be_confirmed"]
    list_filter = ["to_be_confirmed", "key"]
    search_fields = ["key", "description"]


@admin.register(CityDistrict)
class CityDistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "municipality"]
    search_fields = ["name", "code"]
    list_select_related = ["municipality"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the system keeps for itself: administrators look, they do not edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin):
    """Whether mail left; the messages themselves are not shown (they are personal)."""

    list_display = ["created_at", "reference", "status", "attempts", "last_error",
                    "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    fields = list_display


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["host", "pid", "started_at", "seen_at"]


@admin.register(OrpDistrict)
class OrpDistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(PouDistrict)
class PouDistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "orp"]
    search_fields = ["name", "code"]
    list_select_related = ["orp"]
