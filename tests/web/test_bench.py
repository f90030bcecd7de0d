"""The pages benchmark measures real requests, and its two sizes really differ."""

from __future__ import annotations

from django.test import Client

from fawang.web import bench
from fawang.workorders.models import WorkOrder, WorkOrderEvent


def test_the_pages_benchmark_counts_queries_of_real_requests_at_two_sizes(db):
    world = bench._world()
    client = Client()
    client.force_login(world["user"])
    small = bench._grow(world, orders=3, events=2, now=bench.timezone.now())
    small_queue, _ = bench._count(client, "/console/")
    small_detail, _ = bench._count(client, f"/console/orders/{small}/")
    big = bench._grow(world, orders=120, events=60, now=bench.timezone.now())
    assert WorkOrder.objects.count() == 123
    assert WorkOrderEvent.objects.filter(order__number=big).count() == 61
    assert bench._count(client, "/console/")[0] == small_queue <= 10
    assert bench._count(client, f"/console/orders/{big}/")[0] == small_detail
