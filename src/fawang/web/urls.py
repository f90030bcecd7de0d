from django.contrib.auth import views as auth_views
from django.urls import path

from fawang.web import assets, console_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("assets/echarts.min.js", assets.echarts_js, name="echarts_js"),
    # The citizen's side: ask, then track.
    path("ask/", views.ask, name="ask"),
    path("ask/done/", views.ask_done, name="ask_done"),
    path("ask/regions/<str:code>/", views.region_children, name="region_children"),
    path("ask/locate/", views.locate, name="locate"),
    path("track/", views.track, name="track"),
    # The staff console.
    path("console/", console_views.queue, name="console_queue"),
    path("console/hotline/", console_views.hotline_intake, name="console_hotline"),
    path("console/walk-in/", console_views.walkin_intake, name="console_walkin"),
    path("console/orders/<str:number>/", console_views.detail, name="console_detail"),
    path(
        "console/orders/<str:number>/transition/",
        console_views.transition,
        name="console_transition",
    ),
    path("console/orders/<str:number>/reveal/", console_views.reveal, name="console_reveal"),
    path(
        "console/orders/<str:number>/attachments/<int:pk>/",
        console_views.attachment,
        name="console_attachment",
    ),
]
