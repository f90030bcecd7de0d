"""The overdue scan: yellow at the level above, red, then the next level; idempotent.
The routing task: routes a new order once, whenever and however often it runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from fawang.dispatch import services
from fawang.dispatch.models import RoutingDecision, SupervisionItem
from fawang.dispatch.tasks import PERIODIC, route_new_order, supervise_overdue
from fawang.workorders.models import Status
from tests.dispatch.conftest import at


def routed(make_order, **kw):  # type: ignore[no-untyped-def]
    order = make_order(**kw)
    services.routing_route(order=order, now=order.created_at)
    order.refresh_from_db()
    return order


def test_running_the_overdue_task_twice_opens_one_item_per_order_and_level(network, make_order):
    # Consultation: 5 working days → due Mon 9 Nov 2026.
    orders = [routed(make_order, now=at(2026, 11, 2, 9, i)) for i in range(3)]
    fresh = routed(make_order, now=at(2026, 11, 10))
    now = at(2026, 11, 10, 12)
    first = services.supervision_scan(now=now)
    second = services.supervision_scan(now=now)
    assert first.overdue == 3 and first.opened == 3
    assert second.opened == 0
    items = SupervisionItem.objects.all()
    assert items.count() == 3
    assert {i.order_id for i in items} == {o.pk for o in orders}
    assert not SupervisionItem.objects.filter(order=fresh).exists()
    item = items.first()
    assert item.level == 2 and item.region.code == "510100" and item.severity == "yellow"


def test_the_item_turns_red_then_the_next_level_is_opened(network, make_order):
    order = routed(make_order, now=at(2026, 11, 2))  # due Mon 9 Nov
    services.supervision_scan(now=at(2026, 11, 10, 12))
    # Two working days overdue (Tue 10, Wed 11 Nov) → red.
    result = services.supervision_scan(now=at(2026, 11, 12, 1))
    assert result.reddened == 1
    assert SupervisionItem.objects.get(order=order, level=2).severity == "red"
    # Five working days overdue → a red item at the province as well.
    services.supervision_scan(now=at(2026, 11, 17, 1))
    services.supervision_scan(now=at(2026, 11, 17, 2))
    levels = sorted(SupervisionItem.objects.filter(order=order).values_list("level", "severity"))
    assert levels == [(1, "red"), (2, "red")]
    assert order.events.filter(kind="supervise").count() == 3


def test_items_are_resolved_when_the_order_is_replied(network, make_order, personas):
    order = routed(make_order, now=at(2026, 11, 2))
    services.supervision_scan(now=at(2026, 11, 10, 12))
    clerk = personas["county_clerk"]
    services.order_sign_for(order=order, actor=clerk)
    services.order_reply(order=order, actor=clerk, text="已答复")
    result = services.supervision_scan(now=at(2026, 11, 10, 13))
    assert result.resolved == 1
    assert SupervisionItem.objects.get(order=order).state == "resolved"


def test_the_database_refuses_a_second_item_for_the_same_order_level_and_deadline(
    network, make_order
):
    order = routed(make_order, now=at(2026, 11, 2))
    services.supervision_scan(now=at(2026, 11, 10, 12))
    item = SupervisionItem.objects.get(order=order)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionItem.objects.create(
            order=order,
            level=item.level,
            region=item.region,
            due_at=item.due_at,
            opened_at=item.opened_at,
        )


def test_the_periodic_jobs_are_registered_for_every_minute(db):
    assert (60, supervise_overdue) in PERIODIC
    assert "overdue=0" in supervise_overdue(at(2026, 11, 10))
    assert Status.REPLIED not in services.CLOCK_LIST


def test_the_overdue_scan_reads_the_partial_index_on_postgresql(requires_postgres, make_order):
    from django.db import connection

    make_order()
    now = at(2026, 11, 10)
    first = (
        services.overdue_queryset(now).values_list("pk", "due_at").order_by("due_at", "pk")[:2000]
    )
    sql, params = first.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert "wo_due_open" in plan


# ------------------------------------------------------------- routing a new order


def test_the_routing_task_routes_a_received_order_once(network, make_order):
    order = make_order(channel="hotline")  # no after-commit work here: not yet routed
    assert route_new_order.call(order.pk) == "routed to 武侯区公共法律服务中心"
    assert route_new_order.call(order.pk) == "left alone: dispatched"
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED and order.assigned_point == network["wuhou_centre"]
    assert RoutingDecision.objects.filter(order=order).count() == 1
    assert order.events.filter(to_status=Status.DISPATCHED).count() == 1


def test_an_order_no_unit_can_take_is_decided_once_and_waits_for_a_dispatcher(network, make_order):
    order = make_order(channel="web", service="legal_aid", language="ii")
    assert route_new_order.call(order.pk) == "no unit found"
    assert route_new_order.call(order.pk) == "left alone: already routed"
    order.refresh_from_db()
    assert order.status == Status.RECEIVED
    assert RoutingDecision.objects.filter(order=order).count() == 1


def test_the_routing_task_leaves_an_order_a_dispatcher_got_to_first(network, make_order, personas):
    order = make_order(channel="hotline")
    services.routing_override(
        order=order,
        actor=personas["county_dispatcher"],
        reason="当事人要求到区中心办理",
        point=network["wuhou_centre"],
    )
    assert route_new_order.call(order.pk) == "left alone: dispatched"
    assert RoutingDecision.objects.filter(order=order).count() == 1


def test_a_late_routing_is_dated_when_it_happened_with_deadlines_from_receipt(network, make_order):
    order = make_order(channel="api", now=at(2026, 11, 2, 9))
    result = services.routing_on_created(order_id=order.pk, now=at(2026, 11, 3, 9))
    assert result.startswith("routed to")
    order.refresh_from_db()
    assert order.status_changed_at == at(2026, 11, 3, 9)
    # Consultation: 5 working days from Mon 2 Nov → Mon 9 Nov, whenever it was routed.
    assert timezone.localtime(order.due_at).date() == dt.date(2026, 11, 9)


def test_the_routing_task_of_a_deleted_order_does_nothing(db):
    assert route_new_order.call(987654) == "gone"


def test_a_walk_in_accepted_at_the_window_still_gets_its_deadlines(network, make_order, personas):
    from fawang.workorders.services import workorder_transition

    order = make_order(channel="walk_in", now=at(2026, 11, 2, 9))
    workorder_transition(
        order=order,
        to=Status.ACCEPTED,
        actor=personas["village_clerk"],
        reason="窗口当场签收办理",
        now=at(2026, 11, 2, 9),
    )
    assert route_new_order.call(order.pk) == "deadlines set"
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED
    # Consultation: 5 working days from Mon 2 Nov → Mon 9 Nov.
    assert timezone.localtime(order.due_at).date() == dt.date(2026, 11, 9)
    assert route_new_order.call(order.pk) == "left alone: has deadlines"


def test_the_sweep_routes_orders_whose_hand_off_was_lost_and_only_those(network, make_order):
    from fawang.dispatch.tasks import route_stragglers

    # Made inside the test transaction: the after-commit hand-off never ran for them.
    lost = make_order(channel="web", now=at(2026, 11, 2, 9))
    walk_in = make_order(channel="walk_in", now=at(2026, 11, 2, 9))
    fresh = make_order(channel="web", now=at(2026, 11, 2, 9, 58))
    old = make_order(channel="web", now=at(2026, 10, 1, 9))
    assert route_stragglers(at(2026, 11, 2, 10)) == "stragglers: 2 handled"
    for order in (lost, walk_in, fresh, old):
        order.refresh_from_db()
    assert lost.status == Status.DISPATCHED and lost.routing_decisions.count() == 1
    assert walk_in.status == Status.RECEIVED and walk_in.due_at is not None
    assert fresh.status == Status.RECEIVED and not fresh.routing_decisions.exists()
    assert old.status == Status.RECEIVED  # older than two weeks: for a dispatcher's eyes
    assert route_stragglers(at(2026, 11, 2, 10)) == "stragglers: 0 handled"


def test_a_province_may_have_walk_ins_routed_by_the_rules_too(network, make_order, settings):
    settings.FAWANG_AUTO_ROUTE_CHANNELS = ["walk_in", "hotline", "web", "api", "kiosk"]
    order = make_order(channel="walk_in")
    assert route_new_order.call(order.pk).startswith("routed to")
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED and order.routing_decisions.count() == 1
