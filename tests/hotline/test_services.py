import datetime as dt

import pytest

from fawang.hotline.models import Call, CallEvent, HotlineSettings
from fawang.hotline.services import (
    CtiError,
    cdr_import,
    cti_event_record,
    hotline_call_log_order,
    hotline_callback_for_call,
    hotline_callbacks_create,
)
from fawang.lib import crypto
from fawang.workorders.models import Channel, Party, WorkOrder
from tests.hotline.conftest import at, make_call

HEADER = "call_id,direction,caller,seat_group,language,offered_at,answered_at,ended_at,agent\n"


def test_a_cdr_file_imports_answered_and_abandoned_calls(groups):
    data = (
        HEADER
        + "A1,in,13800138000,migrant,zh,2026-03-02 09:30:05,2026-03-02 09:30:41,2026-03-02 09:36:02,\n"  # noqa: E501
        + "A2,呼入,+86 139-0013-9000,综合坐席,,2026-03-02 09:31:10,,2026-03-02 09:32:02,\n"
    )
    result = cdr_import(data=data.encode(), make_callbacks=False)
    assert (result.created, result.skipped, result.errors) == (2, 0, [])
    a1 = Call.objects.get(call_id="A1")
    assert a1.outcome == "answered" and a1.queue_wait_s == 36 and a1.talk_s == 321
    assert a1.seat_group.code == "migrant" and (a1.day, a1.slot) == (dt.date(2026, 3, 2), 19)
    assert a1.caller_masked == "138****8000"
    assert "13800138000" not in a1.caller_enc and a1.reveal_caller() == "13800138000"
    a2 = Call.objects.get(call_id="A2")
    assert a2.outcome == "abandoned" and a2.queue_wait_s == 52 and a2.seat_group.code == "general"
    assert a2.caller_index == crypto.blind_index("13900139000", purpose="phone")


def test_reimporting_the_same_file_adds_nothing(groups):
    data = (
        HEADER
        + "B1,in,13800138000,general,zh,2026-03-02 09:30:05,2026-03-02 09:30:41,2026-03-02 09:36:02,\n"  # noqa: E501
    )
    assert cdr_import(data=data, make_callbacks=False).created == 1
    again = cdr_import(data=data + data.splitlines()[1] + "\n", make_callbacks=False)
    assert (again.created, again.skipped) == (0, 2)
    assert Call.objects.count() == 1


def test_bad_lines_are_reported_in_chinese_with_line_numbers_and_good_lines_kept(groups):
    data = (
        HEADER
        + "C1,in,13800138000,general,zh,2026-03-02 09:30:05,2026-03-02 09:30:41,2026-03-02 09:36:02,\n"  # noqa: E501
        + "C2,in,13800138000,nosuch,zh,2026-03-02 09:30:05,,2026-03-02 09:31:00,\n"
        + "C3,in,13800138000,general,zh,2026-13-02 09:30,,2026-03-02 09:31:00,\n"
        + "C4,in,13800138000,general,zh,2026-03-02 09:30:05,,,\n"
        + "C5,in,abc,general,zh,2026-03-02 09:30:05,,2026-03-02 09:31:00,\n"
        + "C6,in,13800138000,general,zh,2026-03-02 09:30:05,2026-03-02 09:29:00,,\n"
        + ",in,13800138000,general,zh,2026-03-02 09:30:05,,2026-03-02 09:31:00,\n"
        + "C7,in,13800138000,general,zh,2026-03-02 09:30:05,2026-03-02 09:30:10,,9999\n"
    )
    result = cdr_import(data=data, make_callbacks=False)
    assert result.created == 2
    assert result.errors == [
        "第 3 行：坐席组“nosuch”不存在。",
        "第 4 行：呼入时间“2026-13-02 09:30”格式不正确，应为 YYYY-MM-DD HH:MM:SS。",
        "第 5 行：未接通的来电须填写结束时间（ended_at）。",
        "第 6 行：主叫号码格式不正确（应为5到20位数字）。",
        "第 7 行：接通时间早于呼入时间。",
        "第 8 行：缺少呼叫编号（call_id）。",
    ]
    assert result.warnings == ["第 9 行：工号“9999”不存在，已导入但未关联坐席员。"]


