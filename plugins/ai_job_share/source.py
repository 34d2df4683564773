"""Reading the job board's source database (only ever SELECT, through COPY ... TO STDOUT)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg

from ai_job_share.months import Month
from ai_job_share.sql_files import read_sql


def stream_month(conn: psycopg.Connection, month: Month) -> Iterator[bytes]:
    """The month's postings as COPY text-format blocks, in the column order of ``copy_postings_in.sql``.

    Memory stays bounded: blocks are yielded as the server sends them.
    """
    params = {"month": month.first_day, "start": month.start, "end": month.end}
    with conn.cursor() as cursor, cursor.copy(read_sql("queries/source/extract_month.sql"), params) as copy:
        for block in copy:
            yield bytes(block)
