from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from kmb.accounts.models import ApiToken, ContactPoint, Membership, RolePolicy, ServiceArea, User


class ServiceAreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 1
    autocomplete_fields = ["municipality", "orp"]


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "phone", "email", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    autocomplete_fields = ["municipality"]
    inlines = [ServiceAreaInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fk_name = "user"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Preferences"), {"fields": ["preferred_language"]}))
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]


@admin.register(RolePolicy)
class RolePolicyAdmin(admin.ModelAdmin):
    list_display = ["role", "two_factor_required"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "membership", "created_at", "expires_at", "revoked"]
    readonly_fields = ["user", "membership", "digest", "created_at", "expires_at"]
    fields = ["user", "membership", "created_at", "expires_at", "revoked"]

    def has_add_permission(self, request):
        return False
