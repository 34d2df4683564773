"""Run parameters and timestamps are checked against sane ranges where they enter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ai_job_share import limits
from ai_job_share.months import Month


def test_run_params_within_range_are_accepted():
    assert limits.lookback_months("2") == 2
    assert limits.chunk_postings(70) == 70
    assert limits.month("2022-03") == Month(2022, 3)


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (limits.lookback_months, "100000", r"lookback_months: 100000 is out of range \(0\.\.36\)"),
        (limits.lookback_months, -1, r"lookback_months: -1 is out of range"),
        (limits.lookback_months, "two", r"lookback_months: not an integer: 'two'"),
        (limits.chunk_postings, 0, r"chunk_postings: 0 is out of range \(1\.\."),
        (limits.month, "2022-13", r"month: .*month must be 1\.\.12"),
    ],
)
def test_run_params_out_of_range_say_what_to_fix(check, value, message):
    with pytest.raises(limits.ParamError, match=message):
        check(value)


def test_the_timestamp_window_defaults_to_1990_through_ten_years_ahead(monkeypatch):
    monkeypatch.delenv(limits.TIMESTAMP_WINDOW_ENV, raising=False)
    now = datetime(2026, 12, 3, tzinfo=UTC)
    low, high = limits.timestamp_window(now)
    assert low == datetime(1990, 1, 1, tzinfo=UTC)
    assert high == datetime(2037, 1, 1, tzinfo=UTC)


def test_the_timestamp_window_is_a_setting(monkeypatch):
    monkeypatch.setenv(limits.TIMESTAMP_WINDOW_ENV, "2000..2030")
    assert limits.timestamp_window() == (datetime(2000, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC))
    monkeypatch.setenv(limits.TIMESTAMP_WINDOW_ENV, "soon")
    with pytest.raises(limits.ParamError, match=limits.TIMESTAMP_WINDOW_ENV):
        limits.timestamp_window()