def test_a_file_without_the_required_columns_is_refused_whole(groups):
    result = cdr_import(data="id,when\n1,2026-03-02\n")
    assert result.created == 0
    assert result.errors[0].startswith(
        "第 1 行（表头）：缺少必需的列 call_id、seat_group、offered_at"
    )


def test_gb18030_files_from_excel_are_read(groups):
    data = HEADER + "D1,呼入,13800138000,农民工专席,zh,2026-03-02 09:30:05,,2026-03-02 09:31:00,\n"
    result = cdr_import(data=data.encode("gb18030"), make_callbacks=False)
    assert result.created == 1 and Call.objects.get().seat_group.code == "migrant"


def test_repeated_cti_events_give_one_call(groups):
    t0 = at("2026-03-02", "09:00")
    for _ in range(3):
        cti_event_record(call_id="X1", kind="offered", at=t0, caller="13800138000", seat_group="yi")
    call, applied = cti_event_record(
        call_id="X1", kind="answered", at=t0 + dt.timedelta(seconds=12)
    )
    assert applied
    _, applied_again = cti_event_record(
        call_id="X1", kind="answered", at=t0 + dt.timedelta(seconds=99)
    )
    assert not applied_again
    cti_event_record(call_id="X1", kind="ended", at=t0 + dt.timedelta(seconds=312))
    cti_event_record(call_id="X1", kind="ended", at=t0 + dt.timedelta(seconds=400))
    assert Call.objects.count() == 1
    assert CallEvent.objects.count() == 3
    call = Call.objects.get()
    assert (call.outcome, call.queue_wait_s, call.talk_s) == ("answered", 12, 300)
    assert call.seat_group.code == "yi" and call.language == "ii"


def test_cti_events_may_arrive_out_of_order(groups):
    t0 = at("2026-03-02", "09:00")
    cti_event_record(call_id="X2", kind="ended", at=t0 + dt.timedelta(seconds=200))
    cti_event_record(call_id="X2", kind="answered", at=t0 + dt.timedelta(seconds=20))
    cti_event_record(
        call_id="X2", kind="offered", at=t0, seat_group="english", caller="13800138000"
    )
    call = Call.objects.get()
    assert (call.offered_at, call.queue_wait_s, call.talk_s) == (t0, 20, 180)
    assert call.outcome == "answered" and call.seat_group.code == "english"


def test_cti_rejects_unknown_events_and_groups(groups):
    with pytest.raises(CtiError):
        cti_event_record(call_id="X3", kind="ringing", at=at("2026-03-02"))
    with pytest.raises(CtiError):
        cti_event_record(call_id="X3", kind="offered", at=at("2026-03-02"), seat_group="french")
    assert not Call.objects.exists()


def test_a_missed_call_yields_a_call_back_order_due_in_24_hours(sichuan, groups):
    t0 = at("2026-03-02", "21:00")
    cti_event_record(
        call_id="M1", kind="offered", at=t0, caller="13800138000", seat_group="migrant"
    )
    call, _ = cti_event_record(call_id="M1", kind="abandoned", at=t0 + dt.timedelta(seconds=40))
    order = WorkOrder.objects.get()
    assert call.callback_order == order
    assert order.channel == Channel.HOTLINE
    assert order.due_at == t0 + dt.timedelta(seconds=40) + dt.timedelta(hours=24)
    assert order.first_response_due_at == order.due_at
    assert order.created_at == t0 + dt.timedelta(seconds=40)
    assert order.county_id == HotlineSettings.current().callback_county_code
    assert order.party.reveal_phone() == "13800138000"
    assert order.party.phone_index == call.caller_index
    assert order.events.filter(kind="deadline").count() == 1
    # Running the periodic job afterwards changes nothing.
    assert hotline_callbacks_create(now=t0 + dt.timedelta(hours=1)) == 0
    assert WorkOrder.objects.count() == 1


