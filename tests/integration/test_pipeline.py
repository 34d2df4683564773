"""The month data path (extract → classify → load → refresh) against real PostgreSQL, on hand-made postings."""

from __future__ import annotations

from datetime import datetime

import psycopg
import pytest

from ai_job_share import pipeline, warehouse
from ai_job_share.migrations import migrate
from ai_job_share.months import KST, Month
from ai_job_share.taxonomy import load_taxonomy

JANUARY, FEBRUARY = Month(2022, 1), Month(2022, 2)
WANTED = [load_taxonomy("wanted-2023")]

# id, job group, title, main_tasks, published_at (KST), status
POSTINGS = [
    (1, "개발", "백엔드 개발자", "AI 추천 시스템 개발", datetime(2022, 1, 1, 0, 0, 0), "open"),
    (2, "개발", "프론트엔드 개발자", "EMAIL 템플릿과 DETAIL 페이지", datetime(2022, 1, 10), "open"),
    (3, "개발", "데이터 엔지니어", "데이터 파이프라인", datetime(2022, 1, 20), "closed"),
    (4, "개발", "ML 엔지니어", "머신 러닝 모델 서빙", datetime(2022, 1, 31, 23, 59, 59), "open"),
    (5, "디자인", "UX 디자이너", "AI 기반 디자인 툴", datetime(2022, 1, 15), "open"),
    (6, "개발", "백엔드 개발자", "딥러닝 서버", datetime(2022, 1, 16), "deleted"),
    (7, "개발", "QA 엔지니어", "KAIST 출신 우대", datetime(2022, 2, 1, 0, 0, 0), "open"),
]


def insert_postings(conn: psycopg.Connection, postings=POSTINGS) -> None:
    conn.execute("INSERT INTO job_board.companies (id, name, employee_count) VALUES (1, '테스트', 50)")
    for posting_id, group, title, tasks, published, status in postings:
        conn.execute(
            "INSERT INTO job_board.postings (id, company_id, job_group, job_role, title, main_tasks, published_at,"
            " status) VALUES (%s, 1, %s, %s, %s, %s, %s, %s)",
            (posting_id, group, title, title, tasks, published.replace(tzinfo=KST), status),
        )


def run_month(source_conn, warehouse_conn, month: Month) -> None:
    with psycopg.connect(warehouse_conn.info.dsn, autocommit=True) as reader:
        pipeline.extract_month(source_conn, warehouse_conn, month)
        pipeline.classify_month(reader, warehouse_conn, month, WANTED)
        pipeline.load_month(warehouse_conn, month, WANTED)
        warehouse.refresh_reporting(warehouse_conn)


def tagged(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT posting_id, taxonomy_id, taxonomy_version, month, company_id, company_employee_count, job_group,"
        " job_role, required_years_min, published_at, status, is_ai, is_data, is_ai_or_data, matched_keywords"
        " FROM core.tagged_postings ORDER BY posting_id, taxonomy_id"
    ).fetchall()


def test_extract_takes_the_korea_time_month(source_conn, warehouse_conn):
    insert_postings(source_conn)
    assert pipeline.extract_month(source_conn, warehouse_conn, JANUARY) == 6
    ids = [row[0] for row in warehouse_conn.execute("SELECT posting_id FROM staging.postings ORDER BY 1")]
    assert ids == [1, 2, 3, 4, 5, 6]  # 4 is 23:59:59 KST on Jan 31; 7 is Feb 1 00:00 KST (still January in UTC)
    assert pipeline.extract_month(source_conn, warehouse_conn, FEBRUARY) == 1


