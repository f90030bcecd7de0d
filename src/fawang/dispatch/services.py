"""Write paths of command and dispatch. Status changes go through
``workorders.services.workorder_transition`` only; assignment and deadline fields ride
along in its ``updates``. Each function is one transaction; messages go to the outbox in
that same transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts.models import Role, User
from fawang.dispatch import notify
from fawang.dispatch.models import (
    DeadlinePolicy,
    FeedbackPolicy,
    Rating,
    ReturnVisit,
    RoutingDecision,
    SupervisionItem,
)
from fawang.dispatch.routing import auto_route_channels, complained_unit_path, route_plan
from fawang.dispatch.workdays import WorkCalendar
from fawang.network.models import Institution, ServicePoint
from fawang.regions.models import Level, Region
from fawang.workorders.models import (
    CLOCK_STATUS_LIST,
    CLOCK_STATUSES,
    OPEN_STATUSES,
    Service,
    Status,
    WorkOrder,
)
from fawang.workorders.services import (
    PartyInput,
    TransitionError,
    workorder_add_event,
    workorder_create,
    workorder_transition,
)
from fawang.workorders.transitions import TRANSITIONS

DISPATCH_ROLES = frozenset({Role.DISPATCHER})
HANDLER_ROLES = frozenset(
    {Role.CLERK, Role.PRACTITIONER, Role.REVIEWER, Role.AGENT, Role.DISPATCHER}
)
CLOCK_LIST = CLOCK_STATUS_LIST
RATING_SALT = "fawang.dispatch.rating"
DEFAULT_RESOLUTION_DAYS = 15


def _require(actor: User | None, roles: frozenset[str]) -> None:
    if actor is not None and actor.role not in roles:
        raise PermissionDenied(_("您的角色无权执行此操作。"))


# --------------------------------------------------------------------------- deadlines
def policies_by_key() -> dict[tuple[str, str], DeadlinePolicy]:
    return {(p.service, p.category): p for p in DeadlinePolicy.objects.all()}


def policy_for(
    service: str, category: str, policies: dict[tuple[str, str], DeadlinePolicy] | None = None
) -> DeadlinePolicy:
    """The category's policy, else the service's, else a 15-working-day default."""
    if policies is None:
        found = {
            p.category: p
            for p in DeadlinePolicy.objects.filter(service=service, category__in=[category, ""])
        }
        policy = found.get(category) or found.get("")
    else:
        policy = policies.get((service, category)) or policies.get((service, ""))
    return policy or DeadlinePolicy(
        service=service, first_response_days=1, resolution_days=DEFAULT_RESOLUTION_DAYS
    )


@dataclass(frozen=True)
class Deadlines:
    first_response_due_at: dt.datetime
    due_at: dt.datetime
    warning: str = ""


def deadlines_compute(
    *,
    service: str,
    category: str,
    start: dt.datetime,
    calendar: WorkCalendar | None = None,
    policies: dict[tuple[str, str], DeadlinePolicy] | None = None,
) -> Deadlines:
    cal = calendar or WorkCalendar.load()
    policy = policy_for(service, category, policies)
    return Deadlines(
        first_response_due_at=cal.add_working_days(start, policy.first_response_days),
        due_at=cal.add_working_days(start, policy.resolution_days),
        warning=cal.warning_text(),
    )


def deadline_updates(order: WorkOrder, *, start: dt.datetime) -> tuple[dict[str, Any], str]:
    d = deadlines_compute(service=order.service, category=order.category, start=start)
    return {"first_response_due_at": d.first_response_due_at, "due_at": d.due_at}, d.warning


def deadlines_set(*, order: WorkOrder, now: dt.datetime | None = None) -> Deadlines:
    """Give an order its deadlines from its receipt time (for orders not routed at once)."""
    now = now or timezone.now()
    d = deadlines_compute(service=order.service, category=order.category, start=order.created_at)
    with transaction.atomic():
        WorkOrder.objects.filter(pk=order.pk).update(
            first_response_due_at=d.first_response_due_at, due_at=d.due_at
        )
        workorder_add_event(
            order=order,
            kind="deadline",
            actor=None,
            reason=_("办结期限：%(due)s") % {"due": f"{timezone.localtime(d.due_at):%Y-%m-%d}"},
            extra={"warning": d.warning} if d.warning else {},
            now=now,
        )
    order.first_response_due_at, order.due_at = d.first_response_due_at, d.due_at
    return d


def deadline_flag(
    order: WorkOrder, *, now: dt.datetime, calendar: WorkCalendar, policy: DeadlinePolicy
) -> str:
    """``overdue`` / ``due_soon`` / ``first_response_overdue`` / ``""`` for display."""
    if order.status not in CLOCK_STATUSES or order.due_at is None:
        return ""
    if order.due_at < now:
        return "overdue"
    if (
        order.first_responded_at is None
        and order.first_response_due_at
        and order.first_response_due_at < now
    ):
        return "first_response_overdue"
    if order.due_at <= calendar.add_working_seconds(now, policy.due_soon_days * 86400):
        return "due_soon"
    return ""


# --------------------------------------------------------------------------- routing
def _unit_fields(point: ServicePoint | None, institution: Institution | None) -> dict[str, Any]:
    return {"assigned_point": point, "assigned_institution": institution, "assigned_person": None}


def _unit_of(order: WorkOrder) -> tuple[ServicePoint | None, Institution | None]:
    return order.assigned_point, order.assigned_institution


def _notify_unit(
    order: WorkOrder,
    *,
    point: ServicePoint | None,
    institution: Institution | None,
    text: str,
    now: dt.datetime,
) -> None:
    users = notify.staff_of_unit(
        point_id=point.pk if point else None, institution_id=institution.pk if institution else None
    )
    notify.outbox_enqueue_staff(users=users, body=text, now=now, order=order)


def _dispatch_target(current: str) -> str:
    allowed = TRANSITIONS.get(current, frozenset())
    if Status.DISPATCHED in allowed:
        return Status.DISPATCHED
    if Status.TRANSFERRED in allowed:
        return Status.TRANSFERRED
    raise TransitionError(_("工单当前状态为“%(s)s”，不能派单。") % {"s": Status(current).label})


def routing_route(
    *,
    order: WorkOrder,
    actor: User | None = None,
    now: dt.datetime | None = None,
    complained_path: str | None = None,
) -> RoutingDecision:
    """Route by the rules, store the decision and, when a unit was found, dispatch the
    order to it (giving it deadlines if it has none). Without a unit the order stays
    where it is and the decision says why."""
    _require(actor, HANDLER_ROLES)
    now = now or timezone.now()
    exclude: set[tuple[str, int]] = set()
    if order.status == Status.RETURNED:
        if order.assigned_point_id:
            exclude.add(("point", order.assigned_point_id))
        if order.assigned_institution_id:
            exclude.add(("institution", order.assigned_institution_id))
    if complained_path is None:
        complained_path = complained_unit_path(order)
    plan = route_plan(order, complained_path=complained_path, exclude=exclude)
    point = institution = None
    if plan.target is not None:
        if plan.target.type == "point":
            point = ServicePoint.objects.get(pk=plan.target.id)
        else:
            institution = Institution.objects.get(pk=plan.target.id)
    with transaction.atomic():
        decision = RoutingDecision.objects.create(
            order=order,
            at=now,
            rule=plan.rule,
            rule_text=str(plan.rule)[:200] if plan.rule else "",
            target_point=point,
            target_institution=institution,
            target_name=(point or institution).name if (point or institution) else "",
            candidates=plan.steps,
            reason=plan.reason,
            levels_up=plan.levels_up,
            decided_by=actor,
        )
        if point is None and institution is None:
            workorder_add_event(
                order=order,
                kind="routing",
                actor=actor,
                reason=plan.reason,
                now=now,
                extra={"decision": decision.pk},
            )
            return decision
        updates = _unit_fields(point, institution)
        warning = ""
        if order.due_at is None:
            deadlines, warning = deadline_updates(order, start=order.created_at)
            updates.update(deadlines)
        workorder_transition(
            order=order,
            to=_dispatch_target(order.status),
            actor=actor,
            reason=plan.reason,
            now=now,
            updates=updates,
            extra={"decision": decision.pk, **({"warning": warning} if warning else {})},
        )
        _notify_unit(
            order,
            point=point,
            institution=institution,
            text=_("新派工单 %(n)s（%(s)s），请及时签收。")
            % {"n": order.number, "s": order.get_service_display()},
            now=now,
        )
    return decision


def _check_target_in_jurisdiction(actor: User | None, unit: ServicePoint | Institution) -> None:
    if actor is None:
        return
    path = actor.jurisdiction_path
    if path is None or not unit.region_path.startswith(path):
        raise PermissionDenied(_("只能派往您管辖范围内的单位。"))


def routing_override(
    *,
    order: WorkOrder,
    actor: User,
    reason: str,
    point: ServicePoint | None = None,
    institution: Institution | None = None,
    now: dt.datetime | None = None,
) -> RoutingDecision:
    """A dispatcher sends the order to a unit of their choosing; the reason is required
    and stored beside the rules' choice."""
    _require(actor, DISPATCH_ROLES)
    return _assign_manually(
        order=order,
        actor=actor,
        reason=reason,
        point=point,
        institution=institution,
        now=now,
        kind=_("人工改派"),
        check_jurisdiction=True,
    )


