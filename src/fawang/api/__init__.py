"""The JSON API (django-ninja): /api/v1/…, OpenAPI at /api/docs.

Each app with an ``api.py`` exposing ``router`` is mounted at ``/api/v1/<prefix>``, where
the prefix is the router's ``prefix`` attribute (default: the app label).
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from fawang.lib.plugins import app_modules

api = NinjaAPI(
    title="Fawang 法网 API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/v1/openapi.json",
)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": exc.errors}, status=422)


for _label, _module in app_modules("api"):
    _router = getattr(_module, "router", None)
    if _router is not None:
        api.add_router(f"/v1/{getattr(_module, 'PREFIX', _label)}", _router)
