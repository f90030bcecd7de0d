"""``fawang bench analytics``: dashboards and early warnings at 10 million work orders.

Runs against its own PostgreSQL database (``--database-url``, default
``postgresql://postgres@127.0.0.1:5432/fawang_bench_analytics``; created if missing and
reused when it already holds the requested number of orders). The generator:

* draws weekly-seasonal, trending, over-dispersed counts per county × category × day
  for 104 weeks (numpy), scaled to ``--rows`` (default 10,000,000);
* injects labelled spikes (county × category × week) in the second year: +150% of the
  usual week and at least 6 standard deviations of its noise;
* expands the counts into work orders server-side with ``INSERT … SELECT`` over
  ``unnest`` × ``generate_series`` a chunk of days at a time (progress bar; the chunk
  reached is recorded, so an interrupted run resumes);
* builds the rollups with ``rollup_rebuild`` — one SQL pass per table.

Then it prints the dashboard's p50/p95 over the rollups beside the same figures counted
with a naive GROUP BY over the work-order table, and the early-warning detector's
recall and false-alarm rate on the labelled spikes.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from typing import Any

import numpy as np

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/fawang_bench_analytics"
FIRST_DAY = dt.date(2024, 1, 1)  # a Monday
WEEKS = 104
EVAL_FIRST_WEEK = 64  # 2025-03-24: the detector needs 52 + 12 weeks of history
N_SPIKES = 120
ROBUSTNESS_SEEDS = 8  # more draws of the generator, scored in memory
SEED = 20211
GENERATOR_VERSION = 3  # bump when the generated data change: the bench DB is regenerated
ROLLUPS_VERSION = 2  # bump when the rollup tables change: the rollups are rebuilt
INNER = "FAWANG_BENCH_ANALYTICS_INNER"
META = "bench_generation"


def _ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    name = name.split("?")[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def bench_analytics(emit, options: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    rows = int(options.get("rows") or 10_000_000)
    if os.environ.get(INNER) != "1":
        url = (
            options.get("database_url")
            or os.environ.get("FAWANG_BENCH_ANALYTICS_URL")
            or DEFAULT_URL
        )
        if not url.startswith("postgres"):
            raise SystemExit("bench analytics needs PostgreSQL (--database-url postgresql://…)")
        _ensure_database(url)
        env = {**os.environ, "DATABASE_URL": url, INNER: "1"}
        cmd = [sys.executable, "-m", "fawang.cli", "bench", "analytics", "--rows", str(rows)]
        proc = subprocess.run(cmd, env=env, check=False)  # noqa: S603
        if proc.returncode:
            raise SystemExit(proc.returncode)
        return
    _run(emit, rows)


# ------------------------------------------------------------------------ generator


def _plan_counts(counties: list[tuple[str, int]], rows: int, rng: np.random.Generator):
    """Counts per (county, category, day), and the labelled spikes."""
    from fawang.workorders.models import Category

    cats = [c for c, _l in Category.choices]
    n_c, n_k, n_d = len(counties), len(cats), WEEKS * 7
    pop = np.array([max(p, 1) for _c, p in counties], dtype=float)
    mix = rng.dirichlet(np.full(n_k, 2.0), size=n_c) * 0.6 + rng.dirichlet(np.full(n_k, 5.0)) * 0.4
    days = np.arange(n_d)
    doy = np.array([(FIRST_DAY + dt.timedelta(days=int(d))).timetuple().tm_yday for d in days])
    weekday = np.array([1.0, 1.0, 1.0, 1.0, 0.95, 0.55, 0.45])[days % 7]
    # Category seasons: wages before the Spring Festival, family matters after it.
    season = np.ones((n_k, n_d))
    season[cats.index("labour_wage")] += 0.8 * np.exp(-((((doy - 25) % 365) / 20.0) ** 2))
    season[cats.index("marriage_family")] += 0.3 * np.exp(-((((doy - 50) % 365) / 15.0) ** 2))
    season[cats.index("traffic")] += 0.2 * np.sin(2 * np.pi * doy / 365) ** 2
    growth = rng.normal(0.10, 0.08, size=n_c)  # per-county yearly trend
    trend = np.exp(np.outer(growth, days / 365.0))  # (c, d)
    week_noise = rng.gamma(1 / 0.08**2, 0.08**2, size=(n_c, n_k, WEEKS))  # ~8% cv
    rate = (
        pop[:, None, None]
        * mix[:, :, None]
        * season[None, :, :]
        * weekday[None, None, :]
        * trend[:, None, :]
        * np.repeat(week_noise, 7, axis=2)
    )
    rate *= rows / rate.sum()
    counts = rng.poisson(rate).astype(np.int32)
    spikes = []
    chosen = set()
    while len(spikes) < N_SPIKES:
        c, k, w = (
            int(rng.integers(n_c)),
            int(rng.integers(n_k)),
            int(rng.integers(EVAL_FIRST_WEEK, WEEKS - 1)),
        )
        if (c, k, w) in chosen:
            continue
        chosen.add((c, k, w))
        weekly = rate[c, k, w * 7 : w * 7 + 7].sum()
        # A spike: +150% of the usual week, and at least 6 standard deviations of its
        # week-to-week noise (Poisson and ~15% over-dispersion), and at least 15 orders.
        extra = round(float(max(15, 1.5 * weekly, 6 * np.sqrt(weekly + (0.15 * weekly) ** 2))))
        counts[c, k, w * 7 : w * 7 + 7] += rng.multinomial(extra, np.full(7, 1 / 7)).astype(
            np.int32
        )
        spikes.append((counties[c][0], cats[k], FIRST_DAY + dt.timedelta(weeks=w), extra))
    return cats, counts, spikes


INSERT_SQL = """
INSERT INTO workorders_workorder (
  number, channel, service, category, status, status_before_suspend, language,
  region_id, county_id, region_path, party_id, title, description, opposing_party,
  assigned_point_id, first_response_due_at, due_at, first_responded_at, replied_at,
  closed_at, status_changed_at, satisfaction, created_at, updated_at)
