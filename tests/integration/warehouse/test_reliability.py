"""Reliability against real PostgreSQL: reruns, crashes, concurrent runs, dropped connections, late edits and
every class of bad input, each with a defined outcome and nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from datetime import datetime, timedelta

import psycopg
import pytest

from ai_job_share.months import KST, Month
from ai_job_share.source import reader
from ai_job_share.taxonomy import load_taxonomy
from ai_job_share.warehouse import pipeline, textstore, writes

JANUARY, FEBRUARY = Month(2022, 1), Month(2022, 2)
WANTED = [load_taxonomy("wanted-2023")]

SNAPSHOT_QUERIES = {
    "postings": "SELECT p.posting_id, p.month, p.company_id, p.job_group, p.status, p.title, p.has_text,"
    " p.keyword_ids FROM core.postings AS p JOIN meta.month_loads USING (load_id) ORDER BY 1",
    "texts": "SELECT t.codec, t.data FROM core.posting_texts AS t JOIN meta.month_loads USING (load_id)",
    "tagged": "SELECT posting_id, taxonomy_id, taxonomy_version, month, job_group, status, is_ai, is_data,"
    " matched_keywords FROM core.tagged_postings ORDER BY 1, 2",
    "evidence": "SELECT * FROM core.match_evidence ORDER BY 1, 2, 5",
    "issues": "SELECT month, posting_id, reason, action, detail, stage FROM core.posting_issues ORDER BY 2, 3",
    "view": "SELECT * FROM reporting.monthly_ai_share ORDER BY 1, 2",
}


def snapshot(conn) -> dict:
    """Everything a month's run writes that readers see (the published load), without load ids and timestamps.
    The stored text is compared as its rows: it keeps them in the order the source sent them, which the source's
    plan decides (and its statistics, which autovacuum may refresh between two runs); that order means nothing."""
    found = {name: conn.execute(query).fetchall() for name, query in SNAPSHOT_QUERIES.items()}
    found["texts"] = sorted(textstore.rows(found["texts"]))
    return found


def test_ten_reruns_leave_the_warehouse_identical(insert_postings, run_month, source_conn, warehouse_conn):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    first = snapshot(warehouse_conn)
    for _ in range(10):
        run_month(source_conn, warehouse_conn, JANUARY)
        assert snapshot(warehouse_conn) == first


def test_a_killed_process_mid_copy_leaves_the_previous_month(
    insert_postings, run_month, source_conn, warehouse_conn, test_databases
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    before = snapshot(warehouse_conn)
    script = f"""
import time, psycopg
from ai_job_share.source import reader
from ai_job_share.warehouse import pipeline
from ai_job_share.months import Month
from ai_job_share.taxonomy import load_taxonomy

def rows_then_hang(*args):
    yield from real(*args)
    print("copying", flush=True)
    time.sleep(60)

real, reader.stream_rows = reader.stream_rows, rows_then_hang
wanted = [load_taxonomy("wanted-2023")]
with (
    psycopg.connect({test_databases.source_url!r}, autocommit=True) as src,
    psycopg.connect({test_databases.warehouse_url!r}, autocommit=True) as conn,
):
    chunks = pipeline.plan_month(src, conn, Month(2022, 1), wanted, 50_000)
    pipeline.ingest_chunk(src, conn, chunks[0], wanted)
