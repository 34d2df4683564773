"""The month data path (plan → ingest → publish → evidence → refresh) against real PostgreSQL, on hand-made postings."""

from __future__ import annotations

from datetime import datetime

import psycopg
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ai_job_share import layout
from ai_job_share.labelling.classify import Classifier
from ai_job_share.labelling.match_engines import PYTHON
from ai_job_share.months import KST, Month
from ai_job_share.source import reader as source_reader
from ai_job_share.source.copy_text import escape, split_row, unescape
from ai_job_share.sql_files import SQL_DIR
from ai_job_share.taxonomy import enabled_taxonomies, load_taxonomy
from ai_job_share.tools.seed import seed_source
from ai_job_share.warehouse import pipeline, writes
from ai_job_share.warehouse.migrations import migrate

JANUARY, FEBRUARY, MARCH = Month(2022, 1), Month(2022, 2), Month(2022, 3)
SECTION_FIELDS = slice(layout.SECTIONS_AT, layout.SECTIONS_AT + len(layout.SECTIONS))
WANTED = [load_taxonomy("wanted-2023")]


def tagged(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT posting_id, taxonomy_id, taxonomy_version, month, company_id, company_employee_count, job_group,"
        " job_role, required_years_min, published_at, status, is_ai, is_data, is_ai_or_data, matched_keywords"
        " FROM core.tagged_postings ORDER BY posting_id, taxonomy_id"
    ).fetchall()


def test_a_load_takes_the_korea_time_month(insert_postings, published_postings, run_month, source_conn, warehouse_conn):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    assert published_postings(warehouse_conn) == [1, 2, 3, 4, 5, 6]  # 4: 23:59:59 KST on Jan 31
    run_month(source_conn, warehouse_conn, FEBRUARY)  # 7 is Feb 1 00:00 KST (still January in UTC)
    assert published_postings(warehouse_conn) == [1, 2, 3, 4, 5, 6, 7]


def test_month_is_tagged_and_the_view_counts_developer_postings(
    insert_postings, run_month, source_conn, warehouse_conn
):
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


