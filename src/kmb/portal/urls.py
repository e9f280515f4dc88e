from django.urls import path

from kmb.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("navigator/", views.navigator, name="navigator"),
    path("navigator/result/", views.navigator_result, name="navigator_result"),
    path("contact-points/", views.finder, name="finder"),
    path("request/", views.request_form, name="request"),
    path("request/sent/", views.request_sent, name="request_sent"),
    path("for-landlords/", views.landlords, name="landlords"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("safety/", views.safety, name="safety"),
    path("language/", views.language, name="language"),
    path("staff/portal/", views.content_list, name="content_list"),
    path("staff/portal/edit/", views.content_edit, name="content_edit"),
]
