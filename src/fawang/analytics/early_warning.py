"""Early warning (预测预警): unusual weekly rises per county × category.

The baseline of a (county, category) cell in week *w* is built from three estimates,
each resting on many orders rather than on the handful one cell has in a few weeks:

* the province's orders of the category this week: their mean over the last
  ``WINDOW`` weeks × the seasonal factor, how the province's orders of that category
  in the same weeks last year (*w* − 52 ± 1) compared with the ``WINDOW`` weeks
  before them;
* the cell's share of its category over the last ``LEVEL_WEEKS`` weeks;
* the county's drift: how its share of all orders in the last ``WINDOW`` weeks
  compares with that long window (its own trend).

The noise of a week around its baseline is negative binomial: Poisson, the baseline's
own estimation error (the cell's share rests on its orders of ``LEVEL_WEEKS`` weeks), and
over-dispersion ``phi`` that is measured, not assumed — the value that makes the median
squared standardised residual of the busy cells (baseline ≥ 30) over the last eight
scanned weeks equal to that of a normal variable (0.455), robust to the few real spikes
in them. A week is unusual when it is at least ``RATIO`` × and ``MIN_EXCESS`` orders above
its baseline, ``Z`` standard deviations above it, and that distribution would reach it
with probability under ``P_MAX``.

Reads the weekly rollups only (one query for any span of weeks).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts.models import Role, User
from fawang.analytics.models import (
    Dimension,
    EarlyWarning,
    Grain,
    PeriodRollup,
    WarningNotice,
)
from fawang.dispatch.notify import outbox_enqueue_staff
from fawang.regions.models import Level, Region
from fawang.workorders.models import Category

WINDOW = 12  # recent weeks: the province's level, the county's drift
LEVEL_WEEKS = 52  # weeks over which a cell's share of its category is measured
LY_HALF = 1  # the season: last year's same week ± LY_HALF
HISTORY_WEEKS = 52 + WINDOW  # what one scanned week needs before it
SEASON_PRIOR = 2.0  # orders a week added to both sides of the seasonal ratio
SEASON_CLAMP = (0.25, 4.0)
Z = 4.0  # standard deviations above the baseline
P_MAX = 2e-5  # tail probability of the week under the baseline's distribution
RATIO = 1.5
MIN_EXCESS = 6
PHI_DEFAULT = 0.15  # over-dispersion when too few busy cells to measure it
PHI_MIN_CELLS = 50  # busy cells needed to measure it
CALIBRATION_WEEKS = 8
MEDIAN_CHI2_1 = 0.4549  # median of a squared standard normal


@dataclass(frozen=True)
class Finding:
    county_code: str
    category: str
    week_start: dt.date
    observed: int
    expected: float
    recent_mean: float  # the cell's weekly mean over the last WINDOW weeks
    season: float  # the category's seasonal factor for this week
    score: float
    basis: str  # "seasonal" or "recent" (no history a year back)

    def reason(self) -> str:
        label = dict(Category.choices).get(self.category, self.category)
        rise = (self.observed / self.expected - 1) * 100 if self.expected else 0
        values = {
            "n": WINDOW,
            "mean": self.recent_mean,
            "season": self.season,
            "exp": self.expected,
        }
        if self.basis == "seasonal":
            base = (
                _(
                    "近%(n)d周周均 %(mean).1f 件；按本县近一年在全省该类事项中的占比、"
                    "全省该类近%(n)d周水平及去年同期季节系数 %(season).2f 推算，"
                    "预期 %(exp).1f 件"
                )
                % values
            )
        else:
            base = _("去年同期无数据，按近%(n)d周周均预期 %(exp).1f 件") % values
        return _("“%(cat)s”本周 %(obs)d 件；%(base)s；高出 %(rise).0f%%，异常分值 %(z).1f。") % {
            "cat": label,
            "obs": self.observed,
            "base": base,
            "rise": rise,
            "z": self.score,
        }


def poisson_tail(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam), summed upwards from k (k > lam here)."""
    if k <= 0:
        return 1.0
    term = math.exp(-lam + k * math.log(lam) - math.lgamma(k + 1))
    total, i = term, k
    while term > total * 1e-12:
        i += 1
        term *= lam / i
        total += term
    return min(total, 1.0)


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def nbinom_tail(k: int, mean: float, var: float) -> float:
    """P(X >= k) for a negative binomial X of this mean and variance; the Poisson tail
    when the variance is not above the mean."""
    if var <= mean * (1 + 1e-9):
        return poisson_tail(k, mean)
    if k <= 0:
        return 1.0
    r = mean * mean / (var - mean)
    p = r / (r + mean)
    log_term = (
        math.lgamma(k + r)
        - math.lgamma(r)
        - math.lgamma(k + 1)
        + r * math.log(p)
        + k * math.log1p(-p)
    )
    term = math.exp(log_term)
    total, x = term, k
    while term > total * 1e-12:
        term *= (x + r) / (x + 1) * (1 - p)
        x += 1
        total += term
    return min(total, 1.0)


