"""Read paths of command and dispatch, always scoped to the user's jurisdiction; each is
a fixed, small number of queries whatever the number of orders."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from fawang.accounts.models import User
from fawang.accounts.selectors import scope_to_jurisdiction
from fawang.dispatch.models import (
    FeedbackPolicy,
    Notification,
    ReturnVisit,
    RoutingDecision,
    SupervisionItem,
)
from fawang.dispatch.services import CLOCK_LIST, policy_for
from fawang.dispatch.workdays import WorkCalendar
from fawang.network.models import Institution, ServicePoint
from fawang.regions.models import Level, Region
from fawang.workorders.models import OPEN_STATUSES, Status, WorkOrder

OPEN_LIST = sorted(OPEN_STATUSES)
DISPATCHABLE = [
    Status.RECEIVED,
    Status.RETURNED,
    Status.ESCALATED,
    Status.REOPENED,
    Status.DISPATCHED,
    Status.TRANSFERRED,
    Status.ACCEPTED,
    Status.IN_PROGRESS,
]


def command_base_region(user: User) -> Region:
    """The top of what the user may see on the command centre: their own region, or its
    county when they sit lower (a township or village clerk sees their county's map with
    only their own orders in it)."""
    path = user.jurisdiction_path
    if path is None:
        raise Http404(_("您没有指挥调度的管辖范围。"))
    codes = path.split("/")
    return Region.objects.get(code=codes[min(len(codes), Level.COUNTY) - 1])


def command_region_for(user: User, code: str | None) -> tuple[Region, list[Region]]:
    """The region to show (the requested one if it lies under the user's base region,
    never above it; drilling stops at the county) and the breadcrumb trail to it."""
    base = command_base_region(user)
    region = base
    if code:
        found = Region.objects.filter(code=code).first()
        if found is None or not found.path.startswith(base.path):
            raise Http404(_("该区划不在您的管辖范围内。"))
        region = found
        if region.level > Level.COUNTY:
            region = Region.objects.get(code=region.path.split("/")[Level.COUNTY - 1])
    codes = region.path.split("/")[base.level - 1 :]
    crumbs = list(Region.objects.filter(code__in=codes).order_by("level"))
    return region, crumbs


def scoped_orders(user: User, region: Region) -> QuerySet[WorkOrder]:
    qs = scope_to_jurisdiction(WorkOrder.objects.all(), user=user)
    return qs.filter(region_path__startswith=region.path)


@dataclass
class CommandCentre:
    region: Region
    counts: dict[str, int]
    open_total: int
    overdue_total: int
    due_soon_total: int
    overdue: list[WorkOrder]
    units: list[dict[str, Any]]
    supervision: list[SupervisionItem]
    warning: str

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        return [(s.value, s.label, self.counts.get(s.value, 0)) for s in Status]


def command_centre(*, user: User, region: Region, now: dt.datetime) -> CommandCentre:
    orders = scoped_orders(user, region)
    counts = {
        row["status"]: row["n"]
        for row in orders.values("status").annotate(n=Count("id")).order_by()
    }
    cal = WorkCalendar.load()
    soon_cut = cal.add_working_seconds(now, policy_for("other", "").due_soon_days * 86400)
    clock = orders.filter(status__in=CLOCK_LIST)
    agg = clock.aggregate(
        overdue=Count("id", filter=Q(due_at__lt=now)),
        soon=Count("id", filter=Q(due_at__gte=now, due_at__lt=soon_cut)),
    )
    overdue = list(
        clock.filter(due_at__lt=now)
        .select_related("county", "assigned_point", "assigned_institution")
        .order_by("due_at")[:30]
    )
    units = unit_workload(orders=orders, now=now)
    supervision = list(
        SupervisionItem.objects.filter(
            state=SupervisionItem.State.OPEN, order__in=orders.values("pk")
        )
        .select_related("order", "region")
        .order_by("-severity", "order__due_at")[:30]
    )
    return CommandCentre(
        region=region,
        counts={s: counts.get(s, 0) for s in Status.values},
        open_total=sum(n for s, n in counts.items() if s in OPEN_STATUSES),
        overdue_total=agg["overdue"],
        due_soon_total=agg["soon"],
        overdue=overdue,
        units=units,
        supervision=supervision,
        warning=cal.warning_text(),
    )


def unit_workload(*, orders: QuerySet[WorkOrder], now: dt.datetime, limit: int = 50) -> list[dict]:
    """Per unit (service point or institution): open, overdue, capacity, load and the
    satisfaction rate of its rated orders. Three queries."""
    satisfied_min = FeedbackPolicy.current().satisfied_min_stars
    rows: list[dict[str, Any]] = []
    for kind, fk in (("point", "assigned_point"), ("institution", "assigned_institution")):
        for r in (
            orders.filter(**{f"{fk}__isnull": False})
            .values(f"{fk}_id", f"{fk}__name", f"{fk}__capacity")
            .annotate(
                open=Count("id", filter=Q(status__in=OPEN_LIST)),
                overdue=Count("id", filter=Q(status__in=CLOCK_LIST, due_at__lt=now)),
                rated=Count("id", filter=Q(satisfaction__isnull=False)),
                satisfied=Count("id", filter=Q(satisfaction__gte=satisfied_min)),
            )
            .order_by("-open")[:limit]
        ):
            cap = r[f"{fk}__capacity"] or 0
            rows.append(
                {
                    "type": kind,
                    "id": r[f"{fk}_id"],
                    "name": r[f"{fk}__name"],
                    "capacity": cap,
                    "open": r["open"],
                    "overdue": r["overdue"],
                    "load": r["open"] / cap if cap else None,
                    "rated": r["rated"],
                    "satisfaction_rate": r["satisfied"] / r["rated"] if r["rated"] else None,
                }
            )
    rows.sort(key=lambda r: (-r["open"], r["name"]))
    return rows[:limit]


def map_data(*, user: User, region: Region, now: dt.datetime) -> dict[str, Any]:
    """Open and overdue orders per child area of ``region`` (cities of the province,
    counties of a city, or the county itself), for the ECharts map. One query."""
    orders = scoped_orders(user, region)
    per_county = (
        orders.values("county_id")
        .annotate(
            open=Count("id", filter=Q(status__in=OPEN_LIST)),
            overdue=Count("id", filter=Q(status__in=CLOCK_LIST, due_at__lt=now)),
        )
        .order_by()
    )
    areas: dict[str, dict[str, int]] = defaultdict(lambda: {"open": 0, "overdue": 0})
    for row in per_county:
        code = row["county_id"]
        key = code[:4] + "00" if region.level == Level.PROVINCE else code
        areas[key]["open"] += row["open"]
        areas[key]["overdue"] += row["overdue"]
    return areas


def geojson_for(*, region: Region) -> dict[str, Any]:
    """The polygons of ``region``'s children (cities of the province, counties of a city)
    or of the county itself. ``command_region_for`` never returns a region above the
    user's own, so every feature lies inside their jurisdiction."""
    from fawang.regions import geo

    return geo.geojson(region.code)


