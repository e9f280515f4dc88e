"""Addresses of the municipal flats: staff pages, the portal's application form and the
applicants' account. (The portal's programme overview and flat offers live elsewhere.)"""

from django.urls import path

from kmb.lettings import account_views, views

app_name = "lettings"

urlpatterns = [
    # staff
    path("staff/lettings/", views.dashboard, name="dashboard"),
    path("staff/lettings/applications/", views.application_list, name="application_list"),
    path("staff/lettings/applications/new/", views.application_create,
         name="application_create"),
    path("staff/lettings/applications/<str:application_id>/", views.application_detail,
         name="application_detail"),
    path("staff/lettings/applications/<str:application_id>/edit/", views.application_edit,
         name="application_edit"),
    path("staff/lettings/applications/<str:application_id>/status/",
         views.application_status, name="application_status"),
    path("staff/lettings/applications/<str:application_id>/documents/",
         views.document_upload, name="document_upload"),
    path("staff/lettings/applications/<str:application_id>/client/",
         views.application_client, name="application_client"),
    path("staff/lettings/applications/<str:application_id>/score.pdf",
         views.score_pdf, name="score_pdf"),
    path("staff/lettings/applications/<str:application_id>/letter/<str:kind>/",
         views.letter_create, name="letter_create"),
    path("staff/lettings/documents/<str:document_id>/", views.document_file,
         name="document_file"),
    path("staff/lettings/letters/<str:letter_id>/", views.letter_file, name="letter_file"),
    path("staff/lettings/changes/<str:report_id>/", views.change_decide,
         name="change_decide"),
    path("staff/lettings/programmes/", views.programme_list, name="programme_list"),
    path("staff/lettings/programmes/<str:programme_id>/", views.programme_detail,
         name="programme_detail"),
    path("staff/lettings/programmes/<str:programme_id>/waiting-list/", views.waiting_list,
         name="waiting_list"),
    path("staff/lettings/programmes/<str:programme_id>/rules/", views.rules_edit,
         name="rules_edit"),
    path("staff/lettings/runs/<str:run_id>/", views.run_detail, name="run_detail"),
    path("staff/lettings/offers/", views.offer_list, name="offer_list"),
    path("staff/lettings/offers/new/<str:flat_id>/", views.offer_create, name="offer_create"),
    path("staff/lettings/offers/<str:offer_id>/", views.offer_detail, name="offer_detail"),
    path("staff/lettings/offers/<str:offer_id>/<str:step>/", views.offer_step,
         name="offer_step"),
    # the portal: applying, verifying the address, the applicant's account
    path("municipal-flats/apply/", account_views.apply, name="apply"),
    path("municipal-flats/apply/sent/", account_views.apply_sent, name="apply_sent"),
    path("municipal-flats/verify/<str:token>/", account_views.verify, name="verify"),
    path("municipal-flats/account/sign-in/", account_views.sign_in, name="sign_in"),
    path("municipal-flats/account/link/<str:token>/", account_views.sign_in_link,
         name="sign_in_link"),
    path("municipal-flats/account/", account_views.account, name="account"),
    path("municipal-flats/account/contact/", account_views.account_contact,
         name="account_contact"),
    path("municipal-flats/account/change/", account_views.account_change,
         name="account_change"),
    path("municipal-flats/account/renew/", account_views.account_renew,
         name="account_renew"),
    path("municipal-flats/account/sign-out/", account_views.sign_out, name="sign_out"),
]