SELECT
  'SB' || lpad((%(offset)s + s.rn)::text, 10, '0'),
  CASE WHEN s.r1 < 0.50 THEN 'hotline' WHEN s.r1 < 0.80 THEN 'web'
       WHEN s.r1 < 0.97 THEN 'walk_in' ELSE 'kiosk' END,
  CASE WHEN s.r2 < 0.60 THEN 'consultation' WHEN s.r2 < 0.75 THEN 'mediation'
       WHEN s.r2 < 0.85 THEN 'legal_aid' WHEN s.r2 < 0.89 THEN 'notary'
       WHEN s.r2 < 0.92 THEN 'arbitration' WHEN s.r2 < 0.94 THEN 'appraisal'
       WHEN s.r2 < 0.97 THEN 'complaint' WHEN s.r2 < 0.98 THEN 'enterprise_complaint'
       ELSE 'other' END,
  s.category,
  s.status, '', 'zh', s.county, s.county, s.path, %(party)s, '', '（基准测试数据）', '',
  s.point, s.created_at + interval '1 day', s.created_at + interval '10 days',
  CASE WHEN s.status IN ('received', 'dispatched') THEN NULL
       ELSE s.created_at + interval '4 hours' END,
  s.replied_at, s.closed_at,
  coalesce(s.closed_at, s.replied_at, s.created_at),
  CASE WHEN s.status IN ('closed', 'reviewed') AND s.r4 < 0.7
       THEN least(5, 1 + floor(s.r5 * 5.6))::int ELSE NULL END,
  s.created_at, now()
