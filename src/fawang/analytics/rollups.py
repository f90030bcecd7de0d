"""Keeping the rollups current (write paths of the big-data centre).

How the counts stay exact: a change to any order recomputes the *whole partition* it
belongs to — the orders created in its county on its local day — from the work-order
table, under a row lock on that partition (``RollupPartition``). The recompute is
idempotent (running it twice changes nothing), so:

* the ``order_created`` / ``order_transitioned`` signals (sent after commit) mark the
  partition dirty (``DirtyPartition``, one upsert in the request) and, when it was clean,
  queue a task; the worker recomputes it within seconds and clears the mark by
  compare-and-set, so a burst of changes to one partition costs one recompute and a
  change made during a recompute is never lost;
* a periodic sweep recomputes any partition still dirty (a failed task, a crashed
  worker); the resumable job ``rollup_catch_up`` folds in any event the signals missed
  (a crash between commit and handler, a ``bulk_create``) and records how far it got;
* whatever path changed an order (a rating, a reclassification), the partition ends up
  equal to a direct count.

The derived month/week rollups (per county and per city) are moved by the difference
between the partition's old and new rows with
``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``, which is
atomic under concurrency on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Concat, Substr, TruncDate, TruncMonth, TruncWeek
from django.utils import timezone

from fawang.analytics.models import (
    GRAIN_DIMENSIONS,
    Dimension,
    DirtyPartition,
    Grain,
    OrderRollup,
    PeriodRollup,
    RollupPartition,
    SyncState,
    UnitBacklog,
)
from fawang.regions.models import Level
from fawang.workorders.models import WorkOrder, WorkOrderEvent

log = logging.getLogger(__name__)

KEY_FIELDS = ("service", "category", "channel", "status")
MEASURES = ("n", "sat_n", "sat_sum", "late_n")
CATCH_UP = "rollup_events"

# Answered (or closed) after the resolution deadline.
LATE = Q(due_at__isnull=False) & (
    Q(replied_at__gt=F("due_at")) | Q(replied_at__isnull=True, closed_at__gt=F("due_at"))
)


def _measures() -> dict:
    return {
        "n": Count("id"),
        "sat_n": Count("satisfaction"),
        "sat_sum": Coalesce(Sum("satisfaction"), 0),
        "late_n": Coalesce(
            Sum(Case(When(LATE, then=1), default=0, output_field=IntegerField())), 0
        ),
    }


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min), tz)
    return start, end


def period_start(grain: str, day: dt.date) -> dt.date:
    if grain == Grain.MONTH:
        return day.replace(day=1)
    return day - dt.timedelta(days=day.weekday())


# --------------------------------------------------------------------------- rebuild


def _insert_select(table: str, columns: Iterable[str], qs) -> int:  # type: ignore[no-untyped-def]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) {sql}", params)
        return cursor.rowcount


def _base_queryset():  # type: ignore[no-untyped-def]
    """Work orders grouped by the base rollup key, in ``OrderRollup`` column order."""
    return (
        WorkOrder.objects.order_by()
        .annotate(
            r_day=TruncDate("created_at"),
            r_city=Concat(Substr("county_id", 1, 4), Value("00")),
            r_path=F("county__path"),
        )
        .values("r_day", "county_id", "r_city", "r_path", *KEY_FIELDS)
        .annotate(**_measures())
    )


BASE_COLUMNS = ("day", "county_code", "city_code", "region_path", *KEY_FIELDS, *MEASURES)
PERIOD_COLUMNS = (
    "grain",
    "level",
    "start",
    "county_code",
    "city_code",
    "region_path",
    "dimension",
    "value",
    *MEASURES,
)


CITY_PATH_LEN = len("510000/510100")


def _period_queryset(grain: str, dimension: str, level: int):  # type: ignore[no-untyped-def]
    trunc = TruncMonth("day") if grain == Grain.MONTH else TruncWeek("day")
    value = Value("") if dimension == Dimension.ALL else F(dimension)
    city = level == Level.CITY
    return (
        OrderRollup.objects.order_by()
        .annotate(
            p_grain=Value(grain),
            p_level=Value(level),
            p_start=trunc,
            p_area=F("city_code") if city else F("county_code"),
            p_path=Substr("region_path", 1, CITY_PATH_LEN) if city else F("region_path"),
            p_dim=Value(dimension),
            p_value=value,
        )
        .values(
            "p_grain", "p_level", "p_start", "p_area", "city_code", "p_path", "p_dim", "p_value"
        )
        .annotate(
            s_n=Sum("n"), s_sat_n=Sum("sat_n"), s_sat_sum=Sum("sat_sum"), s_late_n=Sum("late_n")
        )
    )


def _lock_for_rebuild() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")
            # Partition syncs start by upserting a RollupPartition row: they wait here.
            cursor.execute(
                f"LOCK TABLE {RollupPartition._meta.db_table} IN SHARE ROW EXCLUSIVE MODE"
            )


def rollup_rebuild(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Recompute every rollup from the work-order table in one pass per table, in one
    transaction, and set the catch-up job's mark to the newest event."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_for_rebuild()
        last_event = WorkOrderEvent.objects.order_by("-id").values_list("id", flat=True).first()
        OrderRollup.objects.all().delete()
        PeriodRollup.objects.all().delete()
        counts = {
            "base": _insert_select(OrderRollup._meta.db_table, BASE_COLUMNS, _base_queryset())
        }
        for grain, dimensions in GRAIN_DIMENSIONS.items():
            for dimension in dimensions:
                for level in (Level.COUNTY, Level.CITY):
                    counts[f"{grain}.{dimension}.{level}"] = _insert_select(
                        PeriodRollup._meta.db_table,
                        PERIOD_COLUMNS,
                        _period_queryset(grain, dimension, level),
                    )
        SyncState.objects.update_or_create(
            name=CATCH_UP,
            defaults={"last_id": last_event or 0, "last_run_at": now, "detail": counts},
        )
    return counts


# ------------------------------------------------------------------ one partition


def _lock_partition(county_code: str, day: dt.date) -> None:
    table = RollupPartition._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (county_code, day, version) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (county_code, day) DO UPDATE SET version = {table}.version + 1",
            [county_code, day],
        )


def _apply_period_deltas(  # type: ignore[no-untyped-def]
    deltas: dict[tuple, list[int]], level: int, area: str, city: str, path: str
):
    rows = [
        (grain, level, start, area, city, path, dim, value, *d)
        for (grain, start, dim, value), d in deltas.items()
        if any(d)
    ]
    if not rows:
        return
    table = PeriodRollup._meta.db_table
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(PERIOD_COLUMNS)) + ")"] * len(rows))
    updates = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in MEASURES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(PERIOD_COLUMNS)}) VALUES {placeholders} "  # noqa: S608
            f"ON CONFLICT (grain, dimension, county_code, start, value) DO UPDATE SET {updates}",
            [v for row in rows for v in row],
        )
    zero = Q()
    for grain, _l, start, _a, _ci, _p, dim, value, *_ in rows:
        zero |= Q(grain=grain, start=start, dimension=dim, value=value)
    PeriodRollup.objects.filter(zero, county_code=area, n=0).delete()


def rollup_sync_partition(*, county_code: str, day: dt.date) -> int:
    """Make the rollups of one (county, local day) equal to a direct count of its orders.
    Returns the number of base rows written."""
    start, end = day_bounds(day)
    with transaction.atomic():
        _lock_partition(county_code, day)
        old = list(
            OrderRollup.objects.filter(county_code=county_code, day=day).values(
                "city_code", "region_path", *KEY_FIELDS, *MEASURES
            )
        )
        new = list(
            WorkOrder.objects.order_by()
            .filter(county_id=county_code, created_at__gte=start, created_at__lt=end)
            .annotate(r_path=F("county__path"))
            .values("r_path", *KEY_FIELDS)
            .annotate(**_measures())
        )
        if old:
            OrderRollup.objects.filter(county_code=county_code, day=day).delete()
        city = county_code[:4] + "00"
        path = new[0]["r_path"] if new else (old[0]["region_path"] if old else "")
        OrderRollup.objects.bulk_create(
            [
                OrderRollup(
                    day=day,
                    county_code=county_code,
                    city_code=city,
                    region_path=row["r_path"],
                    **{k: row[k] for k in (*KEY_FIELDS, *MEASURES)},
                )
                for row in new
            ]
        )
        deltas: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for sign, rows in ((-1, old), (1, new)):
            for row in rows:
                for grain, dimensions in GRAIN_DIMENSIONS.items():
                    p_start = period_start(grain, day)
                    for dim in dimensions:
                        value = "" if dim == Dimension.ALL else row[dim]
                        acc = deltas[(grain, p_start, dim, value)]
                        for i, m in enumerate(MEASURES):
                            acc[i] += sign * row[m]
        _apply_period_deltas(deltas, Level.COUNTY, county_code, city, path)
        _apply_period_deltas(deltas, Level.CITY, city, city, path[:CITY_PATH_LEN])
    return len(new)


# -------------------------------------------------------------- resumable catch-up


def rollup_catch_up(
    *, now: dt.datetime | None = None, batch: int = 2000, max_batches: int = 50
) -> str:
    """Fold work-order events newer than the recorded mark into the rollups, a batch at a
    time, saving the mark after each batch so an interrupted run resumes where it stopped.

    Events committed out of id order are covered by the signals; re-syncing a partition
    twice is harmless."""
    now = now or timezone.now()
    state, _ = SyncState.objects.get_or_create(name=CATCH_UP)
    synced = 0
    for _i in range(max_batches):
        rows = list(
            WorkOrderEvent.objects.filter(id__gt=state.last_id)
            .order_by("id")
            .values_list("id", "order__county_id", "order__created_at")[:batch]
        )
        if not rows:
            break
        partitions = {(county, local_day(created)) for _id, county, created in rows}
        for county, day in sorted(partitions):
            rollup_sync_partition(county_code=county, day=day)
        synced += len(partitions)
        state.last_id = rows[-1][0]
        state.last_run_at = now
        state.detail = {"partitions": synced}
        state.save(update_fields=["last_id", "last_run_at", "detail"])
    return f"rollups: {synced} partitions re-synced, events up to #{state.last_id}"


# ------------------------------------------------------- hand-off to the worker


def rollup_mark_dirty(*, county_code: str, day: dt.date, now: dt.datetime) -> bool:
    """Record that a partition must be recomputed: one upsert that bumps its mark. True
    when it was clean until now (the caller then queues its recompute); otherwise a
    recompute is already due and will see this change."""
    table = DirtyPartition._meta.db_table
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (county_code, day, mark, marked_at) "  # noqa: S608
            f"VALUES (%s, %s, 1, %s) "
            f"ON CONFLICT (county_code, day) DO UPDATE SET mark = {table}.mark + 1 "
            f"RETURNING mark",
            [county_code, ops.adapt_datefield_value(day), ops.adapt_datetimefield_value(now)],
        )
        (mark,) = cursor.fetchone()
    return mark == 1


def rollup_sync_dirty(*, county_code: str, day: dt.date, rounds: int = 3) -> bool:
    """Recompute a dirty partition and clear its mark by compare-and-set: the row goes
    only if nobody marked it during the recompute; otherwise recompute again, up to
    ``rounds`` times. Returns whether the partition ended clean (a clean one is left
    alone)."""
    dirty = DirtyPartition.objects.filter(county_code=county_code, day=day)
    for _round in range(rounds):
        mark = dirty.values_list("mark", flat=True).first()
        if mark is None:
            return True
        rollup_sync_partition(county_code=county_code, day=day)
        deleted, _by_model = dirty.filter(mark=mark).delete()
        if deleted:
            return True
    return False


def rollup_sync_dirty_all(*, limit: int = 2000) -> str:
    """Recompute every dirty partition, oldest first (the periodic sweep: it covers a
    recompute whose task failed, was lost with a crashed worker or was never queued)."""
    rows = list(
        DirtyPartition.objects.order_by("marked_at").values_list("county_code", "day")[:limit]
    )
    clean = sum(rollup_sync_dirty(county_code=county, day=day) for county, day in rows)
    return f"dirty partitions: {len(rows)} re-synced, {len(rows) - clean} still changing"


def on_order_changed(sender, order: WorkOrder, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """Signal receiver (after commit): mark the order's partition dirty and, when it was
    clean, queue its recompute for the worker. A failure here must not fail the
    citizen's request: it is logged, and the sweep or the catch-up job repairs it."""
    from fawang.analytics.tasks import sync_partition

    try:
        day = local_day(order.created_at)
        if rollup_mark_dirty(county_code=order.county_id, day=day, now=timezone.now()):
            sync_partition.enqueue(order.county_id, day.isoformat())
    except Exception:
        log.exception("rollup hand-off failed for order %s; the catch-up job repairs it", order.pk)


