import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fawang.accounts.models import AuditLog, Role, User
from fawang.hotline.models import Agent, Call
from fawang.hotline.services import agent_ensure
from fawang.workorders.models import WorkOrder
from tests.hotline.conftest import make_call
from tests.workorders.test_services import make_order

PASSWORD = "correct-horse-battery"


@pytest.fixture
def agent_user(personas, groups):  # type: ignore[no-untyped-def]
    point = personas["province_supervisor"].service_point
    user = User(username="agent_a", role=Role.AGENT, service_point=point, display_name="坐席甲")
    user.set_password(PASSWORD)
    user.save()
    agent_ensure(user=user, employee_no="2001", groups=[groups["general"]])
    return user


@pytest.fixture
def analyst(personas):  # type: ignore[no-untyped-def]
    user = personas["city_supervisor"]
    return user


def test_pages_refuse_citizens_and_send_strangers_to_login(client, personas, groups):
    for name in ("overview", "staffing", "import", "console"):
        url = reverse(f"hotline:{name}")
        assert client.get(url).status_code == 302
    client.force_login(personas["citizen"])
    for name in ("overview", "staffing", "import", "console"):
        assert client.get(reverse(f"hotline:{name}")).status_code == 403
    client.force_login(personas["county_clerk"])
    assert client.get(reverse("hotline:overview")).status_code == 403


def test_the_overview_shows_the_rate_and_its_definition_in_constant_queries(
    client, analyst, groups
):
    today = timezone.localdate()
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    make_call(groups["general"], noon, answered_after=10)
    make_call(groups["general"], noon, abandoned_after=60)
    client.force_login(analyst)
    client.get(reverse("hotline:overview"))  # warm the settings row and session
    with CaptureQueriesContext(connection) as small:
        r = client.get(reverse("hotline:overview"))
    assert r.status_code == 200
    text = r.content.decode()
    assert "50.0%" in text and "排队 5 秒内即挂断" in text
    for i in range(20):
        make_call(groups["yi"], noon - dt.timedelta(days=i * 20), answered_after=3)
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("hotline:overview"))
    assert len(big) == len(small) <= 10


def test_the_staffing_page_and_its_exports(client, analyst, groups):
    make_call(groups["general"], timezone.now() - dt.timedelta(days=1), answered_after=10)
    client.force_login(analyst)
    r = client.get(reverse("hotline:staffing"), {"rate": "85"})
    assert r.status_code == 200
    assert "85.0" in r.content.decode()
    r = client.get(reverse("hotline:staffing_export", args=["csv"]))
    body = r.content.decode("utf-8-sig")
    assert r["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("日期,坐席组,时段")
    assert len(body.splitlines()) == 1 + 480
    r = client.get(reverse("hotline:staffing_export", args=["xlsx"]))
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.max_row == 481 and ws["B2"].value == "综合坐席"
    assert client.get(reverse("hotline:staffing_export", args=["pdf"])).status_code == 404
    assert AuditLog.objects.filter(action="export", object_type="hotline_staffing").count() == 2


def test_a_dispatcher_uploads_a_cdr_file_and_sees_line_errors(client, personas, groups):
    client.force_login(personas["county_dispatcher"])
    data = (
        b"call_id,seat_group,offered_at,answered_at,ended_at,caller\n"
        b"U1,general,2026-03-02 09:00:00,2026-03-02 09:00:20,2026-03-02 09:03:00,13800138000\n"
        b"U2,general,2026-03-02 09:00:00,,,13800138000\n"
    )
    upload = io.BytesIO(data)
    upload.name = "cdr.csv"
    r = client.post(reverse("hotline:import"), {"file": upload})
    text = r.content.decode()
    assert r.status_code == 200
    assert "新增 1 条" in text and "第 3 行：未接通的来电须填写结束时间" in text
    assert Call.objects.filter(call_id="U1").exists()
    bad = io.BytesIO(b"x")
    bad.name = "cdr.xls"
    r = client.post(reverse("hotline:import"), {"file": bad})
    assert "请上传 .csv 格式" in r.content.decode()


def test_the_console_shows_the_callers_past_orders_and_logs_the_call(
    client, agent_user, sichuan, groups
):
    past, _ = make_order(sichuan["wuhou"])  # phone 13800138000
    call = make_call(groups["general"], timezone.now() - dt.timedelta(minutes=2), answered_after=5)
    Call.objects.filter(pk=call.pk).update(ended_at=None, agent=agent_user.hotline_agent)
    client.force_login(agent_user)
    r = client.get(reverse("hotline:console"))
    text = r.content.decode()
    assert past.number in text and "138****8000" in text
    assert "consult-widget" in text  # the statute search of the consult app
    assert "13800138000" not in text
    r = client.post(
        reverse("hotline:console"),
        {
            "name": "张三丰",
            "service": "consultation",
            "category": "labour_wage",
            "county": "510107",
            "description": "再次来电询问欠薪进展",
        },
    )
    assert r.status_code == 302
    call.refresh_from_db()
    assert call.work_order is not None and call.work_order.channel == "hotline"
    assert WorkOrder.objects.count() == 2
    client.post(reverse("hotline:end_call"))
    call.refresh_from_db()
    assert call.ended_at is not None
    assert Agent.objects.get(user=agent_user).presence == "wrap_up"


def test_the_console_looks_up_a_number_when_no_call_is_on(client, agent_user, sichuan):
    past, _ = make_order(sichuan["wuhou"])
    client.force_login(agent_user)
    r = client.get(reverse("hotline:console"), {"phone": "138-0013-8000"})
    assert past.number in r.content.decode()
    r = client.get(reverse("hotline:console"), {"phone": "12345"})
    assert "请输入11位手机号码" in r.content.decode()
    r = client.post(
        reverse("hotline:console"),
        {"name": "赵六", "service": "consultation", "category": "other", "county": "510107",
         "description": "咨询"},
    )  # fmt: skip
    assert "没有通话中的来电时，请填写联系电话" in r.content.decode()


def test_the_console_polls_for_the_call_put_through(client, agent_user, groups):
    client.force_login(agent_user)
    url = reverse("hotline:current_call")
    assert client.get(url).json() == {"call_id": None, "caller": "", "seat_group": ""}
    call = make_call(groups["yi"], timezone.now(), answered_after=3)
    Call.objects.filter(pk=call.pk).update(ended_at=None, agent=agent_user.hotline_agent)
    assert client.get(url).json() == {
        "call_id": call.call_id,
        "caller": "138****8000",
        "seat_group": "彝汉双语专席",
    }
