"""The public consultation page in headless Chromium: ask in everyday words, read the answer."""

from __future__ import annotations

import pytest

from fawang.network.models import ServicePoint
from fawang.regions.models import Level


@pytest.mark.browser
def test_a_citizen_asks_in_everyday_words_and_gets_articles_and_a_place_to_go(
    transactional_db, browser_page, live_server, sichuan
):
    ServicePoint.objects.create(
        name="武侯区公共法律服务中心", kind=ServicePoint.Kind.CENTRE, level=Level.COUNTY,
        region=sichuan["wuhou"], address="武侯大道1号",
    )  # fmt: skip
    page = browser_page
    page.goto(live_server.url + "/consult/")
    assert "法律咨询" in page.inner_text("h1")
    page.fill("#q", "老板拖了三个月工资不给，我该怎么办")
    page.select_option("#region", "510107")
    page.click("form.consult-form button[type=submit]")
    page.wait_for_selector(".consult-answer")
    answer = page.inner_text(".consult-answer")
    assert "劳动争议/欠薪" in answer
    assert "《劳动" in answer  # an article of the labour laws
    assert "武侯区公共法律服务中心" in answer
    assert page.locator(".consult-hits mark").count() > 0

    page.click("text=核验法条引用")
    page.fill("textarea[name=text]", "依据《劳动合同法》第三十条和《劳动合同法》第九百条")
    page.click("button[type=submit]")
    page.wait_for_selector("table")
    table = page.inner_text("table")
    assert "现行有效" in table and "无此条" in table
