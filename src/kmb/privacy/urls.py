from django.urls import path

from kmb.privacy import views

app_name = "privacy"

urlpatterns = [
    path("staff/privacy/clients/<str:client_id>/", views.client_privacy, name="client"),
    path("staff/privacy/clients/<str:client_id>/export.json", views.export_json,
         name="export_json"),
    path("staff/privacy/clients/<str:client_id>/export.pdf", views.export_pdf,
         name="export_pdf"),
    path("staff/privacy/clients/<str:client_id>/erase/", views.erase, name="erase"),
    path("staff/privacy/retention/", views.retention_list, name="retention"),
    path("staff/privacy/retention/<str:client_id>/", views.retention_decide,
         name="retention_decide"),
    path("staff/privacy/processing/", views.processing, name="processing"),
    path("staff/privacy/processing.md", views.processing_markdown, name="processing_md"),
    path("staff/privacy/processing.pdf", views.processing_pdf, name="processing_pdf"),
]
