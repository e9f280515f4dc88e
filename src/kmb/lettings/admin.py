"""Programmes (with their household size rules) are set up in the administration; rules
are published from the staff pages so that every version is kept and scored."""

from django.contrib import admin

from kmb.lettings.models import FitRule, Programme, RuleSet


class FitRuleInline(admin.TabularInline):
    model = FitRule
    extra = 1


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "kind", "contact_point", "active")
    list_filter = ("kind", "active")
    search_fields = ("name",)
    raw_id_fields = ("municipality", "contact_point")
    inlines = [FitRuleInline]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("programme", "version", "valid_from", "published_at")
    readonly_fields = [f.name for f in RuleSet._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
