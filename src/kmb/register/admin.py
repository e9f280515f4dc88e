"""Administration of the register's settings: each office's letterhead and own wording.

Procedures, steps and letters are case records: they are not shown here (administrators
do not read case files).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kmb.register.letters import default_texts
from kmb.register.models import LetterText, OfficeSettings, Provider

PLACEHOLDERS = ("{authority} {appeal_authority} {applicant} {birth_date} {address} "
                "{filed_on} {on} {due_days} {valid_until} {reasons} {note}")


@admin.register(OfficeSettings)
class OfficeSettingsAdmin(admin.ModelAdmin):
    list_display = ["contact_point", "authority", "reference_prefix", "appeal_authority"]


@admin.register(LetterText)
class LetterTextAdmin(admin.ModelAdmin):
    """Read only: offices word their letters on the staff page (versions are kept)."""

    list_display = ["contact_point", "kind", "part", "version", "created_by", "created_at"]
    list_filter = ["kind", "part"]
    readonly_fields = ["contact_point", "kind", "part", "version", "text", "created_by",
                       "created_at", "default_text"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("default text and placeholders"))
    def default_text(self, obj: LetterText) -> str:
        if not obj or not obj.kind or not obj.part:
            return PLACEHOLDERS
        return f"{default_texts().get(obj.kind, {}).get(obj.part, '')}\n\n{PLACEHOLDERS}"


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "ico", "contact_point", "managed_flats"]
    search_fields = ["name", "ico"]
