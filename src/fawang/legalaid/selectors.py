"""Read paths of legal aid, scoped to the user's jurisdiction through the work order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts.models import AuditLog, Role, User
from fawang.accounts.selectors import in_jurisdiction, scope_to_jurisdiction
from fawang.accounts.services import audit_record
from fawang.legalaid.eligibility import MATTERS
from fawang.legalaid.models import (
    ADVANCE_URGENT_DAYS,
    CLOCK_STATUSES,
    CaseStatus,
    LegalAidBudget,
    LegalAidCase,
    Objection,
)
from fawang.legalaid.workdays import calendar, local_date, working_days_between
from fawang.lib.bench import percentile
from fawang.regions.models import Level, Region


def case_is_overdue(case: LegalAidCase, *, now: dt.datetime) -> bool:
    """Past the art. 43 review deadline while the clock runs (not while awaiting materials)."""
    return case.clock_running and case.decision_due_at is not None and now > case.decision_due_at


def advance_suggested(case: LegalAidCase, *, today: dt.date) -> int | None:
    """Days left before the applicant's limitation or time limit ends, when that is under
    seven (calendar) days and the case is still before its decision: a suggestion to give
    aid in advance on art. 44 (一). None otherwise."""
    if case.limitation_deadline is None or case.status not in (
        CaseStatus.APPLIED,
        CaseStatus.REVIEWING,
        CaseStatus.AWAITING,
    ):
        return None
    left = (case.limitation_deadline - today).days
    return left if 0 <= left < ADVANCE_URGENT_DAYS else None


def advance_materials_overdue(case: LegalAidCase, *, today: dt.date) -> bool:
    """Advance aid whose formalities and materials were not completed in time."""
    return (
        case.status == CaseStatus.ADVANCED
        and case.advance_materials_received_at is None
        and case.advance_materials_due is not None
        and today > case.advance_materials_due
    )


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    matter: str = ""
    overdue: bool = False
    wage: bool = False
    number: str = ""
    objection: bool = False


def _base(user: User) -> QuerySet[LegalAidCase]:
    qs = LegalAidCase.objects.all()
    if user.is_authenticated and user.role == Role.PRACTITIONER:
        return qs.filter(lawyer_id=user.practitioner_id) if user.practitioner_id else qs.none()
    return scope_to_jurisdiction(qs, user=user, path_field="order__region_path")


def case_list_for_user(
    *, user: User, filters: CaseFilters | None = None, now: dt.datetime | None = None
) -> QuerySet[LegalAidCase]:
    """Cases the user may see: priority (green channel, urgent criminal) first, then the
    nearest review deadline."""
    f = filters or CaseFilters()
    qs = _base(user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.matter:
        qs = qs.filter(matter=f.matter)
    if f.wage:
        qs = qs.filter(is_wage_claim=True)
    if f.overdue:
        qs = qs.filter(status__in=CLOCK_STATUSES, decision_due_at__lt=now or timezone.now())
    if f.number:
        qs = qs.filter(order__number__startswith=f.number.strip().upper())
    if f.objection:
        qs = qs.filter(objections__status=Objection.Status.OPEN)
    qs = qs.annotate(objection_due=open_objection_due())
    return qs.select_related("order", "order__party", "order__county", "lawyer").order_by(
        "-priority", "decision_due_at", "-applied_at", "-id"
    )


def case_get_for_user(*, user: User, number: str) -> LegalAidCase:
    case = (
        LegalAidCase.objects.select_related(
            "order",
            "order__party",
            "order__county",
            "order__region",
            "lawyer",
            "institution",
            "decided_by",
        )
        .filter(order__number=number)
        .first()
    )
    if case is None:
        allowed = False
    elif user.role == Role.PRACTITIONER:  # a lawyer sees the cases assigned to them only
        allowed = bool(case.lawyer_id) and user.practitioner_id == case.lawyer_id
    else:
        allowed = in_jurisdiction(user=user, region_path=case.order.region_path)
    if not allowed:
        if case is not None:
            audit_record(
                actor=user,
                action=AuditLog.Action.DENIED,
                object_type="legalaid",
                object_id=number,
                detail={"reason": "outside jurisdiction"},
            )
        raise Http404(_("没有找到该法律援助案件，或不在您的管辖范围内。"))
    return case


# ---- objections (art. 49) --------------------------------------------------------------


def objection_is_overdue(objection: Objection, *, now: dt.datetime) -> bool:
    """Open past the bureau's five working days."""
    return objection.is_open and now > objection.due_at


def objection_list_for_user(
    *, user: User, open_only: bool = False, overdue: bool = False, now: dt.datetime | None = None
) -> QuerySet[Objection]:
    """Objections heard by the bureaus of the user's jurisdiction: open ones first, the
    nearest deadline first; then the decided ones, newest first."""
    if user.is_authenticated and user.role == Role.PRACTITIONER:
        return Objection.objects.none()
    qs = scope_to_jurisdiction(Objection.objects.all(), user=user, path_field="bureau_region_path")
    if open_only or overdue:
        qs = qs.filter(status=Objection.Status.OPEN)
    if overdue:
        qs = qs.filter(due_at__lt=now or timezone.now())
    return qs.select_related(
        "case__order__party", "case__order__county", "bureau_region", "institution"
    ).order_by(F("reviewed_at").desc(nulls_first=True), "due_at", "-id")


