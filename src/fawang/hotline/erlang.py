"""Queueing formulas for staffing: Erlang C (M/M/n) and Erlang A (M/M/n+M).

All rates are per second. ``load`` (offered traffic in Erlangs) is arrival rate × average
handle time. Erlang C assumes callers wait for ever; Erlang A (Palm's model) lets each
caller abandon after an exponentially distributed patience with mean ``patience_s``, which
is what a real hotline queue does, and is stable even when load exceeds the agents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def erlang_b(servers: int, load: float) -> float:
    """Blocking probability, by the numerically stable recursion B(k) = A·B(k-1)/(k + A·B(k-1))."""
    if load <= 0:
        return 0.0
    b = 1.0
    for k in range(1, servers + 1):
        b = load * b / (k + load * b)
    return b


def erlang_c(servers: int, load: float) -> float:
    """Probability that a caller waits (all agents busy); 1 when the queue is unstable."""
    if load <= 0:
        return 0.0
    if servers <= load:
        return 1.0
    b = erlang_b(servers, load)
    return servers * b / (servers - load * (1 - b))


def erlang_c_service_level(servers: int, load: float, aht_s: float, answer_s: float) -> float:
    """Share of callers answered within ``answer_s`` seconds under Erlang C."""
    if load <= 0:
        return 1.0
    if servers <= load:
        return 0.0
    pw = erlang_c(servers, load)
    return 1.0 - pw * math.exp(-(servers - load) * answer_s / aht_s)


def erlang_c_asa(servers: int, load: float, aht_s: float) -> float:
    """Average speed of answer (seconds) under Erlang C."""
    if load <= 0:
        return 0.0
    if servers <= load:
        return math.inf
    return erlang_c(servers, load) * aht_s / (servers - load)


@dataclass(frozen=True)
class ErlangA:
    p_wait: float  # an arriving caller finds every agent busy
    p_abandon: float  # share of callers who hang up before an answer
    mean_queue: float  # average number of callers waiting

    @property
    def answered(self) -> float:
        return 1.0 - self.p_abandon


def erlang_a(servers: int, arrival_rate: float, aht_s: float, patience_s: float) -> ErlangA:
    """Stationary M/M/n+M measures from the birth–death chain, summed in log space.

    State k (callers in the system) is left upward at rate λ and downward at
    min(k, n)/AHT + max(k − n, 0)/patience. The chain is truncated where the remaining
    mass is below 1e-16 of the total (or at n + 20 000 states for enormous patience)."""
    if arrival_rate <= 0:
        return ErlangA(0.0, 0.0, 0.0)
    mu = 1.0 / aht_s
    theta = 1.0 / patience_s
    n = max(servers, 0)
    lam = arrival_rate
    tail = 200
    if n == 0 or lam >= n * mu:
        # Only abandonment keeps the queue finite: the queue settles near (λ − nμ)/θ.
        tail = int(min(20000, max(200, 4 * (lam - n * mu) / theta + 40 * math.sqrt(lam / theta))))
    else:
        rho = lam / (n * mu)
        tail = int(min(20000, max(200, math.log(1e-16) / math.log(rho) + 10)))
    k = np.arange(1, n + tail + 1, dtype=float)
    death = np.minimum(k, n) * mu + np.maximum(k - n, 0) * theta
    logp = np.concatenate(([0.0], np.cumsum(math.log(lam) - np.log(death))))
    logp -= logp.max()
    p = np.exp(logp)
    p /= p.sum()
    queue = np.maximum(np.arange(len(p)) - n, 0)
    mean_queue = float((queue * p).sum())
    p_wait = float(p[n:].sum())
    p_abandon = min(1.0, theta * mean_queue / lam)
    return ErlangA(p_wait=p_wait, p_abandon=p_abandon, mean_queue=mean_queue)


def agents_for_service_level(
    load: float, aht_s: float, answer_s: float, target: float, *, limit: int = 2000
) -> int:
    """Fewest agents so that Erlang C answers ``target`` of callers within ``answer_s``."""
    if load <= 0:
        return 0
    n = max(1, math.floor(load) + 1)
    while n < limit and erlang_c_service_level(n, load, aht_s, answer_s) < target:
        n += 1
    return n


def agents_for_connection_rate(
    arrival_rate: float, aht_s: float, patience_s: float, target: float, *, limit: int = 2000
) -> int:
    """Fewest agents so that Erlang A answers at least ``target`` of callers.

    The answered share 1 − P(abandon) counts every abandonment, including the short ones
    the connection-rate definition leaves out, so the plan errs on the safe side."""
    if arrival_rate <= 0:
        return 0
    load = arrival_rate * aht_s
    # Never fewer than the agents needed to carry target × load; search upward from there.
    n = max(1, math.floor(target * load))
    while n < limit and erlang_a(n, arrival_rate, aht_s, patience_s).answered < target:
        n += 1
    return n
