import numpy as np

from fawang.hotline.forecast import forecast_days, holt_winters, intraday_profile


def test_holt_winters_follows_trend_and_weekly_season():
    rng = np.random.default_rng(7)
    t = np.arange(364)
    week = np.array([30, 25, 20, 18, 15, -40, -68])
    y = 200 + 0.5 * t + week[t % 7] + rng.normal(0, 4, len(t))
    predicted = forecast_days(y, 7)
    truth = 200 + 0.5 * (364 + np.arange(7)) + week[(364 + np.arange(7)) % 7]
    assert np.abs(predicted - truth).max() < 15
    assert predicted.argmin() == list((364 + np.arange(7)) % 7).index(6)  # Sunday lowest
    assert holt_winters(y).trend > 0.2


def test_short_histories_fall_back_to_last_week():
    assert list(forecast_days([5, 6, 7, 8, 9, 10, 11], 3)) == [5, 6, 7]
    assert list(forecast_days([], 2)) == [0, 0]


def test_forecasts_are_never_negative():
    y = np.r_[np.full(30, 50.0), np.linspace(50, 0, 30)]
    assert (forecast_days(y, 14) >= 0).all()


def test_intraday_profile_sums_to_one_and_follows_counts():
    counts = np.zeros(48)
    counts[18:22] = 500
    p = intraday_profile(counts)
    assert abs(p.sum() - 1) < 1e-12
    assert p[19] > 10 * p[2]
