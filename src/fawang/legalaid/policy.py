"""Reading the policy tables: the hardship standard and the subsidy rate that apply to a
region on a day (most specific region first: county, then city, then province)."""

from __future__ import annotations

import datetime as dt

from fawang.legalaid.eligibility import Standard
from fawang.legalaid.models import HardshipStandard, SubsidyRate
from fawang.regions.models import Region


def _lineage(region: Region) -> list[str]:
    """The region's own code and its ancestors', most specific first."""
    return list(reversed(region.path.split("/")))


def hardship_standard_for(*, region: Region, day: dt.date) -> HardshipStandard | None:
    codes = _lineage(region)
    rows = list(
        HardshipStandard.objects.select_related("region")
        .filter(region_id__in=codes, effective_from__lte=day)
        .order_by("-effective_from")
    )
    for code in codes:
        for row in rows:
            if row.region_id == code:
                return row
    return None


def as_standard(row: HardshipStandard | None) -> Standard | None:
    if row is None:
        return None
    return Standard(
        income_per_head=row.income_per_head,
        assets_limit=row.assets_limit,
        region_name=row.region.name,
        effective_from=row.effective_from.isoformat(),
        source=row.source,
        is_demo=row.is_demo,
    )


def subsidy_rate_for(*, case_type: str, region: Region, day: dt.date) -> SubsidyRate | None:
    codes = _lineage(region)
    rows = list(
        SubsidyRate.objects.filter(case_type=case_type, effective_from__lte=day)
        .filter(region_id__in=codes)
        .order_by("-effective_from")
    ) + list(
        SubsidyRate.objects.filter(
            case_type=case_type, effective_from__lte=day, region__isnull=True
        ).order_by("-effective_from")[:1]
    )
    for code in [*codes, None]:
        for row in rows:
            if row.region_id == code:
                return row
    return None
