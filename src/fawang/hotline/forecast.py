"""Arrival forecasts: Holt-Winters on daily totals, spread over half hours by a profile.

Daily call totals of a seat group carry a level, a trend (the hotline grows every year)
and a weekly season (Mondays are busy, Sundays quiet). Additive Holt-Winters with a
7-day season follows all three, and its smoothing constants are chosen per series from
a small grid by one-step-ahead squared error. The day's total is then spread over the
48 half hours by that weekday's intraday profile over the last weeks.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

SEASON = 7
_ALPHAS = (0.1, 0.3, 0.5)
_BETAS = (0.01, 0.05)
_GAMMAS = (0.05, 0.2)


@dataclass(frozen=True)
class HoltWinters:
    alpha: float
    beta: float
    gamma: float
    level: float
    trend: float
    season: tuple[float, ...]  # the next SEASON seasonal terms, in order from t+1
    sse: float

    def forecast(self, steps: int) -> np.ndarray:
        """The next ``steps`` values (never below zero)."""
        h = np.arange(1, steps + 1)
        seasonal = np.array([self.season[(i - 1) % SEASON] for i in h])
        return np.maximum(self.level + h * self.trend + seasonal, 0.0)


def _fit(y: np.ndarray, alpha: float, beta: float, gamma: float) -> HoltWinters:
    m = SEASON
    first = y[:m].mean()
    second = y[m : 2 * m].mean() if len(y) >= 2 * m else first
    level = first
    trend = (second - first) / m
    season = list(y[:m] - first)
    sse = 0.0
    for t in range(m, len(y)):
        s = season[t % m]
        predicted = level + trend + s
        err = y[t] - predicted
        sse += err * err
        new_level = alpha * (y[t] - s) + (1 - alpha) * (level + trend)
        trend = beta * (new_level - level) + (1 - beta) * trend
        season[t % m] = gamma * (y[t] - new_level) + (1 - gamma) * s
        level = new_level
    n = len(y)
    upcoming = tuple(season[(n + i) % m] for i in range(m))
    return HoltWinters(alpha, beta, gamma, level, trend, upcoming, sse)


def holt_winters(y: np.ndarray | list[float]) -> HoltWinters:
    """Fit additive Holt-Winters (weekly season) to a daily series of at least 2 weeks."""
    arr = np.asarray(y, dtype=float)
    if len(arr) < 2 * SEASON:
        raise ValueError("Holt-Winters needs at least two weeks of history")
    fits = (_fit(arr, a, b, g) for a, b, g in itertools.product(_ALPHAS, _BETAS, _GAMMAS))
    return min(fits, key=lambda f: f.sse)


def forecast_days(y: np.ndarray | list[float], steps: int) -> np.ndarray:
    """Forecast ``steps`` days ahead; short histories fall back to a seasonal naive mean."""
    arr = np.asarray(y, dtype=float)
    if steps <= 0:
        return np.zeros(0)
    if len(arr) >= 2 * SEASON:
        return holt_winters(arr).forecast(steps)
    if len(arr) == 0:
        return np.zeros(steps)
    mean = float(arr.mean())
    out = []
    for i in range(steps):
        # Same weekday last week when we have it, else the mean.
        back = len(arr) - SEASON + (i % SEASON)
        out.append(arr[back] if 0 <= back < len(arr) else mean)
    return np.maximum(np.asarray(out, dtype=float), 0.0)


def intraday_profile(counts: np.ndarray, prior: np.ndarray | None = None) -> np.ndarray:
    """Shares of a day's calls per half hour (48 values summing to 1) from counts per slot,
    shrunk toward ``prior`` (e.g. all groups' profile) when the group has few calls."""
    counts = np.asarray(counts, dtype=float)
    base = np.full(len(counts), 1.0 / len(counts)) if prior is None else np.asarray(prior)
    weight = 200.0  # pseudo-calls of the prior
    shares = (counts + weight * base) / (counts.sum() + weight)
    return shares / shares.sum()
