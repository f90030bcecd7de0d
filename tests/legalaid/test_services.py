import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fawang.legalaid.models import CaseStatus, ConflictDeclaration, LegalAidCase
from fawang.legalaid.selectors import case_is_overdue
from fawang.legalaid.services import (
    LegalAidError,
    legalaid_accept,
    legalaid_add_note,
    legalaid_apply,
    legalaid_assign,
    legalaid_conclude,
    legalaid_decide,
    legalaid_evaluate,
    legalaid_materials_received,
    legalaid_request_materials,
    legalaid_settle_subsidy,
    legalaid_withdraw,
)
from fawang.legalaid.workdays import calendar_warning
from fawang.workorders.models import Channel, Service, Status
from fawang.workorders.services import IntakeError, PartyInput
from tests.legalaid.conftest import application, assigned_case, at


def pdf(name="判决书.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def test_an_application_creates_a_legal_aid_work_order(sichuan, legal_aid):
    case = legalaid_apply(
        **application(sichuan["wuhou"]), now=at(2026, 11, 2), materials=[pdf("身份证.pdf")]
    )
    order = case.order
    assert order.service == Service.LEGAL_AID and order.category == "support"
    assert order.status == Status.RECEIVED and case.status == CaseStatus.APPLIED
    assert case.documents.get().name == "身份证.pdf"
    # Wuhou's own standard (1800/head) beats Chengdu's; 2400 / 2 = 1200 passes.
    assert case.engine_outcome == "grant"
    assert case.articles == ["第三十一条第（四）项", "第三十四条", "第四十一条"]
    assert "武侯区" in "".join(case.assessment["reasons"])


def test_income_and_assets_are_encrypted_at_rest(sichuan, legal_aid):
    case = legalaid_apply(
        **application(sichuan["wuhou"], monthly_income="2468.50"), now=at(2026, 11, 2)
    )
    raw = LegalAidCase.objects.values("monthly_income_enc", "assets_enc", "assessment_enc").get(
        pk=case.pk
    )
    assert "2468" not in "".join(raw.values())
    fresh = LegalAidCase.objects.get(pk=case.pk)
    assert fresh.monthly_income == Decimal("2468.50") and fresh.assets == Decimal("5000.00")


def test_bad_input_is_refused_with_chinese_messages_and_nothing_is_written(sichuan, legal_aid):
    with pytest.raises(IntakeError) as exc:
        legalaid_apply(
            **application(
                sichuan["wuhou"],
                applicant=PartyInput(name="张三", phone="12345", id_number="110105194912310021"),
                household_size=0,
                monthly_income="很多",
                materials=[SimpleUploadedFile("a.exe", b"MZ")],
            )
        )
    assert set(exc.value.errors) == {
        "phone",
        "id_number",
        "household_size",
        "monthly_income",
        "materials",
    }
    assert "手机号" in exc.value.errors["phone"]
    assert not LegalAidCase.objects.exists()


def test_the_review_deadline_is_seven_working_days_over_the_national_day_holiday(
    sichuan, legal_aid
):
    # Tue 29 Sep 2026; 1–7 Oct are holidays and Sat 10 Oct is a make-up working day.
    case = legalaid_apply(**application(sichuan["wuhou"]), now=at(2026, 9, 29))
    assert case.decision_due_at == at(2026, 10, 14, 23, 59).replace(second=59)
    legalaid_accept(case=case, actor=legal_aid["reviewer"], now=at(2026, 9, 29, 15))
    case.order.refresh_from_db()
    assert case.order.status == Status.ACCEPTED and case.order.due_at == case.decision_due_at
    assert not case_is_overdue(case, now=at(2026, 10, 14, 18))
    assert case_is_overdue(case, now=at(2026, 10, 15, 9))


def test_a_request_for_materials_stops_the_clock_and_resumes_with_the_days_left(sichuan, legal_aid):
    reviewer = legal_aid["reviewer"]
    case = legalaid_apply(**application(sichuan["wuhou"]), now=at(2026, 11, 2))  # Mon
    assert case.decision_due_at.date() == dt.date(2026, 11, 11)
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, 2, 11))
    legalaid_request_materials(
        case=case, actor=reviewer, materials="收入证明、户口簿", now=at(2026, 11, 4)
    )
    case.order.refresh_from_db()
    assert case.order.status == Status.SUSPENDED and case.remaining_working_days == 5
    assert not case_is_overdue(case, now=at(2026, 11, 19))  # the clock is stopped
    with pytest.raises(LegalAidError):
        legalaid_decide(case=case, actor=reviewer, grant=True, now=at(2026, 11, 19))
    legalaid_materials_received(
        case=case, actor=reviewer, files=[pdf("收入证明.pdf")], now=at(2026, 11, 20)
    )
    case.refresh_from_db()
    case.order.refresh_from_db()
    assert case.decision_due_at.date() == dt.date(2026, 11, 27)  # Fri 20 + 5 working days
    assert case.order.status == Status.ACCEPTED and case.order.due_at == case.decision_due_at
    assert case.documents.filter(kind="supplement").count() == 1


