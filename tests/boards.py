"""Three job boards shaped like real ones, for the source mapping tests: each is created in the test source database
under its own schema, with SELECT granted to the source reader (as a board's owner would grant it), and each has a
query that counts one month's developer, AI and AI-or-data postings directly on the board's own tables, by the
wanted-2023 rule (AI as a Latin token; 머신러닝, 딥러닝 and 데이터 with whitespace allowed between their parts).

A plain helper module, not a test module (pytest does not collect it): tests/integration/source/test_mapping.py and
tests/dags/test_monthly_dag_any_board.py import it from tests/, which pytest puts on sys.path for tests/conftest.py."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import psycopg
from psycopg import sql

from ai_job_share.months import KST, Month

MONTH = Month(2022, 3)

#: Texts by what wanted-2023 makes of them: ai, data, or nothing (with look-alikes it must not count).
_AI = ["Senior AI engineer", "머신 러닝 모델 서빙", "OpenAI API 연동", "딥러닝 연구", "LLM/AI 플랫폼"]
_DATA = ["데이터 파이프라인 구축", "빅데이터 처리"]
_NEITHER = ["Backend engineer (Go)", "EMAIL, DETAIL, KAIST, RAID", "프론트엔드 개발", "AIOps and AIR tooling"]

# One SQL regular expression per rule of wanted-2023 (PostgreSQL ARE; \s is the classifier's whitespace here).
_AI_RE = r"(^|[^A-Z])AI([^A-Za-z]|$)|머신\s*러닝|딥\s*러닝"
_DATA_RE = r"데이터"


def _texts(index: int) -> str:
    pool = (_AI, _DATA, _NEITHER)[index % 3]
    return pool[index % len(pool)]


def _published(index: int, month: Month = MONTH) -> datetime:
    return (month.start + timedelta(hours=7 * index + 1)).astimezone(KST)


def _grant(conn: psycopg.Connection, schema: str, reader: str) -> None:
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), sql.Identifier(reader)))
    conn.execute(
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(sql.Identifier(schema), sql.Identifier(reader))
    )


def _matches(columns: list[str], pattern: str) -> str:
    return "(" + " OR ".join(f"coalesce({column}, '') ~ '{pattern}'" for column in columns) + ")"


def create_flat_board(conn: psycopg.Connection, reader: str, postings: int = 60) -> str:
    """board.messages: one English free-text message per posting, its time and author; no company, no group.
    Returns the query counting the month (every posting is a developer posting here)."""
    conn.execute("DROP SCHEMA IF EXISTS board CASCADE")
    conn.execute("CREATE SCHEMA board")
    conn.execute(
        "CREATE TABLE board.messages (id bigint PRIMARY KEY, posted_at timestamptz NOT NULL, text text, author text)"
    )
    with conn.cursor().copy("COPY board.messages (id, posted_at, text, author) FROM STDIN") as copy:
        for index in range(postings):
            text = f"Hiring at company {index % 7} | {_texts(index)} | remote OK\n\nApply by email."
            copy.write_row((1000 + index, _published(index), text, f"user{index % 11}"))
        copy.write_row((5000, _published(1, MONTH.minus(1)), "AI team (last month)", "x"))
        copy.write_row((5001, _published(1, Month(2022, 4)), "AI team (next month)", "x"))
    _grant(conn, "board", reader)
    return f"""
        SELECT count(*), count(*) FILTER (WHERE {_matches(["text"], _AI_RE)}),
               count(*) FILTER (WHERE {_matches(["text"], _AI_RE)} OR {_matches(["text"], _DATA_RE)})
        FROM board.messages WHERE posted_at >= %(start)s AND posted_at < %(end)s
    """


_JSON_KEYS = {"about": "intro", "duties": "main_tasks", "must_have": "requirements", "nice_to_have": "preferred"}


def create_jsonb_board(conn: psycopg.Connection, reader: str, postings: int = 60) -> str:
    """jobs.ads with its sections in one JSONB column under its own keys, and jobs.categories; some ads are removed
    (deleted) and some are not Engineering. Returns the query counting the month's Engineering ads."""
    conn.execute("DROP SCHEMA IF EXISTS jobs CASCADE")
    conn.execute("CREATE SCHEMA jobs")
    conn.execute("CREATE TABLE jobs.categories (id int PRIMARY KEY, name text NOT NULL)")
    conn.execute("INSERT INTO jobs.categories VALUES (1, 'Engineering'), (2, 'Sales'), (3, 'Design')")
    conn.execute(
        "CREATE TABLE jobs.ads (ad_id bigint PRIMARY KEY, category_id int REFERENCES jobs.categories, headline text,"
        " content jsonb, created timestamptz, modified timestamptz, removed boolean NOT NULL DEFAULT false)"
    )
    keys = list(_JSON_KEYS)
    with conn.cursor().copy(
        "COPY jobs.ads (ad_id, category_id, headline, content, created, modified, removed) FROM STDIN"
    ) as copy:
        for index in range(postings):
            content = {key: f"섹션 {key} {index}" for key in keys}
            content[keys[index % len(keys)]] = _texts(index)  # the telling text under one of the board's keys
            content["perks"] = "데이터 요금 지원" if index % 10 == 0 else "자율 출퇴근"
            headline = "AI 엔지니어" if index % 13 == 0 else f"포지션 {index}"
            copy.write_row(
                (
                    2000 + index,
                    (1, 1, 2, 3)[index % 4],
                    headline,
                    json.dumps(content, ensure_ascii=False),
                    _published(index),
                    None if index % 5 else _published(index) + timedelta(days=1),
                    index % 17 == 0,
                )
            )
    _grant(conn, "jobs", reader)
    columns = ["a.headline", *(f"a.content ->> '{key}'" for key in [*keys, "perks"])]
    return f"""
        SELECT count(*), count(*) FILTER (WHERE {_matches(columns, _AI_RE)}),
               count(*) FILTER (WHERE {_matches(columns, _AI_RE)} OR {_matches(columns, _DATA_RE)})
        FROM jobs.ads AS a JOIN jobs.categories AS c ON c.id = a.category_id
        WHERE c.name = 'Engineering' AND NOT a.removed AND a.created >= %(start)s AND a.created < %(end)s
    """