def _assign_manually(
    *,
    order: WorkOrder,
    actor: User | None,
    reason: str,
    point: ServicePoint | None,
    institution: Institution | None,
    now: dt.datetime | None,
    kind: str,
    check_jurisdiction: bool,
    to: str | None = None,
) -> RoutingDecision:
    now = now or timezone.now()
    if not reason.strip():
        raise TransitionError(_("改派须填写理由。"))
    unit = point or institution
    if unit is None or (point is not None and institution is not None):
        raise TransitionError(_("请选择一个承办单位。"))
    if check_jurisdiction:
        _check_target_in_jurisdiction(actor, unit)
    field = "assigned_point" if point is not None else "assigned_institution"
    open_n = WorkOrder.objects.filter(**{field: unit}, status__in=sorted(CLOCK_STATUSES)).count()
    with transaction.atomic():
        decision = RoutingDecision.objects.create(
            order=order,
            at=now,
            rule=None,
            rule_text=kind,
            target_point=point,
            target_institution=institution,
            target_name=unit.name,
            candidates=[
                {
                    "level": len(unit.region_path.split("/")),
                    "region": "",
                    "count": 1,
                    "candidates": [
                        {
                            "type": "point" if point else "institution",
                            "id": unit.pk,
                            "name": unit.name,
                            "open": open_n,
                            "capacity": unit.capacity,
                            "load": round(open_n / unit.capacity, 3) if unit.capacity else None,
                        }
                    ],
                }
            ],
            reason=f"{kind}：{reason.strip()}",
            is_override=True,
            decided_by=actor,
        )
        updates = _unit_fields(point, institution)
        if order.due_at is None:
            deadlines, _w = deadline_updates(order, start=order.created_at)
            updates.update(deadlines)
        workorder_transition(
            order=order,
            to=to or _dispatch_target(order.status),
            actor=actor,
            reason=decision.reason,
            now=now,
            updates=updates,
            extra={"decision": decision.pk},
        )
        _notify_unit(
            order,
            point=point,
            institution=institution,
            text=_("%(k)s：工单 %(n)s 已派给贵单位，请及时签收。") % {"k": kind, "n": order.number},
            now=now,
        )
    return decision