def test_materials_not_supplied_count_as_a_withdrawal(sichuan, legal_aid):
    reviewer = legal_aid["reviewer"]
    case = legalaid_apply(**application(sichuan["wuhou"]), now=at(2026, 11, 2))
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, 2))
    legalaid_request_materials(case=case, actor=reviewer, materials="户口簿", now=at(2026, 11, 3))
    legalaid_withdraw(case=case, actor=reviewer, now=at(2026, 12, 3))
    case.order.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN and case.order.status == Status.REPLIED


def test_the_full_workflow_drives_the_work_order(sichuan, legal_aid, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    reviewer, lawyer_user = legal_aid["reviewer"], legal_aid["lawyer_user"]
    case = legalaid_apply(
        **application(sichuan["wuhou"], matter="labour_remuneration"), now=at(2026, 11, 2)
    )
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, 2, 11))
    legalaid_decide(case=case, actor=reviewer, grant=True, now=at(2026, 11, 5))
    case.order.refresh_from_db()
    assert case.order.status == Status.IN_PROGRESS
    assert case.assignment_due_at.date() == dt.date(2026, 11, 10)  # art. 43: three working days
    lawyer = legalaid_assign(case=case, actor=reviewer, now=at(2026, 11, 6))
    assert lawyer == legal_aid["wang"]  # expert in labour disputes, in the same city
    case.order.refresh_from_db()
    assert (
        case.order.assigned_person == lawyer
        and case.order.assigned_institution == legal_aid["firm_a"]
    )
    legalaid_add_note(
        case=case, actor=lawyer_user, text="已会见受援人，准备仲裁申请书。", now=at(2026, 11, 9)
    )
    with pytest.raises(IntakeError):
        legalaid_conclude(
            case=case, actor=lawyer_user, outcome="won", summary="", now=at(2027, 1, 5)
        )
    # Ending legal aid is the art. 48 decision, with its letter and the right to object.
    with pytest.raises(IntakeError, match="第四十八条"):
        legalaid_conclude(
            case=case,
            actor=lawyer_user,
            outcome="terminated",
            summary="受援人不再需要援助。",
            documents=[pdf("情况说明.pdf")],
            now=at(2027, 1, 5),
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSIGNED
    legalaid_conclude(
        case=case,
        actor=lawyer_user,
        outcome="won",
        summary="仲裁裁决支持全部工资请求。",
        documents=[pdf("仲裁裁决书.pdf")],
        now=at(2027, 1, 5),
    )
    legalaid_evaluate(
        case=case,
        actor=reviewer,
        score=92,
        methods=["file_check", "client_visit"],
        now=at(2027, 1, 8),
    )
    amount = legalaid_settle_subsidy(case=case, actor=reviewer, now=at(2027, 1, 9))
    assert amount == Decimal(2400)  # Chengdu's labour rate beats the province default
    case.refresh_from_db()
    case.order.refresh_from_db()
    assert case.status == CaseStatus.SETTLED and case.quality_grade == "excellent"
    assert "成都市" in case.subsidy_basis and case.order.status == Status.CLOSED
    assert list(
        case.order.events.filter(kind="transition").values_list("to_status", flat=True)
    ) == [
        "received",
        "accepted",
        "in_progress",
        "replied",
        "closed",
    ]
    assert case.notes.count() == 1 and case.order.events.filter(kind="note").count() == 1


def test_a_denial_replies_to_the_applicant_with_the_reasons(sichuan, legal_aid):
    reviewer = legal_aid["reviewer"]
    case = legalaid_apply(
        **application(sichuan["wuhou"], monthly_income="90000"), now=at(2026, 11, 2)
    )
    assert case.engine_outcome == "deny"
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, 2))
    legalaid_decide(case=case, actor=reviewer, grant=False, now=at(2026, 11, 3))
    case.order.refresh_from_db()
    assert case.order.status == Status.REPLIED and "高于经济困难标准" in case.decision_reasons


