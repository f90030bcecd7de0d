"""Demo step 40: work orders over the last 18 months with a believable shape.

- Volume grows over the period, is lower at weekends and collapses in the Spring Festival
  week; wage disputes (劳动争议/欠薪) rise in the weeks before the festival, when migrant
  workers go home and ask for the year's pay.
- Every county takes orders in proportion to its population; the category mix depends on
  the county: land, neighbour and family matters weigh more in rural counties, consumer,
  property-management, housing, contract and IP matters in Chengdu's districts.
- Channels: about 50% hotline, 30% web, 20% walk-in.
- Each order follows a path of the transition table with believable delays; the path is
  cut at ``now``, so old orders are closed (most with a satisfaction rating) and recent ones
  open, and a few are stuck past their deadline. Parties carry valid, encrypted ID numbers
  and mobiles (synthetic: the check digit is right, the person does not exist).

Rows are inserted in bulk with explicit ids (``fawang.lib.bulk``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fawang.lib import crypto
from fawang.lib.bulk import db_datetime, insert_rows, reset_sequence
from fawang.lib.names import chinese_name
from fawang.lib.progress import progress_bar
from fawang.lib.validators import id_check_digit, mask_id_number, mask_mobile
from fawang.network.models import Institution, Practitioner, ServicePoint
from fawang.regions.models import Level, Region
from fawang.workorders.models import (
    Category,
    Channel,
    NumberSequence,
    Party,
    Service,
    Status,
    WorkOrder,
    WorkOrderEvent,
)
from fawang.workorders.transitions import TRANSITIONS

ORDER = 40
DAYS = 548  # 18 months

# 农历正月初一 (first day of the lunar year), from the Purple Mountain Observatory's
# 《中国天文年历》; the same dates anchor the State Council's yearly holiday notices.
SPRING_FESTIVAL = [
    dt.date(2024, 2, 10),
    dt.date(2025, 1, 29),
    dt.date(2026, 2, 17),
    dt.date(2027, 2, 6),
    dt.date(2028, 1, 26),
    dt.date(2029, 2, 13),
    dt.date(2030, 2, 3),
]

CHANNEL_MIX = [(Channel.HOTLINE, 50), (Channel.WEB, 30), (Channel.WALK_IN, 20)]
C = Category
URBAN_MIX = {
    C.LABOUR_WAGE: 16, C.WORK_INJURY: 4, C.SOCIAL_INSURANCE: 4, C.MARRIAGE_FAMILY: 9,
    C.INHERITANCE: 4, C.SUPPORT: 2, C.NEIGHBOUR: 3, C.LENDING: 7, C.CONTRACT: 9,
    C.HOUSING: 9, C.PROPERTY_MGMT: 9, C.TRAFFIC: 5, C.MEDICAL: 3, C.PERSONAL_INJURY: 3,
    C.CONSUMER: 10, C.LAND: 0.5, C.IP: 4, C.COMPANY: 5, C.ENVIRONMENT: 1, C.CRIMINAL: 3,
    C.ADMINISTRATIVE: 3, C.OTHER: 3,
}  # fmt: skip
RURAL_MIX = {
    C.LABOUR_WAGE: 17, C.WORK_INJURY: 4, C.SOCIAL_INSURANCE: 3, C.MARRIAGE_FAMILY: 14,
    C.INHERITANCE: 6, C.SUPPORT: 6, C.NEIGHBOUR: 11, C.LENDING: 8, C.CONTRACT: 3,
    C.HOUSING: 2, C.PROPERTY_MGMT: 0.5, C.TRAFFIC: 5, C.MEDICAL: 2, C.PERSONAL_INJURY: 4,
    C.CONSUMER: 2, C.LAND: 13, C.IP: 0.1, C.COMPANY: 1, C.ENVIRONMENT: 2, C.CRIMINAL: 3,
    C.ADMINISTRATIVE: 3, C.OTHER: 3,
}  # fmt: skip
CATEGORIES = list(URBAN_MIX)

S = Service
SERVICE_OF = {  # service mix per category (weights)
    C.LABOUR_WAGE: {S.CONSULTATION: 60, S.LEGAL_AID: 20, S.MEDIATION: 12, S.ARBITRATION: 6,
                    S.COMPLAINT: 2},
    C.WORK_INJURY: {S.CONSULTATION: 55, S.LEGAL_AID: 25, S.APPRAISAL: 12, S.ARBITRATION: 8},
    C.MARRIAGE_FAMILY: {S.CONSULTATION: 65, S.MEDIATION: 25, S.LEGAL_AID: 7, S.NOTARY: 3},
    C.INHERITANCE: {S.CONSULTATION: 55, S.NOTARY: 30, S.MEDIATION: 15},
    C.SUPPORT: {S.CONSULTATION: 50, S.MEDIATION: 35, S.LEGAL_AID: 15},
    C.NEIGHBOUR: {S.MEDIATION: 60, S.CONSULTATION: 40},
    C.LAND: {S.CONSULTATION: 55, S.MEDIATION: 35, S.COMPLAINT: 10},
    C.TRAFFIC: {S.CONSULTATION: 60, S.MEDIATION: 25, S.APPRAISAL: 15},
    C.MEDICAL: {S.CONSULTATION: 50, S.MEDIATION: 30, S.APPRAISAL: 20},
    C.PERSONAL_INJURY: {S.CONSULTATION: 60, S.APPRAISAL: 20, S.MEDIATION: 20},
    C.COMPANY: {S.CONSULTATION: 60, S.ENTERPRISE_COMPLAINT: 25, S.ARBITRATION: 15},
    C.CONTRACT: {S.CONSULTATION: 65, S.ARBITRATION: 15, S.MEDIATION: 15, S.NOTARY: 5},
    C.IP: {S.CONSULTATION: 70, S.ENTERPRISE_COMPLAINT: 20, S.APPRAISAL: 10},
    C.CRIMINAL: {S.CONSULTATION: 60, S.LEGAL_AID: 40},
    C.ADMINISTRATIVE: {S.CONSULTATION: 75, S.COMPLAINT: 25},
}  # fmt: skip
DEFAULT_SERVICES = {S.CONSULTATION: 80, S.MEDIATION: 15, S.COMPLAINT: 5}
# Calendar days to the deadline (the dispatch module recomputes in working days).
DUE_DAYS = {
    S.CONSULTATION: 7, S.LEGAL_AID: 10, S.MEDIATION: 30, S.NOTARY: 20, S.ARBITRATION: 60,
    S.APPRAISAL: 30, S.COMPLAINT: 15, S.ENTERPRISE_COMPLAINT: 10, S.OTHER: 15,
}  # fmt: skip

DESCRIPTIONS = {
    C.LABOUR_WAGE: [
        "在{place}的工地干了{n}个月，包工头拖欠工资{amount}元，快过年了还不给，想知道怎么讨薪。",
        "公司已经{n}个月没发工资了，共欠{amount}元，老板说资金困难，我们该怎么办？",
        "被公司口头辞退，没有签劳动合同，也没有补偿，想申请劳动仲裁。",
    ],
    C.WORK_INJURY: ["在{place}干活时从脚手架上摔下受伤，老板不给申报工伤，医药费已花{amount}元。"],
    C.SOCIAL_INSURANCE: ["单位没有给我缴纳社保，已经工作{n}年，想补缴并要求赔偿。"],
    C.MARRIAGE_FAMILY: [
        "和丈夫感情破裂想离婚，孩子抚养权和房子怎么分？",
        "家里老人想立遗嘱、做婚前财产约定，需要什么手续？",
    ],
    C.INHERITANCE: ["父亲去世没有留遗嘱，兄妹{n}人对老房子的继承有争议。"],
    C.SUPPORT: ["{n}个子女都不愿赡养年迈的母亲，村里调解过没有结果。"],
    C.NEIGHBOUR: [
        "邻居建房占了我家宅基地约{n}平方米，还堵了排水沟，协商不成。",
        "隔壁装修噪音大、漏水到我家，物业协调无果。",
    ],
    C.LENDING: ["借给亲戚{amount}元，有借条，到期不还，电话也不接。"],
    C.CONTRACT: ["和{place}一家公司签了供货合同，对方收货后拖欠货款{amount}元。"],
    C.HOUSING: [
        "租的房子房东不退押金{amount}元，还说要扣维修费。",
        "买的商品房延期交房{n}个月，开发商不赔偿。",
    ],
    C.PROPERTY_MGMT: ["小区物业乱收费、电梯长期坏了不修，业主们想维权。"],
    C.TRAFFIC: ["在{place}被电动车撞伤，对方没有保险，医药费{amount}元谁来赔？"],
    C.MEDICAL: ["家人在医院手术后出现并发症，怀疑医疗过错，想做鉴定。"],
    C.PERSONAL_INJURY: ["孩子在学校受伤，学校说不负责任，医药费{amount}元。"],
    C.CONSUMER: [
        "在网上买的家电有质量问题，商家拒绝退货，价值{amount}元。",
        "办了健身卡{amount}元，店铺突然关门跑路。",
    ],
    C.LAND: [
        "村里征地补偿款分配不公，我家{n}亩承包地的补偿没有到位。",
        "土地承包经营权被村组收回另行发包，想知道是否合法。",
    ],
    C.IP: ["我们公司的商标被{place}一家企业仿冒使用，怎么维权？"],
    C.COMPANY: ["小微企业遇到乱罚款、拖欠账款问题，想投诉并咨询法律途径。"],
    C.ENVIRONMENT: ["村旁的厂子排污，庄稼和鱼塘受损，损失约{amount}元。"],
    C.CRIMINAL: ["家人被刑事拘留，家里经济困难请不起律师，能否申请法律援助？"],
    C.ADMINISTRATIVE: ["对{place}有关部门的行政处罚决定不服，想申请行政复议。"],
    C.OTHER: ["想咨询一个法律问题，不知道属于哪一类。"],
}
PLACES = ["成都", "绵阳", "德阳", "宜宾", "南充", "工业园区", "县城", "镇上", "深圳", "浙江"]
SATISFACTION = [(5, 60), (4, 25), (3, 9), (2, 4), (1, 2)]


def spring_festival_weight(day: dt.date) -> tuple[float, float]:
    """(volume factor, wage-dispute factor) for a day: wage disputes rise over the six
    weeks before the festival and peak about two weeks before; the festival week is quiet."""
    volume, wage = 1.0, 1.0
    for festival in SPRING_FESTIVAL:
        before = (festival - day).days
        if 0 < before <= 45:
            wage += 2.2 * pow(2.718281828, -(((before - 14) / 11) ** 2))
        if -6 <= before <= 1:  # New Year's Eve to the sixth day
            volume *= 0.35
    return volume, wage


def _cum(weights) -> list[float]:  # type: ignore[no-untyped-def]
    return list(itertools.accumulate(weights))


def _pick(rng: random.Random, items: list, cum: list[float]):  # type: ignore[no-untyped-def]
    return items[bisect.bisect_right(cum, rng.random() * cum[-1])]


def county_kind(county: Region) -> str:
    """'urban' for Chengdu's districts, 'rural' for counties (县), 'mixed' otherwise."""
    if county.code.startswith("5101") and county.name.endswith("区"):
        return "urban"
    if county.name.endswith("县"):
        return "rural"
    return "mixed"


