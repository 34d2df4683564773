"""Sane ranges for the values that enter the product: run parameters and timestamps. Pure: no Airflow, no database.

A value outside its range is refused where it enters, with a :class:`ParamError` that names the value and the
range, so the error says what to fix; the operators fail such a task at once instead of retrying it.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

from ai_job_share.months import Month

#: Earlier months a monthly run re-checks for late edits: at most three years.
MAX_LOOKBACK_MONTHS = 36
#: Postings per ingest task: one task's memory holds a compressed chunk, so ten million is the sane most.
MAX_CHUNK_POSTINGS = 10_000_000

#: Timestamps accepted from a file or a source: ``FIRST..LAST`` years, LAST absolute or ``+N`` years from now.
TIMESTAMP_WINDOW_ENV = "AI_JOB_SHARE_TIMESTAMP_WINDOW"
DEFAULT_TIMESTAMP_WINDOW = "1990..+10"
_WINDOW = re.compile(r"^\s*(\d{4})\s*\.\.\s*(\+?)(\d{1,4})\s*$")


class ParamError(ValueError):
    """A run parameter or setting is out of range or malformed; the message names it and says what is allowed."""


def bounded_int(name: str, value: object, low: int, high: int) -> int:
    """``value`` (an int, or text as a rendered template gives it) as an int in [low, high]."""
    text = str(value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d+", text):
        raise ParamError(f"{name}: not an integer: {value!r}")
    number = int(text)
    if not low <= number <= high:
        raise ParamError(f"{name}: {number} is out of range ({low}..{high})")
    return number


def lookback_months(value: object) -> int:
    return bounded_int("lookback_months", value, 0, MAX_LOOKBACK_MONTHS)


def chunk_postings(value: object) -> int:
    return bounded_int("chunk_postings", value, 1, MAX_CHUNK_POSTINGS)


def month(value: object) -> Month:
    try:
        return Month.parse(value)  # type: ignore[arg-type]
    except ValueError as error:
        raise ParamError(f"month: {error}") from None


def timestamp_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    """[first, end) of the timestamps accepted: from 1 January of the first year to the end of the last, per
    :data:`TIMESTAMP_WINDOW_ENV` (default :data:`DEFAULT_TIMESTAMP_WINDOW`: 1990 through ten years ahead)."""
    setting = os.environ.get(TIMESTAMP_WINDOW_ENV) or DEFAULT_TIMESTAMP_WINDOW
    matched = _WINDOW.match(setting)
    if not matched:
        raise ParamError(
            f"{TIMESTAMP_WINDOW_ENV}: {setting!r} is not FIRST..LAST years (e.g. 1990..2036, or 1990..+10 for ten "
            "years from now)"
        )
    first, relative, last = int(matched.group(1)), matched.group(2), int(matched.group(3))
    if relative:
        last += (now or datetime.now(UTC)).year
    if not 1 <= first <= last < 9999:
        raise ParamError(f"{TIMESTAMP_WINDOW_ENV}: {setting!r} is not a range of years")
    return datetime(first, 1, 1, tzinfo=UTC), datetime(last + 1, 1, 1, tzinfo=UTC)
