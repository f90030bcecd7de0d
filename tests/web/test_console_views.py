"""The staff console: jurisdiction, transitions, personal data, query counts, intake pages."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from fawang.accounts.models import AuditLog, Role, User
from fawang.workorders.models import Status, WorkOrder, WorkOrderEvent
from fawang.workorders.services import workorder_add_event, workorder_transition
from tests.web.conftest import ID_NUMBER, make_order


@pytest.fixture
def orders(sichuan):  # type: ignore[no-untyped-def]
    return {
        "wuhou": make_order(sichuan["wuhou_village"]),
        "jinjiang": make_order(sichuan["jinjiang"]),
        "xichang": make_order(sichuan["xichang"], category="marriage_family"),
    }


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    response = client.get("/console/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_citizen_account_gets_a_chinese_403(client, personas):
    client.force_login(personas["citizen"])
    response = client.get("/console/")
    assert response.status_code == 403
    assert "无权" in response.content.decode()


def test_a_county_clerk_sees_only_the_orders_of_the_county(client, personas, orders):
    client.force_login(personas["county_clerk"])
    page = client.get("/console/").content.decode()
    assert orders["wuhou"].number in page
    assert orders["jinjiang"].number not in page and orders["xichang"].number not in page
    assert "张*丰" in page and "138****8000" in page and "张三丰" not in page


def test_a_clerk_of_another_county_cannot_open_or_change_an_order(client, personas, orders):
    number = orders["wuhou"].number
    client.force_login(personas["outsider_clerk"])
    listed = client.get("/console/", {"number": number}).content.decode()
    assert f"/console/orders/{number}/" not in listed and "没有符合条件的工单" in listed
    assert client.get(f"/console/orders/{number}/").status_code == 404
    response = client.post(f"/console/orders/{number}/transition/", {"to": "accepted"})
    assert response.status_code == 404
    assert client.post(f"/console/orders/{number}/reveal/").status_code == 404
    denied = AuditLog.objects.filter(action="denied", username="outsider_clerk", object_id=number)
    assert denied.count() == 3
    order = WorkOrder.objects.get(number=number)
    assert order.status == Status.RECEIVED and order.events.count() == 1


def test_a_province_supervisor_sees_all_orders(client, personas, orders):
    client.force_login(personas["province_supervisor"])
    page = client.get("/console/").content.decode()
    assert all(o.number in page for o in orders.values())
    assert "共 3 件" in page
    assert client.get(f"/console/orders/{orders['xichang'].number}/").status_code == 200


def test_a_city_supervisor_sees_the_city_only(client, personas, orders):
    client.force_login(personas["city_supervisor"])
    page = client.get("/console/").content.decode()
    assert orders["wuhou"].number in page and orders["jinjiang"].number in page
    assert orders["xichang"].number not in page


def test_the_queue_filters_by_status_category_channel_and_number(client, personas, orders):
    workorder_transition(order=orders["jinjiang"], to=Status.ACCEPTED, actor=None)
    client.force_login(personas["province_supervisor"])

    def numbers(**params):  # type: ignore[no-untyped-def]
        page = client.get("/console/", params).content.decode()
        return {o.number for o in orders.values() if f"/console/orders/{o.number}/" in page}

    assert numbers(status="accepted") == {orders["jinjiang"].number}
    assert numbers(category="marriage_family") == {orders["xichang"].number}
    assert numbers(channel="hotline") == set()
    assert numbers(number=orders["wuhou"].number[:8].lower()) == {orders["wuhou"].number}


def test_the_overdue_filter_shows_open_orders_past_their_deadline(client, personas, orders):
    from django.utils import timezone

    WorkOrder.objects.filter(pk=orders["wuhou"].pk).update(
        due_at=timezone.now() - timezone.timedelta(days=1)
    )
    client.force_login(personas["county_dispatcher"])
    page = client.get("/console/", {"overdue": "on"}).content.decode()
    assert orders["wuhou"].number in page and "超期" in page
    assert orders["jinjiang"].number not in page


def test_the_detail_page_shows_the_timeline_and_the_legal_moves(client, personas, orders):
    order = orders["wuhou"]
    client.force_login(personas["county_clerk"])
    page = client.get(f"/console/orders/{order.number}/").content.decode()
    assert "办理过程" in page and "已受理" in page
    assert 'value="accepted"' in page and 'value="rejected"' in page
    assert 'value="closed"' not in page  # not legal from "received"
    # Sending the order to a unit is the dispatch panel's: it records the decision.
    assert 'value="dispatched"' not in page and 'id="dispatch-panel"' in page
    assert "110105********002X" in page and ID_NUMBER not in page


def test_a_legal_transition_through_the_console_writes_one_event(client, personas, orders):
    order = orders["wuhou"]
    client.force_login(personas["county_clerk"])
    response = client.post(
        f"/console/orders/{order.number}/transition/", {"to": "accepted"}, follow=True
    )
    assert "已变更为“已签收”" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED
    assert order.events.last().actor == personas["county_clerk"]


def test_an_illegal_transition_through_the_console_is_refused_and_writes_nothing(
    client, personas, orders
):
    order = orders["wuhou"]
    client.force_login(personas["county_clerk"])
    before = AuditLog.objects.count()
    response = client.post(
        f"/console/orders/{order.number}/transition/", {"to": "closed"}, follow=True
    )
    assert "不能变更为“已办结”" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.RECEIVED
    assert order.events.count() == 1 and AuditLog.objects.count() == before


def test_a_transition_that_needs_a_reason_says_so(client, personas, orders):
    order = orders["wuhou"]
    client.force_login(personas["county_clerk"])
    response = client.post(
        f"/console/orders/{order.number}/transition/", {"to": "rejected"}, follow=True
    )
    assert "此操作需要填写理由" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.RECEIVED
    client.post(
        f"/console/orders/{order.number}/transition/",
        {"to": "rejected", "reason": "不属于法律服务事项"},
    )
    order.refresh_from_db()
    assert order.status == Status.REJECTED


def test_an_analyst_can_read_but_not_move_orders(client, personas, orders):
    analyst = User.objects.create(
        username="analyst", role=Role.ANALYST, region=personas["county_clerk"].region
    )
    client.force_login(analyst)
    order = orders["wuhou"]
    page = client.get(f"/console/orders/{order.number}/").content.decode()
    assert 'value="accepted"' not in page
    response = client.post(f"/console/orders/{order.number}/transition/", {"to": "accepted"})
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == Status.RECEIVED


def test_a_clerk_can_reveal_the_full_id_number_and_the_read_is_audited(client, personas, orders):
    order = orders["wuhou"]
    client.force_login(personas["county_clerk"])
    response = client.post(f"/console/orders/{order.number}/reveal/")
    assert response.status_code == 200
    assert ID_NUMBER in response.content.decode()
    assert AuditLog.objects.filter(action="read_pii", username="county_clerk").count() == 1


def test_a_dispatcher_may_not_reveal_the_full_id_number(client, personas, orders):
    order = orders["wuhou"]
    client.force_login(personas["county_dispatcher"])
    page = client.get(f"/console/orders/{order.number}/").content.decode()
    assert "显示完整证件号码" not in page
    response = client.post(f"/console/orders/{order.number}/reveal/")
    assert response.status_code == 403 and ID_NUMBER not in response.content.decode()
    assert not AuditLog.objects.filter(action="read_pii").exists()


def test_other_apps_add_panels_to_the_order_page(client, personas, orders, monkeypatch):
    def order_panels(request, order):  # type: ignore[no-untyped-def]
        html = render_to_string("web/403.html", {"message": f"面板{order.number}"}, request)
        return [f'<section class="card panel">{order.get_status_display()}</section>', html]

    from fawang.web import panels

    monkeypatch.setattr(
        panels,
        "app_modules",
        lambda name: (
            iter([("demo", SimpleNamespace(order_panels=order_panels))])
            if name == "console"
            else iter([])
        ),
    )
    client.force_login(personas["county_clerk"])
    page = client.get(f"/console/orders/{orders['wuhou'].number}/").content.decode()
    assert '<section class="card panel">已受理</section>' in page
    assert f"面板{orders['wuhou'].number}" in page


# ---------------------------------------------------------------- query counts


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_page_costs_the_same_few_queries_at_any_size(
    client, personas, sichuan, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(personas["county_dispatcher"])
    with django_capture_on_commit_callbacks(execute=True):
        make_order(sichuan["wuhou"])
    small = _queries(client, "/console/")
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(40):
            make_order(sichuan["wuhou_village" if i % 2 else "wuhou"], category="lending")
    with django_assert_max_num_queries(10):
        response = client.get("/console/", {"category": "lending"})
    assert response.status_code == 200
    assert _queries(client, "/console/") == small <= 10


def test_the_detail_page_costs_the_same_few_queries_at_any_history_length(
    client, personas, sichuan, monkeypatch, django_capture_on_commit_callbacks
):
    """Measured after the real after-commit work (routing …) has run. The console's own
    part costs at most 4 queries (user, order, events, attachments); with the panels other
    apps add, the page still does not grow with the history."""
    from fawang.web import console_views

    clerk = personas["county_clerk"]
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(sichuan["wuhou"])
        workorder_transition(order=order, to=Status.ACCEPTED, actor=clerk)
    url = f"/console/orders/{order.number}/"
    panels = console_views.order_panels

    def measure() -> tuple[int, int]:
        with_panels = _queries(client, url)
        monkeypatch.setattr(console_views, "order_panels", lambda request, order: [])
        own = _queries(client, url)
        monkeypatch.setattr(console_views, "order_panels", panels)
        return with_panels, own

    small = measure()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(10):
            workorder_add_event(order=order, kind="note", actor=clerk, reason=f"回访记录{i}")
            workorder_transition(order=order, to=Status.SUSPENDED, actor=clerk, reason="补材料")
            workorder_transition(order=order, to=Status.ACCEPTED, actor=clerk)
    assert WorkOrderEvent.objects.filter(order=order).count() >= 32
    big = measure()
    assert big == small
    assert small[1] <= 4
    assert small[0] <= 10  # with every app's panel (dispatch, legal aid, hotline …)


# ---------------------------------------------------------------- intake pages


def test_only_agents_reach_the_hotline_page(client, personas):
    client.force_login(personas["county_clerk"])
    assert client.get("/console/hotline/").status_code == 403


@pytest.fixture
def agent(personas):  # type: ignore[no-untyped-def]
    return User.objects.create(
        username="agent07", role=Role.AGENT, region=personas["province_supervisor"].region
    )


def test_an_agent_logs_a_call_as_a_hotline_order(client, agent, sichuan):
    client.force_login(agent)
    page = client.get("/console/hotline/")
    assert page.status_code == 200 and "来电号码" in page.content.decode()
    from tests.web.test_views import token_of

    data = {
        "form_token": token_of(page),
        "caller_number": "028-85551234",
        "seat": "a-07",
        "name": "王大爷",
        "language": "zh",
        "service": "consultation",
        "category": "inheritance",
        "city": "510100",
        "county": "510107",
        "description": "父亲去世后房子怎么分，兄弟几个意见不一。",
    }
    response = client.post("/console/hotline/", data, follow=True)
    order = WorkOrder.objects.get()
    assert order.channel == "hotline" and order.created_by == agent
    assert order.party.phone_last4 == "1234"
    assert f"已登记，工单编号 {order.number}" in response.content.decode()
    intake = order.events.get(kind="intake")
    assert intake.extra == {"seat": "A-07", "caller_masked": "028****1234"}
    assert "85551234" not in str(intake.extra)
    # The seat is remembered for the next call; a resubmission makes no second order.
    assert 'value="A-07"' in client.get("/console/hotline/").content.decode()
    client.post("/console/hotline/", data)
    assert WorkOrder.objects.count() == 1


def test_a_bad_caller_number_is_refused_in_chinese(client, agent, sichuan):
    from tests.web.test_views import token_of

    client.force_login(agent)
    data = {"form_token": token_of(client.get("/console/hotline/")), "caller_number": "12345"}
    response = client.post("/console/hotline/", data)
    assert response.status_code == 400
    assert "带区号的固定电话" in response.content.decode()
    assert WorkOrder.objects.count() == 0


def test_a_walk_in_clerk_registers_and_accepts_at_once(client, personas, sichuan):
    from tests.web.test_views import token_of

    clerk = personas["village_clerk"]
    client.force_login(clerk)
    page = client.get("/console/walk-in/")
    html = page.content.decode()
    # The clerk's own village is the default place.
    assert f'value="{sichuan["wuhou_village"].code}" selected' in html
    data = {
        "form_token": token_of(page),
        "name": "赵四",
        "mobile": "13700001111",
        "id_number": "",
        "language": "zh",
        "service": "mediation",
        "category": "neighbour",
        "city": "510100",
        "county": "510107",
        "township": sichuan["wuhou_township"].code,
        "village": sichuan["wuhou_village"].code,
        "description": "邻居在楼道堆放杂物，多次沟通无果。",
        "accept_now": "on",
    }
    response = client.post("/console/walk-in/", data)
    order = WorkOrder.objects.get()
    assert response["Location"] == f"/console/orders/{order.number}/"
    assert order.channel == "walk_in" and order.status == Status.ACCEPTED
    assert order.assigned_point == clerk.service_point
    assert list(order.events.values_list("to_status", flat=True)) == ["received", "accepted"]


def test_a_clerk_cannot_accept_at_once_outside_the_jurisdiction(client, personas, sichuan):
    from tests.web.test_views import token_of

    client.force_login(personas["county_clerk"])
    data = {
        "form_token": token_of(client.get("/console/walk-in/")),
        "name": "赵四",
        "mobile": "13700001111",
        "language": "zh",
        "service": "mediation",
        "category": "neighbour",
        "city": "513400",
        "county": "513401",
        "description": "邻居在楼道堆放杂物，多次沟通无果。",
        "accept_now": "on",
    }
    response = client.post("/console/walk-in/", data)
    assert response.status_code == 400
    assert "不能当场签收" in response.content.decode()
    assert WorkOrder.objects.count() == 0


def test_intake_pages_carry_statute_search_and_the_hotline_one_links_the_agent_console(
    client, agent, personas
):
    client.force_login(agent)
    hotline = client.get("/console/hotline/").content.decode()
    assert 'class="consult-widget"' in hotline and 'href="/hotline/console/"' in hotline
    client.force_login(personas["village_clerk"])
    walk_in = client.get("/console/walk-in/").content.decode()
    assert 'class="consult-widget"' in walk_in and "/consult/fragment/" in walk_in
    assert 'href="/hotline/console/"' not in walk_in


def test_moves_that_need_a_unit_or_an_answer_are_refused_by_the_generic_form(
    client, personas, orders
):
    order = orders["wuhou"]
    client.force_login(personas["county_clerk"])
    response = client.post(
        f"/console/orders/{order.number}/transition/", {"to": "dispatched"}, follow=True
    )
    assert "须选定承办单位" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.RECEIVED and order.events.count() == 1
