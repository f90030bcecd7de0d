"""Demo data for the hotline: 18 months of calls with realistic arrival patterns, agents,
a week of rosters, a live call for the agent console and call-back orders.

Arrivals per half hour and seat group are Poisson with a rate that is the product of:
growth (the hotline grows ~35% a year), weekday (Monday busiest, Sunday quietest), season
(wage arrears before the Spring Festival, the post-festival return of migrant workers, the
quiet National Day week), hour of day (24-hour service: a morning and an afternoon peak,
little at night) and each seat group's share (the migrant-worker seat swells in winter).
Queue waits shrink over the 18 months as staffing improves, so the connection rate climbs
from about 78% toward the 90% target. The volume is about 1/8 of Sichuan's real traffic
(a few tens of thousands of calls) so that ``make demo`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace

import numpy as np
from django.db import transaction
from django.utils import timezone

from fawang.accounts.models import Role, User
from fawang.hotline.models import Agent, Call, CallEvent, SeatGroup, Shift
from fawang.hotline.services import (
    agent_ensure,
    calls_bulk_insert,
    hotline_callbacks_create,
    seat_groups_ensure,
)

ORDER = 70
DEMO_PASSWORD = "fawang-demo-2026"  # noqa: S105 - the documented demo password
DAYS = 548  # 18 months
DAILY_NOW = 90.0  # calls a day today
GROWTH = 1.35  # per year
LIVE_CALLER = "13980012348"

WEEKDAY = np.array([1.18, 1.12, 1.07, 1.04, 1.0, 0.72, 0.62])  # Monday … Sunday
MONTH = np.array([1.25, 1.05, 1.15, 1.0, 0.95, 0.95, 0.9, 0.9, 1.0, 0.85, 1.08, 1.3])
# Relative calls per hour (Beijing time) of a 24-hour service.
HOURS = np.array(
    [0.12, 0.08, 0.06, 0.05, 0.05, 0.08, 0.2, 0.45, 0.85, 1.0, 1.0, 0.9,
     0.6, 0.7, 0.95, 0.98, 0.9, 0.75, 0.55, 0.5, 0.45, 0.38, 0.28, 0.18]
)  # fmt: skip
SHARES = {
    "general": 0.52,
    "expert": 0.09,
    "migrant": 0.15,
    "veteran": 0.05,
    "tibetan": 0.05,
    "yi": 0.05,
    "english": 0.03,
    "korean": 0.02,
    "japanese": 0.02,
    "russian": 0.02,
}
TALK_MEAN = {"general": 260.0, "expert": 480.0, "migrant": 320.0, "veteran": 300.0}
PATIENCE = {"general": 70.0, "expert": 110.0, "migrant": 80.0}


def _profile() -> np.ndarray:
    halves = np.repeat(HOURS, 2)
    return halves / halves.sum()


def generate_calls(
    *,
    rng: np.random.Generator,
    now: dt.datetime,
    days: int = DAYS,
    daily_now: float = DAILY_NOW,
    prefix: str = "DEMO",
    groups: list[SeatGroup] | None = None,
    agents: dict[int, list[Agent]] | None = None,
    callers: int = 12000,
) -> list[SimpleNamespace]:
    """Rows for ``calls_bulk_insert`` (the columns of ``Call``) over the ``days`` local
    days up to ``now`` (no call after it)."""
    groups = groups or seat_groups_ensure()
    agents = agents or {}
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    first = today - dt.timedelta(days=days - 1)
    day_idx = np.arange(days)
    dates = [first + dt.timedelta(days=int(i)) for i in day_idx]
    years_ago = (days - 1 - day_idx) / 365.0
    weekday = WEEKDAY[[d.weekday() for d in dates]] / WEEKDAY.mean()
    season = MONTH[[d.month - 1 for d in dates]] / MONTH.mean()
    daily = daily_now * GROWTH ** (-years_ago) * weekday * season
    profile = _profile()
    numbers = [
        f"1{rng.choice([3, 5, 7, 8, 9])}{rng.integers(0, 10**9):09d}" for _ in range(callers)
    ]
    winter = np.array([1.6 if d.month in (12, 1, 2) else 1.0 for d in dates])
    # Staffing improves: the mean offered wait falls from ~24 s to ~11 s over the period.
    improvement = (day_idx / max(days - 1, 1)) ** 0.8
    mean_wait = 24.0 - 13.0 * improvement
    busy = 0.4 + 1.2 * profile / profile.max()
    # Caller identities are computed once per number (demo data may share a ciphertext
    # between calls of one number; the blind index reveals that equality anyway).
    identity: dict[int, tuple[str, str, str]] = {}

    def who(i: int) -> tuple[str, str, str]:
        if i not in identity:
            probe = Call()
            probe.set_caller(numbers[i])
            identity[i] = (probe.caller_enc, probe.caller_index, probe.caller_masked)
        return identity[i]

    calls: list[Call] = []
    seq = 0
    for g in groups:
        share = SHARES.get(g.code, 0.02)
        rate = daily[:, None] * profile[None, :] * share
        if g.code == "migrant":
            rate = rate * winter[:, None]
        counts = rng.poisson(rate)
        di, si = np.nonzero(counts)
        reps = counts[di, si]
        di, si = np.repeat(di, reps), np.repeat(si, reps)
        n = len(di)
        offsets = rng.uniform(0, 1800, n)
        waits = rng.exponential(1.0, n) * mean_wait[di] * busy[si]
        patience = rng.exponential(PATIENCE.get(g.code, 100.0), n)
        misdial = rng.random(n) < 0.03
        patience[misdial] = rng.uniform(0.5, 4.5, int(misdial.sum()))
        talk_mean = TALK_MEAN.get(g.code, 360.0)
        talks = rng.lognormal(math.log(talk_mean) - 0.18, 0.6, n)
        who_idx = rng.integers(0, len(numbers), n)
        pool = agents.get(g.pk, [])
        agent_idx = rng.integers(0, max(len(pool), 1), n)
        midnight = [dt.datetime.combine(d, dt.time(0), tzinfo=tz) for d in dates]
        for k in range(n):
            d, slot = int(di[k]), int(si[k])
            offered = midnight[d] + dt.timedelta(seconds=float(slot * 1800 + offsets[k]))
            if offered > now:
                continue
            seq += 1
            enc, idx, masked = who(int(who_idx[k]))
            fields = {
                "call_id": f"{prefix}-{dates[d]:%Y%m%d}-{seq:07d}",
                "direction": Call.Direction.INBOUND,
                "seat_group_id": g.pk,
                "agent_id": None,
                "answered_at": None,
                "ended_at": None,
                "queue_wait_s": None,
                "talk_s": None,
                "language": g.language,
                "source": Call.Source.DEMO,
                "offered_at": offered,
                "day": dates[d],
                "slot": slot,
                "caller_enc": enc,
                "caller_index": idx,
                "caller_masked": masked,
            }
            wait, patient = float(waits[k]), float(patience[k])
            if patient < wait:
                fields["outcome"] = Call.Outcome.ABANDONED
                fields["queue_wait_s"] = round(patient, 1)
                fields["ended_at"] = offered + dt.timedelta(seconds=patient)
            else:
                answered = offered + dt.timedelta(seconds=wait)
                ended = answered + dt.timedelta(seconds=float(talks[k]))
                if answered > now:
                    fields["outcome"] = Call.Outcome.QUEUED
                else:
                    fields["outcome"] = Call.Outcome.ANSWERED
                    fields["queue_wait_s"] = round(wait, 1)
                    fields["answered_at"] = answered
                    if ended <= now:
                        fields["ended_at"] = ended
                        fields["talk_s"] = round(float(talks[k]), 1)
                    if pool:
                        fields["agent_id"] = pool[int(agent_idx[k])].pk
            calls.append(SimpleNamespace(**fields))
    return calls


# Agents rostered per seat group for the night (00–08), day (08–16) and evening (16–24)
# shifts. Deliberately thin at the morning peak of the general seat and on some language
# seats so that the planner has something to show.
ROSTER = {
    "general": (1, 2, 2),
    "expert": (1, 2, 1),
    "migrant": (1, 1, 1),
    "veteran": (1, 1, 1),
    "tibetan": (1, 1, 1),
    "yi": (1, 1, 1),
    "english": (0, 1, 1),
    "korean": (0, 1, 0),
    "japanese": (0, 1, 0),
    "russian": (0, 1, 0),
}


def _agents(groups: list[SeatGroup], province) -> tuple[Agent, dict[int, list[Agent]]]:  # type: ignore[no-untyped-def]
    from fawang.network.models import ServicePoint
    from fawang.regions.models import Level

    point, _ = ServicePoint.objects.get_or_create(
        name="四川省12348公共法律服务热线中心",
        defaults={
            "kind": ServicePoint.Kind.HOTLINE,
            "level": Level.PROVINCE,
            "region": province,
            "languages": ",zh,bo,ii,en,ko,ja,ru,",
        },
    )
    by_group: dict[int, list[Agent]] = {g.pk: [] for g in groups}
    by_code = {g.code: g for g in groups}
    login, _ = User.objects.get_or_create(
        username="hotline_agent",
        defaults={"role": Role.AGENT, "service_point": point, "display_name": "热线坐席演示员"},
    )
    login.set_password(DEMO_PASSWORD)
    login.save()
    main = agent_ensure(user=login, employee_no="1001", groups=[by_code["general"]])
    by_group[by_code["general"].pk].append(main)
    no = 1001
    for g in groups:
        need = 3 * max(ROSTER.get(g.code, (1, 1, 1))) + 1
        while len(by_group[g.pk]) < need:
            no += 1
            user, _ = User.objects.get_or_create(
                username=f"hl_agent{no}",
                defaults={
                    "role": Role.AGENT,
                    "service_point": point,
                    "display_name": f"坐席{no}",
                },
            )
            if user.has_usable_password():
                user.set_unusable_password()
                user.save(update_fields=["password"])
            by_group[g.pk].append(agent_ensure(user=user, employee_no=str(no), groups=[g]))
    return main, by_group


def _roster(groups: list[SeatGroup], by_group: dict[int, list[Agent]], now: dt.datetime) -> int:
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    Shift.objects.filter(agent__user__username__startswith="hl_agent").delete()
    Shift.objects.filter(agent__user__username="hotline_agent").delete()
    shifts = []
    for offset in range(-1, 7):
        day = today + dt.timedelta(days=offset)
        weekend = day.weekday() >= 5
        for g in groups:
            pool = by_group[g.pk]
            cursor = 0
            for k, count in enumerate(ROSTER.get(g.code, (1, 1, 1))):
                if weekend and k == 1:
                    count = max(1, count - 1)
                start = dt.datetime.combine(day, dt.time(8 * k), tzinfo=tz)
                for _ in range(count):
                    shifts.append(
                        Shift(
                            agent=pool[cursor % len(pool)],
                            seat_group=g,
                            start=start,
                            end=start + dt.timedelta(hours=8),
                        )
                    )
                    cursor += 1
    Shift.objects.bulk_create(shifts)
    return len(shifts)


def _live_call(main: Agent, general: SeatGroup, now: dt.datetime) -> None:
    """A call the demo agent is on, from a caller with two earlier work orders."""
    from fawang.regions.models import Region
    from fawang.workorders.models import Category, Channel, Service
    from fawang.workorders.services import PartyInput, workorder_create

    region = Region.objects.filter(code="510107").first()
    if region is not None:
        history = [
            (
                Service.CONSULTATION,
                Category.LABOUR_WAGE,
                200,
                "工地老板拖欠三个月工资，咨询如何讨薪。",
            ),
            (Service.LEGAL_AID, Category.LABOUR_WAGE, 150, "申请法律援助，追索劳动报酬。"),
        ]
        for i, (service, category, days_ago, text) in enumerate(history):
            workorder_create(
                channel=Channel.HOTLINE,
                service=service,
                category=category,
                region=region,
                description=text,
                party=PartyInput(name="王建国", phone=LIVE_CALLER),
                idempotency_key=f"hotline-demo-history-{i}",
                now=now - dt.timedelta(days=days_ago),
            )
    Call.objects.filter(call_id="DEMO-LIVE-1").delete()
    call = Call(
        call_id="DEMO-LIVE-1",
        seat_group=general,
        language="zh",
        source=Call.Source.DEMO,
        agent=main,
        outcome=Call.Outcome.ANSWERED,
        queue_wait_s=12.0,
    )
    call.set_offered(now - dt.timedelta(minutes=3))
    call.answered_at = call.offered_at + dt.timedelta(seconds=12)
    call.set_caller(LIVE_CALLER)
    call.save()
    main.presence = Agent.Presence.ON_CALL
    main.presence_since = call.answered_at
    main.save(update_fields=["presence", "presence_since"])


def load(*, rng, now, stdout, options) -> list[str]:  # type: ignore[no-untyped-def]
    from fawang.regions.models import Region
    from fawang.regions.services import regions_load_sichuan

    province = Region.objects.filter(code="510000").first()
    if province is None:
        regions_load_sichuan()
        province = Region.objects.get(code="510000")
    groups = seat_groups_ensure()
    np_rng = np.random.default_rng(rng.randrange(2**32))
    with transaction.atomic():
        CallEvent.objects.filter(call__source=Call.Source.DEMO).delete()
        # Demo calls have no other dependants; delete them in one statement.
        Call.objects.filter(source=Call.Source.DEMO)._raw_delete(Call.objects.db)
        main, by_group = _agents(groups, province)
        calls = generate_calls(rng=np_rng, now=now, groups=groups, agents=by_group)
        calls_bulk_insert(calls, now=now)
        shifts = _roster(groups, by_group, now)
        _live_call(main, groups[0], now)
    callbacks = hotline_callbacks_create(now=now)
    stdout.write(
        f"  hotline: {len(calls)} calls over {DAYS} days, {shifts} shifts, "
        f"{callbacks} call-back orders"
    )
    return [
        "12348 热线坐席工作台：hotline_agent / "
        f"{DEMO_PASSWORD} → /hotline/console/（接通率 /hotline/，排班测算 /hotline/staffing/）",
    ]
