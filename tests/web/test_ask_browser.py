"""The citizen form on a phone in headless Chromium: fill, submit, see the number, track."""

from __future__ import annotations

import pytest

from fawang.workorders.models import WorkOrder

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_a_citizen_asks_for_help_on_a_phone_and_tracks_the_order(
    transactional_db, browser_page, live_server, sichuan
):
    browser = browser_page.context.browser
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        page.goto(live_server.url + "/ask/")
        assert "在线申请法律服务" in page.inner_text("h1")
        # Nothing wider than the phone's screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.select_option("#id_service", "mediation")
        page.select_option("#id_category", "neighbour")
        page.select_option("#id_city", "510100")
        page.wait_for_selector('#id_county option[value="510107"]', state="attached")
        page.select_option("#id_county", "510107")
        page.wait_for_selector(
            f'#id_township option[value="{sichuan["wuhou_township"].code}"]', state="attached"
        )
        page.select_option("#id_township", sichuan["wuhou_township"].code)
        page.fill("#id_name", "李小花")
        page.fill("#id_mobile", "139 0000 5678")
        page.fill("#id_description", "楼上邻居装修噪音很大，晚上十点后还在施工。")
        page.click("button[type=submit]")
        page.wait_for_selector("#order-number")
        number = page.inner_text("#order-number").strip()
        order = WorkOrder.objects.get()
        assert number == order.number
        assert order.region_id == sichuan["wuhou_township"].code

        page.click("text=查询办理进度")
        assert page.input_value("#id_number") == number
        page.fill("#id_phone_last4", "5678")
        page.click("button[type=submit]")
        page.wait_for_selector("#track-result")
        result = page.inner_text("#track-result")
        assert "已受理" in result and "139****5678" in result and "李*花" in result
    finally:
        context.close()
