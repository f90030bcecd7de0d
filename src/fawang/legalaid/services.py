"""Write paths of legal aid. Each function is one transaction; each case transition moves
the work order through ``workorder_transition`` (the only writer of its status).

apply → accept → review (7 working days, art. 43; a request for materials stops the
clock) → decide (grant / deny with reasons, art. 49 on objections) → assign (art. 43: within
3 working days) → progress notes → conclude → evaluate quality → settle the subsidy.

Beside the main line: advance aid (art. 44) assigns a lawyer before the decision, which
then keeps them (grant) or ends the aid (refusal); termination (art. 48) ends aid on one
of the article's grounds. Objections to refusals and terminations (art. 49) live in
``objections.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fawang.accounts.models import Role, User
from fawang.legalaid import workdays
from fawang.legalaid.assignment import Candidate, assignment_candidates, needs_senior_defender
from fawang.legalaid.conflicts import party_key
from fawang.legalaid.eligibility import (
    ALL_CIRCUMSTANCES,
    MATTERS,
    Application,
    Assessment,
    Outcome,
    assess,
    is_wage_green_channel,
)
from fawang.legalaid.models import (
    ADVANCE_URGENT_DAYS,
    CaseDocument,
    CaseNote,
    CaseOutcome,
    CaseStatus,
    Decision,
    LegalAidCase,
    grade_for,
)
from fawang.legalaid.policy import as_standard, hardship_standard_for, subsidy_rate_for
from fawang.legalaid.statutes import Citation
from fawang.lib import crypto
from fawang.lib.validators import mask_mobile, validate_id_number, validate_mobile
from fawang.network.models import Practitioner
from fawang.regions.models import Region
from fawang.workorders.models import Service, Status, WorkOrder
from fawang.workorders.services import (
    IntakeError,
    PartyInput,
    TransitionError,
    workorder_add_event,
    workorder_create,
    workorder_transition,
)
from fawang.workorders.transitions import allowed_targets

REVIEW_DAYS = 7  # art. 43: decide within seven days of receiving the application
ADVANCE_MATERIALS_MAX_DAYS = 30  # how far off a clerk may set the date for the materials
ASSIGN_DAYS = 3  # art. 43: assign within three days of deciding to grant
INTAKE_ROLES = frozenset({Role.CLERK, Role.AGENT, Role.REVIEWER})
ACCEPT_ROLES = frozenset({Role.CLERK, Role.REVIEWER})
REVIEW_ROLES = frozenset({Role.REVIEWER})
MAX_FILES = 10
MAX_FILE_BYTES = 10 * 1024 * 1024
# Suffix → accepted leading bytes: the content must be what the name claims. Plain text
# (a lawyer's closing report) has no signature and must decode as UTF-8 or GB18030.
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".txt": (),
}
QUALITY_METHODS = {
    "hearing": gettext_lazy("庭审旁听"),
    "file_check": gettext_lazy("案卷检查"),
    "judicial_opinion": gettext_lazy("征询司法机关意见"),
    "client_visit": gettext_lazy("回访受援人"),
}

CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.APPLIED: frozenset({CaseStatus.REVIEWING, CaseStatus.ADVANCED}),
    CaseStatus.REVIEWING: frozenset(
        {CaseStatus.AWAITING, CaseStatus.GRANTED, CaseStatus.DENIED, CaseStatus.ADVANCED}
    ),
    # Art. 44: the lawyer acts before the decision; a grant keeps them, a refusal ends it.
    CaseStatus.ADVANCED: frozenset({CaseStatus.ASSIGNED, CaseStatus.DENIED}),
    CaseStatus.AWAITING: frozenset({CaseStatus.REVIEWING, CaseStatus.WITHDRAWN}),
    CaseStatus.GRANTED: frozenset({CaseStatus.ASSIGNED}),
    CaseStatus.ASSIGNED: frozenset({CaseStatus.CONCLUDED, CaseStatus.TERMINATED}),
    CaseStatus.CONCLUDED: frozenset({CaseStatus.EVALUATED}),
    CaseStatus.EVALUATED: frozenset({CaseStatus.SETTLED}),
    # Only when the justice bureau orders the institution to correct its decision (art. 49):
    # a refusal goes back for a new decision, a termination is undone.
    CaseStatus.DENIED: frozenset({CaseStatus.REVIEWING}),
    CaseStatus.TERMINATED: frozenset({CaseStatus.ASSIGNED}),
}


# Art. 44: the grounds on which the institution may give aid before deciding.
ADVANCE_GROUNDS: dict[int, Citation] = {n: Citation(44, n) for n in range(1, 4)}
# Art. 48: the grounds on which the institution must end legal aid, by item number.
TERMINATION_GROUNDS: dict[int, Citation] = {n: Citation(48, n) for n in range(1, 9)}


class LegalAidError(Exception):
    """A refused step; the message is Chinese and meant for the user."""


def _require(actor: User | None, roles: frozenset[str]) -> None:
    if actor is not None and actor.role not in roles:
        raise PermissionError(_("您的角色无权办理此项法律援助业务。"))


def case_move(
    case: LegalAidCase,
    to: str,
    *,
    actor: User | None,
    now: dt.datetime,
    case_fields: dict[str, Any],
    order_to: Sequence[str] = (),
    order_updates: dict[str, Any] | None = None,
    reason: str = "",
    extra: dict[str, Any] | None = None,
    sources: frozenset[str] | None = None,
) -> None:
    """Move the case (and its order through ``order_to``, step by step) in one transaction.
    ``sources`` narrows the table to the statuses this step may start from (reaching
    ``reviewing`` by acceptance is not reaching it by an order to correct)."""
    locked = LegalAidCase.objects.select_for_update().get(pk=case.pk)
    allowed = CASE_TRANSITIONS.get(locked.status, frozenset())
    if to not in allowed or (sources is not None and locked.status not in sources):
        raise LegalAidError(
            _("案件当前状态为“%(cur)s”，不能办理“%(to)s”。")
            % {"cur": CaseStatus(locked.status).label, "to": CaseStatus(to).label}
        )
    order_steps(
        case.order,
        order_to,
        actor=actor,
        now=now,
        reason=reason or str(CaseStatus(to).label),
        updates=order_updates,
        extra={"legal_aid": {"from": locked.status, "to": to}, **(extra or {})},
    )
    case_fields = {"status": to, **case_fields}
    for key, value in case_fields.items():
        setattr(case, key, value)
    case.save(update_fields=[*case_fields.keys(), "updated_at"])


def order_steps(
    order: WorkOrder,
    steps: Sequence[str],
    *,
    actor: User | None,
    now: dt.datetime,
    reason: str,
    updates: dict[str, Any] | None,
    extra: dict[str, Any],
) -> None:
    """Move the work order through ``steps``, the last move writing ``updates`` and
    ``extra``; with no steps, write the updates and one legal-aid history event."""
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        workorder_transition(
            order=order,
            to=step,
            actor=actor,
            reason=reason,
            now=now,
            updates=updates if last else None,
            extra=extra if last else None,
        )
    if not steps:
        if updates:
            for key, value in updates.items():
                setattr(order, key, value)
            order.save(update_fields=[*updates.keys(), "updated_at"])
        workorder_add_event(
            order=order, kind="legal_aid", actor=actor, reason=reason, extra=extra, now=now
        )


def order_path(current: str, target: str) -> list[str]:
    """The work-order moves from ``current`` to ``target``: none, one, or two through
    accepted / in progress — whatever the work-order table allows."""
    if current == target:
        return []
    allowed = allowed_targets(current)
    if target in allowed:
        return [target]
    for mid in (Status.ACCEPTED, Status.IN_PROGRESS):
        if mid in allowed and target in allowed_targets(mid):
            return [mid, target]
    raise LegalAidError(
        _("工单当前状态为“%(s)s”，不能办理此项；请先在工单页面恢复办理。")
        % {"s": Status(current).label}
    )


def _int_or_zero(value: Any) -> int:
    """A whole number from a form (household size, an article's item); 0 if it is none."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _money(value: Any, field: str, errors: dict[str, str]) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except (InvalidOperation, ValueError):
        errors[field] = _("请输入金额（元），例如 1500 或 1500.50。")
        return Decimal(0)
    if amount < 0 or amount > Decimal("99999999"):
        errors[field] = _("金额应在 0 到 99999999 元之间。")
    return amount.quantize(Decimal("0.01"))


def _check_files(files: Sequence[UploadedFile], errors: dict[str, str]) -> None:
    if len(files) > MAX_FILES:
        errors["materials"] = _("一次最多上传 %(n)s 个文件。") % {"n": MAX_FILES}
    for f in files:
        suffix = PurePath(f.name or "").suffix.lower()
        if suffix not in FILE_SIGNATURES:
            errors["materials"] = _(
                "“%(name)s”的格式不支持，请上传 PDF、JPG、PNG、Word（docx）或文本文件。"
            ) % {"name": f.name}
        elif (f.size or 0) > MAX_FILE_BYTES:
            errors["materials"] = _("“%(name)s”超过 10MB。") % {"name": f.name}
        elif not _content_matches(f, suffix):
            errors["materials"] = _("“%(name)s”的内容与文件类型不符，请上传原始文件。") % {
                "name": f.name
            }


def _content_matches(f: UploadedFile, suffix: str) -> bool:
    signatures = FILE_SIGNATURES[suffix]
    if signatures:
        head = f.read(16)
        f.seek(0)
        return any(head.startswith(sig) for sig in signatures)
    data = f.read(MAX_FILE_BYTES + 1)
    f.seek(0)
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _store_files(
    case: LegalAidCase,
    files: Sequence[UploadedFile],
    kind: str,
    actor: User | None,
    now: dt.datetime,
) -> list[CaseDocument]:
    docs = []
    for f in files:
        doc = CaseDocument(
            case=case,
            kind=kind,
            name=PurePath(f.name or "file").name[:200],
            size=f.size or 0,
            uploaded_at=now,
            uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        doc.file.save(doc.name, f, save=False)
        doc.save()
        docs.append(doc)
    return docs


def application_of(case: LegalAidCase) -> Application:
    return Application(
        matter=case.matter,
        circumstances=frozenset(case.circumstances),
        household_size=case.household_size,
        monthly_income=case.monthly_income,
        assets=case.assets,
    )


def legalaid_assess(*, case: LegalAidCase, now: dt.datetime | None = None) -> Assessment:
    """Run the engine on the case as it stands and store the result (articles in clear,
    the explanation, which names incomes, encrypted)."""
    now = now or timezone.now()
    row = hardship_standard_for(region=case.order.county, day=workdays.local_date(now))
    result = assess(application_of(case), as_standard(row))
    data = result.as_dict()
    data["standard_id"] = row.pk if row else None
    data["assessed_at"] = now.isoformat()
    case.engine_outcome = result.outcome
    case.engine_means_test = result.means_test
    case.engine_rule = result.rule
    case.articles = result.articles
    case.set_assessment(data)
    if case.pk:
        case.save(
            update_fields=[
                "engine_outcome",
                "engine_means_test",
                "engine_rule",
                "articles",
                "assessment_enc",
                "updated_at",
            ]
        )
    return result


def legalaid_apply(
    *,
    channel: str,
    region: Region,
    applicant: PartyInput,
    matter: str,
    facts: str,
    opposing_party: str = "",
    household_size: int = 1,
    monthly_income: Any = 0,
    assets: Any = 0,
    circumstances: Sequence[str] = (),
    agent_name: str = "",
    agent_relation: str = "",
    agent_phone: str = "",
    materials: Sequence[UploadedFile] = (),
    limitation_deadline: dt.date | None = None,
    created_by: User | None = None,
    idempotency_key: str | None = None,
    language: str = "zh",
    now: dt.datetime | None = None,
) -> LegalAidCase:
    """Receive an application from any channel. A migrant worker's wage claim takes the
    green channel: no economic review (art. 42 (三)), priority, accepted at once."""
    now = now or timezone.now()
    if created_by is not None and created_by.is_authenticated and created_by.role != Role.CITIZEN:
        _require(created_by, INTAKE_ROLES)
    errors: dict[str, str] = {}
    name = applicant.name.strip()
    if not name or len(name) > 50:
        errors["name"] = _("请填写申请人姓名（50字以内）。")
    phone = ""
    try:
        phone = validate_mobile(applicant.phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
    id_number = ""
    if applicant.id_number.strip():
        try:
            id_number = validate_id_number(applicant.id_number, today=workdays.local_date(now))
        except ValidationError as exc:
            errors["id_number"] = exc.messages[0]
    if matter not in MATTERS:
        errors["matter"] = _("请选择申请事项。")
    unknown = [c for c in circumstances if c not in ALL_CIRCUMSTANCES]
    if unknown:
        errors["circumstances"] = _("无法识别的特殊情形：%(c)s") % {"c": "、".join(unknown)}
    if not facts.strip():
        errors["facts"] = _("请简要说明案情和请求。")
    size = _int_or_zero(household_size)
    if not 1 <= size <= 30:
        errors["household_size"] = _("家庭人口应为 1 到 30 人。")
    income = _money(monthly_income, "monthly_income", errors)
    asset_total = _money(assets, "assets", errors)
    agent_phone_clean = ""
    if agent_phone.strip():
        try:
            agent_phone_clean = validate_mobile(agent_phone)
        except ValidationError as exc:
            errors["agent_phone"] = exc.messages[0]
    if agent_name.strip() and not agent_relation.strip():
        errors["agent_relation"] = _("代为申请的，请填写与申请人的关系。")
    if limitation_deadline is not None and not (
        workdays.local_date(now) - dt.timedelta(days=366)
        <= limitation_deadline
        <= workdays.local_date(now) + dt.timedelta(days=3660)
    ):
        errors["limitation_deadline"] = _("请填写正确的时效或期限届满日期。")
    _check_files(materials, errors)
    if errors:
        raise IntakeError(errors)

    if idempotency_key:
        existing = LegalAidCase.objects.filter(order__idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    with transaction.atomic():
        m = MATTERS[matter]
        order, created = workorder_create(
            channel=channel,
            service=Service.LEGAL_AID,
            category=m.category,
            region=region,
            description=facts.strip(),
            party=PartyInput(name=name, phone=phone, id_number=id_number, kind=applicant.kind),
            language=language,
            title=_("法律援助申请：%(m)s") % {"m": m.label},
            opposing_party=opposing_party.strip()[:120],
            created_by=created_by
            if created_by is not None and created_by.is_authenticated
            else None,
            idempotency_key=idempotency_key,
            now=now,
        )
        if not created:
            return order.legal_aid
        applied_day = workdays.local_date(now)
        case = LegalAidCase(
            order=order,
            matter=matter,
            case_type=m.case_type,
            circumstances=sorted(set(circumstances)),
            opposing_party=opposing_party.strip()[:120],
            opposing_party_key=party_key(opposing_party)[:120],
            agent_name=agent_name.strip()[:40],
            agent_relation=agent_relation.strip()[:20],
            agent_phone_enc=crypto.encrypt(agent_phone_clean, context="legalaid.agent_phone"),
            agent_phone_masked=mask_mobile(agent_phone_clean) if agent_phone_clean else "",
            household_size=size,
            limitation_deadline=limitation_deadline,
            applied_at=now,
            decision_due_at=workdays.end_of_day(
                workdays.add_working_days(applied_day, REVIEW_DAYS)
            ),
        )
        case.set_finances(monthly_income=income, assets=asset_total)
        case.is_wage_claim = is_wage_green_channel(application_of(case))
        urgent = limitation_deadline is not None and (
            0 <= (limitation_deadline - applied_day).days < ADVANCE_URGENT_DAYS
        )
        case.priority = (
            case.is_wage_claim
            or urgent
            or bool(set(case.circumstances) & {"minor", "life_or_death", "death_review"})
        )
        legalaid_assess(case=case, now=now)
        case.save()
        _store_files(case, materials, CaseDocument.Kind.MATERIAL, created_by, now)
        if urgent:
            workorder_add_event(
                order=order,
                kind="legal_aid",
                actor=None,
                reason=_(
                    "距法定时效或者期限届满（%(d)s）不足七日：可以决定先行提供法律援助"
                    "（法律援助法第四十四条第（一）项）。"
                )
                % {"d": f"{limitation_deadline:%Y-%m-%d}"},
                extra={"advance_suggested": True},
                now=now,
            )
        if case.is_wage_claim:
            workorder_add_event(
                order=order,
                kind="legal_aid",
                actor=None,
                reason=_(
                    "农民工欠薪绿色通道：免予经济困难审查（法律援助法第四十二条第（三）项），当日受理。"
                ),
                extra={"green_channel": True},
                now=now,
            )
            legalaid_accept(case=case, actor=None, now=now)
    return case


def legalaid_accept(
    *, case: LegalAidCase, actor: User | None, now: dt.datetime | None = None
) -> None:
    """Accept the application for review; the art. 43 clock already runs from receipt."""
    now = now or timezone.now()
    _require(actor, ACCEPT_ROLES)
    with transaction.atomic():
        case_move(
            case,
            CaseStatus.REVIEWING,
            sources=frozenset({CaseStatus.APPLIED}),
            actor=actor,
            now=now,
            case_fields={"accepted_at": now},
            order_to=[Status.ACCEPTED],
            order_updates={"due_at": case.decision_due_at},
            reason=_("受理法律援助申请，进入审查"),
        )


def legalaid_request_materials(
    *, case: LegalAidCase, actor: User | None, materials: str, now: dt.datetime | None = None
) -> None:
    """Tell the applicant, all at once, what is missing (art. 43 para. 2); the review clock
    stops until the materials arrive."""
    now = now or timezone.now()
    _require(actor, REVIEW_ROLES)
    if not materials.strip():
        raise LegalAidError(_("请一次性列明需要补充的材料。"))
    remaining = workdays.working_days_between(
        workdays.local_date(now), workdays.local_date(case.decision_due_at)
    )
    with transaction.atomic():
        case_move(
            case,
            CaseStatus.AWAITING,
            actor=actor,
            now=now,
            case_fields={
                "clock_stopped_at": now,
                "remaining_working_days": max(remaining, 0),
                "materials_requested": materials.strip(),
            },
            order_to=[Status.SUSPENDED],
            reason=_("一次性告知补充材料，审查期限中止：%(m)s") % {"m": materials.strip()},
        )


def legalaid_materials_received(
    *,
    case: LegalAidCase,
    actor: User | None,
    files: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> None:
    """The materials are in: the clock resumes with the working days that were left."""
    now = now or timezone.now()
    _require(actor, ACCEPT_ROLES)
    errors: dict[str, str] = {}
    _check_files(files, errors)
    if errors:
        raise IntakeError(errors)
    due = workdays.end_of_day(
        workdays.add_working_days(workdays.local_date(now), case.remaining_working_days or 0)
    )
    with transaction.atomic():
        case_move(
            case,
            CaseStatus.REVIEWING,
            sources=frozenset({CaseStatus.AWAITING}),
            actor=actor,
            now=now,
            case_fields={
                "clock_stopped_at": None,
                "remaining_working_days": None,
                "decision_due_at": due,
            },
            order_to=[Status.ACCEPTED],
            order_updates={"due_at": due},
            reason=_("补充材料已收到，审查期限恢复计算"),
        )
        _store_files(case, files, CaseDocument.Kind.SUPPLEMENT, actor, now)
        legalaid_assess(case=case, now=now)


def legalaid_withdraw(
    *, case: LegalAidCase, actor: User | None, now: dt.datetime | None = None
) -> None:
    """The applicant did not supply the materials: treated as withdrawn (art. 43 para. 2)."""
    now = now or timezone.now()
    _require(actor, REVIEW_ROLES)
    with transaction.atomic():
        case_move(
            case,
            CaseStatus.WITHDRAWN,
            actor=actor,
            now=now,
            case_fields={"clock_stopped_at": None},
            order_to=[Status.ACCEPTED, Status.REPLIED],
            order_updates={"due_at": None},
            reason=_("申请人未按要求补充材料，视为撤回申请（法律援助法第四十三条第二款）"),
        )


def legalaid_decide(
    *,
    case: LegalAidCase,
    actor: User | None,
    grant: bool,
    reasons: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Grant or deny. A decision that departs from the engine's must say why; a denial is
    always reasoned and tells the applicant how to object (art. 49)."""
    now = now or timezone.now()
    _require(actor, REVIEW_ROLES)
    engine = case.engine_outcome
    agrees = (grant and engine == Outcome.GRANT) or (not grant and engine == Outcome.DENY)
    text = reasons.strip()
    if not text:
        if not agrees:
            raise LegalAidError(_("决定与审查建议不一致（或无审查建议），请写明理由。"))
        text = "".join(case.assessment.get("reasons", []))
    fields: dict[str, Any] = {
        "decision": Decision.GRANT if grant else Decision.DENY,
        "decision_reasons": text,
        "decided_at": now,
        "decided_by": actor,
    }
    current = LegalAidCase.objects.values_list("status", flat=True).get(pk=case.pk)
    with transaction.atomic():
        if current == CaseStatus.ADVANCED:
            _decide_after_advance(case, grant=grant, actor=actor, now=now, fields=fields, text=text)
        elif grant:
            assign_due = workdays.end_of_day(
                workdays.add_working_days(workdays.local_date(now), ASSIGN_DAYS)
            )
            fields["assignment_due_at"] = assign_due
            case_move(
                case,
                CaseStatus.GRANTED,
                sources=frozenset({CaseStatus.REVIEWING}),
                actor=actor,
                now=now,
                case_fields=fields,
                order_to=[Status.IN_PROGRESS],
                order_updates={"due_at": assign_due},
                reason=_("决定给予法律援助：%(r)s") % {"r": text},
                extra={"articles": case.articles},
            )
        else:
            case_move(
                case,
                CaseStatus.DENIED,
                sources=frozenset({CaseStatus.REVIEWING}),
                actor=actor,
                now=now,
                case_fields=fields,
                order_to=[Status.REPLIED],
                order_updates={"due_at": None},
                reason=_("决定不予法律援助：%(r)s") % {"r": text},
                extra={"articles": case.articles},
            )


def _decide_after_advance(
    case: LegalAidCase,
    *,
    grant: bool,
    actor: User | None,
    now: dt.datetime,
    fields: dict[str, Any],
    text: str,
) -> None:
    """The decision on a case given advance aid: a grant turns the advance lawyer into the
    assigned one (no second assignment, art. 43's three days are met); a refusal ends the
    advance aid, and the letter says so."""
    name = case.lawyer.name if case.lawyer_id else ""
    if grant:
        case_move(
            case,
            CaseStatus.ASSIGNED,
            sources=frozenset({CaseStatus.ADVANCED}),
            actor=actor,
            now=now,
            case_fields=fields,
            order_updates={"due_at": None},
            reason=_("决定给予法律援助：%(r)s。先行提供法律援助的%(name)s继续承办。")
            % {"r": text.rstrip("。"), "name": name},
            extra={"articles": case.articles, "advance": "granted"},
        )
        return
    case_move(
        case,
        CaseStatus.DENIED,
        sources=frozenset({CaseStatus.ADVANCED}),
        actor=actor,
        now=now,
        case_fields={**fields, "advance_ended_at": now},
        order_to=[Status.REPLIED],
        order_updates={"due_at": None},
        reason=_(
            "决定不予法律援助：%(r)s。先行提供的法律援助自即日起终止，"
            "%(name)s应当停止办理并报送已办理情况。"
        )
        % {"r": text.rstrip("。"), "name": name},
        extra={"articles": case.articles, "advance": "ended"},
    )


def legalaid_advance(
    *,
    case: LegalAidCase,
    actor: User | None,
    ground: Any,
    materials: str,
    materials_due: dt.date | None,
    reasons: str = "",
    limitation_deadline: dt.date | None = None,
    practitioner: Practitioner | None = None,
    now: dt.datetime | None = None,
) -> Practitioner:
    """Give legal aid before the decision (art. 44) and assign the lawyer now: the ground
    of the article, what the person must still complete or supply and by when. Ground
    (一) needs the time limit, under seven days away; ground (三) needs the rule relied
    on. The art. 43 review goes on; the decision later keeps or ends the aid."""
    now = now or timezone.now()
    _require(actor, ACCEPT_ROLES)
    today = workdays.local_date(now)
    errors: dict[str, str] = {}
    item = _int_or_zero(ground)
    if item not in ADVANCE_GROUNDS:
        errors["ground"] = _("请选择先行提供法律援助的情形（法律援助法第四十四条）。")
    deadline = limitation_deadline or case.limitation_deadline
    if item == 1:
        if deadline is None:
            errors["limitation_deadline"] = _("请填写法定时效或者期限的届满日期。")
        elif not 0 <= (deadline - today).days < ADVANCE_URGENT_DAYS:
            errors["limitation_deadline"] = _(
                "距届满日（%(d)s）不是不足七日，不属于第四十四条第（一）项的情形。"
            ) % {"d": f"{deadline:%Y-%m-%d}"}
    if item == 3 and not reasons.strip():
        errors["reasons"] = _("请写明依据的法律、法规、规章及有关情况。")
    if not materials.strip():
        errors["materials"] = _("请列明受援人需要补办的手续和补充的材料。")
    if materials_due is None:
        errors["materials_due"] = _("请填写补办手续、补充材料的期限。")
    elif not today <= materials_due <= today + dt.timedelta(days=ADVANCE_MATERIALS_MAX_DAYS):
        errors["materials_due"] = _("补办期限应在今天到 %(n)s 日之内。") % {
            "n": ADVANCE_MATERIALS_MAX_DAYS
        }
    if errors:
        raise IntakeError(errors)
    chosen, basis = _choose_lawyer(case, practitioner, now)
    p = chosen.practitioner
    cite = ADVANCE_GROUNDS[item]
    order_status = WorkOrder.objects.values_list("status", flat=True).get(pk=case.order_id)
    fields: dict[str, Any] = {
        "advance_ground": item,
        "advance_reasons": reasons.strip(),
        "advance_at": now,
        "advance_by": actor,
        "advance_materials": materials.strip(),
        "advance_materials_due": materials_due,
        "limitation_deadline": deadline,
        "lawyer": p,
        "institution": p.institution,
        "assigned_at": now,
        "assignment_basis": basis,
    }
    if case.accepted_at is None:
        fields["accepted_at"] = now
    with transaction.atomic():
        case_move(
            case,
            CaseStatus.ADVANCED,
            sources=frozenset({CaseStatus.APPLIED, CaseStatus.REVIEWING}),
            actor=actor,
            now=now,
            case_fields=fields,
            order_to=order_path(order_status, Status.IN_PROGRESS),
            order_updates={
                "assigned_person": p,
                "assigned_institution": p.institution,
                "due_at": case.decision_due_at,
            },
            reason=_(
                "先行提供法律援助（法律援助法%(item)s：%(text)s）%(note)s。指派%(name)s承办：%(why)s。"
                "受援人应于 %(due)s 前补办手续、补充材料：%(m)s"
            )
            % {
                "item": cite.label,
                "text": cite.text,
                "note": f"，{reasons.strip()}" if reasons.strip() else "",
                "name": p.name,
                "why": "；".join(chosen.reasons),
                "due": f"{materials_due:%Y-%m-%d}",
                "m": materials.strip(),
            },
            extra={"articles": [cite.label], "advance": "given"},
        )
    return p


def legalaid_advance_materials_received(
    *,
    case: LegalAidCase,
    actor: User | None,
    files: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> None:
    """The person completed the formalities and supplied the materials (art. 44 ¶2); the
    engine runs again on what is now known. The status does not change."""
    now = now or timezone.now()
    _require(actor, ACCEPT_ROLES)
    errors: dict[str, str] = {}
    _check_files(files, errors)
    if errors:
        raise IntakeError(errors)
    with transaction.atomic():
        locked = LegalAidCase.objects.select_for_update().get(pk=case.pk)
        if locked.status != CaseStatus.ADVANCED or locked.advance_materials_received_at:
            raise LegalAidError(_("本案没有待补办的先行法律援助手续和材料。"))
        late = (
            locked.advance_materials_due is not None
            and workdays.local_date(now) > locked.advance_materials_due
        )
        case.advance_materials_received_at = now
        case.save(update_fields=["advance_materials_received_at", "updated_at"])
        _store_files(case, files, CaseDocument.Kind.SUPPLEMENT, actor, now)
        workorder_add_event(
            order=case.order,
            kind="legal_aid",
            actor=actor,
            reason=_("先行法律援助：受援人已补办手续、补充材料%(late)s。")
            % {"late": _("（逾期）") if late else ""},
            extra={"advance": "materials", "late": late},
            now=now,
        )
        legalaid_assess(case=case, now=now)


def _choose_lawyer(
    case: LegalAidCase, practitioner: Practitioner | None, now: dt.datetime
) -> tuple[Candidate, dict[str, Any]]:
    """The best candidate, or the one chosen if no conflict of interest, art. 26 or a full
    caseload forbids it; with the basis stored on the case."""
    candidates = assignment_candidates(case, as_of=workdays.local_date(now))
    if practitioner is None:
        chosen = next((c for c in candidates if c.eligible), None)
        if chosen is None:
            if needs_senior_defender(case):
                raise LegalAidError(
                    _(
                        "本市（州）暂无可指派的律师：本案须指派具有三年以上相关执业经历的律师"
                        "担任辩护人（法律援助法第二十六条），符合条件的律师均有利益冲突或在办案件已满。"
                    )
                )
            raise LegalAidError(_("本市（州）暂无可指派的律师（均有利益冲突或在办案件已满）。"))
    else:
        chosen = next((c for c in candidates if c.practitioner.pk == practitioner.pk), None)
        if chosen is None:
            raise LegalAidError(_("所选人员不在本案可指派范围内。"))
        if chosen.conflict:
            raise LegalAidError(_("不能指派：%(why)s。") % {"why": chosen.conflict})
        if chosen.unqualified:
            raise LegalAidError(_("不能指派：%(why)s。") % {"why": chosen.unqualified})
        if chosen.load >= chosen.capacity:
            raise LegalAidError(_("不能指派：该律师在办案件已满。"))
    basis = {
        "chosen": chosen.as_dict(),
        "rule": "expertise, load, rotation; conflict check; art. 26 years of practice",
        "candidates": [c.as_dict() for c in candidates[:10]],
        "manual": practitioner is not None,
    }
    return chosen, basis


def legalaid_assign(
    *,
    case: LegalAidCase,
    actor: User | None,
    practitioner: Practitioner | None = None,
    now: dt.datetime | None = None,
) -> Practitioner:
    """Assign the best candidate, or the one the reviewer chose if no conflict of interest
    and room in their caseload forbid it."""
    now = now or timezone.now()
    _require(actor, REVIEW_ROLES)
    chosen, basis = _choose_lawyer(case, practitioner, now)
    p = chosen.practitioner
    with transaction.atomic():
        case_move(
            case,
            CaseStatus.ASSIGNED,
            sources=frozenset({CaseStatus.GRANTED}),
            actor=actor,
            now=now,
            case_fields={
                "lawyer": p,
                "institution": p.institution,
                "assigned_at": now,
                "assignment_basis": basis,
            },
            order_updates={
                "assigned_person": p,
                "assigned_institution": p.institution,
                "due_at": None,
            },
            reason=_("指派%(name)s承办：%(why)s")
            % {"name": p.name, "why": "；".join(chosen.reasons)},
        )
    return p


def _lawyer_or_reviewer(case: LegalAidCase, actor: User | None) -> None:
    if actor is None or actor.role == Role.REVIEWER:
        return
    if (
        actor.role == Role.PRACTITIONER
        and actor.practitioner_id
        and actor.practitioner_id == case.lawyer_id
    ):
        return
    raise PermissionError(_("只有承办律师或法律援助机构工作人员可以办理。"))


def legalaid_add_note(
    *, case: LegalAidCase, actor: User | None, text: str, now: dt.datetime | None = None
) -> CaseNote:
    now = now or timezone.now()
    _lawyer_or_reviewer(case, actor)
    if case.status not in (CaseStatus.ASSIGNED, CaseStatus.ADVANCED):
        raise LegalAidError(_("案件指派后、结案前才能记录办理进展。"))
    if not text.strip():
        raise LegalAidError(_("请填写办理进展。"))
    with transaction.atomic():
        note = CaseNote.objects.create(
            case=case,
            at=now,
            author=actor,
            author_name=str(actor) if actor else _("系统"),
            text=text.strip(),
        )
        workorder_add_event(
            order=case.order, kind="note", actor=actor, reason=text.strip(), now=now
        )
    return note


def legalaid_conclude(
    *,
    case: LegalAidCase,
    actor: User | None,
    outcome: str,
    summary: str,
    documents: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> None:
    """Close the case with its outcome and the documents of art. 50 (copies of judgments,
    a report on how it was handled)."""
    now = now or timezone.now()
    _lawyer_or_reviewer(case, actor)
    errors: dict[str, str] = {}
    if outcome == CaseOutcome.TERMINATED:
        errors["outcome"] = _(
            "终止法律援助须依法律援助法第四十八条作出终止决定（写明情形和理由，告知异议权利），"
            "请使用“终止法律援助”，不能以结案代替。"
        )
    elif outcome not in CaseOutcome.values:
        errors["outcome"] = _("请选择结案结果。")
    if not summary.strip():
        errors["summary"] = _("请填写办理情况。")
    if not documents and not case.documents.filter(kind=CaseDocument.Kind.CLOSING).exists():
        errors["documents"] = _(
            "请上传结案材料（法律文书副本或办理情况报告），法律援助法第五十条。"
        )
    _check_files(documents, errors)
    if errors:
        raise IntakeError(errors)
    with transaction.atomic():
        case_move(
            case,
            CaseStatus.CONCLUDED,
            actor=actor,
            now=now,
            case_fields={
                "concluded_at": now,
                "outcome": outcome,
                "outcome_summary": summary.strip(),
            },
            order_to=[Status.REPLIED],
            reason=_("结案：%(o)s。%(s)s")
            % {"o": CaseOutcome(outcome).label, "s": summary.strip()},
        )
        _store_files(case, documents, CaseDocument.Kind.CLOSING, actor, now)


def legalaid_terminate(
    *,
    case: LegalAidCase,
    actor: User | None,
    ground: Any,
    reasons: str,
    now: dt.datetime | None = None,
) -> None:
    """End legal aid on one of the grounds of art. 48 (the lawyer reports them, the
    institution decides). The decision is reasoned, and its letter tells the person how to
    object (art. 49)."""
    now = now or timezone.now()
    _require(actor, REVIEW_ROLES)
    errors: dict[str, str] = {}
    item = _int_or_zero(ground)
    if item not in TERMINATION_GROUNDS:
        errors["ground"] = _("请选择终止法律援助的情形（法律援助法第四十八条）。")
    if not reasons.strip():
        errors["reasons"] = _("请写明终止法律援助的事实和理由。")
    if errors:
        raise IntakeError(errors)
    cite = TERMINATION_GROUNDS[item]
    text = reasons.strip()
    with transaction.atomic():
        case_move(
            case,
            CaseStatus.TERMINATED,
            sources=frozenset({CaseStatus.ASSIGNED}),
            actor=actor,
            now=now,
            case_fields={
                "terminated_at": now,
                "terminated_by": actor,
                "termination_ground": item,
                "termination_reasons": text,
            },
            order_to=[Status.REPLIED],
            order_updates={"due_at": None},
            reason=_("决定终止法律援助（%(law)s：%(ground)s）：%(r)s")
            % {"law": cite.label, "ground": cite.text, "r": text},
            extra={"articles": [cite.label]},
        )


def legalaid_evaluate(
    *,
    case: LegalAidCase,
    actor: User | None,
    score: int,
    methods: Sequence[str],
    notes: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Quality evaluation (arts. 57, 59)."""
    now = now or timezone.now()
    _require(actor, REVIEW_ROLES)
    if not 0 <= int(score) <= 100:
        raise LegalAidError(_("质量评分应为 0 到 100 分。"))
    bad = [m for m in methods if m not in QUALITY_METHODS]
    if bad or not methods:
        raise LegalAidError(
            _("请至少选择一种评估方式（庭审旁听、案卷检查、征询司法机关意见、回访受援人）。")
        )
    grade = grade_for(int(score))
    with transaction.atomic():
        case_move(
            case,
            CaseStatus.EVALUATED,
            actor=actor,
            now=now,
            case_fields={
                "quality_score": int(score),
                "quality_grade": grade,
                "quality_methods": list(methods),
                "quality_notes": notes.strip(),
                "evaluated_at": now,
            },
            reason=_("质量评估：%(s)s 分") % {"s": int(score)},
        )


def legalaid_settle_subsidy(
    *, case: LegalAidCase, actor: User | None, now: dt.datetime | None = None
) -> Decimal:
    """The subsidy from the table for the case type and region (art. 52); the order closes."""
    now = now or timezone.now()
    _require(actor, REVIEW_ROLES)
    rate = subsidy_rate_for(
        case_type=case.case_type, region=case.order.county, day=workdays.local_date(now)
    )
    if rate is None:
        raise LegalAidError(_("本地区尚未配置该类案件的补贴标准，请先在补贴标准表中录入。"))
    basis = _(
        "%(type)s补贴标准 %(amount)s 元/件（%(region)s，自 %(date)s 起，来源：%(source)s%(demo)s）"
    ) % {
        "type": rate.get_case_type_display(),
        "amount": rate.amount,
        "region": rate.region.name if rate.region_id else _("全省"),
        "date": rate.effective_from,
        "source": rate.source,
        "demo": _("，演示数据") if rate.is_demo else "",
    }
    with transaction.atomic():
        case_move(
            case,
            CaseStatus.SETTLED,
            actor=actor,
            now=now,
            case_fields={
                "subsidy_amount": rate.amount,
                "subsidy_basis": basis[:240],
                "settled_at": now,
            },
            order_to=[Status.CLOSED],
            reason=_("核发办案补贴：%(b)s") % {"b": basis},
        )
    return rate.amount


__all__ = [
    "IntakeError",
    "LegalAidError",
    "TransitionError",
    "legalaid_accept",
    "legalaid_add_note",
    "legalaid_advance",
    "legalaid_advance_materials_received",
    "legalaid_apply",
    "legalaid_assess",
    "legalaid_assign",
    "legalaid_conclude",
    "legalaid_decide",
    "legalaid_evaluate",
    "legalaid_materials_received",
    "legalaid_request_materials",
    "legalaid_settle_subsidy",
    "legalaid_terminate",
    "legalaid_withdraw",
]
