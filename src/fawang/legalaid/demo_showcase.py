"""The legal-aid demo's showcase: one Wuhou case for each path a visitor should be able to
open — objections upheld, corrected, open and overdue (art. 49), advance aid outstanding,
late, granted and refused (art. 44), an application whose time limit suggests advance aid,
and a possible death sentence assigned past a lawyer with under three years of criminal
defence (art. 26). Every step goes through the services, at times counted back from
``now`` in working days; the Wuhou centre (``la_reviewer``) decides and 武侯区司法局
(``la_bureau``) hears the objections.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from fawang.accounts.models import Role, User
from fawang.legalaid import objections, services, workdays
from fawang.legalaid.models import LegalAidCase
from fawang.lib.validators import id_check_digit
from fawang.network.models import Institution, Practitioner
from fawang.regions.models import Region
from fawang.workorders.models import Channel
from fawang.workorders.services import PartyInput

WUHOU = "510107"
DAY = dt.timedelta(days=1)


class _Clock:
    """Moments counted back from ``now`` in working days, at a given hour."""

    def __init__(self, now: dt.datetime, cal: workdays.WorkCalendar) -> None:
        self.now = now
        self.cal = cal
        self.today = workdays.local_date(now)

    def day(self, back: int) -> dt.date:
        d, n = self.today, 0
        while n < back:
            d -= DAY
            if self.cal.is_workday(d):
                n += 1
        return d

    def at(self, back: int, hour: int = 10) -> dt.datetime:
        moment = workdays.end_of_day(self.day(back)).replace(hour=hour, minute=0, second=0)
        return min(moment, self.now - dt.timedelta(minutes=30))


def _junior_defender(today: dt.date) -> None:
    """A Chengdu criminal lawyer with a year and a half of defence: never assigned, so the
    rotation would pick them first — art. 26 skips them for a possible death sentence."""
    firm = Institution.objects.filter(licence_no="DEMO-LA-FIRM-510100").first()
    wuhou = Region.objects.get(code=WUHOU)
    lawyer, _ = Practitioner.objects.get_or_create(
        licence_no="DEMO-LA-510100-JR",
        defaults={
            "name": "贺新律",
            "kind": Practitioner.Kind.LAWYER,
            "institution": firm,
            "region": wuhou,
            "expertise": "刑事",
            "capacity": 8,
        },
    )
    since = today - dt.timedelta(days=550)
    Practitioner.objects.filter(pk=lawyer.pk).update(
        practice_since=since, criminal_practice_since=since
    )


def make(
    *, rng: random.Random, now: dt.datetime, cal: workdays.WorkCalendar, key: str
) -> list[tuple[str, str]]:
    """Make the showcase cases; return (order number, what it shows) for the demo's output."""
    clock = _Clock(now, cal)
    wuhou = Region.objects.get(code=WUHOU)
    reviewer = User.objects.get(username="la_reviewer")
    bureau = User.objects.get(username="la_bureau")
    clerk = User.objects.filter(role=Role.CLERK, region_id=WUHOU).order_by("id").first() or reviewer
    _junior_defender(clock.today)
    shown: list[tuple[str, str]] = []
    serial = iter(range(100))

    def apply(  # type: ignore[no-untyped-def]
        back: int, *, matter: str = "maintenance", income: int = 1500, hour: int = 9, **extra
    ) -> LegalAidCase:
        i = next(serial)
        first17 = f"{WUHOU}19{rng.randrange(60, 99)}0{rng.randrange(1, 9)}1{rng.randrange(1, 9)}"
        first17 += f"{rng.randrange(1000):03d}"
        name = rng.choice("王李张刘陈杨黄赵吴周") + rng.choice("建华秀兰志强丽娟国平") + "演"
        return services.legalaid_apply(
            channel=rng.choice([Channel.WALK_IN, Channel.WEB, Channel.HOTLINE]),
            region=wuhou,
            applicant=PartyInput(
                name=name,
                phone=f"139{rng.randrange(10**8):08d}",
                id_number=first17 + id_check_digit(first17),
            ),
            matter=matter,
            household_size=2,
            monthly_income=Decimal(income * 2),
            assets=Decimal(3000),
            idempotency_key=f"{key}{i:02d}",
            now=clock.at(back, hour),
            **extra,
        )

    def accept(case: LegalAidCase, back: int) -> None:
        services.legalaid_accept(case=case, actor=reviewer, now=clock.at(back, 11))

    # 1. A refusal objected to online and upheld: the applicant is told of reconsideration.
    case = apply(
        25, income=9000, facts="（演示）请求子女支付赡养费。", opposing_party="演示赡养义务人甲"
    )
    accept(case, 25)
    services.legalaid_decide(case=case, actor=reviewer, grant=False, now=clock.at(23, 15))
    o = objections.objection_file(
        case=case,
        actor=None,
        now=clock.at(20, 20),
        reasons="（演示）我还要抚养两个孩子，收入不够。",
    )
    objections.objection_decide(
        objection=o,
        actor=bureau,
        uphold=True,
        reasons="经核实，申请人家庭人均月收入明显高于本地经济困难标准，原决定并无不当",
        now=clock.at(17, 16),
    )
    shown.append((case.order.number, "异议：维持不予法律援助决定（告知行政复议、行政诉讼）"))

    # 2. A refusal objected to at the window and corrected: decided again and assigned.
    case = apply(
        20,
        matter="labour_remuneration",
        facts="（演示）在工地务工被拖欠工资。",
        opposing_party="演示劳务公司乙",
    )
    accept(case, 20)
    services.legalaid_decide(
        case=case,
        actor=reviewer,
        grant=False,
        reasons="申请人未能提供劳动关系证明",
        now=clock.at(17, 15),
    )
    o = objections.objection_file(
        case=case,
        actor=clerk,
        now=clock.at(15, 10),
        reasons="（演示）已补交考勤记录和工友证言，能证明劳动关系。",
    )
    objections.objection_decide(
        objection=o,
        actor=bureau,
        uphold=False,
        reasons="申请人已补交证明劳动关系的材料，原决定认定事实不清",
        now=clock.at(13, 16),
    )
    services.legalaid_decide(
        case=case,
        actor=reviewer,
        grant=True,
        reasons="经重新审查，申请人请求支付劳动报酬，家庭人均收入低于本地标准",
        now=clock.at(11, 10),
    )
    services.legalaid_assign(case=case, actor=reviewer, now=clock.at(10, 10))
    shown.append((case.order.number, "异议：责令改正后重新决定给予并指派"))

    # 3. An objection waiting for the bureau, within its five working days.
    case = apply(
        8, income=9000, facts="（演示）请求父亲支付抚养费。", opposing_party="演示抚养义务人丙"
    )
    accept(case, 8)
    services.legalaid_decide(case=case, actor=reviewer, grant=False, now=clock.at(7, 15))
    objections.objection_file(
        case=case, actor=None, now=clock.at(2, 20), reasons="（演示）孩子生病，家里开支很大。"
    )
    shown.append((case.order.number, "异议：司法局审查中"))

    # 4. A termination objected to and left past the bureau's deadline.
    case = apply(
        30, matter="work_injury", facts="（演示）工伤赔偿。", opposing_party="演示建材公司丁"
    )
    accept(case, 30)
    services.legalaid_decide(case=case, actor=reviewer, grant=True, now=clock.at(28, 15))
    services.legalaid_assign(case=case, actor=reviewer, now=clock.at(27, 10))
    services.legalaid_terminate(
        case=case,
        actor=reviewer,
        ground=4,
        reasons="受援人已在新单位就业，家庭人均收入高于本地经济困难标准",
        now=clock.at(14, 15),
    )
    objections.objection_file(
        case=case,
        actor=clerk,
        now=clock.at(10, 10),
        reasons="（演示）新工作是临时工，三个月合同，收入不稳定。",
    )
    shown.append((case.order.number, "异议：对终止法律援助的异议，审查超期"))

    # 5. Advance aid with the materials still outstanding (time limit in four days).
    case = apply(
        1,
        matter="labour_remuneration",
        facts="（演示）劳动仲裁时效即将届满，需立即申请仲裁。",
        opposing_party="演示餐饮公司戊",
        limitation_deadline=clock.day(1) + dt.timedelta(days=5),
    )
    advance = {
        "case": case,
        "actor": clerk,
        "ground": 1,
        "materials": "家庭经济状况说明、劳动关系证明",
        "materials_due": workdays.add_working_days(clock.day(1), 5, cal),
        "now": clock.at(1, 15),
    }
    # To the labour lawyer behind the la_lawyer login, so that login has a case to open.
    login = User.objects.filter(username="la_lawyer").select_related("practitioner").first()
    what = "先行提供法律援助：待补办手续和材料"
    try:
        services.legalaid_advance(**advance, practitioner=login.practitioner if login else None)
        what += "（la_lawyer 承办）" if login and login.practitioner else ""
    except services.LegalAidError:  # that lawyer cannot take it: the recommended one does
        services.legalaid_advance(**advance)
    shown.append((case.order.number, what))

    # 6. Advance aid whose materials are late.
    case = apply(
        6,
        matter="traffic",
        facts="（演示）交通事故，对方正在转移车辆。",
        opposing_party="演示肇事人己",
    )
    services.legalaid_advance(
        case=case,
        actor=clerk,
        ground=2,
        reasons="需要立即申请财产保全（查封肇事车辆）",
        materials="身份证明、家庭经济状况说明",
        materials_due=workdays.add_working_days(clock.day(6), 3, cal),
        now=clock.at(6, 15),
    )
    shown.append((case.order.number, "先行提供法律援助：补办逾期"))

    # 7. Advance aid, materials in, granted: the same lawyer goes on.
    case = apply(
        10,
        matter="labour_remuneration",
        facts="（演示）老板准备关厂，需立即申请财产保全。",
        opposing_party="演示制衣厂庚",
    )
    services.legalaid_advance(
        case=case,
        actor=clerk,
        ground=2,
        reasons="需要立即申请财产保全",
        materials="家庭经济状况说明",
        materials_due=workdays.add_working_days(clock.day(10), 3, cal),
        now=clock.at(10, 15),
    )
    services.legalaid_advance_materials_received(case=case, actor=clerk, now=clock.at(8, 10))
    services.legalaid_decide(case=case, actor=reviewer, grant=True, now=clock.at(7, 16))
    shown.append((case.order.number, "先行提供法律援助：补齐材料后决定给予，原承办人继续承办"))

    # 8. Advance aid, then refused: the advance aid ends.
    case = apply(
        14,
        matter="contract",
        income=9000,
        facts="（演示）借款合同纠纷，诉讼时效即将届满。",
        opposing_party="演示借款人辛",
        limitation_deadline=clock.day(14) + dt.timedelta(days=4),
    )
    services.legalaid_advance(
        case=case,
        actor=clerk,
        ground=1,
        materials="家庭经济状况说明",
        materials_due=workdays.add_working_days(clock.day(14), 3, cal),
        now=clock.at(14, 14),
    )
    services.legalaid_decide(
        case=case,
        actor=reviewer,
        grant=False,
        reasons="申请人未按期补办手续，且家庭人均收入高于本地经济困难标准",
        now=clock.at(8, 16),
    )
    shown.append((case.order.number, "先行提供法律援助：决定不予，先行援助终止"))

    # 9. Under review, its time limit five days off: the page suggests advance aid.
    case = apply(
        0,
        hour=8,
        matter="social_insurance",
        facts="（演示）工伤保险待遇，申请行政复议的期限即将届满。",
        opposing_party="演示社保经办机构",
        limitation_deadline=clock.today + dt.timedelta(days=5),
    )
    accept(case, 0)
    shown.append((case.order.number, "建议先行提供法律援助（距期限届满不足七日）"))

    # 10. A possible death sentence: the junior defender is skipped (art. 26).
    case = apply(
        5,
        matter="criminal_defence",
        circumstances=["life_or_death"],
        facts="（演示）家属代为申请：涉嫌故意杀人，可能判处死刑，没有委托辩护人。",
        opposing_party="",
    )
    accept(case, 5)
    services.legalaid_decide(case=case, actor=reviewer, grant=True, now=clock.at(4, 15))
    try:
        services.legalaid_assign(case=case, actor=reviewer, now=clock.at(3, 10))
    except services.LegalAidError:  # every qualified defender busy: the page says why
        shown.append((case.order.number, "可能判处死刑：暂无符合第二十六条的律师可指派"))
    else:
        shown.append((case.order.number, "可能判处死刑：只指派三年以上刑事辩护经历的律师"))
    return shown
