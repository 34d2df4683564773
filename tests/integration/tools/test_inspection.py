"""What the warehouse answers about postings and issues: `explain` for loaded and excluded postings, caveats of a
whole load recorded once, and `issues` by reason - through the installed command, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from ai_job_share.months import KST, Month
from ai_job_share.sql_files import read_sql

pytestmark = pytest.mark.integration

CLI = str(Path(sys.executable).with_name("ai-job-share"))
JANUARY = Month(2022, 1)


def run_cli(test_databases, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "AI_JOB_SHARE_WAREHOUSE_URL": test_databases.warehouse_url}
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120, env=env)


def test_explain_says_why_an_excluded_posting_is_left_out_and_exits_0(
    insert_postings, run_month, source_conn, warehouse_conn, test_databases
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)
    completed = run_cli(test_databases, "explain", "6")  # 6 is deleted
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[:2] == [
        "posting 6: 2022-01, not counted",
        "  excluded: deleted - status is deleted (recorded by the load of 2022-01)",
    ]


def test_explain_answers_for_several_postings_and_prints_a_dash_for_what_is_missing(
    insert_postings, run_month, source_conn, warehouse_conn, test_databases
):
    insert_postings(source_conn)
    source_conn.execute("UPDATE job_board.postings SET job_role = NULL WHERE id = 2")
    run_month(source_conn, warehouse_conn, JANUARY)
    completed = run_cli(test_databases, "explain", "2", "6", "999")
    assert completed.returncode == 1  # 999 is nowhere
    assert "None" not in completed.stdout
    assert "posting 2: 2022-01, 개발 / –" in completed.stdout
    assert "  kept: no_job_role - job role is empty (recorded by the load of 2022-01)" in completed.stdout
    assert "posting 6: 2022-01, not counted" in completed.stdout
    assert "posting 999: not in the warehouse" in completed.stderr

    as_json = run_cli(test_databases, "explain", "--json", "2", "6")
    answers = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [(a["posting_id"], a["found"], a["counted"], a["month"], a["job_role"]) for a in answers] == [
        (2, True, True, "2022-01", None),
        (6, True, False, "2022-01", None),
    ]
    assert [issue["reason"] for issue in answers[1]["issues"]] == ["deleted"]
    assert {t["taxonomy"] for t in answers[0]["taxonomies"]} == {"wanted-2023"}


def test_a_caveat_of_every_posting_of_a_load_is_recorded_once_with_its_count(
    hand_made_postings, insert_postings, run_month, source_conn, warehouse_conn
):
    # A board without roles: every posting of the month lacks one.
    insert_postings(source_conn)
    source_conn.execute("UPDATE job_board.postings SET job_role = NULL")
    run_month(source_conn, warehouse_conn, JANUARY)
    january = [p for p in hand_made_postings if datetime(2022, 1, 1) <= p[4] < datetime(2022, 2, 1)]
    rows = warehouse_conn.execute(
        "SELECT posting_id, reason, action, postings FROM core.posting_issues ORDER BY reason, posting_id"
    ).fetchall()
    assert rows == [(6, "deleted", "excluded", 1), (None, "no_job_role", "kept", len(january))]

    # Without companies as well (a board whose mapping has none), recorded once too.
    (load_id,) = warehouse_conn.execute("SELECT load_id FROM meta.month_loads").fetchone()
    warehouse_conn.execute("UPDATE core.postings SET company_id = NULL WHERE load_id = %s", (load_id,))
    warehouse_conn.execute(
        read_sql("queries/warehouse/record_load_issues.sql"), {"month": JANUARY.first_day, "load_id": load_id}
    )
    assert warehouse_conn.execute(
        "SELECT reason, postings FROM core.posting_issues WHERE posting_id IS NULL ORDER BY reason"
    ).fetchall() == [("no_company", len(january)), ("no_job_role", len(january))]


def test_issues_summarises_a_month_by_reason_with_counts_and_examples(
    hand_made_postings, insert_postings, run_month, source_conn, warehouse_conn, test_databases
):
    insert_postings(
        source_conn,
        [
            *hand_made_postings,
            (8, "개발", "백엔드", "AI", datetime(2022, 1, 5), "deleted"),
            (9, "개발", "백엔드", "AI", datetime(2022, 1, 6), "deleted"),
            (10, "기타", "백엔드", "AI", datetime(2022, 1, 7), "open"),
        ],
    )
    source_conn.execute(
        "INSERT INTO job_board.postings (id, company_id, job_group, title, published_at, status)"
        " VALUES (11, 1, '개발', '제목', %s, 'open')",
        (datetime(2022, 1, 8, tzinfo=KST),),
    )
    run_month(source_conn, warehouse_conn, JANUARY)
    completed = run_cli(test_databases, "issues", "--month", "2022-01")
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0] == "2022-01: 5 posting issue(s), 3 reason(s)"
    assert any(line.split()[:3] == ["excluded", "deleted", "3"] and "e.g. 6, 8, 9" in line for line in lines)
    assert any(line.split()[:3] == ["kept", "unknown_job_group", "1"] and "e.g. 10" in line for line in lines)
    assert any(line.split()[:3] == ["kept", "no_job_role", "1"] and "e.g. 11" in line for line in lines)

    as_json = run_cli(test_databases, "issues", "--month", "2022-01", "--json")
    summary = {
        row["reason"]: (row["postings"], row["examples"]) for row in map(json.loads, as_json.stdout.splitlines())
    }
    assert summary == {"deleted": (3, [6, 8, 9]), "unknown_job_group": (1, [10]), "no_job_role": (1, [11])}
    assert run_cli(test_databases, "issues", "--month", "2022-03").stdout.strip() == "no issues recorded"
