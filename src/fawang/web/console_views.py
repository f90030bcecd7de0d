"""The staff console: the jurisdiction's queue, an order's detail and its transitions,
and the hotline and walk-in intake pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.accounts.models import PII_ROLES, Role
from fawang.accounts.selectors import in_jurisdiction
from fawang.lib.paging import query_without_page
from fawang.network.models import Language
from fawang.web import selectors
from fawang.web.access import HANDLING_ROLES, forbidden, role_required, staff_required
from fawang.web.forms import HotlineIntakeForm, QueueFilterForm, TransitionForm, WalkInIntakeForm
from fawang.web.panels import order_panels
from fawang.web.services import hotline_intake_extra, intake_submit
from fawang.web.views import intake_context
from fawang.workorders.models import OPEN_STATUSES, Channel, Status, WorkOrder
from fawang.workorders.selectors import workorder_get_for_user, workorder_list_for_user
from fawang.workorders.services import (
    PartyInput,
    TransitionError,
    party_reveal,
    workorder_transition,
)
from fawang.workorders.transitions import REASON_REQUIRED, allowed_targets

PAGE_SIZE = 25

# What the button says for a move to each status (the status label names the result).
ACTION_LABELS = {
    Status.RECEIVED: _lazy("恢复办理"),
    Status.DISPATCHED: _lazy("派发"),
    Status.ACCEPTED: _lazy("签收"),
    Status.IN_PROGRESS: _lazy("开始办理"),
    Status.REPLIED: _lazy("答复"),
    Status.REVIEWED: _lazy("已评价"),
    Status.CLOSED: _lazy("办结"),
    Status.RETURNED: _lazy("退回"),
    Status.TRANSFERRED: _lazy("转办"),
    Status.ESCALATED: _lazy("上报"),
    Status.SUSPENDED: _lazy("中止"),
    Status.REJECTED: _lazy("不予受理"),
    Status.REOPENED: _lazy("重办"),
}


@require_GET
@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form = QueueFilterForm(request.GET or None)
    orders = workorder_list_for_user(user=request.user, filters=form.filters(), now=now)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "order": o,
            "overdue": o.status in OPEN_STATUSES and o.due_at is not None and o.due_at < now,
        }
        for o in page.object_list
    ]
    return render(
        request,
        "web/console/queue.html",
        {"form": form, "page": page, "rows": rows, "query": query_without_page(request)},
    )


# Moves that need more than a reason: a unit to send the order to (派发、转办、上报) or the
# text of the answer (答复). They are made in the dispatch panel of the same page, which
# records the routing decision, sets deadlines and notifies; the generic buttons offer
# the rest of the table.
PANEL_MOVES = frozenset({Status.DISPATCHED, Status.TRANSFERRED, Status.ESCALATED, Status.REPLIED})


def transition_choices(order: WorkOrder) -> list[dict]:
    """The buttons of the detail page: the table's legal moves from the current status
    that need no unit and no answer text."""
    targets = allowed_targets(order.status) - PANEL_MOVES
    if order.status == Status.SUSPENDED and order.status_before_suspend:
        targets = frozenset({order.status_before_suspend}) & targets
    return [
        {
            "value": t,
            "label": ACTION_LABELS[t] if order.status != Status.SUSPENDED else _("恢复办理"),
            "reason_required": t in REASON_REQUIRED,
        }
        for t in Status.values
        if t in targets
    ]


def _detail(
    request: HttpRequest, order: WorkOrder, *, revealed: dict | None = None, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    user = request.user
    return render(
        request,
        "web/console/detail.html",
        {
            "order": order,
            "party": order.party,
            "events": selectors.order_timeline(order=order),
            "attachments": selectors.order_attachments(order=order),
            "transitions": transition_choices(order) if user.role in HANDLING_ROLES else [],
            "can_reveal": user.role in PII_ROLES,
            "revealed": revealed,
            "language": dict(Language.choices).get(order.language, order.language),
            "overdue": order.is_open and order.due_at is not None and order.due_at < now,
            "panels": order_panels(request, order),
            "transition_form": TransitionForm(),
        },
        status=status,
    )


@require_GET
@staff_required
def detail(request: HttpRequest, number: str) -> HttpResponse:
    order = workorder_get_for_user(user=request.user, number=number)
    return _detail(request, order)


@require_POST
@role_required(HANDLING_ROLES)
def transition(request: HttpRequest, number: str) -> HttpResponse:
    order = workorder_get_for_user(user=request.user, number=number)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择一个有效的操作。"))
        return redirect("console_detail", number=order.number)
    target = form.cleaned_data["to"]
    if target in PANEL_MOVES:
        messages.error(
            request,
            _("派发、转办、上报须选定承办单位，答复须填写答复内容，请在本页“指挥调度”中操作。"),
        )
        return redirect("console_detail", number=order.number)
    try:
        workorder_transition(
            order=order, to=target, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("工单 %(number)s 已变更为“%(status)s”。")
            % {"number": order.number, "status": Status(target).label},
        )
    return redirect("console_detail", number=order.number)


@require_POST
@staff_required
def reveal(request: HttpRequest, number: str) -> HttpResponse:
    order = workorder_get_for_user(user=request.user, number=number)
    if request.user.role not in PII_ROLES:
        return forbidden(request, _("您的角色无权查看完整的身份证号码。"))
    revealed = party_reveal(party=order.party, user=request.user, order=order)
    return _detail(request, order, revealed=revealed)


@require_GET
@staff_required
def attachment(request: HttpRequest, number: str, pk: int) -> FileResponse:
    order = workorder_get_for_user(user=request.user, number=number)
    item = selectors.order_attachments(order=order).filter(pk=pk).first()
    if item is None:
        raise Http404(_("没有找到该附件。"))
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


def _intake_done(request: HttpRequest, order: WorkOrder, created: bool, again: str) -> HttpResponse:
    if created:
        messages.success(request, _("已登记，工单编号 %(number)s。") % {"number": order.number})
    else:
        messages.info(
            request, _("该表单已提交过，工单编号 %(number)s。") % {"number": order.number}
        )
    if in_jurisdiction(user=request.user, region_path=order.region_path):
        return redirect("console_detail", number=order.number)
    return redirect(again)


@require_http_methods(["GET", "POST"])
@role_required({Role.AGENT})
def hotline_intake(request: HttpRequest) -> HttpResponse:
    """A 12348 agent logs a call as a work order."""
    if request.method == "POST":
        form = HotlineIntakeForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            request.session["hotline_seat"] = d["seat"]
            order, created = intake_submit(
                channel=Channel.HOTLINE,
                idempotency_key=d["form_token"],
                service=d["service"],
                category=d["category"],
                place=d["place"],
                language=d["language"],
                description=d["description"],
                party=PartyInput(name=d["name"], phone=d["caller_number"]),
                opposing_party=d["opposing_party"],
                created_by=request.user,
                intake_extra=hotline_intake_extra(caller_number=d["caller_number"], seat=d["seat"]),
            )
            return _intake_done(request, order, created, "console_hotline")
        status = 400
    else:
        form = HotlineIntakeForm(
            initial={"seat": request.session.get("hotline_seat", ""), "language": "zh"}
        )
        status = 200
    ctx = intake_context(form)
    ctx.update(title=_("12348 来电登记"), multipart=False)
    return render(request, "web/console/intake.html", ctx, status=status)


@require_http_methods(["GET", "POST"])
@role_required({Role.CLERK})
def walkin_intake(request: HttpRequest) -> HttpResponse:
    """A window clerk registers a visitor; the clerk's own region is the default place."""
    if request.method == "POST":
        form = WalkInIntakeForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            if d["accept_now"] and not in_jurisdiction(
                user=request.user, region_path=d["place"].path
            ):
                form.add_error(
                    "accept_now", _("事项发生地不在本窗口管辖范围内，不能当场签收，请登记后派发。")
                )
            else:
                order, created = intake_submit(
                    channel=Channel.WALK_IN,
                    idempotency_key=d["form_token"],
                    service=d["service"],
                    category=d["category"],
                    place=d["place"],
                    language=d["language"],
                    description=d["description"],
                    party=PartyInput(name=d["name"], phone=d["mobile"], id_number=d["id_number"]),
                    opposing_party=d["opposing_party"],
                    attachments=d["attachments"],
                    created_by=request.user,
                    accept_now=d["accept_now"],
                )
                return _intake_done(request, order, created, "console_walkin")
        status = 400
    else:
        form = WalkInIntakeForm(initial={"language": "zh", "service": "consultation"})
        status = 200
    ctx = intake_context(form, default_place=selectors.place_of(request.user.region))
    ctx.update(title=_("窗口来访登记"), multipart=True)
    return render(request, "web/console/intake.html", ctx, status=status)
