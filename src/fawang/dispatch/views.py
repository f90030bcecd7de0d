"""Thin views: parse a form, fetch through a jurisdiction-scoped selector, call one
service, redirect with a Chinese message."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.accounts.models import STAFF_ROLES
from fawang.dispatch import console, forms, selectors, services
from fawang.workorders.selectors import workorder_get_for_user
from fawang.workorders.services import TransitionError


def staff_required(view):  # type: ignore[no-untyped-def]
    @login_required
    def wrapped(request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if request.user.role not in STAFF_ROLES:
            raise PermissionDenied(_("仅限工作人员使用。"))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _back(request: HttpRequest, number: str) -> HttpResponse:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect("dispatch:order", number=number)


@staff_required
@require_GET
def order_page(request: HttpRequest, number: str) -> HttpResponse:
    """The order with its dispatch panel (the staff console embeds the same panel)."""
    order = workorder_get_for_user(user=request.user, number=number)
    panels = console.order_panels(request, order)
    return render(request, "dispatch/order.html", {"order": order, "panels": panels})


@staff_required
@require_GET
def assign_page(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """The unit picker for a transfer or a dispatcher's override (posts to ``act``)."""
    order = workorder_get_for_user(user=request.user, number=number)
    if action not in ("transfer", "override") or action not in console.available_actions(
        request.user, order
    ):
        messages.error(request, _("当前状态下不能执行该操作。"))
        return _back(request, number)
    form = forms.AssignForm(units=_units(request, order))
    nxt = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = ""
    return render(
        request,
        "dispatch/assign.html",
        {"order": order, "action": action, "form": form, "next": nxt},
    )


def _units(request: HttpRequest, order) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return selectors.units_for_user(
        user=request.user, near="/".join(order.region_path.split("/")[:2])
    )


