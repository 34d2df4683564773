"""Postings that used to vanish from a published month without a trace (issue 14): a posting re-dated into a month
outside the lookback, an id reused by a posting of another month, a row without an id. Each case runs the monthly
DAG's operators in the DAG's order (plan with the default lookback, ingest, publish, reconcile) against real
PostgreSQL, and counts every month of the source against the warehouse: nothing may be lost."""

from __future__ import annotations

from datetime import datetime

import pytest

from ai_job_share.months import KST, Month, month_range
from ai_job_share.operators import IngestChunkOperator, PlanMonthOperator, PublishOperator, ReconcileMonthsOperator
from ai_job_share.schedule import SOURCE_CONN_ID, WAREHOUSE_CONN_ID

MONTHS = month_range("2022-01", "2022-05")
JANUARY, MARCH, APRIL, MAY = Month(2022, 1), Month(2022, 3), Month(2022, 4), Month(2022, 5)
CONNECTIONS = {"source_conn_id": SOURCE_CONN_ID, "warehouse_conn_id": WAREHOUSE_CONN_ID}


def postings_of(month: Month, count: int = 4) -> list[tuple]:
    """``count`` developer postings of ``month`` (ids month * 100 + 1 ...), every other one about AI."""
    return [
        (
            month.month * 100 + number,
            "개발",
            "AI 엔지니어" if number % 2 else "백엔드 개발자",
            "서버 개발",
            datetime(month.year, month.month, 10 + number),
            "open",
        )
        for number in range(1, count + 1)
    ]


def monthly_run(month: Month) -> list[dict]:
    """What a run of the monthly DAG for ``month`` does to the data, with its default lookback: its operators, in
    the DAG's order, without the scheduler. Returns the plan's chunks; a failing task raises."""
    chunks = PlanMonthOperator(task_id="plan_month", month=str(month), taxonomies="wanted-2023", **CONNECTIONS).execute(
        {}
    )
    for chunk in chunks:
        IngestChunkOperator(task_id="ingest_chunk", chunk=chunk, taxonomies="wanted-2023", **CONNECTIONS).execute({})
    PublishOperator(task_id="publish_month", chunks=chunks, warehouse_conn_id=WAREHOUSE_CONN_ID).execute({})
    ReconcileMonthsOperator(task_id="reconcile_months", chunks=chunks, **CONNECTIONS).execute({})
    return chunks


def source_counts(source_conn) -> dict[str, tuple[int, int]]:
    """Per Korea-time month: the source's postings with an id (each id once) and how many of them mention AI."""
    rows = source_conn.execute(
        "SELECT to_char(published_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM'), count(DISTINCT id),"
        " count(DISTINCT id) FILTER (WHERE title LIKE 'AI%%')"
        " FROM job_board.postings WHERE id IS NOT NULL GROUP BY 1"
    )
    return {month: (postings, ai) for month, postings, ai in rows}


def warehouse_counts(warehouse_conn) -> dict[str, tuple[int, int]]:
    """Per month: the published postings and the AI ones under wanted-2023."""
    rows = warehouse_conn.execute(
        "SELECT to_char(month, 'YYYY-MM'), count(*), count(*) FILTER (WHERE is_ai)"
        " FROM core.tagged_postings WHERE taxonomy_id = 'wanted-2023' GROUP BY 1"
    )
    return {month: (postings, ai) for month, postings, ai in rows}


def rows_lost(source_conn, warehouse_conn, recorded_excluded: int = 0) -> int:
    """Source postings (with an id, each id once) neither published nor recorded as excluded, over all months."""
    source = sum(postings for postings, _ in source_counts(source_conn).values())
    held = sum(postings for postings, _ in warehouse_counts(warehouse_conn).values())
    return source - held - recorded_excluded


def issues(warehouse_conn) -> list[tuple]:
    return warehouse_conn.execute(
        "SELECT month, posting_id, reason, action, detail, stage, postings FROM core.posting_issues"
        " ORDER BY month, posting_id, reason, detail"
    ).fetchall()


@pytest.fixture
def board(source_conn, warehouse_conn, insert_postings):
    """Four postings in each month of 2022-01..05 in the source; January to April loaded by their monthly runs."""
    insert_postings(source_conn, [posting for month in MONTHS for posting in postings_of(month)])
    for month in MONTHS[:-1]:
        monthly_run(month)
    return source_conn


@pytest.fixture
def board_without_key(source_conn):
    """A source whose postings have no primary key and a nullable id (a board that does not enforce them); the
    contract's key is restored afterwards."""
    source_conn.execute("ALTER TABLE job_board.postings DROP CONSTRAINT postings_pkey CASCADE")
    source_conn.execute("ALTER TABLE job_board.postings ALTER COLUMN id DROP NOT NULL")
    try:
        yield source_conn
    finally:
        source_conn.execute("DELETE FROM job_board.postings")
        source_conn.execute("ALTER TABLE job_board.postings ALTER COLUMN id SET NOT NULL")
        source_conn.execute("ALTER TABLE job_board.postings ADD PRIMARY KEY (id)")


def test_a_posting_re_dated_into_a_month_outside_the_lookback_lands_there(board, warehouse_conn):
    """April's 401 re-dated to January, then the May run (lookback 2: March and April): before, 401 was deleted
    from April and never added to January, and the run succeeded."""
    board.execute(
        "UPDATE job_board.postings SET published_at = %s, updated_at = now() WHERE id = 401",
        (datetime(2022, 1, 20, tzinfo=KST),),
    )
    chunks = monthly_run(MAY)
    assert warehouse_counts(warehouse_conn) == source_counts(board)
    assert warehouse_counts(warehouse_conn)["2022-01"] == (5, 3)
    # January was planned, published and reconciled with April and May
    assert sorted({chunk["month"] for chunk in chunks}) == ["2022-01", "2022-04", "2022-05"]
    month_of_401 = warehouse_conn.execute(
        "SELECT to_char(month, 'YYYY-MM') FROM core.tagged_postings WHERE posting_id = 401"
    ).fetchall()
    assert month_of_401 == [("2022-01",)]
    assert rows_lost(board, warehouse_conn) == 0
    before = issues(warehouse_conn)
    monthly_run(MAY)  # a rerun changes nothing
    assert warehouse_counts(warehouse_conn) == source_counts(board)
    assert issues(warehouse_conn) == before
