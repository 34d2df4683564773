"""Korea-time month windows. Pure: no Airflow, no database.

A month is the half-open interval [first day 00:00 KST, first day of next month 00:00 KST). The DAG derives it
from ``data_interval_start`` (never from ``ds``, which is a UTC date and can name the previous day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

KST = ZoneInfo("Asia/Seoul")

_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1..12, got {self.month}")
        if not 1900 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")

    @classmethod
    def parse(cls, value: Month | str | date | datetime) -> Month:
        """Accept 'YYYY-MM', a date, or a timestamp; a timestamp is read in Korea time (naive means KST)."""
        if isinstance(value, Month):
            return value
        if isinstance(value, datetime):
            return cls.containing(value)
        if isinstance(value, date):
            return cls(value.year, value.month)
        text = str(value).strip()
        matched = _MONTH_PATTERN.match(text)
        if matched:
            return cls(int(matched.group(1)), int(matched.group(2)))
        try:
            return cls.containing(datetime.fromisoformat(text))
        except ValueError:
            raise ValueError(f"not a month: {value!r} (expected YYYY-MM or an ISO timestamp)") from None

    @classmethod
    def containing(cls, moment: datetime) -> Month:
        """The Korea-time month containing ``moment`` (naive timestamps are taken as Korea time)."""
        local = moment.replace(tzinfo=KST) if moment.tzinfo is None else moment.astimezone(KST)
        return cls(local.year, local.month)

    @classmethod
    def from_interval_start(cls, interval_start: datetime) -> Month:
        """The month a monthly data interval covers; the interval must start at a KST month boundary."""
        month = cls.containing(interval_start)
        if interval_start.tzinfo is not None and month.start != interval_start:
            raise ValueError(
                f"data interval start {interval_start.isoformat()} is not a Korea-time month start "
                f"(expected {month.start.isoformat()}); is the DAG's timetable monthly in Asia/Seoul?"
            )
        return month

    @property
    def start(self) -> datetime:
        return datetime(self.year, self.month, 1, tzinfo=KST)

    @property
    def end(self) -> datetime:
        return self.next().start

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def minus(self, months: int) -> Month:
        """The month ``months`` before this one."""
        index = self.year * 12 + self.month - 1 - months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_range(first: Month | str, last: Month | str) -> list[Month]:
    """Every month from ``first`` to ``last``, both included."""
    first, last = Month.parse(first), Month.parse(last)
    if last < first:
        raise ValueError(f"month range is empty: {first} is after {last}")
    months = [first]
    while months[-1] < last:
        months.append(months[-1].next())
    return months
