"""Write the synthetic job board into PostgreSQL with psycopg 3 COPY.

``seed_source`` creates the schema from ``sql/source/*.sql`` (in file-name order; ``900_generator_truth.sql``
adds the ``generator.truth`` table that the pipeline never reads), then in one transaction truncates the three
tables and streams companies, postings and truth in with ``COPY ... FROM STDIN``. Running it twice with the same
arguments leaves the same content.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from ai_job_share.source.reader import POSTING_COLUMNS
from ai_job_share.sql_files import SQL_DIR, read_sql
from ai_job_share.tools.seed.generator import MonthSummary, Posting, generate, summarize

SOURCE_SQL_DIR = SQL_DIR / "source"


@dataclass(frozen=True)
class SeedSummary:
    companies: int
    postings: int
    months: dict[str, MonthSummary]  # per KST month, see MonthSummary
    seconds: float


def source_sql_files() -> list[Path]:
    files = sorted(SOURCE_SQL_DIR.glob("*.sql"), key=lambda path: path.name)
    if not files:
        raise FileNotFoundError(f"no source schema files in {SOURCE_SQL_DIR}")
    return files


class SeedRefused(ValueError):
    """Seeding would delete postings it did not write."""


def apply_source_schema(conn: psycopg.Connection) -> list[Path]:
    """Run every ``sql/source/*.sql`` file (idempotent DDL) in one transaction; returns the files run."""
    files = source_sql_files()
    with conn.transaction():
        for path in files:
            conn.execute(path.read_text(encoding="utf-8"))
    return files


def seed_source(
    conn: psycopg.Connection,
    *,
    seed: int = 42,
    first_month: str = "2022-01",
    last_month: str = "2023-05",
    developer_postings_per_month: int = 3000,
    progress: Callable[[str], None] | None = None,
    replace_imported: bool = False,
) -> SeedSummary:
    """Replace the content of job_board.companies, job_board.postings and generator.truth with a generated board.
    A source holding postings the generator did not write (imported ones) is refused (:class:`SeedRefused`,
    nothing changed) unless ``replace_imported``."""
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    apply_source_schema(conn)
    companies, postings = generate(
        seed=seed,
        first_month=first_month,
        last_month=last_month,
        developer_postings_per_month=developer_postings_per_month,
    )
    truth: list[tuple[int, bool, bool, list[str]]] = []
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("LOCK TABLE job_board.postings IN SHARE MODE")  # no import slips in between count and truncate
        (foreign,) = cur.execute(read_sql("queries/source/seed_foreign_postings.sql")).fetchone()
        if foreign and not replace_imported:
            raise SeedRefused(
                f"the source holds {foreign} posting{'' if foreign == 1 else 's'} not seeded here (imported, or a "
                "real board's): seeding would delete them; nothing was changed. Seed another database, or pass "
                "--replace-imported to replace them"
            )
        cur.execute("TRUNCATE job_board.postings, job_board.companies, generator.truth")
        with cur.copy("COPY job_board.companies (id, name, employee_count) FROM STDIN") as copy:
            for company in companies:
                copy.write_row((company.id, company.name, company.employee_count))
        say(f"companies: {len(companies)}")
        with cur.copy(f"COPY job_board.postings ({', '.join(POSTING_COLUMNS)}) FROM STDIN") as copy:
            months = summarize(_write_postings(copy, postings, truth, say))
        with cur.copy("COPY generator.truth (posting_id, is_ai, is_data, traits) FROM STDIN") as copy:
            for row in truth:
                copy.write_row(row)
        say(f"truth: {len(truth)}")
    seconds = time.perf_counter() - started
    say(f"seeded {len(truth)} postings of {len(companies)} companies in {seconds:.1f} s")
    return SeedSummary(companies=len(companies), postings=len(truth), months=months, seconds=seconds)


def _write_postings(
    copy: psycopg.Copy,
    postings: Iterable[Posting],
    truth: list[tuple[int, bool, bool, list[str]]],
    say: Callable[[str], None],
) -> Iterator[Posting]:
    month: tuple[int, int] | None = None
    count = 0
    for p in postings:
        current = (p.published_at.year, p.published_at.month)  # published_at is in KST
        if current != month:
            if month is not None:
                say(f"postings {month[0]:04d}-{month[1]:02d}: {count}")
            month, count = current, 0
        count += 1
        copy.write_row(tuple(getattr(p, name, None) for name in POSTING_COLUMNS))  # no body: the sections
        truth.append((p.id, p.is_ai, p.is_data, list(p.traits)))
        yield p
    if month is not None:
        say(f"postings {month[0]:04d}-{month[1]:02d}: {count}")
