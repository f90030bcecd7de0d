"""Third-party browser assets served from installed packages (never a CDN)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import vizly
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# vizly ships Apache ECharts 5 (Apache-2.0) as a local asset.
ECHARTS_PATH = Path(vizly.__file__).parent / "assets" / "echarts.min.js"


@lru_cache(maxsize=1)
def _echarts() -> bytes:
    return ECHARTS_PATH.read_bytes()


@require_GET
@cache_control(public=True, max_age=86400)
def echarts_js(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_echarts(), content_type="application/javascript; charset=utf-8")
