import datetime as dt
import random

import numpy as np
import pytest

from fawang.analytics import bench
from fawang.analytics.early_warning import (
    HISTORY_WEEKS,
    Rows,
    detect,
    measure_phi,
    nbinom_tail,
    poisson_tail,
    scan,
    warnings_run,
    week_of,
)
from fawang.analytics.models import EarlyWarning, PeriodRollup, WarningNotice
from fawang.analytics.rollups import rollup_rebuild
from fawang.dispatch.models import OutboxMessage
from fawang.workorders.models import WorkOrder
from tests.analytics.conftest import aware, make_order

MONDAY = dt.date(2026, 11, 9)
WUHOU_PATH = "510000/510100/510107"
XICHANG_PATH = "510000/513400/513401"


def _weekly(county, path, category, series, last_week=MONDAY):
    """Hand-made weekly rollups: ``series`` are the counts of the weeks up to ``last_week``."""
    first = last_week - dt.timedelta(weeks=len(series) - 1)
    PeriodRollup.objects.bulk_create(
        [
            PeriodRollup(
                grain="week",
                level=3,
                start=first + dt.timedelta(weeks=i),
                county_code=county,
                city_code=county[:4] + "00",
                region_path=path,
                dimension="category",
                value=category,
                n=n,
            )
            for i, n in enumerate(series)
            if n
        ]
    )


def _noise(rng, mean, weeks=70):
    return [max(0, int(rng.gauss(mean, mean**0.5))) for _ in range(weeks)]


def test_a_rise_against_last_years_same_weeks_is_found_with_its_reason(db):
    rng = random.Random(1)
    quiet = _noise(rng, 10)
    spiky = _noise(rng, 10)
    spiky[-1] = 40  # four times the usual week
    _weekly("510107", WUHOU_PATH, "labour_wage", spiky)
    _weekly("510107", WUHOU_PATH, "marriage_family", quiet)
    _weekly("513401", XICHANG_PATH, "labour_wage", _noise(rng, 30))
    found = detect(first_week=MONDAY)
    assert [(f.county_code, f.category) for f in found] == [("510107", "labour_wage")]
    finding = found[0]
    assert finding.observed == 40 and 6 < finding.expected < 16
    assert finding.basis == "seasonal"
    assert "劳动争议" in finding.reason() and "去年同期" in finding.reason()


def test_a_seasonal_peak_that_also_came_last_year_is_not_a_warning(db):
    rng = random.Random(2)
    series = _noise(rng, 8)
    for back in (0, 52):  # the same week this year and last year: a season, not a spike
        series[-1 - back] = 30
    series[-52 - 2] = 28
    series[-52] = 29
    _weekly("510107", WUHOU_PATH, "labour_wage", series)
    assert detect(first_week=MONDAY) == []


def test_small_counts_need_a_real_excess_not_noise(db):
    series = [1, 0, 2, 1] * 18
    series[-1] = 5  # five times "usual", but only four orders more
    _weekly("510107", WUHOU_PATH, "neighbour", series)
    assert detect(first_week=MONDAY) == []


def test_the_poisson_tail_matches_the_closed_form():
    assert abs(poisson_tail(1, 2.0) - (1 - 2.718281828**-2)) < 1e-9
    assert poisson_tail(30, 5.0) < 1e-10


def test_the_negative_binomial_tail_widens_the_poisson_one():
    assert nbinom_tail(20, 8.0, 8.0) == pytest.approx(poisson_tail(20, 8.0))
    wider = nbinom_tail(20, 8.0, 8.0 + (0.3 * 8) ** 2)
    assert poisson_tail(20, 8.0) < wider < 1e-2


def _generated(seed):
    """The bench generator's counts for the real 183 counties, as (row × week)."""
    from fawang.regions.models import Level
    from fawang.regions.services import _sichuan_rows

    counties = sorted(
        (r["code"], r["population"] or 1) for r in _sichuan_rows() if r["level"] == Level.COUNTY
    )
    return bench.weekly_counts(counties, rows_total=10_000_000, seed=seed)


@pytest.mark.parametrize("seed", [3, bench.SEED])
def test_the_detector_finds_nine_in_ten_generated_spikes_with_few_false_alarms(seed):
    """The bench's 10-million-order generator, without the database: same counts, same
    labelled spikes, the detector's own scan."""
    weekly, rows, labelled = _generated(seed)
    assert bench.EVAL_FIRST_WEEK >= HISTORY_WEEKS
    found = scan(weekly, rows, bench.EVAL_FIRST_WEEK)
    raised = set(zip(found.row.tolist(), found.week.tolist(), strict=True))
    recall = len(raised & labelled) / len(labelled)
    false_alarms = len(raised - labelled) / len(raised)
    assert recall >= 0.9 and false_alarms <= 0.05, (recall, false_alarms)
    assert 0.05 < found.phi < 0.12  # the generator's weeks vary ~8% beyond Poisson


def test_over_dispersion_is_measured_from_the_data():
    rng = np.random.default_rng(5)
    level = rng.uniform(30, 200, size=(400, 1))
    for cv in (0.05, 0.25):
        counts = rng.poisson(level * rng.gamma(1 / cv**2, cv**2, size=(400, 90))).astype(float)
        rows = Rows(group=np.zeros(400, dtype=int), unit=np.arange(400))
        assert measure_phi(counts, rows, range(80, 90)) == pytest.approx(cv, abs=0.03)


def test_warnings_are_stored_once_and_sent_to_the_county_supervisor(sichuan, personas):
    rng = random.Random(3)
    series = _noise(rng, 6)
    series[-1] = 30
    _weekly("510107", WUHOU_PATH, "labour_wage", series)
    now = aware(2026, 11, 18)
    summary = warnings_run(now=now)
    assert "1 new" in summary
    warning = EarlyWarning.objects.get()
    assert warning.week_start == MONDAY and warning.county_name == "武侯区"
    notice = WarningNotice.objects.get()
    assert notice.user == personas["county_dispatcher"]
    assert "1 found, 0 new" in warnings_run(now=now)
    assert WarningNotice.objects.count() == 1
    message = OutboxMessage.objects.get(user=personas["county_dispatcher"])
    assert "异常预警" in message.body and "武侯区" in message.body


def test_warnings_are_found_on_spikes_injected_into_real_orders(sichuan):
    """End to end: orders through the spine, rollups rebuilt, the detector on them."""
    rng = random.Random(4)
    spike_week = MONDAY
    weeks = [spike_week - dt.timedelta(weeks=k) for k in range(62)]
    for week in weeks:
        for county in ("wuhou", "xichang"):
            for i in range(rng.randint(1, 3)):
                make_order(
                    sichuan[county],
                    now=aware(week.year, week.month, week.day) + dt.timedelta(days=i),
                )
    for i in range(18):
        make_order(sichuan["xichang"], now=aware(2026, 11, 10) + dt.timedelta(hours=i * 7))
    rollup_rebuild()
    found = detect(first_week=spike_week)
    assert [(f.county_code, f.week_start) for f in found] == [("513401", spike_week)]
    assert week_of(dt.date(2026, 11, 15)) == spike_week
    assert WorkOrder.objects.count() > 150