@staff_required
@require_POST
def act(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One POST endpoint per action on an order (CSRF-protected forms in the panel)."""
    order = workorder_get_for_user(user=request.user, number=number)
    user = request.user
    if action not in console.available_actions(user, order):
        messages.error(request, _("当前状态下不能执行该操作。"))
        return _back(request, number)
    try:
        if action == "route":
            d = services.routing_route(order=order, actor=user)
            if d.target_name:
                messages.success(request, _("已派往 %(u)s。") % {"u": d.target_name})
            else:
                messages.error(request, d.reason)
        elif action in ("override", "transfer"):
            form = forms.AssignForm(request.POST, units=_units(request, order))
            if not form.is_valid():
                messages.error(request, _form_errors(form))
                return _back(request, number)
            fn = services.routing_override if action == "override" else services.order_transfer
            d = fn(
                order=order,
                actor=user,
                reason=form.cleaned_data["reason"],
                point=form.cleaned_data["point"],
                institution=form.cleaned_data["institution"],
            )
            messages.success(request, _("已派往 %(u)s。") % {"u": d.target_name})
        elif action in ("return", "suspend", "reopen", "escalate"):
            form = forms.ReasonForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("此操作需要填写理由。"))
                return _back(request, number)
            reason = form.cleaned_data["reason"]
            if action == "return":
                services.order_return(order=order, actor=user, reason=reason)
            elif action == "suspend":
                services.order_suspend(order=order, actor=user, reason=reason)
            elif action == "reopen":
                services.order_reopen(order=order, actor=user, reason=reason)
            else:
                upper = services.order_escalate(order=order, actor=user, reason=reason)
                if upper is not None:
                    messages.info(request, _("已上报至 %(u)s。") % {"u": upper.name})
            messages.success(request, _("操作成功。"))
        elif action == "reply":
            form = forms.ReplyForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("请填写答复内容。"))
                return _back(request, number)
            services.order_reply(order=order, actor=user, text=form.cleaned_data["text"])
            messages.success(request, _("已答复，评价短信将发送给申请人。"))
        elif action == "resume":
            form = forms.OptionalReasonForm(request.POST)
            form.is_valid()
            paused = services.order_resume(
                order=order, actor=user, reason=form.cleaned_data.get("reason", "")
            )
            messages.success(
                request, _("已恢复办理，期限顺延 %(d).1f 个工作日。") % {"d": paused / 86400}
            )
        elif action == "sign":
            services.order_sign_for(order=order, actor=user)
            messages.success(request, _("已签收。"))
        elif action == "start":
            services.order_start(order=order, actor=user)
            messages.success(request, _("已开始办理。"))
        elif action == "close":
            services.order_close(order=order, actor=user)
            messages.success(request, _("已办结。"))
    except (TransitionError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    return _back(request, number)


def _form_errors(form) -> str:  # type: ignore[no-untyped-def]
    return "；".join(str(e) for errs in form.errors.values() for e in errs)


@staff_required
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    """The dispatcher's queue with batch reassignment."""
    user = request.user
    units = selectors.units_for_user(user=user, near=request.GET.get("near") or None)
    if request.method == "POST":
        form = forms.BatchAssignForm(request.POST, units=units)
        numbers = request.POST.getlist("order")
        if not numbers:
            messages.error(request, _("请至少勾选一件工单。"))
        elif not form.is_valid():
            messages.error(request, _form_errors(form))
        else:
            try:
                orders = [workorder_get_for_user(user=user, number=n) for n in numbers[:200]]
                done, errors = services.orders_reassign(
                    orders=orders,
                    actor=user,
                    reason=form.cleaned_data["reason"],
                    point=form.cleaned_data["point"],
                    institution=form.cleaned_data["institution"],
                )
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                if done:
                    messages.success(request, _("已改派 %(n)d 件。") % {"n": len(done)})
                for number, why in errors.items():
                    messages.error(request, f"{number}：{why}")
        return redirect(request.get_full_path())
    status = request.GET.get("status", "")
    orders = selectors.dispatch_queue(user=user, status=status)
    return render(
        request,
        "dispatch/queue.html",
        {
            "orders": orders,
            "form": forms.BatchAssignForm(units=units),
            "status": status,
            "statuses": selectors.DISPATCHABLE,
            "now": timezone.now(),
        },
    )


@staff_required
@require_GET
def command(request: HttpRequest) -> HttpResponse:
    """指挥中心: counts by status, overdue list, per-unit workload, map."""
    region, crumbs = selectors.command_region_for(request.user, request.GET.get("region"))
    now = timezone.now()
    centre = selectors.command_centre(user=request.user, region=region, now=now)
    return render(
        request,
        "dispatch/command.html",
        {"c": centre, "region": region, "crumbs": crumbs, "now": now},
    )


@staff_required
@require_GET
def command_data(request: HttpRequest) -> JsonResponse:
    """Map polygons and numbers for one region of the command centre (JSON)."""
    region, _crumbs = selectors.command_region_for(request.user, request.GET.get("region"))
    now = timezone.now()
    geo = selectors.geojson_for(region=region)
    numbers = selectors.map_data(user=request.user, region=region, now=now)
    areas = []
    for feature in geo["features"]:
        p = feature["properties"]
        n = numbers.get(p["code"], {"open": 0, "overdue": 0})
        areas.append({"name": p["name"], "code": p["code"], "value": n["open"], **n})
    return JsonResponse(
        {
            "region": {"code": region.code, "name": region.name, "level": region.level},
            "drill": region.level < 3,
            "geojson": geo,
            "areas": areas,
        }
    )


@staff_required
@require_GET
def command_units_csv(request: HttpRequest) -> HttpResponse:
    """Export of per-unit workload and satisfaction for the shown region."""
    region, _crumbs = selectors.command_region_for(request.user, request.GET.get("region"))
    rows = selectors.unit_workload(
        orders=selectors.scoped_orders(request.user, region), now=timezone.now(), limit=5000
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="units-{region.code}.csv"'
    response.write("\ufeff")
    w = csv.writer(response)
    w.writerow(
        [_("承办单位"), _("在办"), _("超期"), _("容量"), _("负荷"), _("已评价"), _("满意率")]
    )
    for r in rows:
        w.writerow(
            [
                r["name"],
                r["open"],
                r["overdue"],
                r["capacity"],
                f"{r['load']:.0%}" if r["load"] is not None else "",
                r["rated"],
                f"{r['satisfaction_rate']:.1%}" if r["satisfaction_rate"] is not None else "",
            ]
        )
    return response


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """The requester's rating page: a signed link from the reply SMS, no login."""
    try:
        order = services.rating_order_for_token(token)
    except services.RatingLinkError as exc:
        return render(request, "dispatch/rate_done.html", {"error": str(exc)}, status=400)
    if order.status != "replied":
        return render(request, "dispatch/rate_done.html", {"order": order, "already": True})
    form = forms.RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rating = services.rating_submit(
                token=token,
                stars=form.cleaned_data["stars"],
                reasons=form.cleaned_data["reasons"],
                comment=form.cleaned_data["comment"],
                complain=form.cleaned_data["complain"],
            )
        except (services.RatingLinkError, ValueError) as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "dispatch/rate_done.html", {"order": order, "rating": rating})
    return render(request, "dispatch/rate.html", {"order": order, "form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def visits(request: HttpRequest) -> HttpResponse:
    """回访 tasks for agents and clerks in their jurisdiction."""
    if request.method == "POST":
        visit = selectors.visit_get_for_user(
            user=request.user, pk=int(request.POST.get("visit", 0))
        )
        form = forms.VisitForm(request.POST)
        if form.is_valid():
            try:
                services.visit_record(
                    visit=visit,
                    actor=request.user,
                    state=form.cleaned_data["state"],
                    stars=form.cleaned_data["stars"],
                    notes=form.cleaned_data["notes"],
                )
                messages.success(request, _("回访已记录。"))
            except (ValueError, PermissionDenied) as exc:
                messages.error(request, str(exc))
        else:
            messages.error(request, _form_errors(form))
        return redirect("dispatch:visits")
    state = request.GET.get("state", "pending")
    return render(
        request,
        "dispatch/visits.html",
        {
            "visits": selectors.visits_for(user=request.user, state=state),
            "state": state,
            "form": forms.VisitForm(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        from fawang.dispatch.models import Notification

        Notification.objects.filter(user=request.user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        return redirect(reverse("dispatch:notifications"))
    return render(
        request,
        "dispatch/notifications.html",
        {"items": selectors.notifications_for(user=request.user)},
    )