def category_mix(kind: str) -> dict[str, float]:
    if kind == "urban":
        return dict(URBAN_MIX)
    if kind == "rural":
        return dict(RURAL_MIX)
    return {c: (URBAN_MIX[c] + RURAL_MIX[c]) / 2 for c in CATEGORIES}


def fake_id_number(rng: random.Random, county_code: str, now: dt.datetime) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 56))
    first17 = f"{county_code}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + id_check_digit(first17)


def fake_mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"


# --- the path an order takes ------------------------------------------------------------

St = Status


def _path(rng: random.Random, channel: str) -> list[str]:
    """A full path through the transition table (validated against it)."""
    path = [St.RECEIVED]
    roll = rng.random()
    if roll < 0.02:
        return [St.RECEIVED, St.REJECTED]
    if channel == Channel.WALK_IN and rng.random() < 0.4:
        path.append(St.ACCEPTED)  # handled at the window
    else:
        path.append(St.DISPATCHED)
        if rng.random() < 0.05:
            path += [St.RETURNED, St.DISPATCHED]
        elif rng.random() < 0.03:
            path += [St.ESCALATED, St.DISPATCHED]
        path.append(St.ACCEPTED)
    if rng.random() < 0.03:
        path += [St.SUSPENDED, St.ACCEPTED]
    path += [St.IN_PROGRESS, St.REPLIED]
    if rng.random() < 0.015:
        path += [St.REOPENED, St.IN_PROGRESS, St.REPLIED]
    if rng.random() < 0.8:
        path.append(St.REVIEWED)
    path.append(St.CLOSED)
    return path


