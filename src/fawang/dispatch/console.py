"""The dispatch panel on the staff console's order page (see BRIEF: console extension):
routing decisions with their candidates, deadlines and flags, supervision, ratings and
the action forms the user may use on the order's current status."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from fawang.dispatch import selectors
from fawang.dispatch.routing import auto_route_channels
from fawang.dispatch.services import DISPATCH_ROLES, HANDLER_ROLES
from fawang.workorders.models import Status, WorkOrder
from fawang.workorders.transitions import TRANSITIONS


def available_actions(user, order: WorkOrder) -> list[str]:  # type: ignore[no-untyped-def]
    """Action names (see views.ACTIONS) the user may take on the order now."""
    if user.role not in HANDLER_ROLES:
        return []
    allowed = TRANSITIONS.get(order.status, frozenset())
    actions = []
    if Status.DISPATCHED in allowed or Status.TRANSFERRED in allowed:
        actions.append("route")
    if Status.ACCEPTED in allowed and order.status != Status.SUSPENDED:
        actions.append("sign")
    if Status.IN_PROGRESS in allowed and order.status not in (Status.SUSPENDED,):
        actions.append("start")
    if Status.REPLIED in allowed:
        actions.append("reply")
    if Status.RETURNED in allowed:
        actions.append("return")
    if Status.TRANSFERRED in allowed:
        actions.append("transfer")
    if Status.ESCALATED in allowed:
        actions.append("escalate")
    if Status.SUSPENDED in allowed:
        actions.append("suspend")
    if order.status == Status.SUSPENDED:
        actions.append("resume")
    if Status.CLOSED in allowed:
        actions.append("close")
    if Status.REOPENED in allowed:
        actions.append("reopen")
    if user.role in DISPATCH_ROLES and ("route" in actions or "transfer" in actions):
        actions.append("override")
    return actions


def order_panels(request, order: WorkOrder) -> list[str]:  # type: ignore[no-untyped-def]
    now = timezone.now()
    data = selectors.order_panel_data(order=order, now=now)
    context = {
        "order": order,
        "now": now,
        "actions": available_actions(request.user, order),
        "routing_queued": order.status == Status.RECEIVED
        and order.channel in auto_route_channels()
        and not data["decisions"],
        "next": request.get_full_path(),
        **data,
    }
    return [render_to_string("dispatch/panel.html", context, request=request)]
