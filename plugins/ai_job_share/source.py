"""Reading the job board's source database (only ever SELECT; the month's rows through COPY ... TO STDOUT)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import psycopg

from ai_job_share.months import Month
from ai_job_share.sql_files import read_sql

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


@dataclass(frozen=True)
class PostingIssue:
    month: Month | None
    posting_id: int
    reason: str
    action: str  # "excluded" (not counted) or "kept" (counted, with a caveat)
    detail: str


def _window(month: Month) -> dict:
    return {"month": month.first_day, "start": month.start, "end": month.end}


def stream_month(conn: psycopg.Connection, month: Month) -> Iterator[bytes]:
    """The month's postings as COPY text-format blocks, in the column order of ``copy_postings_in.sql``.

    Memory stays bounded: blocks are yielded as the server sends them.
    """
    with conn.cursor() as cursor, cursor.copy(read_sql("queries/source/extract_month.sql"), _window(month)) as copy:
        for block in copy:
            yield bytes(block)


def month_fingerprint(conn: psycopg.Connection, month: Month) -> Fingerprint:
    row = conn.execute(read_sql("queries/source/month_fingerprint.sql"), _window(month)).fetchone()
    return Fingerprint(*row)


def month_issues(conn: psycopg.Connection, month: Month) -> list[PostingIssue]:
    """Source defects found while extracting ``month``: repeated ids in it, and postings of no month at all."""
    issues = [
        PostingIssue(month, posting_id, "duplicate_id", "kept", f"{count} rows share this id; the last updated is used")
        for posting_id, count in conn.execute(read_sql("queries/source/month_duplicates.sql"), _window(month))
    ]
    issues += [
        PostingIssue(None, posting_id, reason, "excluded", f"published_at = {published_at}")
        for posting_id, reason, published_at in conn.execute(read_sql("queries/source/undated_postings.sql"))
    ]
    return issues