def orders_reassign(
    *,
    orders: Iterable[WorkOrder],
    actor: User,
    reason: str,
    point: ServicePoint | None = None,
    institution: Institution | None = None,
    now: dt.datetime | None = None,
) -> tuple[list[str], dict[str, str]]:
    """Batch reassignment by a dispatcher: each order in its own transaction; returns the
    numbers reassigned and, for the others, why not."""
    _require(actor, DISPATCH_ROLES)
    done: list[str] = []
    errors: dict[str, str] = {}
    for order in orders:
        try:
            routing_override(
                order=order,
                actor=actor,
                reason=reason,
                point=point,
                institution=institution,
                now=now,
            )
            done.append(order.number)
        except (TransitionError, PermissionDenied) as exc:
            errors[order.number] = str(exc)
    return done, errors


def routing_on_created(*, order_id: int, now: dt.datetime | None = None) -> str:
    """What follows the creation of an order: one from a remote channel is routed by the
    rules, a walk-in just gets its deadlines (counted from its creation either way).

    Idempotent, so that a task run twice, or after a dispatcher got there first, changes
    nothing: only an order still ``received`` is touched, and a remote one only while it
    has no routing decision. The order's row stays locked meanwhile. Returns what it did."""
    with transaction.atomic():
        order = (
            WorkOrder.objects.select_for_update(of=("self",))
            .select_related("party")
            .filter(pk=order_id)
            .first()
        )
        if order is None:
            return "gone"
        if order.channel not in auto_route_channels():
            # A walk-in, also one the window accepted on the spot, gets its deadlines.
            if order.due_at is not None:
                return "left alone: has deadlines"
            if order.status not in OPEN_STATUSES:
                return f"left alone: {order.status}"
            deadlines_set(order=order, now=order.created_at)
            return "deadlines set"
        if order.status != Status.RECEIVED:
            return f"left alone: {order.status}"
        if RoutingDecision.objects.filter(order_id=order.pk).exists():
            return "left alone: already routed"
        now = max(now or timezone.now(), order.created_at)
        decision = routing_route(order=order, actor=None, now=now)
    return f"routed to {decision.target_name}" if decision.target_name else "no unit found"


STRAGGLER_AFTER = dt.timedelta(minutes=5)
STRAGGLER_WINDOW = dt.timedelta(days=14)


def routing_sweep(*, now: dt.datetime, limit: int = 200) -> str:
    """Finish what a lost hand-off left undone: orders still received more than five
    minutes after they came in (within the last two weeks) that should have been routed,
    or a walk-in that should have got its deadlines, and were not. Runs every minute;
    ``routing_on_created`` is idempotent, so an order the task is handling at the same
    time is left alone."""
    window = WorkOrder.objects.filter(
        created_at__lte=now - STRAGGLER_AFTER, created_at__gte=now - STRAGGLER_WINDOW
    )
    remote = window.filter(
        status=Status.RECEIVED, channel__in=auto_route_channels(), routing_decisions__isnull=True
    )
    local = window.filter(status=Status.RECEIVED, due_at__isnull=True).exclude(
        channel__in=auto_route_channels()
    )
    ids = list(remote.order_by("created_at").values_list("pk", flat=True)[:limit])
    ids += list(local.order_by("created_at").values_list("pk", flat=True)[: limit - len(ids)])
    for pk in ids:
        routing_on_created(order_id=pk, now=now)
    return f"stragglers: {len(ids)} handled"


