from django.urls import path

from fawang.consult import views

urlpatterns = [
    path("", views.search_page, name="search"),
    path("fragment/", views.fragment, name="fragment"),
    path("citations/", views.citations_page, name="citations"),
]