# ------------------------------------------------------------ open/overdue backlog


def unit_backlog_refresh(*, now: dt.datetime | None = None) -> str:
    """Replace the open/overdue snapshot per handling unit (one grouped query over the
    open orders, which the status index finds; overdue = past ``due_at`` while the
    deadline clock runs)."""
    from fawang.network.models import Institution, ServicePoint
    from fawang.workorders.models import CLOCK_STATUSES, OPEN_STATUSES

    now = now or timezone.now()
    overdue = Q(due_at__lt=now, status__in=list(CLOCK_STATUSES))
    rows = list(
        WorkOrder.objects.order_by()
        .filter(status__in=list(OPEN_STATUSES))
        .values("county_id", "county__path", "assigned_point_id", "assigned_institution_id")
        .annotate(
            open_n=Count("id"),
            overdue_n=Sum(Case(When(overdue, then=1), default=0, output_field=IntegerField())),
        )
    )
    points = dict(
        ServicePoint.objects.filter(
            id__in={r["assigned_point_id"] for r in rows if r["assigned_point_id"]}
        ).values_list("id", "name")
    )
    institutions = dict(
        Institution.objects.filter(
            id__in={r["assigned_institution_id"] for r in rows if r["assigned_institution_id"]}
        ).values_list("id", "name")
    )
    merged: dict[tuple, UnitBacklog] = {}
    for r in rows:
        if r["assigned_point_id"]:
            kind, uid, name = (
                "point",
                r["assigned_point_id"],
                points.get(r["assigned_point_id"], ""),
            )
        elif r["assigned_institution_id"]:
            uid = r["assigned_institution_id"]
            kind, name = "institution", institutions.get(uid, "")
        else:
            kind, uid, name = "none", None, "（未派发）"
        key = (r["county_id"], kind, uid)
        item = merged.get(key)
        if item is None:
            item = merged[key] = UnitBacklog(
                as_of=now,
                county_code=r["county_id"],
                region_path=r["county__path"],
                unit_kind=kind,
                unit_id=uid,
                unit_name=name[:120],
            )
        item.open_n += r["open_n"]
        item.overdue_n += r["overdue_n"] or 0
    with transaction.atomic():
        UnitBacklog.objects.all().delete()
        UnitBacklog.objects.bulk_create(merged.values(), batch_size=2000)
    return f"backlog: {len(merged)} units, {sum(i.overdue_n for i in merged.values())} overdue"