def objections_of_case(case: LegalAidCase) -> list[Objection]:
    return list(
        case.objections.select_related(
            "bureau_region", "institution", "filed_by", "reviewed_by"
        ).order_by("filed_at", "id")
    )


def objection_get_for_user(*, user: User, number: str, pk: int) -> Objection:
    """An objection of a case the user may open (404 otherwise, audited as for the case)."""
    case = case_get_for_user(user=user, number=number)
    objection = (
        Objection.objects.select_related("bureau_region", "institution", "reviewed_by")
        .filter(case=case, pk=pk)
        .first()
    )
    if objection is None:
        raise Http404(_("没有找到该异议。"))
    objection.case = case
    return objection


def case_for_citizen(*, number: str) -> LegalAidCase | None:
    """The case behind an order number, for its applicant on the public pages — callers
    must first have proved the applicant through the tracking page."""
    return (
        LegalAidCase.objects.select_related("order", "order__party", "order__county")
        .filter(order__number=number)
        .first()
    )


def open_objection_due() -> Subquery:
    """For ``annotate``: the deadline of the case's open objection, if any."""
    return Subquery(
        Objection.objects.filter(case=OuterRef("pk"), status=Objection.Status.OPEN).values(
            "due_at"
        )[:1]
    )


# ---- figures -------------------------------------------------------------------------


def spending_per_head(*, year: int, region_code: str = "510000") -> dict[str, object] | None:
    """人均法律援助经费 (元): the year's legal-aid budget of a region divided by the
    population entered beside it. For the analytics table-1 indicator.

    Returns ``None`` when no budget is entered for that region and year; otherwise a dict
    with ``value`` (Decimal, 2 places), ``unit`` "元", the inputs and their sources, and
    ``is_demo``.
    """
    row = (
        LegalAidBudget.objects.select_related("region")
        .filter(region_id=region_code, year=year)
        .first()
    )
    if row is None:
        return None
    value = (row.amount / row.population).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {
        "indicator": "人均法律援助经费",
        "value": value,
        "unit": "元",
        "year": year,
        "region": row.region.name,
        "amount": row.amount,
        "amount_source": row.amount_source,
        "population": row.population,
        "population_source": row.population_source,
        "is_demo": row.is_demo,
    }


def case_figures(*, user: User, since: dt.datetime, until: dt.datetime) -> dict[str, object]:
    """Applications by matter, by city (or county below a city) and by month; the days
    from application to decision; spending per head. A constant number of queries."""
    qs = _base(user).filter(applied_at__gte=since, applied_at__lt=until)
    by_matter = [
        {
            "matter": r["matter"],
            "label": str(MATTERS[r["matter"]].label),
            "n": r["n"],
            "granted": r["granted"],
            "denied": r["denied"],
        }
        for r in qs.values("matter")
        .annotate(
            n=Count("pk"),
            granted=Count("pk", filter=Q(decision="grant")),
            denied=Count("pk", filter=Q(decision="deny")),
        )
        .order_by("-n")
    ]
    path = user.jurisdiction_path or "510000"
    depth = len(path.split("/"))
    # Group one level below the user's jurisdiction: cities for the province, counties below.
    group_len = {1: 13, 2: 20}.get(depth, 20)
    regions_rows = qs.values("order__region_path").annotate(n=Count("pk")).order_by()
    counts: dict[str, int] = {}
    for r in regions_rows:
        key = r["order__region_path"][:group_len].split("/")[-1]
        counts[key] = counts.get(key, 0) + r["n"]
    names = dict(Region.objects.filter(code__in=counts).values_list("code", "name"))
    by_region = sorted(
        ({"code": c, "name": names.get(c, c), "n": n} for c, n in counts.items()),
        key=lambda r: -r["n"],
    )
    by_month = [
        {"month": r["month"].strftime("%Y-%m") if r["month"] else "", "n": r["n"]}
        for r in qs.annotate(month=TruncMonth("applied_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    ]
    decided = list(qs.filter(decided_at__isnull=False).values_list("applied_at", "decided_at"))
    calendar_days = [(d - a).total_seconds() / 86400 for a, d in decided]
    cal = calendar()
    working = [working_days_between(local_date(a), local_date(d), cal) for a, d in decided]
    year = timezone.localtime(until).year
    region_code = path.split("/")[-1]
    spending = spending_per_head(year=year, region_code=region_code) or spending_per_head(
        year=year - 1, region_code=region_code
    )
    return {
        "total": sum(r["n"] for r in by_matter),
        "by_matter": by_matter,
        "by_region": by_region,
        "by_month": by_month,
        "decision_days": {
            "n": len(decided),
            "mean": round(sum(calendar_days) / len(calendar_days), 1) if decided else None,
            "median_working": percentile(working, 50) if decided else None,
            "p90_working": percentile(working, 90) if decided else None,
            "over_7_working": sum(1 for w in working if w > 7),
        },
        "spending": spending,
    }


def region_level_name(level: int) -> str:
    return str(Level(level).label)