def test_overriding_the_engine_needs_reasons(sichuan, legal_aid):
    reviewer = legal_aid["reviewer"]
    case = legalaid_apply(
        **application(sichuan["wuhou"], monthly_income="90000"), now=at(2026, 11, 2)
    )
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, 2))
    with pytest.raises(LegalAidError):
        legalaid_decide(case=case, actor=reviewer, grant=True, now=at(2026, 11, 3))
    legalaid_decide(
        case=case,
        actor=reviewer,
        grant=True,
        reasons="申请人突发重病，家庭实际困难。",
        now=at(2026, 11, 3),
    )
    assert case.decision == "grant"


def test_only_a_reviewer_decides(sichuan, personas, legal_aid):
    case = legalaid_apply(**application(sichuan["wuhou"]), now=at(2026, 11, 2))
    legalaid_accept(case=case, actor=personas["county_clerk"], now=at(2026, 11, 2))
    with pytest.raises(PermissionError):
        legalaid_decide(case=case, actor=personas["county_clerk"], grant=True, now=at(2026, 11, 3))


def test_the_wage_claim_green_channel_is_accepted_the_same_day_without_economic_review(
    sichuan, legal_aid
):
    case = legalaid_apply(
        **application(
            sichuan["wuhou"],
            channel=Channel.HOTLINE,
            matter="labour_remuneration",
            circumstances=["migrant_worker"],
            monthly_income="99999",
            opposing_party="某建筑劳务公司",
        ),
        now=at(2026, 11, 7, 20),  # a Saturday evening
    )
    case.order.refresh_from_db()
    assert case.is_wage_claim and case.priority
    assert case.status == CaseStatus.REVIEWING and case.accepted_at == at(2026, 11, 7, 20)
    assert case.order.status == Status.ACCEPTED
    assert case.engine_means_test == "waived" and "第四十二条第（三）项" in case.articles
    assert case.order.events.filter(kind="legal_aid", reason__contains="绿色通道").exists()


def test_the_conflict_check_keeps_a_lawyer_off_a_case_against_their_client(sichuan, legal_aid):
    reviewer = legal_aid["reviewer"]
    ConflictDeclaration.objects.create(
        institution=legal_aid["firm_a"], client_name="某建筑劳务公司", note="常年法律顾问"
    )
    case = legalaid_apply(
        **application(
            sichuan["wuhou"], matter="labour_remuneration", opposing_party="某建筑劳务公司 "
        ),
        now=at(2026, 11, 2),
    )
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, 2))
    legalaid_decide(case=case, actor=reviewer, grant=True, now=at(2026, 11, 3))
    with pytest.raises(LegalAidError, match="委托人"):
        legalaid_assign(
            case=case, actor=reviewer, practitioner=legal_aid["wang"], now=at(2026, 11, 4)
        )
    chosen = legalaid_assign(case=case, actor=reviewer, now=at(2026, 11, 4))
    assert chosen == legal_aid["zhao"]  # the other labour expert, in another firm
    assert case.assignment_basis["chosen"]["expert"] is True


