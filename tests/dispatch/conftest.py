"""A small network around 武侯区 / 成都市 / 西昌市 for routing, and an order factory."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from fawang.network.models import Institution, ServicePoint
from fawang.regions.models import Level
from fawang.workorders.models import WorkOrder
from fawang.workorders.services import PartyInput, workorder_create

SH = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=SH)


def _inst(region, kind, name, **kw) -> Institution:  # type: ignore[no-untyped-def]
    return Institution.objects.create(region=region, kind=kind, name=name, capacity=20, **kw)


@pytest.fixture
def network(sichuan, personas) -> dict:  # type: ignore[no-untyped-def]
    s = sichuan
    K = Institution.Kind
    points = {p.name: p for p in ServicePoint.objects.all()}
    hotline = ServicePoint.objects.create(
        name="12348四川法网热线中心",
        kind=ServicePoint.Kind.HOTLINE,
        level=Level.PROVINCE,
        region=s["province"],
        capacity=200,
        languages=",zh,bo,ii,en,",
    )
    enterprise = ServicePoint.objects.create(
        name="武侯区企业投诉服务站",
        kind=ServicePoint.Kind.ENTERPRISE,
        level=Level.COUNTY,
        region=s["wuhou"],
        capacity=30,
    )
    net = {
        "province_centre": points["四川省公共法律服务中心"],
        "city_centre": points["成都市公共法律服务中心"],
        "wuhou_centre": points["武侯区公共法律服务中心"],
        "xichang_centre": points["西昌市公共法律服务中心"],
        "hotline": hotline,
        "enterprise": enterprise,
        "wuhou_aid": _inst(s["wuhou"], K.LEGAL_AID, "武侯区法律援助中心"),
        "city_aid": _inst(s["chengdu"], K.LEGAL_AID, "成都市法律援助中心"),
        "xichang_aid": _inst(s["xichang"], K.LEGAL_AID, "西昌市法律援助中心", languages=",zh,ii,"),
        "township_med": _inst(s["wuhou_township"], K.MEDIATION, "武侯演示一街道人民调解委员会"),
        "wuhou_med": _inst(s["wuhou"], K.MEDIATION, "武侯区人民调解委员会"),
        "notary_a": _inst(s["wuhou"], K.NOTARY, "成都市蜀都公证处"),
        "notary_b": _inst(s["jinjiang"], K.NOTARY, "成都市律政公证处"),
        "arbitration": _inst(s["chengdu"], K.ARBITRATION, "成都仲裁委员会"),
        "appraisal_clinic": _inst(
            s["jinjiang"], K.APPRAISAL, "四川华西法医学鉴定中心", qualifications="法医临床,法医病理"
        ),
        "appraisal_docs": _inst(
            s["wuhou"], K.APPRAISAL, "四川求实司法鉴定所", qualifications="文书,痕迹"
        ),
    }
    return net


@pytest.fixture
def make_order(sichuan):  # type: ignore[no-untyped-def]
    def make(
        *,
        service: str = "consultation",
        category: str = "labour_wage",
        region=None,  # type: ignore[no-untyped-def]
        language: str = "zh",
        channel: str = "walk_in",
        now: dt.datetime | None = None,
        phone: str = "13800138000",
    ) -> WorkOrder:
        order, _ = workorder_create(
            channel=channel,
            service=service,
            category=category,
            region=region or sichuan["wuhou_village"],
            description="测试工单",
            party=PartyInput(name="张三", phone=phone),
            language=language,
            now=now or at(2026, 11, 2),
        )
        return order

    return make
