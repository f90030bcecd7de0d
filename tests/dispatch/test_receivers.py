"""What follows an intake: a remote order is handed to the worker for routing (the
requester does not wait for it), a walk-in gets its deadlines at once, and nothing the
receiver does can undo an intake."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult

from fawang.dispatch import receivers
from fawang.dispatch.models import RoutingDecision
from fawang.workorders.models import Status

ROUTE = "fawang.dispatch.tasks.route_new_order"


def queued_routing() -> list:
    return list(
        DBTaskResult.objects.filter(task_path=ROUTE, status="READY").values_list(
            "args_kwargs", flat=True
        )
    )


def test_a_new_remote_order_stays_received_with_its_routing_queued(
    task_queue, network, make_order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(channel="hotline")
    order.refresh_from_db()
    assert order.status == Status.RECEIVED and order.assigned_point is None
    assert not RoutingDecision.objects.exists()
    assert queued_routing() == [{"args": [order.pk], "kwargs": {}}]


def test_a_walk_in_gets_its_deadlines_at_once_and_no_routing(
    task_queue, network, make_order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(channel="walk_in")
    order.refresh_from_db()
    assert order.status == Status.RECEIVED and order.due_at is not None
    assert order.events.filter(kind="deadline").count() == 1
    assert not queued_routing()


def test_an_order_whose_routing_cannot_be_queued_is_still_taken_in(
    task_queue, network, make_order, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    class BrokenQueue:
        def enqueue(self, *args):  # type: ignore[no-untyped-def]
            raise RuntimeError("queue table missing")

    monkeypatch.setattr(receivers, "route_task", BrokenQueue())
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(channel="web")
    order.refresh_from_db()
    assert order.status == Status.RECEIVED
    assert "waits for manual dispatch" in caplog.text
