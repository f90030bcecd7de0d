"""The rollup hand-off: a change marks its (county, day) dirty in the request, the worker
recomputes it once per burst of changes and clears the mark by compare-and-set, and the
periodic sweep covers a recompute that never ran."""

from __future__ import annotations

import datetime as dt

from django_tasks_db.models import DBTaskResult

from fawang.analytics import rollups
from fawang.analytics.models import DirtyPartition, OrderRollup
from fawang.analytics.rollups import (
    rollup_mark_dirty,
    rollup_sync_dirty,
    rollup_sync_dirty_all,
)
from fawang.analytics.tasks import PERIODIC, sync_dirty, sync_partition
from fawang.lib.worker import queue_run
from fawang.workorders.models import Channel, Status
from fawang.workorders.services import workorder_transition
from tests.analytics.conftest import (
    NOW,
    direct_base_rows,
    direct_period_rows,
    make_order,
    stored_base_rows,
    stored_period_rows,
)

DAY = dt.date(2026, 11, 20)  # NOW's local day
SYNC = "fawang.analytics.tasks.sync_partition"


def queued_syncs() -> list:
    return list(
        DBTaskResult.objects.filter(task_path=SYNC, status="READY").values_list(
            "args_kwargs", flat=True
        )
    )


def test_a_burst_of_changes_to_one_partition_queues_one_recompute(
    task_queue, sichuan, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        orders = [
            make_order(sichuan["wuhou"], channel=Channel.WALK_IN, description=f"第{i}件事情")
            for i in range(3)
        ]
        workorder_transition(order=orders[0], to=Status.ACCEPTED, actor=personas["county_clerk"])
    assert DirtyPartition.objects.get().mark == 4
    assert queued_syncs() == [{"args": ["510107", DAY.isoformat()], "kwargs": {}}]
    assert not OrderRollup.objects.exists()

    assert queue_run() == 1
    assert stored_base_rows() == direct_base_rows()
    assert stored_period_rows() == direct_period_rows()
    assert not DirtyPartition.objects.exists() and not queued_syncs()


def test_a_change_made_during_a_recompute_keeps_the_partition_dirty(sichuan, monkeypatch):
    order = make_order(sichuan["wuhou"])
    rollup_mark_dirty(county_code="510107", day=DAY, now=NOW)
    real_sync = rollups.rollup_sync_partition

    def sync_while_another_order_arrives(**kwargs):  # type: ignore[no-untyped-def]
        real_sync(**kwargs)
        make_order(sichuan["wuhou"], description="重算时新来的工单")
        rollup_mark_dirty(county_code="510107", day=DAY, now=NOW)

    monkeypatch.setattr(rollups, "rollup_sync_partition", sync_while_another_order_arrives)
    assert rollup_sync_dirty(county_code=order.county_id, day=DAY, rounds=1) is False
    assert DirtyPartition.objects.get().mark == 2
    assert stored_base_rows() != direct_base_rows()

    monkeypatch.setattr(rollups, "rollup_sync_partition", real_sync)
    assert rollup_sync_dirty(county_code=order.county_id, day=DAY) is True
    assert stored_base_rows() == direct_base_rows()
    assert not DirtyPartition.objects.exists()


def test_a_partition_still_changing_queues_its_recompute_again(task_queue, sichuan, monkeypatch):
    make_order(sichuan["wuhou"])
    rollup_mark_dirty(county_code="510107", day=DAY, now=NOW)
    monkeypatch.setattr("fawang.analytics.tasks.rollup_sync_dirty", lambda **kw: False)
    assert sync_partition.call("510107", DAY.isoformat()) == "still changing: queued again"
    assert queued_syncs() == [{"args": ["510107", DAY.isoformat()], "kwargs": {}}]


def test_a_clean_partition_is_left_alone(sichuan, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert rollup_sync_dirty(county_code="510107", day=DAY) is True


def test_a_failed_recompute_keeps_its_mark_and_the_sweep_repairs_it(
    task_queue, task_failures, sichuan, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        make_order(sichuan["wuhou"], channel=Channel.WALK_IN)
        make_order(sichuan["xichang"], channel=Channel.WALK_IN)

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database went away")

    monkeypatch.setattr(rollups, "rollup_sync_partition", broken)
    assert queue_run() == 2
    assert len(task_failures) == 2
    task_failures.clear()
    assert DirtyPartition.objects.count() == 2
    assert DBTaskResult.objects.filter(task_path=SYNC, status="FAILED").count() == 2

    monkeypatch.undo()
    assert sync_dirty(NOW) == "dirty partitions: 2 re-synced, 0 still changing"
    assert sync_dirty in [job for _interval, job in PERIODIC]
    assert stored_base_rows() == direct_base_rows()
    assert stored_period_rows() == direct_period_rows()
    assert rollup_sync_dirty_all() == "dirty partitions: 0 re-synced, 0 still changing"


def test_a_failure_to_hand_off_never_fails_the_change(
    sichuan, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database went away")

    monkeypatch.setattr(rollups, "rollup_mark_dirty", broken)
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(sichuan["wuhou"], channel=Channel.WALK_IN)
    assert order.pk and "the catch-up job repairs it" in caplog.text
