"""Pages of the big-data centre: dashboard and map, table 1 indicators, early warnings,
exports. Thin: parse, fetch through a scoped selector, call one service, render."""

from __future__ import annotations

import tempfile
from functools import wraps
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fawang.accounts.models import AuditLog, Role
from fawang.accounts.selectors import scope_to_jurisdiction
from fawang.accounts.services import audit_record
from fawang.analytics import exports
from fawang.analytics.indicators import EntryError, indicator_enter, indicator_table
from fawang.analytics.models import EarlyWarning, Indicator, WarningNotice
from fawang.analytics.selectors import (
    dashboard_build,
    dashboard_region,
    notices_for_user,
    period_ending,
    warnings_for_user,
)
from fawang.regions import geo
from fawang.regions.models import Level, Region
from fawang.workorders.models import Category

ENTRY_ROLES = frozenset({Role.ANALYST, Role.DISPATCHER, Role.SYSADMIN})
PARQUET_ROLES = frozenset({Role.ANALYST, Role.SYSADMIN})
PARQUET_WEB_LIMIT = 2_000_000


def staff_view(view):  # type: ignore[no-untyped-def]
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if request.user.jurisdiction_path is None:
            raise PermissionDenied(_("仅限有管辖范围的工作人员查看。"))
        return view(request, *args, **kwargs)

    return wrapper


def _months(request: HttpRequest) -> int:
    try:
        return max(1, min(60, int(request.GET.get("months", 12))))
    except ValueError:
        return 12


def _board(request: HttpRequest):  # type: ignore[no-untyped-def]
    region = dashboard_region(user=request.user, code=request.GET.get("region"))
    period = period_ending(timezone.localdate(), _months(request))
    return dashboard_build(region=region, period=period)


@staff_view
def dashboard(request: HttpRequest) -> HttpResponse:
    board = _board(request)
    crumbs = []
    root_len = len(request.user.jurisdiction_path or "")
    codes = board.region.path.split("/")
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    for i, code in enumerate(codes):
        if len("/".join(codes[: i + 1])) >= root_len:
            crumbs.append({"code": code, "name": names.get(code, code)})
    payload = {
        "trend": board.trend,
        "mixes": board.mixes,
        "areas": board.areas,
        "map_code": board.map_code,
        "labels": {
            "orders": _("工单数"),
            "satisfaction": _("平均满意度"),
            "per_10k": _("每万人工单数"),
            "overdue_share": _("超期占比（%）"),
            "unit_orders": _("件"),
            "unit_score": _("分"),
        },
    }
    return render(
        request,
        "analytics/dashboard.html",
        {
            "board": board,
            "payload": payload,
            "crumbs": crumbs,
            "months": board.period.months,
            "month_choices": [3, 6, 12, 24, 36],
            "query": request.GET.urlencode(),
            "unread": notices_for_user(user=request.user, unread_only=True).count(),
        },
    )


@staff_view
def geojson(request: HttpRequest, code: str) -> JsonResponse:
    region = get_object_or_404(Region, code=code, level__lte=Level.COUNTY)
    if not region.path.startswith(request.user.jurisdiction_path):
        raise Http404
    response = JsonResponse(geo.geojson(code))
    response["Cache-Control"] = "private, max-age=86400"
    return response


TABLE_TITLES = {
    "trend": gettext_lazy("月度趋势"),
    "category": gettext_lazy("事项类别"),
    "channel": gettext_lazy("渠道"),
    "service": gettext_lazy("服务类型"),
    "status": gettext_lazy("状态"),
    "areas": gettext_lazy("分区统计"),
    "units": gettext_lazy("单位超期"),
    "indicators": gettext_lazy("规划指标"),
    "warnings": gettext_lazy("预警"),
}


def _indicator_export() -> tuple[list[str], list[list]]:
    headers = [
        _("类别"),
        _("指标"),
        _("单位"),
        _("2020年情况"),
        _("2025年目标"),
        _("当前值"),
        _("进度(%)"),
        _("数据日期"),
        _("数据来源"),
        _("说明"),
    ]
    rows = [
        [
            r.indicator.group,
            r.indicator.name,
            r.indicator.unit,
            r.indicator.baseline_2020,
            r.indicator.target_text or r.indicator.target_2025,
            r.current.value,
            r.progress,
            r.current.as_of,
            r.current.source,
            r.current.detail,
        ]
        for r in indicator_table()
    ]
    return headers, rows


def _warnings_export(request: HttpRequest) -> tuple[list[str], list[list]]:
    labels = dict(Category.choices)
    headers = [
        _("周起始日"),
        _("县区"),
        _("事项类别"),
        _("本周工单数"),
        _("预期"),
        _("异常分值"),
        _("预警原因"),
    ]
    rows = [
        [
            w.week_start,
            w.county_name,
            str(labels.get(w.category, w.category)),
            w.observed,
            w.expected,
            w.score,
            w.reason,
        ]
        for w in warnings_for_user(user=request.user, limit=5000)
    ]
    return headers, rows


