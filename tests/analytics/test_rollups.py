import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fawang.analytics.models import OrderRollup, PeriodRollup, RollupPartition, SyncState
from fawang.analytics.rollups import rollup_catch_up, rollup_rebuild, rollup_sync_partition
from fawang.workorders.models import (
    Category,
    Channel,
    Party,
    Service,
    Status,
    WorkOrder,
    WorkOrderEvent,
)
from fawang.workorders.services import workorder_transition
from fawang.workorders.transitions import REASON_REQUIRED, allowed_targets
from tests.analytics.conftest import (
    aware,
    direct_base_rows,
    direct_period_rows,
    make_order,
    stored_base_rows,
    stored_period_rows,
)

COUNTIES = ["wuhou", "jinjiang", "xichang", "wuhou_village"]
# Days straddling a month end and a week end, and local midnight (UTC 16:00).
DAYS = [aware(2026, 10, 31, 9), aware(2026, 11, 1, 0), aware(2026, 11, 1, 23), aware(2026, 11, 2)]

op = st.one_of(
    st.tuples(
        st.just("create"),
        st.integers(0, len(COUNTIES) - 1),
        st.integers(0, len(DAYS) - 1),
        st.sampled_from([Service.CONSULTATION, Service.MEDIATION]),
        st.sampled_from([Category.LABOUR_WAGE, Category.MARRIAGE_FAMILY]),
        st.sampled_from([Channel.WEB, Channel.HOTLINE]),
    ),
    st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 30), st.integers(1, 5)),
)


def _reset():
    WorkOrderEvent.objects.all().delete()
    WorkOrder.objects.all().delete()
    Party.objects.all().delete()
    OrderRollup.objects.all().delete()
    PeriodRollup.objects.all().delete()
    RollupPartition.objects.all().delete()


def _apply(ops, sichuan, actor):
    orders = []
    for item in ops:
        if item[0] == "create":
            _, c, d, service, category, channel = item
            orders.append(
                make_order(
                    sichuan[COUNTIES[c]],
                    now=DAYS[d],
                    service=service,
                    category=category,
                    channel=channel,
                )
            )
        elif orders:
            _, which, choice, stars = item
            order = WorkOrder.objects.get(pk=orders[which % len(orders)].pk)
            targets = sorted(allowed_targets(order.status))
            if order.status == Status.SUSPENDED:
                targets = [order.status_before_suspend]
            to = targets[choice % len(targets)]
            updates = {}
            if to == Status.REVIEWED:
                updates["satisfaction"] = stars
            if to == Status.DISPATCHED:
                # A deadline before or after the reply, so that some answers are late.
                updates["due_at"] = DAYS[choice % len(DAYS)] + dt.timedelta(days=choice % 3)
            workorder_transition(
                order=order,
                to=to,
                actor=actor,
                reason="原因" if to in REASON_REQUIRED else "",
                now=DAYS[-1] + dt.timedelta(days=stars),
                updates=updates,
            )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op, min_size=1, max_size=14))
def test_rollups_equal_a_direct_count_after_random_event_sequences(
    ops, sichuan, personas, django_capture_on_commit_callbacks
):
    _reset()
    with django_capture_on_commit_callbacks(execute=True):
        _apply(ops, sichuan, personas["county_clerk"])
    assert stored_base_rows() == direct_base_rows()
    assert stored_period_rows() == direct_period_rows()


def test_a_rebuild_gives_identical_rollups(sichuan, personas, django_capture_on_commit_callbacks):
    ops = [
        ("create", i % 4, i % 4, Service.CONSULTATION, Category.LABOUR_WAGE, Channel.WEB)
        for i in range(8)
    ]
    ops += [("move", i, i, 1 + i % 5) for i in range(40)]
    with django_capture_on_commit_callbacks(execute=True):
        _apply(ops, sichuan, personas["county_clerk"])
    incremental = (stored_base_rows(), stored_period_rows())
    assert incremental[0]
    counts = rollup_rebuild()
    assert (stored_base_rows(), stored_period_rows()) == incremental
    assert counts["base"] == len(incremental[0])
    assert (
        SyncState.objects.get(name="rollup_events").last_id
        == WorkOrderEvent.objects.latest("id").id
    )


def test_the_catch_up_job_repairs_what_the_signals_missed_and_resumes(sichuan, personas):
    # No on-commit callbacks run here: the signals never fire, as after a crash.
    for i in range(5):
        make_order(sichuan["wuhou" if i % 2 else "xichang"], now=DAYS[i % 4])
    assert not OrderRollup.objects.exists()
    summary = rollup_catch_up(batch=2, max_batches=1)
    assert "events up to" in summary
    first_mark = SyncState.objects.get(name="rollup_events").last_id
    assert first_mark == WorkOrderEvent.objects.order_by("id")[1].id
    rollup_catch_up(batch=2)
    assert stored_base_rows() == direct_base_rows()
    assert stored_period_rows() == direct_period_rows()


def test_syncing_a_partition_twice_changes_nothing(sichuan):
    order = make_order(sichuan["wuhou"], now=DAYS[0])
    day = DAYS[0].astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    rollup_sync_partition(county_code=order.county_id, day=day)
    once = (stored_base_rows(), stored_period_rows())
    rollup_sync_partition(county_code=order.county_id, day=day)
    assert (stored_base_rows(), stored_period_rows()) == once
    assert once[0] == direct_base_rows()
