import pytest

from fawang.network.models import ServicePoint


@pytest.mark.browser
def test_a_citizen_finds_a_yi_speaking_centre_in_a_real_browser(browser_page, live_server, sichuan):
    ServicePoint.objects.create(
        name="西昌市公共法律服务中心",
        kind="centre",
        level=3,
        region=sichuan["xichang"],
        lng=102.264,
        lat=27.894,
        languages=",zh,ii,",
    )
    ServicePoint.objects.create(
        name="武侯区公共法律服务中心",
        kind="centre",
        level=3,
        region=sichuan["wuhou"],
        lng=104.043,
        lat=30.642,
    )
    page = browser_page
    page.goto(live_server.url + "/network/")
    assert "法律服务名录" in page.content()
    page.select_option("select[name=what]", "point:")
    page.select_option("select[name=language]", "ii")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    table = page.inner_text("table")
    assert "西昌市公共法律服务中心" in table and "彝语" in table
    assert "武侯区公共法律服务中心" not in table
