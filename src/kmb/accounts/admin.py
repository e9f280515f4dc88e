from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from kmb.accounts import services
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


def _revoked_message(modeladmin, request, count: int) -> None:
    modeladmin.message_user(request, _("API tokens revoked: %(count)d.") % {"count": count},
                            messages.SUCCESS)


@admin.action(description=_("Revoke the API tokens of the selected users"))
def revoke_user_tokens(modeladmin, request, queryset) -> None:
    count = services.api_tokens_revoke(users=queryset, reason=services.TokenRevokeReason.ADMIN,
                                       actor=request.user)
    _revoked_message(modeladmin, request, count)


@admin.action(description=_("Revoke the selected API tokens"))
def revoke_tokens(modeladmin, request, queryset) -> None:
    count = 0
    for token in queryset.filter(revoked=False).select_related("user"):
        count += services.api_token_revoke_by_admin(token=token, actor=request.user)
    _revoked_message(modeladmin, request, count)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    actions = [revoke_user_tokens]
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Preferences"), {"fields": ["preferred_language"]}))
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]


@admin.register(RolePolicy)
class RolePolicyAdmin(admin.ModelAdmin):
    list_display = ["role", "two_factor_required"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "membership", "created_at", "expires_at", "revoked"]
    readonly_fields = ["user", "membership", "digest", "created_at", "expires_at", "revoked"]
    fields = ["user", "membership", "created_at", "expires_at", "revoked"]
    list_filter = ["revoked"]
    actions = [revoke_tokens]

    def has_add_permission(self, request):
        return False
