from django.urls import path

from kmb.stats import public_views

app_name = "opendata"

urlpatterns = [
    path("open-data/", public_views.index, name="index"),
    path("open-data/<uuid:dataset_id>.csv", public_views.dataset_csv, name="csv"),
    path("open-data/<uuid:dataset_id>.json", public_views.dataset_metadata, name="metadata"),
]
