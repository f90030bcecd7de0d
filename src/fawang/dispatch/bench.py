"""``fawang bench dispatch``.

- ``routing_decisions_per_s``: full routing decisions (rule, candidates with loads,
  decision row, dispatch transition, staff notification) over the whole Sichuan network,
  beside a same-run baseline that scans every unit in Python and counts each one's load
  with its own query.
- ``overdue_scan_1m_s``: the overdue scan of the supervision task over 1,000,000 open
  orders on PostgreSQL, beside the same scan with index scans switched off; the plan's
  top line is printed to show the partial index ``wo_due_open`` is used.

It runs in its own database (PostgreSQL ``fawang_bench_dispatch``, created and migrated
on first use and reused after; SQLite ``var/bench_dispatch.sqlite3`` when no PostgreSQL
is reachable, where the 1M scan is skipped with the reason).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DB = "fawang_bench_dispatch"
CHILD_FLAG = "FAWANG_BENCH_DISPATCH_CHILD"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
ROUTED = 300
BASELINE = 100
MILLION = 1_000_000
CHUNK = 2000


def _fawang_cmd() -> list[str]:
    return [sys.executable, "-m", "fawang.cli"]


def _pg_url(options: dict[str, Any]) -> str | None:
    """The bench database URL on the PostgreSQL server, created if missing; None if no
    server answers."""
    base = options.get("database_url") or os.environ.get("FAWANG_BENCH_PG_URL") or DEFAULT_PG
    try:
        import psycopg

        admin = base.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    except Exception as exc:  # no server, no rights: fall back to SQLite
        sys.stderr.write(f"# no PostgreSQL for the bench ({type(exc).__name__}); using SQLite\n")
        return None
    return base.rsplit("/", 1)[0] + "/" + BENCH_DB


def run(emit, options: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    if os.environ.get(CHILD_FLAG) == "1":
        _child(emit, options)
        return
    from django.conf import settings

    url = _pg_url(options)
    if url is None:
        url = f"sqlite:///{Path(settings.VAR_DIR) / 'bench_dispatch.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, CHILD_FLAG: "1"}
    subprocess.run([*_fawang_cmd(), "migrate", "--noinput", "-v", "0"], env=env, check=True)  # noqa: S603
    args = [*_fawang_cmd(), "bench", "dispatch"]
    if options.get("rows"):
        args += ["--rows", str(options["rows"])]
    proc = subprocess.run(args, env=env, check=False, capture_output=True, text=True)  # noqa: S603
    sys.stderr.write(proc.stderr)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH "):
            _b, name, value, unit = line.split(" ", 3)
            emit(name, value, unit)
        else:
            sys.stderr.write(line + "\n")
    if proc.returncode:
        raise SystemExit(proc.returncode)


# ---------------------------------------------------------------------------- child
def _child(emit, options: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    _ensure_network()
    _routing(emit)
    if connection.vendor != "postgresql":
        sys.stderr.write("# overdue_scan_1m_s skipped: needs PostgreSQL (set --database-url)\n")
        return
    _overdue(emit, rows=int(options.get("rows") or MILLION))


def _ensure_network() -> None:
    """Regions, demo townships and villages, and the demo service network, built by the
    regions and network apps' own demo steps (the same network ``make demo`` serves)."""
    from fawang.network import demo as network_demo
    from fawang.network.models import ServicePoint
    from fawang.regions import demo as regions_demo

    if ServicePoint.objects.count() >= 183:
        return
    rng = random.Random(7)
    regions_demo.load(rng=rng, now=None, stdout=sys.stderr, options={})
    network_demo.load(rng=rng, now=None, stdout=sys.stderr, options={})


def _bench_orders(n: int, rng: random.Random, tag: str) -> list:  # type: ignore[type-arg]
    """``n`` received orders across the province with a realistic service and language
    mix, inserted directly (the bench measures routing, not intake)."""
    from django.utils import timezone

    from fawang.regions.models import Level, Region
    from fawang.workorders.models import Party, WorkOrder

    party = Party.objects.filter(name="压测当事人").first() or Party.objects.create(
        name="压测当事人"
    )
    places = list(Region.objects.filter(level__gte=Level.COUNTY).values_list("code", "path"))
    services = (
        ["consultation"] * 40
        + ["legal_aid"] * 20
        + ["mediation"] * 20
        + ["notary", "arbitration", "appraisal", "complaint", "enterprise_complaint", "other"] * 3
    )
    categories = ["labour_wage", "marriage_family", "neighbour", "medical", "traffic", "contract"]
    now = timezone.now()
    rows = []
    for i in range(n):
        code, path = rng.choice(places)
        county = path.split("/")[2]
        lang = "zh"
        if county[:4] in ("5132", "5133") and rng.random() < 0.4:
            lang = "bo"
        elif county[:4] == "5134" and rng.random() < 0.4:
            lang = "ii"
        rows.append(
            WorkOrder(
                number=f"RB{tag}-{i:07d}",
                channel="hotline",
                service=rng.choice(services),
                category=rng.choice(categories),
                status="received",
                language=lang,
                region_id=code,
                county_id=county,
                region_path=path,
                party=party,
                description="压测",
                status_changed_at=now,
                created_at=now,
            )
        )
    WorkOrder.objects.bulk_create(rows, batch_size=2000)
    return list(WorkOrder.objects.filter(number__startswith=f"RB{tag}-").select_related("party"))


