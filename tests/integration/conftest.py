from __future__ import annotations

import pytest

from ai_job_share import databases
from ai_job_share.migrations import migrate
from ai_job_share.sql_files import SQL_DIR


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
            "TRUNCATE core.postings, core.posting_texts, core.match_evidence, core.tagged_postings_archive,"
            " core.posting_issues, meta.month_extracts, meta.month_loads, meta.load_chunks, meta.loads"
        )
        conn.execute("REFRESH MATERIALIZED VIEW reporting.monthly_ai_share")
        yield conn


@pytest.fixture
def warehouse_admin_conn(warehouse_conn, test_databases):
    """The same (migrated, emptied) warehouse as the setup user, for tests that switch roles."""
    with databases.connect(test_databases.warehouse_admin_url) as conn:
        yield conn
