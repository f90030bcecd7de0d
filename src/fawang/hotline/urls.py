from django.urls import path

from fawang.hotline import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("staffing/", views.staffing_view, name="staffing"),
    path("staffing/export.<str:fmt>", views.staffing_export, name="staffing_export"),
    path("import/", views.cdr_upload, name="import"),
    path("console/", views.console, name="console"),
    path("console/presence/", views.presence, name="presence"),
    path("console/end/", views.end_call, name="end_call"),
    path("console/current.json", views.current_call, name="current_call"),
]