# --------------------------------------------------------------------------- actions
def supervisor_point(region_path: str, level: int) -> ServicePoint | None:
    """The public legal service centre at ``level`` on the path (or the nearest above)."""
    codes = region_path.split("/")
    for lv in range(min(level, len(codes)), 0, -1):
        point = (
            ServicePoint.objects.filter(
                kind=ServicePoint.Kind.CENTRE, region_id=codes[lv - 1], is_active=True
            )
            .order_by("pk")
            .first()
        )
        if point is not None:
            return point
    return None


def _unit_level_path(order: WorkOrder) -> tuple[int, str]:
    unit = order.assigned_point or order.assigned_institution
    if unit is None:
        return Level.COUNTY, "/".join(order.region_path.split("/")[: Level.COUNTY])
    return len(unit.region_path.split("/")), unit.region_path


def order_sign_for(*, order: WorkOrder, actor: User, now: dt.datetime | None = None) -> None:
    """签收: the assigned unit takes the order."""
    _require(actor, HANDLER_ROLES)
    updates: dict[str, Any] = {}
    if actor.practitioner_id:
        updates["assigned_person"] = actor.practitioner
    workorder_transition(
        order=order, to=Status.ACCEPTED, actor=actor, reason=_("签收"), now=now, updates=updates
    )


def order_start(*, order: WorkOrder, actor: User, now: dt.datetime | None = None) -> None:
    _require(actor, HANDLER_ROLES)
    workorder_transition(
        order=order, to=Status.IN_PROGRESS, actor=actor, reason=_("开始办理"), now=now
    )


def order_return(
    *, order: WorkOrder, actor: User, reason: str, now: dt.datetime | None = None
) -> None:
    """退回: the unit sends the order back to the dispatchers of its county, with a reason."""
    _require(actor, HANDLER_ROLES)
    now = now or timezone.now()
    with transaction.atomic():
        workorder_transition(order=order, to=Status.RETURNED, actor=actor, reason=reason, now=now)
        county_path = "/".join(order.region_path.split("/")[: Level.COUNTY])
        dispatchers = User.objects.filter(
            role=Role.DISPATCHER, is_active=True, region__path=county_path
        )
        notify.outbox_enqueue_staff(
            users=dispatchers,
            body=_("工单 %(n)s 被退回：%(r)s") % {"n": order.number, "r": reason[:100]},
            now=now,
            order=order,
        )


def order_transfer(
    *,
    order: WorkOrder,
    actor: User,
    reason: str,
    point: ServicePoint | None = None,
    institution: Institution | None = None,
    now: dt.datetime | None = None,
) -> RoutingDecision:
    """转办: hand the order to another unit (it signs for it there)."""
    _require(actor, HANDLER_ROLES)
    if Status.TRANSFERRED not in TRANSITIONS.get(order.status, frozenset()):
        raise TransitionError(
            _("工单当前状态为“%(s)s”，不能转办。") % {"s": Status(order.status).label}
        )
    return _assign_manually(
        order=order,
        actor=actor,
        reason=reason,
        point=point,
        institution=institution,
        now=now,
        kind=_("转办"),
        check_jurisdiction=False,
        to=Status.TRANSFERRED,
    )


def order_escalate(
    *, order: WorkOrder, actor: User | None, reason: str, now: dt.datetime | None = None
) -> ServicePoint | None:
    """上报: send the order to the centre one level above the unit holding it."""
    _require(actor, HANDLER_ROLES)
    level, path = _unit_level_path(order)
    upper = supervisor_point(path, max(Level.PROVINCE, level - 1))
    updates = _unit_fields(upper, None) if upper is not None else {}
    now = now or timezone.now()
    with transaction.atomic():
        workorder_transition(
            order=order, to=Status.ESCALATED, actor=actor, reason=reason, now=now, updates=updates
        )
        if upper is not None:
            _notify_unit(
                order,
                point=upper,
                institution=None,
                now=now,
                text=_("下级上报工单 %(n)s：%(r)s") % {"n": order.number, "r": reason[:100]},
            )
    return upper


def order_suspend(
    *, order: WorkOrder, actor: User, reason: str, now: dt.datetime | None = None
) -> None:
    """中止: the clock stops until the order is resumed."""
    _require(actor, HANDLER_ROLES)
    workorder_transition(order=order, to=Status.SUSPENDED, actor=actor, reason=reason, now=now)


