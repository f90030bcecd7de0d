import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from fawang.accounts.models import AuditLog
from fawang.legalaid.models import CaseStatus, LegalAidCase, Objection
from fawang.legalaid.objections import objection_decide, objection_file
from fawang.legalaid.selectors import objection_is_overdue, objection_list_for_user
from fawang.legalaid.services import (
    LegalAidError,
    legalaid_accept,
    legalaid_apply,
    legalaid_decide,
    legalaid_terminate,
)
from fawang.network.models import Institution
from fawang.workorders.models import Status
from fawang.workorders.services import IntakeError
from tests.legalaid.conftest import application, assigned_case, at, denied_case

REASONS = "我家只有我一人有收入，还要赡养两位老人，实际困难，请求重新审查。"


def test_an_applicant_objects_to_a_refusal_and_the_bureau_has_five_working_days(
    sichuan, legal_aid, bureau
):
    case = denied_case(sichuan, legal_aid)
    objection = objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 6))
    assert objection.against == Objection.Against.DENIAL and objection.channel == "web"
    assert objection.decision_at == case.decided_at
    assert objection.institution == legal_aid["centre"]
    assert objection.bureau_region == sichuan["wuhou"]
    # Filed on Friday 6 Nov: five working days end on Friday 13 Nov.
    assert objection.due_at == at(2026, 11, 13, 23, 59).replace(second=59)
    case.order.refresh_from_db()
    assert case.order.status == Status.REOPENED and case.order.due_at == objection.due_at
    event = case.order.events.get(to_status=Status.REOPENED)
    assert "武侯区司法局" in event.reason and "第四十九条" in event.reason
    assert event.extra["objection"]["step"] == "filed"
    audit = AuditLog.objects.get(object_type="legalaid_objection")
    assert audit.action == "create" and audit.object_id == case.order.number
    case.refresh_from_db()
    assert case.status == CaseStatus.DENIED  # the decision stands until the bureau decides


def test_the_five_working_days_skip_the_national_day_holiday(sichuan, legal_aid, bureau):
    reviewer = legal_aid["reviewer"]
    case = legalaid_apply(
        **application(sichuan["wuhou"], monthly_income="90000"), now=at(2026, 9, 25)
    )
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 9, 25))
    legalaid_decide(case=case, actor=reviewer, grant=False, now=at(2026, 9, 28))
    # Tue 29 Sep; 1–7 Oct are holidays, Sat 10 Oct a make-up working day.
    objection = objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 9, 29))
    assert objection.due_at.date() == dt.date(2026, 10, 12)


def test_a_decision_takes_one_objection_and_never_two_at_once(sichuan, legal_aid, bureau):
    case = denied_case(sichuan, legal_aid)
    objection = objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 6))
    with pytest.raises(LegalAidError, match="正在审查"):
        objection_file(case=case, reasons="再次提出", actor=None, now=at(2026, 11, 9))
    objection_decide(
        objection=objection,
        actor=bureau["wuhou"],
        uphold=True,
        reasons="申请人家庭人均收入明显高于本地标准。",
        now=at(2026, 11, 10),
    )
    with pytest.raises(LegalAidError, match="行政复议"):
        objection_file(case=case, reasons="再次提出", actor=None, now=at(2026, 11, 11))
    assert Objection.objects.count() == 1


def test_the_database_refuses_a_second_open_objection(sichuan, legal_aid, bureau):
    case = denied_case(sichuan, legal_aid)
    first = objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 6))
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.create(
            case=case,
            against=Objection.Against.TERMINATION,
            decision_at=at(2026, 11, 5),
            bureau_region=first.bureau_region,
            bureau_region_path=first.bureau_region_path,
            reasons="x",
            channel="web",
            filed_at=at(2026, 11, 6),
            due_at=first.due_at,
        )


def test_bad_input_is_refused_in_chinese_and_nothing_is_written(
    sichuan, legal_aid, bureau, personas
):
    case = denied_case(sichuan, legal_aid)
    with pytest.raises(IntakeError) as exc:
        objection_file(case=case, reasons="   ", actor=None, now=at(2026, 11, 6))
    assert exc.value.errors == {"reasons": "请写明异议的事实和理由。"}
    with pytest.raises(IntakeError, match="2000"):
        objection_file(case=case, reasons="理" * 2001, actor=None, now=at(2026, 11, 6))
    with pytest.raises(PermissionError):
        objection_file(case=case, reasons=REASONS, actor=legal_aid["lawyer_user"])
    pending = legalaid_apply(**application(sichuan["wuhou"], opposing_party="李四"))
    with pytest.raises(LegalAidError, match="只能对不予法律援助或者终止法律援助的决定"):
        objection_file(case=pending, reasons=REASONS, actor=personas["county_clerk"])
    case.order.refresh_from_db()
    assert not Objection.objects.exists() and case.order.status == Status.REPLIED
    assert not AuditLog.objects.filter(object_type="legalaid_objection").exists()


