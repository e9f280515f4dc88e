"""Public estimate under /benefits/, staff pages under /staff/benefits/ and the dated
parameters at /staff/parameters/."""

from django.urls import path

from kmb.benefits import public, views

app_name = "benefits"

urlpatterns = [
    path("benefits/", public.public_estimate, name="public_estimate"),
    path("staff/benefits/clients/<str:client_id>/new/", views.estimate_create,
         name="estimate_create"),
    path("staff/benefits/estimates/<str:estimate_id>/", views.estimate_detail,
         name="estimate_detail"),
    path("staff/benefits/estimates/<str:estimate_id>/pdf/", views.estimate_pdf,
         name="estimate_pdf"),
    path("staff/benefits/batches/", views.batch_list, name="batch_list"),
    path("staff/parameters/", views.parameter_list, name="parameter_list"),
    path("staff/benefits/batches/<str:batch_id>/", views.batch_detail, name="batch_detail"),
    path("staff/benefits/batches/<str:batch_id>/xlsx/", views.batch_xlsx, name="batch_xlsx"),
    path("staff/benefits/batches/<str:batch_id>/restart/", views.batch_restart,
         name="batch_restart"),
]
