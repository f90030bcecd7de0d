import datetime as dt

import numpy as np
import pytest
from django.utils import timezone

from fawang.hotline.demo import generate_calls
from fawang.hotline.services import calls_bulk_insert, seat_groups_ensure
from tests.browser import login


@pytest.mark.browser
def test_the_staffing_page_draws_needed_against_rostered(browser_page, live_server, personas):
    seat_groups_ensure()
    now = timezone.now()
    calls_bulk_insert(
        generate_calls(rng=np.random.default_rng(1), now=now, days=28, daily_now=300, callers=50)
    )
    page = browser_page
    login(page, live_server, personas["city_supervisor"])
    page.goto(
        f"{live_server.url}/hotline/staffing/?day={timezone.localdate() + dt.timedelta(days=1)}"
    )
    page.wait_for_selector("#chart-plan canvas")
    # The chart holds the plan's series (not a string): 48 half hours of needed agents.
    assert (
        page.evaluate(
            "echarts.getInstanceByDom(document.getElementById('chart-plan'))"
            ".getOption().series[0].data.length"
        )
        == 48
    )
    assert "预计接通率低于 90.0%" in page.inner_text("#missed")
    assert page.locator("table.plan-grid td.miss").count() > 0
    page.goto(f"{live_server.url}/hotline/")
    page.wait_for_selector("#chart-months canvas")
    assert page.inner_text("#kpi-rate").endswith("%")
