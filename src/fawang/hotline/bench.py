"""``fawang bench hotline``: the staffing planner and the CDR import, each with a baseline.

- ``staffing_plan_s``: one full plan (forecast from 52 weeks of history, AHT and patience
  from the data, Erlang A and Erlang C staffing, the roster) for 48 half hours × 10 seat
  groups; best of 3. Baseline ``staffing_erlang_c_only_s``: the same 480 cells staffed by
  Erlang C alone for the plan's loads (no data, no forecast, no Erlang A).
- ``cdr_import_per_s``: call records a second through ``cdr_import`` (parse, validate,
  encrypt the caller, blind index, insert); baseline ``cdr_csv_parse_per_s``: the same
  file read by ``csv.DictReader`` alone.

When the database holds fewer than 20,000 calls, 18 months of demo-like calls are
generated for the run and removed afterwards; benchmark rows are always removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from typing import Any

import numpy as np
from django.utils import timezone

from fawang.hotline import erlang
from fawang.hotline.demo import generate_calls
from fawang.hotline.models import Call, SeatGroup
from fawang.hotline.services import calls_bulk_insert, cdr_import, seat_groups_ensure
from fawang.hotline.staffing import staffing_plan
from fawang.lib.bench import Emit

CDR_ROWS = 20000


def _cleanup(prefix: str) -> None:
    Call.objects.filter(call_id__startswith=prefix)._raw_delete(Call.objects.db)


def _cdr_file(rows: int, groups: list[SeatGroup], now: dt.datetime) -> bytes:
    rng = np.random.default_rng(11)
    buf = io.StringIO()
    buf.write(
        "call_id,direction,caller,seat_group,language,offered_at,answered_at,ended_at,agent\n"
    )
    base = timezone.localtime(now - dt.timedelta(days=400)).replace(tzinfo=None)
    for i in range(rows):
        offered = base + dt.timedelta(seconds=int(rng.integers(0, 86400 * 30)))
        wait = int(rng.exponential(20))
        g = groups[i % len(groups)]
        caller = f"13{rng.integers(0, 10**9):09d}"
        if rng.random() < 0.15:
            ended = offered + dt.timedelta(seconds=wait)
            answered = ""
        else:
            a = offered + dt.timedelta(seconds=wait)
            answered = f"{a:%Y-%m-%d %H:%M:%S}"
            ended = a + dt.timedelta(seconds=int(rng.lognormal(5.5, 0.6)))
        buf.write(
            f"BENCHCDR-{i:07d},in,{caller},{g.code},{g.language},"
            f"{offered:%Y-%m-%d %H:%M:%S},{answered},{ended:%Y-%m-%d %H:%M:%S},\n"
        )
    return buf.getvalue().encode()


def run(emit: Emit, options: dict[str, Any]) -> None:
    now = timezone.now()
    groups = seat_groups_ensure()
    generated = False
    try:
        if Call.objects.filter(direction=Call.Direction.INBOUND).count() < 20000:
            rows = generate_calls(rng=np.random.default_rng(5), now=now, prefix="BENCHGEN")
            calls_bulk_insert(rows)
            generated = True
        day = timezone.localdate(now) + dt.timedelta(days=1)
        timings = []
        plan = None
        for _ in range(3):
            t0 = time.perf_counter()
            plan = staffing_plan(day=day, now=now)
            timings.append(time.perf_counter() - t0)
        assert plan is not None
        cells = [(g, s) for g in plan.groups for s in g.slots]
        t0 = time.perf_counter()
        for g, s in cells:
            erlang.agents_for_service_level(s.load, g.aht_s, 20, 0.8)
        baseline = time.perf_counter() - t0
        emit("staffing_plan_s", min(timings), "s")
        emit("staffing_erlang_c_only_s", baseline, "s")
        emit("staffing_plan_cells", len(cells), "cells")

        data = _cdr_file(int(options.get("rows") or CDR_ROWS), groups, now)
        t0 = time.perf_counter()
        parsed = sum(1 for _ in csv.DictReader(io.StringIO(data.decode())))
        parse_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = cdr_import(data=data, now=now, make_callbacks=False)
        import_s = time.perf_counter() - t0
        if result.errors or result.created != parsed:
            raise RuntimeError(f"CDR import failed: {result.errors[:3]}")
        emit("cdr_import_per_s", result.created / import_s, "calls/s")
        emit("cdr_csv_parse_per_s", parsed / parse_s, "rows/s")
    finally:
        _cleanup("BENCHCDR-")
        if generated:
            _cleanup("BENCHGEN-")


BENCHMARKS = {"hotline": run}
