from django.urls import path

from kmb.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<str:client_id>/", views.client_detail, name="client_detail"),
    path("clients/<str:client_id>/edit/", views.client_edit, name="client_edit"),
    path("clients/<str:client_id>/merge/", views.client_merge, name="client_merge"),
    path("clients/<str:client_id>/audit/", views.client_audit, name="client_audit"),
    path("clients/<str:client_id>/consultations/new/", views.consultation_create,
         name="client_consultation_create"),
    path("clients/<str:client_id>/household/new/", views.household_member_add,
         name="household_member_add"),
    path("clients/<str:client_id>/household/<str:member_id>/remove/",
         views.household_member_remove, name="household_member_remove"),
    path("clients/<str:client_id>/consents/new/", views.consent_create, name="consent_create"),
    path("clients/<str:client_id>/consents/<str:consent_id>/withdraw/", views.consent_withdraw,
         name="consent_withdraw"),
    path("clients/<str:client_id>/tasks/new/", views.task_create, name="task_create"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<str:consultation_id>/", views.consultation_detail,
         name="consultation_detail"),
    path("requests/", views.online_request_list, name="online_request_list"),
    path("requests/<str:request_id>/", views.online_request_detail,
         name="online_request_detail"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<str:task_id>/status/", views.task_status, name="task_status"),
]