"""
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "copying"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    time.sleep(0.5)  # the server notices the closed socket and rolls back
    assert snapshot(warehouse_conn) == before
    assert warehouse_conn.execute("SELECT count(*) FROM meta.load_chunks").fetchone() == (1,)  # the published one


def test_a_dropped_warehouse_connection_mid_copy_changes_nothing_and_the_retry_succeeds(
    insert_postings, run_month, source_conn, warehouse_conn, test_databases, monkeypatch
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    before = snapshot(warehouse_conn)
    original = reader.stream_rows
    with psycopg.connect(test_databases.warehouse_url, autocommit=True) as doomed:
        pid = doomed.info.backend_pid

        def rows_then_drop(*args):
            yield from original(*args)
            warehouse_conn.execute("SELECT pg_terminate_backend(%s)", (pid,))

        chunks = pipeline.plan_month(source_conn, doomed, JANUARY, WANTED, 50_000)
        monkeypatch.setattr(reader, "stream_rows", rows_then_drop)
        with pytest.raises(psycopg.OperationalError):
            pipeline.ingest_chunk(source_conn, doomed, chunks[0], WANTED)
    monkeypatch.setattr(reader, "stream_rows", original)
    assert snapshot(warehouse_conn) == before
    with pytest.raises(writes.LoadIncompleteError):
        pipeline.publish(warehouse_conn, chunks)
    pipeline.ingest_chunk(source_conn, warehouse_conn, chunks[0], WANTED)  # the retry of the task
    pipeline.publish(warehouse_conn, chunks)
    pipeline.collect_evidence(warehouse_conn, chunks[0], WANTED)
    writes.refresh_reporting(warehouse_conn)
    assert snapshot(warehouse_conn) == before


def test_a_dropped_source_connection_mid_extract_changes_nothing_and_the_retry_succeeds(
    insert_postings, run_month, source_conn, warehouse_conn, test_databases, monkeypatch
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    before = snapshot(warehouse_conn)
    original = reader.stream_rows

    def stream_then_drop(conn, *args):
        with psycopg.connect(test_databases.source_url, autocommit=True) as killer:
            killer.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))
        yield from original(conn, *args)

    chunks = pipeline.plan_month(source_conn, warehouse_conn, JANUARY, WANTED, 50_000)
    with psycopg.connect(test_databases.source_url, autocommit=True) as doomed:
        monkeypatch.setattr(reader, "stream_rows", stream_then_drop)
        with pytest.raises(psycopg.OperationalError):
            pipeline.ingest_chunk(doomed, warehouse_conn, chunks[0], WANTED)
    monkeypatch.setattr(reader, "stream_rows", original)
    assert snapshot(warehouse_conn) == before
    run_month(source_conn, warehouse_conn, JANUARY)
    assert snapshot(warehouse_conn) == before


def test_two_runs_of_the_same_month_at_once_never_double_count(
    insert_postings, run_month, source_conn, warehouse_conn, test_databases
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    expected = snapshot(warehouse_conn)

    def another_run():
        with (
            psycopg.connect(test_databases.source_url, autocommit=True) as src,
            psycopg.connect(test_databases.warehouse_url, autocommit=True) as dst,
        ):
            for _ in range(3):
                run_month(src, dst, JANUARY)

    assert run_at_once(another_run, 3, timeout=120) == []
    assert snapshot(warehouse_conn) == expected


def run_at_once(function, count: int, *, timeout: float) -> list[Exception]:
    """Run ``function`` in ``count`` threads at once; returns the errors they raised."""
    errors = []

    def guarded():
        try:
            function()
        except Exception as error:  # noqa: BLE001 - returned to the caller, which asserts on it
            errors.append(error)

    threads = [threading.Thread(target=guarded) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return errors


def test_a_run_that_cannot_get_the_month_lock_fails_with_a_clear_message(
    insert_postings, source_conn, warehouse_conn, test_databases, monkeypatch
):
    insert_postings(source_conn)
    january = pipeline.plan_month(source_conn, warehouse_conn, JANUARY, WANTED, 50_000)
    february = pipeline.plan_month(source_conn, warehouse_conn, FEBRUARY, WANTED, 50_000)
    for chunk in january + february:
        pipeline.ingest_chunk(source_conn, warehouse_conn, chunk, WANTED)
    monkeypatch.setattr(writes, "MONTH_LOCK_TIMEOUT", "200ms")
    with (
        psycopg.connect(test_databases.warehouse_url, autocommit=True) as holder,
        writes.month_transaction(holder, JANUARY),
    ):
        with pytest.raises(writes.MonthBusyError, match="month 2022-01 is being written by another run"):
            pipeline.publish(warehouse_conn, january)
        pipeline.publish(warehouse_conn, february)  # other months are not blocked


def test_late_edits_are_detected_by_the_month_fingerprint(insert_postings, run_month, source_conn, warehouse_conn):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    board = reader.open_source(source_conn)
    assert pipeline.months_with_late_changes(source_conn, warehouse_conn, [JANUARY, FEBRUARY], board) == []
    source_conn.execute("UPDATE job_board.postings SET title = 'AI 플랫폼', updated_at = now() WHERE id = 2")
    assert pipeline.months_with_late_changes(source_conn, warehouse_conn, [JANUARY, FEBRUARY], board) == [JANUARY]
    run_month(source_conn, warehouse_conn, JANUARY)
    assert warehouse_conn.execute("SELECT is_ai FROM core.tagged_postings WHERE posting_id = 2").fetchone() == (True,)
    source_conn.execute("DELETE FROM job_board.postings WHERE id = 3")  # a hard delete changes the count
    assert pipeline.months_with_late_changes(source_conn, warehouse_conn, [JANUARY], board) == [JANUARY]


SQL_LOOKALIKE = "'); DROP TABLE core.tagged_postings; -- AI"


def test_every_class_of_bad_input_has_a_defined_outcome_and_nothing_is_lost(
    published_postings, run_month, source_conn, warehouse_conn
):
    day = datetime(2022, 1, 10, tzinfo=KST)
    rows = {
        # id: (job_group, job_role, title, main_tasks, published_at, status)
        101: ("개발", "백엔드", None, None, day, "open"),  # no text at all
        102: ("개발", "백엔드", "   ", "\t\n\u3000", day, "open"),  # whitespace only
        103: ("개발", "백엔드", "대용량", "x" * 1_000_000 + " 딥러닝", day, "open"),  # a 1 MB section
        104: ("개발", "백엔드", "제어\x01문자\x1f AI\x7f", None, day, "open"),  # control characters
        105: ("개발", "백엔드", "🤖 AI 🚀", None, day, "open"),  # emoji
        106: ("개발", "백엔드", "A\u0301I 머신러닝\u0301", None, day, "open"),  # combining marks
        107: ("개발", "백엔드", "ＡＩ エンジニア", None, day, "open"),  # full-width letters
        108: ("개발", "백엔드", unicodedata.normalize("NFD", "데이터 딥러닝"), None, day, "open"),  # NFD jamo
        109: ("개발", "백엔드", "AI", None, None, "open"),  # NULL published_at
        110: ("개발", "백엔드", "AI", None, datetime.now(KST) + timedelta(days=400), "open"),  # in the future
        111: ("우주탐사", "백엔드", "AI", None, day, "open"),  # unknown job group
        112: ("개발", None, "데이터", None, day, "open"),  # no job role
        113: ("개발", "백엔드", "AI", None, day, "deleted"),  # deleted
        114: ("개발", "백엔드", SQL_LOOKALIKE, None, day, "open"),  # text that looks like SQL
    }
    source_conn.execute("INSERT INTO job_board.companies (id, name, employee_count) VALUES (1, '테스트', 50)")
    source_conn.execute("ALTER TABLE job_board.postings DROP CONSTRAINT postings_pkey")  # allow a repeated id
    try:
        for posting_id, (group, role, title, tasks, published, status) in rows.items():
            source_conn.execute(
                "INSERT INTO job_board.postings (id, company_id, job_group, job_role, title, main_tasks,"
                " published_at, status) VALUES (%s, 1, %s, %s, %s, %s, %s, %s)",
                (posting_id, group, role, title, tasks, published, status),
            )
        # 115 twice: the row updated last wins
        for title, updated in (("옛 제목", day), ("AI 새 제목", day + timedelta(days=1))):
            source_conn.execute(
                "INSERT INTO job_board.postings (id, company_id, job_group, job_role, title, published_at,"
                " updated_at) VALUES (115, 1, '개발', '백엔드', %s, %s, %s)",
                (title, day, updated),
            )
        run_month(source_conn, warehouse_conn, JANUARY)
    finally:
        source_conn.execute("DELETE FROM job_board.postings WHERE id = 115")
        source_conn.execute("ALTER TABLE job_board.postings ADD PRIMARY KEY (id)")

    tagged = {
        posting_id: (is_ai, is_data)
        for posting_id, is_ai, is_data in warehouse_conn.execute(
            "SELECT posting_id, is_ai, is_data FROM core.tagged_postings WHERE taxonomy_id = 'wanted-2023'"
        )
    }
    issues = {
        (posting_id, reason, action)
        for posting_id, reason, action in warehouse_conn.execute(
            "SELECT posting_id, reason, action FROM core.posting_issues"
        )
    }
    assert tagged == {
        103: (True, False),  # the 딥러닝 after a megabyte is found
        104: (True, False),
        105: (True, False),
        106: (True, False),  # "A\u0301I" composes to "ÁI" (not the token AI); 머신러닝 still counts
        107: (True, False),
        108: (True, True),  # NFD jamo match after normalisation
        111: (True, False),
        112: (False, True),
        114: (True, False),
        115: (True, False),
    }
    assert issues == {
        (101, "no_text", "excluded"),
        (102, "no_text", "excluded"),
        (109, "no_published_at", "excluded"),
        (110, "published_in_future", "excluded"),
        (111, "unknown_job_group", "kept"),
        (112, "no_job_role", "kept"),
        (113, "deleted", "excluded"),
        (115, "duplicate_id", "kept"),
    }
    # Nothing lost: every source posting is either loaded or recorded as excluded.
    excluded = {posting_id for posting_id, _, action in issues if action == "excluded"}
    assert set(tagged) | excluded == set(rows) | {115}
    assert not set(tagged) & excluded
    # The SQL look-alike is stored literally, and the table it names still exists.
    stored = warehouse_conn.execute("SELECT title FROM core.postings WHERE posting_id = 114").fetchone()
    assert stored == (SQL_LOOKALIKE,)
    # The month's checks pass: extracted = loaded + excluded.
    extracted = len(published_postings(warehouse_conn))
    loaded = len(tagged)
    load_excluded = warehouse_conn.execute(
        "SELECT count(*) FROM core.posting_issues WHERE stage = 'load' AND action = 'excluded'"
    ).fetchone()[0]
    assert extracted == loaded + load_excluded == 13


def test_the_month_quality_check_passes_on_a_good_month_and_fails_on_an_unbalanced_one(
    insert_postings, run_month, source_conn, warehouse_conn
):
    from ai_job_share.sql_files import read_sql

    check = read_sql("checks/month_quality.sql")
    params = {"interval_start": JANUARY.start}
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    assert warehouse_conn.execute(check, params).fetchone() == (True, True, True, True)
    warehouse_conn.execute("DELETE FROM core.postings WHERE posting_id = 1")  # a lost row
    assert warehouse_conn.execute(check, params).fetchone() == (False, True, True, True)
    assert warehouse_conn.execute(check, {"interval_start": FEBRUARY.start.replace(year=2021)}).fetchone()[3] is False


def test_a_refresh_already_covered_by_a_later_one_is_skipped(warehouse_conn, test_databases):
    assert writes.refresh_reporting(warehouse_conn) is not None
    result = {}
    with psycopg.connect(test_databases.warehouse_url) as other:  # a refresh runs: its transaction holds the lock
        other.execute("SELECT name FROM meta.locks WHERE name = 'refresh_reporting' FOR UPDATE")
        waiting = threading.Thread(target=lambda: result.update(refreshed=writes.refresh_reporting(warehouse_conn)))
        waiting.start()
        time.sleep(0.5)  # our refresh has been asked for and waits
        # the running refresh took its snapshot after our request: it already shows everything committed before it
        other.execute("UPDATE meta.reporting_refresh SET last_started_at = clock_timestamp()")
        other.commit()
        waiting.join(timeout=30)
    assert result == {"refreshed": None}
    assert writes.refresh_reporting(warehouse_conn) is not None  # asked for after the last start: refreshes


def test_runs_that_number_the_same_new_taxonomy_version_at_once_agree(warehouse_conn, test_databases):
    """Several plan tasks of a backfill register a taxonomy version nobody has numbered yet, at the same moment:
    each gets the same numbers, none fails (the one that waited for another's insert looks again)."""
    import dataclasses

    from ai_job_share.taxonomy import enabled_taxonomies

    taxonomies = [dataclasses.replace(t, version=t.version + 9000) for t in enabled_taxonomies()]
    start = threading.Barrier(6)
    numbers = []

    def register():
        with psycopg.connect(test_databases.warehouse_url, autocommit=True) as conn:
            start.wait(timeout=30)
            numbers.append(writes.register_taxonomies(conn, taxonomies))

    assert run_at_once(register, 6, timeout=60) == []
    assert len(numbers) == 6 and len(set(numbers)) == 1


def test_reconciliation_finds_every_difference_between_the_source_and_the_warehouse(
    insert_postings, run_month, source_conn, warehouse_conn
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    run_month(source_conn, warehouse_conn, FEBRUARY)
    assert pipeline.reconcile(source_conn, warehouse_conn, [JANUARY, FEBRUARY]) == []
    # A posting deleted from the source after its month was loaded, and one added to another month late.
    source_conn.execute("DELETE FROM job_board.postings WHERE id = 2")
    source_conn.execute(
        "INSERT INTO job_board.postings (id, company_id, job_group, title, published_at)"
        " VALUES (99, 1, '개발', 'x', %s)",
        (datetime(2022, 2, 10, tzinfo=KST),),
    )
    differences = pipeline.reconcile(source_conn, warehouse_conn, [JANUARY, FEBRUARY])
    assert len(differences) == 2
    assert differences[0].startswith("2022-01: the source holds 5 postings (5 distinct ids,")
    assert "the warehouse loaded 6" in differences[0] and "rerun 2022-01" in differences[0]
    assert differences[1].startswith("2022-02: the source holds 2 postings") and "rerun 2022-02" in differences[1]
    run_month(source_conn, warehouse_conn, JANUARY)
    run_month(source_conn, warehouse_conn, FEBRUARY)
    assert pipeline.reconcile(source_conn, warehouse_conn, [JANUARY, FEBRUARY]) == []


def test_reconciliation_counts_repeated_and_missing_ids(insert_postings, run_month, source_conn, warehouse_conn):
    source_conn.execute("ALTER TABLE job_board.postings DROP CONSTRAINT postings_pkey CASCADE")
    source_conn.execute("ALTER TABLE job_board.postings ALTER COLUMN id DROP NOT NULL")
    try:
        insert_postings(source_conn)
        source_conn.execute("INSERT INTO job_board.postings SELECT * FROM job_board.postings WHERE id = 3")
        run_month(source_conn, warehouse_conn, JANUARY)
        # A repeated id is recorded (duplicate_id, the latest row used): its rows are accounted for.
        assert pipeline.reconcile(source_conn, warehouse_conn, [JANUARY]) == []
        source_conn.execute("UPDATE job_board.postings SET id = NULL WHERE id = 5")
        differences = pipeline.reconcile(source_conn, warehouse_conn, [JANUARY])
        assert len(differences) == 1 and "1 without an id" in differences[0], differences
    finally:
        source_conn.execute("DELETE FROM job_board.postings")
        source_conn.execute("ALTER TABLE job_board.postings ALTER COLUMN id SET NOT NULL")
        source_conn.execute("ALTER TABLE job_board.postings ADD PRIMARY KEY (id)")


def test_an_absurd_timestamp_in_the_source_is_a_recorded_issue_not_a_failure(
    insert_postings, run_month, published_postings, source_conn, warehouse_conn
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    # year 10000 in UTC: psycopg cannot read it, and plan_month failed on every month whose lookback held it
    source_conn.execute("UPDATE job_board.postings SET updated_at = '9999-12-31T23:59:59-12:00' WHERE id = 3")
    source_conn.execute("UPDATE job_board.postings SET updated_at = '0001-01-01T00:00:00+00:00' WHERE id = 4")
    run_month(source_conn, warehouse_conn, FEBRUARY)  # checks January for late changes
    run_month(source_conn, warehouse_conn, JANUARY)
    assert {3, 4} <= set(published_postings(warehouse_conn))
    issues = warehouse_conn.execute(
        "SELECT posting_id, action, detail FROM core.posting_issues WHERE reason = 'timestamp_out_of_range' ORDER BY 1"
    ).fetchall()
    assert [(posting_id, action) for posting_id, action, _ in issues] == [(3, "kept"), (4, "kept")]
    assert all(detail.startswith("updated_at ") and "outside" in detail for _, _, detail in issues)
