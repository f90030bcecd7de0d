from django.urls import path

from fawang.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("geo/<str:code>.json", views.geojson, name="geojson"),
    path("export/<str:table>.<str:fmt>", views.export_table, name="export"),
    path("parquet/<str:kind>.parquet", views.export_parquet, name="parquet"),
    path("indicators/", views.indicators, name="indicators"),
    path("warnings/", views.warnings, name="warnings"),
    path("warnings/<int:pk>/ack/", views.warning_ack, name="warning_ack"),
]
