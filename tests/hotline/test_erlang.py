import math

import pytest

from fawang.hotline import erlang


def test_erlang_c_matches_the_call_centre_helper_worked_example():
    """Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example":
    100 calls in 30 minutes with an average handling time of 180 s is a traffic intensity
    of 10 Erlangs; with 11 agents the probability that a call waits is 68.21% and the
    service level (answered within 20 s) is 39.0%; 80/20 needs 14 agents (88.8%)."""
    load = 100 / 1800 * 180
    assert load == pytest.approx(10)
    assert erlang.erlang_c(11, load) == pytest.approx(0.6821, abs=5e-5)
    assert erlang.erlang_c_service_level(11, load, 180, 20) == pytest.approx(0.390, abs=5e-4)
    assert erlang.erlang_c_service_level(13, load, 180, 20) < 0.80
    assert erlang.erlang_c_service_level(14, load, 180, 20) == pytest.approx(0.888, abs=1e-3)
    assert erlang.agents_for_service_level(load, 180, 20, 0.80) == 14


def test_erlang_c_agrees_with_the_textbook_formula():
    def textbook(n, a):
        top = a**n / math.factorial(n) * n / (n - a)
        return top / (sum(a**k / math.factorial(k) for k in range(n)) + top)

    for n, a in [(2, 1.5), (5, 3.7), (20, 17.2)]:
        assert erlang.erlang_c(n, a) == pytest.approx(textbook(n, a), rel=1e-12)
    assert erlang.erlang_c(3, 3.0) == 1.0  # unstable: everyone waits


@pytest.mark.parametrize("servers,load", [(11, 10.0), (5, 3.0), (30, 27.5)])
def test_erlang_a_reduces_to_erlang_c_as_patience_grows(servers, load):
    aht = 180.0
    lam = load / aht
    gaps = []
    for patience in (600, 6_000, 60_000, 6_000_000):
        a = erlang.erlang_a(servers, lam, aht, patience)
        gaps.append(abs(a.p_wait - erlang.erlang_c(servers, load)))
        assert a.p_abandon < 1
    assert gaps == sorted(gaps, reverse=True)
    assert gaps[-1] < 1e-3
    assert erlang.erlang_a(servers, lam, aht, 6_000_000).p_abandon < 1e-3


def test_erlang_a_stays_finite_when_load_exceeds_the_agents():
    a = erlang.erlang_a(5, 10 / 180, 180, 60)  # 10 Erlangs on 5 agents
    assert 0.4 < a.p_abandon < 1
    # Throughput never exceeds what five agents can carry.
    assert (1 - a.p_abandon) * 10 <= 5 + 1e-9


def test_needed_agents_fall_as_the_target_falls():
    lam, aht, patience = 200 / 1800, 240, 60
    by_rate = [
        erlang.agents_for_connection_rate(lam, aht, patience, t) for t in (0.95, 0.9, 0.8, 0.7, 0.6)
    ]
    assert by_rate == sorted(by_rate, reverse=True)
    assert by_rate[0] > by_rate[-1]
    load = lam * aht
    by_sl = [erlang.agents_for_service_level(load, aht, 20, t) for t in (0.95, 0.9, 0.8, 0.7, 0.6)]
    assert by_sl == sorted(by_sl, reverse=True)
    assert by_sl[0] > by_sl[-1]


def test_needed_agents_are_the_fewest_meeting_the_target():
    lam, aht, patience, target = 120 / 1800, 300, 90, 0.9
    n = erlang.agents_for_connection_rate(lam, aht, patience, target)
    assert erlang.erlang_a(n, lam, aht, patience).answered >= target
    assert erlang.erlang_a(n - 1, lam, aht, patience).answered < target


def test_no_calls_need_no_agents():
    assert erlang.agents_for_connection_rate(0, 300, 90, 0.9) == 0
    assert erlang.agents_for_service_level(0, 300, 20, 0.8) == 0
