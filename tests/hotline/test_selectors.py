import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fawang.hotline.models import HotlineSettings
from fawang.hotline.selectors import (
    caller_orders_for_user,
    connection_rate,
    connection_rate_by,
    connection_rate_percent,
)
from tests.hotline.conftest import at, make_call
from tests.workorders.test_services import make_order

DAY = dt.date(2026, 3, 2)  # a Monday


def hand_made_day(groups):
    g = groups["general"]
    make_call(g, at("2026-03-02", "09:05"), answered_after=10)
    make_call(g, at("2026-03-02", "09:40"), answered_after=50)
    make_call(g, at("2026-03-02", "09:50"), answered_after=0)
    make_call(g, at("2026-03-02", "10:10"), abandoned_after=3)  # short: a misdial
    make_call(g, at("2026-03-02", "10:20"), abandoned_after=5)  # exactly N: still short
    make_call(g, at("2026-03-02", "10:30"), abandoned_after=5.1)  # lost
    make_call(g, at("2026-03-02", "10:40"), abandoned_after=80)  # lost
    make_call(g, at("2026-03-02", "10:45"))  # still queueing: not counted yet
    make_call(g, at("2026-03-02", "10:50"), answered_after=4, direction="out")  # outbound
    make_call(groups["tibetan"], at("2026-03-02", "23:59"), answered_after=20)


def test_connection_rate_is_answered_over_offered_without_short_abandons(groups):
    hand_made_day(groups)
    r = connection_rate(start=DAY, end=DAY)
    assert (r.answered, r.abandoned, r.short_abandoned) == (4, 4, 2)
    assert r.offered == 6
    assert r.rate == 4 / 6
    assert r.percent == 66.67
    assert connection_rate_percent(start=DAY, end=DAY) == 66.67


def test_the_short_abandon_threshold_is_configured_in_the_database(groups):
    hand_made_day(groups)
    config = HotlineSettings.current()
    config.short_abandon_seconds = 0
    config.save()
    assert connection_rate(start=DAY, end=DAY).rate == 4 / 8
    config.short_abandon_seconds = 10
    config.save()
    assert connection_rate(start=DAY, end=DAY).rate == 4 / 5
    assert connection_rate(start=DAY, end=DAY, short_abandon_seconds=100).rate == 1.0


def test_no_offered_calls_give_no_rate_rather_than_zero(groups):
    assert connection_rate(start=DAY, end=DAY).rate is None
    assert connection_rate_percent(start=DAY, end=DAY) is None


def test_rates_by_hour_day_month_and_seat_group(groups):
    hand_made_day(groups)
    make_call(groups["general"], at("2026-04-01", "09:00"), abandoned_after=30)
    hours = {r.key: r for r in connection_rate_by(by="hour", start=DAY, end=DAY)}
    assert len(hours) == 24
    assert (hours[9].answered, hours[9].offered) == (3, 3)
    assert (hours[10].answered, hours[10].offered, hours[10].short_abandoned) == (0, 2, 2)
    assert hours[23].rate == 1.0 and hours[0].rate is None
    days = connection_rate_by(by="day", start=DAY, end=dt.date(2026, 4, 30))
    assert [(r.label, r.offered) for r in days] == [("2026-03-02", 6), ("2026-04-01", 1)]
    months = connection_rate_by(by="month", start=DAY, end=dt.date(2026, 4, 30))
    assert [(r.label, r.rate) for r in months] == [("2026-03", 4 / 6), ("2026-04", 0.0)]
    by_group = {r.key: r for r in connection_rate_by(by="seat_group", start=DAY, end=DAY)}
    assert len(by_group) == 10
    assert (by_group["general"].answered, by_group["general"].offered) == (3, 5)
    assert by_group["tibetan"].rate == 1.0 and by_group["yi"].rate is None


def test_a_call_counts_on_the_beijing_day_it_was_offered(groups):
    # 23:59 Beijing time is 15:59 UTC on the same day; 00:10 Beijing is the previous UTC day.
    make_call(groups["general"], at("2026-03-03", "00:10"), answered_after=5)
    assert connection_rate(start=DAY, end=DAY).offered == 0
    assert connection_rate(start=dt.date(2026, 3, 3), end=dt.date(2026, 3, 3)).offered == 1


def test_each_breakdown_is_one_query(groups):
    hand_made_day(groups)
    HotlineSettings.current()
    for by in ("hour", "day", "month"):
        with CaptureQueriesContext(connection) as ctx:
            connection_rate_by(by=by, start=DAY, end=DAY, short_abandon_seconds=5)
        assert len(ctx) == 1, by


def test_an_agent_sees_the_callers_past_orders_by_number(personas, sichuan, groups):
    mine, _ = make_order(sichuan["wuhou"])  # phone 13800138000
    agent = personas["county_clerk"]
    agent.role = "agent"
    agent.save()
    found = list(caller_orders_for_user(user=agent, number="138 0013 8000"))
    assert found == [mine]
    assert list(caller_orders_for_user(user=agent, number="13900000000")) == []
    outsider = personas["outsider_clerk"]
    assert list(caller_orders_for_user(user=outsider, number="13800138000")) == []
