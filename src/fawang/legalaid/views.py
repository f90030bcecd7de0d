"""Legal-aid pages: the citizen application form, staff intake (hotline and walk-in), the
reviewer's queue and case page, documents, export and figures. Thin: parse, fetch through
a scoped selector, call one service, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts.models import STAFF_ROLES, AuditLog, Role
from fawang.accounts.services import audit_record
from fawang.legalaid import documents, forms, objections, services
from fawang.legalaid.assignment import assignment_candidates
from fawang.legalaid.authority import bureau_name
from fawang.legalaid.eligibility import MATTERS
from fawang.legalaid.models import CaseStatus, Objection
from fawang.legalaid.selectors import (
    CaseFilters,
    advance_materials_overdue,
    advance_suggested,
    case_figures,
    case_for_citizen,
    case_get_for_user,
    case_is_overdue,
    case_list_for_user,
    objection_get_for_user,
    objection_is_overdue,
    objection_list_for_user,
    objections_of_case,
)
from fawang.legalaid.statutes import Citation
from fawang.legalaid.workdays import (
    add_working_days,
    calendar,
    calendar_warning,
    local_date,
    working_days_between,
)
from fawang.lib.paging import query_without_page
from fawang.network.models import Practitioner
from fawang.regions.models import Region
from fawang.web.access import forbidden, role_required
from fawang.web.forms import form_token_new
from fawang.web.tracking import track_proven
from fawang.workorders.models import Channel
from fawang.workorders.services import IntakeError, PartyInput, TransitionError

staff_required = role_required(STAFF_ROLES)
ADVANCE_MATERIALS_DAYS = 5  # the date the advance form proposes; the clerk may change it


def _apply_from_form(request: HttpRequest, form: forms.ApplicationForm, channel: str):  # type: ignore[no-untyped-def]
    d = form.cleaned_data
    region = Region.objects.get(code=d["county"])
    return services.legalaid_apply(
        channel=channel,
        region=region,
        applicant=PartyInput(name=d["name"], phone=d["phone"], id_number=d["id_number"]),
        matter=d["matter"],
        facts=d["facts"],
        opposing_party=d["opposing_party"],
        household_size=d["household_size"],
        monthly_income=d["monthly_income"],
        assets=d["assets"],
        circumstances=d["circumstances"],
        agent_name=d["agent_name"],
        agent_relation=d["agent_relation"],
        agent_phone=d["agent_phone"],
        materials=d["materials"],
        limitation_deadline=d["limitation_deadline"],
        created_by=request.user if request.user.is_authenticated else None,
        idempotency_key=d["form_token"],
    )


def _handle_application(
    request: HttpRequest, channel: str, template: str, done: str
) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = forms.ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                case = _apply_from_form(request, form, channel)
            except IntakeError as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                request.session["legalaid_last"] = case.order.number
                return redirect(done)
        status = 400
        if "form_token" in form.errors:  # expired or forged: issue a fresh one
            form.data = form.data.copy()
            form.data["form_token"] = form_token_new()
    else:
        initial = {"form_token": form_token_new()}
        user = request.user
        if user.is_authenticated and user.region_id and user.region.level == 3:
            initial["county"] = user.region_id
        form = forms.ApplicationForm(initial=initial)
    return render(
        request, template, {"form": form, "channel": Channel(channel).label}, status=status
    )


def apply(request: HttpRequest) -> HttpResponse:
    """The citizen's online application (网上申请)."""
    return _handle_application(request, Channel.WEB, "legalaid/apply.html", "legalaid:apply_done")


