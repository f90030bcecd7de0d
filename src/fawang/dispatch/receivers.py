"""Reactions to the work-order spine's signals (sent after commit)."""

from __future__ import annotations

import logging

from django.dispatch import receiver
from django.utils import timezone

from fawang.dispatch import services
from fawang.dispatch.routing import auto_route_channels
from fawang.dispatch.tasks import route_new_order as route_task
from fawang.workorders.models import Status, WorkOrder
from fawang.workorders.signals import order_created, order_transitioned

log = logging.getLogger("fawang.dispatch")


@receiver(order_created, dispatch_uid="dispatch.route_new_order")
def route_new_order(sender, order: WorkOrder, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """Hand a new remote order to the worker for routing (a queued task, so that the
    requester does not wait for it); give a walk-in its deadlines here, for the clerk who
    is looking at it. A failure here must never undo the intake: the order stays
    received and shows in the dispatch queue."""
    try:
        if order.channel in auto_route_channels():
            route_task.enqueue(order.pk)
        else:
            services.routing_on_created(order_id=order.pk)
    except Exception:
        log.exception("routing of new order %s failed; it waits for manual dispatch", order.pk)


@receiver(order_transitioned, dispatch_uid="dispatch.sample_closed_order")
def sample_closed_order(sender, order: WorkOrder, event, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """Closed by any module (legal aid, mediation …): maybe a return visit."""
    if event.to_status == Status.CLOSED:
        services.visit_maybe_create(order=order, now=timezone.now())


@receiver(order_transitioned, dispatch_uid="dispatch.foreign_transition")
def foreign_transition(sender, order: WorkOrder, event, **kwargs) -> None:  # type: ignore[no-untyped-def]
    try:
        services.after_foreign_transition(order=order, event=event)
    except Exception:
        log.exception("follow-up of transition %s of order %s failed", event.pk, order.pk)
