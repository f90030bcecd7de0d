"""Work of the dispatch context done by ``fawang worker``: the queued task that routes a
new order, and the periodic jobs (every minute; ``fawang periodic`` runs them once)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from fawang.dispatch import notify, services

# Routing runs before lower-priority work such as the rollups.
ROUTE_PRIORITY = 10


@task(priority=ROUTE_PRIORITY)
def route_new_order(order_id: int) -> str:
    """Route an order created on a remote channel (queued by the ``order_created``
    receiver). Idempotent: an order no longer received, or already routed, is left
    alone. If this fails, the order stays received in the dispatch queue."""
    return services.routing_on_created(order_id=order_id)


def supervise_overdue(now: dt.datetime) -> str:
    """Open and escalate supervision items (督办) for overdue orders."""
    return str(services.supervision_scan(now=now))


def route_stragglers(now: dt.datetime) -> str:
    """Route (or give deadlines to) orders whose hand-off to the worker was lost."""
    return services.routing_sweep(now=now)


def deliver_outbox(now: dt.datetime) -> str:
    """Send queued SMS / e-mail / in-app messages, with retries."""
    result = notify.outbox_deliver(now=now)
    return " ".join(f"{k}={v}" for k, v in result.items())


PERIODIC = [(60, supervise_overdue), (60, route_stragglers), (60, deliver_outbox)]
