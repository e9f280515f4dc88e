from django.urls import path

from kmb.appointments import public_views, views

app_name = "appointments"

urlpatterns = [
    path("staff/calendar/", views.week, name="week"),
    path("staff/calendar/day/", views.day_view, name="day"),
    path("staff/calendar/new/", views.create, name="create"),
    path("staff/calendar/hours/", views.hours, name="hours"),
    path("staff/calendar/settings/", views.adviser_settings, name="settings"),
    path("staff/calendar/<str:appointment_id>/", views.detail, name="detail"),
    path("staff/calendar/<str:appointment_id>/move/", views.move, name="move"),
    path("staff/calendar/<str:appointment_id>/cancel/", views.cancel, name="cancel"),
    path("staff/calendar/<str:appointment_id>/mark/", views.mark, name="mark"),
    path("staff/calendar/<str:appointment_id>/schuzka.ics", views.ics, name="ics"),
]

public_urlpatterns = ([
    path("booking/cancel/<str:token>/", public_views.cancel, name="cancel"),
    path("booking/move/<str:token>/", public_views.move, name="move"),
    path("calendar-feed/<str:token>.ics", public_views.feed, name="feed"),
], "appointments_public")
