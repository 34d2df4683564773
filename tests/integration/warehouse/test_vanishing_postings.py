"""Postings that used to vanish from a published month without a trace (issue 14): a posting re-dated into a month
outside the lookback, an id reused by a posting of another month, a row without an id. Each case runs the monthly
DAG's operators in the DAG's order (plan with the default lookback, ingest, publish, reconcile) against real
PostgreSQL, and counts every month of the source against the warehouse: nothing may be lost."""

from __future__ import annotations

from datetime import datetime

import pytest
from airflow.sdk.exceptions import AirflowFailException

from ai_job_share.months import KST, Month, month_range
from ai_job_share.orchestration.operators import (
    IngestChunkOperator,
    PlanMonthOperator,
    PublishOperator,
    ReconcileMonthsOperator,
)
from ai_job_share.orchestration.schedule import SOURCE_CONN_ID, WAREHOUSE_CONN_ID
from ai_job_share.tools.inspection import explain_postings, format_issue_summary, issue_summary

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
    """Per Korea-time month: the source's postings (each id once, and every row without an id) and how many of
    them mention AI."""
    rows = source_conn.execute(
        "SELECT to_char(published_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM'),"
        " count(DISTINCT id) + count(*) FILTER (WHERE id IS NULL),"
        " count(DISTINCT id) FILTER (WHERE title LIKE 'AI%%')"
        " + count(*) FILTER (WHERE id IS NULL AND title LIKE 'AI%%')"
        " FROM job_board.postings GROUP BY 1"
    )
    return {month: (postings, ai) for month, postings, ai in rows}


def warehouse_counts(warehouse_conn) -> dict[str, tuple[int, int]]:
    """Per month: the published postings and the AI ones under wanted-2023."""
    rows = warehouse_conn.execute(
        "SELECT to_char(month, 'YYYY-MM'), count(*), count(*) FILTER (WHERE is_ai)"
        " FROM core.tagged_postings WHERE taxonomy_id = 'wanted-2023' GROUP BY 1"
    )
    return {month: (postings, ai) for month, postings, ai in rows}


def rows_lost(source_conn, warehouse_conn) -> int:
    """Source postings of the published months (as :func:`source_counts` counts them) neither published nor
    recorded as excluded by the extract (a posting recorded as having left its month is not in it)."""
    published = warehouse_counts(warehouse_conn)
    source = sum(postings for month, (postings, _) in source_counts(source_conn).items() if month in published)
    held = sum(postings for postings, _ in published.values())
    recorded = warehouse_conn.execute(
        "SELECT coalesce(sum(postings), 0) FROM core.posting_issues"
        " WHERE stage = 'extract' AND action = 'excluded' AND month IS NOT NULL AND reason <> 'left_month'"
    ).fetchone()[0]
    return source - held - recorded


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


def insert_row(source_conn, posting_id: int | None, title: str, published_at: datetime) -> None:
    """One more developer posting of company 1 (updated now), published at ``published_at`` in Korea time."""
    source_conn.execute(
        "INSERT INTO job_board.postings (id, company_id, job_group, job_role, title, main_tasks, published_at)"
        " VALUES (%s, 1, '개발', '백엔드', %s, '서버 개발', %s)",
        (posting_id, title, published_at.replace(tzinfo=KST)),
    )


def test_an_id_reused_by_a_posting_of_another_month_is_recorded_and_the_earlier_month_keeps_its_posting(
    board_without_key, board, warehouse_conn
):
    """March's 301 (an AI posting) reappears as the id of a May posting: before, the May run deleted 301 from
    March (4 to 3 postings, 2 to 1 AI) while the source still held March's posting, and recorded nothing."""
    march = warehouse_counts(warehouse_conn)["2022-03"]
    insert_row(board, 301, "백엔드 개발자", datetime(2022, 5, 20))
    monthly_run(MAY)
    assert warehouse_counts(warehouse_conn)["2022-03"] == march == (4, 2)
    assert warehouse_conn.execute(
        "SELECT to_char(p.month, 'YYYY-MM'), p.title FROM core.postings AS p JOIN meta.month_loads USING (load_id)"
        " WHERE posting_id = 301"
    ).fetchall() == [("2022-03", "AI 엔지니어")]
    reused = warehouse_conn.execute(
        "SELECT to_char(month, 'YYYY-MM'), reason, action, detail FROM core.posting_issues WHERE posting_id = 301"
        " ORDER BY month"
    ).fetchall()
    # Both months record it (March was reloaded by the May run to say so), each naming the other.
    assert [row[:3] for row in reused] == [("2022-03", "id_reused", "kept"), ("2022-05", "id_reused", "excluded")]
    assert all("2022-03" in detail and "2022-05" in detail for *_, detail in reused)
    assert warehouse_counts(warehouse_conn)["2022-05"] == (4, 2)
    assert rows_lost(board, warehouse_conn) == 0
    before = issues(warehouse_conn)
    monthly_run(MAY)  # a rerun gives the same rows and issues
    monthly_run(MARCH)  # March's own rerun keeps its posting
    assert warehouse_counts(warehouse_conn)["2022-03"] == (4, 2)
    assert issues(warehouse_conn) == before
    assert rows_lost(board, warehouse_conn) == 0


