"""Demo step of the big-data centre (after every other app's data): inject a few
labelled spikes, rebuild the rollups (demo orders are bulk-created without signals),
refresh the backlog, run the early warning over the last weeks, and enter the table-1
inputs the platform does not hold, marked as demo figures."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from fawang.analytics.early_warning import warnings_run, week_of
from fawang.analytics.models import EarlyWarning, Indicator, IndicatorEntry, WarningNotice
from fawang.analytics.rollups import rollup_rebuild, unit_backlog_refresh
from fawang.regions.models import Level, Region
from fawang.workorders.models import Channel, Service, WorkOrder
from fawang.workorders.services import PartyInput, workorder_create

ORDER = 90
DEMO_SOURCE = "演示数据（非官方统计）"
SPIKES = 3
WEEKS_CHECKED = 4

# Figures the platform does not hold, for the demo only (the 2020 values of table 1 as
# a plausible starting point, a little progress since).
DEMO_ENTRIES = [
    ("youth_base_city", "value", "81"),
    ("youth_base_county", "value", "67"),
    ("constitution_township", "value", "58"),
    ("ordinary_understanding_rate", "village_groups", "1200"),
    ("legal_aid_per_capita", "legal_aid_spending", "158000000"),
    ("prison_centres_built", "prisons_total", "20"),
    ("rehab_centres_built", "rehab_total", "10"),
    ("hotline_connection_rate", "value", "84"),
]


def _inject_spikes(
    *, rng: random.Random, now: dt.datetime, stdout
) -> list[tuple[str, str, dt.date]]:  # type: ignore[no-untyped-def]
    week = week_of(timezone.localtime(now).date() - dt.timedelta(days=7))
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(week, dt.time(8)), tz)
    busiest = list(
        WorkOrder.objects.filter(created_at__gte=now - dt.timedelta(days=56))
        .values("county_id", "category")
        .annotate(n=Count("id"))
        .order_by("-n")[:40]
    )
    if len(busiest) < SPIKES:
        return []
    labelled = []
    for row in rng.sample(busiest, SPIKES):
        county = Region.objects.get(code=row["county_id"], level=Level.COUNTY)
        weekly = row["n"] / 8
        extra = max(20, int(weekly * 2))
        for i in range(extra):
            workorder_create(
                channel=rng.choice([Channel.HOTLINE, Channel.WEB, Channel.WALK_IN]),
                service=Service.CONSULTATION,
                category=row["category"],
                region=county,
                description="（演示：注入的异常高峰）同类纠纷集中出现",
                party=PartyInput(name="演示群众", phone=f"139{rng.randrange(10**8):08d}"),
                now=start + dt.timedelta(minutes=i * (6 * 24 * 60) // extra),
            )
        labelled.append((county.code, row["category"], week))
    stdout.write(f"  注入 {len(labelled)} 个带标注的异常高峰（{week} 当周）")
    return labelled


def load(*, rng: random.Random, now: dt.datetime, stdout, options) -> list[str]:  # type: ignore[no-untyped-def]
    EarlyWarning.objects.all().delete()
    WarningNotice.objects.all().delete()
    labelled = _inject_spikes(rng=rng, now=now, stdout=stdout)
    counts = rollup_rebuild(now=now)
    stdout.write(f"  汇总表已重建：{counts['base']} 行基础汇总")
    stdout.write("  " + unit_backlog_refresh(now=now))
    last = week_of(timezone.localtime(now).date() - dt.timedelta(days=7))
    for k in range(WEEKS_CHECKED - 1, -1, -1):
        stdout.write("  " + warnings_run(now=now, week_start=last - dt.timedelta(weeks=k)))
    found = set(EarlyWarning.objects.values_list("county_code", "category", "week_start"))
    today = timezone.localdate(now)
    IndicatorEntry.objects.filter(source=DEMO_SOURCE).delete()
    indicators = {i.code: i for i in Indicator.objects.all()}
    IndicatorEntry.objects.bulk_create(
        [
            IndicatorEntry(
                indicator=indicators[code],
                input_code=input_code,
                value=Decimal(value),
                as_of=today,
                source=DEMO_SOURCE,
                entered_at=now,
            )
            for code, input_code, value in DEMO_ENTRIES
            if code in indicators
        ]
    )
    lines = [
        "大数据中心：/analytics/（仪表盘与地图）、/analytics/indicators/（表1指标）、"
        "/analytics/warnings/（异常预警）",
    ]
    if labelled:
        hit = len(set(labelled) & found)
        lines.append(
            f"  演示异常高峰 {len(labelled)} 个，预警命中 {hit} 个；近 {WEEKS_CHECKED} 周共 "
            f"{len(found)} 条预警。"
        )
    return lines