def path_is_legal(path: list[str]) -> bool:
    return all(b in TRANSITIONS.get(a, frozenset()) for a, b in itertools.pairwise(path))


REASONS = {
    St.RETURNED: "不属于本单位职责范围，退回重新派发",
    St.ESCALATED: "案情复杂，报请上级协调",
    St.SUSPENDED: "等待当事人补充材料",
    St.REJECTED: "不属于公共法律服务受理范围，已告知其他途径",
    St.REOPENED: "当事人对答复不满意，重新办理",
}


@dataclass
class _Places:
    counties: list[Region]
    cum_population: list[float]
    below: dict[str, list[Region]] = field(default_factory=dict)  # county → townships+villages
    centre: dict[str, int] = field(default_factory=dict)  # region code → service point id
    station: dict[str, int] = field(default_factory=dict)
    point_name: dict[int, str] = field(default_factory=dict)
    institutions: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    people: dict[int, list[int]] = field(default_factory=dict)  # institution → practitioners


def _places() -> _Places:
    counties = list(Region.objects.filter(level=Level.COUNTY).order_by("code"))
    places = _Places(counties, _cum([c.population or 1 for c in counties]))
    for r in Region.objects.filter(level__gte=Level.TOWNSHIP).only(
        "code", "path", "level", "name", "lng", "lat"
    ):
        places.below.setdefault(r.path.split("/")[2], []).append(r)
    for pk, kind, region_id, name in ServicePoint.objects.filter(
        kind__in=[ServicePoint.Kind.CENTRE, ServicePoint.Kind.STATION]
    ).values_list("pk", "kind", "region_id", "name"):
        (places.centre if kind == ServicePoint.Kind.CENTRE else places.station)[region_id] = pk
        places.point_name[pk] = name
    wanted = [
        Institution.Kind.LAW_FIRM, Institution.Kind.LEGAL_AID, Institution.Kind.MEDIATION,
        Institution.Kind.NOTARY, Institution.Kind.ARBITRATION, Institution.Kind.APPRAISAL,
    ]  # fmt: skip
    for pk, kind, path in Institution.objects.filter(kind__in=wanted).values_list(
        "pk", "kind", "region_path"
    ):
        parts = path.split("/")
        key = parts[2] if len(parts) > 2 else parts[-1]  # county, or city for city-level ones
        places.institutions.setdefault((kind, key), []).append(pk)
    for pk, inst in Practitioner.objects.filter(
        institution__kind__in=wanted, region__level__lte=Level.TOWNSHIP
    ).values_list("pk", "institution_id"):
        places.people.setdefault(inst, []).append(pk)
    return places


