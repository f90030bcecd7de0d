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


@pytest.mark.browser
def test_the_console_shows_a_call_as_soon_as_the_cti_puts_it_through(
    browser_page, live_server, personas
):
    from fawang.accounts.models import Role, User
    from fawang.hotline.services import agent_ensure, cti_event_record

    groups = {g.code: g for g in seat_groups_ensure()}
    user = User.objects.create(
        username="agent_b", role=Role.AGENT, region=personas["province_supervisor"].region
    )
    agent_ensure(user=user, employee_no="3001", groups=[groups["general"]])
    page = browser_page
    login(page, live_server, user)
    page.goto(f"{live_server.url}/hotline/console/")
    assert "当前没有通话中的来电" in page.inner_text("#current-call")
    assert page.locator(".consult-widget form").count() == 1
    now = timezone.now()
    cti_event_record(call_id="LIVE-1", kind="offered", at=now, caller="13900001111")
    cti_event_record(call_id="LIVE-1", kind="answered", at=now, agent_no="3001")
    page.wait_for_function(
        "document.getElementById('current-call').innerText.includes('139****1111')",
        timeout=15000,
    )
