"""The incremental reporting refresh against a full rebuild: after a month is published (or re-tagged, or loses a
posting to another month), refreshing only the months that changed - and the later months their reposts reach -
leaves every reporting relation exactly as rebuilding all of them does (docs/adr/0006-incremental-refresh.md)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import psycopg
import pytest

from ai_job_share.months import KST, Month
from ai_job_share.taxonomy import enabled_taxonomies, load_taxonomy
from ai_job_share.tools.seed import seed_source
from ai_job_share.warehouse import pipeline, writes

MONTHS = [Month(2022, month) for month in range(1, 7)]
#: The schemas whose relations the refresh fills: the marts (BI tools read them) and the layer under them.
SCHEMAS = ("intermediate", "reporting")


def relation_rows(conn: psycopg.Connection) -> dict[str, list[tuple]]:
    """Every row of every table, view and materialised view of SCHEMAS, sorted (rows are compared as sets; the
    trend-break tables' computed_at is left out: it is when, not what)."""
    relations = conn.execute(
        "SELECT n.nspname || '.' || c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
        " WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'v', 'm') ORDER BY 1",
        (list(SCHEMAS),),
    ).fetchall()
    rows = {}
    for (name,) in relations:
        columns = [
            column
            for (column,) in conn.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped"
                " ORDER BY attnum",
                (name,),
            )
            if column != "computed_at"
        ]
        select = ", ".join(f'"{column}"::text' for column in columns)
        rows[name] = sorted(conn.execute(f"SELECT {select} FROM {name}").fetchall(), key=repr)
    return rows


def full_rebuild_rows(conn: psycopg.Connection) -> dict[str, list[tuple]]:
    refreshed = writes.refresh_reporting(conn, full=True)
    assert refreshed is not None and refreshed.full
    return relation_rows(conn)


def move_posting(source_conn: psycopg.Connection, posting_id: int, published: datetime) -> None:
    source_conn.execute(
        "UPDATE job_board.postings SET published_at = %s, updated_at = now() WHERE id = %s",
        (published.replace(tzinfo=KST), posting_id),
    )


@pytest.fixture
def published_history(source_conn, warehouse_conn):
    """A generated board of 2022-01..2022-06 under every enabled taxonomy, published and fully refreshed."""
    seed_source(
        source_conn,
        first_month="2022-01",
        last_month="2022-06",
        developer_postings_per_month=120,
        replace_imported=True,
    )
    for month in MONTHS:
        pipeline.process_month(source_conn, warehouse_conn, month, enabled_taxonomies())
    assert writes.refresh_reporting(warehouse_conn, full=True) is not None
    return warehouse_conn


def add_posting(source_conn: psycopg.Connection, posting_id: int, published: datetime) -> None:
    """A developer posting of the board's first company, with a title no generated posting has: postings added with
    it are reposts of each other when at most the repost window apart."""
    company = source_conn.execute("SELECT min(id) FROM job_board.companies").fetchone()[0]
    source_conn.execute(
        "INSERT INTO job_board.postings (id, company_id, job_group, job_role, title, main_tasks, published_at,"
        " updated_at, status) VALUES (%s, %s, '개발', '백엔드', '증분 갱신 검사 개발자', 'AI 서비스 개발', %s, now(),"
        " 'open')",
        (posting_id, company, published.replace(tzinfo=KST)),
    )


def reposts(conn: psycopg.Connection, month: date) -> int:
    return conn.execute(
        "SELECT repost_postings FROM reporting.monthly_ai_share WHERE month = %s AND taxonomy_id = 'wanted-2023'",
        (month,),
    ).fetchone()[0]


def test_a_months_publish_refreshes_it_and_the_months_its_reposts_reach(published_history, source_conn):
    conn = published_history
    # April holds a posting published on 2 April...
    add_posting(source_conn, 9_000_002, datetime(2022, 4, 2, 9))
    pipeline.process_month(source_conn, conn, Month(2022, 4), enabled_taxonomies())
    writes.refresh_reporting(conn)
    april_reposts = reposts(conn, date(2022, 4, 1))
    # ...then March gains the same posting on its last day (April's becomes a repost: the change spills into
    # April) and a posting moved in from January (January's published load loses it in place).
    add_posting(source_conn, 9_000_001, datetime(2022, 3, 31, 18))
    moved = source_conn.execute(
        "SELECT min(id) FROM job_board.postings WHERE job_group = '개발' AND published_at < '2022-02-01 00:00+09'"
    ).fetchone()[0]
    move_posting(source_conn, moved, datetime(2022, 3, 15, 12))
    pipeline.process_month(source_conn, conn, Month(2022, 3), enabled_taxonomies())

    refreshed = writes.refresh_reporting(conn)

    assert refreshed is not None and not refreshed.full
    # January and March changed; a 30-day window reaches from January into February and March, from March into
    # April; May and June are left as they were.
    assert refreshed.months == tuple(date(2022, month, 1) for month in (1, 2, 3, 4))
    assert reposts(conn, date(2022, 4, 1)) == april_reposts + 1
    incremental = relation_rows(conn)
    assert incremental == full_rebuild_rows(conn)


def test_a_month_retagged_under_a_new_taxonomy_version(published_history):
    conn = published_history
    version_1 = load_taxonomy("wanted-2023")
    version_2 = dataclasses.replace(
        version_1, version=2, keywords=tuple(k for k in version_1.keywords if k.term != "머신러닝")
    )
    with psycopg.connect(conn.info.dsn, autocommit=True) as reader:
        pipeline.process_month(reader, conn, Month(2022, 5), [version_2], retag=True)

    refreshed = writes.refresh_reporting(conn)

    assert refreshed is not None and not refreshed.full
    assert refreshed.months == (date(2022, 5, 1), date(2022, 6, 1))
    incremental = relation_rows(conn)
    assert incremental == full_rebuild_rows(conn)


def test_nothing_changed_recomputes_no_month(published_history):
    refreshed = writes.refresh_reporting(published_history)
    assert refreshed is not None and refreshed.months == ()
