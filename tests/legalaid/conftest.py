"""Legal-aid fixtures: a legal-aid centre with a reviewer, lawyers, and the policy tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fawang.accounts.models import Role, User
from fawang.legalaid.models import HardshipStandard, SubsidyRate
from fawang.network.models import Institution, Practitioner
from fawang.workorders.models import Channel
from fawang.workorders.services import PartyInput

ID = "11010519491231002X"


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm), timezone.get_default_timezone())


@pytest.fixture
def legal_aid(sichuan, personas):  # type: ignore[no-untyped-def]
    """A Wuhou legal-aid centre and its reviewer, two firms with three lawyers, a Chengdu
    hardship standard (and a stricter Wuhou one) and subsidy rates."""
    centre = Institution.objects.create(
        name="武侯区法律援助中心", kind=Institution.Kind.LEGAL_AID, region=sichuan["wuhou"]
    )
    reviewer = User(
        username="la_reviewer", role=Role.REVIEWER, institution=centre, display_name="审查员甲"
    )
    reviewer.set_password("correct-horse-battery")
    reviewer.save()
    firm_a = Institution.objects.create(
        name="蜀道律师事务所", kind=Institution.Kind.LAW_FIRM, region=sichuan["wuhou"]
    )
    firm_b = Institution.objects.create(
        name="锦城律师事务所", kind=Institution.Kind.LAW_FIRM, region=sichuan["jinjiang"]
    )
    kinds = Practitioner.Kind.LAWYER
    wang = Practitioner.objects.create(
        name="王律师",
        kind=kinds,
        institution=firm_a,
        region=sichuan["wuhou"],
        expertise="劳动争议,工伤",
        capacity=5,
    )
    li = Practitioner.objects.create(
        name="李律师",
        kind=kinds,
        institution=firm_b,
        region=sichuan["jinjiang"],
        expertise="婚姻家庭,刑事",
        capacity=5,
    )
    zhao = Practitioner.objects.create(
        name="赵律师",
        kind=kinds,
        institution=firm_b,
        region=sichuan["jinjiang"],
        expertise="劳动争议,合同",
        capacity=5,
    )
    far = Practitioner.objects.create(
        name="西昌律师", kind=kinds, region=sichuan["xichang"], expertise="劳动争议", capacity=5
    )
    lawyer_user = User(
        username="lawyer_wang", role=Role.PRACTITIONER, practitioner=wang, institution=firm_a
    )
    lawyer_user.set_password("correct-horse-battery")
    lawyer_user.save()
    HardshipStandard.objects.create(
        region=sichuan["chengdu"],
        income_per_head=Decimal("2000"),
        effective_from=dt.date(2024, 1, 1),
        source="测试：成都市标准",
        is_demo=True,
    )
    HardshipStandard.objects.create(
        region=sichuan["wuhou"],
        income_per_head=Decimal("1800"),
        assets_limit=Decimal("100000"),
        effective_from=dt.date(2025, 1, 1),
        source="测试：武侯区标准",
        is_demo=True,
    )
    for case_type, amount in [("labour", 2000), ("civil", 2500), ("criminal", 3000)]:
        SubsidyRate.objects.create(
            case_type=case_type,
            amount=Decimal(amount),
            effective_from=dt.date(2024, 1, 1),
            source="测试：省补贴标准",
            is_demo=True,
        )
    SubsidyRate.objects.create(
        case_type="labour",
        region=sichuan["chengdu"],
        amount=Decimal(2400),
        effective_from=dt.date(2024, 1, 1),
        source="测试：成都市补贴标准",
        is_demo=True,
    )
    return {
        "centre": centre,
        "reviewer": reviewer,
        "firm_a": firm_a,
        "firm_b": firm_b,
        "wang": wang,
        "li": li,
        "zhao": zhao,
        "far": far,
        "lawyer_user": lawyer_user,
    }


def application(region, **overrides):  # type: ignore[no-untyped-def]
    data = dict(
        channel=Channel.WEB,
        region=region,
        applicant=PartyInput(name="张三丰", phone="13800138000", id_number=ID),
        matter="maintenance",
        facts="子女拒绝支付赡养费，请求给付。",
        opposing_party="张小明",
        household_size=2,
        monthly_income="2400",
        assets="5000",
        circumstances=(),
    )
    data.update(overrides)
    return data


def assigned_case(sichuan, legal_aid, **overrides):  # type: ignore[no-untyped-def]
    """A labour case applied for on Mon 2 Nov 2026, granted on the 3rd and assigned to
    王律师 on the 4th."""
    from fawang.legalaid.services import (
        legalaid_accept,
        legalaid_apply,
        legalaid_assign,
        legalaid_decide,
    )

    reviewer = legal_aid["reviewer"]
    data = application(sichuan["wuhou"], matter="labour_remuneration")
    data.update(overrides)
    case = legalaid_apply(**data, now=at(2026, 11, 2))
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, 2))
    legalaid_decide(case=case, actor=reviewer, grant=True, now=at(2026, 11, 3))
    legalaid_assign(case=case, actor=reviewer, practitioner=legal_aid["wang"], now=at(2026, 11, 4))
    return case


@pytest.fixture
def bureau(sichuan, legal_aid):  # type: ignore[no-untyped-def]
    """Officials of 武侯区司法局 (which set up the Wuhou centre) and of 成都市司法局."""
    users = {}
    for key, region in (("wuhou", sichuan["wuhou"]), ("chengdu", sichuan["chengdu"])):
        user = User(
            username=f"bureau_{key}",
            role=Role.BUREAU,
            region=region,
            display_name=f"{region.name}司法局审查员",
        )
        user.set_password("correct-horse-battery")
        user.save()
        users[key] = user
    return users


def denied_case(sichuan, legal_aid, day=4, **overrides):  # type: ignore[no-untyped-def]
    """A maintenance application of Mon 2 Nov 2026 refused on the ``day``th (income too high)."""
    from fawang.legalaid.services import legalaid_accept, legalaid_apply, legalaid_decide

    reviewer = legal_aid["reviewer"]
    data = application(sichuan["wuhou"], monthly_income="90000")
    data.update(overrides)
    case = legalaid_apply(**data, now=at(2026, 11, 2))
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, 2))
    legalaid_decide(case=case, actor=reviewer, grant=False, now=at(2026, 11, day))
    return case