_INSTITUTION_FOR = {
    S.LEGAL_AID: Institution.Kind.LEGAL_AID,
    S.MEDIATION: Institution.Kind.MEDIATION,
    S.NOTARY: Institution.Kind.NOTARY,
    S.ARBITRATION: Institution.Kind.ARBITRATION,
    S.APPRAISAL: Institution.Kind.APPRAISAL,
}
_PARTY_FIELDS = (
    "id", "kind", "name", "id_number_enc", "id_number_index", "id_number_masked", "phone_enc",
    "phone_index", "phone_masked", "phone_last4", "created_at",
)  # fmt: skip
_ORDER_FIELDS = (
    "id", "number", "channel", "service", "category", "status", "status_before_suspend",
    "language", "region", "county", "region_path", "lng", "lat", "party", "title",
    "description", "opposing_party", "assigned_point", "assigned_institution",
    "assigned_person", "first_response_due_at", "due_at", "first_responded_at", "replied_at",
    "closed_at", "status_changed_at", "satisfaction", "created_at", "updated_at",
)  # fmt: skip
_EVENT_FIELDS = (
    "id", "order", "at", "actor_name", "unit", "kind", "from_status", "to_status", "reason",
    "extra",
)  # fmt: skip


def _next_id(model) -> int:  # type: ignore[no-untyped-def]
    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def _reset() -> None:
    WorkOrder.objects.all().delete()
    Party.objects.all().delete()
    NumberSequence.objects.all().delete()