def test_rerunning_a_month_gives_identical_rows(
    insert_postings, published_postings, run_month, source_conn, warehouse_conn
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    first = tagged(warehouse_conn)
    for _ in range(3):
        run_month(source_conn, warehouse_conn, JANUARY)
    assert tagged(warehouse_conn) == first
    assert published_postings(warehouse_conn) == [1, 2, 3, 4, 5, 6]
    # Only the published load is kept: the replaced ones are deleted with their text.
    assert warehouse_conn.execute("SELECT count(DISTINCT load_id) FROM core.postings").fetchone()[0] == 1
    assert warehouse_conn.execute("SELECT count(DISTINCT load_id) FROM core.posting_texts").fetchone()[0] == 1


def test_a_posting_edited_into_another_month_moves_without_double_counting(
    insert_postings, run_month, source_conn, warehouse_conn
):
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


def test_a_failure_mid_copy_leaves_the_previous_month_intact(
    insert_postings, run_month, source_conn, warehouse_conn, monkeypatch
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    before = tagged(warehouse_conn)
    real_stream = source_reader.stream_rows

    def broken_stream(*args):
        rows = list(real_stream(*args))
        yield from rows[: len(rows) // 2]
        raise ConnectionError("source went away mid-stream")

    monkeypatch.setattr(source_reader, "stream_rows", broken_stream)
    chunks = pipeline.plan_month(source_conn, warehouse_conn, JANUARY, WANTED, 50_000)
    with pytest.raises(ConnectionError):
        pipeline.ingest_chunk(source_conn, warehouse_conn, chunks[0], WANTED)
    # Nothing of the failed chunk was written, and its load cannot be published.
    assert warehouse_conn.execute(
        "SELECT count(*) FROM core.postings WHERE load_id = %s", (chunks[0].load_id,)
    ).fetchone() == (0,)
    with pytest.raises(writes.LoadIncompleteError, match="0 of its 1 chunks"):
        pipeline.publish(warehouse_conn, chunks)
    assert tagged(warehouse_conn) == before


def test_a_load_is_published_only_when_every_chunk_is_written(insert_postings, run_month, source_conn, warehouse_conn):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    before = tagged(warehouse_conn)
    source_conn.execute("UPDATE job_board.postings SET main_tasks = 'AI 플랫폼', updated_at = now() WHERE id = 2")
    chunks = pipeline.plan_month(source_conn, warehouse_conn, JANUARY, WANTED, 2)
    for chunk in chunks[:-1]:
        pipeline.ingest_chunk(source_conn, warehouse_conn, chunk, WANTED)
    with pytest.raises(writes.LoadIncompleteError):
        pipeline.publish(warehouse_conn, chunks)
    assert tagged(warehouse_conn) == before  # the new chunks are invisible until the load is published
    pipeline.ingest_chunk(source_conn, warehouse_conn, chunks[-1], WANTED)
    pipeline.publish(warehouse_conn, chunks)
    assert {row[0]: row[11] for row in tagged(warehouse_conn)}[2] is True


def test_migrations_are_idempotent(warehouse_conn):
    assert migrate(warehouse_conn) == []


def test_a_month_loaded_in_chunks_equals_the_month_loaded_whole(
    insert_postings, run_month, source_conn, warehouse_conn
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    whole = tagged(warehouse_conn)
    evidence = (
        "SELECT posting_id, taxonomy_id, match_rank, keyword, section, char_offset FROM core.match_evidence"
        " ORDER BY 1, 2, 3"
    )
    whole_evidence = warehouse_conn.execute(evidence).fetchall()
    chunks = pipeline.plan_month(source_conn, warehouse_conn, JANUARY, WANTED, 2)
    assert [(c.index, c.first_id, c.end_id) for c in chunks] == [(0, None, 3), (1, 3, 5), (2, 5, None)]
    for chunk in reversed(chunks):  # any order; a retried chunk replaces only its own rows
        pipeline.ingest_chunk(source_conn, warehouse_conn, chunk, WANTED)
    pipeline.ingest_chunk(source_conn, warehouse_conn, chunks[1], WANTED)
    pipeline.publish(warehouse_conn, chunks)
    for chunk in (chunks[2], chunks[0], chunks[1], chunks[0]):  # the evidence too: any order, retries replace
        pipeline.collect_evidence(warehouse_conn, chunk, WANTED)
    assert tagged(warehouse_conn) == whole
    assert warehouse_conn.execute(evidence).fetchall() == whole_evidence


def test_the_evidence_of_a_replaced_load_is_not_collected(insert_postings, run_month, source_conn, warehouse_conn):
    insert_postings(source_conn)
    first = pipeline.plan_month(source_conn, warehouse_conn, JANUARY, WANTED, 50_000)
    pipeline.ingest_chunk(source_conn, warehouse_conn, first[0], WANTED)
    pipeline.publish(warehouse_conn, first)
    run_month(source_conn, warehouse_conn, JANUARY)  # a later run replaces the first load, evidence and all
    evidence = "SELECT posting_id, taxonomy_id, match_rank, snippet FROM core.match_evidence ORDER BY 1, 2, 3"
    latest = warehouse_conn.execute(evidence).fetchall()
    assert latest
    assert pipeline.collect_evidence(warehouse_conn, first[0], WANTED) == 0  # the first run's late evidence task
    assert warehouse_conn.execute(evidence).fetchall() == latest


def full_pass_evidence(conn: psycopg.Connection, load_id: int, taxonomies) -> list[tuple]:
    """The evidence as collect_evidence found it before it read only tagged postings: every stored row but the
    deleted ones classified again in full by the reference Classifier."""
    classifier = Classifier(taxonomies, engine=PYTHON)
    rows = []
    for row in writes.stored_rows(conn, load_id, None, None):
        fields = split_row(row)
        if fields[layout.STATUS_AT] == b"deleted":
            continue
        texts = {name: unescape(field) for name, field in zip(layout.SECTIONS, fields[SECTION_FIELDS], strict=True)}
        for result in classifier.classify(texts):
            for rank, match in enumerate(result.matches[: writes.EVIDENCE_LIMIT], start=1):
                rows.append(
                    (
                        int(fields[layout.ID_AT]),
                        result.taxonomy_id,
                        result.taxonomy_version,
                        Month.parse(fields[layout.ROW_COLUMNS.index("month")].decode()).first_day,
                        rank,
                        match.group,
                        match.keyword,
                        match.section,
                        match.offset,
                        match.text,
                        match.snippet,
                        len(result.matches),
                    )
                )
    return sorted(rows)


def test_the_evidence_of_tagged_postings_equals_the_full_pass_on_the_generated_board(source_conn, warehouse_conn):
    seed_source(
        source_conn,
        first_month="2022-03",
        last_month="2022-03",
        developer_postings_per_month=600,
        replace_imported=True,
    )
    taxonomies = enabled_taxonomies()
    chunks = pipeline.process_month(source_conn, warehouse_conn, MARCH, taxonomies, chunk_postings=250)
    assert len(chunks) > 2
    stored = warehouse_conn.execute("SELECT * FROM core.match_evidence ORDER BY 1, 2, 5").fetchall()
    expected = full_pass_evidence(warehouse_conn, chunks[0].load_id, taxonomies)
    assert len(expected) > 1000
    assert stored == expected
    untagged = warehouse_conn.execute("SELECT count(*) FROM core.postings WHERE keyword_ids = '{}'").fetchone()[0]
    assert untagged > 100  # postings the evidence no longer reads


def test_the_evidence_numbers_sections_in_the_layout_order(warehouse_conn):
    name = "SELECT meta.evidence_section(%s::smallint)"
    names = [warehouse_conn.execute(name, (number,)).fetchone()[0] for number in range(len(layout.SECTIONS) + 1)]
    assert names == [*layout.SECTIONS, None]


def test_evidence_collected_again_under_some_taxonomies_leaves_the_others_as_they_were(source_conn, warehouse_conn):
    """Spans and counts several taxonomies share are stored once: collecting one taxonomy's evidence again keeps
    the numbers of the others (the rows of core.match_evidence stay the same)."""
    seed_source(source_conn, first_month="2022-03", last_month="2022-03", developer_postings_per_month=200)
    taxonomies = enabled_taxonomies()
    chunks = pipeline.process_month(source_conn, warehouse_conn, MARCH, taxonomies, chunk_postings=100)
    evidence = "SELECT * FROM core.match_evidence ORDER BY 1, 2, 5"
    whole = warehouse_conn.execute(evidence).fetchall()
    shared = "SELECT count(*) FROM core.evidence_spans WHERE cardinality(keyword_ids) > 1"
    assert warehouse_conn.execute(shared).fetchone()[0] > 100
    for some in ([taxonomies[0]], taxonomies[1::2], taxonomies[2:]):
        for chunk in chunks:
            pipeline.collect_evidence(warehouse_conn, chunk, some)
        assert warehouse_conn.execute(evidence).fetchall() == whole, [t.id for t in some]


def test_evidence_under_a_taxonomy_the_load_was_not_tagged_under_is_refused(
    insert_postings, run_month, source_conn, warehouse_conn
):
    insert_postings(source_conn)
    (chunk,) = run_month(source_conn, warehouse_conn, JANUARY)
    evidence = "SELECT * FROM core.match_evidence ORDER BY 1, 2, 5"
    before = warehouse_conn.execute(evidence).fetchall()
    with pytest.raises(writes.NotTaggedError, match="re-tag the month"):
        pipeline.collect_evidence(warehouse_conn, chunk, [*WANTED, load_taxonomy("strict")])
    assert warehouse_conn.execute(evidence).fetchall() == before


def test_retagging_from_the_stored_text_needs_no_source(
    insert_postings, run_month, source_conn, warehouse_conn, test_databases
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    before = tagged(warehouse_conn)
    source_conn.execute("TRUNCATE job_board.postings CASCADE")  # the source is gone; the warehouse has the text
    with psycopg.connect(test_databases.warehouse_url, autocommit=True) as reader:
        chunks = pipeline.process_month(reader, warehouse_conn, JANUARY, WANTED, chunk_postings=2, retag=True)
    assert [c.origin for c in chunks] == ["warehouse"] * 3
    assert tagged(warehouse_conn) == before


def test_retagging_a_month_never_loaded_plans_nothing(warehouse_conn):
    assert pipeline.plan_retag(warehouse_conn, FEBRUARY, WANTED, 10) == []
    assert warehouse_conn.execute("SELECT count(*) FROM meta.loads").fetchone() == (0,)


def test_an_ingest_reports_its_postings_and_how_many_are_in_each_group(insert_postings, source_conn, warehouse_conn):
    insert_postings(source_conn)
    (chunk,) = pipeline.plan_month(source_conn, warehouse_conn, JANUARY, WANTED, 50_000)
    # Postings 1-6: AI in 1, 4 (머신 러닝), 5 and 6 (딥러닝, deleted but still read); data in 3.
    assert pipeline.ingest_chunk(source_conn, warehouse_conn, chunk, WANTED) == {
        "postings": 6,
        "wanted-2023 ai": 4,
        "wanted-2023 data": 1,
    }


# Titles of every kind: the plain ones (ASCII, Hangul) that ingest keys itself, and what only PostgreSQL's
# normalize() / lower() / \s decide (full-width letters, Latin-1 and Greek capitals, NBSP, ideographic space,
# the dotted I, control characters, a backslash, jamo).
TITLE_CHARACTERS = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.sampled_from("\t\n\x0b\x1c\u00a0\u3000\u2028ＡＩｂÉΣİıß①\\\u1100\u1161\x7f가힣"),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(TITLE_CHARACTERS, max_size=12), min_size=1, max_size=20))
@example(["", " ", "  AI Engineer ", "ML 엔지니어", "ＡＩ 엔지니어", "İstanbul", "a\\b", "\u3000", "가\u00a0나"])
def test_ingest_computes_title_key_exactly_as_the_warehouse_function(warehouse_conn, titles):
    keyed = 0
    for title in titles:
        key = pipeline.title_key(escape(title))
        if key is None:  # left to the warehouse
            assert any(not (" " <= char <= "~" or "가" <= char <= "힣") or char == "\\" for char in title)
            continue
        keyed += 1
        want = warehouse_conn.execute("SELECT meta.title_key(%s)", (title,)).fetchone()[0]
        assert key == (b"\\N" if want is None else want.encode()), title
    assert pipeline.title_key(b"\\N") == b"\\N"
    # A batch at once: the same keys, whether every title is plain (one pass) or not (title by title).
    fields = [escape(title) for title in titles]
    assert pipeline.title_keys(fields) == [pipeline.title_key(field) for field in fields]
    plain = [field for field in fields if pipeline.title_key(field) is not None]
    assert pipeline.title_keys(plain) == [pipeline.title_key(field) for field in plain]


def test_titles_are_keyed_in_ingest_or_by_the_warehouse(source_conn, warehouse_conn):
    titles = {1: "ML 엔지니어 (AI)", 2: "ＡＩ  Backend 개발자", 3: "  ", 4: "İ\u3000ｏ", 5: None}
    source_conn.execute("INSERT INTO job_board.companies (id, name, employee_count) VALUES (1, '테스트', 50)")
    for posting_id, title in titles.items():
        source_conn.execute(
            "INSERT INTO job_board.postings (id, company_id, job_group, title, main_tasks, published_at, status)"
            " VALUES (%s, 1, '개발', %s, 'AI', %s, 'open')",
            (posting_id, title, datetime(2022, 1, 5, tzinfo=KST)),
        )
    pipeline.process_month(source_conn, warehouse_conn, JANUARY, WANTED)
    stored = warehouse_conn.execute(
        "SELECT posting_id, title_key, meta.title_key(title) FROM core.postings ORDER BY 1"
    ).fetchall()
    keys = {posting_id: key for posting_id, key, _ in stored}
    assert (keys[1], keys[2], keys[3], keys[5]) == ("ml엔지니어(ai)", "aibackend개발자", None, None)
    assert keys[4] is not None  # what lower() makes of İ depends on the collation
    assert all(key == recomputed for _, key, recomputed in stored)


def test_a_status_outside_open_closed_deleted_is_a_recorded_issue_never_a_live_posting(
    insert_postings, run_month, source_conn, warehouse_conn
):
    # A board without the contract's CHECK on status: 'DELETED', 'archived' and NULL are not live postings.
    source_conn.execute("ALTER TABLE job_board.postings DROP CONSTRAINT postings_status_check")
    source_conn.execute("ALTER TABLE job_board.postings ALTER COLUMN status DROP NOT NULL")
    try:
        day = datetime(2022, 1, 5)
        insert_postings(
            source_conn,
            [
                (11, "개발", "백엔드 개발자", "AI 모델", day, "DELETED"),
                (12, "개발", "백엔드 개발자", "AI 모델", day, "archived"),
                (13, "개발", "백엔드 개발자", "AI 모델", day, None),
                (14, "개발", "백엔드 개발자", "AI 모델", day, "open"),
            ],
        )
        run_month(source_conn, warehouse_conn, JANUARY)
        counted = warehouse_conn.execute("SELECT posting_id FROM core.published_postings ORDER BY 1").fetchall()
        assert counted == [(14,)]
        issues = warehouse_conn.execute(
            "SELECT posting_id, reason, action, detail FROM core.posting_issues WHERE reason = 'unknown_status'"
            " ORDER BY 1"
        ).fetchall()
        assert issues == [
            (11, "unknown_status", "excluded", "status 'DELETED' is not open, closed or deleted"),
            (12, "unknown_status", "excluded", "status 'archived' is not open, closed or deleted"),
            (13, "unknown_status", "excluded", "status NULL is not open, closed or deleted"),
        ]
        check = (SQL_DIR / "checks" / "month_quality.sql").read_text(encoding="utf-8")
        assert warehouse_conn.execute(check, {"interval_start": JANUARY.start}).fetchone()[0] is True
    finally:
        source_conn.execute(
            "DELETE FROM job_board.postings WHERE status IS NULL OR status NOT IN ('open', 'closed', 'deleted')"
        )
        source_conn.execute("ALTER TABLE job_board.postings ALTER COLUMN status SET NOT NULL")
        source_conn.execute(
            "ALTER TABLE job_board.postings ADD CONSTRAINT postings_status_check"
            " CHECK (status IN ('open', 'closed', 'deleted'))"
        )
