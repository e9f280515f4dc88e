from django.contrib import admin

from kmb.appointments.models import Availability, Closure, OfficeCalendar, OpeningHours


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ["contact_point", "weekday", "opens", "closes", "kind"]
    list_filter = ["contact_point", "kind"]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["contact_point", "starts_on", "ends_on", "reason"]
    list_filter = ["contact_point"]


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["contact_point", "adviser", "weekday", "starts", "ends"]
    list_filter = ["contact_point"]


@admin.register(OfficeCalendar)
class OfficeCalendarAdmin(admin.ModelAdmin):
    list_display = ["contact_point", "slot_minutes", "book_days_ahead", "online_booking"]
