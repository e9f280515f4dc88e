"""Staff pages of the statutory register under /staff/register/."""

from django.urls import path

from kmb.register import public_views, views

app_name = "register"

urlpatterns = [
    path("register/apply/", public_views.apply, name="portal_apply"),
    path("register/apply/sent/", public_views.apply_sent, name="portal_apply_sent"),
    path("staff/register/", views.dashboard, name="procedure_list"),
    path("staff/register/report/", views.report_page, name="report"),
    path("staff/register/report.<str:fmt>", views.report_export, name="report_export"),
    path("staff/register/contributions/", views.contributions, name="contributions"),
    path("staff/register/contributions.<str:fmt>", views.contributions,
         name="contributions_export"),
    path("staff/register/procedures/<str:procedure_id>/measures/new/", views.measure_create,
         name="measure_create"),
    path("staff/register/measures/<str:measure_id>/", views.measure_detail,
         name="measure_detail"),
    path("staff/register/clients/<str:client_id>/new/", views.procedure_file,
         name="procedure_file"),
    path("staff/register/procedures/<str:procedure_id>/", views.procedure_detail,
         name="procedure_detail"),
    path("staff/register/procedures/<str:procedure_id>/steps/<slug:action>/",
         views.procedure_step, name="procedure_step"),
    path("staff/register/procedures/<str:procedure_id>/file.pdf", views.procedure_file_pdf,
         name="procedure_file_pdf"),
    path("staff/register/letter-texts/", views.letter_texts, name="letter_texts"),
    path("staff/register/letter-texts/<slug:kind>/", views.letter_text_edit,
         name="letter_text_edit"),
    path("staff/register/letters/<str:letter_id>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("staff/register/letters/<str:letter_id>/delivery/", views.letter_delivery,
         name="letter_delivery"),
]
