import pytest
from django.utils import timezone

from fawang.analytics.rollups import rollup_rebuild, unit_backlog_refresh
from tests.analytics.conftest import make_order
from tests.browser import login


@pytest.mark.browser
def test_the_dashboard_draws_its_charts_and_map_and_drills_down(
    browser_page, live_server, sichuan, personas
):
    now = timezone.now()
    for county in ("wuhou", "wuhou", "jinjiang", "xichang"):
        make_order(sichuan[county], now=now)
    rollup_rebuild()
    unit_backlog_refresh()
    page = browser_page
    login(page, live_server, personas["city_supervisor"])
    page.goto(live_server.url + "/analytics/")
    page.wait_for_selector("#chart-map[data-ready='1']")
    # ECharts drew into canvases: the trend, two pies, the bar and the map.
    assert page.locator(".chart canvas").count() >= 5
    assert page.inner_text("#kpi-n") == "3"  # Chengdu only: Xichang is outside
    assert "西昌市" not in page.inner_text("#areas")
    with page.expect_navigation():
        page.click("#areas >> text=武侯区")
    page.wait_for_selector("#chart-map[data-ready='1']")
    assert page.inner_text("#kpi-n") == "2"
    assert "region=510107" in page.url