def test_the_bureau_upholds_and_the_applicant_is_told_of_reconsideration_and_suit(
    sichuan, legal_aid, bureau
):
    case = denied_case(sichuan, legal_aid)
    objection = objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 6))
    objection_decide(
        objection=objection,
        actor=bureau["wuhou"],
        uphold=True,
        reasons="经核实，申请人家庭人均月收入 45000 元，高于本地经济困难标准",
        now=at(2026, 11, 11),
    )
    objection.refresh_from_db()
    case.refresh_from_db()
    case.order.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD
    assert objection.reviewed_by == bureau["wuhou"] and objection.reviewed_at == at(2026, 11, 11)
    assert case.status == CaseStatus.DENIED and case.decision == "deny"
    assert case.order.status == Status.REPLIED and case.order.due_at is None
    last = case.order.events.order_by("-at", "-id").first()
    assert "维持武侯区法律援助中心的不予法律援助决定" in last.reason
    assert "行政复议" in last.reason and "行政诉讼" in last.reason
    assert last.unit == "武侯区司法局"  # bureau staff belong to no service unit
    assert last.extra["objection"] == {
        "id": objection.pk,
        "against": "denial",
        "step": "upheld",
        "late": False,
    }
    assert AuditLog.objects.filter(object_type="legalaid_objection", action="update").exists()
    # The requester was asked to rate after the refusal; the upheld decision asks again not.
    from fawang.dispatch.models import OutboxMessage
    from fawang.dispatch.services import after_foreign_transition

    before = OutboxMessage.objects.count()
    after_foreign_transition(order=case.order, event=last)
    assert OutboxMessage.objects.count() == before


def test_an_order_to_correct_sends_the_refusal_back_for_a_new_decision(sichuan, legal_aid, bureau):
    case = denied_case(sichuan, legal_aid)
    objection = objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 6))
    objection_decide(
        objection=objection,
        actor=bureau["wuhou"],
        uphold=False,
        reasons="原决定未核实申请人赡养负担，认定家庭收入有误",
        now=at(2026, 11, 10),  # Tuesday
    )
    case.refresh_from_db()
    case.order.refresh_from_db()
    assert case.status == CaseStatus.REVIEWING and case.decision == "" and case.decided_at is None
    assert case.decision_due_at.date() == dt.date(2026, 11, 19)  # a fresh seven working days
    assert case.order.status == Status.ACCEPTED and case.order.due_at == case.decision_due_at
    assert "责令武侯区法律援助中心改正不予法律援助决定" in case.order.events.last().reason
    legalaid_decide(
        case=case,
        actor=legal_aid["reviewer"],
        grant=True,
        reasons="经重新审查，申请人负担两位老人赡养，家庭人均收入低于标准。",
        now=at(2026, 11, 12),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.GRANTED
    # The first objection answered its own decision; a later refusal could be objected to.
    assert Objection.objects.get().status == Objection.Status.CORRECTED


def test_a_corrected_termination_restores_the_aid_with_the_same_lawyer(
    sichuan, legal_aid, bureau, personas
):
    case = assigned_case(sichuan, legal_aid)
    legalaid_terminate(
        case=case,
        actor=legal_aid["reviewer"],
        ground=4,
        reasons="受援人已重新就业。",
        now=at(2026, 11, 20),
    )
    clerk = personas["county_clerk"]
    objection = objection_file(
        case=case, reasons="只是临时工，收入不稳定。", actor=clerk, now=at(2026, 11, 23)
    )
    assert objection.against == Objection.Against.TERMINATION
    assert objection.channel == "walk_in" and objection.filed_by == clerk
    objection_decide(
        objection=objection,
        actor=bureau["wuhou"],
        uphold=False,
        reasons="受援人为临时用工，经济状况并未发生实质变化",
        now=at(2026, 11, 25),
    )
    case.refresh_from_db()
    case.order.refresh_from_db()
    assert case.status == CaseStatus.ASSIGNED and case.lawyer == legal_aid["wang"]
    assert case.terminated_at is None and case.termination_ground is None
    assert case.order.status == Status.IN_PROGRESS


def test_only_the_bureau_that_set_up_the_centre_decides(sichuan, legal_aid, bureau):
    case = denied_case(sichuan, legal_aid)
    objection = objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 6))
    with pytest.raises(PermissionError, match="武侯区司法局"):
        objection_decide(objection=objection, actor=bureau["chengdu"], uphold=True, reasons="维持")
    with pytest.raises(PermissionError):
        objection_decide(
            objection=objection, actor=legal_aid["reviewer"], uphold=True, reasons="维持"
        )
    with pytest.raises(IntakeError) as exc:
        objection_decide(objection=objection, actor=bureau["wuhou"], uphold=True, reasons="")
    assert "reasons" in exc.value.errors
    objection.refresh_from_db()
    assert objection.is_open