def order_resume(
    *, order: WorkOrder, actor: User, reason: str = "", now: dt.datetime | None = None
) -> int:
    """恢复: back to the status held before, with both due dates moved later by the
    working time spent suspended. Returns that time in seconds."""
    _require(actor, HANDLER_ROLES)
    now = now or timezone.now()
    if order.status != Status.SUSPENDED:
        raise TransitionError(_("只有已中止的工单可以恢复。"))
    cal = WorkCalendar.load()
    paused = cal.working_seconds_between(order.status_changed_at, now)
    updates: dict[str, Any] = {}
    if order.due_at is not None:
        updates["due_at"] = cal.add_working_seconds(order.due_at, paused)
    if order.first_response_due_at is not None and order.first_responded_at is None:
        updates["first_response_due_at"] = cal.add_working_seconds(
            order.first_response_due_at, paused
        )
    workorder_transition(
        order=order,
        to=order.status_before_suspend or Status.ACCEPTED,
        actor=actor,
        reason=reason or _("恢复办理，期限顺延%(d).1f个工作日") % {"d": paused / 86400},
        now=now,
        updates=updates,
        extra={"paused_working_seconds": paused},
    )
    return paused


def rating_token(order: WorkOrder) -> str:
    return signing.dumps(
        {"n": order.number, "r": int(order.replied_at.timestamp()) if order.replied_at else 0},
        salt=RATING_SALT,
        compress=True,
    )


def rating_url(order: WorkOrder) -> str:
    """The rating page of the order, as a full address the requester can open from an SMS
    (``FAWANG_PUBLIC_URL`` + path)."""
    path = reverse("dispatch:rate", args=[rating_token(order)])
    return settings.FAWANG_PUBLIC_URL.rstrip("/") + path


def order_reply(
    *, order: WorkOrder, actor: User, text: str, now: dt.datetime | None = None
) -> None:
    """答复: the reply is recorded and the requester gets an SMS with a rating link."""
    _require(actor, HANDLER_ROLES)
    if not text.strip():
        raise TransitionError(_("请填写答复内容。"))
    now = now or timezone.now()
    with transaction.atomic():
        workorder_transition(
            order=order,
            to=Status.REPLIED,
            actor=actor,
            reason=text,
            now=now,
            extra={"rating_sms": True},
        )
        order.replied_at = now
        rating_sms_enqueue(order=order, now=now)


def rating_sms_enqueue(*, order: WorkOrder, now: dt.datetime) -> None:
    notify.outbox_enqueue_requester(
        order=order,
        now=now,
        body=_("【四川法网】您的工单%(n)s已答复，请对办理情况评价：%(url)s 回复TD退订")
        % {"n": order.number, "url": rating_url(order)},
    )


def after_foreign_transition(*, order: WorkOrder, event) -> None:  # type: ignore[no-untyped-def]
    """Keep the loop whole when another module (or the console's generic transition
    form) moved the order without these services: a reply still sends the rating link,
    and a resume still moves the due dates by the working time spent suspended."""
    # ``rating_sms`` in the event: True when these services sent the link already, False
    # when the module that replied says this reply asks for no rating (a legal-aid
    # objection upheld: the order was rated after the first answer).
    if event.to_status == Status.REPLIED and "rating_sms" not in event.extra:
        with transaction.atomic():
            fresh = WorkOrder.objects.select_related("party").get(pk=order.pk)
            rating_sms_enqueue(order=fresh, now=event.at)
    if event.from_status == Status.SUSPENDED and "paused_working_seconds" not in event.extra:
        suspended = (
            WorkOrder.objects.get(pk=order.pk)
            .events.filter(to_status=Status.SUSPENDED, at__lte=event.at)
            .order_by("-at", "-id")
            .values_list("at", flat=True)
            .first()
        )
        if suspended is None:
            return
        cal = WorkCalendar.load()
        paused = cal.working_seconds_between(suspended, event.at)
        fresh = WorkOrder.objects.get(pk=order.pk)
        fields: dict[str, Any] = {}
        if fresh.due_at is not None:
            fields["due_at"] = cal.add_working_seconds(fresh.due_at, paused)
        if fresh.first_response_due_at is not None and fresh.first_responded_at is None:
            fields["first_response_due_at"] = cal.add_working_seconds(
                fresh.first_response_due_at, paused
            )
        if not fields or not paused:
            return
        with transaction.atomic():
            WorkOrder.objects.filter(pk=order.pk).update(**fields)
            workorder_add_event(
                order=fresh,
                kind="deadline",
                actor=None,
                now=event.at,
                reason=_("中止期间不计时，期限顺延%(d).1f个工作日") % {"d": paused / 86400},
                extra={"paused_working_seconds": paused},
            )


def order_close(*, order: WorkOrder, actor: User | None, now: dt.datetime | None = None) -> None:
    """办结; a sample of closed orders becomes return-visit tasks."""
    _require(actor, HANDLER_ROLES)
    now = now or timezone.now()
    with transaction.atomic():
        workorder_transition(order=order, to=Status.CLOSED, actor=actor, reason=_("办结"), now=now)
        order.closed_at = now
        visit_maybe_create(order=order, now=now)


