"""Read paths of the hotline: the connection rate (热线专席接通率) and the caller's history.

The connection rate, exactly:

    connection rate = answered ÷ offered
    offered         = inbound calls with an outcome (answered or abandoned)
                      − calls abandoned after a queue wait of at most N seconds
    answered        = inbound calls answered by an agent

N is ``HotlineSettings.short_abandon_seconds`` (5 by default, edited by officials in the
admin): a caller who hangs up within N seconds most likely misdialled and is counted
neither as offered nor as lost. Calls still queueing, and outbound calls, are not counted.
A call belongs to the local (Beijing) day and half hour in which it was offered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from fawang.accounts.models import User
from fawang.accounts.selectors import scope_to_jurisdiction
from fawang.hotline.models import Call, HotlineSettings, SeatGroup, phone_index
from fawang.workorders.models import WorkOrder

BY_CHOICES = ("hour", "day", "month", "seat_group")


@dataclass(frozen=True)
class RateRow:
    key: object  # hour 0–23, a date, a month's first day, a seat-group code, or None
    label: str
    answered: int
    abandoned: int
    short_abandoned: int

    @property
    def offered(self) -> int:
        return self.answered + self.abandoned - self.short_abandoned

    @property
    def lost(self) -> int:
        return self.abandoned - self.short_abandoned

    @property
    def rate(self) -> float | None:
        return self.answered / self.offered if self.offered else None

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else round(100 * self.rate, 2)


def _base(start: dt.date, end: dt.date, seat_group: SeatGroup | None) -> QuerySet[Call]:
    qs = Call.objects.filter(
        direction=Call.Direction.INBOUND,
        day__gte=start,
        day__lte=end,
        outcome__in=(Call.Outcome.ANSWERED, Call.Outcome.ABANDONED),
    )
    if seat_group is not None:
        qs = qs.filter(seat_group=seat_group)
    return qs


def _counts(short_s: float) -> dict:
    return {
        "answered": Count("id", filter=Q(outcome=Call.Outcome.ANSWERED)),
        "abandoned": Count("id", filter=Q(outcome=Call.Outcome.ABANDONED)),
        "short": Count("id", filter=Q(outcome=Call.Outcome.ABANDONED, queue_wait_s__lte=short_s)),
    }


def connection_rate(
    *,
    start: dt.date,
    end: dt.date,
    seat_group: SeatGroup | None = None,
    short_abandon_seconds: int | None = None,
) -> RateRow:
    """The connection rate over the local days ``start``..``end`` (inclusive)."""
    short = (
        HotlineSettings.current().short_abandon_seconds
        if short_abandon_seconds is None
        else short_abandon_seconds
    )
    agg = _base(start, end, seat_group).aggregate(**_counts(short))
    return RateRow(None, "", agg["answered"], agg["abandoned"], agg["short"])


def connection_rate_by(
    *,
    by: str,
    start: dt.date,
    end: dt.date,
    seat_group: SeatGroup | None = None,
    short_abandon_seconds: int | None = None,
) -> list[RateRow]:
    """The connection rate per hour of day, day, month or seat group (one query)."""
    if by not in BY_CHOICES:
        raise ValueError(by)
    short = (
        HotlineSettings.current().short_abandon_seconds
        if short_abandon_seconds is None
        else short_abandon_seconds
    )
    qs = _base(start, end, seat_group)
    if by == "hour":
        rows = qs.values("slot").annotate(**_counts(short)).order_by("slot")
        merged: dict[int, list[int]] = {}
        for r in rows:
            acc = merged.setdefault(r["slot"] // 2, [0, 0, 0])
            acc[0] += r["answered"]
            acc[1] += r["abandoned"]
            acc[2] += r["short"]
        return [
            RateRow(h, f"{h:02d}:00–{h + 1:02d}:00", *merged.get(h, [0, 0, 0])) for h in range(24)
        ]
    if by == "day":
        rows = qs.values("day").annotate(**_counts(short)).order_by("day")
        return [
            RateRow(r["day"], f"{r['day']:%Y-%m-%d}", r["answered"], r["abandoned"], r["short"])
            for r in rows
        ]
    if by == "month":
        rows = (
            qs.annotate(month=TruncMonth("day"))
            .values("month")
            .annotate(**_counts(short))
            .order_by("month")
        )
        return [
            RateRow(r["month"], f"{r['month']:%Y-%m}", r["answered"], r["abandoned"], r["short"])
            for r in rows
        ]
    groups = {g.pk: g for g in SeatGroup.objects.all()}
    rows = qs.values("seat_group").annotate(**_counts(short))
    by_group = {r["seat_group"]: r for r in rows}
    out = []
    for g in sorted(groups.values(), key=lambda g: (g.sort, g.code)):
        r = by_group.get(g.pk, {"answered": 0, "abandoned": 0, "short": 0})
        out.append(RateRow(g.code, g.name, r["answered"], r["abandoned"], r["short"]))
    return out


def connection_rate_percent(*, start: dt.date, end: dt.date) -> float | None:
    """Table 1 indicator 热线专席接通率 (%) over ``start``..``end`` (local dates, inclusive),
    by the definition above; None when no call was offered. For the analytics centre."""
    return connection_rate(start=start, end=end).percent


def caller_orders_for_user(*, user: User, number: str = "", index: str = "", limit: int = 20):
    """The caller's past work orders within the agent's jurisdiction, newest first, found
    by the phone number's blind index (``Party.phone_index``)."""
    idx = index or phone_index(number)
    if not idx:
        return WorkOrder.objects.none()
    qs = scope_to_jurisdiction(WorkOrder.objects.filter(party__phone_index=idx), user=user)
    return qs.select_related("county", "party").order_by("-created_at")[:limit]


def current_call_for_agent(*, user: User) -> Call | None:
    """The call the agent is on: answered, not yet ended, most recent first."""
    agent = getattr(user, "hotline_agent", None)
    if agent is None:
        return None
    return (
        Call.objects.filter(agent=agent, outcome=Call.Outcome.ANSWERED, ended_at__isnull=True)
        .select_related("seat_group", "work_order")
        .order_by("-answered_at")
        .first()
    )


def recent_calls_for_agent(*, user: User, limit: int = 10) -> list[Call]:
    agent = getattr(user, "hotline_agent", None)
    if agent is None:
        return []
    return list(
        Call.objects.filter(agent=agent)
        .select_related("seat_group", "work_order")
        .order_by("-offered_at")[:limit]
    )
