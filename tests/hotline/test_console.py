from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from fawang.hotline.console import order_panels
from fawang.hotline.services import hotline_callback_for_call
from tests.hotline.conftest import at, make_call
from tests.workorders.test_services import make_order


def test_a_call_back_order_shows_its_missed_calls_in_two_queries(personas, sichuan, groups):
    first = make_call(groups["general"], at("2026-03-02", "20:00"), abandoned_after=30)
    order = hotline_callback_for_call(call=first)
    second = make_call(groups["general"], at("2026-03-02", "20:30"), abandoned_after=45)
    hotline_callback_for_call(call=second)
    request = RequestFactory().get("/")
    request.user = personas["province_supervisor"]
    with CaptureQueriesContext(connection) as ctx:
        panels = order_panels(request, order)
    assert len(ctx) <= 2
    assert len(panels) == 1
    assert panels[0].count("138****8000") == 2 and "未接来电回拨" in panels[0]


def test_orders_from_other_channels_get_no_hotline_panel(personas, sichuan):
    order, _ = make_order(sichuan["wuhou"])
    request = RequestFactory().get("/")
    request.user = personas["province_supervisor"]
    assert order_panels(request, order) == []