def create_contract_board(conn: psycopg.Connection, postings: int = 60) -> str:
    """job_board.postings (the built-in contract, already created) with the month's postings, some with their text
    in body only, some of another job group or deleted. Returns the query counting the month's 개발 postings."""
    conn.execute("TRUNCATE job_board.postings, job_board.companies CASCADE")
    conn.execute("INSERT INTO job_board.companies (id, name, employee_count) VALUES (1, 'A', 30), (2, 'B', 500)")
    with conn.cursor().copy(
        "COPY job_board.postings (id, company_id, job_group, job_role, title, intro, main_tasks, body, published_at,"
        " updated_at, status) FROM STDIN"
    ) as copy:
        for index in range(postings):
            in_body = index % 4 == 0
            text = _texts(index)
            copy.write_row(
                (
                    3000 + index,
                    1 + index % 2,
                    "디자인" if index % 5 == 4 else "개발",
                    "백엔드",
                    f"포지션 {index}",
                    None if in_body else "회사 소개",
                    None if in_body else text,
                    f"회사 소개\n{text}\n복지" if in_body else None,
                    _published(index),
                    _published(index),
                    "deleted" if index % 11 == 0 else "open",
                )
            )
    columns = [
        f"p.{name}" for name in ("title", "intro", "main_tasks", "requirements", "preferred", "benefits", "body")
    ]
    return f"""
        SELECT count(*), count(*) FILTER (WHERE {_matches(columns, _AI_RE)}),
               count(*) FILTER (WHERE {_matches(columns, _AI_RE)} OR {_matches(columns, _DATA_RE)})
        FROM job_board.postings AS p
        WHERE p.job_group = '개발' AND p.status <> 'deleted'
          AND p.published_at >= %(start)s AND p.published_at < %(end)s
    """
