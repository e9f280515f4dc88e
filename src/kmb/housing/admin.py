"""Administration of the housing supply: owner accounts and the owners' topic list. The
flats and owners themselves are worked on the staff pages, scoped to a contact point."""

from django.contrib import admin

from kmb.housing.models import OwnerAccount, OwnerTopic


@admin.register(OwnerAccount)
class OwnerAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "landlord", "active", "created_at")
    list_filter = ("active",)
    raw_id_fields = ("user", "landlord")


@admin.register(OwnerTopic)
class OwnerTopicAdmin(admin.ModelAdmin):
    list_display = ("code", "name_cs", "name_en", "order", "active")