def test_a_short_abandon_is_a_misdial_not_a_missed_call(sichuan, groups):
    call = make_call(groups["general"], at("2026-03-02", "09:00"), abandoned_after=4)
    assert hotline_callback_for_call(call=call) is None
    assert not WorkOrder.objects.exists()


def test_repeated_missed_calls_from_one_caller_make_one_order(sichuan, groups):
    first = make_call(groups["general"], at("2026-03-02", "20:00"), abandoned_after=30)
    second = make_call(groups["general"], at("2026-03-02", "20:10"), abandoned_after=60)
    assert hotline_callbacks_create(now=at("2026-03-02", "20:20")) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.callback_order == second.callback_order
    assert WorkOrder.objects.count() == 1
    assert first.callback_order.events.filter(kind="note").count() == 1


def test_no_call_back_when_the_caller_got_through_later(sichuan, groups):
    make_call(groups["general"], at("2026-03-02", "20:00"), abandoned_after=30)
    make_call(groups["general"], at("2026-03-02", "20:05"), answered_after=10)
    assert hotline_callbacks_create(now=at("2026-03-02", "20:30")) == 0
    assert not WorkOrder.objects.exists()


def test_the_call_back_order_goes_to_the_county_of_the_callers_last_order(sichuan, groups):
    from tests.workorders.test_services import make_order

    make_order(sichuan["xichang"])  # the caller 13800138000 once asked from Xichang
    call = make_call(groups["yi"], at("2026-03-02", "20:00"), abandoned_after=30)
    order = hotline_callback_for_call(call=call)
    assert order.county_id == "513401"


def test_an_agent_logs_the_call_as_an_order_once(personas, sichuan, groups):
    call = make_call(groups["general"], at("2026-03-02", "09:00"), answered_after=5)
    agent = personas["county_clerk"]
    kwargs = dict(
        user=agent,
        call=call,
        phone="",
        name="李四",
        service="consultation",
        category="labour_wage",
        region=sichuan["wuhou"],
        description="咨询欠薪",
    )
    order, created = hotline_call_log_order(**kwargs)
    again, created_again = hotline_call_log_order(**kwargs)
    assert created and not created_again and again == order
    call.refresh_from_db()
    assert call.work_order == order
    assert order.channel == Channel.HOTLINE
    assert Party.objects.get().reveal_phone() == "13800138000"


def test_a_call_back_order_stays_with_the_hotline_centre_and_keeps_its_24_hours(
    sichuan, groups, django_capture_on_commit_callbacks
):
    from fawang.network.models import ServicePoint

    centre = ServicePoint.objects.create(
        name="四川省12348公共法律服务热线中心",
        kind=ServicePoint.Kind.HOTLINE,
        level=1,
        region=sichuan["province"],
    )
    t0 = at("2026-03-02", "21:00")
    with django_capture_on_commit_callbacks(execute=True):
        cti_event_record(call_id="H1", kind="offered", at=t0, caller="13800138000")
        cti_event_record(call_id="H1", kind="abandoned", at=t0 + dt.timedelta(seconds=30))
    order = WorkOrder.objects.get()
    assert order.status == "dispatched" and order.assigned_point == centre
    assert order.due_at == t0 + dt.timedelta(seconds=30, hours=24)
    event = order.events.get(to_status="dispatched")
    assert "未接来电回拨时限" in event.reason and event.extra["call_id"] == "H1"


def test_without_a_hotline_centre_routing_keeps_the_call_back_deadline(
    sichuan, groups, django_capture_on_commit_callbacks
):
    call = make_call(groups["general"], at("2026-03-02", "21:00"), abandoned_after=30)
    with django_capture_on_commit_callbacks(execute=True):
        order = hotline_callback_for_call(call=call)
    order.refresh_from_db()
    assert order.due_at == at("2026-03-02", "21:00") + dt.timedelta(seconds=30, hours=24)
