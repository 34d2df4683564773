from datetime import UTC, datetime, timedelta

import pytest

from ai_job_share.months import KST, Month, month_range


def test_korea_time_month_boundaries():
    last_second_of_january = datetime(2022, 1, 31, 23, 59, 59, tzinfo=KST)
    first_second_of_february = datetime(2022, 2, 1, 0, 0, 0, tzinfo=KST)
    assert Month.containing(last_second_of_january) == Month(2022, 1)
    assert Month.containing(first_second_of_february) == Month(2022, 2)
    # Still January in UTC, but February in Korea.
    assert first_second_of_february.astimezone(UTC).month == 1


def test_window_is_half_open_in_korea_time():
    january = Month(2022, 1)
    assert january.start == datetime(2022, 1, 1, tzinfo=KST)
    assert january.end == datetime(2022, 2, 1, tzinfo=KST)
    assert january.start.astimezone(UTC) == datetime(2021, 12, 31, 15, tzinfo=UTC)


def test_december_rolls_into_next_year():
    assert Month(2022, 12).next() == Month(2023, 1)
    assert Month(2022, 12).end == datetime(2023, 1, 1, tzinfo=KST)


def test_from_interval_start_accepts_a_kst_month_start_in_any_zone():
    utc_start = datetime(2022, 1, 31, 15, tzinfo=UTC)  # 2022-02-01 00:00 KST
    assert Month.from_interval_start(utc_start) == Month(2022, 2)


def test_from_interval_start_refuses_a_mid_month_start():
    with pytest.raises(ValueError, match="not a Korea-time month start"):
        Month.from_interval_start(datetime(2022, 2, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-03", Month(2022, 3)),
        ("2022-02-28T15:00:00+00:00", Month(2022, 3)),
        ("2022-03-15T10:00:00", Month(2022, 3)),
    ],
)
def test_parse(value, expected):
    assert Month.parse(value) == expected


@pytest.mark.parametrize("value", ["2022-13", "22-01", "January", ""])
def test_parse_rejects_garbage(value):
    with pytest.raises(ValueError):
        Month.parse(value)


def test_month_range_covers_the_article_period():
    months = month_range("2022-01", "2023-05")
    assert len(months) == 17
    assert str(months[0]) == "2022-01" and str(months[-1]) == "2023-05"
    assert all(b.start - a.start >= timedelta(days=28) for a, b in zip(months, months[1:], strict=False))


def test_month_range_refuses_reversed_bounds():
    with pytest.raises(ValueError, match="empty"):
        month_range("2023-05", "2022-01")
