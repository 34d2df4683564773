"""`ai-job-share import` against real PostgreSQL: loads, idempotent re-import, the report, all or nothing."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from ai_job_share.months import KST
from ai_job_share.tools.importer import ImportRefused, run_import

CLI = str(Path(sys.executable).with_name("ai-job-share"))
HEADER = "id,company_id,job_group,job_role,title,main_tasks,published_at,status,company_name,company_employee_count"
INJECTION = "'); DROP TABLE job_board.postings; --"


def write_csv(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def snapshot(conn: psycopg.Connection) -> tuple[list[str], list[str]]:
    """Every row of both tables as text, updated_at included."""
    companies = [r[0] for r in conn.execute("SELECT c::text FROM job_board.companies c ORDER BY id")]
    postings = [r[0] for r in conn.execute("SELECT p::text FROM job_board.postings p ORDER BY id")]
    return companies, postings


def posting(conn: psycopg.Connection, posting_id: int) -> dict:
    with conn.cursor(row_factory=psycopg.rows.dict_row) as cursor:
        return cursor.execute("SELECT * FROM job_board.postings WHERE id = %s", (posting_id,)).fetchone()


@pytest.fixture
def postings_csv(tmp_path) -> Path:
    return write_csv(
        tmp_path / "postings.csv",
        "1,10,개발,백엔드,백엔드 개발자,AI 추천 시스템,2022-01-31 23:59:59,open,에이아이랩,50",
        "2,10,개발,ML 엔지니어,ML 엔지니어,딥러닝 서빙,2022-02-01T00:00:00+09:00,closed,,",
        f'3,20,디자인,,"{INJECTION}","tab\tback\\slash ""quoted""\nnew line 😀",2022-01-15T00:00:00Z,,,',
    )


def test_a_file_is_loaded_with_companies_and_korea_time(source_conn, postings_csv):
    outcome = run_import(source_conn, postings_csv)
    assert outcome.exit_code == 0, outcome.summary()
    assert (outcome.result.new, outcome.result.changed, outcome.result.unchanged) == (3, 0, 0)
    assert (outcome.result.companies_from_file, outcome.result.placeholder_companies) == (1, 1)
    assert source_conn.execute("SELECT id, name, employee_count FROM job_board.companies ORDER BY id").fetchall() == [
        (10, "에이아이랩", 50),
        (20, "company 20", None),
    ]
    first = posting(source_conn, 1)
    assert first["published_at"] == datetime(2022, 1, 31, 23, 59, 59, tzinfo=KST)  # naive → KST: still January
    assert first["published_at"] == datetime(2022, 1, 31, 14, 59, 59, tzinfo=UTC)
    assert (first["job_group"], first["job_role"], first["status"], first["intro"]) == ("개발", "백엔드", "open", None)
    assert posting(source_conn, 2)["status"] == "closed"
    assert "1 timestamp(s) had no UTC offset and were taken as Korea time (Asia/Seoul)" in outcome.summary()


def test_sql_looking_and_awkward_text_is_stored_literally(source_conn, postings_csv):
    run_import(source_conn, postings_csv)
    third = posting(source_conn, 3)
    assert third["title"] == INJECTION
    assert third["main_tasks"] == 'tab\tback\\slash "quoted"\nnew line 😀'
    assert third["status"] == "open"
    assert source_conn.execute("SELECT count(*) FROM job_board.postings").fetchone() == (3,)


def test_reimporting_the_same_file_changes_nothing(source_conn, postings_csv):
    run_import(source_conn, postings_csv)
    before = snapshot(source_conn)
    outcome = run_import(source_conn, postings_csv)
    assert snapshot(source_conn) == before  # updated_at included
    assert (outcome.result.new, outcome.result.changed, outcome.result.unchanged) == (0, 0, 3)
    assert (outcome.result.companies_from_file, outcome.result.placeholder_companies) == (0, 0)


def test_an_edit_replaces_the_posting_and_moves_updated_at_unless_the_file_gives_it(source_conn, tmp_path):
    header = "id,company_id,job_group,title,published_at,updated_at"
    write_csv(
        tmp_path / "v1.csv",
        "1,10,개발,v1,2022-01-05,",
        "2,10,개발,v1,2022-01-05,2022-01-06T00:00:00+09:00",
        header=header,
    )
    run_import(source_conn, tmp_path / "v1.csv")
    unchanged_at = posting(source_conn, 1)["updated_at"]
    assert posting(source_conn, 2)["updated_at"] == datetime(2022, 1, 6, tzinfo=KST)

    write_csv(
        tmp_path / "v2.csv",
        "1,10,개발,v2,2022-01-05,",
        "2,10,개발,v2,2022-01-05,2022-01-07T00:00:00+09:00",
        header=header,
    )
    outcome = run_import(source_conn, tmp_path / "v2.csv")
    assert (outcome.result.new, outcome.result.changed) == (0, 2)
    first, second = posting(source_conn, 1), posting(source_conn, 2)
    assert first["title"] == second["title"] == "v2"
    assert first["updated_at"] > unchanged_at  # the import time: the month fingerprint sees the edit
    assert second["updated_at"] == datetime(2022, 1, 7, tzinfo=KST)  # the file's


def test_within_a_file_the_last_line_with_an_id_wins(source_conn, tmp_path):
    path = write_csv(
        tmp_path / "dup.csv",
        "5,10,개발,,first,,2022-01-05,open,첫 회사,",
        "5,11,개발,,second,,2022-01-06,closed,,",
        "5,10,개발,,rejected,,bad date,,,",
    )
    outcome = run_import(source_conn, path)
    assert outcome.exit_code == 1
    row = posting(source_conn, 5)
    assert (row["company_id"], row["title"], row["status"]) == (11, "second", "closed")
    # the superseded line's company is not created; the winning line's company gets a placeholder
    assert source_conn.execute("SELECT id, name FROM job_board.companies").fetchall() == [(11, "company 11")]
    assert "1 line(s) superseded by a later line with the same id (id 5: line 2 by line 3)" in outcome.summary()


def test_existing_companies_are_kept_or_updated_from_the_file(source_conn, tmp_path):
    source_conn.execute("INSERT INTO job_board.companies VALUES (10, '원래 이름', 40), (11, '그대로', 7)")
    path = write_csv(
        tmp_path / "c.csv",
        "1,10,개발,,,,2022-01-05,,새 이름,",
        "2,11,개발,,,,2022-01-05,,,",
        "3,12,개발,,,,2022-01-05,,새 회사,3",
    )
    outcome = run_import(source_conn, path)
    assert (outcome.result.companies_from_file, outcome.result.placeholder_companies) == (2, 0)
    assert source_conn.execute("SELECT id, name, employee_count FROM job_board.companies ORDER BY id").fetchall() == [
        (10, "새 이름", 40),  # renamed; an empty employee count keeps the stored one
        (11, "그대로", 7),  # no company_name: left alone, no placeholder needed
        (12, "새 회사", 3),
    ]


def test_rejected_records_go_to_the_report_and_the_valid_ones_load(source_conn, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        (
            HEADER + "\n1,10,개발,,ok,,2022-01-05,,,\nx,10,개발,,,,2022-01-05,,,\n2,10,개발,,,,2022-01-05,draft,,\n"
        ).encode()
        + b"3,10,\xff,,,,2022-01-05,,,\n"
        + "4,10,개발,,a\x00b,,2022-01-05,,,\n5,10,개발,,ok,,2022-01-05,,,\n".encode()
    )
    report = tmp_path / "reports" / "rejected.csv"
    report.parent.mkdir()
    outcome = run_import(source_conn, path, report=report)
    assert outcome.exit_code == 1
    assert (outcome.stats.read, outcome.result.loaded, outcome.stats.rejected) == (6, 2, 4)
    assert [r[0] for r in source_conn.execute("SELECT id FROM job_board.postings ORDER BY id")] == [1, 5]
    with report.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["line"], r["id"]) for r in rows] == [("3", "x"), ("4", "2"), ("5", ""), ("6", "4")]
    assert rows[0]["reason"] == "id: not an integer: 'x'"
    assert rows[1]["reason"].startswith("status: unknown status 'draft'")
    assert rows[2]["reason"] == "invalid UTF-8 on line 5 (byte 6: b'\\xff')"
    assert rows[2]["raw"] == "3,10,\\xff,,,,2022-01-05,,,"
    assert rows[3]["reason"] == "title: contains a NUL character, which PostgreSQL text cannot store"


def test_json_lines_are_loaded(source_conn, tmp_path):
    path = tmp_path / "p.jsonl"
    first_record = {"id": 1, "company_id": 10, "job_group": "개발", "title": INJECTION}
    first_record |= {"published_at": "2022-03-01T00:00:00+09:00", "required_years_min": 0, "required_years_max": "3"}
    first_record |= {"company_name": "JSON 회사", "company_employee_count": 12}
    records = [
        first_record,
        {"id": "2", "company_id": "10", "job_group": "개발", "published_at": "2022-03-02", "status": None},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "[]\n", encoding="utf-8")
    outcome = run_import(source_conn, path)
    assert outcome.exit_code == 1 and outcome.result.new == 2
    first = posting(source_conn, 1)
    assert (first["title"], first["required_years_min"], first["required_years_max"]) == (INJECTION, 0, 3)
    assert posting(source_conn, 2)["published_at"] == datetime(2022, 3, 2, tzinfo=KST)


DROP_PLACEHOLDERS = (  # a stricter source: a trigger deletes placeholder companies, which breaks the foreign key
    "CREATE FUNCTION pg_temp.import_test_refuse() RETURNS trigger LANGUAGE plpgsql AS"
    " $$ BEGIN DELETE FROM job_board.companies WHERE name LIKE 'company %'; RETURN NULL; END $$",
    "CREATE TRIGGER import_test_refuse AFTER INSERT ON job_board.postings"
    " FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.import_test_refuse()",
)


@pytest.mark.parametrize(
    "refusal",
    [
        ("ALTER TABLE job_board.postings ADD CONSTRAINT import_test_refuse CHECK (title <> 'refuse me')",),
        ("ALTER TABLE job_board.companies ADD CONSTRAINT import_test_refuse CHECK (name <> 'refused company')",),
        DROP_PLACEHOLDERS,
    ],
    ids=["postings-check", "companies-check", "foreign-key"],
)
def test_when_the_database_refuses_anything_nothing_is_loaded(source_conn, tmp_path, refusal):
    source_conn.execute("INSERT INTO job_board.companies VALUES (10, '원래', 40)")
    source_conn.execute(
        "INSERT INTO job_board.postings (id, company_id, job_group, title, published_at, updated_at)"
        " VALUES (1, 10, '개발', 'before', '2022-01-05', '2022-01-05')"
    )
    before = snapshot(source_conn)
    path = write_csv(
        tmp_path / "refused.csv",
        "1,10,개발,,changed,,2022-01-05,,바뀐 이름,",  # an update that must not survive
        "2,30,개발,,new,,2022-01-05,,,",  # a new posting and a placeholder company that must not survive
        "3,10,개발,,refuse me,,2022-01-05,,refused company,",
    )
    try:
        for statement in refusal:
            source_conn.execute(statement)
        with pytest.raises(ImportRefused, match="the database refused the import, nothing was loaded") as raised:
            run_import(source_conn, path)
        expected = "foreign key" if refusal is DROP_PLACEHOLDERS else "import_test_refuse"
        assert expected in str(raised.value)
        assert snapshot(source_conn) == before
    finally:
        source_conn.execute("DROP TRIGGER IF EXISTS import_test_refuse ON job_board.postings")
        for table in ("postings", "companies"):
            source_conn.execute(f"ALTER TABLE job_board.{table} DROP CONSTRAINT IF EXISTS import_test_refuse")


def run_cli(*args: str, url: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "AI_JOB_SHARE_SOURCE_URL": url}
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env)


def test_the_command_exit_codes(source_conn, test_databases, postings_csv, tmp_path):
    completed = run_cli("import", str(postings_csv), url=test_databases.source_url, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert "loaded 3 postings in one transaction: 3 new, 0 changed, 0 unchanged" in completed.stdout

    bad = write_csv(tmp_path / "bad.csv", "9,10,개발,,,,2022-01-05,,,", "10,10,개발,,,,someday,,,")
    completed = run_cli("import", str(bad), url=test_databases.source_url, cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    assert "rejected 1 record" in completed.stdout
    assert source_conn.execute("SELECT count(*) FROM job_board.postings").fetchone() == (4,)

    source_conn.execute("ALTER TABLE job_board.postings ADD CONSTRAINT import_test_refuse CHECK (id < 100)")
    try:
        refused = write_csv(tmp_path / "refused.csv", "100,10,개발,,,,2022-01-05,,,")
        completed = run_cli("import", str(refused), url=test_databases.source_url, cwd=tmp_path)
        assert completed.returncode == 2
        assert "the database refused the import, nothing was loaded" in completed.stderr
        assert "import_test_refuse" in completed.stderr
    finally:
        source_conn.execute("ALTER TABLE job_board.postings DROP CONSTRAINT IF EXISTS import_test_refuse")
    assert source_conn.execute("SELECT count(*) FROM job_board.postings").fetchone() == (4,)


def test_text_in_an_unknown_column_is_never_dropped_and_body_is_tagged(
    source_conn, warehouse_conn, test_databases, tmp_path
):
    from ai_job_share.months import Month
    from ai_job_share.taxonomy import load_taxonomies
    from ai_job_share.warehouse import pipeline

    record = {"id": 77, "company_id": 10, "job_group": "개발", "published_at": "2022-01-05T09:00:00+09:00"}
    board = tmp_path / "board.jsonl"
    board.write_text(json.dumps({**record, "text": "We build 머신러닝 systems"}, ensure_ascii=False) + "\n", "utf-8")
    completed = run_cli("import", str(board), url=test_databases.source_url, cwd=tmp_path)
    assert completed.returncode == 2
    assert "does not know: text; known columns: id," in completed.stderr and "body" in completed.stderr
    assert source_conn.execute("SELECT count(*) FROM job_board.postings").fetchone() == (0,)

    completed = run_cli("import", str(board), "--map", "text=body", url=test_databases.source_url, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert posting(source_conn, 77)["body"] == "We build 머신러닝 systems"

    pipeline.process_month(source_conn, warehouse_conn, Month(2022, 1), load_taxonomies(["wanted-2023"]))
    tagged = warehouse_conn.execute("SELECT is_ai FROM core.tagged_postings WHERE posting_id = 77").fetchall()
    assert tagged == [(True,)]