def _routing(emit) -> None:  # type: ignore[no-untyped-def]
    from fawang.dispatch.routing import naive_route_target, route_plan
    from fawang.dispatch.services import routing_route
    from fawang.network.models import Institution, ServicePoint

    rng = random.Random(2021)
    tag = f"{int(time.time())}"
    orders = _bench_orders(ROUTED + BASELINE, rng, tag)
    sys.stderr.write(
        f"# network: {ServicePoint.objects.count()} points, "
        f"{Institution.objects.count()} institutions\n"
    )
    # The decision alone (rules, candidates, loads), then the naive scan, same orders.
    sample = orders[ROUTED:]
    t0 = time.perf_counter()
    for order in sample:
        route_plan(order)
    plan_rate = len(sample) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for order in sample:
        naive_route_target(order)
    naive_rate = len(sample) / (time.perf_counter() - t0)
    # The full write path: decision stored, order dispatched, the unit notified.
    t0 = time.perf_counter()
    routed = 0
    for order in orders[:ROUTED]:
        routed += bool(routing_route(order=order).target_name)
    full_rate = ROUTED / (time.perf_counter() - t0)
    emit("routing_decisions_per_s", full_rate, "decisions/s")
    emit("routing_plan_per_s", plan_rate, "plans/s")
    emit("routing_plan_baseline_naive_scan_per_s", naive_rate, "plans/s")
    emit("routing_routed_share", routed / ROUTED, "ratio")


def _overdue(emit, *, rows: int) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.utils import timezone

    from fawang.dispatch.services import overdue_chunks, overdue_queryset
    from fawang.workorders.models import Party

    party = Party.objects.filter(name="压测当事人").first() or Party.objects.create(
        name="压测当事人"
    )
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM workorders_workorder WHERE number LIKE 'OB-%%'")
        have = cur.fetchone()[0]
        if have < rows:
            sys.stderr.write(f"# generating {rows - have} open orders with generate_series …\n")
            t0 = time.perf_counter()
            cur.execute(
                """
                WITH c AS (
                  SELECT row_number() OVER (ORDER BY code) - 1 AS i, code, path
                  FROM regions_region WHERE level = 3
                ), n AS (SELECT count(*) AS k FROM c)
                INSERT INTO workorders_workorder
                  (number, channel, service, category, status, status_before_suspend, language,
                   region_id, county_id, region_path, party_id, title, description,
                   opposing_party, first_response_due_at, due_at, status_changed_at,
                   created_at, updated_at)
                SELECT 'OB-' || g, 'hotline',
                  (ARRAY['consultation','legal_aid','mediation','notary'])[1 + g %% 4],
                  'other',
                  (ARRAY['received','dispatched','accepted','in_progress','suspended','replied'])
                    [1 + (g / 7) %% 6],
                  '', 'zh', c.code, c.code, c.path, %s, '', 'bench', '',
                  now() - interval '30 days',
                  now() + ((g %% 100) - 5) * interval '1 day' + (g %% 997) * interval '1 second',
                  now() - interval '30 days', now() - interval '30 days', now()
                FROM generate_series(%s, %s) AS g
                JOIN n ON true
                JOIN c ON c.i = g %% n.k
                """,
                [party.pk, have, rows - 1],
            )
            cur.execute("ANALYZE workorders_workorder")
            sys.stderr.write(f"# generated in {time.perf_counter() - t0:.1f}s\n")
    now = timezone.now()
    # The first chunk's query, exactly as the supervision task issues it.
    first = (
        overdue_queryset(now)
        .values_list("pk", "number", "due_at", "region_path", "service", "category")
        .order_by("due_at", "pk")[:CHUNK]
    )
    sql, params = first.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN " + sql, params)
        plan = [r[0] for r in cur.fetchall()]
    sys.stderr.write("# plan of one chunk:\n" + "\n".join("#   " + p for p in plan) + "\n")
    scans = [p.strip() for p in plan if "Scan" in p]
    index_line = next((p for p in scans if "Index" in p), scans[0] if scans else "")

    def timed() -> tuple[float, int]:
        t0 = time.perf_counter()
        n = sum(len(batch) for batch in overdue_chunks(now, chunk=CHUNK))
        return time.perf_counter() - t0, n

    timed()  # warm the cache so both runs read from memory
    fast, n = timed()
    with connection.cursor() as cur:
        cur.execute("SET enable_indexscan = off")
        cur.execute("SET enable_bitmapscan = off")
        cur.execute("SET enable_indexonlyscan = off")
    try:
        slow, n2 = timed()
    finally:
        with connection.cursor() as cur:
            cur.execute("RESET enable_indexscan")
            cur.execute("RESET enable_bitmapscan")
            cur.execute("RESET enable_indexonlyscan")
    assert n == n2
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM workorders_workorder WHERE number LIKE 'OB-%%'")
        total = cur.fetchone()[0]
    emit("overdue_scan_open_orders", total, "orders")
    emit("overdue_scan_overdue_found", n, "orders")
    emit("overdue_scan_1m_s", fast, "s")
    emit("overdue_scan_1m_baseline_seqscan_s", slow, "s")
    emit("overdue_scan_plan_top", '"' + plan[0].strip()[:100] + '"', "plan")
    emit("overdue_scan_plan_scan", '"' + index_line[:100] + '"', "plan")
    emit("overdue_scan_uses_index", "yes" if "wo_due_open" in index_line else "no", "wo_due_open")


BENCHMARKS = {"dispatch": run}
