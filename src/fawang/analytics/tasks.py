"""Periodic jobs of the big-data centre (run by ``fawang worker``)."""

from __future__ import annotations

import datetime as dt

from fawang.analytics.early_warning import warnings_run
from fawang.analytics.rollups import rollup_catch_up, unit_backlog_refresh


def catch_up(now: dt.datetime) -> str:
    return rollup_catch_up(now=now)


def backlog(now: dt.datetime) -> str:
    return unit_backlog_refresh(now=now)


def early_warnings(now: dt.datetime) -> str:
    return warnings_run(now=now)


PERIODIC = [(60, catch_up), (300, backlog), (3600, early_warnings)]
