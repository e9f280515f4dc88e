"""Addresses of the housing supply: staff pages, the owner's link and the owners' form."""

from django.urls import path

from kmb.housing import link_views, owner_views, public_views, views

app_name = "housing"

urlpatterns = [
    path("staff/housing/", views.flat_list, name="flat_list"),
    path("staff/housing/flats/export.<str:fmt>", views.flat_export, name="flat_export"),
    path("staff/housing/flats/<str:flat_id>/", views.flat_detail, name="flat_detail"),
    path("staff/housing/flats/<str:flat_id>/edit/", views.flat_edit, name="flat_edit"),
    path("staff/housing/flats/<str:flat_id>/status/", views.flat_status, name="flat_status"),
    path("staff/housing/flats/<str:flat_id>/photos/", views.photo_upload,
         name="photo_upload"),
    path("staff/housing/flats/<str:flat_id>/match/", views.flat_match, name="flat_match"),
    path("staff/housing/flats/<str:flat_id>/propose/<str:client_id>/", views.proposal_create,
         name="proposal_create"),
    path("staff/housing/photos/<str:photo_id>/", views.photo_file, name="photo_file"),
    path("staff/housing/photos/<str:photo_id>/remove/", views.photo_remove,
         name="photo_remove"),
    path("staff/housing/owners/", views.owner_list, name="owner_list"),
    path("staff/housing/owners/new/", views.owner_create, name="owner_create"),
    path("staff/housing/owners/<str:landlord_id>/", views.owner_detail, name="owner_detail"),
    path("staff/housing/owners/<str:landlord_id>/edit/", views.owner_edit, name="owner_edit"),
    path("staff/housing/owners/<str:landlord_id>/consultation/",
         views.owner_consultation_create, name="owner_consultation_create"),
    path("staff/housing/owners/<str:landlord_id>/flats/new/", views.flat_create,
         name="flat_create"),
    path("staff/housing/clients/<str:client_id>/needs/", views.needs_edit, name="needs_edit"),
    path("staff/housing/clients/<str:client_id>/flats/", views.client_match,
         name="client_match"),
    path("staff/housing/proposals/", views.proposal_list, name="proposal_list"),
    path("staff/housing/proposals/<str:proposal_id>/", views.proposal_detail,
         name="proposal_detail"),
    path("staff/housing/proposals/<str:proposal_id>/lease/", views.lease_create,
         name="lease_create"),
    path("staff/housing/proposals/<str:proposal_id>/<str:step>/", views.proposal_step,
         name="proposal_step"),
    path("staff/housing/follow-ups/", views.followup_list, name="followup_list"),
    path("staff/housing/follow-ups/<str:followup_id>/", views.followup_record,
         name="followup_record"),
    path("staff/housing/rules/", views.rules_page, name="rules"),
    # owners with an account: proposals for their own flats
    path("staff/owner/", owner_views.owner_proposals, name="owner_proposals"),
    path("staff/owner/<str:proposal_id>/", owner_views.owner_proposal, name="owner_proposal"),
    # the owner's link to a proposal (no account; the token is the key)
    path("housing-link/<str:token>/", link_views.proposal_link, name="proposal_link"),
    # the owners' form on the portal
    path("for-landlords/offer/", public_views.offer_flat, name="offer_flat"),
    path("for-landlords/offer/sent/", public_views.offer_flat_sent, name="offer_flat_sent"),
]
