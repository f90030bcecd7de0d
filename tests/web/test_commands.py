"""``fawang worker`` and ``fawang serve --with-worker`` against committed data, as in
production: an intake leaves the order received with its routing queued; one worker
pass routes it and brings the rollups up to date; a second pass changes nothing."""

from __future__ import annotations

import io
import json
import threading

from django.core.management import call_command
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from fawang.analytics.models import DirtyPartition, OrderRollup
from fawang.dispatch.models import OutboxMessage, RoutingDecision
from fawang.workorders.models import Status, WorkOrder, WorkOrderEvent
from tests.analytics.conftest import (
    direct_base_rows,
    direct_period_rows,
    stored_base_rows,
    stored_period_rows,
)
from tests.web.conftest import make_order


def state() -> tuple:
    return (
        list(WorkOrder.objects.values_list("status", "assigned_point_id", "updated_at")),
        RoutingDecision.objects.count(),
        WorkOrderEvent.objects.count(),
        OutboxMessage.objects.count(),
        sorted(DBTaskResult.objects.values_list("status", flat=True)),
        stored_base_rows(),
        stored_period_rows(),
    )


def test_an_api_intake_is_routed_and_summed_up_by_one_worker_pass(
    task_queue, committed_db, personas, caplog
):
    body = {
        "service": "consultation",
        "category": "labour_wage",
        "region_code": "510107",
        "description": "工地老板拖欠我三个月工资，怎么办？",
        "party": {"name": "王小二", "phone": "13800138000"},
    }
    response = Client().post(
        "/api/v1/workorders", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "received" and data["status_note"] == "已受理，正在分派承办单位。"
    order = WorkOrder.objects.get(number=data["number"])
    assert order.status == Status.RECEIVED and not OrderRollup.objects.exists()
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "fawang.analytics.tasks.sync_partition",
        "fawang.dispatch.tasks.route_new_order",
    ]

    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    assert "worker: 2 tasks" in out.getvalue()
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED
    assert order.assigned_point.name == "武侯区公共法律服务中心"
    assert stored_base_rows() == direct_base_rows()
    assert stored_period_rows() == direct_period_rows()
    assert not DirtyPartition.objects.exists()
    assert OutboxMessage.objects.exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}

    before = state()
    call_command("worker", "--once", stdout=io.StringIO())
    assert state() == before
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_serve_with_worker_routes_in_a_background_thread_and_stops_with_the_server(
    task_queue, committed_db, personas, monkeypatch
):
    order = make_order(personas["county_clerk"].service_point.region)
    routed = threading.Event()

    def on_finished(sender, task_result, **kwargs):  # type: ignore[no-untyped-def]
        if task_result.status == TaskResultStatus.SUCCESSFUL:
            routed.set()

    def serve_until_routed(application, **kwargs):  # type: ignore[no-untyped-def]
        assert routed.wait(timeout=30), "the background worker never ran the routing task"

    task_finished.connect(on_finished, dispatch_uid="tests.serve_with_worker")
    monkeypatch.setattr("waitress.serve", serve_until_routed)
    out = io.StringIO()
    try:
        call_command("serve", "--with-worker", "--port", "8765", stdout=out)
    finally:
        task_finished.disconnect(dispatch_uid="tests.serve_with_worker")
    for thread in threading.enumerate():
        if thread.name == "fawang-worker":
            thread.join(timeout=30)
            assert not thread.is_alive()
    assert "后台任务处理" in out.getvalue()
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED
