"""Addresses of the partner network: staff directory and referrals, partner staff, the
partner's link from the e-mail, and the public directory."""

from django.urls import path

from kmb.network import link_views, public_views, views

app_name = "network"

urlpatterns = [
    # staff: the directory (shared by all contact points)
    path("staff/directory/", views.directory, name="directory"),
    path("staff/directory/exchange/", views.exchange, name="exchange"),
    path("staff/directory/exchange/hsds.json", views.export_json, name="export_json"),
    path("staff/directory/exchange/hsds.zip", views.export_zip, name="export_zip"),
    path("staff/directory/exchange/<str:import_id>/", views.import_detail,
         name="import_detail"),
    path("staff/directory/organizations/new/", views.organization_create,
         name="organization_create"),
    path("staff/directory/organizations/<str:organization_id>/", views.organization_detail,
         name="organization_detail"),
    path("staff/directory/organizations/<str:organization_id>/edit/", views.organization_edit,
         name="organization_edit"),
    path("staff/directory/organizations/<str:organization_id>/partner/",
         views.organization_partner, name="organization_partner"),
    path("staff/directory/organizations/<str:organization_id>/services/new/",
         views.service_create, name="service_create"),
    path("staff/directory/organizations/<str:organization_id>/locations/new/",
         views.location_create, name="location_create"),
    path("staff/directory/organizations/<str:organization_id>/contacts/new/",
         views.organization_contact_add, name="organization_contact_add"),
    path("staff/directory/locations/<str:location_id>/edit/", views.location_edit,
         name="location_edit"),
    path("staff/directory/contacts/<str:contact_id>/remove/", views.staff_contact_remove,
         name="staff_contact_remove"),
    path("staff/directory/public-contacts/<str:contact_id>/remove/",
         views.public_contact_remove, name="public_contact_remove"),
    path("staff/directory/services/<str:service_id>/", views.service_detail,
         name="service_detail"),
    path("staff/directory/services/<str:service_id>/edit/", views.service_edit,
         name="service_edit"),
    path("staff/directory/services/<str:service_id>/capacity/", views.service_capacity,
         name="service_capacity"),
    path("staff/directory/services/<str:service_id>/add/<str:kind>/", views.service_part_add,
         name="service_part_add"),
    path("staff/directory/services/<str:service_id>/remove/<str:kind>/<str:part_id>/",
         views.service_part_remove, name="service_part_remove"),
    path("staff/directory/suggestions/<str:suggestion_id>/decide/", views.suggestion_decide,
         name="suggestion_decide"),
    # staff: referrals (scoped to the contact point)
    path("staff/referrals/", views.referral_list, name="referral_list"),
    path("staff/referrals/new/<str:client_id>/", views.referral_start, name="referral_start"),
    path("staff/referrals/new/<str:client_id>/<str:service_id>/", views.referral_create,
         name="referral_create"),
    path("staff/referrals/<str:referral_id>/", views.referral_detail, name="referral_detail"),
    # partner staff with an account
    path("staff/partner/", views.partner_referrals, name="partner_referrals"),
    path("staff/partner/<str:referral_id>/", views.partner_referral, name="partner_referral"),
    # the partner's link from the e-mail (no account; the token is the key)
    path("referral-link/<str:token>/", link_views.referral_link, name="referral_link"),
    # the public directory
    path("directory/", public_views.public_directory, name="public_directory"),
    path("directory/services/<str:service_id>/", public_views.public_service,
         name="public_service"),
]
