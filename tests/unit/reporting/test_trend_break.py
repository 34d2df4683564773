"""The interrupted time series (plugins/ai_job_share/reporting/trend_break.py) on synthetic series: planted changes are
recovered, a plain trend is not called a break, and the figures are statsmodels' own."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from ai_job_share.reporting.trend_break import (
    MIN_MONTHS_EACH_SIDE,
    analyse,
    eligible_break_months,
    fit_segmented,
    months_between,
    newey_west_lags,
)

BREAK = date(2022, 12, 1)
MONTHS = [date(2022 + i // 12, i % 12 + 1, 1) for i in range(17)]  # 2022-01 .. 2023-05, as in the article
T = np.array([months_between(BREAK, month) for month in MONTHS], dtype=float)  # -11 .. 5
AFTER = (T >= 0).astype(float)


def noise(seed: int, sd: float = 0.8) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, sd, len(MONTHS))


def test_months_between_and_the_lag_rule():
    assert months_between(BREAK, date(2022, 1, 1)) == -11
    assert months_between(BREAK, date(2023, 5, 1)) == 5
    assert [newey_west_lags(n) for n in (17, 36, 100)] == [2, 3, 4]


# Newey-West errors on 17 months are too narrow (measured by benchmarks/trend_break_calibration.py: a true 95%
# interval covers the planted value in about 80% of noisy series, and a plain trend is called a level change in about
# 1 of 5): so the planted changes are checked over many series, not on one lucky seed.
SERIES = 60


def planted(level: float, slope_change: float, seed: int) -> np.ndarray:
    return 36.0 + 0.05 * T + level * AFTER + slope_change * T * AFTER + noise(seed)


def coverage(fits, change: str, truth: float) -> float:
    return np.mean([getattr(fit, change).ci_low < truth < getattr(fit, change).ci_high for fit in fits])


def test_a_planted_level_jump_is_recovered_within_its_interval():
    fits = [fit_segmented(MONTHS, planted(6.0, 0.0, seed), BREAK) for seed in range(SERIES)]
    assert (fits[0].months_before, fits[0].months_after) == (11, 6)
    assert coverage(fits, "level_change", 6.0) >= 0.7
    assert np.mean([fit.level_change.value for fit in fits]) == pytest.approx(6.0, abs=0.25)  # unbiased
    assert all(fit.level_change.p_value < 0.01 for fit in fits)  # 6 pp against noise of 0.8 pp: never missed
    assert coverage(fits, "slope_change", 0.0) >= 0.7
    assert coverage(fits, "pre_level", 36.0) >= 0.7
    assert coverage(fits, "pre_slope", 0.05) >= 0.7


def test_a_planted_slope_change_is_recovered_within_its_interval():
    fits = [fit_segmented(MONTHS, planted(0.0, 1.5, seed), BREAK) for seed in range(SERIES)]
    assert coverage(fits, "slope_change", 1.5) >= 0.7
    assert np.mean([fit.slope_change.value for fit in fits]) == pytest.approx(1.5, abs=0.1)
    assert all(fit.slope_change.p_value < 0.01 for fit in fits)
    assert coverage(fits, "level_change", 0.0) >= 0.7


def test_a_pure_trend_with_noise_shows_no_significant_level_change():
    # 16% -> 25% over 17 months, like the English board of the issue: the pooled before/after difference is large.
    series = [16.0 + 0.55 * (T + 11) + noise(seed) for seed in range(SERIES)]
    assert all(values[T >= 0].mean() - values[T < 0].mean() > 3 for values in series)
    results = [analyse(MONTHS, values, BREAK) for values in series]
    # Newey-West alone calls about 1 in 5 of them a level change; the verdict needs the classical errors to agree.
    assert np.mean([result.fit.level_change.p_value < 0.05 for result in results]) <= 0.3
    assert np.mean([result.fit.level_change.significant for result in results]) <= 0.1
    assert np.mean([result.fit.level_change.value for result in results]) == pytest.approx(0.0, abs=0.25)
    unchanged = [result.verdict.startswith("no significant change at 2022-12 (level ") for result in results]
    assert np.mean(unchanged) >= 0.5


def test_figures_are_statsmodels_own_on_a_fixed_series():
    values = [35.1, 36.0, 34.8, 35.5, 37.2, 36.1, 35.0, 36.4, 35.9, 36.8, 35.2, 36.0, 37.9, 36.5, 37.7, 38.4, 37.1]
    fit = fit_segmented(MONTHS, values, BREAK)
    # The same model written as a formula: statsmodels builds the design matrix itself.
    frame = pd.DataFrame({"y": values, "t": T, "after": AFTER})
    reference = smf.ols("y ~ t + after + t:after", frame).fit(
        cov_type="HAC", cov_kwds={"maxlags": 2, "use_correction": True}, use_t=True
    )
    intervals = reference.conf_int(alpha=0.05)
    classical = smf.ols("y ~ t + after + t:after", frame).fit(use_t=True)
    for name, estimate in (
        ("Intercept", fit.pre_level),
        ("t", fit.pre_slope),
        ("after", fit.level_change),
        ("t:after", fit.slope_change),
    ):
        assert estimate.value == pytest.approx(reference.params[name], rel=1e-12, abs=1e-12)
        assert estimate.ci_low == pytest.approx(intervals.loc[name, 0], rel=1e-12)
        assert estimate.ci_high == pytest.approx(intervals.loc[name, 1], rel=1e-12)
        assert estimate.p_value == pytest.approx(reference.pvalues[name], rel=1e-10)
        assert estimate.classical_p_value == pytest.approx(classical.pvalues[name], rel=1e-10)
    assert fit.hac_lags == 2


def test_the_fitted_segments_and_the_counterfactual():
    values = 30.0 + 0.2 * T + 4.0 * AFTER + 0.5 * T * AFTER  # exact lines
    fit = fit_segmented(MONTHS, values, BREAK)
    assert fit.fitted(date(2022, 1, 1)) == pytest.approx(30.0 - 2.2)
    assert fit.fitted(date(2023, 2, 1)) == pytest.approx(30.0 + 0.4 + 4.0 + 1.0)
    assert fit.counterfactual(date(2023, 2, 1)) == pytest.approx(30.4)
    # Exact lines leave nothing to test: no p-values, and the verdict says so.
    assert fit.level_change.p_value is None and fit.level_change.ci_low is None
    assert analyse(MONTHS, values, BREAK).verdict.startswith("nothing to test at 2022-12")


def test_months_in_any_order_and_with_gaps_give_the_same_fit():
    values = planted(6.0, 0.0, seed=4)
    shuffled = np.random.default_rng(0).permutation(len(MONTHS))
    forward = fit_segmented(MONTHS, values, BREAK)
    backward = fit_segmented([MONTHS[i] for i in shuffled], values[shuffled], BREAK)
    assert backward == forward
    gap = fit_segmented(MONTHS[:5] + MONTHS[6:], np.delete(values, 5), BREAK)
    assert gap.months_before == 10  # 2022-06 is missing; t still counts calendar months
    assert gap.level_change.value == pytest.approx(6.0, abs=1.5)


def test_the_placebo_ranks_a_real_jump_first_and_lists_every_eligible_month():
    values = 36.0 + 6.0 * AFTER + noise(5)
    result = analyse(MONTHS, values, BREAK)
    assert [fit.break_month for fit in result.placebo] == eligible_break_months(MONTHS)
    assert result.placebo[0].break_month == MONTHS[MIN_MONTHS_EACH_SIDE]
    assert result.placebo[-1].break_month == MONTHS[-MIN_MONTHS_EACH_SIDE]
    assert len(result.placebo) == 17 - 2 * MIN_MONTHS_EACH_SIDE + 1
    assert result.level_change_rank == 1
    assert "significant level change at 2022-12" in result.verdict
    assert f"2022-12 ranks 1 of {len(result.placebo)} candidate months for a level change" in result.verdict
    # Moved to 2023-03, the break is no longer the month where the level changed most.
    assert analyse(MONTHS, values, date(2023, 3, 1)).level_change_rank > 1


def test_too_few_months_on_a_side():
    with pytest.raises(ValueError, match="2 months before and 15 from 2022-03: need at least 3 on each side"):
        fit_segmented(MONTHS, list(range(17)), date(2022, 3, 1))
    result = analyse(MONTHS[:13], list(range(13)), BREAK)
    assert result.fit is None and result.level_change_rank is None
    assert result.verdict == (
        "not enough months to test: 11 before 2022-12 and 2 from it; need at least 3 on each side"
    )
    assert analyse([], [], BREAK).placebo == []
