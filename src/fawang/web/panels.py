"""The console extension point: other apps add panels to an order's detail page.

An app may have ``src/fawang/<app>/console.py`` defining
``order_panels(request, order) -> list[str]``: rendered HTML snippets (use
``render_to_string(..., request=request)``) shown under the timeline. Each panel must cost
a constant, small number of queries whatever the size of the order's history.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from fawang.lib.plugins import app_modules
from fawang.workorders.models import WorkOrder


def app_panels(
    submodule: str, hook: str, request: HttpRequest, order: WorkOrder
) -> list[SafeString]:
    """The HTML that each app's ``<app>.<submodule>.<hook>(request, order)`` renders."""
    panels: list[SafeString] = []
    for _label, module in app_modules(submodule):
        fn = getattr(module, hook, None)
        if fn is not None:
            panels.extend(mark_safe(html) for html in fn(request, order))  # noqa: S308
    return panels


def order_panels(request: HttpRequest, order: WorkOrder) -> list[SafeString]:
    return app_panels("console", "order_panels", request, order)
