"""Fixtures of the big-data centre: orders built through the spine's services."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.utils import timezone

from fawang.analytics.models import OrderRollup, PeriodRollup
from fawang.analytics.rollups import GRAIN_DIMENSIONS, LATE, MEASURES, local_day, period_start
from fawang.workorders.models import Channel, Service, WorkOrder
from fawang.workorders.services import PartyInput, workorder_create

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def make_order(region, *, now=NOW, **kwargs):
    defaults = dict(
        channel=Channel.WEB,
        service=Service.CONSULTATION,
        category="labour_wage",
        region=region,
        description="老板拖欠三个月工资不给",
        party=PartyInput(name="张三丰", phone="13800138000"),
        now=now,
    )
    defaults.update(kwargs)
    order, _ = workorder_create(**defaults)
    return order


@pytest.fixture
def order_factory(sichuan):
    return make_order


def direct_base_rows() -> set[tuple]:
    """The base rollup computed directly from the work-order table, in Python."""
    late_ids = set(WorkOrder.objects.filter(LATE).values_list("id", flat=True))
    acc: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for o in WorkOrder.objects.select_related("county"):
        key = (
            local_day(o.created_at),
            o.county_id,
            o.county_id[:4] + "00",
            o.county.path,
            o.service,
            o.category,
            o.channel,
            o.status,
        )
        a = acc[key]
        a[0] += 1
        a[1] += o.satisfaction is not None
        a[2] += o.satisfaction or 0
        a[3] += o.id in late_ids
    return {(*k, *v) for k, v in acc.items()}


def stored_base_rows() -> set[tuple]:
    return set(
        OrderRollup.objects.values_list(
            "day",
            "county_code",
            "city_code",
            "region_path",
            "service",
            "category",
            "channel",
            "status",
            *MEASURES,
        )
    )


def direct_period_rows() -> set[tuple]:
    acc: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for day, county, city, path, service, category, channel, status, *m in direct_base_rows():
        values = {"service": service, "category": category, "channel": channel, "status": status}
        for grain, dims in GRAIN_DIMENSIONS.items():
            for dim in dims:
                for level, area, area_path in ((3, county, path), (2, city, path[:13])):
                    key = (
                        str(grain),
                        level,
                        period_start(grain, day),
                        area,
                        city,
                        area_path,
                        str(dim),
                        values.get(dim, ""),
                    )
                    for i, v in enumerate(m):
                        acc[key][i] += v
    return {(*k, *v) for k, v in acc.items()}


def stored_period_rows() -> set[tuple]:
    return set(
        PeriodRollup.objects.values_list(
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
    )


def aware(y, m, d, h=10):
    return timezone.make_aware(dt.datetime(y, m, d, h), timezone.get_current_timezone())
