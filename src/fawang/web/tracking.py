"""The tracking page's extension point, and what it proves.

An app may have ``src/fawang/<app>/portal.py`` defining
``track_panels(request, order) -> list[str]``: rendered HTML shown to the requester under
their order's timeline (what they may do next — e.g. object to a legal-aid refusal). A
panel sees only what the tracking page already shows: masked data, a few queries.

A successful lookup (order number + the phone's last four digits, rate-limited) is
remembered in the session for an hour, so that a follow-up form of another app can check
that this browser proved it is the requester's (``track_proven``).
"""

from __future__ import annotations

import time

from django.http import HttpRequest
from django.utils.safestring import SafeString

from fawang.web.panels import app_panels
from fawang.workorders.models import WorkOrder

TRACKED_KEY = "tracked_orders"
PROOF_SECONDS = 3600
KEEP = 5


def track_remember(request: HttpRequest, number: str) -> None:
    now = int(time.time())
    seen = {
        n: t
        for n, t in request.session.get(TRACKED_KEY, {}).items()
        if now - t < PROOF_SECONDS and n != number
    }
    kept = dict(sorted(seen.items(), key=lambda item: item[1])[-(KEEP - 1) :])
    request.session[TRACKED_KEY] = {**kept, number: now}


def track_proven(request: HttpRequest, number: str) -> bool:
    at = request.session.get(TRACKED_KEY, {}).get(number)
    return at is not None and int(time.time()) - at < PROOF_SECONDS


def track_panels(request: HttpRequest, order: WorkOrder) -> list[SafeString]:
    return app_panels("portal", "track_panels", request, order)
