"""Pages: actions by POST with CSRF, the command centre (scoped, constant queries), the
rating page without login, return visits and notifications."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fawang.dispatch import services
from fawang.dispatch.console import order_panels
from fawang.workorders.models import Status
from tests.dispatch.conftest import at


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_a_clerk_signs_for_and_replies_through_the_panel_forms(network, make_order, personas):
    order = make_order(channel="walk_in")
    services.routing_route(order=order)
    c = client_for(personas["county_clerk"])
    page = c.get(reverse("dispatch:order", args=[order.number]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "指挥调度" in body and "签收" in body and "csrfmiddlewaretoken" in body
    r = c.post(reverse("dispatch:act", args=[order.number, "sign"]))
    assert r.status_code == 302
    r = c.post(
        reverse("dispatch:act", args=[order.number, "reply"]), {"text": "已答复您"}, follow=True
    )
    assert "已答复" in r.content.decode()
    order.refresh_from_db()
    assert order.status == Status.REPLIED


def test_an_action_without_its_reason_is_refused_with_a_chinese_message(
    network, make_order, personas
):
    order = make_order()
    services.routing_route(order=order)
    c = client_for(personas["county_clerk"])
    r = c.post(reverse("dispatch:act", args=[order.number, "return"]), {"reason": ""}, follow=True)
    assert "此操作需要填写理由" in r.content.decode()
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED


def test_csrf_is_enforced_on_actions(network, make_order, personas):
    order = make_order()
    c = Client(enforce_csrf_checks=True)
    c.force_login(personas["county_clerk"])
    assert c.post(reverse("dispatch:act", args=[order.number, "route"])).status_code == 403


def test_an_order_outside_the_jurisdiction_is_not_found(network, make_order, personas):
    order = make_order()
    c = client_for(personas["outsider_clerk"])
    assert c.get(reverse("dispatch:order", args=[order.number])).status_code == 404
    assert c.post(reverse("dispatch:act", args=[order.number, "route"])).status_code == 404


def test_a_dispatcher_reassigns_a_batch(network, make_order, personas):
    orders = [make_order() for _ in range(3)]
    c = client_for(personas["county_dispatcher"])
    page = c.get(reverse("dispatch:queue"))
    assert page.status_code == 200 and orders[0].number in page.content.decode()
    r = c.post(
        reverse("dispatch:queue"),
        {
            "order": [o.number for o in orders],
            "unit": f"i:{network['wuhou_aid'].pk}",
            "reason": "集中办理",
        },
        follow=True,
    )
    assert "已改派 3 件" in r.content.decode()
    for o in orders:
        o.refresh_from_db()
        assert o.assigned_institution == network["wuhou_aid"] and o.status == Status.DISPATCHED


def test_the_panel_costs_a_constant_number_of_queries(network, make_order, personas, rf):
    def count(order) -> int:  # type: ignore[no-untyped-def]
        request = rf.get("/")
        request.user = personas["county_dispatcher"]
        with CaptureQueriesContext(connection) as q:
            order_panels(request, order)
        return len(q)

    a = make_order()
    services.routing_route(order=a)
    b = make_order()
    services.routing_route(order=b)
    for _ in range(3):
        services.routing_override(
            order=b,
            actor=personas["county_dispatcher"],
            reason="调整",
            point=network["wuhou_centre"],
        )
    assert count(a) == count(b)


def test_the_command_centre_shows_counts_and_costs_constant_queries(network, make_order, personas):
    c = client_for(personas["city_supervisor"])
    url = reverse("dispatch:command")

    def queries() -> int:
        with CaptureQueriesContext(connection) as q:
            assert c.get(url).status_code == 200
        return len(q)

    make_order(now=at(2026, 1, 5))
    few = queries()
    for i in range(6):
        o = make_order(service="legal_aid", now=at(2026, 1, 5, 9, i))
        services.routing_route(order=o, now=o.created_at)
    services.supervision_scan(now=at(2026, 2, 1))
    many = queries()
    assert few == many
    body = c.get(url).content.decode()
    assert "成都市" in body and "武侯区法律援助中心" in body
    assert 'id="overdue-total">6<' in body


def test_the_command_centre_map_data_drills_down_within_jurisdiction(
    network, make_order, personas, sichuan
):
    make_order(region=sichuan["wuhou"])
    make_order(region=sichuan["xichang"])
    data_url = reverse("dispatch:command_data")
    prov = client_for(personas["province_supervisor"]).get(data_url).json()
    areas = {a["code"]: a for a in prov["areas"]}
    assert len(areas) == 21 and areas["510100"]["open"] == 1 and areas["513400"]["open"] == 1
    city = client_for(personas["city_supervisor"]).get(data_url + "?region=510100").json()
    assert {a["code"] for a in city["areas"]} >= {"510107", "510104"}
    assert all(a["code"].startswith("5101") for a in city["areas"])
    clerk = client_for(personas["county_clerk"])
    mine = clerk.get(data_url).json()
    assert [a["code"] for a in mine["areas"]] == ["510107"] and mine["areas"][0]["open"] == 1
    assert clerk.get(data_url + "?region=510100").status_code == 404
    assert clerk.get(data_url + "?region=513401").status_code == 404


def test_the_unit_export_is_a_csv_with_satisfaction(network, make_order, personas):
    o = make_order()
    services.routing_route(order=o)
    r = client_for(personas["city_supervisor"]).get(reverse("dispatch:command_units_csv"))
    assert r["Content-Type"].startswith("text/csv")
    text = r.content.decode("utf-8-sig")
    assert "满意率" in text and "武侯区公共法律服务中心" in text


def test_the_rating_page_works_without_login_and_a_low_rating_reopens(
    network, make_order, personas
):
    order = make_order()
    services.routing_route(order=order)
    clerk = personas["county_clerk"]
    services.order_sign_for(order=order, actor=clerk)
    services.order_reply(order=order, actor=clerk, text="答复")
    order.refresh_from_db()
    url = reverse("dispatch:rate", args=[services.rating_token(order)])
    c = Client()
    assert "评价办理情况" in c.get(url).content.decode()
    bad = c.post(url, {"stars": "9"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    r = c.post(url, {"stars": "1", "reasons": ["unresolved"], "comment": "没解决"})
    assert "重新办理" in r.content.decode()
    order.refresh_from_db()
    assert order.status == Status.REOPENED and order.satisfaction == 1
    assert c.get(reverse("dispatch:rate", args=["forged"])).status_code == 400


@pytest.mark.parametrize("path", ["dispatch:command", "dispatch:queue", "dispatch:visits"])
def test_staff_pages_need_a_staff_login(personas, path):
    assert Client().get(reverse(path)).status_code == 302
    assert client_for(personas["citizen"]).get(reverse(path)).status_code == 403


def test_notifications_list_and_mark_read(personas):
    from fawang.dispatch import notify

    notify.outbox_enqueue_staff(
        users=[personas["county_clerk"]], body="新派工单", now=at(2026, 11, 2)
    )
    notify.outbox_deliver(now=at(2026, 11, 2))
    c = client_for(personas["county_clerk"])
    assert "新派工单" in c.get(reverse("dispatch:notifications")).content.decode()
    c.post(reverse("dispatch:notifications"))
    assert "未读</span>" not in c.get(reverse("dispatch:notifications")).content.decode()


def test_the_override_page_lists_units_in_jurisdiction_and_posts_the_override(
    network, make_order, personas
):
    order = make_order()
    c = client_for(personas["county_dispatcher"])
    page = c.get(reverse("dispatch:assign", args=[order.number, "override"]))
    body = page.content.decode()
    assert page.status_code == 200 and "武侯区法律援助中心" in body and "西昌" not in body
    r = c.post(
        reverse("dispatch:act", args=[order.number, "override"]),
        {"unit": f"i:{network['wuhou_aid'].pk}", "reason": "当事人申请法律援助"},
        follow=True,
    )
    assert "已派往 武侯区法律援助中心" in r.content.decode()
    order.refresh_from_db()
    assert order.assigned_institution == network["wuhou_aid"]
    clerk = client_for(personas["county_clerk"])
    assert clerk.post(
        reverse("dispatch:act", args=[order.number, "override"]),
        {"unit": f"p:{network['wuhou_centre'].pk}", "reason": "x"},
        follow=True,
    ).redirect_chain
    order.refresh_from_db()
    assert order.assigned_institution == network["wuhou_aid"]


def test_the_panel_of_an_order_waiting_for_the_worker_says_routing_is_under_way(
    network, make_order, personas
):
    waiting = make_order(channel="web")
    walk_in = make_order(channel="walk_in")
    c = client_for(personas["county_dispatcher"])
    page = c.get(f"/console/orders/{waiting.number}/").content.decode()
    assert "已交后台按规则自动派单" in page and "按规则派单" in page
    page = c.get(f"/console/orders/{walk_in.number}/").content.decode()
    assert "尚无派单记录。" in page and "已交后台按规则自动派单" not in page
    services.routing_route(order=waiting)
    page = c.get(f"/console/orders/{waiting.number}/").content.decode()
    assert "已交后台按规则自动派单" not in page and "武侯区公共法律服务中心" in page
