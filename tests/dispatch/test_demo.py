"""The dispatch demo step works on whatever orders exist and is consistent with them."""

from __future__ import annotations

import io
import random

from django.utils import timezone

from fawang.dispatch import demo, services
from fawang.dispatch.models import Rating, RoutingDecision, SupervisionItem
from fawang.workorders.models import Status, WorkOrder
from tests.dispatch.conftest import at


def test_the_demo_step_gives_deadlines_routes_rates_and_supervises(network, make_order, personas):
    clerk = personas["county_clerk"]
    stale = make_order(now=at(2026, 1, 5))  # a walk-in without deadlines, long overdue
    unrouted = make_order(channel="hotline", now=at(2026, 11, 2))
    done = make_order(now=at(2026, 3, 2))
    services.routing_route(order=done, now=done.created_at)
    services.order_sign_for(order=done, actor=clerk, now=at(2026, 3, 2, 11))
    services.order_reply(order=done, actor=clerk, text="答复", now=at(2026, 3, 3))
    services.order_close(order=done, actor=clerk, now=at(2026, 3, 4))
    WorkOrder.objects.filter(pk=done.pk).update(satisfaction=2)

    lines = demo.load(rng=random.Random(1), now=at(2026, 11, 10), stdout=io.StringIO(), options={})

    stale.refresh_from_db()
    unrouted.refresh_from_db()
    assert stale.due_at is not None and stale.due_at < at(2026, 2, 1)
    assert RoutingDecision.objects.filter(order=stale).exists() or stale.assigned_point
    assert unrouted.status == Status.DISPATCHED
    rating = Rating.objects.get(order=done)
    assert rating.stars == 2 and rating.outcome == Rating.Outcome.REOPENED
    # Ten months overdue: red at the city and red at the province.
    items = sorted(SupervisionItem.objects.filter(order=stale).values_list("level", "severity"))
    assert items == [(1, "red"), (2, "red")]
    assert any("/dispatch/command/" in line for line in lines)
    # Running it again adds nothing twice.
    demo.load(rng=random.Random(1), now=at(2026, 11, 10), stdout=io.StringIO(), options={})
    assert Rating.objects.count() == 1
    assert SupervisionItem.objects.filter(order=stale).count() == 2
    assert timezone.is_aware(stale.due_at)
