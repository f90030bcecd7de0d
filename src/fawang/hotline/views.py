"""Hotline pages: connection rate, staffing plan (+ export), CDR upload, agent console."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts.models import AuditLog, Role
from fawang.accounts.services import audit_record
from fawang.hotline import selectors, staffing
from fawang.hotline.forms import CdrUploadForm, LogCallForm, LookupForm, PlanForm, RateFilterForm
from fawang.hotline.models import Agent, HotlineSettings, phone_index
from fawang.hotline.services import (
    CDR_DOC,
    agent_set_presence,
    cdr_import,
    cti_event_record,
    hotline_call_log_order,
)
from fawang.lib.validators import mask_mobile
from fawang.workorders.services import IntakeError

STATS_ROLES = {Role.AGENT, Role.DISPATCHER, Role.ANALYST, Role.SYSADMIN}
IMPORT_ROLES = {Role.DISPATCHER, Role.SYSADMIN}


def role_required(roles: set[str]) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in roles:
                raise PermissionDenied(_("您的角色无权访问热线页面。"))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@role_required(STATS_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    form = RateFilterForm(request.GET or None)
    start, end = form.range()
    group = form.cleaned_data.get("seat_group") if form.is_valid() else None
    config = HotlineSettings.current()
    short = config.short_abandon_seconds
    scope = {"seat_group": group, "short_abandon_seconds": short}
    total = selectors.connection_rate(start=start, end=end, **scope)
    months = selectors.connection_rate_by(by="month", start=start, end=end, **scope)
    hours = selectors.connection_rate_by(by="hour", start=start, end=end, **scope)
    days_start = max(start, end - dt.timedelta(days=30))
    days = selectors.connection_rate_by(by="day", start=days_start, end=end, **scope)
    groups = selectors.connection_rate_by(
        by="seat_group", start=start, end=end, short_abandon_seconds=short
    )

    def series(rows):  # type: ignore[no-untyped-def]
        return {
            "labels": [r.label for r in rows],
            "rate": [r.percent for r in rows],
            "offered": [r.offered for r in rows],
        }

    chart = {
        "months": series(months),
        "hours": series(hours),
        "days": series(days),
        "target": round(100 * config.target_connection_rate, 1),
    }
    return render(
        request,
        "hotline/overview.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "total": total,
            "months": months,
            "hours": hours,
            "days": days,
            "groups": groups,
            "config": config,
            "target_percent": round(100 * config.target_connection_rate, 1),
            "chart": chart,
        },
    )


def _plan_from_request(request: HttpRequest) -> tuple[PlanForm, staffing.StaffingPlan]:
    form = PlanForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    day = data.get("day") or timezone.localdate()
    target = data.get("target") or "rate"
    rate = data.get("rate")
    plan = staffing.staffing_plan(day=day, target=target, target_rate=rate / 100 if rate else None)
    return form, plan


@role_required(STATS_ROLES)
def staffing_view(request: HttpRequest) -> HttpResponse:
    form, plan = _plan_from_request(request)
    totals = plan.totals()
    missed = plan.missed()
    chart = {
        "labels": [t["label"][:5] for t in totals],
        "forecast": [round(t["forecast"], 1) for t in totals],
        "needed": [t["needed"] for t in totals],
        "rostered": [t["rostered"] for t in totals],
    }
    return render(
        request,
        "hotline/staffing.html",
        {
            "form": form,
            "plan": plan,
            "totals": totals,
            "grid": [
                {"label": t["label"], "cells": [g.slots[t["slot"]] for g in plan.groups]}
                for t in totals
            ],
            "missed": missed,
            "missed_groups": sorted({g.group.name for g, _s in missed}),
            "target_percent": round(100 * plan.target_rate, 1),
            "chart": chart,
            "query": request.GET.urlencode(),
        },
    )


@role_required(STATS_ROLES)
def staffing_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("不支持的导出格式。"))
    _form, plan = _plan_from_request(request)
    rows = staffing.plan_rows(plan)
    name = f"staffing-{plan.day:%Y%m%d}"
    audit_record(
        actor=request.user,
        action=AuditLog.Action.EXPORT,
        object_type="hotline_staffing",
        object_id=f"{plan.day:%Y-%m-%d}",
        detail={"format": fmt},
    )
    if fmt == "csv":
        buf = io.StringIO()
        buf.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
        writer = csv.writer(buf)
        writer.writerow(staffing.EXPORT_HEADER)
        writer.writerows(rows)
        response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = _("排班需求")
    ws.append(staffing.EXPORT_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    red = PatternFill("solid", fgColor="FDE8E7")
    for row in rows:
        ws.append(row)
        if row[-1]:
            for cell in ws[ws.max_row]:
                cell.fill = red
    ws.freeze_panes = "D2"
    for col, width in zip(
        "ABCDEFGHIJKLM", (12, 14, 13, 12, 12, 12, 12, 16, 16, 8, 8, 14, 10), strict=True
    ):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@role_required(IMPORT_ROLES)
@require_http_methods(["GET", "POST"])
def cdr_upload(request: HttpRequest) -> HttpResponse:
    result = None
    form = CdrUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        result = cdr_import(data=data)
        audit_record(
            actor=request.user,
            action=AuditLog.Action.CREATE,
            object_type="hotline_cdr",
            object_id=form.cleaned_data["file"].name[:64],
            detail={
                "created": result.created,
                "skipped": result.skipped,
                "errors": len(result.errors),
            },
        )
    return render(
        request,
        "hotline/import.html",
        {
            "form": form,
            "result": result,
            "doc": CDR_DOC,
            "errors": (result.errors[:200] if result else []),
        },
    )


def _agent_or_403(request: HttpRequest) -> Agent | None:
    return getattr(request.user, "hotline_agent", None)


@role_required({Role.AGENT})
@require_http_methods(["GET", "POST"])
def console(request: HttpRequest) -> HttpResponse:
    call = selectors.current_call_for_agent(user=request.user)
    lookup = LookupForm(request.GET or None)
    index = ""
    shown_number = ""
    if call is not None and call.caller_index:
        index = call.caller_index
        shown_number = call.caller_masked
    elif lookup.is_valid():
        index = phone_index(lookup.cleaned_data["phone"])
        shown_number = mask_mobile(lookup.cleaned_data["phone"])
    orders = list(selectors.caller_orders_for_user(user=request.user, index=index)) if index else []
    form = LogCallForm(request.POST or None, has_call=call is not None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            order, created = hotline_call_log_order(
                user=request.user,
                call=call,
                phone=d.get("phone", ""),
                name=d["name"],
                service=d["service"],
                category=d["category"],
                region=d["county"],
                description=d["description"],
                id_number=d.get("id_number", ""),
            )
        except IntakeError as exc:
            for key, msg in exc.errors.items():
                form.add_error(None, f"{key}: {msg}")
        else:
            if created:
                messages.success(request, _("已登记工单 %(n)s。") % {"n": order.number})
            else:
                messages.info(request, _("该来电已登记为工单 %(n)s。") % {"n": order.number})
            return redirect("hotline:console")
    agent = _agent_or_403(request)
    return render(
        request,
        "hotline/console.html",
        {
            "call": call,
            "lookup": lookup,
            "shown_number": shown_number,
            "orders": orders,
            "form": form,
            "agent": agent,
            "presences": Agent.Presence.choices,
            "recent": selectors.recent_calls_for_agent(user=request.user),
        },
    )


@role_required({Role.AGENT})
@require_POST
def presence(request: HttpRequest) -> HttpResponse:
    agent = _agent_or_403(request)
    value = request.POST.get("presence", "")
    if agent is None:
        messages.error(request, _("您的账号尚未登记为坐席员，请联系管理员。"))
    elif value not in Agent.Presence.values:
        messages.error(request, _("无效的状态。"))
    else:
        agent_set_presence(agent=agent, presence=value)
    return redirect("hotline:console")


@role_required({Role.AGENT})
@require_POST
def end_call(request: HttpRequest) -> HttpResponse:
    """The agent marks the current call as finished (when no CTI ``ended`` event comes)."""
    call = selectors.current_call_for_agent(user=request.user)
    if call is not None:
        cti_event_record(call_id=call.call_id, kind="ended", at=timezone.now(), client="console")
    return redirect("hotline:console")


@role_required({Role.AGENT})
def current_call(request: HttpRequest) -> JsonResponse:
    """What the console polls: the call the agent is on now (masked), or none."""
    call = selectors.current_call_for_agent(user=request.user)
    return JsonResponse(
        {
            "call_id": call.call_id if call else None,
            "caller": call.caller_masked if call else "",
            "seat_group": call.seat_group.name if call else "",
        }
    )
