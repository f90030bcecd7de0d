"""Table-driven routing (ARCHITECTURE §5.2): (service, category, language, region level) →
the kind of point or institution; among the eligible, the least loaded (open orders /
capacity); none eligible → one level up. Pure reads: ``route_plan`` decides, the
services write the decision and move the order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from fawang.dispatch.models import RoutingRule
from fawang.network.models import Institution, Language, ServicePoint
from fawang.regions.models import Level, Region
from fawang.workorders.models import OPEN_STATUSES, Service, WorkOrder


# Channels whose orders are routed as soon as they are created; a walk-in is handled at
# the window that registered it, and a clerk dispatches it when it must go elsewhere.
def auto_route_channels() -> frozenset[str]:
    """The channels whose new orders are routed at once (``FAWANG_AUTO_ROUTE_CHANNELS``)."""
    return frozenset(settings.FAWANG_AUTO_ROUTE_CHANNELS)


OPEN_LIST = sorted(OPEN_STATUSES)
MAX_CANDIDATES_SHOWN = 12


@dataclass
class Candidate:
    type: str  # "point" | "institution"
    id: int
    name: str
    region_code: str
    capacity: int
    open: int = 0

    @property
    def load(self) -> float:
        return self.open / self.capacity if self.capacity else float("inf")

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "name": self.name,
            "open": self.open,
            "capacity": self.capacity,
            "load": round(self.load, 3) if self.capacity else None,
        }


@dataclass
class Plan:
    rule: RoutingRule | None
    target: Candidate | None
    steps: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""
    levels_up: int = 0


def rule_for(service: str, category: str) -> RoutingRule | None:
    """The rule for the category if there is one, else the service's default rule."""
    rules = list(
        RoutingRule.objects.filter(
            service=service, category__in=[category, ""], is_active=True
        ).order_by("-category")
    )
    return rules[0] if rules else None


def _codes(path: str) -> list[str]:
    return path.split("/")


def _candidate_qs(
    rule: RoutingRule, *, anchor_code: str, anchor_path: str, language: str, exclude: set
) -> tuple[QuerySet, QuerySet | None]:
    """The base querysets for one step: the rule's kind at (or within) the anchor region,
    and the language seats (if the rule has them and the requester needs a language)."""
    where = Q(region_path__startswith=anchor_path) if rule.within else Q(region_id=anchor_code)
    needs_language = language not in ("", Language.ZH)
    if rule.target == RoutingRule.Target.POINT:
        qs = ServicePoint.objects.filter(where, kind=rule.point_kind, is_active=True)
        excluded = {i for t, i in exclude if t == "point"}
    else:
        qs = Institution.objects.filter(where, kind=rule.institution_kind, is_active=True)
        if rule.qualification:
            qs = qs.filter(qualifications__contains=rule.qualification)
        excluded = {i for t, i in exclude if t == "institution"}
    if excluded:
        qs = qs.exclude(pk__in=excluded)
    seats = None
    if needs_language:
        qs = qs.filter(languages__contains=f",{language},")
        if rule.language_point_kind:
            seats = ServicePoint.objects.filter(
                region_path__startswith=anchor_path,
                kind=rule.language_point_kind,
                is_active=True,
                languages__contains=f",{language},",
            ).exclude(pk__in={i for t, i in exclude if t == "point"})
    return qs, seats


def _load(points: list[Candidate], institutions: list[Candidate]) -> None:
    """Fill in open-order counts: one aggregate query per target type."""
    if points:
        counts = dict(
            WorkOrder.objects.filter(
                assigned_point_id__in=[c.id for c in points], status__in=OPEN_LIST
            )
            .values_list("assigned_point_id")
            .annotate(n=Count("id"))
        )
        for c in points:
            c.open = counts.get(c.id, 0)
    if institutions:
        counts = dict(
            WorkOrder.objects.filter(
                assigned_institution_id__in=[c.id for c in institutions],
                status__in=OPEN_LIST,
            )
            .values_list("assigned_institution_id")
            .annotate(n=Count("id"))
        )
        for c in institutions:
            c.open = counts.get(c.id, 0)


def _fetch(qs: QuerySet, type_: str) -> list[Candidate]:
    return [
        Candidate(type=type_, id=pk, name=name, region_code=rc, capacity=cap)
        for pk, name, rc, cap in qs.values_list("pk", "name", "region_id", "capacity")[:200]
    ]


COMPLAINT_SERVICES = frozenset({Service.COMPLAINT, Service.ENTERPRISE_COMPLAINT})


def complained_unit_path(order: WorkOrder) -> str | None:
    """The region path of the unit a complaint names as the other side (its full name in
    ``opposing_party``): an active service point or institution of exactly that name,
    the one nearest the order's place if several; else one whose name contains it within
    the order's county, if only one does. None when nothing or nothing unique matches."""
    name = (order.opposing_party or "").strip()
    if order.service not in COMPLAINT_SERVICES or len(name) < 4:
        return None
    codes = _codes(order.region_path)
    paths: list[str] = []
    for model in (ServicePoint, Institution):
        paths += model.objects.filter(name=name, is_active=True).values_list(
            "region_path", flat=True
        )[:20]
    if not paths:
        county = "/".join(codes[: Level.COUNTY])
        for model in (ServicePoint, Institution):
            paths += model.objects.filter(
                name__contains=name, is_active=True, region_path__startswith=county
            ).values_list("region_path", flat=True)[:2]
        if len(paths) != 1:
            return None

    def shared(path: str) -> int:
        """How many leading region codes the unit shares with the order's place."""
        n = 0
        for a, b in zip(codes, _codes(path), strict=False):
            if a != b:
                break
            n += 1
        return n

    return max(paths, key=shared)


