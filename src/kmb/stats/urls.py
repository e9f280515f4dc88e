from django.urls import path

from kmb.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export/<slug:table>.csv", views.export_csv, name="export_csv"),
    path("export/<slug:table>.xlsx", views.export_xlsx, name="export_xlsx"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
]
