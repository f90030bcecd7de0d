"""Early warning (预测预警): unusual weekly rises per county × category.

The baseline is seasonal and trend-adjusted: the mean of the same three weeks last year
(52 weeks back ± 1), multiplied by how the last 8 weeks compare with the same 8 weeks a
year before (shrunk towards 1 and clamped to [0.5, 2]), and never below the last 8
weeks' own mean. A week is unusual when it is both relatively (× ``RATIO``) and
absolutely (``MIN_EXCESS`` orders) above that, and a Poisson count at the baseline's
upper bound (over-dispersion ``PHI`` plus two standard errors of the baseline) would
reach it with probability under ``P_MAX``; the score is −log10 of that probability.

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

Z = 4.0  # standard deviations above the baseline
SMALL = 10.0  # below this many a week, the Poisson tail decides too
P_MAX = 1e-5  # and a Poisson count at the baseline's upper bound this high: < 1 in 100,000
RATIO = 1.5
MIN_EXCESS = 6
PHI = 0.15  # over-dispersion: weekly counts vary ~15% beyond Poisson
TREND_PRIOR = 5.0
FLOOR_RECENT = True  # the baseline is never below the last 8 weeks' mean
BLEND = 1.0  # weight of the seasonal estimate against the recent level (measured best: 1)
LY_HALF = 1  # last year's weeks: the same week ± LY_HALF
HISTORY_WEEKS = 60  # 52 + 8 for the trend window


@dataclass(frozen=True)
class Finding:
    county_code: str
    category: str
    week_start: dt.date
    observed: int
    expected: float
    last_year: float
    trend: float
    score: float
    basis: str  # "seasonal" or "recent"

    def reason(self) -> str:
        label = dict(Category.choices).get(self.category, self.category)
        rise = (self.observed / self.expected - 1) * 100 if self.expected else 0
        if self.basis == "seasonal":
            base = _(
                "去年同期（前后共3周）周均 %(ly).1f 件，近8周同比趋势系数 %(trend).2f，"
                "预期 %(exp).1f 件"
            ) % {"ly": self.last_year, "trend": self.trend, "exp": self.expected}
        else:
            base = _("去年同期无数据，按近8周周均预期 %(exp).1f 件") % {"exp": self.expected}
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
    counts = np.zeros((len(cells), n_weeks), dtype=np.float64)
    for c, k, start, n in rows:
        if isinstance(start, str):  # pragma: no cover - SQLite via values_list returns dates
            start = dt.date.fromisoformat(start)
        counts[index[(c, k)], (start - origin).days // 7] += n
    findings: list[Finding] = []
    for w in range(HISTORY_WEEKS, n_weeks):
        obs = counts[:, w]
        ly_sum = counts[:, w - 52 - LY_HALF : w - 51 + LY_HALF].sum(axis=1)
        ly_n = 2 * LY_HALF + 1
        recent = counts[:, w - 8 : w].sum(axis=1)
        recent_ly = counts[:, w - 60 : w - 52].sum(axis=1)
        trend = np.clip((recent + TREND_PRIOR) / (recent_ly + TREND_PRIOR), 0.5, 2.0)
        seasonal = (ly_sum + recent_ly) > 0
        # Expected: last year's same weeks × trend (optionally blended with the recent
        # level), never below the recent level; the recent level alone where there is
        # no history a year back.
        seasonal_est = ly_sum / ly_n * trend
        recent_est = recent / 8
        expected = np.where(seasonal, BLEND * seasonal_est + (1 - BLEND) * recent_est, recent_est)
        if FLOOR_RECENT:
            expected = np.maximum(expected, recent_est)
        expected = np.maximum(expected, 0.5)
        # Noise: Poisson, the baseline's own estimation error, and over-dispersion.
        noise = np.where(
            seasonal,
            BLEND**2 * trend**2 * ly_sum / ly_n**2 + (1 - BLEND) ** 2 * recent / 64,
            recent / 64,
        )
        z = (obs - expected) / np.sqrt(expected + noise + (PHI * expected) ** 2)
        upper = expected + 2 * np.sqrt(noise)
        candidate = (
            (z >= Z) & (obs >= RATIO * expected) & (obs - expected >= MIN_EXCESS) & (obs > upper)
        )
        week = origin + dt.timedelta(weeks=w)
        for i in np.flatnonzero(candidate):
            # Small counts: the normal approximation flatters; ask the Poisson tail at
            # the baseline's upper bound as well.
            if expected[i] < SMALL and poisson_tail(int(obs[i]), float(upper[i])) > P_MAX:
                continue
            c, k = cells[i]
            findings.append(
                Finding(
                    county_code=c,
                    category=k,
                    week_start=week,
                    observed=int(obs[i]),
                    expected=round(float(expected[i]), 2),
                    last_year=round(float(ly_sum[i] / ly_n), 2),
                    trend=round(float(trend[i]), 3),
                    score=round(float(z[i]), 2),
                    basis="seasonal" if seasonal[i] else "recent",
                )
            )
    return findings


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
                    last_year=f.last_year,
                    trend=f.trend,
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
