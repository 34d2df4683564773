"""Interrupted time series: did a monthly share change its level or its trend at a given month? Pure: no Airflow,
no database.

The segmented regression, fitted by ordinary least squares (statsmodels) on one value per month::

    value(t) = pre_level + pre_slope * t + level_change * after(t) + slope_change * t * after(t) + error(t)

where ``t`` counts calendar months from the break month (negative before it, 0 at it) and ``after(t)`` is 1 from
the break month on. So ``pre_level`` is where the trend before the break would have been at the break month,
``level_change`` the jump at the break month on top of that trend, and ``slope_change`` how much the trend per
month changed. Monthly shares are autocorrelated, so the 95% intervals and p-values use Newey–West (HAC) standard
errors with the rule-of-thumb lag ``floor(4 (n/100)^(2/9))`` (2 lags for 17 months) and Student's t with
``n - 4`` degrees of freedom (the normal approximation is too optimistic for so few months).

A placebo check fits the same model with the break at every month that leaves at least
:data:`MIN_MONTHS_EACH_SIDE` months on each side: a change that is real at the chosen month should rank first (the
smallest p-value) among them. A steady trend or a change at another month makes many candidate months look alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

#: Fewer months on either side leave a segment's slope without a test.
MIN_MONTHS_EACH_SIDE = 3
#: The significance level of the verdict (two-sided, each of the two changes on its own).
ALPHA = 0.05


@dataclass(frozen=True)
class Estimate:
    """A coefficient with its 95% interval and two-sided p-value under Newey-West errors, and its p-value under the
    classical OLS errors (None when the series leaves nothing to test)."""

    value: float
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    classical_p_value: float | None = None

    @property
    def significant(self) -> bool:
        """Significant under both errors: Newey-West guards against autocorrelation, which makes the classical errors
        too narrow; the classical errors guard against Newey-West's own narrowness on short series (measured in
        docs/adr/0005-interrupted-time-series.md: about 1 plain trend in 5 of 17 months passes Newey-West alone)."""
        return (
            self.p_value is not None
            and self.p_value < ALPHA
            and (self.classical_p_value is None or self.classical_p_value < ALPHA)
        )


@dataclass(frozen=True)
class SegmentedFit:
    """The segmented regression with its break at ``break_month``; values in the units of the series."""

    break_month: date
    months_before: int
    months_after: int
    hac_lags: int
    pre_level: Estimate  # the trend before the break, at the break month
    pre_slope: Estimate  # per month, before the break
    level_change: Estimate  # at the break month, above the trend before it
    slope_change: Estimate  # per month, from the break month on

    def fitted(self, month: date) -> float:
        """The fitted value at ``month`` (its segment's line)."""
        return segment_value(
            months_between(self.break_month, month),
            self.pre_level.value,
            self.pre_slope.value,
            self.level_change.value,
            self.slope_change.value,
        )

    def counterfactual(self, month: date) -> float:
        """The trend before the break, carried on to ``month``: what the model expects without a break."""
        return segment_value(months_between(self.break_month, month), self.pre_level.value, self.pre_slope.value)


@dataclass(frozen=True)
class TrendBreak:
    """The model at the chosen break month, the placebo fits and the verdict."""

    break_month: date
    months_before: int
    months_after: int
    fit: SegmentedFit | None  # None: too few months on a side
    placebo: list[SegmentedFit]  # every eligible break month, the chosen one included, in month order
    level_change_rank: int | None  # 1 = the chosen month has the smallest level-change p-value of all candidates
    slope_change_rank: int | None
    verdict: str


def months_between(origin: date, month: date) -> int:
    """Calendar months from ``origin`` to ``month`` (negative when ``month`` is earlier)."""
    return (month.year - origin.year) * 12 + month.month - origin.month


def segment_value(
    t: int, pre_level: float, pre_slope: float, level_change: float = 0.0, slope_change: float = 0.0
) -> float:
    """The model's line at ``t`` months from the break (the coefficients as fitted, or as stored)."""
    if t < 0:
        return pre_level + pre_slope * t
    return pre_level + level_change + (pre_slope + slope_change) * t


def newey_west_lags(observations: int) -> int:
    """Newey and West's (1994) rule of thumb for the lag truncation: floor(4 (n / 100)^(2/9))."""
    return math.floor(4 * (observations / 100) ** (2 / 9))


def hac_fit_options(observations: int) -> dict:
    """The options of statsmodels' ``OLS.fit`` this model uses: Newey–West errors with the rule-of-thumb lag and the
    small-sample correction n / (n - k), and Student's t (short series are where the normal is too optimistic)."""
    lags = newey_west_lags(observations)
    return {"cov_type": "HAC", "cov_kwds": {"maxlags": lags, "use_correction": True}, "use_t": True}


def fit_segmented(months: Sequence[date], values: Sequence[float], break_month: date) -> SegmentedFit:
    """Fit the segmented regression with its break at ``break_month``. ``months`` are first days of months, in
    any order and possibly with gaps (``t`` counts calendar months); raises ValueError with fewer than
    :data:`MIN_MONTHS_EACH_SIDE` months on a side."""
    import numpy as np
    from statsmodels.regression.linear_model import OLS

    if len(months) != len(values):
        raise ValueError(f"{len(months)} months but {len(values)} values")
    t = np.array([months_between(break_month, month) for month in months], dtype=float)
    before, after = int((t < 0).sum()), int((t >= 0).sum())
    if min(before, after) < MIN_MONTHS_EACH_SIDE:
        raise ValueError(
            f"{before} months before and {after} from {break_month:%Y-%m}: "
            f"need at least {MIN_MONTHS_EACH_SIDE} on each side"
        )
    order = np.argsort(t, kind="stable")  # HAC weights neighbours in time: rows in month order
    t = t[order]
    y = np.asarray(values, dtype=float)[order]
    after_break = (t >= 0).astype(float)
    design = np.column_stack([np.ones_like(t), t, after_break, t * after_break])
    with np.errstate(invalid="ignore", divide="ignore"):  # exact lines: zero errors, handled below
        model = OLS(y, design)
        result = model.fit(**hac_fit_options(len(t)))
        intervals, p_values = result.conf_int(alpha=0.05), result.pvalues
        classical = model.fit(use_t=True).pvalues
    # A series on two exact lines leaves residuals of rounding size only: their "errors" would test nothing.
    testable = result.ssr > 1e-12 * max(1.0, float(np.sum((y - y.mean()) ** 2)))
    estimates = [
        _estimate(result.params[i], intervals[i][0], intervals[i][1], p_values[i], classical[i], testable)
        for i in range(4)
    ]
    return SegmentedFit(break_month, before, after, result.cov_kwds["maxlags"], *estimates)


def eligible_break_months(months: Sequence[date]) -> list[date]:
    """Every month of the series' span that leaves at least :data:`MIN_MONTHS_EACH_SIDE` months on each side."""
    ordered = sorted(set(months))
    return ordered[MIN_MONTHS_EACH_SIDE : len(ordered) - MIN_MONTHS_EACH_SIDE + 1]


def analyse(months: Sequence[date], values: Sequence[float], break_month: date, unit: str = "pp") -> TrendBreak:
    """The model at ``break_month``, the placebo fits at every eligible month, the ranks and the verdict.
    ``unit`` names the values' unit in the verdict (shares in percentage points: ``pp``)."""
    before = sum(1 for month in months if month < break_month)
    after = len(months) - before
    placebo = [fit_segmented(months, values, candidate) for candidate in eligible_break_months(months)]
    chosen = next((fit for fit in placebo if fit.break_month == break_month), None)
    level_rank = p_value_rank(chosen, placebo, "level_change")
    slope_rank = p_value_rank(chosen, placebo, "slope_change")
    return TrendBreak(
        break_month=break_month,
        months_before=before,
        months_after=after,
        fit=chosen,
        placebo=placebo,
        level_change_rank=level_rank,
        slope_change_rank=slope_rank,
        verdict=verdict(chosen, break_month, before, after, len(placebo), level_rank, slope_rank, unit),
    )


def verdict(
    fit: SegmentedFit | None,
    break_month: date,
    months_before: int,
    months_after: int,
    candidates: int,
    level_rank: int | None,
    slope_rank: int | None,
    unit: str = "pp",
) -> str:
    """One plain-language sentence on what the model says happened at ``break_month``."""
    at = f"{break_month:%Y-%m}"
    if fit is None:
        return (
            f"not enough months to test: {months_before} before {at} and {months_after} from it; "
            f"need at least {MIN_MONTHS_EACH_SIDE} on each side"
        )
    level, slope = fit.level_change, fit.slope_change
    if level.p_value is None or slope.p_value is None:
        return f"nothing to test at {at}: the series lies exactly on two lines (no month-to-month variation)"
    figures = (
        f"level {_signed(level.value)} {unit} [{_signed(level.ci_low)}, {_signed(level.ci_high)}], "
        f"p = {level.p_value:.2g} (classical {level.classical_p_value:.2g}); slope {_signed(slope.value)} "
        f"{unit}/month [{_signed(slope.ci_low)}, {_signed(slope.ci_high)}], p = {slope.p_value:.2g} "
        f"(classical {slope.classical_p_value:.2g})"
    )
    estimates = (("level", level), ("slope", slope))
    changed = [name for name, estimate in estimates if estimate.significant]  # each at ALPHA on its own
    newey_west_only = [name for name, estimate in estimates if estimate.p_value < ALPHA and not estimate.significant]
    caveat = (
        f"; only the Newey-West errors call the {' and '.join(newey_west_only)} change significant, as they do for"
        " many plain trends of few months"
        if newey_west_only
        else ""
    )
    if not changed:
        return f"no significant change at {at} ({figures}{caveat})"
    ranks = {"level": level_rank, "slope": slope_rank}
    placebo = "; ".join(
        f"{at} ranks {ranks[name]} of {candidates} candidate months for a {name} change" for name in changed
    )
    return f"significant {' and '.join(changed)} change at {at} ({figures}; {placebo}{caveat})"


def p_value_rank(fit: SegmentedFit | None, fits: list[SegmentedFit], change: str) -> int | None:
    """1 + how many of ``fits`` show ``change`` ("level_change" or "slope_change") with a smaller p-value."""
    if fit is None or getattr(fit, change).p_value is None:
        return None
    p_value = getattr(fit, change).p_value
    return 1 + sum(1 for fit in fits if (other := getattr(fit, change).p_value) is not None and other < p_value)


def _estimate(value: float, low: float, high: float, p_value: float, classical: float, testable: bool) -> Estimate:
    if not testable or not all(math.isfinite(x) for x in (low, high, p_value, classical)):
        return Estimate(float(value), None, None, None)
    return Estimate(float(value), float(low), float(high), float(p_value), float(classical))


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"
