"""Writing and reading the warehouse. Every write replaces one month inside one transaction, under a per-month
advisory lock, so a rerun gives the same rows and a crash leaves the previous state of the month."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import psycopg
from psycopg.types.json import Jsonb

from ai_job_share.classify import Classification, Match
from ai_job_share.months import Month
from ai_job_share.source import Fingerprint, PostingIssue
from ai_job_share.sql_files import read_sql
from ai_job_share.taxonomy import POSTING_SECTIONS

_TEXT_TYPES = ["int8"] + ["text"] * len(POSTING_SECTIONS)
_CLASSIFIED_TYPES = ["date", "int8", "text", "int4", "bool", "bool", "text[]", "int4", "jsonb", "bool"]
#: Matches stored as evidence per posting and taxonomy; the rest are only counted (``match_count``).
EVIDENCE_LIMIT = 20


#: How long a run waits for another run of the same month to finish writing before it gives up.
MONTH_LOCK_TIMEOUT = "15min"


class MonthBusyError(RuntimeError):
    """Another run holds the month's lock for longer than :data:`MONTH_LOCK_TIMEOUT`."""


@dataclass(frozen=True)
class Chunk:
    """Part of a month: posting ids in [first_id, end_id); ``None`` is unbounded, so chunks cover every id."""

    month: Month
    first_id: int | None = None
    end_id: int | None = None

    def params(self) -> dict:
        return {"month": self.month.first_day, "first_id": self.first_id, "end_id": self.end_id}


@contextmanager
def month_transaction(conn: psycopg.Connection, month: Month, chunk: Chunk | None = None) -> Iterator[psycopg.Cursor]:
    """One transaction holding the month's lock: two runs of the same month never interleave their writes.

    A second run waits for the first (up to MONTH_LOCK_TIMEOUT), then does its own complete replacement. A
    ``chunk`` takes the month's lock shared (chunks of one month are written in parallel, never alongside an
    extract or a load of it) and its own chunk's lock exclusively.
    """
    with conn.transaction(), conn.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", (MONTH_LOCK_TIMEOUT,))
        try:
            if chunk is None:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('ai_job_share.month'), %s)", (_month_key(month),))
            else:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock_shared(hashtext('ai_job_share.month'), %s),"
                    " pg_advisory_xact_lock(hashtext(format('ai_job_share.chunk:%%s:%%s', %s::int, %s::bigint)))",
                    (_month_key(month), _month_key(month), chunk.first_id),
                )
        except psycopg.errors.LockNotAvailable:
            raise MonthBusyError(
                f"month {month} is being written by another run (advisory lock held for over {MONTH_LOCK_TIMEOUT}); "
                "retry when it has finished"
            ) from None
        cursor.execute("SELECT set_config('lock_timeout', '0', true)")
        yield cursor


def replace_staging_month(
    conn: psycopg.Connection,
    month: Month,
    blocks: Iterable[bytes],
    issues: Iterable[PostingIssue] = (),
    fingerprint: Fingerprint | None = None,
) -> int:
    """Replace the month's extracted postings with the COPY ``blocks``, and the extract's recorded issues, in one
    transaction; remember the source's ``fingerprint`` of the month. Returns the number of rows."""
    with month_transaction(conn, month) as cursor:
        cursor.execute(read_sql("queries/warehouse/delete_staging_month.sql"), {"month": month.first_day})
        with cursor.copy(read_sql("queries/warehouse/copy_postings_in.sql")) as copy:
            for block in blocks:
                copy.write(block)
        rows = cursor.rowcount
        cursor.execute(read_sql("queries/warehouse/replace_extract_issues.sql"), {"month": month.first_day})
        cursor.executemany(
            read_sql("queries/warehouse/insert_posting_issue.sql"),
            [
                {
                    "month": issue.month.first_day if issue.month else None,
                    "posting_id": issue.posting_id,
                    "reason": issue.reason,
                    "action": issue.action,
                    "detail": issue.detail,
                    "stage": "extract",
                }
                for issue in issues
            ],
        )
        if fingerprint is not None:
            cursor.execute(
                read_sql("queries/warehouse/record_month_extract.sql"),
                {"month": month.first_day, **asdict(fingerprint)},
            )
        return rows


def extracted_fingerprints(conn: psycopg.Connection, months: list[Month]) -> dict[Month, Fingerprint]:
    """The source fingerprint each month had when it was last extracted (months never extracted are absent)."""
    rows = conn.execute(
        read_sql("queries/warehouse/month_extract_fingerprints.sql"), {"months": [m.first_day for m in months]}
    )
    return {Month.parse(month): Fingerprint(*values) for month, *values in rows}


