"""Write paths of the work-order spine. Nothing else writes ``WorkOrder.status``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts.models import PII_ROLES, AuditLog, Role, User
from fawang.accounts.services import audit_record
from fawang.regions.models import Level, Region
from fawang.workorders.models import (
    NumberSequence,
    Party,
    Status,
    WorkOrder,
    WorkOrderEvent,
)
from fawang.workorders.transitions import REASON_REQUIRED, TRANSITIONS


class TransitionError(Exception):
    """An illegal or incomplete transition; nothing was written."""


class IntakeError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class PartyInput:
    name: str
    phone: str = ""
    id_number: str = ""
    kind: str = Party.Kind.PERSON


def _local_day(now: dt.datetime) -> dt.date:
    return timezone.localtime(now).date()


def workorder_next_number(*, county_code: str, now: dt.datetime) -> str:
    """The next number for a county and day. Must run inside a transaction: the
    row update locks the counter until commit, so concurrent callers never share one."""
    day = _local_day(now)
    updated = NumberSequence.objects.filter(county_code=county_code, day=day).update(
        last=F("last") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(county_code=county_code, day=day, last=1)
        except IntegrityError:
            NumberSequence.objects.filter(county_code=county_code, day=day).update(
                last=F("last") + 1
            )
    seq = NumberSequence.objects.get(county_code=county_code, day=day).last
    return f"SC{county_code}-{day:%Y%m%d}-{seq:04d}"


def _county_of(region: Region) -> Region:
    if region.level < Level.COUNTY:
        raise IntakeError({"region": _("请选择到县（市、区）一级。")})
    if region.level == Level.COUNTY:
        return region
    code = region.path.split("/")[2]
    return Region.objects.get(code=code)


def unit_name(user: User | None) -> str:
    if user is None:
        return ""
    org = user.service_point or user.institution
    if org:
        return str(org)
    if user.role == Role.BUREAU and user.region_id:
        return user.region.justice_bureau  # bureau staff belong to no service unit
    return ""


def workorder_create(
    *,
    channel: str,
    service: str,
    category: str,
    region: Region,
    description: str,
    party: PartyInput,
    language: str = "zh",
    title: str = "",
    opposing_party: str = "",
    created_by: User | None = None,
    idempotency_key: str | None = None,
    lng: float | None = None,
    lat: float | None = None,
    now: dt.datetime | None = None,
) -> tuple[WorkOrder, bool]:
    """Create an order and its first event. Returns ``(order, created)``; a repeated
    idempotency key returns the order it created the first time."""
    now = now or timezone.now()
    if idempotency_key:
        existing = WorkOrder.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    county = _county_of(region)
    try:
        with transaction.atomic():
            p = Party(kind=party.kind, name=party.name.strip())
            p.set_id_number(party.id_number)
            p.set_phone(party.phone)
            p.save()
            order = WorkOrder.objects.create(
                number=workorder_next_number(county_code=county.code, now=now),
                channel=channel,
                service=service,
                category=category,
                status=Status.RECEIVED,
                language=language,
                region=region,
                county=county,
                region_path=region.path,
                lng=lng,
                lat=lat,
                party=p,
                title=title[:120],
                description=description,
                opposing_party=opposing_party,
                idempotency_key=idempotency_key or None,
                created_by=created_by,
                created_at=now,
                status_changed_at=now,
            )
            WorkOrderEvent.objects.create(
                order=order,
                at=now,
                actor=created_by,
                actor_name=str(created_by) if created_by else party.name[:1] + "*",
                unit=unit_name(created_by),
                kind="transition",
                from_status="",
                to_status=Status.RECEIVED,
                reason=_("受理（%(channel)s）") % {"channel": order.get_channel_display()},
            )
            if created_by is not None:
                audit_record(
                    actor=created_by,
                    action=AuditLog.Action.CREATE,
                    object_type="workorder",
                    object_id=order.number,
                )
    except IntegrityError:
        if idempotency_key:
            existing = WorkOrder.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing, False
        raise
    from fawang.workorders.signals import order_created

    transaction.on_commit(lambda: order_created.send(sender=WorkOrder, order=order))
    return order, True


def workorder_transition(
    *,
    order: WorkOrder,
    to: str,
    actor: User | None,
    reason: str = "",
    now: dt.datetime | None = None,
    updates: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> WorkOrderEvent:
    """Move ``order`` to ``to`` if the table allows it, writing one event in the same
    transaction. ``updates`` sets other fields of the order (assignment, deadlines) in
    the same write. Raises TransitionError and writes nothing otherwise."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = WorkOrder.objects.select_for_update().get(pk=order.pk)
        current = locked.status
        if to not in TRANSITIONS.get(current, frozenset()):
            raise TransitionError(
                _("工单 %(number)s 当前状态为“%(cur)s”，不能变更为“%(to)s”。")
                % {
                    "number": locked.number,
                    "cur": Status(current).label,
                    "to": Status(to).label if to in Status.values else to,
                }
            )
        if current == Status.SUSPENDED and to != (locked.status_before_suspend or to):
            raise TransitionError(
                _("中止的工单只能恢复到中止前的状态“%(s)s”。")
                % {"s": Status(locked.status_before_suspend).label}
            )
        if to in REASON_REQUIRED and not reason.strip():
            raise TransitionError(_("此操作需要填写理由。"))
        fields: dict[str, Any] = {"status": to, "status_changed_at": now}
        if to == Status.SUSPENDED:
            fields["status_before_suspend"] = current
        elif current == Status.SUSPENDED:
            fields["status_before_suspend"] = ""
        if to in (Status.ACCEPTED, Status.REPLIED) and locked.first_responded_at is None:
            fields["first_responded_at"] = now
        if to == Status.REPLIED:
            fields["replied_at"] = now
        if to in (Status.CLOSED, Status.REJECTED):
            fields["closed_at"] = now
        if to == Status.REOPENED:
            fields["closed_at"] = None
        fields.update(updates or {})
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.save(update_fields=[*fields.keys(), "updated_at"])
        event = WorkOrderEvent.objects.create(
            order=locked,
            at=now,
            actor=actor,
            actor_name=str(actor) if actor else _("系统"),
            unit=unit_name(actor),
            kind="transition",
            from_status=current,
            to_status=to,
            reason=reason,
            extra=extra or {},
        )
        if actor is not None:
            audit_record(
                actor=actor,
                action=AuditLog.Action.TRANSITION,
                object_type="workorder",
                object_id=locked.number,
                detail={"from": current, "to": to},
            )
    for key, value in fields.items():
        setattr(order, key, value)
    from fawang.workorders.signals import order_transitioned

    transaction.on_commit(
        lambda: order_transitioned.send(sender=WorkOrder, order=locked, event=event)
    )
    return event


def workorder_add_event(
    *,
    order: WorkOrder,
    kind: str,
    actor: User | None,
    reason: str = "",
    extra: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> WorkOrderEvent:
    """A history entry that does not change status (a note, a routing decision …)."""
    return WorkOrderEvent.objects.create(
        order=order,
        at=now or timezone.now(),
        actor=actor,
        actor_name=str(actor) if actor else _("系统"),
        unit=unit_name(actor),
        kind=kind,
        reason=reason,
        extra=extra or {},
    )


def party_reveal(*, party: Party, user: User, order: WorkOrder | None = None) -> dict[str, str]:
    """The clear ID number and phone for a role that needs them; every read is audited."""
    if user.role not in PII_ROLES:
        raise PermissionError(_("您的角色无权查看完整的身份证号码。"))
    audit_record(
        actor=user,
        action=AuditLog.Action.READ_PII,
        object_type="party",
        object_id=str(party.pk),
        detail={"order": order.number if order else "", "fields": ["id_number", "phone"]},
    )
    return {"id_number": party.reveal_id_number(), "phone": party.reveal_phone()}
