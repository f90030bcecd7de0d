"""Objections to a refusal or a termination (异议, Legal Aid Law art. 49): write paths.

The applicant (from the tracking page) or a clerk or hotline agent on their behalf files
an objection with reasons. It goes to the justice bureau that set up the deciding
institution (``authority.bureau_region``), which must decide within five working days of
receipt, on the PRC working-day calendar. The work order is reopened with that deadline,
so an objection waits in the console queue and, once late, is picked up by supervision
(督办) like any overdue order.

The bureau either upholds the decision — the applicant is told they may apply for
administrative reconsideration or sue — or orders the institution to correct it: a
refusal goes back for a new decision (a fresh seven-working-day review, art. 43), a
termination is undone and the aid continues. Each step is one event in the order's
history and one audit row, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts.models import AuditLog, Role, User
from fawang.accounts.services import audit_record
from fawang.legalaid import workdays
from fawang.legalaid.authority import bureau_name, bureau_region, centre_name
from fawang.legalaid.models import CaseStatus, LegalAidCase, Objection
from fawang.legalaid.services import (
    REVIEW_DAYS,
    LegalAidError,
    case_move,
    order_path,
    order_steps,
)
from fawang.workorders.models import Channel, Status, WorkOrder
from fawang.workorders.services import IntakeError

OBJECTION_REVIEW_DAYS = 5  # art. 49: the bureau decides within five days of receipt
MAX_REASONS = 2000
# Who may enter an objection for the applicant (at the window or on the 12348 line).
FILE_ROLES = frozenset({Role.CLERK, Role.AGENT, Role.REVIEWER})
DECIDE_ROLES = frozenset({Role.BUREAU})
OBJECTABLE = {
    CaseStatus.DENIED: Objection.Against.DENIAL,
    CaseStatus.TERMINATED: Objection.Against.TERMINATION,
}


def objectable_decision(case: LegalAidCase) -> tuple[str, dt.datetime, str, int | None] | None:
    """The decision an objection would be against now: (against, when, reasons, by whom),
    or None when the case stands on no refusal or termination."""
    against = OBJECTABLE.get(case.status)
    if against == Objection.Against.DENIAL and case.decided_at:
        return against, case.decided_at, case.decision_reasons, case.decided_by_id
    if against == Objection.Against.TERMINATION and case.terminated_at:
        return against, case.terminated_at, case.termination_reasons, case.terminated_by_id
    return None


def may_object(
    decision: tuple[str, dt.datetime, str, int | None] | None,
    objections: Iterable[Objection],
) -> bool:
    """Whether an objection can still be filed against ``decision`` (see
    ``objectable_decision``), given the case's objections: one per decision, whatever
    became of it (the database holds the same rule)."""
    if decision is None:
        return False
    return not any(o.against == decision[0] and o.decision_at == decision[1] for o in objections)


def _order_to(
    order: WorkOrder,
    target: str,
    *,
    actor: User | None,
    now: dt.datetime,
    reason: str,
    updates: dict[str, Any],
    extra: dict[str, Any],
) -> None:
    """Bring the work order to ``target`` with ``updates`` and one event per move; if it
    is there already, write the updates and one history event."""
    locked = WorkOrder.objects.select_for_update().get(pk=order.pk)
    order_steps(
        locked,
        order_path(locked.status, target),
        actor=actor,
        now=now,
        reason=reason,
        updates=updates,
        extra=extra,
    )
    for key, value in updates.items():
        setattr(order, key, value)
    order.status = locked.status


def _channel_for(actor: User | None) -> str:
    if actor is None:
        return Channel.WEB
    return Channel.HOTLINE if actor.role == Role.AGENT else Channel.WALK_IN


def objection_file(
    *,
    case: LegalAidCase,
    reasons: str,
    actor: User | None,
    now: dt.datetime | None = None,
) -> Objection:
    """Receive an objection to the case's refusal or termination. ``actor`` is None when
    the applicant files it themselves (the tracking page has checked them); otherwise the
    clerk or agent who entered it for them."""
    now = now or timezone.now()
    if actor is not None and actor.role not in FILE_ROLES:
        raise PermissionError(_("您的角色不能代为登记异议。"))
    text = reasons.strip()
    if not text:
        raise IntakeError({"reasons": _("请写明异议的事实和理由。")})
    if len(text) > MAX_REASONS:
        raise IntakeError({"reasons": _("异议理由请控制在 %(n)s 字以内。") % {"n": MAX_REASONS}})
    try:
        with transaction.atomic():
            return _file(case=case, text=text, actor=actor, now=now)
    except IntegrityError as exc:  # a concurrent objection to the same decision won
        raise LegalAidError(_("对该决定的异议已经提出，请勿重复提出。")) from exc


def _file(*, case: LegalAidCase, text: str, actor: User | None, now: dt.datetime) -> Objection:
    locked = (
        LegalAidCase.objects.select_for_update(of=("self",))
        .select_related("order", "order__county")
        .get(pk=case.pk)
    )
    current = objectable_decision(locked)
    if current is None:
        raise LegalAidError(
            _("只能对不予法律援助或者终止法律援助的决定提出异议；本案当前状态为“%(s)s”。")
            % {"s": CaseStatus(locked.status).label}
        )
    against, decision_at, decision_reasons, by_id = current
    earlier = Objection.objects.filter(
        case=locked, against=against, decision_at=decision_at
    ).first()
    if earlier is not None and earlier.is_open:
        raise LegalAidError(
            _("对该决定的异议已于 %(d)s 提出，正在审查，请勿重复提出。")
            % {"d": f"{timezone.localtime(earlier.filed_at):%Y-%m-%d}"}
        )
    if earlier is not None:
        raise LegalAidError(
            _(
                "对该决定的异议已审查完毕（%(r)s）。对维持决定不服的，可以依法申请行政复议或者提起行政诉讼。"
            )
            % {"r": earlier.get_status_display()}
        )
    by = User.objects.select_related("institution__region").filter(pk=by_id).first()
    region = bureau_region(locked, by)
    due = workdays.end_of_day(
        workdays.add_working_days(workdays.local_date(now), OBJECTION_REVIEW_DAYS)
    )
    objection = Objection.objects.create(
        case=locked,
        against=against,
        decision_at=decision_at,
        decision_reasons=decision_reasons,
        institution=by.institution if by is not None else None,
        bureau_region=region,
        bureau_region_path=region.path,
        reasons=text,
        channel=_channel_for(actor),
        filed_at=now,
        filed_by=actor,
        due_at=due,
    )
    what = Objection.Against(against).label
    _order_to(
        locked.order,
        Status.REOPENED,
        actor=actor,
        now=now,
        reason=_(
            "申请人对%(what)s提出异议，由%(bureau)s审查，应于 %(due)s 前作出决定"
            "（法律援助法第四十九条）。异议理由：%(r)s"
        )
        % {
            "what": what,
            "bureau": bureau_name(region),
            "due": f"{workdays.local_date(due):%Y-%m-%d}",
            "r": text,
        },
        updates={"due_at": due},
        extra={"objection": {"id": objection.pk, "against": against, "step": "filed"}},
    )
    audit_record(
        actor=actor,
        action=AuditLog.Action.CREATE,
        object_type="legalaid_objection",
        object_id=locked.order.number,
        detail={"objection": objection.pk, "against": against, "channel": objection.channel},
    )
    return objection


def objection_decide(
    *,
    objection: Objection,
    actor: User | None,
    uphold: bool,
    reasons: str,
    now: dt.datetime | None = None,
) -> Objection:
    """The bureau's decision: uphold, or order the institution to correct its decision.
    Only an official of the bureau the objection went to may decide it."""
    now = now or timezone.now()
    if actor is not None:
        if actor.role not in DECIDE_ROLES:
            raise PermissionError(_("只有司法行政部门审查人员可以对异议作出决定。"))
        if actor.region_id != objection.bureau_region_id:
            raise PermissionError(
                _("只有设立该法律援助机构的司法行政部门（%(b)s）可以审查此异议。")
                % {"b": bureau_name(objection.bureau_region)}
            )
    text = reasons.strip()
    if not text:
        raise IntakeError({"reasons": _("请写明审查意见和理由。")})
    with transaction.atomic():
        locked = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("bureau_region", "institution")
            .get(pk=objection.pk)
        )
        if not locked.is_open:
            raise LegalAidError(
                _("该异议已审查完毕（%(r)s）。") % {"r": locked.get_status_display()}
            )
        case = LegalAidCase.objects.select_related("order", "order__county").get(pk=locked.case_id)
        bureau = bureau_name(locked.bureau_region)
        centre = locked.institution.name if locked.institution else centre_name(case, None)
        what = Objection.Against(locked.against).label
        late = now > locked.due_at
        extra = {
            "objection": {
                "id": locked.pk,
                "against": locked.against,
                "step": "upheld" if uphold else "corrected",
                "late": late,
            }
        }
        if uphold:
            _order_to(
                case.order,
                Status.REPLIED,
                actor=actor,
                now=now,
                reason=_(
                    "%(bureau)s对异议作出决定：维持%(centre)s的%(what)s。%(r)s"
                    "申请人对维持决定不服的，可以依法申请行政复议或者提起行政诉讼。"
                )
                % {"bureau": bureau, "centre": centre, "what": what, "r": _sentence(text)},
                updates={"due_at": None},
                # The requester was asked to rate after the first answer; the bureau's
                # decision letter is not a new answer to rate.
                extra={**extra, "rating_sms": False},
            )
        else:
            _correct(
                case,
                locked,
                actor=actor,
                now=now,
                extra=extra,
                reason=_("%(bureau)s对异议作出决定：责令%(centre)s改正%(what)s。%(r)s")
                % {"bureau": bureau, "centre": centre, "what": what, "r": _sentence(text)},
            )
        locked.status = Objection.Status.UPHELD if uphold else Objection.Status.CORRECTED
        locked.reviewed_at = now
        locked.reviewed_by = actor
        locked.review_reasons = text
        fields = ["status", "reviewed_at", "reviewed_by", "review_reasons"]
        locked.save(update_fields=fields)
        for name in fields:  # the caller's instance reflects the decision too
            setattr(objection, name, getattr(locked, name))
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            object_type="legalaid_objection",
            object_id=case.order.number,
            detail={"objection": locked.pk, "result": locked.status, "late": late},
        )
    return locked


def _sentence(text: str) -> str:
    return text if text.endswith(("。", "！", "？", ".")) else f"{text}。"


def _correct(
    case: LegalAidCase,
    objection: Objection,
    *,
    actor: User | None,
    now: dt.datetime,
    extra: dict[str, Any],
    reason: str,
) -> None:
    order = case.order  # loaded with the case by objection_decide
    if objection.against == Objection.Against.DENIAL:
        # Back to review for a new, reasoned decision within a fresh art. 43 period.
        due = workdays.end_of_day(workdays.add_working_days(workdays.local_date(now), REVIEW_DAYS))
        case_move(
            case,
            CaseStatus.REVIEWING,
            sources=frozenset({CaseStatus.DENIED}),
            actor=actor,
            now=now,
            case_fields={
                "decision": "",
                "decision_reasons": "",
                "decided_at": None,
                "decided_by": None,
                "decision_due_at": due,
            },
            order_to=order_path(order.status, Status.ACCEPTED),
            order_updates={"due_at": due},
            reason=reason
            + _("退回重新审查，应于 %(d)s 前重新作出决定。")
            % {"d": f"{workdays.local_date(due):%Y-%m-%d}"},
            extra=extra,
        )
    else:
        # The termination is undone: the aid goes on with the same lawyer.
        case_move(
            case,
            CaseStatus.ASSIGNED,
            sources=frozenset({CaseStatus.TERMINATED}),
            actor=actor,
            now=now,
            case_fields={
                "terminated_at": None,
                "terminated_by": None,
                "termination_ground": None,
                "termination_reasons": "",
            },
            order_to=order_path(order.status, Status.IN_PROGRESS),
            order_updates={"due_at": None},
            reason=reason + _("撤销终止法律援助的决定，继续提供法律援助。"),
            extra=extra,
        )


__all__ = [
    "DECIDE_ROLES",
    "FILE_ROLES",
    "OBJECTION_REVIEW_DAYS",
    "objectable_decision",
    "objection_decide",
    "objection_file",
]
