"""Proportion statistics (plugins/ai_job_share/tools/stats.py) against values computed by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ai_job_share.tools.stats import (
    Z_95,
    normal_cdf,
    two_proportion_test,
    two_sided_p_value,
    wilson_interval,
)


def test_z_95_is_the_975_percent_normal_quantile():
    assert normal_cdf(Z_95) == pytest.approx(0.975, abs=1e-15)
    assert two_sided_p_value(Z_95) == pytest.approx(0.05, abs=1e-15)


def test_wilson_interval_of_10_in_100():
    # p = 0.1, z^2 = 3.8415: centre (0.1 + 0.019207) / 1.038415, margin 1.96 * sqrt(0.0009 + 0.000096) / 1.038415
    interval = wilson_interval(10, 100)
    assert interval.low == pytest.approx(0.055229, abs=1e-6)
    assert interval.high == pytest.approx(0.174366, abs=1e-6)


def test_wilson_interval_of_400_in_1000():
    # p = 0.4, n = 1000: (0.4 + 0.0019207 -/+ 1.959964 * sqrt(0.00024 + 0.00000096)) / 1.0038415
    #                   = (0.4019207 -/+ 0.0304243) / 1.0038415
    interval = wilson_interval(400, 1000)
    assert interval.low == pytest.approx(0.370075, abs=1e-6)
    assert interval.high == pytest.approx(0.430691, abs=1e-6)


def test_wilson_interval_at_the_edges():
    # 0 of n: [0, z^2 / (n + z^2)]; n of n: [n / (n + z^2), 1]
    none = wilson_interval(0, 10)
    assert none.low == 0.0
    assert none.high == pytest.approx(Z_95**2 / (10 + Z_95**2), abs=1e-12)
    assert none.high == pytest.approx(0.277533, abs=1e-6)  # 3.841459 / 13.841459
    every = wilson_interval(10, 10)
    assert every.low == pytest.approx(10 / (10 + Z_95**2), abs=1e-12)
    assert every.high == 1.0
    assert wilson_interval(0, 0) is None


@pytest.mark.parametrize(("successes", "trials"), [(-1, 10), (11, 10), (0, -1)])
def test_impossible_counts_are_rejected(successes, trials):
    with pytest.raises(ValueError):
        wilson_interval(successes, trials)
    with pytest.raises(ValueError):
        two_proportion_test(successes, trials, 1, 10)


@given(st.integers(min_value=1, max_value=10**7).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_share_and_stays_in_0_1(counts):
    successes, trials = counts
    interval = wilson_interval(successes, trials)
    assert 0.0 <= interval.low <= successes / trials <= interval.high <= 1.0


def test_two_proportion_test_of_40_in_100_against_60_in_100():
    # pooled p = 0.5, se = sqrt(0.25 * 0.02) = 0.0707107, z = 0.2 / se = 2.828427, p = 2 * (1 - Phi(2.828427))
    # unpooled se = sqrt(0.0024 + 0.0024) = 0.0692820: difference 0.2 -/+ 1.96 * se
    result = two_proportion_test(40, 100, 60, 100)
    assert result.before_share == 0.4
    assert result.after_share == 0.6
    assert result.difference == pytest.approx(0.2, abs=1e-12)
    assert result.z == pytest.approx(2.828427, abs=1e-6)
    assert result.p_value == pytest.approx(0.0046777, abs=1e-7)
    assert result.difference_ci.low == pytest.approx(0.064210, abs=1e-6)
    assert result.difference_ci.high == pytest.approx(0.335790, abs=1e-6)


def test_two_proportion_test_of_a_small_decrease():
    # 3,500 of 10,000 before, 1,900 of 5,000 after: +3.00 pp; pooled p = 0.36, se = sqrt(0.2304 * 0.0003) = 0.0083138
    # z = 0.03 / 0.0083138 = 3.608439, p = 0.000308; unpooled se = sqrt(0.00002275 + 0.00004712) = 0.0083588
    result = two_proportion_test(3500, 10000, 1900, 5000)
    assert result.difference == pytest.approx(0.03, abs=1e-12)
    assert result.z == pytest.approx(3.608439, abs=1e-5)
    assert result.p_value == pytest.approx(0.000308, abs=1e-6)
    assert result.difference_ci.low == pytest.approx(0.03 - 1.959964 * 0.0083588, abs=1e-6)
    assert result.difference_ci.high == pytest.approx(0.03 + 1.959964 * 0.0083588, abs=1e-6)
    swapped = two_proportion_test(1900, 5000, 3500, 10000)
    assert swapped.z == pytest.approx(-result.z, abs=1e-12)
    assert swapped.p_value == pytest.approx(result.p_value, abs=1e-15)


def test_two_proportion_test_without_variation_has_no_statistic():
    result = two_proportion_test(0, 10, 0, 20)
    assert result.difference == 0.0
    assert result.z is None and result.p_value is None
    assert two_proportion_test(0, 0, 1, 2) is None


def test_p_values_of_large_statistics_keep_their_relative_precision():
    # P(|Z| >= 10) = erfc(10 / sqrt 2) = 1.523970e-23
    assert two_sided_p_value(10.0) == pytest.approx(1.5239706e-23, rel=1e-7)
    assert two_sided_p_value(-10.0) == two_sided_p_value(10.0)
    assert normal_cdf(-10.0) == pytest.approx(7.6198530e-24, rel=1e-7)
    assert math.isclose(normal_cdf(0.0), 0.5)
