from django.contrib import admin

from kmb.network import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "uri", "version"]


@admin.register(models.TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "name_en", "name_uk", "taxonomy_detail"]
    list_filter = ["taxonomy_detail"]
    search_fields = ["name", "code", "name_en"]
    raw_id_fields = ["parent"]


class ServiceInline(admin.TabularInline):
    model = models.Service
    fields = ["name", "status", "capacity", "capacity_confirmed_on"]
    extra = 0
    show_change_link = True


@admin.register(models.Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_status", "email", "maintainer", "maintained_by_partner"]
    list_filter = ["maintained_by_partner", "maintainer"]
    search_fields = ["name", "alternate_name"]
    filter_horizontal = ["partner_of"]
    raw_id_fields = ["parent_organization"]
    inlines = [ServiceInline]


@admin.register(models.Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "capacity", "capacity_confirmed_on",
                    "maintainer"]
    list_filter = ["status", "capacity", "maintained_by_partner"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["organization", "program"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data:  # the service's referral e-mail
            from kmb.network.services import contact_change_record

            contact_change_record(organization=obj.organization, service=obj, what="email",
                                  fields=["email"], actor=request.user, contact_point=None)


@admin.register(models.Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "municipality"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["organization", "municipality"]


#: fields of a contact person that decide who receives referrals
_REFERRAL_FIELDS = {"name", "phone", "email", "receives_referrals", "service", "organization"}


def _contact_changed(request, contact, what: str, fields=()) -> None:
    """Administrators' changes of referral contacts are recorded like staff's."""
    from kmb.audit.models import AuditAction
    from kmb.audit.services import audit_record
    from kmb.network.services import contact_change_record

    audit_record(actor=request.user, obj=contact, changes=sorted(fields), channel="admin",
                 action={"added": AuditAction.CREATE, "removed": AuditAction.DELETE}.get(
                     what, AuditAction.UPDATE))
    contact_change_record(organization=contact.organization, service=contact.service,
                          what=what, fields=sorted(fields), contact_name=contact.name,
                          actor=request.user, contact_point=None)


@admin.register(models.PartnerContact)
class PartnerContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "organization", "service", "email", "receives_referrals"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["organization", "service"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = set(form.changed_data) & _REFERRAL_FIELDS
        if not change or changed:
            _contact_changed(request, obj, "changed" if change else "added", changed)

    def delete_model(self, request, obj):
        _contact_changed(request, obj, "removed")
        super().delete_model(request, obj)


@admin.register(models.DirectorySuggestion)
class DirectorySuggestionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "organization", "service", "suggested_by", "contact_point",
                    "status"]
    list_filter = ["status"]


@admin.register(models.ContactChange)
class ContactChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "organization", "service", "what", "contact_name", "actor_label",
                    "contact_point"]


@admin.register(models.PartnerMembership)
class PartnerMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "active"]
    list_filter = ["active"]
    raw_id_fields = ["user", "organization"]


@admin.register(models.HsdsImport)
class HsdsImportAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "file_name", "file_format", "accepted"]


@admin.register(models.Referral)
class ReferralAdmin(ReadOnlyAdmin):
    """Referrals are case data: visible to administrators for support, never editable."""

    list_display = ["uuid", "contact_point", "service", "status", "created_at", "expires_on"]
    list_filter = ["status", "contact_point"]
    fields = ["uuid", "contact_point", "service", "status", "declined_by", "created_at",
              "expires_on", "responded_at", "closed_at"]


for model in (models.Address, models.Accessibility, models.ServiceAtLocation, models.Contact,
              models.Phone, models.Language, models.Schedule, models.ServiceArea,
              models.CostOption, models.RequiredDocument, models.Funding, models.Program,
              models.OrganizationIdentifier, models.Attribute, models.Metadata,
              models.MetaTableDescription):
    admin.site.register(model)