def test_a_firm_that_acted_for_the_opposing_party_is_in_conflict(sichuan, legal_aid):
    reviewer = legal_aid["reviewer"]
    earlier = legalaid_apply(
        **application(sichuan["wuhou"], applicant=PartyInput(name="张小明", phone="13900139000")),
        now=at(2026, 10, 12),
    )
    legalaid_accept(case=earlier, actor=reviewer, now=at(2026, 10, 12))
    legalaid_decide(case=earlier, actor=reviewer, grant=True, now=at(2026, 10, 13))
    legalaid_assign(
        case=earlier, actor=reviewer, practitioner=legal_aid["li"], now=at(2026, 10, 13)
    )
    case = legalaid_apply(
        **application(sichuan["wuhou"], opposing_party="张小明"), now=at(2026, 11, 2)
    )
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, 2))
    legalaid_decide(case=case, actor=reviewer, grant=True, now=at(2026, 11, 3))
    from fawang.legalaid.assignment import assignment_candidates

    by_name = {
        c.practitioner.name: c for c in assignment_candidates(case, as_of=dt.date(2026, 11, 4))
    }
    assert earlier.order.number in by_name["李律师"].conflict
    assert earlier.order.number in by_name["赵律师"].conflict  # same firm
    assert not by_name["王律师"].conflict and "西昌律师" not in by_name  # other city
    assert legalaid_assign(case=case, actor=reviewer, now=at(2026, 11, 4)) == legal_aid["wang"]


def test_rotation_gives_the_next_case_to_the_lawyer_who_waited_longest(sichuan, legal_aid):
    reviewer = legal_aid["reviewer"]
    chosen = []
    for day in (2, 3):
        case = legalaid_apply(
            **application(
                sichuan["wuhou"], matter="labour_remuneration", opposing_party=f"公司{day}"
            ),
            now=at(2026, 11, day),
        )
        legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, day))
        legalaid_decide(case=case, actor=reviewer, grant=True, now=at(2026, 11, day, 11))
        chosen.append(legalaid_assign(case=case, actor=reviewer, now=at(2026, 11, day, 12)))
    # Both experts start empty: Wang (lower id) first, then Zhao, who has less load.
    assert [p.name for p in chosen] == ["王律师", "赵律师"]


def test_a_year_without_the_official_holiday_table_counts_weekends_and_warns(db):
    assert calendar_warning(dt.date(2026, 5, 1)) == ""
    assert "2099" in calendar_warning(dt.date(2099, 1, 5))


