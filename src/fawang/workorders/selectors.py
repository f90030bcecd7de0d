"""Read paths of the work-order spine, always scoped to the user's jurisdiction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts.models import AuditLog, User
from fawang.accounts.selectors import in_jurisdiction, scope_to_jurisdiction
from fawang.accounts.services import audit_record
from fawang.workorders.models import OPEN_STATUSES, WorkOrder


@dataclass(frozen=True)
class OrderFilters:
    status: str = ""
    service: str = ""
    category: str = ""
    channel: str = ""
    overdue: bool = False
    number: str = ""


def workorder_list_for_user(
    *, user: User, filters: OrderFilters | None = None, now: dt.datetime | None = None
) -> QuerySet[WorkOrder]:
    """Orders in the user's jurisdiction, newest first, with what a queue row shows."""
    f = filters or OrderFilters()
    qs = scope_to_jurisdiction(WorkOrder.objects.all(), user=user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.service:
        qs = qs.filter(service=f.service)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.number:
        qs = qs.filter(number__startswith=f.number.strip().upper())
    if f.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__lt=now or timezone.now())
    return qs.select_related("county", "region", "party", "assigned_point").order_by(
        "-created_at", "-id"
    )


def workorder_get_for_user(*, user: User, number: str) -> WorkOrder:
    """The order if it lies in the user's jurisdiction; otherwise 404, and the attempt is
    audited (an order outside one's jurisdiction is indistinguishable from a missing one)."""
    order = (
        WorkOrder.objects.select_related(
            "county",
            "region",
            "party",
            "assigned_point",
            "assigned_institution",
            "assigned_person",
            "created_by",
        )
        .filter(number=number)
        .first()
    )
    if order is None or not in_jurisdiction(user=user, region_path=order.region_path):
        if order is not None:
            audit_record(
                actor=user,
                action=AuditLog.Action.DENIED,
                object_type="workorder",
                object_id=number,
                detail={"reason": "outside jurisdiction"},
            )
        raise Http404(_("没有找到该工单，或该工单不在您的管辖范围内。"))
    return order


def workorder_track(*, number: str, phone_last4: str) -> WorkOrder | None:
    """For the citizen tracking page: the order only when the phone's last 4 digits match."""
    number = number.strip().upper()
    if not number or len(phone_last4) != 4 or not phone_last4.isdigit():
        return None
    return (
        WorkOrder.objects.select_related("county", "party")
        .filter(number=number, party__phone_last4=phone_last4)
        .first()
    )
