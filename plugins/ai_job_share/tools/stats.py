"""Proportion statistics for the reporting layer. Pure: no Airflow, no database.

The reporting views compute the same quantities in SQL (``sql/reporting/functions.sql``: ``reporting.wilson_low``,
``reporting.wilson_high``, ``reporting.erfc``, ``reporting.two_proportion_z``, ``reporting.two_sided_p_value``) so
that a ``REFRESH MATERIALIZED VIEW`` alone keeps every figure current. This module is the reference those functions
are tested against (``tests/integration/reporting/test_reporting.py``) and what Python code uses when it needs the
figures.

- Wilson score interval for a share ``x / n`` (better than the normal approximation near 0 and 1 and for small n).
- Difference of two shares (after minus before): the Wald (unpooled) 95% interval, and the two-proportion z-test
  with the pooled standard error, two-sided p-value ``erfc(|z| / sqrt 2)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The 97.5% quantile of the standard normal distribution: a 95% two-sided interval.
Z_95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class TwoProportionTest:
    """``after`` compared with ``before``; ``difference`` = after share - before share (a fraction, not points)."""

    before_share: float
    after_share: float
    difference: float
    difference_ci: Interval
    z: float | None  # None when the pooled standard error is 0 (both shares 0, or both 1)
    p_value: float | None


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> Interval | None:
    """The Wilson score interval of ``successes / trials``; None when there are no trials."""
    _check_counts(successes, trials)
    if trials == 0:
        return None
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = p + z2 / (2 * trials)
    margin = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    # Exactly 0 for no successes and 1 for all: the formula gives that up to rounding.
    low = 0.0 if successes == 0 else max(0.0, (centre - margin) / denominator)
    high = 1.0 if successes == trials else min(1.0, (centre + margin) / denominator)
    return Interval(low, high)


def normal_cdf(x: float) -> float:
    """Standard normal cumulative distribution function."""
    return 0.5 * math.erfc(-x / math.sqrt(2))


def two_sided_p_value(z: float) -> float:
    """P(|Z| >= |z|) for a standard normal Z."""
    return math.erfc(abs(z) / math.sqrt(2))


def two_proportion_test(
    before_successes: int, before_trials: int, after_successes: int, after_trials: int, z: float = Z_95
) -> TwoProportionTest | None:
    """Compare the share after with the share before; None when either side has no trials."""
    _check_counts(before_successes, before_trials)
    _check_counts(after_successes, after_trials)
    if before_trials == 0 or after_trials == 0:
        return None
    p1, p2 = before_successes / before_trials, after_successes / after_trials
    difference = p2 - p1
    unpooled_se = math.sqrt(p1 * (1 - p1) / before_trials + p2 * (1 - p2) / after_trials)
    pooled = (before_successes + after_successes) / (before_trials + after_trials)
    pooled_se = math.sqrt(pooled * (1 - pooled) * (1 / before_trials + 1 / after_trials))
    z_statistic = difference / pooled_se if pooled_se > 0 else None
    return TwoProportionTest(
        before_share=p1,
        after_share=p2,
        difference=difference,
        difference_ci=Interval(difference - z * unpooled_se, difference + z * unpooled_se),
        z=z_statistic,
        p_value=None if z_statistic is None else two_sided_p_value(z_statistic),
    )


def _check_counts(successes: int, trials: int) -> None:
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError(f"need 0 <= successes <= trials, got {successes} of {trials}")
