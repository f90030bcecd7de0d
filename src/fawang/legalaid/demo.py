"""Demo data for legal aid (ORDER 60): hardship standards for all 21 cities, a subsidy
table and budgets — every row marked 演示 (demo) — legal-aid centres, lawyers, reviewer
logins, and a few hundred cases in every state, made through the services.

Idempotent: demo cases (idempotency keys ``demo-la-…``) and demo policy rows are replaced.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from fawang.accounts.models import Role, User
from fawang.legalaid import demo_showcase as showcase
from fawang.legalaid import services, workdays
from fawang.legalaid.models import (
    CaseOutcome,
    ConflictDeclaration,
    HardshipStandard,
    LegalAidBudget,
    LegalAidCase,
    SubsidyRate,
)
from fawang.lib.validators import id_check_digit
from fawang.network.models import Institution, Practitioner
from fawang.regions.models import Level, Region
from fawang.workorders.models import Channel, Party, WorkOrder
from fawang.workorders.services import PartyInput

ORDER = 60
PASSWORD = "fawang-demo-2026"  # noqa: S105 - the documented demo password (README)
KEY = "demo-la-"
DEMO_SOURCE = "演示数据，非官方标准：请以四川省人民政府及各市（州）公布的标准为准"
CASES = 120

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩"
    "冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "明华强军平建国丽芳英秀兰玉敏静霞志勇磊洋艳杰娟涛超俊峰琴云燕红梅波辉刚健斌林"
COMPANIES = [
    "某建筑劳务有限公司",
    "某建设工程有限公司",
    "某餐饮管理有限公司",
    "某物流有限公司",
    "某物业服务有限公司",
    "某机械制造有限公司",
    "某运输有限公司",
    "某医院",
    "某食品有限公司",
    "某化工有限公司",
]
EXPERTISE = [
    "劳动争议,工伤",
    "婚姻家庭,继承",
    "刑事",
    "交通事故,人身损害",
    "合同,借贷",
    "医疗纠纷",
    "行政,国家赔偿",
]
# Years in practice and (for the criminal lawyer) in criminal defence, by EXPERTISE row.
PRACTICE_YEARS: list[tuple[float, float | None]] = [
    (11.5, None),
    (6.2, None),
    (9.4, 8.1),
    (4.3, None),
    (14.8, None),
    (7.1, None),
    (2.6, None),
]
# (matter, weight, circumstances options)
MIX: list[tuple[str, int, list[list[str]]]] = [
    ("labour_remuneration", 25, [["migrant_worker"], ["migrant_worker"], []]),
    ("work_injury", 8, [["migrant_worker"], []]),
    ("maintenance", 10, [[], ["no_income_group"]]),
    ("traffic", 9, [[]]),
    ("criminal_defence", 14, [["minor"], ["life_or_death"], ["sensory_disability"], [], []]),
    ("marriage_family", 5, [["abuse_victim"], ["abuse_victim"], []]),
    ("social_insurance", 5, [["social_assistance"], []]),
    ("medical", 4, [[]]),
    ("criminal_victim", 4, [[]]),
    ("contract", 4, [[]]),
    ("state_compensation", 2, [["retrial_acquittal"], []]),
    ("environment", 2, [[]]),
    ("food_drug", 2, [[]]),
    ("pension", 2, [[]]),
    ("retrial", 2, [[]]),
    ("traffic", 2, [["bravery"]]),
]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def _id_number(rng: random.Random, county: str) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
    first17 = f"{county}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_digit(first17)


def _reset() -> None:
    orders = list(
        WorkOrder.objects.filter(idempotency_key__startswith=KEY).values_list("pk", "party_id")
    )
    LegalAidCase.objects.filter(order_id__in=[o for o, _ in orders]).delete()
    WorkOrder.objects.filter(pk__in=[o for o, _ in orders]).delete()
    Party.objects.filter(pk__in=[p for _, p in orders]).delete()
    HardshipStandard.objects.filter(is_demo=True).delete()
    SubsidyRate.objects.filter(is_demo=True).delete()
    LegalAidBudget.objects.filter(is_demo=True).delete()
    ConflictDeclaration.objects.filter(note__startswith="演示").delete()


def _policy(rng: random.Random, cities: list[Region], province: Region, now: dt.datetime) -> None:
    for city in cities:
        base = 2000 if city.code == "510100" else rng.choice((1400, 1500, 1600, 1700, 1800))
        HardshipStandard.objects.create(
            region=city,
            income_per_head=Decimal(base),
            assets_limit=Decimal(base * 60),
            effective_from=dt.date(2024, 1, 1),
            source=DEMO_SOURCE,
            is_demo=True,
        )
    rates = {
        "criminal": 3000,
        "civil": 2500,
        "labour": 2000,
        "administrative": 2500,
        "non_litigation": 800,
    }
    for case_type, amount in rates.items():
        SubsidyRate.objects.create(
            case_type=case_type,
            amount=Decimal(amount),
            effective_from=dt.date(2024, 1, 1),
            source=DEMO_SOURCE,
            is_demo=True,
        )
    chengdu = next(c for c in cities if c.code == "510100")
    for case_type, amount in (("criminal", 3600), ("civil", 3000), ("labour", 2400)):
        SubsidyRate.objects.create(
            case_type=case_type,
            region=chengdu,
            amount=Decimal(amount),
            effective_from=dt.date(2024, 1, 1),
            source=DEMO_SOURCE,
            is_demo=True,
        )
    year = workdays.local_date(now).year
    for region in [province, *cities]:
        pop = region.population or 1_000_000
        per_head = Decimal(
            rng.choice((3.2, 3.5, 3.8, 4.1, 4.5)) if region.level == Level.CITY else 3.6
        )
        for y in (year - 1, year):
            LegalAidBudget.objects.create(
                region=region,
                year=y,
                amount=(per_head * pop).quantize(Decimal("1")),
                amount_source="演示数据：虚构的年度法律援助经费，非财政决算数",
                population=pop,
                population_source=region.population_source or "演示估算",
                is_demo=True,
            )


def _years_before(day: dt.date, years: float) -> dt.date:
    return day - dt.timedelta(days=round(years * 365.25))


def _network(rng: random.Random, cities: list[Region], today: dt.date) -> dict[str, dict[str, Any]]:
    """A legal-aid centre and a reviewer per city; at least four lawyers per city, with
    the years they have practised (the criminal lawyer long enough for art. 26)."""
    out: dict[str, dict[str, Any]] = {}
    for city in cities:
        centre, _ = Institution.objects.get_or_create(
            licence_no=f"DEMO-LA-{city.code}",
            defaults={
                "name": f"{city.name}法律援助中心",
                "kind": Institution.Kind.LEGAL_AID,
                "region": city,
            },
        )
        firm, _ = Institution.objects.get_or_create(
            licence_no=f"DEMO-LA-FIRM-{city.code}",
            defaults={
                "name": f"{city.name}蜀法律师事务所（演示）",
                "kind": Institution.Kind.LAW_FIRM,
                "region": city,
            },
        )
        counties = list(Region.objects.filter(parent=city, level=Level.COUNTY).order_by("code"))
        existing = Practitioner.objects.filter(
            is_active=True,
            kind__in=(Practitioner.Kind.LAWYER, Practitioner.Kind.LEGAL_AID),
            region_path__startswith=city.path,
        ).count()
        for i in range(max(0, 4 - existing) + (4 if city.code == "510100" else 0)):
            lawyer, _ = Practitioner.objects.get_or_create(
                licence_no=f"DEMO-LA-{city.code}-{i:02d}",
                defaults={
                    "name": _name(rng),
                    "kind": Practitioner.Kind.LAWYER,
                    "institution": firm,
                    "region": counties[i % len(counties)] if counties else city,
                    "expertise": EXPERTISE[i % len(EXPERTISE)],
                    "capacity": 8,
                },
            )
            practising, defending = PRACTICE_YEARS[i % len(PRACTICE_YEARS)]
            Practitioner.objects.filter(pk=lawyer.pk).update(
                practice_since=_years_before(today, practising),
                criminal_practice_since=_years_before(today, defending) if defending else None,
            )
        reviewer, _ = User.objects.update_or_create(
            username=f"la_{city.code}",
            defaults={
                "role": Role.REVIEWER,
                "institution": centre,
                "region": city,
                "display_name": f"{city.name}法援审查员",
            },
        )
        out[city.code] = {
            "centre": centre,
            "firm": firm,
            "reviewer": reviewer,
            "counties": counties,
        }
    ConflictDeclaration.objects.create(
        institution=out["510100"]["firm"], client_name=COMPANIES[0], note="演示：常年法律顾问"
    )
    return out


def _logins(centres: dict[str, dict[str, Any]]) -> list[str]:
    wuhou = Region.objects.get(code="510107")
    wuhou_centre, _ = Institution.objects.get_or_create(
        licence_no="DEMO-LA-510107",
        defaults={
            "name": "武侯区法律援助中心",
            "kind": Institution.Kind.LEGAL_AID,
            "region": wuhou,
        },
    )
    province = Region.objects.get(code="510000")
    prov_centre, _ = Institution.objects.get_or_create(
        licence_no="DEMO-LA-510000",
        defaults={
            "name": "四川省法律援助中心",
            "kind": Institution.Kind.LEGAL_AID,
            "region": province,
        },
    )
    lawyer = (
        Practitioner.objects.filter(licence_no__startswith="DEMO-LA-510100-")
        .order_by("licence_no")
        .first()
    )
    accounts = [
        (
            "la_reviewer",
            Role.REVIEWER,
            {"institution": wuhou_centre, "region": wuhou},
            "武侯区法律援助中心审查员",
        ),
        (
            "la_chengdu",
            Role.REVIEWER,
            {
                "institution": centres["510100"]["centre"],
                "region": centres["510100"]["centre"].region,
            },
            "成都市法律援助中心审查员",
        ),
        (
            "la_province",
            Role.REVIEWER,
            {"institution": prov_centre, "region": province},
            "四川省法律援助中心审查员",
        ),
        (
            "la_bureau",
            Role.BUREAU,
            {"region": wuhou, "institution": None, "service_point": None},
            "武侯区司法局审查员",
        ),
        (
            "la_lawyer",
            Role.PRACTITIONER,
            {"practitioner": lawyer, "institution": lawyer.institution if lawyer else None},
            f"{lawyer.name if lawyer else ''}律师",
        ),
    ]
    lines = ["", "法律援助（/legalaid/cases/，申请页 /legalaid/apply/）："]
    for username, role, extra, label in accounts:
        user, _ = User.objects.update_or_create(
            username=username, defaults={"role": role, "display_name": label, **extra}
        )
        user.set_password(PASSWORD)
        user.save()
        lines.append(f"  {label:<16} {username} / {PASSWORD}")
    return lines


def _progress(
    case: LegalAidCase,
    reviewer: User,
    rng: random.Random,
    t: dt.datetime,
    now: dt.datetime,
    cal: workdays.WorkCalendar,
) -> None:
    """Walk one case forward from its application time ``t`` as far as its age allows."""

    def later(base: dt.datetime, days: int, hour: int | None = None) -> dt.datetime:
        day = workdays.add_working_days(workdays.local_date(base), days, cal)
        moment = workdays.end_of_day(day).replace(
            hour=hour or rng.randrange(9, 17), minute=rng.randrange(60), second=0
        )
        return moment

    if case.status == "applied":
        accept_at = later(t, 0 if rng.random() < 0.7 else 1)
        if accept_at > now:
            return
        services.legalaid_accept(case=case, actor=reviewer, now=accept_at)
    fresh = (now - t).days < 6
    if rng.random() < (0.4 if fresh else 0.08):
        ask = later(t, rng.randrange(0, 2))
        if ask > now:
            return
        services.legalaid_request_materials(
            case=case, actor=reviewer, materials="家庭经济状况证明、劳动关系证明材料", now=ask
        )
        back = later(ask, rng.randrange(2, 12))
        if back > now:
            return
        if rng.random() < 0.25:
            services.legalaid_withdraw(case=case, actor=reviewer, now=later(ask, 20))
            return
        services.legalaid_materials_received(case=case, actor=reviewer, now=back)
        t = back
    decide_at = later(t, rng.choice((1, 2, 2, 3, 3, 4, 5, 6, 9)))
    if decide_at > now or ((now - t).days < 8 and rng.random() < 0.3):
        return
    grant = case.engine_outcome != "deny"
    services.legalaid_decide(case=case, actor=reviewer, grant=grant, now=decide_at)
    if not grant:
        return
    assign_at = later(decide_at, rng.choice((0, 1, 1, 2)))
    if assign_at > now:
        return
    try:
        services.legalaid_assign(case=case, actor=reviewer, now=assign_at)
    except services.LegalAidError:
        return
    note_at = later(assign_at, 3)
    if note_at < now:
        services.legalaid_add_note(
            case=case,
            actor=reviewer,
            text="承办律师已会见受援人，了解案情，收集证据。",
            now=note_at,
        )
    close_at = later(assign_at, rng.randrange(15, 80))
    if close_at > now:
        return
    doc = _closing_document(case)
    outcome = rng.choice(
        [
            CaseOutcome.WON,
            CaseOutcome.WON,
            CaseOutcome.PARTLY,
            CaseOutcome.MEDIATED,
            CaseOutcome.LOST,
        ]
    )
    services.legalaid_conclude(
        case=case,
        actor=reviewer,
        outcome=outcome,
        summary="已依法办结，受援人合法权益得到维护。",
        documents=[doc],
        now=close_at,
    )
    eval_at = later(close_at, rng.randrange(3, 15))
    if eval_at > now:
        return
    score = rng.choice((95, 92, 88, 85, 80, 76, 70, 65, 55))
    services.legalaid_evaluate(
        case=case,
        actor=reviewer,
        score=score,
        methods=rng.sample(["hearing", "file_check", "judicial_opinion", "client_visit"], 2),
        now=eval_at,
    )
    settle_at = later(eval_at, rng.randrange(5, 20))
    if settle_at > now:
        return
    services.legalaid_settle_subsidy(case=case, actor=reviewer, now=settle_at)


def _closing_document(case: LegalAidCase):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"结案报告（演示）\n工单 {case.order.number}\n事项：{case.matter_label}\n".encode()
    return SimpleUploadedFile("结案报告.txt", text, content_type="text/plain")


def _make_case(
    i: int,
    *,
    rng: random.Random,
    now: dt.datetime,
    cities: list[Region],
    centres: dict[str, dict[str, Any]],
    cal: workdays.WorkCalendar,
) -> bool:
    city = cities[0] if rng.random() < 0.35 else rng.choice(cities)
    info = centres[city.code]
    if not info["counties"]:
        return False
    county = rng.choice(info["counties"])
    matter, _w, options_ = rng.choices(MIX, weights=[w for _, w, _ in MIX])[0]
    # The newest few are days old: some still wait to be accepted or for materials.
    age_days = rng.randrange(0, 5) if i >= CASES - 20 else int(rng.triangular(0, 330, 40))
    t = (now - dt.timedelta(days=age_days)).replace(
        hour=rng.randrange(8, 18), minute=rng.randrange(60)
    )
    size = rng.randrange(1, 6)
    std = 2000 if city.code == "510100" else 1500
    per_head = rng.uniform(0.3, 1.0) * std if rng.random() < 0.8 else rng.uniform(1.1, 3) * std
    companies = ("labour_remuneration", "work_injury", "medical", "food_drug", "environment")
    opposing = city.name[:2] + rng.choice(COMPANIES) if matter in companies else _name(rng)
    facts = {
        "labour_remuneration": "在工地务工，工资被拖欠数月，多次讨要未果。",
        "criminal_defence": "家属代为申请，犯罪嫌疑人已被羁押，没有委托辩护人。",
    }.get(matter, "请求法律援助，维护合法权益。")
    case = services.legalaid_apply(
        channel=rng.choice([Channel.WEB, Channel.HOTLINE, Channel.WALK_IN, Channel.WALK_IN]),
        region=county,
        applicant=PartyInput(
            name=_name(rng), phone=_phone(rng), id_number=_id_number(rng, county.code)
        ),
        matter=matter,
        facts="（演示）" + facts,
        opposing_party=opposing,
        household_size=size,
        monthly_income=Decimal(per_head * size).quantize(Decimal("1")),
        assets=Decimal(rng.randrange(0, 60000)),
        circumstances=rng.choice(options_),
        idempotency_key=f"{KEY}{i:04d}",
        now=t,
    )
    _progress(case, info["reviewer"], rng, t, now, cal)
    return True


def load(*, rng: random.Random, now: dt.datetime, stdout, options: dict) -> list[str]:  # type: ignore[no-untyped-def]
    from fawang.regions.services import regions_load_sichuan

    if Region.objects.filter(level=Level.COUNTY).count() < 183:
        regions_load_sichuan()
    province = Region.objects.get(code="510000")
    cities = list(Region.objects.filter(level=Level.CITY).order_by("code"))
    with transaction.atomic():
        _reset()
        _policy(rng, cities, province, now)
        centres = _network(rng, cities, workdays.local_date(now))
        lines = _logins(centres)
    cal = workdays.calendar()  # loaded once for the run
    made = 0
    # One transaction for the lot: a commit per case costs far more than the work.
    with transaction.atomic():
        for i in range(CASES):
            made += _make_case(i, rng=rng, now=now, cities=cities, centres=centres, cal=cal)
            if i % 80 == 79:
                stdout.write(f"  legalaid: {i + 1}/{CASES} cases")
        shown = showcase.make(rng=rng, now=now, cal=cal, key=f"{KEY}show-")
    stdout.write(f"  legalaid: {made} cases, standards for {len(cities)} cities (demo)")
    lines.append("  武侯区的演示案件（事实以“（演示）”开头）：")
    lines += [f"    {number}  {what}" for number, what in shown]
    return lines
