"""seed_source against a real PostgreSQL: a scratch database per module, created and dropped here."""

from __future__ import annotations

import os
import uuid
from datetime import datetime

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from ai_job_share.months import KST
from ai_job_share.tools.seed import generate, seed_source, summarize

ADMIN_URL = os.environ.get("AI_JOB_SHARE_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
SMALL = {"seed": 11, "developer_postings_per_month": 100}

CHECKSUMS = """
SELECT 'companies', count(*), md5(coalesce(string_agg(c::text, '|' ORDER BY c.id), ''))
  FROM job_board.companies c
UNION ALL
SELECT 'postings', count(*), md5(coalesce(string_agg(p::text, '|' ORDER BY p.id), ''))
  FROM job_board.postings p
UNION ALL
SELECT 'truth', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.posting_id), ''))
  FROM generator.truth t
"""


@pytest.fixture(scope="module")
def scratch_url():
    name = f"ai_job_share_seed_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    try:
        yield make_conninfo(ADMIN_URL, dbname=name)
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _checksums(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:  # a fresh connection: sees only committed content
        return conn.execute(CHECKSUMS).fetchall()


def test_seeding_twice_gives_identical_content(scratch_url):
    companies, postings = generate(**SMALL)
    postings = list(postings)

    with psycopg.connect(scratch_url) as conn:  # not autocommit
        messages: list[str] = []
        first = seed_source(conn, progress=messages.append, **SMALL)
    after_first = _checksums(scratch_url)
    with psycopg.connect(scratch_url, autocommit=True) as conn:
        second = seed_source(conn, **SMALL)
    after_second = _checksums(scratch_url)

    assert after_first == after_second
    counts = {table: count for table, count, _ in after_first}
    assert counts == {"companies": len(companies), "postings": len(postings), "truth": len(postings)}
    assert first.postings == second.postings == len(postings)
    assert first.companies == len(companies)
    assert first.months == second.months == summarize(postings)
    assert any(message.startswith("postings 2023-05") for message in messages)


def test_database_content_equals_the_generator(scratch_url):
    companies, postings = generate(**SMALL)
    postings = list(postings)
    with psycopg.connect(scratch_url) as conn:
        seed_source(conn, **SMALL)
        stored_companies = conn.execute(
            "SELECT id, name, employee_count FROM job_board.companies ORDER BY id"
        ).fetchall()
        rows = conn.execute(
            """
            SELECT p.id, company_id, job_group, job_role, title, intro, main_tasks, requirements, preferred,
                   benefits, required_years_min, required_years_max, published_at, updated_at, status,
                   t.is_ai, t.is_data
              FROM job_board.postings p JOIN generator.truth t ON t.posting_id = p.id
             ORDER BY p.id
            """
        ).fetchall()
    assert stored_companies == [(c.id, c.name, c.employee_count) for c in companies]
    expected = [
        (
            p.id, p.company_id, p.job_group, p.job_role, *p.text_parts(), p.required_years_min,
            p.required_years_max, p.published_at, p.updated_at, p.status, p.is_ai, p.is_data,
        )
        for p in postings
    ]  # fmt: skip
    assert rows == expected


def test_sql_implementation_of_the_rule_agrees_with_truth(scratch_url):
    """A third, independent implementation of the article rule (PostgreSQL regex) against generator.truth."""
    with psycopg.connect(scratch_url) as conn:
        seed_source(conn, **SMALL)
        ai_mismatch, data_mismatch, total = conn.execute(
            r"""
            WITH t AS (
                SELECT normalize(concat_ws(E'\n', title, intro, main_tasks, requirements, preferred, benefits), NFKC)
                           AS txt,
                       g.is_ai, g.is_data
                  FROM job_board.postings p JOIN generator.truth g ON g.posting_id = p.id
            )
            SELECT count(*) FILTER (WHERE (txt ~ '(^|[^A-Z])AI($|[^A-Za-z])' OR txt ~ '(머신|딥)\s*러닝') <> is_ai),
                   count(*) FILTER (WHERE (strpos(txt, '데이터') > 0) <> is_data),
                   count(*)
              FROM t
            """
        ).fetchone()
    assert total > 2000
    assert (ai_mismatch, data_mismatch) == (0, 0)


def test_months_and_shares_in_korea_time(scratch_url):
    with psycopg.connect(scratch_url) as conn:
        summary = seed_source(conn, **SMALL)
        per_month = conn.execute(
            """
            SELECT to_char(p.published_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM') AS month,
                   count(*),
                   avg(t.is_ai::int) FILTER (WHERE job_group = '개발' AND status <> 'deleted'),
                   avg((t.is_ai OR t.is_data)::int) FILTER (WHERE job_group = '개발' AND status <> 'deleted')
              FROM job_board.postings p JOIN generator.truth t ON t.posting_id = p.id
             GROUP BY 1 ORDER BY 1
            """
        ).fetchall()
        edge = conn.execute(
            "SELECT count(*) FROM job_board.postings WHERE published_at = %s",
            (datetime(2022, 1, 31, 23, 59, 59, tzinfo=KST),),
        ).fetchone()[0]
        january = conn.execute(
            "SELECT count(*) FROM job_board.postings WHERE published_at >= %s AND published_at < %s",
            (datetime(2022, 1, 1, tzinfo=KST), datetime(2022, 2, 1, tzinfo=KST)),
        ).fetchone()[0]
    assert [row[0] for row in per_month] == list(summary.months)
    assert {row[0]: row[1] for row in per_month} == {m: s.postings for m, s in summary.months.items()}
    for month, _count, ai_share, ai_or_data_share in per_month:
        assert 0.33 <= ai_share <= 0.41, month
        assert 0.44 <= ai_or_data_share <= 0.50, month
    assert edge == 1
    assert january == summary.months["2022-01"].postings


def test_failed_seed_leaves_previous_content(scratch_url):
    with psycopg.connect(scratch_url) as conn:
        seed_source(conn, **SMALL)
    before = _checksums(scratch_url)

    def explode(message: str) -> None:
        if message.startswith("postings 2022-03"):
            raise RuntimeError("interrupted")

    with psycopg.connect(scratch_url) as conn, pytest.raises(RuntimeError, match="interrupted"):
        seed_source(conn, seed=99, developer_postings_per_month=100, progress=explode)
    assert _checksums(scratch_url) == before


def test_default_size_is_the_demo_board(scratch_url):
    # How long seeding takes is measured by make bench-demo (its seeding phase), not timed here.
    with psycopg.connect(scratch_url) as conn:
        summary = seed_source(conn)
    assert 70_000 <= summary.postings <= 85_000


def test_seed_refuses_to_replace_imported_postings_unless_told_to(scratch_url, tmp_path):
    from ai_job_share.tools.importer import run_import
    from ai_job_share.tools.seed import SeedRefused

    with psycopg.connect(scratch_url, autocommit=True) as conn:
        seed_source(conn, **SMALL)
        path = tmp_path / "mine.jsonl"
        path.write_text(
            '{"id": 900000001, "company_id": 7, "job_group": "개발", "published_at": "2022-03-02T10:00:00+09:00"}\n',
            encoding="utf-8",
        )
        assert run_import(conn, path).result.new == 1
        before = _checksums(scratch_url)
        with pytest.raises(SeedRefused, match=r"1 posting .*not seeded .*--replace-imported"):
            seed_source(conn, **SMALL)
        assert _checksums(scratch_url) == before  # nothing truncated
        seed_source(conn, replace_imported=True, **SMALL)
        assert conn.execute("SELECT count(*) FROM job_board.postings WHERE id = 900000001").fetchone() == (0,)
