"""Public pages: the portal home, the citizen's request form and the tracking page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from fawang.accounts.middleware import client_ip
from fawang.regions import geo
from fawang.web import selectors
from fawang.web.forms import CitizenIntakeForm, TrackForm, form_token_new
from fawang.web.ratelimit import Limiter
from fawang.web.services import intake_submit
from fawang.web.tracking import track_panels, track_remember
from fawang.workorders.models import STATUS_NOTES, Channel, Status
from fawang.workorders.selectors import workorder_track
from fawang.workorders.services import PartyInput

# A phone's last 4 digits have 10,000 values: few guesses per number and per address.
TRACK_BY_NUMBER = Limiter("track-number", limit=5, window=3600)
TRACK_BY_IP = Limiter("track-ip", limit=20, window=600)
_DONE_KEY = "ask_done"


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


def intake_context(form, *, default_place: dict[str, str] | None = None) -> dict:  # type: ignore[no-untyped-def]
    """The token and the place options to render an intake form (bound or not)."""
    if form.is_bound:
        chosen = {k: form.data.get(k, "") for k in ("city", "county", "township", "village")}
        token = form.data.get("form_token", "")
        if not token or "form_token" in form.errors:
            token = form_token_new()
    else:
        chosen = {
            k: (default_place or {}).get(k, "") for k in ("city", "county", "township", "village")
        }
        token = form_token_new()
    return {
        "form": form,
        "form_token": token,
        "chosen": chosen,
        "options": selectors.place_options(
            city=chosen["city"], county=chosen["county"], township=chosen["township"]
        ),
        "files_lost": form.is_bound and bool(form.errors) and bool(form.files),
    }


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CitizenIntakeForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            order, _created = intake_submit(
                channel=Channel.WEB,
                idempotency_key=d["form_token"],
                service=d["service"],
                category=d["category"],
                place=d["place"],
                language=d["language"],
                description=d["description"],
                party=PartyInput(name=d["name"], phone=d["mobile"], id_number=d["id_number"]),
                opposing_party=d["opposing_party"],
                attachments=d["attachments"],
                lng=d.get("lng"),
                lat=d.get("lat"),
            )
            done = [n for n in request.session.get(_DONE_KEY, []) if n != order.number]
            request.session[_DONE_KEY] = [*done[-4:], order.number]
            return redirect("ask_done")
        status = 400
    else:
        form = CitizenIntakeForm(initial={"service": "consultation", "language": "zh"})
        status = 200
    return render(request, "web/ask.html", intake_context(form), status=status)


@require_GET
def ask_done(request: HttpRequest) -> HttpResponse:
    numbers = request.session.get(_DONE_KEY, [])
    if not numbers:
        return redirect("ask")
    # Just created, so still received: the same note as the tracking page and the API.
    note = STATUS_NOTES[Status.RECEIVED]
    return render(request, "web/ask_done.html", {"number": numbers[-1], "status_note": note})


@require_GET
@cache_control(public=True, max_age=3600)
def region_children(request: HttpRequest, code: str) -> JsonResponse:
    """The options under a region for the place cascade."""
    return JsonResponse({"options": selectors.region_options(parent_code=code)})


@require_GET
def locate(request: HttpRequest) -> JsonResponse:
    """The county of a point (the citizen's "use my location")."""
    try:
        lng = float(request.GET["lng"])
        lat = float(request.GET["lat"])
    except (KeyError, ValueError):
        return JsonResponse({"error": _("位置参数不正确。")}, status=400)
    division = geo.locate(lng, lat)
    if division is None:
        return JsonResponse({"error": _("您的位置不在四川省内，请手动选择所在地。")}, status=404)
    return JsonResponse(
        {"county": division.code, "city": division.code[:4] + "00", "name": division.name}
    )


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    order, timeline, panels, status = None, [], [], 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["number"]
            ip = client_ip(request) or "unknown"
            if TRACK_BY_IP.blocked(ip) or TRACK_BY_NUMBER.blocked(number):
                form.add_error(
                    None, _("查询失败次数过多，请稍后（约1小时内）再试，或拨打12348咨询。")
                )
                status = 429
            else:
                order = workorder_track(number=number, phone_last4=form.cleaned_data["phone_last4"])
                if order is None:
                    TRACK_BY_IP.fail(ip)
                    TRACK_BY_NUMBER.fail(number)
                    form.add_error(
                        None, _("没有找到与该编号和手机号后4位相符的工单，请核对后重试。")
                    )
                    status = 404
                else:
                    timeline = selectors.order_citizen_timeline(order=order)
                    track_remember(request, order.number)
                    panels = track_panels(request, order)
        else:
            status = 400
    else:
        form = TrackForm(initial={"number": request.GET.get("number", "")})
    return render(
        request,
        "web/track.html",
        {"form": form, "order": order, "timeline": timeline, "panels": panels},
        status=status,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form (missing or stale CSRF token), explained in Chinese."""
    message = _(
        "页面已过期或表单来源无法验证，提交未被接受，没有保存任何内容。"
        "请刷新页面（必要时允许浏览器使用 Cookie）后重新填写提交。"
    )
    return render(request, "web/403.html", {"message": message}, status=403)