@dataclass(frozen=True)
class Scan:
    """The unusual cells of a (cell × week) count matrix, as parallel arrays, and the
    over-dispersion measured on it."""

    row: np.ndarray
    week: np.ndarray
    observed: np.ndarray
    expected: np.ndarray
    recent_mean: np.ndarray
    season: np.ndarray
    score: np.ndarray
    seasonal: np.ndarray
    phi: float


@dataclass(frozen=True)
class Rows:
    """What each row of a count matrix is: its category (``group``, rows of one
    category share a season) and its county (``unit``), as small integers."""

    group: np.ndarray
    unit: np.ndarray


def _group_totals(counts: np.ndarray, group: np.ndarray) -> np.ndarray:
    totals = np.zeros((int(group.max()) + 1, counts.shape[1]))
    np.add.at(totals, group, counts)
    return totals


def _baseline(counts: np.ndarray, totals: np.ndarray, rows: Rows, w: int):
    """For week ``w`` and every row: the expected count, its variance, the recent mean,
    the seasonal factor, and whether last year's season was known.

    expected = the province's orders of the row's category expected this week
    (their last ``WINDOW`` weeks × the seasonal factor from last year) × the row's share
    of them over the last ``LEVEL_WEEKS`` weeks × how its county's share of all orders
    moved between that long window and the last ``WINDOW`` weeks."""
    group, unit = rows.group, rows.unit
    recent = counts[:, w - WINDOW : w].sum(axis=1)
    same_ly = totals[:, w - 52 - LY_HALF : w - 51 + LY_HALF].mean(axis=1)
    window_ly = totals[:, w - 52 - WINDOW : w - 52].mean(axis=1)
    known = window_ly > 0
    season = np.where(known, (same_ly + SEASON_PRIOR) / (window_ly + SEASON_PRIOR), 1.0)
    season = np.clip(season, *SEASON_CLAMP)
    province_week = totals[:, w - WINDOW : w].mean(axis=1) * season
    level = counts[:, w - LEVEL_WEEKS : w].sum(axis=1)
    share = level / np.maximum(totals[:, w - LEVEL_WEEKS : w].sum(axis=1)[group], 1.0)
    unit_totals = np.bincount(unit, weights=counts[:, w - LEVEL_WEEKS : w].sum(axis=1))
    unit_recent = np.bincount(unit, weights=recent)
    all_long = max(unit_totals.sum(), 1.0)
    all_recent = max(unit_recent.sum(), 1.0)
    drift = np.where(
        unit_totals > 0,
        (unit_recent / all_recent + 1e-9) / (unit_totals / all_long + 1e-9),
        1.0,
    )
    expected = np.maximum(share * province_week[group] * drift[unit], 0.5)
    var_expected = expected**2 / np.maximum(level, 1.0)
    return expected, var_expected, recent / WINDOW, season[group], known[group]


def measure_phi(counts: np.ndarray, rows: Rows, weeks: range) -> float:
    """Over-dispersion of the busy cells' weeks around their baselines, robustly: the
    φ that makes the median squared standardised residual that of a normal variable."""
    totals = _group_totals(counts, rows.group)
    return _phi_of(counts, {w: _baseline(counts, totals, rows, w) for w in weeks})


def _phi_of(counts: np.ndarray, baselines: dict[int, tuple]) -> float:
    obs, exp, var = [], [], []
    for w, (e, v, *_rest) in baselines.items():
        busy = e >= 30
        obs.append(counts[busy, w])
        exp.append(e[busy])
        var.append(v[busy])
    o, e, v = np.concatenate(obs), np.concatenate(exp), np.concatenate(var)
    if len(o) < PHI_MIN_CELLS:
        return PHI_DEFAULT
    lo, hi = 0.0, 1.0
    for _step in range(40):  # bisection
        mid = (lo + hi) / 2
        if np.median((o - e) ** 2 / (e + v + (mid * e) ** 2)) > MEDIAN_CHI2_1:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def scan(counts: np.ndarray, rows: Rows, first: int, last: int | None = None) -> Scan:
    """Unusual (row, week) cells of ``counts`` (rows × weeks) for the week indexes from
    ``first`` to ``last``. A scanned week needs ``HISTORY_WEEKS`` weeks before it."""
    last = counts.shape[1] - 1 if last is None else last
    first = max(first, HISTORY_WEEKS)
    if first > last or not len(counts):
        return Scan(*([np.array([])] * 8), phi=PHI_DEFAULT)
    totals = _group_totals(counts, rows.group)
    # Each week's baseline once: the last few also calibrate the over-dispersion.
    baselines = {w: _baseline(counts, totals, rows, w) for w in range(first, last + 1)}
    calibration = range(max(first, last - CALIBRATION_WEEKS + 1), last + 1)
    phi = _phi_of(counts, {w: baselines[w] for w in calibration})
    found: list[tuple] = []
    for w, (expected, var_expected, recent_mean, season, known) in baselines.items():
        obs = counts[:, w]
        var = expected + var_expected + (phi * expected) ** 2
        z = (obs - expected) / np.sqrt(var)
        candidate = (z >= Z) & (obs >= RATIO * expected) & (obs - expected >= MIN_EXCESS)
        for i in np.flatnonzero(candidate):
            if nbinom_tail(int(obs[i]), float(expected[i]), float(var[i])) > P_MAX:
                continue
            found.append((i, w, obs[i], expected[i], recent_mean[i], season[i], z[i], known[i]))
    cols = list(zip(*found, strict=True)) if found else [()] * 8
    return Scan(*(np.asarray(c) for c in cols), phi=phi)