def test_dispatch_routes_a_web_application_to_the_legal_aid_centre_and_review_follows(
    sichuan, legal_aid, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = legalaid_apply(**application(sichuan["wuhou"]), now=at(2026, 11, 2))
    case.order.refresh_from_db()
    assert case.order.status == Status.DISPATCHED
    assert case.order.assigned_institution == legal_aid["centre"]
    legalaid_accept(case=case, actor=legal_aid["reviewer"], now=at(2026, 11, 2, 15))
    case.order.refresh_from_db()
    assert case.order.status == Status.ACCEPTED and case.order.due_at == case.decision_due_at


def test_the_green_channel_is_not_rerouted_once_accepted(
    sichuan, legal_aid, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = legalaid_apply(
            **application(
                sichuan["wuhou"], matter="labour_remuneration", circumstances=["migrant_worker"]
            ),
            now=at(2026, 11, 2),
        )
    case.order.refresh_from_db()
    assert case.order.status == Status.ACCEPTED


def test_the_centre_terminates_aid_on_a_ground_of_article_48(sichuan, legal_aid):
    from fawang.legalaid.services import legalaid_terminate

    case = assigned_case(sichuan, legal_aid)
    legalaid_terminate(
        case=case,
        actor=legal_aid["reviewer"],
        ground="6",
        reasons="受援人已自行委托律师代理仲裁。",
        now=at(2026, 11, 20),
    )
    case.refresh_from_db()
    case.order.refresh_from_db()
    assert case.status == CaseStatus.TERMINATED and case.termination_ground == 6
    assert case.termination_label == "第四十八条第（六）项"
    assert case.order.status == Status.REPLIED and case.order.due_at is None
    event = case.order.events.get(to_status=Status.REPLIED)
    assert "第四十八条第（六）项" in event.reason and "自行委托律师或者其他代理人" in event.reason
    assert event.extra["legal_aid"] == {"from": "assigned", "to": "terminated"}


def test_a_termination_without_a_ground_or_reasons_is_refused_and_nothing_changes(
    sichuan, legal_aid
):
    from fawang.legalaid.services import legalaid_terminate

    case = assigned_case(sichuan, legal_aid)
    with pytest.raises(IntakeError) as exc:
        legalaid_terminate(case=case, actor=legal_aid["reviewer"], ground="9", reasons=" ")
    assert set(exc.value.errors) == {"ground", "reasons"}
    assert "第四十八条" in exc.value.errors["ground"]
    with pytest.raises(PermissionError):
        legalaid_terminate(
            case=case, actor=legal_aid["lawyer_user"], ground=6, reasons="自行委托律师"
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSIGNED and case.terminated_at is None


# ---- advance aid (art. 44) -------------------------------------------------------------


def advance(case, actor, **overrides):  # type: ignore[no-untyped-def]
    from fawang.legalaid.services import legalaid_advance

    data = dict(
        case=case,
        actor=actor,
        ground=1,
        materials="户口簿复印件、家庭经济状况说明",
        materials_due=dt.date(2026, 11, 9),
        now=at(2026, 11, 2, 11),
    )
    data.update(overrides)
    return legalaid_advance(**data)


def test_a_time_limit_under_seven_days_away_suggests_advance_aid(sichuan, legal_aid):
    from fawang.legalaid.selectors import advance_suggested

    urgent = legalaid_apply(
        **application(sichuan["wuhou"], limitation_deadline=dt.date(2026, 11, 6)),
        now=at(2026, 11, 2),
    )
    assert urgent.priority and advance_suggested(urgent, today=dt.date(2026, 11, 2)) == 4
    assert advance_suggested(urgent, today=dt.date(2026, 11, 7)) is None  # already passed
    assert urgent.order.events.filter(reason__contains="第四十四条第（一）项").exists()
    later = legalaid_apply(
        **application(
            sichuan["wuhou"], opposing_party="别人", limitation_deadline=dt.date(2026, 11, 12)
        ),
        now=at(2026, 11, 2),
    )
    assert not later.priority and advance_suggested(later, today=dt.date(2026, 11, 2)) is None
    assert advance_suggested(later, today=dt.date(2026, 11, 6)) == 6


def test_a_clerk_gives_advance_aid_and_a_lawyer_acts_before_the_decision(
    sichuan, legal_aid, personas
):
    from fawang.legalaid.assignment import assignment_candidates

    case = legalaid_apply(
        **application(
            sichuan["wuhou"],
            matter="labour_remuneration",
            limitation_deadline=dt.date(2026, 11, 6),
        ),
        now=at(2026, 11, 2),
    )
    lawyer = advance(case, personas["county_clerk"])
    case.refresh_from_db()
    case.order.refresh_from_db()
    assert lawyer == legal_aid["wang"] and case.lawyer == lawyer
    assert case.status == CaseStatus.ADVANCED and case.advance_ground == 1
    assert case.advance_label == "第四十四条第（一）项" and case.accepted_at is not None
    assert case.advance_materials_due == dt.date(2026, 11, 9)
    assert case.order.status == Status.IN_PROGRESS and case.order.assigned_person == lawyer
    assert case.order.due_at == case.decision_due_at  # the review goes on
    assert case_is_overdue(case, now=at(2026, 11, 12)) is True
    event = case.order.events.get(to_status=Status.IN_PROGRESS)
    assert "距法定时效或者期限届满不足七日" in event.reason and "2026-11-09" in event.reason
    load = {
        c.practitioner.pk: c.load for c in assignment_candidates(case, as_of=dt.date(2026, 11, 3))
    }
    assert load[lawyer.pk] == 1


def test_advance_aid_refuses_bad_input_and_writes_nothing(sichuan, legal_aid, personas):
    case = legalaid_apply(
        **application(sichuan["wuhou"], limitation_deadline=dt.date(2026, 11, 20)),
        now=at(2026, 11, 2),
    )
    clerk = personas["county_clerk"]
    with pytest.raises(IntakeError) as exc:
        advance(case, clerk, ground=1, materials=" ", materials_due=dt.date(2026, 10, 1))
    assert set(exc.value.errors) == {"limitation_deadline", "materials", "materials_due"}
    assert "不是不足七日" in exc.value.errors["limitation_deadline"]
    with pytest.raises(IntakeError) as exc:
        advance(case, clerk, ground=3, reasons="")
    assert set(exc.value.errors) == {"reasons"}
    with pytest.raises(IntakeError, match="第四十四条"):
        advance(case, clerk, ground=7)
    with pytest.raises(PermissionError):
        advance(case, legal_aid["lawyer_user"], ground=2)
    case.refresh_from_db()
    case.order.refresh_from_db()
    assert case.status == CaseStatus.APPLIED and case.lawyer_id is None
    assert case.order.status == Status.RECEIVED and case.advance_at is None


def test_advance_aid_is_not_for_a_case_already_decided(sichuan, legal_aid):
    case = assigned_case(sichuan, legal_aid)
    with pytest.raises(LegalAidError, match="不能办理"):
        advance(case, legal_aid["reviewer"], ground=2, now=at(2026, 11, 5))


def test_materials_then_a_grant_keep_the_advance_lawyer(sichuan, legal_aid, personas):
    from fawang.legalaid.selectors import advance_materials_overdue
    from fawang.legalaid.services import legalaid_advance_materials_received

    case = legalaid_apply(
        **application(sichuan["wuhou"], matter="labour_remuneration"), now=at(2026, 11, 2)
    )
    advance(case, personas["county_clerk"], ground=2, reasons="需立即申请财产保全")
    assert advance_materials_overdue(case, today=dt.date(2026, 11, 10))
    legalaid_advance_materials_received(
        case=case, actor=personas["county_clerk"], files=[pdf("户口簿.pdf")], now=at(2026, 11, 5)
    )
    case.refresh_from_db()
    assert case.advance_materials_received_at == at(2026, 11, 5)
    assert not advance_materials_overdue(case, today=dt.date(2026, 11, 10))
    with pytest.raises(LegalAidError):
        legalaid_advance_materials_received(case=case, actor=personas["county_clerk"])
    legalaid_decide(case=case, actor=legal_aid["reviewer"], grant=True, now=at(2026, 11, 6))
    case.refresh_from_db()
    case.order.refresh_from_db()
    assert case.status == CaseStatus.ASSIGNED and case.lawyer == legal_aid["wang"]
    assert case.decision == "grant" and case.order.status == Status.IN_PROGRESS
    assert case.order.due_at is None
    assert "继续承办" in case.order.events.order_by("-at", "-id").first().reason


def test_a_refusal_ends_the_advance_aid(sichuan, legal_aid, personas):
    from fawang.legalaid.assignment import assignment_candidates
    from fawang.legalaid.documents import decision_letter_pdf
    from tests.legalaid.test_documents import text_of

    case = legalaid_apply(
        **application(sichuan["wuhou"], matter="labour_remuneration", monthly_income="90000"),
        now=at(2026, 11, 2),
    )
    advance(case, personas["county_clerk"], ground=2, reasons="需立即申请证据保全")
    legalaid_decide(case=case, actor=legal_aid["reviewer"], grant=False, now=at(2026, 11, 9))
    case.refresh_from_db()
    case.order.refresh_from_db()
    assert case.status == CaseStatus.DENIED and case.advance_ended_at == at(2026, 11, 9)
    assert case.order.status == Status.REPLIED and case.order.due_at is None
    assert "先行提供的法律援助自即日起终止" in case.order.events.get(to_status="replied").reason
    load = {
        c.practitioner.pk: c.load for c in assignment_candidates(case, as_of=dt.date(2026, 11, 10))
    }
    assert load[legal_aid["wang"].pk] == 0  # the lawyer is free again
    text = text_of(decision_letter_pdf(case))
    assert "不予法律援助决定书" in text and "第四十四条第（二）项" in text
    assert "先行提供的法律援助自2026年11月9日起终止" in text and "王律师" in text