def apply_done(request: HttpRequest) -> HttpResponse:
    number = request.session.get("legalaid_last")
    if not number:
        return redirect("legalaid:apply")
    return render(request, "legalaid/apply_done.html", {"number": number})


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Hotline agents (12348) and walk-in clerks enter an application for the caller."""
    if request.user.role not in services.INTAKE_ROLES:
        return forbidden(request, _("您的角色不能登记法律援助申请。"))
    channel = Channel.HOTLINE if request.user.role == Role.AGENT else Channel.WALK_IN
    return _handle_application(request, channel, "legalaid/intake.html", "legalaid:intake_done")


@staff_required
def intake_done(request: HttpRequest) -> HttpResponse:
    number = request.session.get("legalaid_last")
    if not number:
        return redirect("legalaid:intake")
    return redirect("legalaid:case", number=number)


def _filters(request: HttpRequest) -> CaseFilters:
    g = request.GET
    return CaseFilters(
        status=g.get("status", "") if g.get("status", "") in CaseStatus.values else "",
        matter=g.get("matter", "") if g.get("matter", "") in MATTERS else "",
        overdue=g.get("overdue") == "1",
        wage=g.get("wage") == "1",
        number=g.get("number", "")[:32],
        objection=g.get("objection") == "1",
    )


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    f = _filters(request)
    page = Paginator(case_list_for_user(user=request.user, filters=f, now=now), 50).get_page(
        request.GET.get("page")
    )
    today = local_date(now)
    rows = [
        (
            c,
            case_is_overdue(c, now=now),
            advance_suggested(c, today=today),
            advance_materials_overdue(c, today=today),
        )
        for c in page.object_list
    ]
    return render(
        request,
        "legalaid/case_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": f,
            "statuses": CaseStatus.choices,
            "matters": [(m.code, m.label) for m in MATTERS.values()],
            "query": query_without_page(request),
            "now": now,
        },
    )


@staff_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    now = timezone.now()
    case = case_get_for_user(user=request.user, number=number)
    assessment = case.assessment
    citations = [Citation(c["article"], c["clause"]) for c in assessment.get("citations", [])]
    finances = None
    if request.user.role in (Role.REVIEWER, Role.BUREAU):
        finances = {"income": case.monthly_income, "assets": case.assets}
        audit_record(
            actor=request.user,
            action=AuditLog.Action.READ_PII,
            object_type="legalaid",
            object_id=number,
            detail={"fields": ["monthly_income", "assets"]},
        )
    today = local_date(now)
    can_accept = request.user.role in services.ACCEPT_ROLES
    may_advance = can_accept and case.status in (CaseStatus.APPLIED, CaseStatus.REVIEWING)
    candidates = (
        assignment_candidates(case, as_of=today)
        if case.status == CaseStatus.GRANTED or may_advance
        else []
    )
    suggestion = advance_suggested(case, today=today)
    cal = calendar()
    remaining = None
    if case.clock_running and case.decision_due_at:
        remaining = working_days_between(today, local_date(case.decision_due_at), cal)
    case_objections = objections_of_case(case)
    decision = objections.objectable_decision(case)
    ctx = {
        "case": case,
        "order": case.order,
        "objections": [
            {
                "o": o,
                "bureau": bureau_name(o.bureau_region),
                "overdue": objection_is_overdue(o, now=now),
                "can_decide": o.is_open
                and request.user.role in objections.DECIDE_ROLES
                and request.user.region_id == o.bureau_region_id,
            }
            for o in case_objections
        ],
        "can_object": request.user.role in objections.FILE_ROLES
        and objections.may_object(decision, case_objections),
        "assessment": assessment,
        "citations": citations,
        "finances": finances,
        "candidates": candidates,
        "overdue": case_is_overdue(case, now=now),
        "remaining": remaining,
        "warning": calendar_warning(local_date(case.decision_due_at), cal=cal)
        if case.decision_due_at
        else "",
        "events": case.order.events.select_related("actor").order_by("at", "id"),
        "notes": case.notes.all(),
        "documents": case.documents.all(),
        "is_reviewer": request.user.role == Role.REVIEWER,
        "can_accept": can_accept,
        "may_advance": may_advance,
        "advance_suggestion": suggestion,
        "advance_overdue": advance_materials_overdue(case, today=today),
        "is_lawyer": request.user.role == Role.PRACTITIONER,
        "forms": {
            "materials": forms.MaterialsRequestForm(),
            "received": forms.MaterialsReceivedForm(),
            "decide": forms.DecisionForm(
                initial={"grant": "1" if case.engine_outcome == "grant" else "0"}
            ),
            "note": forms.NoteForm(),
            "conclude": forms.ConcludeForm(),
            "terminate": forms.TerminateForm(),
            "object": forms.ObjectionForm(),
            "advance": forms.AdvanceForm(
                candidates=candidates if may_advance else (),
                initial={
                    "ground": 1 if suggestion is not None else None,
                    "limitation_deadline": case.limitation_deadline,
                    "materials_due": add_working_days(today, ADVANCE_MATERIALS_DAYS),
                },
            ),
            "objection_decision": forms.ObjectionDecisionForm(),
            "evaluate": forms.EvaluateForm(),
        },
        "S": CaseStatus,
    }
    return render(request, "legalaid/case_detail.html", ctx)


def _act(request: HttpRequest, case, action: str) -> str:  # type: ignore[no-untyped-def]
    """Run one action; return the success message. Raises on refusal."""
    user, post, files = request.user, request.POST, request.FILES
    if action == "accept":
        services.legalaid_accept(case=case, actor=user)
        return _("已受理，进入审查。")
    if action == "request_materials":
        services.legalaid_request_materials(
            case=case, actor=user, materials=post.get("materials", "")
        )
        return _("已一次性告知补充材料，审查期限中止。")
    if action == "materials_received":
        services.legalaid_materials_received(case=case, actor=user, files=files.getlist("files"))
        return _("补充材料已收到，审查期限恢复计算。")
    if action == "withdraw":
        services.legalaid_withdraw(case=case, actor=user)
        return _("已按视为撤回申请处理。")
    if action == "advance":
        form = forms.AdvanceForm(
            post, candidates=assignment_candidates(case, as_of=local_date(timezone.now()))
        )
        if not form.is_valid():
            raise IntakeError({k: v[0] for k, v in form.errors.items()})
        d = form.cleaned_data
        chosen = (
            Practitioner.objects.filter(pk=d["practitioner"]).first() if d["practitioner"] else None
        )
        p = services.legalaid_advance(
            case=case,
            actor=user,
            ground=d["ground"],
            limitation_deadline=d["limitation_deadline"],
            reasons=d["reasons"],
            materials=d["materials"],
            materials_due=d["materials_due"],
            practitioner=chosen,
        )
        return _("已决定先行提供法律援助，指派%(name)s承办，可打印指派通知书。") % {"name": p.name}
    if action == "advance_materials":
        services.legalaid_advance_materials_received(
            case=case, actor=user, files=files.getlist("files")
        )
        return _("受援人已补办手续、补充材料。")
    if action == "decide":
        form = forms.DecisionForm(post)
        if not form.is_valid():
            raise services.LegalAidError(_("请选择给予或不予法律援助。"))
        services.legalaid_decide(
            case=case,
            actor=user,
            grant=form.cleaned_data["grant"],
            reasons=form.cleaned_data["reasons"],
        )
        return _("已作出决定，可打印决定书。")
    if action == "assign":
        pid = post.get("practitioner", "")
        chosen = Practitioner.objects.filter(pk=int(pid)).first() if pid.isdigit() else None
        p = services.legalaid_assign(case=case, actor=user, practitioner=chosen)
        return _("已指派%(name)s承办，可打印指派通知书。") % {"name": p.name}
    if action == "note":
        services.legalaid_add_note(case=case, actor=user, text=post.get("text", ""))
        return _("已记录办理进展。")
    if action == "conclude":
        services.legalaid_conclude(
            case=case,
            actor=user,
            outcome=post.get("outcome", ""),
            summary=post.get("summary", ""),
            documents=files.getlist("documents"),
        )
        return _("已结案。")
    if action == "terminate":
        services.legalaid_terminate(
            case=case,
            actor=user,
            ground=post.get("ground", ""),
            reasons=post.get("reasons", ""),
        )
        return _("已决定终止法律援助，可打印终止法律援助决定书。")
    if action == "object":
        objection = objections.objection_file(
            case=case, reasons=post.get("reasons", ""), actor=user
        )
        return _("已登记异议，由%(b)s审查，应于 %(d)s 前作出决定。") % {
            "b": bureau_name(objection.bureau_region),
            "d": f"{local_date(objection.due_at):%Y-%m-%d}",
        }
    if action == "evaluate":
        form = forms.EvaluateForm(post)
        if not form.is_valid():
            raise services.LegalAidError(_("请填写 0–100 的评分并选择评估方式。"))
        d = form.cleaned_data
        services.legalaid_evaluate(
            case=case, actor=user, score=d["score"], methods=d["methods"], notes=d["notes"]
        )
        return _("已完成质量评估。")
    if action == "settle":
        amount = services.legalaid_settle_subsidy(case=case, actor=user)
        return _("已核发办案补贴 %(a)s 元，工单办结。") % {"a": amount}
    raise services.LegalAidError(_("未知的操作。"))


@staff_required
@require_POST
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, number=number)
    try:
        messages.success(request, _act(request, case, action))
    except IntakeError as exc:
        for message in exc.errors.values():
            messages.error(request, message)
    except (services.LegalAidError, TransitionError) as exc:
        messages.error(request, str(exc))
    except PermissionError as exc:
        messages.error(request, str(exc))
    return redirect("legalaid:case", number=number)


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{filename}"
    return response


@staff_required
def decision_pdf(request: HttpRequest, number: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, number=number)
    if not case.decision:
        messages.error(request, _("尚未作出决定。"))
        return redirect("legalaid:case", number=number)
    return _pdf_response(documents.decision_letter_pdf(case), f"decision-{number}.pdf")


@staff_required
def assignment_pdf(request: HttpRequest, number: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, number=number)
    if not case.lawyer_id:
        messages.error(request, _("尚未指派承办律师。"))
        return redirect("legalaid:case", number=number)
    return _pdf_response(documents.assignment_letter_pdf(case), f"assignment-{number}.pdf")


@staff_required
def termination_pdf(request: HttpRequest, number: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, number=number)
    if case.terminated_at is None:
        messages.error(request, _("本案没有终止法律援助的决定。"))
        return redirect("legalaid:case", number=number)
    return _pdf_response(documents.termination_letter_pdf(case), f"termination-{number}.pdf")


# ---- objections (art. 49) --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def objection_citizen(request: HttpRequest, number: str) -> HttpResponse:
    """The applicant objects to a refusal or a termination, after looking the order up on
    the tracking page (number + last four digits of the phone) in this browser."""
    if not track_proven(request, number):
        return forbidden(
            request,
            _("请先在“办理进度查询”页面输入工单编号和手机号后4位查询，然后再提出异议。"),
        )
    case = case_for_citizen(number=number)
    if case is None:
        raise Http404(_("没有找到该法律援助申请。"))
    form = forms.ObjectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                objection = objections.objection_file(
                    case=case, reasons=form.cleaned_data["reasons"], actor=None
                )
            except IntakeError as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            except services.LegalAidError as exc:
                form.add_error(None, str(exc))
            else:
                return render(
                    request,
                    "legalaid/objection_done.html",
                    {
                        "objection": objection,
                        "number": number,
                        "bureau": bureau_name(objection.bureau_region),
                    },
                )
        status = 400
    decision = objections.objectable_decision(case)
    return render(
        request,
        "legalaid/objection_form.html",
        {
            "form": form,
            "number": number,
            "case": case,
            "against": Objection.Against(decision[0]).label if decision else "",
        },
        status=status,
    )


@staff_required
def objection_list(request: HttpRequest) -> HttpResponse:
    """The justice bureau's queue of objections (and anyone's in the jurisdiction)."""
    now = timezone.now()
    open_only = request.GET.get("open") == "1"
    overdue = request.GET.get("overdue") == "1"
    qs = objection_list_for_user(user=request.user, open_only=open_only, overdue=overdue, now=now)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        (o, bureau_name(o.bureau_region), objection_is_overdue(o, now=now))
        for o in page.object_list
    ]
    return render(
        request,
        "legalaid/objection_list.html",
        {
            "page": page,
            "rows": rows,
            "open_only": open_only,
            "overdue": overdue,
            "query": query_without_page(request),
        },
    )


@staff_required
@require_POST
def objection_decide(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    objection = objection_get_for_user(user=request.user, number=number, pk=pk)
    form = forms.ObjectionDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(reverse("legalaid:case", args=[number]) + "#objections")
    try:
        done = objections.objection_decide(
            objection=objection,
            actor=request.user,
            uphold=form.cleaned_data["result"] == "uphold",
            reasons=form.cleaned_data["reasons"],
        )
    except IntakeError as exc:
        for message in exc.errors.values():
            messages.error(request, message)
    except (services.LegalAidError, TransitionError, PermissionError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已作出异议审查决定：%(r)s，可打印异议审查决定书。")
            % {"r": done.get_status_display()},
        )
    return redirect(reverse("legalaid:case", args=[number]) + "#objections")


@staff_required
def objection_pdf(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    objection = objection_get_for_user(user=request.user, number=number, pk=pk)
    if objection.is_open:
        messages.error(request, _("该异议尚未作出决定。"))
        return redirect("legalaid:case", number=number)
    return _pdf_response(
        documents.objection_decision_pdf(objection), f"objection-{number}-{pk}.pdf"
    )


@staff_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    qs = case_list_for_user(user=request.user, filters=_filters(request), now=now).select_related(
        "institution"
    )[:50000]
    audit_record(
        actor=request.user,
        action=AuditLog.Action.EXPORT,
        object_type="legalaid",
        detail={"filters": dict(request.GET.items())},
    )
    response = HttpResponse(
        documents.cases_xlsx(qs.iterator(chunk_size=2000), now=now),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime(now).strftime("%Y%m%d")
    response["Content-Disposition"] = f"attachment; filename=legalaid-{stamp}.xlsx"
    return response


@staff_required
def figures(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localtime(now).year
    tz = timezone.get_default_timezone()
    if not 2000 <= year <= 2100:
        year = timezone.localtime(now).year
    since = dt.datetime(year, 1, 1, tzinfo=tz)
    until = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    data = case_figures(user=request.user, since=since, until=until)
    return render(
        request,
        "legalaid/figures.html",
        {
            "f": data,
            "year": year,
            "years": range(timezone.localtime(now).year, 2021, -1),
            "export_url": reverse("legalaid:export"),
        },
    )
