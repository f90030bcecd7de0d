"""``fawang bench pages``: SQL queries of the console's queue and detail pages.

Measured on real requests (Django's test client, a signed-in dispatcher) with
``CaptureQueriesContext``, first against a handful of orders and events (the baseline),
then against many (``--rows`` orders, default 5,000, and 500 events on the opened order).
The figures must be equal and at most 10: a page's cost must not grow with the data.

The data lives in a throwaway test database (in memory for SQLite, ``test_<name>`` for
PostgreSQL) created with the migrations and dropped afterwards; the configured database
is not touched.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.utils import timezone

from fawang.lib.bench import Emit


def _world() -> dict[str, Any]:
    from fawang.accounts.models import Role, User
    from fawang.network.models import ServicePoint
    from fawang.regions.models import Level, Region
    from fawang.regions.services import regions_load_sichuan

    regions_load_sichuan()
    province = Region.objects.get(code="510000")
    point = ServicePoint.objects.create(
        name="四川省公共法律服务中心",
        kind=ServicePoint.Kind.CENTRE,
        level=Level.PROVINCE,
        region=province,
    )
    supervisor = User.objects.create(
        username="bench_supervisor", role=Role.DISPATCHER, service_point=point
    )
    clerk = User.objects.create(username="bench_clerk", role=Role.CLERK, service_point=point)
    counties = list(Region.objects.filter(level=Level.COUNTY).order_by("code"))
    return {"user": supervisor, "clerk": clerk, "counties": counties}


def _grow(world: dict[str, Any], *, orders: int, events: int, now: dt.datetime) -> str:
    """Add ``orders`` orders across all counties (one shared requester) through bulk
    inserts, and ``events`` events to the newest order. Returns that order's number."""
    from fawang.workorders.models import Category, Channel, Service, Status, WorkOrder
    from fawang.workorders.models import WorkOrderEvent as Event
    from fawang.workorders.services import PartyInput, workorder_create

    first, _ = workorder_create(
        channel=Channel.WEB,
        service=Service.CONSULTATION,
        category=Category.LABOUR_WAGE,
        region=world["counties"][0],
        description="基准测试：拖欠工资",
        party=PartyInput(name="基准测试", phone="13800000000"),
        now=now,
    )
    counties = world["counties"]
    categories = list(Category.values)
    batch = []
    start = WorkOrder.objects.count()
    for i in range(orders - 1):
        county = counties[i % len(counties)]
        at = now - dt.timedelta(minutes=i + 1)
        batch.append(
            WorkOrder(
                number=f"SC{county.code}-{at:%Y%m%d}-B{start + i:06d}",
                channel=Channel.HOTLINE,
                service=Service.CONSULTATION,
                category=categories[i % len(categories)],
                status=Status.RECEIVED,
                region=county,
                county=county,
                region_path=county.path,
                party_id=first.party_id,
                description="基准测试",
                created_at=at,
                status_changed_at=at,
            )
        )
    WorkOrder.objects.bulk_create(batch, batch_size=1000)
    Event.objects.bulk_create(
        [
            Event(order=first, at=now, kind="note", reason=f"基准测试记录 {i}")
            for i in range(events)
        ],
        batch_size=1000,
    )
    return first.number


def _count(client: Client, url: str) -> tuple[int, float]:
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return len(ctx.captured_queries), elapsed


def pages(emit: Emit, options: dict[str, Any]) -> None:
    rows = int(options.get("rows") or 5000)
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        now = timezone.now()
        world = _world()
        # The detail page is measured for a dispatcher and a clerk (panels differ by
        # role); the figure reported is the larger.
        client, clerk = Client(), Client()
        client.force_login(world["user"])
        clerk.force_login(world["clerk"])
        client.get("/console/")  # warm caches (templates, the locator) before counting

        small = _grow(world, orders=5, events=3, now=now)
        queue_small, queue_small_ms = _count(client, "/console/")
        detail_small = max(_count(c, f"/console/orders/{small}/")[0] for c in (client, clerk))

        big = _grow(world, orders=rows, events=500, now=now + dt.timedelta(seconds=1))
        queue_big, queue_big_ms = _count(client, "/console/")
        detail_big = _count(client, f"/console/orders/{big}/")[0]
        detail_big_clerk = _count(clerk, f"/console/orders/{big}/")[0]
        filtered, _ = _count(client, "/console/?status=received&category=lending&page=3")

        from fawang.workorders.models import WorkOrder, WorkOrderEvent

        emit("pages_orders", WorkOrder.objects.count(), "orders")
        emit(
            "pages_detail_events",
            WorkOrderEvent.objects.filter(order__number=big).count(),
            "events",
        )
        emit("queue_page_queries", queue_big, "queries")
        emit("queue_page_queries_small", queue_small, "queries")
        emit("queue_page_filtered_queries", filtered, "queries")
        emit("detail_page_queries", max(detail_big, detail_big_clerk), "queries")
        emit("detail_page_queries_dispatcher", detail_big, "queries")
        emit("detail_page_queries_clerk", detail_big_clerk, "queries")
        emit("detail_page_queries_small", detail_small, "queries")
        emit("queue_page_ms", queue_big_ms, "ms")
        emit("queue_page_ms_small", queue_small_ms, "ms")
    finally:
        teardown_databases(old, verbosity=0)
        teardown_test_environment()


BENCHMARKS = {"pages": pages}