def chunks_of(conn: psycopg.Connection, month: Month, size: int) -> list[Chunk]:
    """The month's staged postings cut into chunks of about ``size``, together covering every posting id."""
    cuts = [
        row[0]
        for row in conn.execute(
            read_sql("queries/warehouse/chunk_bounds.sql"), {"month": month.first_day, "size": size}
        )
    ]
    bounds = [None, *cuts, None]
    return [Chunk(month, first, end) for first, end in zip(bounds, bounds[1:], strict=False)]


def stream_month_texts(conn: psycopg.Connection, chunk: Chunk) -> Iterator[tuple[int, dict[str, str | None]]]:
    """(posting id, {section: text}) for every extracted posting of the chunk, in posting id order."""
    with (
        conn.cursor() as cursor,
        cursor.copy(read_sql("queries/warehouse/read_month_texts.sql"), chunk.params()) as copy,
    ):
        copy.set_types(_TEXT_TYPES)
        for posting_id, *texts in copy.rows():
            yield posting_id, dict(zip(POSTING_SECTIONS, texts, strict=True))


def replace_classified(
    conn: psycopg.Connection,
    chunk: Chunk,
    taxonomy_ids: list[str],
    results: Iterable[tuple[int, bool, list[Classification]]],
) -> int:
    """Replace the chunk's classifier output for ``taxonomy_ids``; returns the number of rows written."""
    written = 0
    month = chunk.month
    with month_transaction(conn, month, chunk) as cursor:
        cursor.execute(
            read_sql("queries/warehouse/delete_classified_month.sql"), {**chunk.params(), "taxonomy_ids": taxonomy_ids}
        )
        with cursor.copy(read_sql("queries/warehouse/copy_classified_in.sql")) as copy:
            copy.set_types(_CLASSIFIED_TYPES)
            for posting_id, has_text, classifications in results:
                for result in classifications:
                    copy.write_row(
                        (
                            month.first_day,
                            posting_id,
                            result.taxonomy_id,
                            result.taxonomy_version,
                            result.is_ai,
                            result.is_data,
                            result.keywords,
                            len(result.matches),
                            Jsonb([_evidence(match) for match in result.matches[:EVIDENCE_LIMIT]]),
                            has_text,
                        )
                    )
                    written += 1
    return written


def load_month(conn: psycopg.Connection, month: Month, taxonomy_ids: list[str]) -> int:
    """Replace the month's tagged postings and their evidence from staging in one transaction; rows of another
    taxonomy version are archived first. Returns the rows loaded."""
    params = {"month": month.first_day, "taxonomy_ids": taxonomy_ids}
    # Fresh planner statistics for the staging tables the month was just copied into: without them PostgreSQL
    # can pick a nested-loop plan that turns a seconds-long load into many minutes. Outside the month's
    # transaction, because ANALYZE's lock would otherwise serialise the loads of different months.
    conn.execute(read_sql("queries/warehouse/analyze_staging.sql"))
    with month_transaction(conn, month) as cursor:
        cursor.execute(read_sql("queries/warehouse/archive_replaced_versions.sql"), params)
        cursor.execute(read_sql("queries/warehouse/delete_tagged_month.sql"), params)
        cursor.execute(read_sql("queries/warehouse/insert_tagged_month.sql"), params)
        loaded = cursor.rowcount
        cursor.execute(read_sql("queries/warehouse/insert_evidence_month.sql"), params)
        cursor.execute(read_sql("queries/warehouse/record_load_issues.sql"), params)
        return loaded


def refresh_reporting(conn: psycopg.Connection) -> bool:
    """Refresh the BI views, unless a refresh that started after this call began already covers every load
    committed before it (then nothing is done). One refresh at a time; needs an autocommit connection.
    Returns whether this call refreshed."""
    requested_at = conn.execute("SELECT clock_timestamp()").fetchone()[0]
    conn.execute("SELECT pg_advisory_lock(hashtext('ai_job_share.refresh_reporting'))")
    try:
        last = conn.execute("SELECT last_started_at FROM meta.reporting_refresh").fetchone()
        if last is not None and last[0] > requested_at:
            return False
        conn.execute(read_sql("queries/warehouse/refresh_started.sql"))
        conn.execute(read_sql("queries/warehouse/refresh_reporting.sql"))
        return True
    finally:
        conn.execute("SELECT pg_advisory_unlock(hashtext('ai_job_share.refresh_reporting'))")


def _evidence(match: Match) -> dict:
    # Built by hand: dataclasses.asdict deep-copies and costs seconds per 200,000 postings.
    return {
        "group": match.group,
        "keyword": match.keyword,
        "section": match.section,
        "offset": match.offset,
        "text": match.text,
        "snippet": match.snippet,
    }


def _month_key(month: Month) -> int:
    return month.year * 100 + month.month