FROM (
  SELECT t.*,
    CASE WHEN t.status IN ('replied', 'reviewed', 'closed')
         THEN t.created_at + (t.r3 * t.r3) * interval '15 days' END AS replied_at,
    CASE WHEN t.status = 'closed'
         THEN t.created_at + (t.r3 * t.r3) * interval '15 days' + interval '1 day' END AS closed_at
  FROM (
    SELECT u.*,
      CASE WHEN u.age_days > 30 THEN
             CASE WHEN u.q < 0.92 THEN 'closed' WHEN u.q < 0.95 THEN 'reviewed'
                  WHEN u.q < 0.97 THEN 'rejected' ELSE 'replied' END
           ELSE
             CASE WHEN u.q < 0.40 THEN 'closed' WHEN u.q < 0.55 THEN 'replied'
                  WHEN u.q < 0.70 THEN 'in_progress' WHEN u.q < 0.85 THEN 'accepted'
                  WHEN u.q < 0.95 THEN 'dispatched' ELSE 'received' END
      END AS status
    FROM (
      SELECT c.county, c.path, c.point, c.category,
        ((c.day + random() * interval '1 day')::timestamp
          AT TIME ZONE 'Asia/Shanghai') AS created_at,
        (%(end_day)s::date - c.day) AS age_days,
        row_number() OVER () AS rn,
        random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
        random() AS q
      FROM unnest(%(county)s::text[], %(path)s::text[], %(point)s::int[], %(category)s::text[],
                  %(day)s::date[], %(n)s::int[]) AS c(county, path, point, category, day, n),
           generate_series(1, c.n) AS g
    ) u
  ) t
) s
"""


def _plain_indexes(cursor) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.tablename = 'workorders_workorder' AND NOT EXISTS (
             SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"""
    )
    return list(cursor.fetchall())


def _generate(rows: int, stderr) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection, transaction

    from fawang.analytics.models import SyncState
    from fawang.lib.progress import progress_bar
    from fawang.network.models import ServicePoint
    from fawang.regions.models import Level, Region
    from fawang.workorders.models import Party

    state, _ = SyncState.objects.get_or_create(name=META)
    wanted = {"rows": rows, "seed": SEED, "version": GENERATOR_VERSION}
    if any(state.detail.get(k) != v for k, v in wanted.items()):
        stderr.write(f"# generating {rows:,} work orders (fresh)\n")
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE workorders_workorder CASCADE")
        state.detail = {**wanted, "done_days": 0, "offset": 0, "indexes": []}
        state.save()
    elif state.detail.get("complete"):
        stderr.write(f"# reusing {rows:,} generated work orders\n")
        return
    counties = list(
        Region.objects.filter(level=Level.COUNTY)
        .order_by("code")
        .values_list("code", "population", "path")
    )
    points = {}
    for code, _p, _path in counties:
        point = ServicePoint.objects.filter(region_id=code, kind=ServicePoint.Kind.CENTRE).first()
        if point is None:
            region = Region.objects.get(code=code)
            point = ServicePoint.objects.create(
                name=f"{region.name}公共法律服务中心（基准）",
                kind=ServicePoint.Kind.CENTRE,
                level=Level.COUNTY,
                region=region,
            )
        points[code] = point.id
    party = Party.objects.filter(name="基准测试").first() or Party.objects.create(name="基准测试")
    rng = np.random.default_rng(SEED)
    cats, counts, spikes = _plan_counts([(c, p or 1) for c, p, _x in counties], rows, rng)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_analytics_spike")
        cursor.execute(
            "CREATE TABLE bench_analytics_spike "
            "(county_code text, category text, week_start date, extra int)"
        )
        cursor.executemany("INSERT INTO bench_analytics_spike VALUES (%s, %s, %s, %s)", spikes)
        if not state.detail["indexes"]:
            state.detail["indexes"] = _plain_indexes(cursor)
            state.save()
        for name, _def in state.detail["indexes"]:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    paths = {c: path for c, _p, path in counties}
    total = int(counts.sum())
    done_days = state.detail["done_days"]
    offset = state.detail["offset"]
    if done_days:  # resume: drop what a broken chunk may have left behind
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM workorders_workorder WHERE number > %s", [f"SB{offset:010d}"]
            )
    bar = progress_bar(total, "生成工单")
    bar.update(int(counts[:, :, :done_days].sum()))
    end_day = FIRST_DAY + dt.timedelta(days=WEEKS * 7)
    chunk_days = 14
    code_list = [c for c, _p, _x in counties]
    for d0 in range(done_days, WEEKS * 7, chunk_days):
        d1 = min(d0 + chunk_days, WEEKS * 7)
        ci, ki, di = np.nonzero(counts[:, :, d0:d1])
        n = counts[:, :, d0:d1][ci, ki, di]
        params = {
            "offset": offset,
            "party": party.id,
            "end_day": end_day,
            "county": [code_list[i] for i in ci],
            "path": [paths[code_list[i]] for i in ci],
            "point": [points[code_list[i]] for i in ci],
            "category": [cats[k] for k in ki],
            "day": [FIRST_DAY + dt.timedelta(days=int(d0 + d)) for d in di],
            "n": [int(x) for x in n],
        }
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")  # skip FK triggers
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(INSERT_SQL, params)
            offset += int(n.sum())
            state.detail.update(done_days=d1, offset=offset)
            state.save(update_fields=["detail"])
        bar.update(int(n.sum()))
        if not stderr.isatty():
            stderr.write(f"# 生成工单 {offset:,}/{total:,}（{offset * 100 // max(total, 1)}%）\n")
            stderr.flush()
    bar.close()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for name, definition in state.detail["indexes"]:
            stderr.write(f"# index {name}\n")
            cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
        stderr.write("# analyze\n")
        cursor.execute("ANALYZE workorders_workorder")
    state.detail["complete"] = True
    state.detail["rollups"] = False
    state.save()


