"""Read paths of the big-data centre. Dashboards read rollups only, scoped to the
viewer's jurisdiction, in a constant number of queries whatever the number of orders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from fawang.accounts.models import User
from fawang.accounts.selectors import in_jurisdiction, scope_to_jurisdiction
from fawang.analytics.models import (
    Dimension,
    EarlyWarning,
    Grain,
    PeriodRollup,
    UnitBacklog,
    WarningNotice,
)
from fawang.regions.models import Level, Region
from fawang.workorders.models import Category, Channel, Service, Status, WorkOrder

MAX_MONTHS = 60
LABELS: dict[str, dict[str, str]] = {
    Dimension.CATEGORY: dict(Category.choices),
    Dimension.CHANNEL: dict(Channel.choices),
    Dimension.SERVICE: dict(Service.choices),
    Dimension.STATUS: dict(Status.choices),
}


@dataclass
class Period:
    start: dt.date  # first day of the first month
    end: dt.date  # first day of the last month (inclusive)
    months: int


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_ending(today: dt.date, months: int) -> Period:
    months = max(1, min(int(months), MAX_MONTHS))
    end = today.replace(day=1)
    return Period(start=add_months(end, -(months - 1)), end=end, months=months)


def dashboard_region(*, user: User, code: str | None) -> Region:
    """The region a viewer asked for, or their own; 404 outside their jurisdiction.
    Below county level the rollups have no detail, so the county above is shown."""
    root = user.region if user.jurisdiction_path is not None else None
    if root is None:
        raise Http404(_("您没有可查看的管辖范围。"))
    if not code:
        region = root
    else:
        region = Region.objects.filter(code=code).first()
        if region is None or not in_jurisdiction(user=user, region_path=region.path):
            raise Http404(_("该区划不在您的管辖范围内。"))
    if region.level > Level.COUNTY:
        region = Region.objects.get(code=region.path.split("/")[2])
    return region


def can_view_region(user: User, region: Region) -> bool:
    """A township or village user sees nothing of a county-level rollup."""
    path = user.jurisdiction_path
    return path is not None and region.path.startswith(path)


def _ratio(a: float, b: float, scale: float = 1.0) -> float | None:
    return round(a * scale / b, 2) if b else None


def _significant(x: float, digits: int = 4) -> float:
    return float(f"{x:.{digits}g}")


def _measures(row: dict[str, Any]) -> dict[str, Any]:
    n, sat_n = row["n"] or 0, row["sat_n"] or 0
    return {
        "n": n,
        "sat_n": sat_n,
        "satisfaction": _ratio(row["sat_sum"] or 0, sat_n),
        "late_n": row["late_n"] or 0,
        "late_share": _ratio(row["late_n"] or 0, n, 100),
    }


SUMS = {"n": Sum("n"), "sat_n": Sum("sat_n"), "sat_sum": Sum("sat_sum"), "late_n": Sum("late_n")}


@dataclass
class Dashboard:
    region: Region
    period: Period
    trend: list[dict[str, Any]] = field(default_factory=list)
    mixes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    areas: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)
    backlog_as_of: dt.datetime | None = None
    map_code: str = ""


def _area_filter(region: Region) -> dict[str, Any]:
    """Equality filters an index serves: the province reads its 21 city rows, a city its
    counties' rows, a county its own."""
    if region.level == Level.PROVINCE:
        return {"level": Level.CITY, "region_path__startswith": region.path}
    if region.level == Level.CITY:
        return {"level": Level.COUNTY, "city_code": region.code}
    return {"level": Level.COUNTY, "county_code": region.code}


def _child_key(region: Region) -> str:
    return "city_code" if region.level == Level.PROVINCE else "county_code"