def route_plan(
    order: WorkOrder,
    *,
    complained_path: str | None = None,
    exclude: set[tuple[str, int]] | None = None,
) -> Plan:
    """Decide where ``order`` goes. ``complained_path`` is the region path of the unit a
    complaint is about; ``exclude`` holds ``("point"|"institution", id)`` pairs that must
    not be chosen (e.g. the unit that just returned the order)."""
    rule = rule_for(order.service, order.category)
    if rule is None:
        return Plan(
            rule=None,
            target=None,
            reason=_("没有适用于“%(s)s”的派单规则，请人工派单。")
            % {"s": order.get_service_display()},
        )
    codes = _codes(order.region_path)
    if rule.above_complained_unit:
        unit_codes = _codes(complained_path) if complained_path else codes[: Level.COUNTY]
        start = max(Level.PROVINCE, len(unit_codes) - 1)
        codes = unit_codes
    else:
        start = min(rule.scope_level, len(codes))
    exclude = exclude or set()
    plan = Plan(rule=rule, target=None)
    names = dict(Region.objects.filter(code__in=codes[:start]).values_list("code", "name"))
    for level in range(start, Level.PROVINCE - 1, -1):
        anchor_code = codes[level - 1]
        anchor_path = "/".join(codes[:level])
        qs, seats = _candidate_qs(
            rule,
            anchor_code=anchor_code,
            anchor_path=anchor_path,
            language=order.language,
            exclude=exclude,
        )
        found = _fetch(qs, rule.target)
        seat_found = _fetch(seats, "point") if seats is not None else []
        points = [c for c in found + seat_found if c.type == "point"]
        insts = [c for c in found if c.type == "institution"]
        _load(points, insts)
        eligible = sorted(
            (c for c in points + insts if c.capacity > 0), key=lambda c: (c.load, c.open, c.id)
        )
        plan.steps.append(
            {
                "level": level,
                "region": names.get(anchor_code, anchor_code),
                "candidates": [c.as_json() for c in eligible[:MAX_CANDIDATES_SHOWN]],
                "count": len(eligible),
            }
        )
        if eligible:
            best = eligible[0]
            plan.target = best
            plan.levels_up = start - level
            plan.reason = _reason(
                rule, order, best, len(eligible), names, anchor_code, start - level
            )
            return plan
    plan.reason = _(
        "按规则“%(rule)s”，从%(region)s到全省都没有符合条件的承办单位，请人工派单。"
    ) % {
        "rule": rule,
        "region": names.get(codes[start - 1], codes[start - 1]),
    }
    return plan


def _reason(
    rule: RoutingRule,
    order: WorkOrder,
    best: Candidate,
    n: int,
    names: dict[str, str],
    anchor_code: str,
    levels_up: int,
) -> str:
    parts = [
        _("按规则“%(rule)s”在%(region)s找到%(n)d个符合条件的承办单位")
        % {"rule": rule, "region": names.get(anchor_code, anchor_code), "n": n}
    ]
    if order.language not in ("", Language.ZH):
        parts.append(
            _("要求能使用%(lang)s服务") % {"lang": Language(order.language).label}
            if order.language in Language.values
            else _("要求能使用该语种服务")
        )
    if levels_up:
        parts.append(_("本级没有符合条件的单位，已上提%(n)d级") % {"n": levels_up})
    parts.append(
        _("选择在办负荷最低的“%(name)s”（在办%(open)d件/容量%(cap)d）")
        % {"name": best.name, "open": best.open, "cap": best.capacity}
    )
    return "；".join(parts) + "。"


def naive_route_target(order: WorkOrder) -> tuple[str, int] | None:
    """The benchmark baseline: the same choice by scanning every point and institution
    in Python and counting each one's open orders with its own query."""
    rule = rule_for(order.service, order.category)
    if rule is None:
        return None
    codes = _codes(order.region_path)
    start = min(rule.scope_level, len(codes))
    model = ServicePoint if rule.target == "point" else Institution
    kind = rule.point_kind if rule.target == "point" else rule.institution_kind
    everything = list(model.objects.all())
    for level in range(start, 0, -1):
        anchor_path = "/".join(codes[:level])
        best = None
        for unit in everything:
            if not unit.is_active or unit.kind != kind or not unit.capacity:
                continue
            if rule.within and not unit.region_path.startswith(anchor_path):
                continue
            if not rule.within and unit.region_id != codes[level - 1]:
                continue
            if rule.qualification and rule.qualification not in getattr(unit, "qualifications", ""):
                continue
            if order.language != "zh" and not unit.speaks(order.language):
                continue
            field = "assigned_point" if rule.target == "point" else "assigned_institution"
            n = WorkOrder.objects.filter(**{field: unit}, status__in=OPEN_LIST).count()
            key = (n / unit.capacity, n, unit.pk)
            if best is None or key < best[0]:
                best = (key, unit.pk)
        if best is not None:
            return rule.target, best[1]
    return None