@staff_view
def export_table(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if table not in TABLE_TITLES or fmt not in ("csv", "xlsx"):
        raise Http404(_("没有这张表。"))
    if table == "indicators":
        headers, rows = _indicator_export()
    elif table == "warnings":
        headers, rows = _warnings_export(request)
    else:
        board = _board(request)
        headers, rows = exports.dashboard_table(board, table)
    audit_record(
        actor=request.user,
        action=AuditLog.Action.EXPORT,
        object_type="analytics",
        object_id=table,
        detail={"format": fmt, "query": request.GET.urlencode()[:200], "rows": len(rows)},
    )
    title = str(TABLE_TITLES[table])
    if fmt == "csv":
        return exports.csv_response(table, headers, rows)
    return exports.xlsx_response(table, title, headers, rows)


@staff_view
def export_parquet(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ("workorders", "events"):
        raise Http404
    if request.user.role not in PARQUET_ROLES:
        raise PermissionDenied(_("仅数据分析人员和系统管理员可导出明细数据。"))
    from fawang.workorders.models import WorkOrder

    scoped = scope_to_jurisdiction(WorkOrder.objects.all(), user=request.user)
    if scoped.count() > PARQUET_WEB_LIMIT:
        messages.error(
            request,
            _("数据量超过 %(n)s 条，请由系统管理员在服务器上运行 fawang analytics_parquet 导出。")
            % {"n": f"{PARQUET_WEB_LIMIT:,}"},
        )
        return redirect("analytics:dashboard")
    tmp = tempfile.NamedTemporaryFile(suffix=".parquet", delete=False)  # noqa: SIM115
    tmp.close()
    path = Path(tmp.name)
    rows = exports.parquet_write(kind=kind, path=path, region_path=request.user.jurisdiction_path)
    audit_record(
        actor=request.user,
        action=AuditLog.Action.EXPORT,
        object_type="analytics",
        object_id=f"{kind}.parquet",
        detail={"rows": rows},
    )
    handle = path.open("rb")
    path.unlink()  # the open handle keeps the data until the response is sent
    return FileResponse(handle, as_attachment=True, filename=exports._filename(kind, "parquet"))


# ------------------------------------------------------------------ indicators


class EntryForm(forms.Form):
    indicator = forms.CharField(widget=forms.HiddenInput)
    input_code = forms.CharField(widget=forms.HiddenInput, initial="value")
    value = forms.DecimalField(label=gettext_lazy("数值"), max_digits=16, decimal_places=2)
    as_of = forms.DateField(
        label=gettext_lazy("数据日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.CharField(label=gettext_lazy("数据来源"), max_length=200)


def _may_enter(user) -> bool:  # type: ignore[no-untyped-def]
    return user.role in ENTRY_ROLES and user.jurisdiction_path == "510000"


@staff_view
def indicators(request: HttpRequest) -> HttpResponse:
    form = None
    if request.method == "POST":
        if not _may_enter(request.user):
            raise PermissionDenied(_("仅省级分析或督办人员可填报指标。"))
        form = EntryForm(request.POST)
        if form.is_valid():
            indicator = get_object_or_404(Indicator, code=form.cleaned_data["indicator"])
            try:
                indicator_enter(
                    indicator=indicator,
                    input_code=form.cleaned_data["input_code"],
                    value=form.cleaned_data["value"],
                    as_of=form.cleaned_data["as_of"],
                    source=form.cleaned_data["source"],
                    user=request.user,
                )
            except EntryError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已保存：%(name)s") % {"name": indicator.name})
                return redirect("analytics:indicators")
    return render(
        request,
        "analytics/indicators.html",
        {
            "rows": indicator_table(),
            "may_enter": _may_enter(request.user),
            "form": form,
            "today": timezone.localdate(),
        },
    )


# ------------------------------------------------------------------ warnings


@staff_view
def warnings(request: HttpRequest) -> HttpResponse:
    notices = list(notices_for_user(user=request.user)[:50])
    unread = [n.pk for n in notices if n.read_at is None]
    if unread:
        WarningNotice.objects.filter(pk__in=unread).update(read_at=timezone.now())
    labels = dict(Category.choices)
    items = list(warnings_for_user(user=request.user))
    for w in items:
        w.category_label = labels.get(w.category, w.category)
    return render(
        request,
        "analytics/warnings.html",
        {"warnings": items, "notices": notices, "unread_ids": set(unread)},
    )


@staff_view
@require_POST
def warning_ack(request: HttpRequest, pk: int) -> HttpResponse:
    qs = scope_to_jurisdiction(EarlyWarning.objects.filter(pk=pk), user=request.user)
    if not qs.update(state=EarlyWarning.State.ACKNOWLEDGED):
        raise Http404
    audit_record(
        actor=request.user, action=AuditLog.Action.UPDATE, object_type="warning", object_id=str(pk)
    )
    messages.success(request, _("已标记为已核查。"))
    return redirect("analytics:warnings")
