"""Fixtures of the integration tests: migrated, emptied test databases, and the helpers that fill the source with
hand-made postings and run a month through the data path."""

from __future__ import annotations

from datetime import datetime

import psycopg
import pytest

from ai_job_share import databases
from ai_job_share.months import KST, Month
from ai_job_share.sql_files import SQL_DIR
from ai_job_share.taxonomy import load_taxonomy
from ai_job_share.warehouse import pipeline, writes
from ai_job_share.warehouse.migrations import migrate


@pytest.fixture
def source_conn(test_databases):
    """The test source database with the source contract applied and no rows."""
    with databases.connect(test_databases.source_url) as conn:
        for path in sorted((SQL_DIR / "source").glob("*.sql")):
            conn.execute(path.read_text(encoding="utf-8"))
        conn.execute("TRUNCATE job_board.postings, job_board.companies CASCADE")
        yield conn


@pytest.fixture
def warehouse_conn(test_databases):
    """The test warehouse, migrated and emptied."""
    with databases.connect(test_databases.warehouse_url) as conn:
        migrate(conn)
        conn.execute(
            "TRUNCATE core.postings, core.posting_texts, core.evidence_spans, core.evidence_totals,"
            " core.tagged_postings_archive, core.posting_issues, meta.month_extracts, meta.month_loads,"
            " meta.load_chunks, meta.loads, meta.taxonomy_keywords, meta.taxonomy_versions"
        )
        writes.refresh_reporting(conn, full=True)
        yield conn


@pytest.fixture
def warehouse_admin_conn(warehouse_conn, test_databases):
    """The same (migrated, emptied) warehouse as the setup user, for tests that switch roles."""
    with databases.connect(test_databases.warehouse_admin_url) as conn:
        yield conn


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


def _insert_postings(conn: psycopg.Connection, postings=POSTINGS) -> None:
    conn.execute("INSERT INTO job_board.companies (id, name, employee_count) VALUES (1, '테스트', 50)")
    for posting_id, group, title, tasks, published, status in postings:
        conn.execute(
            "INSERT INTO job_board.postings (id, company_id, job_group, job_role, title, main_tasks, published_at,"
            " status) VALUES (%s, 1, %s, %s, %s, %s, %s, %s)",
            (posting_id, group, title, title, tasks, published.replace(tzinfo=KST), status),
        )


def _run_month(source_conn, warehouse_conn, month: Month, chunk_postings: int = 50_000) -> list[writes.Chunk]:
    chunks = pipeline.process_month(
        source_conn, warehouse_conn, month, [load_taxonomy("wanted-2023")], chunk_postings=chunk_postings
    )
    writes.refresh_reporting(warehouse_conn)
    return chunks


def _published_postings(conn: psycopg.Connection) -> list[int]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT p.posting_id FROM core.postings AS p JOIN meta.month_loads AS m USING (load_id) ORDER BY 1"
        )
    ]


@pytest.fixture
def hand_made_postings():
    """What ``insert_postings`` inserts by default: (id, job group, title, main_tasks, published_at, status)."""
    return POSTINGS


@pytest.fixture
def insert_postings():
    """``insert_postings(source_conn, postings=POSTINGS)``: hand-made postings (id, job group, title, main_tasks,
    published_at in Korea time, status) of one company into the source."""
    return _insert_postings


@pytest.fixture
def run_month():
    """``run_month(source_conn, warehouse_conn, month, chunk_postings=50_000)``: the month through plan, ingest and
    publish under ``wanted-2023``, then the views refreshed; returns the chunks."""
    return _run_month


@pytest.fixture
def published_postings():
    """``published_postings(warehouse_conn)``: the ids of every published posting, in order."""
    return _published_postings
