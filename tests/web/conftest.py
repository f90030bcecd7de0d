"""Fixtures of the portal and console tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from fawang.workorders.models import Channel, Service
from fawang.workorders.services import PartyInput, workorder_create

ID_NUMBER = "11010519491231002X"
MOBILE = "13800138000"


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    """Rate-limit counters live in the cache; each test starts clean."""
    cache.clear()
    yield
    cache.clear()


def make_order(region, **kwargs):  # type: ignore[no-untyped-def]
    defaults = dict(
        channel=Channel.WEB,
        service=Service.CONSULTATION,
        category="labour_wage",
        region=region,
        description="老板拖欠三个月工资不给，怎么办？",
        party=PartyInput(name="张三丰", phone=MOBILE, id_number=ID_NUMBER),
    )
    defaults.update(kwargs)
    order, _created = workorder_create(**defaults)
    return order
