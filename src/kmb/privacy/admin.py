from django.contrib import admin

from kmb.privacy.models import Anonymisation, RetentionReview


class _ReadOnly(admin.ModelAdmin):
    """Records of erasures and reviews are written by the services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Anonymisation)
class AnonymisationAdmin(_ReadOnly):
    list_display = ["performed_at", "contact_point", "ground", "performed_by"]
    list_filter = ["ground"]
    exclude = ["client"]


@admin.register(RetentionReview)
class RetentionReviewAdmin(_ReadOnly):
    list_display = ["listed_on", "contact_point", "status", "postponed_until", "decided_by"]
    list_filter = ["status"]
    exclude = ["client"]
