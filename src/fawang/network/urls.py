from django.urls import path

from fawang.network import views

urlpatterns = [
    path("", views.directory, name="directory"),
]