def test_month_is_tagged_and_the_view_counts_developer_postings(source_conn, warehouse_conn):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    flags = {row[0]: (row[11], row[12], row[14]) for row in tagged(warehouse_conn)}
    assert flags == {
        1: (True, False, ["AI"]),
        2: (False, False, []),
        3: (False, True, ["데이터"]),
        4: (True, False, ["머신러닝"]),
        5: (True, False, ["AI"]),
    }
    # The deleted posting 6 is not loaded; it is recorded, with the reason.
    assert warehouse_conn.execute(
        "SELECT posting_id, reason, action, stage FROM core.posting_issues WHERE reason = 'deleted'"
    ).fetchall() == [(6, "deleted", "excluded", "load")]
    view = warehouse_conn.execute(
        "SELECT month, taxonomy_id, developer_postings, ai_postings, ai_share, ai_or_data_postings, ai_or_data_share"
        " FROM reporting.monthly_ai_share"
    ).fetchall()
    # Developer postings 1-4 (5 is 디자인, 6 is deleted): AI 1 and 4; AI or data 1, 3 and 4.
    assert [tuple(map(str, row)) for row in view] == [("2022-01-01", "wanted-2023", "4", "2", "0.5000", "3", "0.7500")]


def test_rerunning_a_month_gives_identical_rows(source_conn, warehouse_conn):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    first = tagged(warehouse_conn)
    for _ in range(3):
        run_month(source_conn, warehouse_conn, JANUARY)
    assert tagged(warehouse_conn) == first
    assert warehouse_conn.execute("SELECT count(*) FROM staging.postings").fetchone()[0] == 6


def test_a_posting_edited_into_another_month_moves_without_double_counting(source_conn, warehouse_conn):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    source_conn.execute(
        "UPDATE job_board.postings SET published_at = %s, updated_at = now() WHERE id = 1",
        (datetime(2022, 2, 3, tzinfo=KST),),
    )
    run_month(source_conn, warehouse_conn, FEBRUARY)
    months = dict(warehouse_conn.execute("SELECT posting_id, month FROM core.tagged_postings").fetchall())
    assert str(months[1]) == "2022-02-01"
    assert warehouse_conn.execute("SELECT count(*) FROM core.tagged_postings WHERE posting_id = 1").fetchone()[0] == 1


def test_a_failure_mid_copy_leaves_the_previous_month_intact(source_conn, warehouse_conn):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    before = warehouse_conn.execute("SELECT * FROM staging.postings ORDER BY posting_id").fetchall()

    def broken_stream():
        yield from warehouse_conn_blocks(source_conn)
        raise ConnectionError("source went away mid-stream")

    with pytest.raises(ConnectionError):
        warehouse.replace_staging_month(warehouse_conn, JANUARY, broken_stream())
    assert warehouse_conn.execute("SELECT * FROM staging.postings ORDER BY posting_id").fetchall() == before


def warehouse_conn_blocks(source_conn):
    from ai_job_share.source import stream_month

    blocks = list(stream_month(source_conn, JANUARY))
    return blocks[: max(1, len(blocks) // 2)]


def test_migrations_are_idempotent(warehouse_conn):
    assert migrate(warehouse_conn) == []


def test_a_month_classified_in_chunks_equals_the_month_classified_whole(source_conn, warehouse_conn):
    insert_postings(source_conn)
    pipeline.extract_month(source_conn, warehouse_conn, JANUARY)
    chunks = warehouse.chunks_of(warehouse_conn, JANUARY, 2)
    assert [(c.first_id, c.end_id) for c in chunks] == [(None, 3), (3, 5), (5, None)]
    rows = "SELECT * FROM staging.classified ORDER BY posting_id, taxonomy_id"
    with psycopg.connect(warehouse_conn.info.dsn, autocommit=True) as reader:
        pipeline.classify_month(reader, warehouse_conn, JANUARY, WANTED)
        whole = warehouse_conn.execute(rows).fetchall()
        for chunk in reversed(chunks):  # any order, each replacing only its own ids
            pipeline.classify_month(reader, warehouse_conn, chunk, WANTED)
        assert warehouse_conn.execute(rows).fetchall() == whole
        warehouse_conn.execute("TRUNCATE staging.classified")
        for chunk in chunks:
            pipeline.classify_month(reader, warehouse_conn, chunk, WANTED)
        assert warehouse_conn.execute(rows).fetchall() == whole