def detect(
    *, first_week: dt.date, last_week: dt.date | None = None, region_path: str = ""
) -> list[Finding]:
    """Unusual (county, category, week) cells for the weeks from ``first_week`` to
    ``last_week`` (Mondays), within ``region_path``."""
    first_week = week_of(first_week)
    last_week = week_of(last_week or first_week)
    origin = first_week - dt.timedelta(weeks=HISTORY_WEEKS)
    n_weeks = (last_week - origin).days // 7 + 1
    qs = PeriodRollup.objects.filter(
        grain=Grain.WEEK,
        level=Level.COUNTY,
        dimension=Dimension.CATEGORY,
        start__gte=origin,
        start__lte=last_week,
    )
    if region_path:
        qs = qs.filter(region_path__startswith=region_path)
    rows = list(qs.values_list("county_code", "value", "start", "n"))
    if not rows:
        return []
    cells = sorted({(c, k) for c, k, _s, _n in rows})
    index = {cell: i for i, cell in enumerate(cells)}
    categories = {k: i for i, k in enumerate(sorted({k for _c, k in cells}))}
    counties = {c: i for i, c in enumerate(sorted({c for c, _k in cells}))}
    layout = Rows(
        group=np.array([categories[k] for _c, k in cells]),
        unit=np.array([counties[c] for c, _k in cells]),
    )
    counts = np.zeros((len(cells), n_weeks), dtype=np.float64)
    for c, k, start, n in rows:
        if isinstance(start, str):  # pragma: no cover - SQLite via values_list returns dates
            start = dt.date.fromisoformat(start)
        counts[index[(c, k)], (start - origin).days // 7] += n
    s = scan(counts, layout, HISTORY_WEEKS)
    return [
        Finding(
            county_code=cells[s.row[j]][0],
            category=cells[s.row[j]][1],
            week_start=origin + dt.timedelta(weeks=int(s.week[j])),
            observed=int(s.observed[j]),
            expected=round(float(s.expected[j]), 2),
            recent_mean=round(float(s.recent_mean[j]), 2),
            season=round(float(s.season[j]), 3),
            score=round(float(s.score[j]), 2),
            basis="seasonal" if s.seasonal[j] else "recent",
        )
        for j in range(len(s.row))
    ]


def supervisors_of(county: Region) -> list[User]:
    """The county's supervisors (dispatchers whose jurisdiction is the county); if the
    county has none, the city's."""
    for code in (county.code, county.code[:4] + "00"):
        users = list(
            User.objects.filter(role=Role.DISPATCHER, is_active=True, region_id=code).order_by("id")
        )
        if users:
            return users
    return []


def warnings_run(*, now: dt.datetime | None = None, week_start: dt.date | None = None) -> str:
    """Detect on the last complete week (or ``week_start``), store each new warning with
    its reason and send it to the county's supervisors in-app. Running twice adds
    nothing twice."""
    now = now or timezone.now()
    week = week_of(week_start or (timezone.localtime(now).date() - dt.timedelta(days=7)))
    findings = detect(first_week=week)
    counties = {
        r.code: r
        for r in Region.objects.filter(
            code__in={f.county_code for f in findings}, level=Level.COUNTY
        )
    }
    created = 0
    for f in findings:
        county = counties.get(f.county_code)
        if county is None:
            continue
        try:
            with transaction.atomic():
                warning = EarlyWarning.objects.create(
                    week_start=f.week_start,
                    county_code=f.county_code,
                    county_name=county.name,
                    region_path=county.path,
                    category=f.category,
                    observed=f.observed,
                    expected=f.expected,
                    recent_mean=f.recent_mean,
                    season=f.season,
                    score=f.score,
                    reason=f.reason(),
                    created_at=now,
                )
                recipients = supervisors_of(county)
                WarningNotice.objects.bulk_create(
                    [WarningNotice(warning=warning, user=u, created_at=now) for u in recipients]
                )
                # Staff messages go through the dispatch outbox (in-app), like every
                # other notification of the platform.
                outbox_enqueue_staff(
                    users=recipients,
                    body=_("【异常预警】%(county)s %(week)s 当周：%(reason)s")
                    % {"county": county.name, "week": f.week_start, "reason": warning.reason},
                    now=now,
                )
        except IntegrityError:
            continue  # already warned about this county, category and week
        created += 1
    return f"warnings: week {week}, {len(findings)} found, {created} new"
