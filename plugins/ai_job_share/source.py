"""Reading the job board's source database (only ever SELECT; the month's rows through COPY ... TO STDOUT)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import psycopg

from ai_job_share import limits
from ai_job_share.months import Month
from ai_job_share.sql_files import read_sql
from ai_job_share.taxonomy import POSTING_SECTIONS

#: The source contract's posting columns (sql/source/001_source_contract.sql), in table order.
POSTING_COLUMNS = (
    "id",
    "company_id",
    "job_group",
    "job_role",
    "title",
    "intro",
    "main_tasks",
    "requirements",
    "preferred",
    "benefits",
    "required_years_min",
    "required_years_max",
    "published_at",
    "updated_at",
    "status",
)


@dataclass(frozen=True)
class Fingerprint:
    """What a month looks like in the source; any change means postings were added, removed, edited or moved."""

    postings: int
    max_updated_at: datetime | None
    id_checksum: Decimal


#: The issue reason of an id several source rows of a month share.
DUPLICATE_ID = "duplicate_id"
#: The issue reason of a posting whose updated_at is outside the sane window (``limits.timestamp_window``).
TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range"


@dataclass(frozen=True)
class PostingIssue:
    month: Month | None
    posting_id: int
    reason: str
    action: str  # "excluded" (not counted) or "kept" (counted, with a caveat)
    detail: str


#: The columns of a row of ``extract_month.sql`` (COPY text format, tab-separated), in order.
ROW_COLUMNS = (
    "month",
    "id",
    "company_id",
    "company_employee_count",
    "job_group",
    "job_role",
    *POSTING_SECTIONS,
    "required_years_min",
    "required_years_max",
    "published_at",
    "updated_at",
    "status",
)


#: Where a row's six POSTING_SECTIONS fields start (they are consecutive).
SECTIONS_AT = ROW_COLUMNS.index(POSTING_SECTIONS[0])
_HEAD_CUTS = SECTIONS_AT + 1  # the fields up to the first section, and the title
_TAIL_CUTS = len(ROW_COLUMNS) - SECTIONS_AT - len(POSTING_SECTIONS)  # the fields after the last section
#: The position of each column in :func:`small_fields`.
SMALL_FIELDS = {
    name: position
    for position, name in enumerate(ROW_COLUMNS[:_HEAD_CUTS] + ROW_COLUMNS[len(ROW_COLUMNS) - _TAIL_CUTS :])
}


def small_fields(row: bytes) -> list[bytes]:
    """A row's fields (still escaped), but the sections after the title: the row is cut only around them, as the
    labeller reads them in place (``Labeller.label_row``). Positions as :data:`SMALL_FIELDS` says."""
    fields = row.split(b"\t", _HEAD_CUTS)
    fields[-1:] = row.rsplit(b"\t", _TAIL_CUTS)[1:]
    fields[-1] = fields[-1].removesuffix(b"\n")
    return fields


def _window(month: Month) -> dict:
    """The month's parameters, and the sane window of timestamps (``limits.timestamp_window``)."""
    timestamps_from, timestamps_until = limits.timestamp_window()
    return {
        "month": month.first_day,
        "start": month.start,
        "end": month.end,
        "timestamps_from": timestamps_from,
        "timestamps_until": timestamps_until,
    }


def extract_params(
    month: Month, first_id: int | None = None, end_id: int | None = None, duplicate_ids: Sequence[int] = ()
) -> dict:
    """The parameters of ``extract_month.sql``: the whole month by default."""
    return {**_window(month), "first_id": first_id, "end_id": end_id, "duplicate_ids": list(duplicate_ids)}


def stream_rows(
    conn: psycopg.Connection,
    month: Month,
    first_id: int | None,
    end_id: int | None,
    duplicate_ids: Sequence[int] = (),
) -> Iterator[bytes]:
    """The month's postings with ids in [first_id, end_id) (``None``: unbounded), one COPY text row (columns
    ``ROW_COLUMNS``, ending in a newline) at a time, in no particular order; of an id in ``duplicate_ids`` only
    the row updated last. Memory stays bounded: rows are yielded as the server sends them."""
    params = extract_params(month, first_id, end_id, duplicate_ids)
    with conn.cursor() as cursor, cursor.copy(read_sql("queries/source/extract_month.sql"), params) as copy:
        for block in copy:
            yield bytes(block)  # COPY TO sends one row per message (the protocol says so)


@dataclass(frozen=True)
class MonthOutline:
    """A month's fingerprint and the lowest and highest of its posting ids (None when it has none)."""

    fingerprint: Fingerprint
    first_id: int | None
    last_id: int | None

    def chunk_cuts(self, size: int) -> list[int]:
        """Where to cut the month into chunks of about ``size`` postings: the first id of every chunk but the first.

        The id range is cut evenly (as a JDBC partitioned read does), so no sort of the month is needed; chunks
        hold about ``size`` postings where ids are spread evenly over the month, as a board's sequence makes them.
        """
        if size < 1:
            raise ValueError(f"chunk size must be at least 1, got {size}")
        chunks = -(-self.fingerprint.postings // size)
        if chunks < 2 or self.first_id is None or self.last_id is None:
            return []
        span = self.last_id - self.first_id + 1
        return sorted({self.first_id + span * k // chunks for k in range(1, chunks)} - {self.first_id})


def month_outline(conn: psycopg.Connection, month: Month) -> MonthOutline:
    postings, max_updated_at, id_checksum, first_id, last_id = conn.execute(
        read_sql("queries/source/month_outline.sql"), _window(month)
    ).fetchone()
    return MonthOutline(Fingerprint(postings, max_updated_at, id_checksum), first_id, last_id)


def month_fingerprint(conn: psycopg.Connection, month: Month) -> Fingerprint:
    row = conn.execute(read_sql("queries/source/month_fingerprint.sql"), _window(month)).fetchone()
    return Fingerprint(*row)


@dataclass(frozen=True)
class ReconcileCounts:
    """A month in the source, as the reconciliation counts it (``month_reconcile_counts.sql``)."""

    source_rows: int
    distinct_ids: int
    rows_without_id: int
    repeated_ids: int


def reconcile_counts(conn: psycopg.Connection, month: Month) -> ReconcileCounts:
    row = conn.execute(read_sql("queries/source/month_reconcile_counts.sql"), _window(month)).fetchone()
    return ReconcileCounts(*row)


def month_issues(conn: psycopg.Connection, month: Month) -> list[PostingIssue]:
    """Source defects found while extracting ``month``: repeated ids in it (looked for only where no unique index
    on ``id`` rules them out), postings of no month at all, and postings whose updated_at is outside the sane
    window (kept, with the value)."""
    issues = []
    if not conn.execute(read_sql("queries/source/ids_are_unique.sql")).fetchone()[0]:
        issues += [
            PostingIssue(
                month, posting_id, DUPLICATE_ID, "kept", f"{count} rows share this id; the last updated is used"
            )
            for posting_id, count in conn.execute(read_sql("queries/source/month_duplicates.sql"), _window(month))
        ]
    issues += [
        PostingIssue(None, posting_id, reason, "excluded", f"published_at = {published_at}")
        for posting_id, reason, published_at in conn.execute(read_sql("queries/source/undated_postings.sql"))
    ]
    issues += [
        PostingIssue(month, posting_id, TIMESTAMP_OUT_OF_RANGE, "kept", detail)
        for posting_id, detail in conn.execute(read_sql("queries/source/out_of_range_timestamps.sql"), _window(month))
    ]
    return issues