@transaction.atomic
def workorders_make_demo(
    *, rng: random.Random, now: dt.datetime, count: int, days: int = DAYS, bar=None
) -> dict[str, int]:  # type: ignore[no-untyped-def]
    _reset()
    places = _places()
    tz = timezone.get_current_timezone()
    start = timezone.localtime(now).date() - dt.timedelta(days=days)
    day_list = [start + dt.timedelta(days=i) for i in range(days + 1)]
    day_volume, day_wage = [], []
    for i, day in enumerate(day_list):
        volume, wage = spring_festival_weight(day)
        growth = 0.7 + 0.6 * i / days  # demand grows over the period
        weekly = 0.6 if day.weekday() >= 5 else 1.0
        day_volume.append(volume * growth * weekly)
        day_wage.append(wage)
    day_cum = _cum(day_volume)
    day_indices = list(range(len(day_list)))
    channels, channel_cum = [c for c, _ in CHANNEL_MIX], _cum([w for _, w in CHANNEL_MIX])
    sat_values, sat_cum = [v for v, _ in SATISFACTION], _cum([w for _, w in SATISFACTION])
    mixes = {k: category_mix(k) for k in ("urban", "rural", "mixed")}
    service_tables = {
        c: ([s for s in SERVICE_OF.get(c, DEFAULT_SERVICES)],
            _cum(SERVICE_OF.get(c, DEFAULT_SERVICES).values()))
        for c in CATEGORIES
    }  # fmt: skip

    # 1. what, where, when — then sort by time so numbers follow creation order.
    drafts = []
    for _ in range(count):
        d_index = _pick(rng, day_indices, day_cum)
        day = day_list[d_index]
        seconds = int(rng.triangular(7.5, 21.5, 10.5) * 3600)
        created = dt.datetime.combine(day, dt.time(0), tz) + dt.timedelta(seconds=seconds)
        if created >= now:
            created = now - dt.timedelta(minutes=rng.randint(5, 600))
        county = _pick(rng, places.counties, places.cum_population)
        mix = dict(mixes[county_kind(county)])
        mix[C.LABOUR_WAGE] *= day_wage[d_index]
        category = _pick(rng, CATEGORIES, _cum(mix.values()))
        drafts.append((created, county, category))
    drafts.sort(key=lambda d: d[0])

    party_id, order_id, event_id = _next_id(Party), _next_id(WorkOrder), _next_id(WorkOrderEvent)
    seq: dict[tuple[str, dt.date], int] = {}
    parties, orders, events = [], [], []
    stats = {"orders": 0, "events": 0}
    hotline_centre = ServicePoint.objects.filter(kind=ServicePoint.Kind.HOTLINE).first()
    hotline_name = hotline_centre.name if hotline_centre else "12348热线"

    def flush() -> None:
        insert_rows(Party, _PARTY_FIELDS, parties)
        insert_rows(WorkOrder, _ORDER_FIELDS, orders)
        insert_rows(WorkOrderEvent, _EVENT_FIELDS, events)
        if bar is not None:
            bar.update(len(orders))
        stats["orders"] += len(orders)
        stats["events"] += len(events)
        parties.clear()
        orders.clear()
        events.clear()

    for created, county, category in drafts:
        channel = _pick(rng, channels, channel_cum)
        services, s_cum = service_tables[category]
        service = _pick(rng, services, s_cum)
        city = county.code[:4] + "00"
        language = "zh"
        if city in ("513200", "513300") and rng.random() < 0.2:
            language = "bo"
        elif city == "513400" and rng.random() < 0.15:
            language = "ii"
        elif city == "510100" and rng.random() < 0.005:
            language = rng.choice(["en", "ja", "ko", "ru"])
        below = places.below.get(county.code, [])
        roll = rng.random()
        if below and roll < 0.75:
            region = rng.choice(below)
            region_code, region_path = region.code, region.path
            lng, lat = region.lng, region.lat
        else:
            region_code, region_path, lng, lat = county.code, county.path, county.lng, county.lat

        # Party
        enterprise = category in (C.COMPANY, C.IP) and rng.random() < 0.6
        name = (f"四川演示{rng.choice(['恒达', '蜀兴', '川粮', '锦程', '天成'])}有限公司"
                if enterprise else chinese_name(rng, prefecture=city))  # fmt: skip
        id_number = "" if enterprise else fake_id_number(rng, county.code, now)
        mobile = fake_mobile(rng)
        created_db = db_datetime(created)
        parties.append((
            party_id, "enterprise" if enterprise else "person", name,
            crypto.encrypt(id_number, context="party.id_number"),
            crypto.blind_index(id_number, purpose="id_number"),
            mask_id_number(id_number) if id_number else "",
            crypto.encrypt(mobile, context="party.phone"),
            crypto.blind_index(mobile, purpose="phone"),
            mask_mobile(mobile), mobile[-4:], created_db,
        ))  # fmt: skip

        # Number
        local_day = timezone.localtime(created).date()
        key = (county.code, local_day)
        seq[key] = seq.get(key, 0) + 1
        number = f"SC{county.code}-{local_day:%Y%m%d}-{seq[key]:04d}"

        # Assignment
        point_id = None
        if region_code != county.code and rng.random() < 0.5:
            township = region_path.split("/")[3]
            point_id = places.station.get(township)
        point_id = point_id or places.centre.get(county.code)
        inst_id = person_id = None
        inst_kind = _INSTITUTION_FOR.get(service)
        if service == S.LEGAL_AID and rng.random() < 0.7:
            inst_kind = Institution.Kind.LAW_FIRM
        if inst_kind:
            options = places.institutions.get((inst_kind, county.code)) or places.institutions.get(
                (inst_kind, city), []
            )
            if options:
                inst_id = rng.choice(options)
                staff = places.people.get(inst_id)
                person_id = rng.choice(staff) if staff else None
        unit = places.point_name.get(point_id, "")

        # Path, times, cut at now
        due_days = DUE_DAYS[service]
        due_at = created + dt.timedelta(days=due_days)
        first_due = created + dt.timedelta(hours=24)
        path = _path(rng, channel)
        late = rng.random() < 0.08
        stuck = rng.random() < 0.01  # never gets past in_progress: overdue
        t = created
        timeline = [(St.RECEIVED, t)]
        for nxt in path[1:]:
            if nxt == St.DISPATCHED:
                t += dt.timedelta(minutes=rng.randint(10, 240))
            elif nxt == St.ACCEPTED:
                t += dt.timedelta(minutes=rng.randint(20, 30 * 60 if not late else 50 * 60))
            elif nxt == St.IN_PROGRESS:
                t += dt.timedelta(minutes=rng.randint(10, 24 * 60))
            elif nxt == St.REPLIED:
                share = rng.uniform(1.05, 1.6) if late else rng.uniform(0.1, 0.9)
                target = created + dt.timedelta(days=due_days * share)
                t = max(t + dt.timedelta(minutes=30), target)
            elif nxt in (St.REVIEWED, St.CLOSED):
                t += dt.timedelta(hours=rng.uniform(2, 72))
            else:
                t += dt.timedelta(hours=rng.uniform(1, 48))
            if t >= now or (stuck and nxt == St.REPLIED):
                break
            timeline.append((nxt, t))
        status, changed = timeline[-1]
        accepted_at = next((at for s, at in timeline if s == St.ACCEPTED), None)
        replied_at = max((at for s, at in timeline if s == St.REPLIED), default=None)
        closed_at = changed if status in (St.CLOSED, St.REJECTED) else None
        satisfaction = None
        if any(s == St.REVIEWED for s, _ in timeline):
            satisfaction = _pick(rng, sat_values, sat_cum)
        before_suspend = St.ACCEPTED if status == St.SUSPENDED else ""
        assigned = len(timeline) > 1 and timeline[1][0] in (St.DISPATCHED, St.ACCEPTED)
        title = f"{Category(category).label}{Service(service).label}"
        text = rng.choice(DESCRIPTIONS.get(category, DESCRIPTIONS[C.OTHER])).format(
            place=rng.choice(PLACES), n=rng.randint(2, 9), amount=rng.randint(3, 200) * 500
        )
        orders.append((
            order_id, number, channel, service, category, status, before_suspend, language,
            region_code, county.code, region_path, lng, lat, party_id, title, text, "",
            point_id if assigned else None, inst_id if assigned else None,
            person_id if assigned and accepted_at else None,
            db_datetime(first_due), db_datetime(due_at),
            db_datetime(accepted_at or replied_at), db_datetime(replied_at),
            db_datetime(closed_at), db_datetime(changed), satisfaction, created_db,
            db_datetime(changed),
        ))  # fmt: skip
        prev_status = ""
        for s, at in timeline:
            if s == St.RECEIVED:
                actor = (
                    "12348坐席"
                    if channel == Channel.HOTLINE
                    else ("窗口工作人员" if channel == Channel.WALK_IN else "网上申请")
                )
                where = (
                    hotline_name
                    if channel == Channel.HOTLINE
                    else (unit if channel == Channel.WALK_IN else "")
                )
                reason = f"受理（{Channel(channel).label}）"
            else:
                actor, where = "工作人员", unit
                reason = REASONS.get(s, "")
            extra = {"satisfaction": satisfaction} if s == St.REVIEWED else {}
            events.append((
                event_id, order_id, db_datetime(at), actor, where, "transition", prev_status,
                s, reason, json.dumps(extra, ensure_ascii=False),
            ))  # fmt: skip
            event_id += 1
            prev_status = s
        party_id += 1
        order_id += 1
        if len(orders) >= 2000:
            flush()
    flush()
    insert_rows(
        NumberSequence,
        ("county_code", "day", "last"),
        [(c, d, n) for (c, d), n in seq.items()],
    )
    for model in (Party, WorkOrder, WorkOrderEvent, NumberSequence):
        reset_sequence(model)
    return stats


def load(*, rng, now, stdout, options) -> list[str]:  # type: ignore[no-untyped-def]
    count = int(options.get("orders") or 24000)
    with progress_bar(count, "工单（演示）") as bar:
        stats = workorders_make_demo(rng=random.Random(rng.random()), now=now, count=count, bar=bar)
    stdout.write(f"  工单：{stats['orders']} 张，流转记录 {stats['events']} 条")
    return []
