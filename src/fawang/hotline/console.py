"""The hotline panel on the staff console's order page: the calls behind the order
(the call it was logged from, or the missed calls it calls back). Two queries."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string

from fawang.hotline.models import Call
from fawang.workorders.models import WorkOrder


def order_panels(request: HttpRequest, order: WorkOrder) -> list[str]:
    if order.channel != "hotline":
        return []
    calls = list(
        Call.objects.filter(Q(work_order=order) | Q(callback_order=order))
        .select_related("seat_group")
        .order_by("offered_at")[:20]
    )
    if not calls:
        return []
    return [
        render_to_string(
            "hotline/_order_panel.html", {"order": order, "calls": calls}, request=request
        )
    ]