def order_reopen(
    *,
    order: WorkOrder,
    actor: User | None,
    reason: str,
    now: dt.datetime | None = None,
    to_supervisor: bool = False,
) -> None:
    """重办: a new resolution deadline from now; optionally to the supervising centre."""
    _require(actor, HANDLER_ROLES)
    now = now or timezone.now()
    d = deadlines_compute(service=order.service, category=order.category, start=now)
    updates: dict[str, Any] = {"due_at": d.due_at, "first_response_due_at": d.first_response_due_at}
    upper = None
    if to_supervisor:
        level, path = _unit_level_path(order)
        upper = supervisor_point(path, max(Level.PROVINCE, level - 1))
        if upper is not None:
            updates.update(_unit_fields(upper, None))
    with transaction.atomic():
        workorder_transition(
            order=order, to=Status.REOPENED, actor=actor, reason=reason, now=now, updates=updates
        )
        if upper is not None:
            _notify_unit(
                order,
                point=upper,
                institution=None,
                now=now,
                text=_("工单 %(n)s 因群众不满意重办，请督促办理。") % {"n": order.number},
            )


# --------------------------------------------------------------------------- supervision
@dataclass
class ScanResult:
    overdue: int = 0
    opened: int = 0
    reddened: int = 0
    resolved: int = 0

    def __str__(self) -> str:
        return (
            f"overdue={self.overdue} opened={self.opened} "
            f"reddened={self.reddened} resolved={self.resolved}"
        )


def overdue_queryset(now: dt.datetime):  # type: ignore[no-untyped-def]
    """Open orders whose clock runs and whose deadline has passed (the partial index
    ``wo_due_open`` on PostgreSQL serves exactly this predicate)."""
    return WorkOrder.objects.filter(status__in=CLOCK_LIST, due_at__lt=now)


def overdue_chunks(now: dt.datetime, *, chunk: int = 2000):  # type: ignore[no-untyped-def]
    """Overdue orders as ``(pk, number, due_at, region_path, service, category)`` rows in
    chunks, keyset-paged on ``(due_at, id)``: each chunk is one range scan of the partial
    index ``wo_due_open``, however many orders there are."""
    rows = (
        overdue_queryset(now)
        .values_list("pk", "number", "due_at", "region_path", "service", "category")
        .order_by("due_at", "pk")
    )
    last_due, last_pk = None, 0
    while True:
        page = rows
        if last_due is not None:
            page = rows.filter(Q(due_at__gt=last_due) | Q(due_at=last_due, pk__gt=last_pk))
        batch = list(page[:chunk])
        if not batch:
            return
        last_due, last_pk = batch[-1][2], batch[-1][0]
        yield batch


def supervision_scan(*, now: dt.datetime, chunk: int = 2000) -> ScanResult:
    """Open a yellow supervision item at the level above each overdue order; turn it red
    after ``red_after_days`` working days overdue; after ``next_level_after_days`` open a
    red item one level higher still. Items whose order is no longer overdue (replied,
    closed, suspended or given a new deadline) are resolved. Idempotent: the database
    allows one item per order, level and deadline."""
    result = ScanResult()
    cal = WorkCalendar.load()
    policies = policies_by_key()
    cutoffs: dict[tuple[str, str], tuple[dt.datetime, dt.datetime]] = {}

    def cutoffs_for(service: str, category: str) -> tuple[dt.datetime, dt.datetime]:
        key = (service, category)
        if key not in cutoffs:
            p = policy_for(service, category, policies)
            cutoffs[key] = (
                _working_before(cal, now, p.red_after_days),
                _working_before(cal, now, p.next_level_after_days),
            )
        return cutoffs[key]

    region_cache: dict[str, Region] = {}
    digest: dict[str, int] = {}
    for batch in overdue_chunks(now, chunk=chunk):
        result.overdue += len(batch)
        _supervise_batch(batch, now, cutoffs_for, region_cache, result, digest)
    result.resolved = _resolve_stale(now)
    _notify_supervisors(digest, now)
    return result


def _working_before(cal: WorkCalendar, now: dt.datetime, days: int) -> dt.datetime:
    """The instant ``days`` working days of working time before ``now``."""
    return cal.subtract_working_seconds(now, days * 86400)


def _supervising_region(path: str, level: int, cache: dict[str, Region]) -> Region:
    code = path.split("/")[level - 1]
    if code not in cache:
        cache[code] = Region.objects.get(code=code)
    return cache[code]


