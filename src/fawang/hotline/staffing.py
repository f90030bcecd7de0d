"""The staffing planner: agents needed per half hour and seat group, against the roster.

For the day planned, per seat group:

1. **Arrivals**: daily offered calls (the connection-rate definition's "offered") over the
   last 52 weeks → additive Holt-Winters with a weekly season (``forecast.py``) → the
   day's total → spread over 48 half hours by the group's intraday profile for that kind
   of day (working day / weekend) over the last ``history_weeks`` weeks.
2. **Handle time** (AHT) = mean talk time of answered calls + after-call work.
3. **Patience**: exponential patience estimated by maximum likelihood from the queue
   (abandonments ÷ total time callers spent waiting, answered calls censored).
4. **Agents needed**: Erlang A (abandonment) for the connection-rate target (90%), and
   Erlang C for the service-level target (e.g. 80% answered in 20 s).
5. **Rostered**: shifts covering each half hour; the expected connection rate with the
   rostered agents (Erlang A) marks where the target is missed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import ExtractIsoWeekDay
from django.utils import timezone

from fawang.hotline import erlang
from fawang.hotline.forecast import forecast_days, intraday_profile
from fawang.hotline.models import (
    SLOTS_PER_DAY,
    Call,
    HotlineSettings,
    SeatGroup,
    Shift,
    slot_label,
)
from fawang.hotline.services import seat_groups_ensure

HISTORY_DAYS = 364
DEFAULT_AHT_S = 300.0
SLOT_S = 1800.0


@dataclass(frozen=True)
class SlotPlan:
    slot: int
    forecast: float  # expected offered calls in the half hour
    load: float  # Erlangs
    needed_c: int  # Erlang C, service-level target
    needed_a: int  # Erlang A, connection-rate target
    rostered: int
    expected_rate: float | None  # Erlang A answered share with the rostered agents
    needed: int  # by the chosen target

    @property
    def label(self) -> str:
        return slot_label(self.slot)

    @property
    def gap(self) -> int:
        return max(0, self.needed - self.rostered)

    def misses(self, target_rate: float) -> bool:
        return self.expected_rate is not None and self.expected_rate < target_rate


@dataclass
class GroupPlan:
    group: SeatGroup
    aht_s: float
    patience_s: float
    day_forecast: float
    slots: list[SlotPlan] = field(default_factory=list)
    history_days: int = 0

    @property
    def peak_needed(self) -> int:
        return max((s.needed for s in self.slots), default=0)

    @property
    def agent_hours_needed(self) -> float:
        return sum(s.needed for s in self.slots) / 2

    @property
    def agent_hours_rostered(self) -> float:
        return sum(s.rostered for s in self.slots) / 2


@dataclass
class StaffingPlan:
    day: dt.date
    target: str  # "rate" (Erlang A, connection rate) or "sl" (Erlang C, service level)
    target_rate: float
    sl_seconds: int
    sl_target: float
    groups: list[GroupPlan]

    def missed(self) -> list[tuple[GroupPlan, SlotPlan]]:
        return [(g, s) for g in self.groups for s in g.slots if s.misses(self.target_rate)]

    def totals(self) -> list[dict]:
        out = []
        for i in range(SLOTS_PER_DAY):
            cells = [g.slots[i] for g in self.groups]
            out.append(
                {
                    "slot": i,
                    "label": slot_label(i),
                    "forecast": sum(c.forecast for c in cells),
                    "needed": sum(c.needed for c in cells),
                    "rostered": sum(c.rostered for c in cells),
                }
            )
        return out


def _offered_filter(short_s: int) -> Q:
    return Q(direction=Call.Direction.INBOUND) & (
        Q(outcome=Call.Outcome.ANSWERED)
        | Q(outcome=Call.Outcome.ABANDONED, queue_wait_s__gt=short_s)
    )


def rostered_per_slot(*, day: dt.date, groups: list[SeatGroup]) -> dict[int, np.ndarray]:
    """Agents rostered per half hour of ``day`` per seat group: a shift counts for a slot
    when it covers the whole half hour (one query)."""
    tz = timezone.get_current_timezone()
    day_start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    day_end = day_start + dt.timedelta(days=1)
    out = {g.pk: np.zeros(SLOTS_PER_DAY, dtype=int) for g in groups}
    shifts = Shift.objects.filter(start__lt=day_end, end__gt=day_start).values_list(
        "seat_group_id", "start", "end"
    )
    starts = np.array([day_start + dt.timedelta(minutes=30 * i) for i in range(SLOTS_PER_DAY)])
    for group_id, start, end in shifts:
        if group_id not in out:
            continue
        covered = np.array([start <= s and s + dt.timedelta(minutes=30) <= end for s in starts])
        out[group_id] += covered
    return out


def staffing_plan(
    *,
    day: dt.date,
    now: dt.datetime | None = None,
    target: str = "rate",
    target_rate: float | None = None,
    groups: list[SeatGroup] | None = None,
) -> StaffingPlan:
    """Plan ``day`` for every active seat group (a handful of queries, then arithmetic)."""
    if target not in ("rate", "sl"):
        raise ValueError(target)
    now = now or timezone.now()
    config = HotlineSettings.current()
    rate_target = target_rate if target_rate is not None else config.target_connection_rate
    groups = groups or [g for g in seat_groups_ensure() if g.is_active]
    short = config.short_abandon_seconds
    last_day = min(day, timezone.localdate(now)) - dt.timedelta(days=1)
    first_day = last_day - dt.timedelta(days=HISTORY_DAYS - 1)
    steps = (day - last_day).days
    offered = Call.objects.filter(_offered_filter(short), day__gte=first_day, day__lte=last_day)

    # 1. Daily series per group.
    n_days = HISTORY_DAYS
    series = {g.pk: np.zeros(n_days) for g in groups}
    seen_first: dict[int, dt.date] = {}
    for gid, d, n in offered.values_list("seat_group", "day").annotate(n=Count("id")):
        if gid in series:
            series[gid][(d - first_day).days] = n
            seen_first[gid] = min(seen_first.get(gid, d), d)

    # 2. Intraday profile per group for this kind of day, over the recent weeks.
    weekend = day.isoweekday() >= 6
    profile_since = last_day - dt.timedelta(weeks=config.history_weeks)
    daytype = Q(wd__gte=6) if weekend else Q(wd__lte=5)
    slot_counts = {g.pk: np.zeros(SLOTS_PER_DAY) for g in groups}
    rows = (
        offered.filter(day__gt=profile_since)
        .annotate(wd=ExtractIsoWeekDay("day"))
        .filter(daytype)
        .values_list("seat_group", "slot")
        .annotate(n=Count("id"))
    )
    for gid, slot, n in rows:
        if gid in slot_counts:
            slot_counts[gid][slot] += n
    overall = intraday_profile(sum(slot_counts.values(), np.zeros(SLOTS_PER_DAY)))

    # 3. Handle time and patience per group.
    stats = {
        r["seat_group"]: r
        for r in Call.objects.filter(
            direction=Call.Direction.INBOUND,
            day__gt=profile_since,
            day__lte=last_day,
            outcome__in=(Call.Outcome.ANSWERED, Call.Outcome.ABANDONED),
        )
        .values("seat_group")
        .annotate(
            talk=Avg("talk_s", filter=Q(outcome=Call.Outcome.ANSWERED)),
            wait=Sum("queue_wait_s"),
            abandoned=Count("id", filter=Q(outcome=Call.Outcome.ABANDONED)),
        )
    }
    rostered = rostered_per_slot(day=day, groups=groups)

    plans: list[GroupPlan] = []
    for g in groups:
        s = stats.get(g.pk, {})
        talk = s.get("talk") or DEFAULT_AHT_S - config.after_call_work_seconds
        aht = float(talk) + config.after_call_work_seconds
        if (s.get("abandoned") or 0) >= 5 and (s.get("wait") or 0) > 0:
            patience = float(s["wait"]) / s["abandoned"]
        else:
            patience = float(config.default_patience_seconds)
        start = seen_first.get(g.pk)
        history = series[g.pk][(start - first_day).days :] if start else np.zeros(0)
        day_total = float(forecast_days(history, steps)[-1]) if steps > 0 else 0.0
        profile = intraday_profile(slot_counts[g.pk], prior=overall)
        plan = GroupPlan(g, aht, patience, day_total, history_days=len(history))
        for i in range(SLOTS_PER_DAY):
            f = day_total * float(profile[i])
            lam = f / SLOT_S
            load = lam * aht
            n_c = erlang.agents_for_service_level(
                load, aht, config.service_level_seconds, config.service_level_target
            )
            n_a = erlang.agents_for_connection_rate(lam, aht, patience, rate_target)
            have = int(rostered[g.pk][i])
            expected = erlang.erlang_a(have, lam, aht, patience).answered if lam > 0 else None
            plan.slots.append(
                SlotPlan(
                    slot=i,
                    forecast=f,
                    load=load,
                    needed_c=n_c,
                    needed_a=n_a,
                    rostered=have,
                    expected_rate=expected,
                    needed=n_a if target == "rate" else n_c,
                )
            )
        plans.append(plan)
    return StaffingPlan(
        day=day,
        target=target,
        target_rate=rate_target,
        sl_seconds=config.service_level_seconds,
        sl_target=config.service_level_target,
        groups=plans,
    )


EXPORT_HEADER = [
    "日期",
    "坐席组",
    "时段",
    "预测来电（个）",
    "平均处理时长（秒）",
    "平均耐心（秒）",
    "话务量（Erlang）",
    "所需坐席·服务水平（Erlang C）",
    "所需坐席·接通率（Erlang A）",
    "已排班",
    "缺口",
    "按排班预计接通率（%）",
    "是否未达标",
]


def plan_rows(plan: StaffingPlan) -> list[list]:
    rows = []
    for g in plan.groups:
        for s in g.slots:
            rows.append(
                [
                    f"{plan.day:%Y-%m-%d}",
                    g.group.name,
                    s.label,
                    round(s.forecast, 2),
                    round(g.aht_s),
                    round(g.patience_s),
                    round(s.load, 3),
                    s.needed_c,
                    s.needed_a,
                    s.rostered,
                    s.gap,
                    "" if s.expected_rate is None else round(100 * s.expected_rate, 1),
                    "是" if s.misses(plan.target_rate) else "",
                ]
            )
    return rows
