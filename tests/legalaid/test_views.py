import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from fawang.accounts.models import AuditLog
from fawang.legalaid.console import order_panels
from fawang.legalaid.models import CaseStatus, LegalAidCase
from fawang.legalaid.services import legalaid_accept, legalaid_apply
from fawang.web.forms import form_token_new
from tests.legalaid.conftest import application, at


def form(**overrides):
    """The application form as a browser would post it, with a fresh one-time token."""
    return {**FORM, "form_token": form_token_new(), **overrides}


FORM = {
    "name": "李四光",
    "phone": "13900001111",
    "id_number": "",
    "county": "510107",
    "matter": "labour_remuneration",
    "circumstances": ["migrant_worker"],
    "opposing_party": "某劳务公司",
    "facts": "在工地干了半年，老板欠工资两万元。",
    "household_size": "3",
    "monthly_income": "3000",
    "assets": "0",
}


def test_a_citizen_applies_online_with_materials_and_gets_a_number(
    client, sichuan, legal_aid, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    data = form(materials=[SimpleUploadedFile("欠条.jpg", b"\xff\xd8\xff\xe0jpeg")])
    response = client.post(reverse("legalaid:apply"), data)
    assert response.status_code == 302
    done = client.get(response["Location"])
    case = LegalAidCase.objects.get()
    assert case.order.number in done.content.decode()
    assert case.order.channel == "web" and case.is_wage_claim
    assert case.status == CaseStatus.REVIEWING  # green channel: accepted at once
    assert case.documents.get().name == "欠条.jpg"


def test_the_form_shows_chinese_errors_and_keeps_nothing(client, sichuan, legal_aid):
    response = client.post(reverse("legalaid:apply"), form(phone="123", household_size="0"))
    body = response.content.decode()
    assert response.status_code == 400 and "11位手机号码" in body and "家庭人口应为" in body
    assert not LegalAidCase.objects.exists()


def test_a_double_submit_makes_one_application(client, sichuan, legal_aid):
    data = form()
    first = client.post(reverse("legalaid:apply"), data)
    second = client.post(reverse("legalaid:apply"), data)
    assert first.status_code == second.status_code == 302
    assert LegalAidCase.objects.count() == 1


def test_a_forged_token_or_a_disguised_file_is_refused(client, sichuan, legal_aid):
    forged = client.post(reverse("legalaid:apply"), dict(FORM, form_token="x"))
    assert forged.status_code == 400 and "表单已失效" in forged.content.decode()
    fake = form(materials=[SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 not a pdf")])
    body = client.post(reverse("legalaid:apply"), fake).content.decode()
    assert "内容与文件类型不符" in body
    assert not LegalAidCase.objects.exists()


def test_a_hotline_agent_enters_an_application_on_the_hotline_channel(
    client, sichuan, personas, legal_aid
):
    from fawang.accounts.models import Role, User

    agent = User.objects.create_user(
        "agent1", password="correct-horse-battery", role=Role.AGENT, region=sichuan["wuhou"]
    )
    client.force_login(agent)
    response = client.post(reverse("legalaid:intake"), form(circumstances=[]))
    case = LegalAidCase.objects.get()
    assert case.order.channel == "hotline" and case.order.created_by == agent
    assert response.status_code == 302


def test_the_reviewer_queue_masks_names_and_is_scoped(
    client, sichuan, personas, legal_aid, django_assert_max_num_queries
):
    for i in range(3):
        legalaid_apply(
            **application(sichuan["wuhou"], opposing_party=f"对方{i}"), now=at(2026, 11, 2)
        )
    legalaid_apply(**application(sichuan["xichang"]), now=at(2026, 11, 2))
    client.force_login(legal_aid["reviewer"])
    with django_assert_max_num_queries(8):
        body = client.get(reverse("legalaid:cases")).content.decode()
    assert body.count("张*丰") == 3 and "张三丰" not in body
    client.force_login(personas["outsider_clerk"])
    assert client.get(reverse("legalaid:cases")).content.decode().count("张*丰") == 1


def test_the_case_page_explains_the_assessment_with_the_law_text(client, sichuan, legal_aid):
    case = legalaid_apply(**application(sichuan["wuhou"]), now=at(2026, 11, 2))
    client.force_login(legal_aid["reviewer"])
    body = client.get(reverse("legalaid:case", args=[case.order.number])).content.decode()
    assert "第三十一条第（四）项" in body and "请求给付赡养费、抚养费、扶养费" in body
    assert "经济困难标准" in body and "2400.00" in body  # the reviewer sees the income
    assert AuditLog.objects.filter(action="read_pii", object_type="legalaid").count() == 1


def test_a_case_outside_the_jurisdiction_is_not_found_and_audited(
    client, sichuan, personas, legal_aid
):
    case = legalaid_apply(**application(sichuan["wuhou"]), now=at(2026, 11, 2))
    client.force_login(personas["outsider_clerk"])
    assert client.get(reverse("legalaid:case", args=[case.order.number])).status_code == 404
    assert AuditLog.objects.filter(action="denied", object_id=case.order.number).exists()


def test_the_reviewer_decides_and_assigns_through_the_pages(client, sichuan, legal_aid):
    case = legalaid_apply(
        **application(sichuan["wuhou"], matter="labour_remuneration"), now=at(2026, 11, 2)
    )
    client.force_login(legal_aid["reviewer"])
    url = lambda a: reverse("legalaid:action", args=[case.order.number, a])  # noqa: E731
    client.post(url("accept"))
    client.post(url("decide"), {"grant": "1", "reasons": ""})
    page = client.get(reverse("legalaid:case", args=[case.order.number])).content.decode()
    assert "王律师" in page and "指派（推荐）" in page
    client.post(url("assign"), {"practitioner": str(legal_aid["zhao"].pk)})
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSIGNED and case.lawyer == legal_aid["zhao"]
    pdf = client.get(reverse("legalaid:decision_pdf", args=[case.order.number]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert (
        client.get(reverse("legalaid:assignment_pdf", args=[case.order.number])).status_code == 200
    )


def test_a_refused_action_shows_the_reason(client, sichuan, personas, legal_aid):
    case = legalaid_apply(**application(sichuan["wuhou"]), now=at(2026, 11, 2))
    legalaid_accept(case=case, actor=legal_aid["reviewer"], now=at(2026, 11, 2))
    client.force_login(personas["county_clerk"])
    response = client.post(
        reverse("legalaid:action", args=[case.order.number, "decide"]), {"grant": "1"}, follow=True
    )
    assert "无权" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.REVIEWING


def test_export_and_figures(client, sichuan, legal_aid):
    legalaid_apply(**application(sichuan["wuhou"]), now=at(2026, 11, 2))
    client.force_login(legal_aid["reviewer"])
    response = client.get(reverse("legalaid:export"))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb["法律援助案件"].max_row == 2
    assert AuditLog.objects.filter(action="export", object_type="legalaid").exists()
    body = client.get(reverse("legalaid:figures") + "?year=2026").content.decode()
    assert "请求给付赡养费" in body and "武侯区" in body


def test_the_console_panel_shows_the_case_in_one_query(
    rf, sichuan, legal_aid, django_assert_num_queries
):
    case = legalaid_apply(**application(sichuan["wuhou"]), now=at(2026, 11, 2))
    request = rf.get("/")
    request.user = legal_aid["reviewer"]
    with django_assert_num_queries(1):
        panels = order_panels(request, case.order)
    assert len(panels) == 1 and "第三十一条第（四）项" in panels[0]


@pytest.mark.browser
def test_a_citizen_fills_in_the_application_in_a_browser(
    browser_page, live_server, sichuan, legal_aid
):
    page = browser_page
    page.goto(live_server.url + reverse("legalaid:apply"))
    page.fill("input[name=name]", "李四光")
    page.fill("input[name=phone]", "13900001111")
    page.select_option("select[name=county]", "510107")
    page.select_option("select[name=matter]", "labour_remuneration")
    page.check("input[value=migrant_worker]")
    page.fill("textarea[name=facts]", "老板欠薪两万元。")
    page.fill("input[name=opposing_party]", "某劳务公司")
    page.click("button[type=submit]")
    page.wait_for_selector("#number")
    number = page.inner_text("#number")
    assert LegalAidCase.objects.get(order__number=number).is_wage_claim


@pytest.mark.browser
def test_a_reviewer_reads_why_decides_and_assigns_in_a_browser(
    browser_page, live_server, sichuan, legal_aid
):
    from tests.browser import login

    case = legalaid_apply(
        **application(sichuan["wuhou"], matter="labour_remuneration"), now=at(2026, 11, 2)
    )
    legalaid_accept(case=case, actor=legal_aid["reviewer"], now=at(2026, 11, 2))
    page = browser_page
    login(page, live_server, legal_aid["reviewer"])
    page.goto(live_server.url + reverse("legalaid:case", args=[case.order.number]))
    assert "请求确认劳动关系或者支付劳动报酬" in page.inner_text("#assessment")
    page.check("#decide-form input[value='1']")
    page.click("#decide-form button")
    page.wait_for_selector("#candidates")
    assert "王律师" in page.inner_text("#candidates")
    page.click("#candidates button >> nth=0")
    page.wait_for_selector("text=指派通知书")
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSIGNED and case.lawyer == legal_aid["wang"]


def test_a_signed_in_citizen_can_apply_online(client, sichuan, personas, legal_aid):
    client.force_login(personas["citizen"])
    assert client.post(reverse("legalaid:apply"), form()).status_code == 302
    assert LegalAidCase.objects.get().order.created_by == personas["citizen"]


def test_a_lawyer_sees_only_the_cases_assigned_to_them(client, sichuan, legal_aid):
    from fawang.legalaid.services import legalaid_assign, legalaid_decide

    reviewer = legal_aid["reviewer"]
    mine = legalaid_apply(
        **application(sichuan["wuhou"], matter="labour_remuneration"), now=at(2026, 11, 2)
    )
    other = legalaid_apply(
        **application(sichuan["wuhou"], opposing_party="别人"), now=at(2026, 11, 2)
    )
    legalaid_accept(case=mine, actor=reviewer, now=at(2026, 11, 2))
    legalaid_decide(case=mine, actor=reviewer, grant=True, now=at(2026, 11, 3))
    legalaid_assign(case=mine, actor=reviewer, practitioner=legal_aid["wang"], now=at(2026, 11, 4))
    client.force_login(legal_aid["lawyer_user"])
    assert client.get(reverse("legalaid:case", args=[mine.order.number])).status_code == 200
    assert client.get(reverse("legalaid:case", args=[other.order.number])).status_code == 404
    listing = client.get(reverse("legalaid:cases")).content.decode()
    assert mine.order.number in listing and other.order.number not in listing


def test_the_reviewer_terminates_aid_on_the_case_page_and_prints_the_letter(
    client, sichuan, legal_aid
):
    from tests.legalaid.conftest import assigned_case

    case = assigned_case(sichuan, legal_aid)
    client.force_login(legal_aid["reviewer"])
    page = client.get(reverse("legalaid:case", args=[case.order.number])).content.decode()
    assert "受援人自行委托律师或者其他代理人" in page  # the grounds, as the law words them
    url = reverse("legalaid:action", args=[case.order.number, "terminate"])
    refused = client.post(url, {"ground": "6", "reasons": ""}, follow=True).content.decode()
    assert "请写明终止法律援助的事实和理由" in refused
    client.post(url, {"ground": "6", "reasons": "受援人已自行委托律师。"})
    case.refresh_from_db()
    assert case.status == CaseStatus.TERMINATED
    pdf = client.get(reverse("legalaid:termination_pdf", args=[case.order.number]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_closing_a_case_cannot_stand_in_for_the_termination_decision(client, sichuan, legal_aid):
    from tests.legalaid.conftest import assigned_case

    case = assigned_case(sichuan, legal_aid)
    client.force_login(legal_aid["lawyer_user"])
    page = client.get(reverse("legalaid:case", args=[case.order.number])).content.decode()
    assert 'value="won"' in page and 'value="terminated"' not in page
    url = reverse("legalaid:action", args=[case.order.number, "conclude"])
    refused = client.post(
        url, {"outcome": "terminated", "summary": "不再需要援助。"}, follow=True
    ).content.decode()
    assert "第四十八条" in refused
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSIGNED


# ---- objections (art. 49) --------------------------------------------------------------


def track(client, case, digits="8000"):  # type: ignore[no-untyped-def]
    return client.post("/track/", {"number": case.order.number, "phone_last4": digits})


def test_the_applicant_objects_from_the_tracking_page(client, sichuan, legal_aid, bureau):
    from fawang.legalaid.models import Objection
    from tests.legalaid.conftest import denied_case

    case = denied_case(sichuan, legal_aid)
    page = track(client, case).content.decode()
    assert "不予法律援助决定有异议的，可以向武侯区司法局提出" in page
    assert 'id="objection-form"' in page
    url = reverse("legalaid:objection", args=[case.order.number])
    empty = client.post(url, {"reasons": "  "})
    assert empty.status_code == 400 and "请写明异议的事实和理由" in empty.content.decode()
    assert not Objection.objects.exists()
    done = client.post(url, {"reasons": "家里还要赡养两位老人，请求重新审查。"})
    assert done.status_code == 200 and "武侯区司法局" in done.content.decode()
    objection = Objection.objects.get()
    assert objection.channel == "web" and objection.filed_by is None
    assert f"{objection.due_at:%Y-%m-%d}" in done.content.decode()
    again = track(client, case).content.decode()
    assert "已由武侯区司法局受理" in again and 'id="objection-form"' not in again
    assert "张三丰" not in again  # still masked


def test_objecting_needs_a_tracking_lookup_in_the_same_browser(client, sichuan, legal_aid):
    from fawang.legalaid.models import Objection
    from tests.legalaid.conftest import denied_case

    case = denied_case(sichuan, legal_aid)
    url = reverse("legalaid:objection", args=[case.order.number])
    response = client.post(url, {"reasons": "请求重新审查。"})
    assert response.status_code == 403 and "办理进度查询" in response.content.decode()
    assert track(client, case, digits="1111").status_code == 404  # a wrong guess proves nothing
    assert client.post(url, {"reasons": "请求重新审查。"}).status_code == 403
    assert not Objection.objects.exists()


def test_the_bureau_decides_on_the_case_page_and_the_applicant_reads_the_remedies(
    client, sichuan, legal_aid, bureau
):
    from fawang.legalaid.models import Objection
    from fawang.legalaid.objections import objection_file
    from tests.legalaid.conftest import denied_case

    case = denied_case(sichuan, legal_aid)
    objection = objection_file(case=case, reasons="请求重新审查。", actor=None, now=at(2026, 11, 6))
    client.force_login(bureau["wuhou"])
    queue = client.get(reverse("legalaid:objections")).content.decode()
    assert case.order.number in queue and "超期" in queue and "张*丰" in queue
    page = client.get(reverse("legalaid:case", args=[case.order.number])).content.decode()
    assert "作出审查决定" in page and "异议审查超期" in page
    decide = reverse("legalaid:objection_decide", args=[case.order.number, objection.pk])
    refused = client.post(decide, {"result": "uphold", "reasons": ""}, follow=True)
    assert "请写明审查意见和理由" in refused.content.decode()
    client.post(decide, {"result": "uphold", "reasons": "申请人家庭收入高于标准。"})
    objection.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD
    pdf = client.get(reverse("legalaid:objection_pdf", args=[case.order.number, objection.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.logout()
    told = track(client, case).content.decode()
    assert "维持原不予法律援助决定" in told
    assert "向武侯区人民政府申请行政复议" in told and "提起行政诉讼" in told


def test_the_case_page_offers_the_decision_only_to_the_right_bureau(
    client, sichuan, legal_aid, bureau
):
    from fawang.legalaid.objections import objection_file
    from tests.legalaid.conftest import denied_case

    case = denied_case(sichuan, legal_aid)
    objection = objection_file(case=case, reasons="请求重新审查。", actor=None, now=at(2026, 11, 6))
    client.force_login(bureau["chengdu"])  # sees the case (its subtree), did not set up the centre
    page = client.get(reverse("legalaid:case", args=[case.order.number])).content.decode()
    assert "请求重新审查" in page and "作出审查决定" not in page
    decide = reverse("legalaid:objection_decide", args=[case.order.number, objection.pk])
    response = client.post(decide, {"result": "correct", "reasons": "改正"}, follow=True)
    assert "只有设立该法律援助机构的司法行政部门（武侯区司法局）" in response.content.decode()
    objection.refresh_from_db()
    assert objection.is_open


def test_a_clerk_enters_an_objection_for_the_applicant(client, sichuan, legal_aid, personas):
    from fawang.legalaid.models import Objection
    from tests.legalaid.conftest import denied_case

    case = denied_case(sichuan, legal_aid)
    client.force_login(personas["county_clerk"])
    page = client.get(reverse("legalaid:case", args=[case.order.number])).content.decode()
    assert "代申请人登记异议" in page
    url = reverse("legalaid:action", args=[case.order.number, "object"])
    assert (
        "请写明异议的事实和理由" in client.post(url, {"reasons": ""}, follow=True).content.decode()
    )
    response = client.post(url, {"reasons": "申请人口头提出：收入认定有误。"}, follow=True)
    assert "已登记异议，由武侯区司法局审查" in response.content.decode()
    objection = Objection.objects.get()
    assert objection.channel == "walk_in" and objection.filed_by == personas["county_clerk"]


def test_an_open_objection_shows_in_the_case_list_and_the_console_panel(
    client, rf, sichuan, legal_aid, bureau, django_assert_num_queries
):
    from fawang.legalaid.objections import objection_file
    from tests.legalaid.conftest import denied_case

    case = denied_case(sichuan, legal_aid)
    objection_file(case=case, reasons="请求重新审查。", actor=None, now=at(2026, 11, 6))
    client.force_login(legal_aid["reviewer"])
    listing = client.get(reverse("legalaid:cases") + "?objection=1").content.decode()
    assert case.order.number in listing and "异议审查超期" in listing
    request = rf.get("/")
    request.user = legal_aid["reviewer"]
    with django_assert_num_queries(1):
        panels = order_panels(request, case.order)
    assert "异议审查超期" in panels[0]
    queue = client.get("/console/").content.decode()
    assert case.order.number in queue and "已重办" in queue


def test_the_objection_queue_costs_the_same_few_queries_at_any_size(
    client, sichuan, legal_aid, bureau, django_assert_max_num_queries
):
    from fawang.legalaid.objections import objection_file
    from tests.legalaid.conftest import denied_case

    client.force_login(bureau["wuhou"])
    for i in range(12):
        case = denied_case(sichuan, legal_aid, opposing_party=f"对方{i}")
        objection_file(case=case, reasons="请求重新审查。", actor=None, now=at(2026, 11, 6))
    with django_assert_max_num_queries(6):
        body = client.get(reverse("legalaid:objections") + "?open=1").content.decode()
    assert body.count("张*丰") == 12


# ---- advance aid (art. 44) -------------------------------------------------------------


def test_the_clerk_sees_the_suggestion_and_gives_advance_aid_on_the_case_page(
    client, sichuan, legal_aid, personas
):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    case = legalaid_apply(
        **application(
            sichuan["wuhou"],
            matter="labour_remuneration",
            limitation_deadline=today + dt.timedelta(days=3),
        )
    )
    client.force_login(personas["county_clerk"])
    listing = client.get(reverse("legalaid:cases")).content.decode()
    assert "建议先行援助" in listing
    page = client.get(reverse("legalaid:case", args=[case.order.number])).content.decode()
    assert 'id="advance-suggestion"' in page and "仅剩 3 日" in page
    assert "需要立即申请财产保全、证据保全或者先予执行" in page  # the grounds, from the law
    url = reverse("legalaid:action", args=[case.order.number, "advance"])
    refused = client.post(url, {"ground": "1", "materials": ""}, follow=True).content.decode()
    assert "请列明受援人需要补办的手续和补充的材料" in refused
    due = today + dt.timedelta(days=5)
    client.post(
        url,
        {
            "ground": "1",
            "limitation_deadline": f"{today + dt.timedelta(days=3):%Y-%m-%d}",
            "materials": "户口簿、收入证明",
            "materials_due": f"{due:%Y-%m-%d}",
            "practitioner": str(legal_aid["zhao"].pk),
        },
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ADVANCED and case.lawyer == legal_aid["zhao"]
    page = client.get(reverse("legalaid:case", args=[case.order.number])).content.decode()
    assert "户口簿、收入证明" in page and f"{due:%Y-%m-%d}" in page
    letter = client.get(reverse("legalaid:assignment_pdf", args=[case.order.number]))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    told = client.post("/track/", {"number": case.order.number, "phone_last4": "8000"})
    assert "决定先行为您提供法律援助" in told.content.decode()
    assert "户口簿、收入证明" in told.content.decode()


def test_an_application_form_carries_the_time_limit(client, sichuan, legal_aid):
    bad = client.post(reverse("legalaid:apply"), form(limitation_deadline="下周"))
    assert bad.status_code == 400 and "请按 年-月-日 填写日期" in bad.content.decode()
    ok = client.post(reverse("legalaid:apply"), form(limitation_deadline="2026-12-20"))
    assert ok.status_code == 302
    assert LegalAidCase.objects.get().limitation_deadline.isoformat() == "2026-12-20"