def _supervise_batch(batch, now, cutoffs_for, region_cache, result, digest) -> None:  # type: ignore[no-untyped-def]
    ids = [row[0] for row in batch]
    existing: dict[tuple[int, int], tuple[int, str, str]] = {}
    due_by_id = {row[0]: row[2] for row in batch}
    for pk, o, lv, sev, st, due in SupervisionItem.objects.filter(order_id__in=ids).values_list(
        "pk", "order_id", "level", "severity", "state", "due_at"
    ):
        if due == due_by_id[o]:
            existing[(o, lv)] = (pk, sev, st)
    new_items: list[SupervisionItem] = []
    redden: list[int] = []
    events: list[tuple[int, str]] = []
    for order_id, _number, due_at, path, service, category in batch:
        red_cut, next_cut = cutoffs_for(service, category)
        county_level = min(Level.COUNTY, len(path.split("/")))
        above = max(Level.PROVINCE, county_level - 1)
        wanted = [(above, SupervisionItem.Severity.RED if due_at < red_cut else "yellow")]
        if due_at < next_cut and above > Level.PROVINCE:
            wanted.append((above - 1, SupervisionItem.Severity.RED))
        for level, severity in wanted:
            have = existing.get((order_id, level))
            region = _supervising_region(path, level, region_cache)
            if have is None:
                new_items.append(
                    SupervisionItem(
                        order_id=order_id,
                        level=level,
                        region=region,
                        region_path=region.path,
                        due_at=due_at,
                        severity=severity,
                        opened_at=now,
                        escalated_at=now if severity == "red" else None,
                    )
                )
                events.append(
                    (
                        order_id,
                        _("超期，%(r)s%(s)s")
                        % {"r": region.name, "s": SupervisionItem.Severity(severity).label},
                    )
                )
                digest[region.path] = digest.get(region.path, 0) + 1
            elif severity == "red" and have[1] == "yellow" and have[2] == "open":
                redden.append(have[0])
                events.append((order_id, _("超期未办结，%(r)s督办升级为红色") % {"r": region.name}))
    if new_items:
        before = SupervisionItem.objects.filter(order_id__in=ids).count()
        SupervisionItem.objects.bulk_create(new_items, ignore_conflicts=True)
        result.opened += SupervisionItem.objects.filter(order_id__in=ids).count() - before
    if redden:
        result.reddened += SupervisionItem.objects.filter(
            pk__in=redden, severity="yellow", state="open"
        ).update(severity="red", escalated_at=now)
    if events:
        from fawang.workorders.models import WorkOrderEvent

        WorkOrderEvent.objects.bulk_create(
            [
                WorkOrderEvent(
                    order_id=oid, at=now, actor_name=_("系统"), kind="supervise", reason=text
                )
                for oid, text in events
            ]
        )


def _resolve_stale(now: dt.datetime) -> int:
    """Resolve open items whose order left the clock statuses or got a new deadline."""
    stale = SupervisionItem.objects.filter(state=SupervisionItem.State.OPEN).exclude(
        order__status__in=CLOCK_LIST, order__due_at=F("due_at")
    )
    return SupervisionItem.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).update(
        state=SupervisionItem.State.RESOLVED, resolved_at=now
    )


def _notify_supervisors(digest: dict[str, int], now: dt.datetime) -> None:
    for path, n in digest.items():
        users = User.objects.filter(role=Role.DISPATCHER, is_active=True, region__path=path)
        notify.outbox_enqueue_staff(
            users=users, body=_("新增超期督办 %(n)d 件，请到指挥中心查看。") % {"n": n}, now=now
        )


# --------------------------------------------------------------------------- feedback
class RatingLinkError(ValueError):
    pass


def rating_order_for_token(token: str) -> WorkOrder:
    policy = FeedbackPolicy.current()
    try:
        data = signing.loads(token, salt=RATING_SALT, max_age=policy.link_valid_days * 86400)
    except signing.SignatureExpired as exc:
        raise RatingLinkError(_("评价链接已过期。")) from exc
    except signing.BadSignature as exc:
        raise RatingLinkError(_("评价链接无效。")) from exc
    order = (
        WorkOrder.objects.select_related(
            "party", "assigned_point", "assigned_institution", "county"
        )
        .filter(number=data.get("n"))
        .first()
    )
    if (
        order is None
        or order.replied_at is None
        or int(order.replied_at.timestamp()) != data.get("r")
    ):
        raise RatingLinkError(_("该答复已更新或工单不存在，请使用最新短信中的链接。"))
    return order


RATING_REASONS = {
    "slow": _("办理不及时"),
    "attitude": _("服务态度差"),
    "unresolved": _("问题没有解决"),
    "unclear": _("答复不清楚"),
    "good": _("办理及时"),
    "helpful": _("解决了问题"),
    "polite": _("态度好"),
}


