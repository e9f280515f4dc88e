from django.contrib import admin

from kmb.portal.models import ContentBlock


@admin.register(ContentBlock)
class ContentBlockAdmin(admin.ModelAdmin):
    """The general texts (no contact point) are edited here; contact points use their own
    editor in the staff area, with a preview."""

    list_display = ["key", "contact_point", "mode", "title_cs", "states_rule", "updated_at"]
    list_filter = [("contact_point", admin.EmptyFieldListFilter), "mode", "states_rule"]
    search_fields = ["key", "title_cs", "body_cs"]
    readonly_fields = ["version", "updated_at", "updated_by"]
    fields = ["key", "contact_point", "mode", "title_cs", "body_cs", "title_en", "body_en",
              "title_uk", "body_uk", "states_rule", "source_cs", "checked_on_cs", "source_en",
              "checked_on_en", "source_uk", "checked_on_uk", "version", "updated_at",
              "updated_by"]