def dashboard_build(*, region: Region, period: Period, unit_limit: int = 20) -> Dashboard:
    """Everything the dashboard shows for one region and period: six queries."""
    board = Dashboard(region=region, period=period)
    months = PeriodRollup.objects.filter(
        grain=Grain.MONTH, start__gte=period.start, start__lte=period.end, **_area_filter(region)
    )
    # 1. monthly trend (with satisfaction and late answers)
    by_month = {
        row["start"]: row
        for row in months.filter(dimension=Dimension.ALL)
        .values("start")
        .annotate(**SUMS)
        .order_by("start")
    }
    total = {"n": 0, "sat_n": 0, "sat_sum": 0, "late_n": 0}
    for i in range(period.months):
        month = add_months(period.start, i)
        row = by_month.get(month) or dict.fromkeys(total, 0)
        for key in total:
            total[key] += row[key] or 0
        board.trend.append({"month": month.strftime("%Y-%m"), **_measures(row)})
    board.totals = _measures(total)
    # 2. category, channel, service and status mixes in one query
    mixes: dict[str, list[dict[str, Any]]] = {d: [] for d in LABELS}
    for row in (
        months.filter(dimension__in=list(LABELS))
        .values("dimension", "value")
        .annotate(**SUMS)
        .order_by("dimension", "-n")
    ):
        labels = LABELS[row["dimension"]]
        mixes[row["dimension"]].append(
            {
                "key": row["value"],
                "name": str(labels.get(row["value"], row["value"])),
                **_measures(row),
            }
        )
    board.mixes = mixes
    # 3. the map: one area per child region (cities of the province, counties of a city)
    key = _child_key(region)
    area_rows = {
        row[key]: row for row in months.filter(dimension=Dimension.ALL).values(key).annotate(**SUMS)
    }
    # 4. the child regions with their population
    if region.level == Level.COUNTY:
        children = [region]
    else:
        children = list(
            Region.objects.filter(parent=region, level=region.level + 1).only(
                "code", "name", "population", "path", "level"
            )
        )
    # 5. open and overdue orders now, per child region (from the backlog snapshot)
    backlog = UnitBacklog.objects.filter(region_path__startswith=region.path)
    open_by_child: dict[str, dict[str, int]] = {}
    for row in (
        backlog.values("county_code")
        .annotate(open_n=Sum("open_n"), overdue_n=Sum("overdue_n"))
        .order_by()
    ):
        child = row["county_code"] if key == "county_code" else row["county_code"][:4] + "00"
        acc = open_by_child.setdefault(child, {"open_n": 0, "overdue_n": 0})
        acc["open_n"] += row["open_n"]
        acc["overdue_n"] += row["overdue_n"]
    for child in children:
        row = area_rows.get(child.code) or dict.fromkeys(total, 0)
        now_open = open_by_child.get(child.code, {"open_n": 0, "overdue_n": 0})
        m = _measures(row)
        overdue = m["late_n"] + now_open["overdue_n"]
        board.areas.append(
            {
                "code": child.code,
                "name": child.name,
                "population": child.population,
                **m,
                "per_10k": _significant(m["n"] * 10000 / child.population)
                if child.population
                else None,
                "open_n": now_open["open_n"],
                "overdue_now": now_open["overdue_n"],
                "overdue_share": _ratio(overdue, m["n"], 100),
                "drill": region.level < Level.COUNTY,
            }
        )
    board.map_code = region.code
    # 6. overdue by handling unit
    units = list(
        backlog.filter(Q(overdue_n__gt=0) | Q(open_n__gt=0))
        .order_by("-overdue_n", "-open_n", "unit_name")
        .values("unit_name", "county_code", "open_n", "overdue_n", "as_of")[:unit_limit]
    )
    for unit in units:
        unit["overdue_share"] = _ratio(unit["overdue_n"], unit["open_n"], 100)
    board.units = units
    board.backlog_as_of = units[0]["as_of"] if units else None
    return board


def dashboard_naive(*, region: Region, period: Period) -> dict[str, Any]:
    """The same trend, mixes and map counted straight from the work-order table with
    GROUP BY — the baseline the benchmark compares the rollups against."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from fawang.analytics.rollups import day_bounds

    start, _unused = day_bounds(period.start)
    end, _unused = day_bounds(add_months(period.end, 1))
    orders = WorkOrder.objects.order_by().filter(
        region_path__startswith=region.path, created_at__gte=start, created_at__lt=end
    )
    out: dict[str, Any] = {
        "trend": list(
            orders.annotate(m=TruncMonth("created_at")).values("m").annotate(n=Count("id"))
        )
    }
    for dim in LABELS:
        out[dim] = list(orders.values(dim).annotate(n=Count("id")))
    out["areas"] = list(orders.values("county_id").annotate(n=Count("id")))
    return out


def warnings_for_user(*, user: User, limit: int = 200) -> QuerySet[EarlyWarning]:
    return scope_to_jurisdiction(EarlyWarning.objects.all(), user=user)[:limit]


def notices_for_user(*, user: User, unread_only: bool = False) -> QuerySet[WarningNotice]:
    qs = WarningNotice.objects.filter(user=user).select_related("warning")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at")