def rating_submit(
    *,
    token: str,
    stars: int,
    reasons: list[str] | None = None,
    comment: str = "",
    complain: bool = False,
    now: dt.datetime | None = None,
) -> Rating:
    """The requester rates the reply. ≤ the unsatisfied threshold: the order is reopened
    to the supervising centre, or (if they ask) a complaint is opened about the unit."""
    now = now or timezone.now()
    if not 1 <= int(stars) <= 5:
        raise ValueError(_("请选择1到5星。"))
    order = rating_order_for_token(token)
    if order.status != Status.REPLIED:
        raise RatingLinkError(_("该工单已评价过，感谢您的反馈。"))
    policy = FeedbackPolicy.current()
    reasons = [r for r in (reasons or []) if r in RATING_REASONS]
    unsatisfied = stars <= policy.unsatisfied_max_stars
    outcome = Rating.Outcome.REVIEWED
    if unsatisfied:
        outcome = Rating.Outcome.COMPLAINT if complain else Rating.Outcome.REOPENED
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                order=order,
                replied_at=order.replied_at,
                stars=stars,
                reasons=reasons,
                comment=comment.strip()[:1000],
                at=now,
                outcome=outcome,
                unit_point=order.assigned_point,
                unit_institution=order.assigned_institution,
            )
            WorkOrder.objects.filter(pk=order.pk).update(satisfaction=stars)
            text = _("群众评价：%(s)d星") % {"s": stars}
            if outcome == Rating.Outcome.REOPENED:
                order_reopen(
                    order=order,
                    actor=None,
                    now=now,
                    to_supervisor=True,
                    reason=_("群众评价%(s)d星（不满意），转上级督促重办。") % {"s": stars},
                )
            else:
                workorder_transition(
                    order=order,
                    to=Status.REVIEWED,
                    actor=None,
                    reason=text,
                    now=now,
                    extra={"stars": stars, "reasons": reasons},
                )
                if outcome == Rating.Outcome.COMPLAINT:
                    rating.complaint = _open_complaint(order=order, rating=rating, now=now)
                    rating.save(update_fields=["complaint"])
    except IntegrityError as exc:
        raise RatingLinkError(_("该工单已评价过，感谢您的反馈。")) from exc
    return rating


def _open_complaint(*, order: WorkOrder, rating: Rating, now: dt.datetime) -> WorkOrder:
    party = order.party
    unit = order.assigned_point or order.assigned_institution
    complaint, _created = workorder_create(
        channel="web",
        service=Service.COMPLAINT,
        category=order.category,
        region=order.region,
        description=_("对工单 %(n)s 的办理不满意（%(s)d星）：%(c)s")
        % {"n": order.number, "s": rating.stars, "c": rating.comment or "—"},
        party=PartyInput(
            name=party.name,
            phone=party.reveal_phone() if party.phone_enc else "",
            id_number=party.reveal_id_number() if party.id_number_enc else "",
            kind=party.kind,
        ),
        language=order.language,
        title=_("投诉：%(u)s") % {"u": unit.name if unit else order.number},
        opposing_party=unit.name if unit else "",
        idempotency_key=f"complaint:{order.number}:{int(rating.replied_at.timestamp())}",
        now=now,
    )
    routing_route(
        order=complaint, actor=None, now=now, complained_path=unit.region_path if unit else None
    )
    return complaint


def _sampled(number: str, closed_at: dt.datetime, percent: int) -> bool:
    digest = hashlib.sha256(f"{number}|{closed_at.isoformat()}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


def visit_maybe_create(*, order: WorkOrder, now: dt.datetime) -> ReturnVisit | None:
    """A deterministic sample (``sample_percent``) of closed orders gets a return visit."""
    if order.closed_at is None:
        return None
    if not _sampled(order.number, order.closed_at, FeedbackPolicy.current().sample_percent):
        return None
    visit, _created = ReturnVisit.objects.get_or_create(
        order=order,
        closed_at=order.closed_at,
        defaults={"region_path": order.region_path, "created_at": now},
    )
    return visit


def visit_record(
    *,
    visit: ReturnVisit,
    actor: User,
    state: str,
    stars: int | None,
    notes: str,
    now: dt.datetime | None = None,
) -> ReturnVisit:
    _require(actor, HANDLER_ROLES)
    if state not in (ReturnVisit.State.DONE, ReturnVisit.State.UNREACHABLE):
        raise ValueError(_("请选择回访结果。"))
    if state == ReturnVisit.State.DONE and not (stars and 1 <= stars <= 5):
        raise ValueError(_("已回访的须记录满意度（1–5）。"))
    now = now or timezone.now()
    with transaction.atomic():
        updated = ReturnVisit.objects.filter(pk=visit.pk, state=ReturnVisit.State.PENDING).update(
            state=state,
            stars=stars if state == "done" else None,
            notes=notes.strip(),
            done_at=now,
            done_by=actor,
        )
        if updated != 1:
            raise ValueError(_("该回访任务已由他人完成。"))
        workorder_add_event(
            order=visit.order,
            kind="visit",
            actor=actor,
            now=now,
            reason=_("回访：%(s)s %(n)s")
            % {"s": ReturnVisit.State(state).label, "n": f"{stars}星" if stars else ""},
        )
    visit.refresh_from_db()
    return visit
