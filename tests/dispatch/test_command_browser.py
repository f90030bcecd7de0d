"""The command centre in headless Chromium: the map renders with data for a supervisor,
and a county clerk sees nothing outside their county."""

from __future__ import annotations

import pytest

from fawang.dispatch import services
from tests.browser import login
from tests.dispatch.conftest import at


@pytest.mark.browser
def test_the_command_centre_map_renders_for_a_supervisor_and_stays_in_a_clerks_county(
    browser_page, live_server, network, make_order, personas, sichuan
):
    for i in range(3):
        o = make_order(service="legal_aid", region=sichuan["wuhou"], now=at(2026, 1, 5, 9, i))
        services.routing_route(order=o, now=o.created_at)
    make_order(region=sichuan["jinjiang"])
    outside = make_order(region=sichuan["xichang"])
    services.supervision_scan(now=at(2026, 2, 1))
    page = browser_page

    login(page, live_server, personas["province_supervisor"])
    page.goto(live_server.url + "/dispatch/command/")
    page.wait_for_selector("#map[data-ready]")
    assert page.get_attribute("#map", "data-ready") == "21"
    assert page.locator("#map canvas").count() >= 1
    chengdu = page.locator("#map-table tr[data-code='510100'] td")
    # Overdue today: the three legal-aid orders of January and the walk-in of 2 Nov (given
    # its 5-working-day deadline when it was created).
    assert chengdu.nth(1).inner_text() == "4" and chengdu.nth(2).inner_text() == "4"
    # Drill down to the city: its counties.
    page.goto(live_server.url + "/dispatch/command/?region=510100")
    page.wait_for_selector("#map[data-ready]")
    assert page.locator("#map-table tr[data-code='510107'] td").nth(2).inner_text() == "3"

    page.context.clear_cookies()
    login(page, live_server, personas["county_clerk"])
    page.goto(live_server.url + "/dispatch/command/")
    page.wait_for_selector("#map[data-ready]")
    assert page.get_attribute("#map", "data-ready") == "1"
    codes = page.eval_on_selector_all(
        "#map-table tr[data-code]", "rs => rs.map(r => r.dataset.code)"
    )
    assert codes == ["510107"]
    text = page.inner_text("main")
    assert "西昌" not in text and "锦江" not in text and outside.number not in text
    assert page.inner_text("#open-total") == "3"
