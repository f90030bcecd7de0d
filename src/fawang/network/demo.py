"""Demo step 20: Sichuan's five-level network with believable numbers.

Service points: 1 province centre, 21 city centres, 183 county centres, a station per
township, a room per village, and the special points (prisons, drug rehabilitation,
enterprise-complaint, veterans', campus, the 12348 hotline centre). Institutions of every
kind and practitioners in numbers proportional to the county's population: lawyers at
Sichuan's ≈3.3 per 10,000 residents, concentrated in cities; mediators in every
committee and village; a few 法律明白人 per village. Languages: Tibetan in Aba and Ganzi,
Yi in Liangshan, some English/Korean/Japanese/Russian in Chengdu. All names are
synthetic (institutions carry 演示 in their names). Rows go in with bulk_create, so
``region_path`` is set here rather than by ``save()``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict

from django.db import transaction

from fawang.lib.bulk import insert_rows
from fawang.lib.names import chinese_name
from fawang.lib.progress import progress_bar
from fawang.network.models import Institution, LanguagesMixin, Practitioner, ServicePoint
from fawang.regions.models import Level, Region
from fawang.workorders.models import Category

ORDER = 20

LAWYERS_PER_10K = 3.3  # Sichuan, 2023: about 27,000 lawyers for 83.7 million residents
TIBETAN = ("513200", "513300")  # Aba, Ganzi
YI = "513400"  # Liangshan
CHENGDU = "510100"
CHENGDU_CORE = {"510104", "510105", "510106", "510107", "510108"}
APPRAISAL_FIELDS = [
    "法医临床",
    "法医病理",
    "法医物证",
    "法医毒物",
    "法医精神病",
    "文书",
    "痕迹",
    "声像资料",
    "电子数据",
    "环境损害",
]
FIRM_WORDS = [
    "正信",
    "天府",
    "蜀道",
    "锦城",
    "明理",
    "公诚",
    "德衡",
    "中和",
    "泰合",
    "立达",
    "卓越",
    "同心",
    "众成",
    "凯安",
    "华信",
    "智诚",
]
BATCH = 5000


def _stem(name: str) -> str:
    for suffix in (
        "藏族羌族自治州",
        "藏族自治州",
        "彝族自治州",
        "藏族自治县",
        "彝族自治县",
        "羌族自治县",
        "土家族苗族自治县",
        "自治县",
        "市",
        "区",
        "县",
    ):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _urban_factor(county: Region) -> float:
    """How concentrated legal professionals are: city cores most, rural counties least."""
    if county.code in CHENGDU_CORE:
        return 4.0
    city = county.code[:4] + "00"
    if city == CHENGDU:
        return 1.6 if county.name.endswith("区") else 0.8
    if city in TIBETAN or city == YI:
        return 0.9 if county.name.endswith("市") else 0.35
    if county.name.endswith("区"):
        return 1.3
    if county.name.endswith("市"):
        return 0.9
    return 0.5


def _languages(
    rng: random.Random, city: str, *, official: bool = False, foreign: bool = True
) -> str:
    codes = ["zh"]
    if city in TIBETAN and (official or rng.random() < 0.35):
        codes.append("bo")
    if city == YI and (official or rng.random() < 0.3):
        codes.append("ii")
    if city == CHENGDU and foreign:
        roll = rng.random()
        if roll < 0.05:
            codes.append("en")
        elif roll < 0.06:
            codes.append("ja")
        elif roll < 0.07:
            codes.append("ko")
        elif roll < 0.075:
            codes.append("ru")
    return LanguagesMixin.encode_languages(codes)


def _near(rng: random.Random, region: Region, spread: float = 0.03) -> tuple[float, float]:
    lng, lat = region.lng or 104.07, region.lat or 30.67
    return round(lng + rng.uniform(-spread, spread), 6), round(
        lat + rng.uniform(-spread, spread), 6
    )


def _phone(rng: random.Random, county_code: str) -> str:
    return (
        f"028-{rng.randint(60000000, 89999999)}"
        if county_code[:4] == "5101"
        else (f"0{rng.randint(812, 839)}-{rng.randint(2000000, 8999999)}")
    )


def _point(
    rng,
    region: Region,
    kind: str,
    level: int,
    name: str,
    *,
    capacity: int,
    languages: str,
    smart: bool = False,
) -> ServicePoint:  # type: ignore[no-untyped-def]
    lng, lat = _near(rng, region, 0.01 if level >= Level.TOWNSHIP else 0.03)
    return ServicePoint(
        name=name,
        kind=kind,
        level=level,
        region=region,
        region_path=region.path,
        address=f"{region.name}政务服务中心" if level <= Level.COUNTY else region.name,
        phone="12348" if kind == ServicePoint.Kind.HOTLINE else _phone(rng, region.code[:6]),
        lng=lng,
        lat=lat,
        capacity=capacity,
        languages=languages,
        smart_services=smart,
    )


def _institution(rng, region: Region, kind: str, name: str, **kw) -> Institution:  # type: ignore[no-untyped-def]
    lng, lat = _near(rng, region)
    return Institution(
        name=name,
        kind=kind,
        region=region,
        region_path=region.path,
        address=f"{region.name}{rng.choice(['人民路', '建设路', '中山路', '解放路', '滨江路'])}"
        f"{rng.randint(1, 300)}号",
        phone=_phone(rng, region.code[:6]),
        lng=lng,
        lat=lat,
        standardised=rng.random() < 0.8,
        informatised=rng.random() < 0.7,
        **kw,
    )


def _expertise_labels() -> list[str]:
    return [str(c.label) for c in Category if c != Category.OTHER]


_PRACTITIONER_FIELDS = (
    "name",
    "kind",
    "institution",
    "service_point",
    "region",
    "region_path",
    "licence_no",
    "expertise",
    "capacity",
    "full_time",
    "is_backbone",
    "is_active",
    "languages",
    "practice_since",
    "criminal_practice_since",
)


def _practice_dates(
    kind: str, licence_year: int | None, expertise: str, k: int
) -> tuple[dt.date | None, dt.date | None]:
    """When a lawyer (or legal-aid lawyer) began to practise — the year in their licence
    number, as on a real 律师执业证 — and, if criminal defence is among their fields, when
    they began to defend (the same year or up to three years later). Spread by ``k``."""
    if kind not in ("lawyer", "legal_aid"):
        return None, None
    year = licence_year or 2002 + (k * 7) % 23
    since = dt.date(year, 1 + k % 12, 1 + (k * 7) % 28)
    if "刑事" not in expertise:
        return since, None
    return since, since.replace(year=min(year + k % 4, 2025))


# Professions among whom Chengdu has English, Japanese, Korean and Russian speakers.
_FOREIGN_LANGUAGE_KINDS = frozenset({"lawyer", "arbitrator", "notary", "legal_aid"})


class _Builder:
    """Collects practitioners as tuples and inserts them in batches."""

    def __init__(self, rng: random.Random, bar) -> None:  # type: ignore[no-untyped-def]
        self.rng = rng
        self.bar = bar
        self.rows: list[tuple] = []
        self.count: dict[str, int] = defaultdict(int)
        self.expertise = _expertise_labels()

    def add(
        self,
        n: int,
        kind: str,
        region: Region,
        *,
        institution=None,
        point=None,
        capacity: tuple[int, int] = (5, 15),
        full_time: float = 0.8,
        expertise: bool = True,
        licence: str = "",
    ) -> None:  # type: ignore[no-untyped-def]
        rng = self.rng
        city = region.code[:4] + "00"
        foreign = kind in _FOREIGN_LANGUAGE_KINDS
        inst_id = institution.pk if institution is not None else None
        point_id = point.pk if point is not None else None
        for i in range(n):
            # Drawn in the order the generator always drew them, so the rest of the demo
            # stays the same; the practice dates below draw nothing.
            name = chinese_name(rng, prefecture=city)
            year = rng.randint(2000, 2025) if licence else None
            skills = ",".join(rng.sample(self.expertise, rng.randint(1, 3))) if expertise else ""
            since, criminal_since = _practice_dates(kind, year, skills, len(self.rows) + i)
            self.rows.append(
                (
                    name,
                    kind,
                    inst_id,
                    point_id,
                    region.code,
                    region.path,
                    f"{licence}{region.code[:6]}{year}{i:05d}" if licence else "",
                    skills,
                    rng.randint(*capacity),
                    rng.random() < full_time,
                    rng.random() < 0.1,
                    True,
                    _languages(rng, city, foreign=foreign),
                    since,
                    criminal_since,
                )
            )
        self.count[kind] += n
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        insert_rows(Practitioner, _PRACTITIONER_FIELDS, self.rows, batch=BATCH)
        self.bar.update(len(self.rows))
        self.rows = []


def _reset() -> None:
    Practitioner.objects.all().delete()
    Institution.objects.all().delete()
    ServicePoint.objects.all().delete()


@transaction.atomic
def network_make_demo(*, rng: random.Random, stdout) -> dict[str, int]:  # type: ignore[no-untyped-def]
    _reset()
    regions = list(Region.objects.order_by("code"))
    province = next(r for r in regions if r.level == Level.PROVINCE)
    cities = [r for r in regions if r.level == Level.CITY]
    counties = [r for r in regions if r.level == Level.COUNTY]
    townships: dict[str, list[Region]] = defaultdict(list)
    villages: dict[str, list[Region]] = defaultdict(list)
    for r in regions:
        if r.level == Level.TOWNSHIP:
            townships[r.parent_id].append(r)
        elif r.level == Level.VILLAGE:
            villages[r.parent_id].append(r)
    K = ServicePoint.Kind
    I = Institution.Kind  # noqa: E741
    P = Practitioner.Kind

    # --- service points -------------------------------------------------------------
    points: list[ServicePoint] = [
        _point(
            rng,
            province,
            K.CENTRE,
            Level.PROVINCE,
            "四川省公共法律服务中心",
            capacity=500,
            languages=",zh,bo,ii,en,",
            smart=True,
        ),
        _point(
            rng,
            province,
            K.HOTLINE,
            Level.PROVINCE,
            "四川省12348公共法律服务热线中心",
            capacity=800,
            languages=",zh,bo,ii,en,ja,ko,ru,",
            smart=True,
        ),
    ]
    for city in cities:
        langs = (
            ",zh,en,ja,ko,ru,"
            if city.code == CHENGDU
            else _languages(rng, city.code, official=True)
        )
        points.append(
            _point(
                rng,
                city,
                K.CENTRE,
                Level.CITY,
                f"{city.name}公共法律服务中心",
                capacity=200,
                languages=langs,
                smart=True,
            )
        )
        points.append(
            _point(
                rng,
                city,
                K.ENTERPRISE,
                Level.CITY,
                f"{city.name}涉企投诉服务站",
                capacity=60,
                languages=",zh,",
            )
        )
        n_prisons = 4 if city.code == CHENGDU else (1 if rng.random() < 0.8 else 0)
        for k in range(n_prisons):
            points.append(
                _point(
                    rng,
                    city,
                    K.PRISON,
                    Level.CITY,
                    f"{_stem(city.name)}演示第{k + 1}监狱公共法律服务中心",
                    capacity=40,
                    languages=langs,
                )
            )
        if city.code == CHENGDU or rng.random() < 0.6:
            points.append(
                _point(
                    rng,
                    city,
                    K.REHAB,
                    Level.CITY,
                    f"{_stem(city.name)}演示强制隔离戒毒所公共法律服务中心",
                    capacity=30,
                    languages=langs,
                )
            )
        n_campus = 12 if city.code == CHENGDU else rng.randint(1, 3)
        for k in range(n_campus):
            points.append(
                _point(
                    rng,
                    city,
                    K.CAMPUS,
                    Level.CITY,
                    f"{_stem(city.name)}演示第{k + 1}高校法律服务站",
                    capacity=20,
                    languages=",zh,en," if city.code == CHENGDU else ",zh,",
                )
            )
    for county in counties:
        city = county.code[:4] + "00"
        langs = _languages(rng, city, official=True)
        if county.code in CHENGDU_CORE:
            langs = LanguagesMixin.encode_languages(["zh", "en", rng.choice(["ja", "ko", "ru"])])
        points.append(
            _point(
                rng,
                county,
                K.CENTRE,
                Level.COUNTY,
                f"{county.name}公共法律服务中心",
                capacity=80,
                languages=langs,
                smart=rng.random() < 0.7,
            )
        )
        points.append(
            _point(
                rng,
                county,
                K.VETERANS,
                Level.COUNTY,
                f"{county.name}退役军人公共法律服务工作站",
                capacity=20,
                languages=langs,
            )
        )
        if county.name.endswith("区") and rng.random() < 0.5:
            points.append(
                _point(
                    rng,
                    county,
                    K.ENTERPRISE,
                    Level.COUNTY,
                    f"{county.name}涉企投诉服务站",
                    capacity=30,
                    languages=",zh,",
                )
            )
        for t in townships[county.code]:
            points.append(
                _point(
                    rng,
                    t,
                    K.STATION,
                    Level.TOWNSHIP,
                    f"{t.name}公共法律服务工作站",
                    capacity=30,
                    languages=_languages(rng, city, official=rng.random() < 0.7),
                )
            )
            for v in villages[t.code]:
                points.append(
                    _point(
                        rng,
                        v,
                        K.ROOM,
                        Level.VILLAGE,
                        f"{v.name}公共法律服务室",
                        capacity=10,
                        languages=_languages(rng, city, foreign=False),
                    )
                )
    ServicePoint.objects.bulk_create(points, batch_size=BATCH)
    point_of: dict[tuple[str, str], ServicePoint] = {}
    for p in ServicePoint.objects.filter(kind__in=[K.CENTRE, K.STATION, K.ROOM]):
        point_of[(p.kind, p.region_id)] = p

    # --- institutions ---------------------------------------------------------------
    total_pop = sum(c.population or 0 for c in counties)
    weight = {c.code: (c.population or 0) * _urban_factor(c) for c in counties}
    total_w = sum(weight.values())
    lawyers_total = total_pop * LAWYERS_PER_10K / 10000
    lawyers_of = {c.code: max(3, round(lawyers_total * weight[c.code] / total_w)) for c in counties}
    insts: list[Institution] = []
    for city in cities:
        insts.append(
            _institution(rng, city, I.ARBITRATION, f"{_stem(city.name)}仲裁委员会（演示）")
        )
        insts.append(_institution(rng, city, I.LEGAL_AID, f"{city.name}法律援助中心（演示）"))
        n_appraisal = 40 if city.code == CHENGDU else rng.randint(3, 9)
        for k in range(n_appraisal):
            cma = rng.random() < 0.35
            insts.append(
                _institution(
                    rng,
                    city,
                    I.APPRAISAL,
                    f"{_stem(city.name)}演示{rng.choice(FIRM_WORDS)}司法鉴定所{k + 1}",
                    qualifications=",".join(rng.sample(APPRAISAL_FIELDS, rng.randint(1, 4))),
                    cma=cma,
                    cnas=cma and rng.random() < 0.45,
                )
            )
    insts.append(_institution(rng, province, I.LEGAL_AID, "四川省法律援助中心（演示）"))
    for county in counties:
        city = county.code[:4] + "00"
        stem = _stem(county.name)
        n_firms = max(1, math.ceil(lawyers_of[county.code] / 14))
        for k in range(n_firms):
            insts.append(
                _institution(
                    rng,
                    county,
                    I.LAW_FIRM,
                    f"四川{stem}演示{rng.choice(FIRM_WORDS)}律师事务所{k + 1}",
                    languages=_languages(rng, city, official=True),
                    capacity=rng.randint(20, 80),
                )
            )
        small = (city in TIBETAN or city == YI) and not county.name.endswith("市")
        if not small or rng.random() < 0.6:
            insts.append(
                _institution(
                    rng,
                    county,
                    I.NOTARY,
                    f"四川省{stem}公证处（演示）",
                    languages=_languages(rng, city, official=True),
                )
            )
        insts.append(
            _institution(
                rng,
                county,
                I.LEGAL_AID,
                f"{county.name}法律援助中心（演示）",
                languages=_languages(rng, city, official=True),
            )
        )
        insts.append(
            _institution(
                rng,
                county,
                I.MEDIATION,
                f"{county.name}人民调解委员会（演示）",
                languages=_languages(rng, city, official=True),
            )
        )
        for t in townships[county.code]:
            insts.append(
                _institution(
                    rng,
                    t,
                    I.MEDIATION,
                    f"{t.name}人民调解委员会",
                    languages=_languages(rng, city, official=True),
                )
            )
            if rng.random() < 0.35:
                insts.append(
                    _institution(
                        rng,
                        t,
                        I.BASIC_SERVICE,
                        f"{t.name}法律服务所",
                        languages=_languages(rng, city, foreign=False),
                    )
                )
    Institution.objects.bulk_create(insts, batch_size=BATCH)
    by_kind_region: dict[tuple[str, str], list[Institution]] = defaultdict(list)
    for inst in Institution.objects.all():
        by_kind_region[(inst.kind, inst.region_id)].append(inst)

    # --- practitioners --------------------------------------------------------------
    n_villages = sum(len(v) for v in villages.values())
    n_townships = sum(len(t) for t in townships.values())
    # An estimate for the bar: lawyers, ~3.5 per village, ~6.5 per township, the rest.
    expected = int(lawyers_total) + n_villages * 7 // 2 + n_townships * 13 // 2 + 12000
    with progress_bar(expected, "法律服务人员") as bar:
        b = _Builder(rng, bar)
        for city in cities:
            for inst in by_kind_region[(I.ARBITRATION, city.code)]:
                b.add(
                    300 if city.code == CHENGDU else rng.randint(40, 120),
                    P.ARBITRATOR,
                    city,
                    institution=inst,
                    full_time=0.1,
                )
            for inst in by_kind_region[(I.APPRAISAL, city.code)]:
                b.add(rng.randint(5, 20), P.APPRAISER, city, institution=inst, licence="J")
            for inst in by_kind_region[(I.LEGAL_AID, city.code)]:
                b.add(
                    rng.randint(4, 10),
                    P.LEGAL_AID,
                    city,
                    institution=inst,
                    point=point_of.get((K.CENTRE, city.code)),
                )
        for county in counties:
            firms = by_kind_region[(I.LAW_FIRM, county.code)]
            left = lawyers_of[county.code]
            for i, firm in enumerate(firms):
                n = left if i == len(firms) - 1 else min(left, rng.randint(6, 22))
                b.add(n, P.LAWYER, county, institution=firm, capacity=(8, 20), licence="1")
                left -= n
                if left <= 0:
                    break
            centre = point_of.get((K.CENTRE, county.code))
            for inst in by_kind_region[(I.NOTARY, county.code)]:
                b.add(
                    rng.randint(2, 6) if county.code not in CHENGDU_CORE else rng.randint(15, 30),
                    P.NOTARY,
                    county,
                    institution=inst,
                    licence="G",
                )
            for inst in by_kind_region[(I.LEGAL_AID, county.code)]:
                b.add(rng.randint(2, 6), P.LEGAL_AID, county, institution=inst, point=centre)
            for inst in by_kind_region[(I.MEDIATION, county.code)]:
                b.add(
                    rng.randint(5, 10),
                    P.MEDIATOR,
                    county,
                    institution=inst,
                    point=centre,
                    full_time=0.6,
                )
            for t in townships[county.code]:
                station = point_of.get((K.STATION, t.code))
                for inst in by_kind_region[(I.MEDIATION, t.code)]:
                    b.add(
                        rng.randint(3, 7),
                        P.MEDIATOR,
                        t,
                        institution=inst,
                        point=station,
                        full_time=0.3,
                    )
                for inst in by_kind_region[(I.BASIC_SERVICE, t.code)]:
                    b.add(
                        rng.randint(3, 7),
                        P.GRASSROOTS,
                        t,
                        institution=inst,
                        point=station,
                        licence="3",
                    )
                committee = (by_kind_region[(I.MEDIATION, t.code)] or [None])[0]
                for v in villages[t.code]:
                    room = point_of.get((K.ROOM, v.code))
                    b.add(
                        rng.randint(1, 2),
                        P.MEDIATOR,
                        v,
                        institution=committee,
                        point=room,
                        capacity=(3, 8),
                        full_time=0.05,
                        expertise=False,
                    )
                    b.add(
                        rng.randint(1, 3),
                        P.UNDERSTANDING,
                        v,
                        point=room,
                        capacity=(2, 5),
                        full_time=0.0,
                        expertise=False,
                    )
        b.flush()
    counts = {
        "points": len(points),
        "institutions": len(insts),
        **{f"practitioners_{k}": v for k, v in b.count.items()},
    }
    stdout.write(
        f"  服务网络：服务点 {len(points)} 个，机构 {len(insts)} 家，"
        f"法律服务人员 {sum(b.count.values())} 人（律师 {b.count[P.LAWYER]}）"
    )
    return counts


def load(*, rng, now, stdout, options) -> list[str]:  # type: ignore[no-untyped-def]
    network_make_demo(rng=random.Random(rng.random()), stdout=stdout)
    return []
