"""Work of the big-data centre done by ``fawang worker``: the queued recompute of a
dirty rollup partition, and the periodic jobs."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from fawang.analytics.early_warning import warnings_run
from fawang.analytics.rollups import (
    rollup_catch_up,
    rollup_sync_dirty,
    rollup_sync_dirty_all,
    unit_backlog_refresh,
)


@task()
def sync_partition(county_code: str, day: str) -> str:
    """Recompute one (county, local day ISO date) marked dirty by an order change. Still
    being marked after a few rounds (a busy partition): queue itself again."""
    if rollup_sync_dirty(county_code=county_code, day=dt.date.fromisoformat(day)):
        return "clean"
    sync_partition.enqueue(county_code, day)
    return "still changing: queued again"


def sync_dirty(now: dt.datetime) -> str:
    return rollup_sync_dirty_all()


def catch_up(now: dt.datetime) -> str:
    return rollup_catch_up(now=now)


def backlog(now: dt.datetime) -> str:
    return unit_backlog_refresh(now=now)


def early_warnings(now: dt.datetime) -> str:
    return warnings_run(now=now)


PERIODIC = [(60, sync_dirty), (60, catch_up), (300, backlog), (3600, early_warnings)]
