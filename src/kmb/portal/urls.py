from django.urls import path

from kmb.portal import lettings_views, views

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
    path("municipal-flats/", lettings_views.overview, name="lettings_overview"),
    path("municipal-flats/programmes/<str:programme_id>/", lettings_views.programme_detail,
         name="lettings_programme"),
    path("municipal-flats/offers/", lettings_views.offer_list, name="lettings_offers"),
    path("municipal-flats/offers/<str:offer_id>/", lettings_views.offer_detail,
         name="lettings_offer"),
    path("municipal-flats/offers/<str:offer_id>/interest/", lettings_views.offer_interest,
         name="lettings_interest"),
    path("municipal-flats/results/", lettings_views.results, name="lettings_results"),
    path("municipal-flats/photos/<str:photo_id>/<int:width>.jpg", lettings_views.photo,
         name="lettings_photo"),
    path("staff/portal/", views.content_list, name="content_list"),
    path("staff/portal/edit/", views.content_edit, name="content_edit"),
]
