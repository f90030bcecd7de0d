"""Demo step for command and dispatch (after the work orders, ORDER 40).

Works on whatever orders exist: gives open orders their deadlines in working days on the
PRC calendar (from their receipt time, by the deadline policies), routes the newest
unassigned ones by the rules (stored decisions), records a rating for every reviewed or
closed order that carries a ``satisfaction``, samples return visits, and runs the overdue
scan so that the command centre shows supervision items.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fawang.dispatch import services
from fawang.dispatch.models import (
    DeadlinePolicy,
    FeedbackPolicy,
    Rating,
    ReturnVisit,
    RoutingRule,
)
from fawang.dispatch.workdays import WorkCalendar
from fawang.lib.progress import progress_bar
from fawang.workorders.models import OPEN_STATUSES, Status, WorkOrder

ORDER = 50
ROUTE_SAMPLE = 300
BATCH = 2000


def load(*, rng, now: dt.datetime, stdout, options: dict[str, Any]) -> list[str]:  # type: ignore[no-untyped-def]
    stdout.write(
        f"  routing rules: {RoutingRule.objects.count()}, "
        f"deadline policies: {DeadlinePolicy.objects.count()}"
    )
    n_deadlines = _deadlines(now=now, stdout=stdout)
    n_routed = _route_sample(rng=rng, now=now, stdout=stdout)
    n_ratings = _ratings(rng=rng, now=now)
    n_visits = _visits(now=now)
    scan = services.supervision_scan(now=now)
    stdout.write(
        f"  deadlines set: {n_deadlines}, routed: {n_routed}, ratings: {n_ratings}, "
        f"return visits: {n_visits}, supervision: {scan}"
    )
    cal = WorkCalendar.load()
    cal.add_working_days(now, 30)
    lines = ["指挥中心（调度员、督办人员登录）：/dispatch/command/ ；调度队列：/dispatch/queue/"]
    if cal.warnings:
        lines.append("提示：" + cal.warning_text())
    return lines


def _deadlines(*, now: dt.datetime, stdout) -> int:  # type: ignore[no-untyped-def]
    """Every open order gets its deadlines counted in working days from its receipt time
    (generated orders may carry calendar-day ones)."""
    cal = WorkCalendar.load()
    policies = services.policies_by_key()
    qs = WorkOrder.objects.filter(status__in=sorted(OPEN_STATUSES)).order_by("pk")
    total = qs.count()
    done = 0
    last = 0
    with progress_bar(total=total, desc="deadlines") as bar:
        while True:
            batch = list(
                qs.filter(pk__gt=last).only("pk", "service", "category", "created_at")[:BATCH]
            )
            if not batch:
                break
            last = batch[-1].pk
            for o in batch:
                d = services.deadlines_compute(
                    service=o.service,
                    category=o.category,
                    start=o.created_at,
                    calendar=cal,
                    policies=policies,
                )
                o.first_response_due_at, o.due_at = d.first_response_due_at, d.due_at
            WorkOrder.objects.bulk_update(batch, ["first_response_due_at", "due_at"])
            done += len(batch)
            bar.update(len(batch))
    return done


def _route_sample(*, rng, now: dt.datetime, stdout) -> int:  # type: ignore[no-untyped-def]
    """The newest received, unassigned orders are routed through the real service, so
    their decisions (rule, candidates, reason) show on the order."""
    ids = list(
        WorkOrder.objects.filter(
            status=Status.RECEIVED, assigned_point__isnull=True, assigned_institution__isnull=True
        )
        .order_by("-created_at")
        .values_list("pk", flat=True)[:ROUTE_SAMPLE]
    )
    routed = 0
    with progress_bar(total=len(ids), desc="routing") as bar:
        for pk in ids:
            order = WorkOrder.objects.select_related("party").get(pk=pk)
            decision = services.routing_route(order=order, now=max(order.created_at, now))
            routed += bool(decision.target_name)
            bar.update(1)
    return routed


def _ratings(*, rng, now: dt.datetime) -> int:  # type: ignore[no-untyped-def]
    """A rating for each reviewed or closed order that carries a ``satisfaction`` (the
    generator's), with the outcome the feedback loop gives such a score."""
    worst = FeedbackPolicy.current().unsatisfied_max_stars
    qs = WorkOrder.objects.filter(
        status__in=[Status.REVIEWED, Status.CLOSED],
        satisfaction__isnull=False,
        ratings__isnull=True,
    ).values_list(
        "pk",
        "satisfaction",
        "replied_at",
        "closed_at",
        "assigned_point_id",
        "assigned_institution_id",
    )
    ratings: list[Rating] = []
    for pk, stars, replied_at, closed_at, point_id, inst_id in qs.iterator(chunk_size=BATCH):
        at = replied_at or closed_at or now
        ratings.append(
            Rating(
                order_id=pk,
                replied_at=at,
                stars=stars,
                reasons=["good"] if stars >= 4 else (["unresolved"] if stars <= worst else []),
                at=at,
                outcome=Rating.Outcome.REOPENED if stars <= worst else Rating.Outcome.REVIEWED,
                unit_point_id=point_id,
                unit_institution_id=inst_id,
            )
        )
    with transaction.atomic():
        Rating.objects.bulk_create(ratings, batch_size=BATCH, ignore_conflicts=True)
    return len(ratings)


def _visits(*, now: dt.datetime) -> int:
    """Return visits for the sampled share of orders closed in the last 30 days."""
    percent = FeedbackPolicy.current().sample_percent
    rows = WorkOrder.objects.filter(
        status=Status.CLOSED, closed_at__gte=now - dt.timedelta(days=30)
    ).values_list("pk", "number", "closed_at", "region_path")
    visits = [
        ReturnVisit(order_id=pk, closed_at=closed_at, region_path=path, created_at=closed_at)
        for pk, number, closed_at, path in rows.iterator(chunk_size=BATCH)
        if services._sampled(number, closed_at, percent)
    ]
    ReturnVisit.objects.bulk_create(visits, batch_size=BATCH, ignore_conflicts=True)
    return len(visits)
