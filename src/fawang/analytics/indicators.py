"""The plan's table 1 (“十四五”时期四川省公共法律服务体系建设主要发展指标).

Definitions (name, 2020 value, 2025 target, nature) are rows of ``Indicator`` seeded by a
data migration. The current value is computed from platform data where the platform
holds it, and otherwise is the latest figure an official entered with its source and
date. A computed indicator whose denominator the platform does not hold (the number of
prisons, of drug-rehabilitation facilities, of village groups; the legal-aid budget
when the ``legalaid`` app has none) reads that input from an official's entry and says
so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fawang.accounts.models import User
from fawang.analytics.models import Indicator, IndicatorEntry
from fawang.network.models import Institution, Practitioner, ServicePoint
from fawang.regions.models import Level, Region

PROVINCE = "510000"

# Inputs an official may enter for a computed indicator: code → label.
INPUTS: dict[str, dict[str, Any]] = {
    "ordinary_understanding_rate": {"village_groups": gettext_lazy("村民小组（小区楼栋）总数")},
    "legal_aid_per_capita": {"legal_aid_spending": gettext_lazy("年度法律援助经费（元）")},
    "prison_centres_built": {"prisons_total": gettext_lazy("全省押犯监狱总数")},
    "rehab_centres_built": {"rehab_total": gettext_lazy("实现收治的司法行政戒毒场所总数")},
}


@dataclass
class Current:
    value: Decimal | None
    source: str
    as_of: dt.date | None = None
    detail: str = ""
    method: str = "computed"  # computed / entered / missing


@dataclass
class IndicatorRow:
    indicator: Indicator
    current: Current
    progress: float | None  # 0–100: share of the way from the 2020 value to the target
    met: bool
    inputs: list[dict[str, Any]] = field(default_factory=list)


def _q(value: float | Decimal, places: str = "0.01") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _pct(part: int, whole: int) -> Decimal | None:
    return _q(part * 100 / whole) if whole else None


@dataclass
class Facts:
    """Everything the computed indicators need, fetched in a few grouped queries."""

    practitioners: dict[str, int]
    institutions: dict[str, dict[str, int]]
    points: dict[str, dict[str, int]]
    villages: int
    population: int | None
    entries: dict[tuple[str, str], IndicatorEntry]
    today: dt.date


def _facts(today: dt.date) -> Facts:
    active = Q(is_active=True)
    p = Practitioner.objects.filter(active).aggregate(
        lawyers=Count("id", filter=Q(kind=Practitioner.Kind.LAWYER)),
        mediators_full_time=Count("id", filter=Q(kind=Practitioner.Kind.MEDIATOR, full_time=True)),
        understanding_backbone=Count(
            "id", filter=Q(kind=Practitioner.Kind.UNDERSTANDING, is_backbone=True)
        ),
        understanding_ordinary=Count(
            "id", filter=Q(kind=Practitioner.Kind.UNDERSTANDING, is_backbone=False)
        ),
    )
    institutions: dict[str, dict[str, int]] = {}
    for row in (
        Institution.objects.filter(active)
        .values("kind")
        .annotate(
            total=Count("id"),
            n_standardised=Count("id", filter=Q(standardised=True)),
            std_info=Count("id", filter=Q(standardised=True, informatised=True)),
            cma_cnas=Count("id", filter=Q(cma=True) | Q(cnas=True)),
        )
        .order_by()
    ):
        institutions[row["kind"]] = row
    points: dict[str, dict[str, int]] = {}
    for row in (
        ServicePoint.objects.filter(
            active, kind__in=[ServicePoint.Kind.PRISON, ServicePoint.Kind.REHAB]
        )
        .values("kind")
        .annotate(total=Count("id"), smart=Count("id", filter=Q(smart_services=True)))
        .order_by()
    ):
        points[row["kind"]] = row
    regions = Region.objects.aggregate(
        villages=Count("code", filter=Q(level=Level.VILLAGE)),
    )
    province = Region.objects.filter(code=PROVINCE).values_list("population", flat=True).first()
    entries: dict[tuple[str, str], IndicatorEntry] = {}
    for entry in IndicatorEntry.objects.order_by(
        "indicator_id", "input_code", "-as_of", "-entered_at"
    ):
        entries.setdefault((entry.indicator_id, entry.input_code), entry)
    return Facts(
        practitioners=p,
        institutions=institutions,
        points=points,
        villages=regions["villages"],
        population=province,
        entries=entries,
        today=today,
    )


def _entered(f: Facts, code: str, input_code: str = "value") -> IndicatorEntry | None:
    return f.entries.get((code, input_code))


def _network_source(what: str) -> str:
    return _("平台服务网络数据：%(what)s") % {"what": what}


Computer = Callable[[Facts], Current | None]


def _backbone(f: Facts) -> Current | None:
    if not f.villages:
        return None
    n = f.practitioners["understanding_backbone"]
    return Current(
        _q(n / f.villages),
        _network_source(_("在册骨干法律明白人 ÷ 平台登记的村（社区）数")),
        f.today,
        _("%(n)d 人 / %(v)d 个村（社区）") % {"n": n, "v": f.villages},
    )


def _ordinary_rate(f: Facts) -> Current | None:
    groups = _entered(f, "ordinary_understanding_rate", "village_groups")
    if groups is None or not groups.value:
        return None
    n = f.practitioners["understanding_ordinary"]
    value = min(Decimal(100), _q(n * 100 / groups.value))
    return Current(
        value,
        _("平台在册普通法律明白人（按每个村民小组1名计）÷ 填报的村民小组总数（%(src)s）")
        % {"src": groups.source},
        groups.as_of,
        _("%(n)d 人 / %(g)s 个村民小组") % {"n": n, "g": groups.value},
    )


def _legal_aid(f: Facts) -> Current | None:
    try:
        from fawang.legalaid.selectors import spending_per_head
    except ImportError:
        spending_per_head = None
    if spending_per_head is not None:
        for year in (f.today.year, f.today.year - 1):
            got = spending_per_head(year=year)
            if got:
                return Current(
                    _q(got["value"]),
                    _("法律援助模块：%(y)d 年经费（%(src)s）÷ 人口（%(psrc)s）")
                    % {"y": year, "src": got["amount_source"], "psrc": got["population_source"]},
                    dt.date(year, 12, 31),
                    _("%(a)s 元 / %(p)s 人") % {"a": got["amount"], "p": got["population"]},
                )
    spending = _entered(f, "legal_aid_per_capita", "legal_aid_spending")
    if spending is None or not f.population:
        return None
    return Current(
        _q(spending.value / f.population),
        _("填报的年度法律援助经费（%(src)s）÷ 全省常住人口") % {"src": spending.source},
        spending.as_of,
        _("%(a)s 元 / %(p)d 人") % {"a": spending.value, "p": f.population},
    )


def _mediators(f: Facts) -> Current:
    return Current(
        Decimal(f.practitioners["mediators_full_time"]),
        _network_source(_("在岗专职人民调解员")),
        f.today,
    )


def _lawyers(f: Facts) -> Current | None:
    if not f.population:
        return None
    n = f.practitioners["lawyers"]
    return Current(
        _q(n * 10000 / f.population),
        _network_source(_("在册执业律师 ÷ 全省常住人口 × 1万")),
        f.today,
        _("%(n)d 名 / %(p)d 人") % {"n": n, "p": f.population},
    )


def _institution_share(kind: str, key: str, what: str) -> Computer:
    def compute(f: Facts) -> Current | None:
        row = f.institutions.get(kind)
        if not row or not row["total"]:
            return None
        return Current(
            _pct(row[key], row["total"]),
            _network_source(what),
            f.today,
            f"{row[key]} / {row['total']}",
        )

    return compute


def _appraisal(f: Facts) -> Current:
    row = f.institutions.get(Institution.Kind.APPRAISAL, {"cma_cnas": 0})
    return Current(
        Decimal(row["cma_cnas"]),
        _network_source(_("通过CMA或CNAS的在册司法鉴定机构")),
        f.today,
    )


def _built(kind: str, indicator: str, input_code: str) -> Computer:
    def compute(f: Facts) -> Current | None:
        total = _entered(f, indicator, input_code)
        if total is None or not total.value:
            return None
        built = f.points.get(kind, {"total": 0})["total"]
        return Current(
            min(Decimal(100), _q(built * 100 / total.value)),
            _("平台登记的公共法律服务中心 ÷ 填报的场所总数（%(src)s）") % {"src": total.source},
            total.as_of,
            f"{built} / {total.value}",
        )

    return compute


def _prison_smart(f: Facts) -> Current | None:
    row = f.points.get(ServicePoint.Kind.PRISON)
    if not row or not row["total"]:
        return None
    return Current(
        _pct(row["smart"], row["total"]),
        _network_source(_("已配智能服务终端的监狱公共法律服务中心 ÷ 监狱公共法律服务中心")),
        f.today,
        f"{row['smart']} / {row['total']}",
    )


def _hotline(f: Facts) -> Current | None:
    try:
        from fawang.hotline.selectors import connection_rate_percent
    except ImportError:
        return None
    end = f.today
    start = end - dt.timedelta(days=29)
    rate = connection_rate_percent(start=start, end=end)
    if rate is None:
        return None
    return Current(
        _q(rate),
        _("12348热线模块：近30天专席接通率（%(s)s 至 %(e)s）") % {"s": start, "e": end},
        end,
    )


COMPUTERS: dict[str, Computer] = {
    "backbone_understanding": _backbone,
    "ordinary_understanding_rate": _ordinary_rate,
    "legal_aid_per_capita": _legal_aid,
    "full_time_mediators": _mediators,
    "lawyers_per_10k": _lawyers,
    "notary_standardised": _institution_share(
        Institution.Kind.NOTARY, "n_standardised", _("标准化建设达标的公证机构 ÷ 公证机构")
    ),
    "appraisal_cma_cnas": _appraisal,
    "arbitration_std_info": _institution_share(
        Institution.Kind.ARBITRATION,
        "std_info",
        _("标准化且信息化达标的仲裁委员会 ÷ 仲裁委员会"),
    ),
    "prison_centres_built": _built(
        ServicePoint.Kind.PRISON, "prison_centres_built", "prisons_total"
    ),
    "prison_smart_coverage": _prison_smart,
    "rehab_centres_built": _built(ServicePoint.Kind.REHAB, "rehab_centres_built", "rehab_total"),
    "hotline_connection_rate": _hotline,
}


def _progress(ind: Indicator, value: Decimal | None) -> tuple[float | None, bool]:
    if value is None:
        return None, False
    span = ind.target_2025 - ind.baseline_2020
    met = value >= ind.target_2025 if span >= 0 else value <= ind.target_2025
    if not span:
        return (100.0 if met else 0.0), met
    share = float((value - ind.baseline_2020) / span * 100)
    return max(0.0, min(100.0, round(share, 1))), met


def indicator_table(*, today: dt.date | None = None) -> list[IndicatorRow]:
    """Every indicator with its current value, source and progress (a constant number of
    queries: the definitions, five grouped counts, the entries)."""
    today = today or timezone.localdate()
    facts = _facts(today)
    rows = []
    for ind in Indicator.objects.order_by("order"):
        current: Current | None = None
        computer = COMPUTERS.get(ind.code)
        if computer is not None and ind.method == Indicator.Method.COMPUTED:
            current = computer(facts)
        if current is None:
            entry = _entered(facts, ind.code)
            if entry is not None:
                note = (
                    _("平台暂无可计算的数据，采用人工填报值")
                    if ind.method == Indicator.Method.COMPUTED
                    else ""
                )
                current = Current(entry.value, entry.source, entry.as_of, note, "entered")
            else:
                current = Current(None, _("尚无数据：请填报数值、来源和日期"), None, "", "missing")
        progress, met = _progress(ind, current.value)
        inputs = [
            {
                "code": code,
                "label": str(label),
                "entry": facts.entries.get((ind.code, code)),
            }
            for code, label in INPUTS.get(ind.code, {}).items()
        ]
        rows.append(IndicatorRow(ind, current, progress, met, inputs))
    return rows


class EntryError(ValueError):
    pass


def indicator_enter(
    *,
    indicator: Indicator,
    input_code: str,
    value: Decimal,
    as_of: dt.date,
    source: str,
    user: User,
    now: dt.datetime | None = None,
) -> IndicatorEntry:
    """Record a figure an official entered, with its source and date (audited)."""
    from fawang.accounts.models import AuditLog
    from fawang.accounts.services import audit_record

    now = now or timezone.now()
    allowed = {"value", *INPUTS.get(indicator.code, {})}
    if input_code not in allowed:
        raise EntryError(_("该指标没有此填报项。"))
    if not source.strip():
        raise EntryError(_("请填写数据来源。"))
    if value < 0:
        raise EntryError(_("数值不能为负数。"))
    if as_of > timezone.localdate(now):
        raise EntryError(_("数据日期不能晚于今天。"))
    with transaction.atomic():
        entry = IndicatorEntry.objects.create(
            indicator=indicator,
            input_code=input_code,
            value=value,
            as_of=as_of,
            source=source.strip()[:200],
            entered_by=user,
            entered_at=now,
        )
        audit_record(
            actor=user,
            action=AuditLog.Action.UPDATE,
            object_type="indicator",
            object_id=indicator.code,
            detail={"input": input_code, "value": str(value), "as_of": str(as_of)},
        )
    return entry
