"""Read paths behind the portal and console pages (region options, timelines)."""

from __future__ import annotations

from django.db.models import QuerySet

from fawang.regions.models import Level, Region
from fawang.workorders.models import Attachment, WorkOrder, WorkOrderEvent


def region_options(*, parent_code: str) -> list[dict[str, str]]:
    """The children of a region, for the place cascade (city → county → township → village)."""
    return [
        {"code": code, "name": name}
        for code, name in Region.objects.filter(parent_id=parent_code, level__gte=Level.CITY)
        .order_by("code")
        .values_list("code", "name")
    ]


def place_options(*, city: str = "", county: str = "", township: str = "") -> dict:
    """The option lists for the four place selects, given what is chosen so far."""
    from fawang.regions.geo import PROVINCE_CODE

    return {
        "cities": region_options(parent_code=PROVINCE_CODE),
        "counties": region_options(parent_code=city) if city else [],
        "townships": region_options(parent_code=county) if county else [],
        "villages": region_options(parent_code=township) if township else [],
    }


def place_of(region: Region | None) -> dict[str, str]:
    """The codes of the selects that show ``region`` (a user's default place)."""
    if region is None:
        return {}
    codes = region.path.split("/")
    keys = ["province", "city", "county", "township", "village"]
    return {k: c for k, c in zip(keys, codes, strict=False) if k != "province"}


def order_timeline(*, order: WorkOrder) -> QuerySet[WorkOrderEvent]:
    return WorkOrderEvent.objects.filter(order=order).order_by("at", "id")


def order_citizen_timeline(*, order: WorkOrder) -> list[WorkOrderEvent]:
    """What a requester may see: status changes with the time and the handling unit."""
    return list(
        WorkOrderEvent.objects.filter(order=order, kind="transition")
        .only("at", "unit", "to_status", "reason", "order_id")
        .order_by("at", "id")
    )


def order_attachments(*, order: WorkOrder) -> QuerySet[Attachment]:
    return Attachment.objects.filter(order=order).order_by("id")
