"""The JSON API (django-ninja): /api/v1/…, OpenAPI at /api/docs.

Each app with an ``api.py`` exposing ``router`` is mounted at ``/api/v1/<prefix>``, where
the prefix is the router's ``prefix`` attribute (default: the app label).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
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


_MESSAGES = {
    "missing": _("此项为必填项。"),
    "string_too_short": _("内容太短，至少 %(min_length)s 个字。"),
    "string_too_long": _("内容太长，最多 %(max_length)s 个字。"),
    "enum": _("取值无效，可选：%(expected)s。"),
    "literal_error": _("取值无效，可选：%(expected)s。"),
    "string_type": _("应为文字。"),
    "int_parsing": _("应为整数。"),
    "float_parsing": _("应为数字。"),
    "bool_parsing": _("应为是或否（true/false）。"),
    "datetime_parsing": _("日期时间格式不正确。"),
    "json_invalid": _("请求体不是有效的 JSON。"),
    "greater_than_equal": _("不能小于 %(ge)s。"),
    "less_than_equal": _("不能大于 %(le)s。"),
}
_SKIP_LOC = {"body", "query", "path", "header", "form", "payload", "filters", "data"}


def field_errors(errors: list[dict]) -> dict[str, list[str]]:
    """Chinese messages keyed by field path (``party.id_number``), from pydantic errors.
    Validators of our own raise ValueError with a Chinese message, which is kept."""
    out: dict[str, list[str]] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if str(p) not in _SKIP_LOC]
        field = ".".join(loc) or "__all__"
        kind = err.get("type", "")
        if kind == "value_error":
            message = str(err.get("msg", "")).removeprefix("Value error, ")
        else:
            template = _MESSAGES.get(kind, _("格式不正确。"))
            try:
                message = template % (err.get("ctx") or {})
            except (KeyError, TypeError, ValueError):
                message = _("格式不正确。")
        out.setdefault(field, []).append(message)
    return out


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc):  # type: ignore[no-untyped-def]
    body = {"detail": exc.errors, "errors": field_errors(exc.errors)}
    return api.create_response(request, body, status=422)


for _label, _module in app_modules("api"):
    _router = getattr(_module, "router", None)
    if _router is not None:
        api.add_router(f"/v1/{getattr(_module, 'PREFIX', _label)}", _router)
