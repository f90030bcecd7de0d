from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from fawang.api import api
from fawang.lib.plugins import app_modules

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
# Each app with a urls.py mounts it under its own prefix (web mounts at the root, last).
_PREFIXES = {"web": ""}
for label, module in app_modules("urls"):
    if label == "web":
        continue
    urlpatterns.append(path(f"{_PREFIXES.get(label, label + '/')}", include((module, label))))
urlpatterns.append(path("", include("fawang.web.urls")))
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