def test_a_city_centre_decision_goes_to_the_city_bureau(sichuan, legal_aid, bureau):
    from fawang.accounts.models import Role, User

    centre = Institution.objects.create(
        name="成都市法律援助中心", kind=Institution.Kind.LEGAL_AID, region=sichuan["chengdu"]
    )
    city_reviewer = User.objects.create(
        username="la_chengdu", role=Role.REVIEWER, institution=centre
    )
    case = legalaid_apply(
        **application(sichuan["wuhou"], monthly_income="90000"), now=at(2026, 11, 2)
    )
    legalaid_accept(case=case, actor=city_reviewer, now=at(2026, 11, 2))
    legalaid_decide(case=case, actor=city_reviewer, grant=False, now=at(2026, 11, 3))
    objection = objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 4))
    assert objection.bureau_region == sichuan["chengdu"]
    assert list(objection_list_for_user(user=bureau["chengdu"])) == [objection]
    assert list(objection_list_for_user(user=bureau["wuhou"])) == []
    objection_decide(objection=objection, actor=bureau["chengdu"], uphold=True, reasons="维持")


def test_an_overdue_objection_is_flagged_and_its_late_decision_recorded(sichuan, legal_aid, bureau):
    case = denied_case(sichuan, legal_aid)
    objection = objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 6))
    assert not objection_is_overdue(objection, now=at(2026, 11, 13, 18))
    assert objection_is_overdue(objection, now=at(2026, 11, 16, 9))
    overdue = objection_list_for_user(user=bureau["wuhou"], overdue=True, now=at(2026, 11, 16))
    assert list(overdue) == [objection]
    objection_decide(
        objection=objection,
        actor=bureau["wuhou"],
        uphold=True,
        reasons="维持",
        now=at(2026, 11, 17),
    )
    event = case.order.events.filter(kind="transition").order_by("-at", "-id").first()
    assert event.extra["objection"]["late"] is True
    assert not objection_list_for_user(user=bureau["wuhou"], overdue=True, now=at(2026, 11, 18))


def test_a_deleted_case_takes_its_objections_with_it(sichuan, legal_aid, bureau):
    case = denied_case(sichuan, legal_aid)
    objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 6))
    LegalAidCase.objects.filter(pk=case.pk).delete()
    assert not Objection.objects.exists()


def test_an_objection_left_past_its_deadline_is_supervised_like_any_late_order(
    sichuan, legal_aid, bureau
):
    from fawang.dispatch.models import SupervisionItem
    from fawang.dispatch.services import supervision_scan

    case = denied_case(sichuan, legal_aid)
    objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 6))
    supervision_scan(now=at(2026, 11, 12))
    assert not SupervisionItem.objects.filter(order=case.order).exists()  # still in time
    supervision_scan(now=at(2026, 11, 17))
    item = SupervisionItem.objects.get(order=case.order)
    assert item.region_id == "510100"  # the level above the county: Chengdu


def test_whether_one_may_still_object_follows_the_decision_not_the_latest_objection(
    sichuan, legal_aid, bureau
):
    from fawang.legalaid.objections import may_object, objectable_decision

    case = denied_case(sichuan, legal_aid)
    assert may_object(objectable_decision(case), [])
    first = objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 6))
    case.refresh_from_db()
    assert not may_object(objectable_decision(case), [first])
    objection_decide(
        objection=first,
        actor=bureau["wuhou"],
        uphold=False,
        reasons="原决定未核实申请人赡养负担",
        now=at(2026, 11, 10),
    )
    case.refresh_from_db()
    assert objectable_decision(case) is None  # back under review: nothing to object to
    assert not may_object(objectable_decision(case), [first])
    legalaid_decide(
        case=case,
        actor=legal_aid["reviewer"],
        grant=False,
        reasons="复核后仍不符合条件。",
        now=at(2026, 11, 12),
    )
    case.refresh_from_db()
    # A new refusal: the objection to the first one does not stand in its way …
    assert may_object(objectable_decision(case), [first])
    second = objection_file(case=case, reasons=REASONS, actor=None, now=at(2026, 11, 13))
    # … and the rule reads every objection, whichever was filed last.
    assert not may_object(objectable_decision(case), [second, first])
    assert not may_object(objectable_decision(case), [first, second])