def _run(emit, rows: int) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command
    from django.db import connection

    from fawang.analytics.early_warning import detect, scan
    from fawang.analytics.models import SyncState
    from fawang.analytics.rollups import rollup_rebuild
    from fawang.analytics.selectors import dashboard_build, dashboard_naive, period_ending
    from fawang.lib.bench import percentile
    from fawang.regions.models import Level, Region
    from fawang.regions.services import regions_load_sichuan

    stderr = sys.stderr
    call_command("migrate", verbosity=0)
    if not Region.objects.filter(level=Level.COUNTY).exists():
        regions_load_sichuan()
    _generate(rows, stderr)
    state = SyncState.objects.get(name=META)
    if state.detail.get("rollups") != ROLLUPS_VERSION:
        stderr.write("# building rollups in one SQL pass per table …\n")
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET work_mem = '256MB'")
        counts = rollup_rebuild()
        stderr.write(f"# rollups built in {time.perf_counter() - t0:.0f}s: {counts}\n")
        with connection.cursor() as cursor:
            # Visibility map for index-only scans, statistics for the planner.
            cursor.execute("VACUUM ANALYZE analytics_orderrollup")
            cursor.execute("VACUUM ANALYZE analytics_periodrollup")
        state.detail["rollups"] = ROLLUPS_VERSION
        state.save()
    emit("analytics_orders", int(state.detail["offset"]), "rows")

    # Dashboards: province, every city, a sample of counties; 12 months to the end.
    today = FIRST_DAY + dt.timedelta(days=WEEKS * 7 - 1)
    period = period_ending(today, 12)
    rng = np.random.default_rng(7)
    regions = [Region.objects.get(code="510000")]
    regions += list(Region.objects.filter(level=Level.CITY).order_by("code"))
    counties = list(Region.objects.filter(level=Level.COUNTY).order_by("code"))
    regions += [counties[int(i)] for i in rng.choice(len(counties), 20, replace=False)]
    for r in regions[:3]:
        dashboard_build(region=r, period=period)  # warm the caches
    timings = []
    for _round in range(3):
        for r in regions:
            t0 = time.perf_counter()
            dashboard_build(region=r, period=period)
            timings.append((time.perf_counter() - t0) * 1000)
    emit("dashboard_p50_ms", percentile(timings, 50), "ms")
    emit("dashboard_p95_ms", percentile(timings, 95), "ms")
    naive = []
    naive_regions = [regions[0], regions[1], regions[5], regions[12], regions[-1], regions[-2]]
    for r in naive_regions:
        t0 = time.perf_counter()
        dashboard_naive(region=r, period=period)
        naive.append((time.perf_counter() - t0) * 1000)
    emit("dashboard_naive_p50_ms", percentile(naive, 50), "ms")
    emit("dashboard_naive_p95_ms", percentile(naive, 95), "ms")

    # Early warning on the labelled spikes.
    with connection.cursor() as cursor:
        cursor.execute("SELECT county_code, category, week_start FROM bench_analytics_spike")
        labelled = {(c, k, w) for c, k, w in cursor.fetchall()}
    first = FIRST_DAY + dt.timedelta(weeks=EVAL_FIRST_WEEK)
    last = FIRST_DAY + dt.timedelta(weeks=WEEKS - 1)
    t0 = time.perf_counter()
    found = {
        (f.county_code, f.category, f.week_start) for f in detect(first_week=first, last_week=last)
    }
    elapsed = time.perf_counter() - t0
    true_pos = len(found & labelled)
    false_pos = len(found - labelled)
    cells = len(counties) * 22 * ((last - first).days // 7 + 1)
    emit("warning_weeks_evaluated", (last - first).days // 7 + 1, "weeks")
    emit("warning_spikes_labelled", len(labelled), "spikes")
    emit("warning_raised", len(found), "warnings")
    emit("warning_recall", true_pos / len(labelled) if labelled else float("nan"), "ratio")
    emit("warning_false_alarm_rate", false_pos / len(found) if found else 0.0, "ratio")
    emit("warning_false_positive_rate", false_pos / max(cells - len(labelled), 1), "ratio")
    emit("warning_detect_s", elapsed, "s")

    # The same detector on the generator's counts for other seeds (in memory, the
    # database holds one draw), beside a naive detector measured on the same counts.
    pops = [(r.code, r.population or 1) for r in counties]  # as the generator used them
    ours, naive = [], []
    for seed in range(SEED + 1, SEED + 1 + ROBUSTNESS_SEEDS):
        weekly, layout, labelled = weekly_counts(pops, rows_total=rows, seed=seed)
        found = scan(weekly, layout, EVAL_FIRST_WEEK)
        raised = set(zip(found.row.tolist(), found.week.tolist(), strict=True))
        ours.append(_score(raised, labelled))
        naive.append(_score(naive_detect(weekly, EVAL_FIRST_WEEK), labelled))
    for name, results in (("warning", ours), ("warning_baseline_naive", naive)):
        recalls = [r for r, _f in results]
        alarms = [f for _r, f in results]
        emit(f"{name}_recall_{ROBUSTNESS_SEEDS}_seeds_mean", float(np.mean(recalls)), "ratio")
        emit(f"{name}_recall_{ROBUSTNESS_SEEDS}_seeds_min", float(np.min(recalls)), "ratio")
        emit(
            f"{name}_false_alarm_rate_{ROBUSTNESS_SEEDS}_seeds_mean",
            float(np.mean(alarms)),
            "ratio",
        )
        emit(
            f"{name}_false_alarm_rate_{ROBUSTNESS_SEEDS}_seeds_max", float(np.max(alarms)), "ratio"
        )


def weekly_counts(counties: list[tuple[str, int]], *, rows_total: int, seed: int):  # type: ignore[no-untyped-def]
    """The generator's counts as a (county × category) × week matrix, the rows' layout
    for the detector, and the labelled spikes as (row, week) pairs."""
    from fawang.analytics.early_warning import Rows

    cats, counts, spikes = _plan_counts(counties, rows_total, np.random.default_rng(seed))
    n_c, n_k, _days = counts.shape
    weekly = counts.reshape(n_c, n_k, WEEKS, 7).sum(axis=3).reshape(n_c * n_k, WEEKS)
    rows = Rows(group=np.tile(np.arange(n_k), n_c), unit=np.repeat(np.arange(n_c), n_k))
    code = {c: i for i, (c, _p) in enumerate(counties)}
    labelled = {
        (code[c] * n_k + cats.index(k), (w - FIRST_DAY).days // 7) for c, k, w, _x in spikes
    }
    return weekly.astype(float), rows, labelled


def naive_detect(weekly: np.ndarray, first: int) -> set[tuple[int, int]]:
    """The textbook rule: this week against the mean of the last 8, Poisson z ≥ 4 and at
    least 6 orders more (no season, no pooling, no over-dispersion)."""
    found = set()
    for w in range(first, weekly.shape[1]):
        mean = np.maximum(weekly[:, w - 8 : w].mean(axis=1), 0.5)
        z = (weekly[:, w] - mean) / np.sqrt(mean)
        for i in np.flatnonzero((z >= 4) & (weekly[:, w] - mean >= 6)):
            found.add((int(i), w))
    return found


def _score(found: set, labelled: set) -> tuple[float, float]:
    recall = len(found & labelled) / len(labelled) if labelled else float("nan")
    return recall, (len(found - labelled) / len(found) if found else 0.0)


BENCHMARKS = {"analytics": bench_analytics}