def dispatch_queue(*, user: User, status: str = "", limit: int = 200) -> QuerySet[WorkOrder]:
    qs = scope_to_jurisdiction(WorkOrder.objects.all(), user=user)
    qs = qs.filter(status=status) if status else qs.filter(status__in=DISPATCHABLE)
    return qs.select_related("county", "assigned_point", "assigned_institution").order_by(
        "due_at", "created_at"
    )[:limit]


def units_for_user(
    *, user: User, near: str | None = None, limit: int = 300
) -> list[tuple[str, str]]:
    """Choices ``("p:<id>"|"i:<id>", label)`` of units in the user's jurisdiction (narrowed
    to ``near``'s subtree when given), for override and batch reassignment."""
    path = user.jurisdiction_path
    if path is None:
        return []
    scope = near if near and near.startswith(path) else path
    points = ServicePoint.objects.filter(region_path__startswith=scope, is_active=True).order_by(
        "level", "name"
    )[:limit]
    insts = Institution.objects.filter(region_path__startswith=scope, is_active=True).order_by(
        "kind", "name"
    )[:limit]
    return [(f"p:{p.pk}", p.name) for p in points] + [
        (f"i:{i.pk}", f"{i.name}（{i.get_kind_display()}）") for i in insts
    ]


def order_panel_data(*, order: WorkOrder, now: dt.datetime) -> dict[str, Any]:
    """What the console panel shows for one order: three queries (decisions, supervision
    items, the deadline policy) whatever its history; the calendar costs none inside the
    holiday package's years. The rating is the order's ``satisfaction``."""
    decisions = list(
        RoutingDecision.objects.filter(order=order)
        .select_related("decided_by")
        .order_by("-at", "-id")[:3]
    )
    items = list(SupervisionItem.objects.filter(order=order).select_related("region"))
    cal = WorkCalendar.load()
    policy = policy_for(order.service, order.category)
    from fawang.dispatch.services import deadline_flag

    flag = deadline_flag(order, now=now, calendar=cal, policy=policy)
    for d in (order.due_at, order.first_response_due_at):
        if d is not None:
            cal.is_workday(d.date())
    return {
        "decisions": decisions,
        "supervision": items,
        "policy": policy,
        "flag": flag,
        "calendar_warning": cal.warning_text(),
    }


def notifications_for(*, user: User, limit: int = 50) -> list[Notification]:
    return list(
        Notification.objects.filter(user=user)
        .select_related("order")
        .order_by("-created_at")[:limit]
    )


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def visits_for(*, user: User, state: str = "pending", limit: int = 100) -> list[ReturnVisit]:
    qs = scope_to_jurisdiction(ReturnVisit.objects.all(), user=user)
    if state:
        qs = qs.filter(state=state)
    return list(
        qs.select_related(
            "order", "order__party", "order__county", "order__assigned_point"
        ).order_by("created_at")[:limit]
    )


def visit_get_for_user(*, user: User, pk: int) -> ReturnVisit:
    visit = (
        scope_to_jurisdiction(ReturnVisit.objects.all(), user=user)
        .select_related("order")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404(_("没有找到该回访任务，或不在您的管辖范围内。"))
    return visit