def test_an_id_reused_by_a_posting_of_an_earlier_month_is_recorded_in_both(board_without_key, board, warehouse_conn):
    """A new March posting takes April's id 401: March published it first and keeps it, and April - whose postings
    did not change - is reloaded in the same run to record that its 401 no longer counts, instead of losing it
    silently when March is published."""
    insert_row(board, 401, "백엔드 개발자", datetime(2022, 3, 25))
    chunks = monthly_run(MAY)
    assert sorted({chunk["month"] for chunk in chunks}) == ["2022-03", "2022-04", "2022-05"]
    assert warehouse_counts(warehouse_conn)["2022-03"] == (5, 2)
    assert warehouse_counts(warehouse_conn)["2022-04"] == (3, 1)
    assert rows_lost(board, warehouse_conn) == 0
    assert warehouse_conn.execute(
        "SELECT to_char(month, 'YYYY-MM'), action FROM core.posting_issues WHERE posting_id = 401 ORDER BY month"
    ).fetchall() == [("2022-03", "kept"), ("2022-04", "excluded")]
    assert rows_lost(board, warehouse_conn) == 0


@pytest.mark.parametrize("with_duplicates", [True, False], ids=["month-with-duplicate-ids", "month-without"])
def test_a_row_without_an_id_is_recorded_and_skipped(board_without_key, board, warehouse_conn, with_duplicates):
    """A May row whose id is NULL: before, it vanished from a month with duplicate ids (reconcile_months then
    failed, naming the row without an id, on every rerun), and failed ingest_chunk in a month without
    (``invalid literal for int() with base 10: b'\\N'``)."""
    if with_duplicates:
        insert_row(board, 502, "AI 엔지니어 (수정)", datetime(2022, 5, 12))  # updated last: read
    insert_row(board, None, "AI 리서처", datetime(2022, 5, 25, 9, 30))
    monthly_run(MAY)
    recorded = warehouse_conn.execute(
        "SELECT to_char(month, 'YYYY-MM'), posting_id, reason, action, detail, postings FROM core.posting_issues"
        " WHERE reason = 'no_id'"
    ).fetchall()
    assert [row[:4] + row[5:] for row in recorded] == [("2022-05", None, "no_id", "excluded", 1)]
    assert "2022-05-25 09:30:00+09" in recorded[0][4] and "AI 리서처" in recorded[0][4]
    assert warehouse_counts(warehouse_conn)["2022-05"] == (4, 3 if with_duplicates else 2)
    assert rows_lost(board, warehouse_conn) == 0
    summary = format_issue_summary(issue_summary(warehouse_conn, MAY))
    assert "excluded no_id                      1  rows without an id (a row without an id" in summary, summary
    assert explain_postings(warehouse_conn, [501])[0]["issues"] == []  # not a caveat of the month's other postings
    before = issues(warehouse_conn)
    monthly_run(MAY)
    assert issues(warehouse_conn) == before


def test_reconcile_months_fails_naming_each_month_and_its_counts(board, warehouse_conn):
    """Any difference left fails the task at once (AirflowFailException: not retried), naming the months, the
    counts on both sides and what to rerun: here a posting deleted from the source, and one added late, after
    their months were published."""
    board.execute("UPDATE job_board.postings SET updated_at = now() WHERE id = 403")  # a late edit of April
    chunks = monthly_run(MAY)  # reloads April with May
    board.execute("DELETE FROM job_board.postings WHERE id = 402")
    insert_row(board, 599, "백엔드 개발자", datetime(2022, 5, 28))
    with pytest.raises(AirflowFailException) as failed:
        ReconcileMonthsOperator(task_id="reconcile_months", chunks=chunks, **CONNECTIONS).execute({})
    message = str(failed.value)
    assert "2022-04: the source holds 3 postings (3 distinct ids" in message and "loaded 4" in message
    assert "2022-05: the source holds 5 postings (5 distinct ids" in message and "rerun 2022-05" in message
    monthly_run(MAY)  # the rerun the message asks for (April is in its lookback) reconciles both
    assert rows_lost(board, warehouse_conn) == 0


def test_a_posting_that_leaves_for_no_published_month_is_recorded(board, warehouse_conn):
    """April's 402 re-dated into 2021-12, a month never loaded, and April's 403 deleted from the source: the May run
    reloads April without them and records why, and keeps the records on every rerun while that is still so."""
    board.execute(
        "UPDATE job_board.postings SET published_at = %s, updated_at = now() WHERE id = 402",
        (datetime(2021, 12, 24, tzinfo=KST),),
    )
    board.execute("DELETE FROM job_board.postings WHERE id = 403")
    monthly_run(MAY)
    left = warehouse_conn.execute(
        "SELECT to_char(month, 'YYYY-MM'), posting_id, action, detail FROM core.posting_issues"
        " WHERE reason = 'left_month' ORDER BY posting_id"
    ).fetchall()
    assert [row[:3] for row in left] == [("2022-04", 402, "excluded"), ("2022-04", 403, "excluded")]
    assert "published now in 2021-12, a month not loaded" in left[0][3]
    assert "deleted" in left[1][3]
    assert warehouse_counts(warehouse_conn)["2022-04"] == (2, 1)
    before = issues(warehouse_conn)
    monthly_run(APRIL)  # April's own rerun: its published load no longer holds them, the record stays
    monthly_run(MAY)
    assert issues(warehouse_conn) == before
    board.execute(  # 402 comes back to April: it counts there again, the record goes
        "UPDATE job_board.postings SET published_at = %s, updated_at = now() WHERE id = 402",
        (datetime(2022, 4, 12, tzinfo=KST),),
    )
    monthly_run(MAY)
    assert warehouse_counts(warehouse_conn)["2022-04"] == (3, 1)
    assert rows_lost(board, warehouse_conn) == 0
    assert warehouse_conn.execute(
        "SELECT posting_id FROM core.posting_issues WHERE reason = 'left_month'"
    ).fetchall() == [(403,)]
