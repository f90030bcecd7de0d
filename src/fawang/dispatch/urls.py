from django.urls import path

from fawang.dispatch import views

urlpatterns = [
    path("command/", views.command, name="command"),
    path("command/data.json", views.command_data, name="command_data"),
    path("command/units.csv", views.command_units_csv, name="command_units_csv"),
    path("queue/", views.queue, name="queue"),
    path("orders/<str:number>/", views.order_page, name="order"),
    path("orders/<str:number>/<slug:action>/", views.act, name="act"),
    path("orders/<str:number>/<slug:action>/choose/", views.assign_page, name="assign"),
    path("rate/<str:token>/", views.rate, name="rate"),
    path("visits/", views.visits, name="visits"),
    path("notifications/", views.notifications, name="notifications"),
]
