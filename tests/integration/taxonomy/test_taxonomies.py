"""Several taxonomies in one pass, match evidence, and re-tagging under a new taxonomy version."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from ai_job_share.months import Month
from ai_job_share.taxonomy import TaxonomyError, enabled_taxonomies, load_taxonomy
from ai_job_share.warehouse import pipeline, writes

ALL = enabled_taxonomies()
JANUARY = Month(2022, 1)


def load(source_conn, warehouse_conn, taxonomies, month=JANUARY):
    """A month from the source under ``taxonomies``, published, with its evidence, and the views refreshed."""
    pipeline.process_month(source_conn, warehouse_conn, month, taxonomies)
    writes.refresh_reporting(warehouse_conn)


def retag(warehouse_conn, taxonomies, month=JANUARY):
    """The month re-tagged from its stored text (a second warehouse connection reads it)."""
    with psycopg.connect(warehouse_conn.info.dsn, autocommit=True) as reader:
        pipeline.process_month(reader, warehouse_conn, month, taxonomies, retag=True)
    writes.refresh_reporting(warehouse_conn)


def test_every_enabled_taxonomy_is_tagged_in_one_pass(insert_postings, source_conn, warehouse_conn):
    insert_postings(source_conn)
    load(source_conn, warehouse_conn, ALL)
    rows = warehouse_conn.execute(
        "SELECT taxonomy_id, taxonomy_version, count(*) FROM core.tagged_postings GROUP BY 1, 2 ORDER BY 1"
    ).fetchall()
    # 6 extracted, the deleted one not loaded; every taxonomy of the folder
    assert rows == sorted((taxonomy.id, taxonomy.version, 5) for taxonomy in ALL)
    comparison = warehouse_conn.execute(
        "SELECT taxonomy_id, developer_postings, ai_share FROM reporting.taxonomy_comparison"
    ).fetchall()
    shares = {taxonomy_id: str(share) for taxonomy_id, _, share in comparison}
    assert sorted(shares) == sorted(taxonomy.id for taxonomy in ALL)
    assert {developer_postings for _, developer_postings, _ in comparison} == {4}
    # Developer postings 1-4; AI under wanted-2023: 1 (AI) and 4 (머신 러닝); extended adds nothing here;
    # genai finds none of its terms.
    assert (shares["wanted-2023"], shares["strict"], shares["extended"], shares["genai"]) == (
        "0.5000",
        "0.5000",
        "0.5000",
        "0.0000",
    )


def test_evidence_records_every_match_with_section_offset_and_snippet(insert_postings, source_conn, warehouse_conn):
    insert_postings(source_conn)
    load(source_conn, warehouse_conn, [load_taxonomy("wanted-2023")])
    evidence = warehouse_conn.execute(
        "SELECT posting_id, match_rank, group_id, keyword, section, char_offset, matched_text, snippet"
        " FROM core.match_evidence ORDER BY posting_id, match_rank"
    ).fetchall()
    assert (4, 1, "ai", "머신러닝", "main_tasks", 0, "머신 러닝", "머신 러닝 모델 서빙") in evidence
    assert (3, 1, "data", "데이터", "title", 0, "데이터", "데이터 엔지니어") in evidence
    assert {row[0] for row in evidence} == {1, 3, 4, 5}  # 2 matched nothing; 6 is deleted, not loaded


def test_evidence_is_bounded_but_every_match_is_counted(insert_postings, source_conn, warehouse_conn):
    insert_postings(source_conn, [(9, "개발", "AI " * 500, "데이터", JANUARY.start.replace(tzinfo=None), "open")])
    load(source_conn, warehouse_conn, [load_taxonomy("wanted-2023")])
    count, stored = warehouse_conn.execute(
        "SELECT max(match_total), count(*) FROM core.match_evidence WHERE posting_id = 9"
    ).fetchone()
    assert (count, stored) == (501, writes.EVIDENCE_LIMIT)


def test_a_new_taxonomy_version_retags_from_stored_text_and_archives_the_old(
    insert_postings, source_conn, warehouse_conn
):
    insert_postings(source_conn)
    version_1 = load_taxonomy("wanted-2023")
    load(source_conn, warehouse_conn, [version_1])
    source_conn.execute("TRUNCATE job_board.postings CASCADE")  # the source is not read again

    # Version 2 drops 머신러닝: posting 4 ("머신 러닝 모델 서빙") is no longer AI.
    version_2 = dataclasses.replace(
        version_1, version=2, keywords=tuple(k for k in version_1.keywords if k.term != "머신러닝")
    )
    retag(warehouse_conn, [version_2])
    current = dict(warehouse_conn.execute("SELECT posting_id, taxonomy_version FROM core.tagged_postings").fetchall())
    assert set(current.values()) == {2} and len(current) == 5
    assert warehouse_conn.execute("SELECT is_ai FROM core.tagged_postings WHERE posting_id = 4").fetchone() == (False,)
    archived = warehouse_conn.execute(
        "SELECT posting_id, taxonomy_version, is_ai FROM core.tagged_postings_archive ORDER BY 1"
    ).fetchall()
    assert archived == [(1, 1, True), (2, 1, False), (3, 1, False), (4, 1, True), (5, 1, True)]
    # Re-running version 2 archives nothing more and changes nothing.
    retag(warehouse_conn, [version_2])
    assert warehouse_conn.execute("SELECT count(*) FROM core.tagged_postings_archive").fetchone() == (5,)


def test_retagging_one_taxonomy_keeps_the_others(insert_postings, source_conn, warehouse_conn):
    insert_postings(source_conn)
    load(source_conn, warehouse_conn, ALL)
    query = (
        "SELECT posting_id, taxonomy_id, taxonomy_version, is_ai, is_data, matched_keywords"
        " FROM core.tagged_postings ORDER BY 1, 2"
    )
    before = warehouse_conn.execute(query).fetchall()
    evidence = "SELECT * FROM core.match_evidence ORDER BY 1, 2, 5"
    before_evidence = warehouse_conn.execute(evidence).fetchall()
    retag(warehouse_conn, [load_taxonomy("strict")])
    assert warehouse_conn.execute(query).fetchall() == before
    assert warehouse_conn.execute(evidence).fetchall() == before_evidence


def test_explain_prints_why_a_posting_was_tagged(insert_postings, source_conn, warehouse_conn, test_databases):
    insert_postings(source_conn)
    load(source_conn, warehouse_conn, ALL)
    cli = str(Path(sys.executable).with_name("ai-job-share"))
    env = {"AI_JOB_SHARE_WAREHOUSE_URL": test_databases.warehouse_url, "PATH": "/usr/bin:/bin"}
    completed = subprocess.run([cli, "explain", "4"], capture_output=True, text=True, env=env, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert "posting 4: 2022-01, 개발 / ML 엔지니어" in completed.stdout
    assert "wanted-2023 v1: AI-related (1 matches)" in completed.stdout
    assert "[머신 러닝]" in completed.stdout
    assert f"genai v{load_taxonomy('genai').version}: not tagged (0 matches)" in completed.stdout
    missing = subprocess.run([cli, "explain", "999"], capture_output=True, text=True, env=env, timeout=60)
    assert missing.returncode == 1 and "posting 999: not in the warehouse" in missing.stderr  # as test_inspection


def _written(conn) -> tuple:
    """Everything a run writes to the warehouse, for a before/after comparison."""
    return tuple(
        conn.execute(query).fetchall()
        for query in (
            "SELECT load_id, month, origin FROM meta.loads ORDER BY 1",
            "SELECT month, posting_id, reason FROM core.posting_issues ORDER BY 1, 2, 3",
            "SELECT taxonomy_id, taxonomy_version FROM meta.taxonomy_versions ORDER BY 1, 2",
            "SELECT posting_id, taxonomy_id, taxonomy_version, is_ai, is_data FROM core.tagged_postings ORDER BY 1, 2",
        )
    )


def test_rules_changed_under_the_same_version_are_refused_before_anything_is_written(
    insert_postings, source_conn, warehouse_conn
):
    insert_postings(source_conn)
    strict = load_taxonomy("strict")
    load(source_conn, warehouse_conn, [strict])
    before = _written(warehouse_conn)
    edited = dataclasses.replace(strict, keywords=strict.keywords[:1])  # a careless edit: version still 1
    message = r"strict.toml: the rules of taxonomy 'strict' changed but its version is still 1"
    with pytest.raises(TaxonomyError, match=message):
        retag(warehouse_conn, [edited])
    with pytest.raises(TaxonomyError, match=message):
        load(source_conn, warehouse_conn, [edited])
    assert _written(warehouse_conn) == before
    # Reworded only (description, examples): the same rules, accepted.
    load(source_conn, warehouse_conn, [dataclasses.replace(strict, description="reworded", examples=())])
    # A new version is the way to change the rules.
    load(source_conn, warehouse_conn, [dataclasses.replace(edited, version=2)])
    assert warehouse_conn.execute("SELECT DISTINCT taxonomy_version FROM core.tagged_postings").fetchall() == [(2,)]
