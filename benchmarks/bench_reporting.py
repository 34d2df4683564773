"""Benchmark: read latency of the monthly share query on a warehouse of 5 million tagged rows.

Not a test: it prints figures. ``make bench-reporting`` (or ``.venv/bin/python benchmarks/bench_reporting.py``)

1. a scratch database ``ai_job_share_bench`` on the server ``AI_JOB_SHARE_DATABASE_URL`` names (else an embedded
   PostgreSQL in a temporary folder), migrated like the warehouse;
2. ``--rows`` rows (default 5,000,000) in ``core.tagged_postings``: ``--rows / 4`` postings under 4 taxonomies over
   the 17 months 2022-01..2023-05 (generate_series in SQL: ``benchmarks/bench_reporting_rows.sql``);
3. the reporting views refreshed with the DAG's own statements (``warehouse.reporting_refresh()``);
4. the query ``ai-job-share report`` runs (``sql/queries/warehouse/read_monthly_share.sql``: one taxonomy's months
   from ``reporting.monthly_ai_share``) executed ``--repetitions`` times as a prepared statement; the median
   round-trip latency is the figure (target: under 1 ms).
The scratch database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from psycopg import sql

from ai_job_share import databases
from ai_job_share.sql_files import read_sql
from ai_job_share.tools import embedded_server
from ai_job_share.warehouse import writes
from ai_job_share.warehouse.migrations import migrate

DATABASE = "ai_job_share_bench"
TAXONOMIES = ["wanted-2023", "strict", "extended", "genai"]
TARGET_MS = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000, help="tagged rows to generate (default 5,000,000)")
    parser.add_argument("--repetitions", type=int, default=5_000, help="timed executions of the query")
    parser.add_argument("--keep", action="store_true", help=f"keep the scratch database {DATABASE}")
    args = parser.parse_args()

    server_url = os.environ.get(databases.DATABASE_URL_ENV)
    if server_url:
        print(f"server: {databases.describe(server_url)} (from {databases.DATABASE_URL_ENV})")
    else:
        server_url = embedded_server.start_embedded_server(
            Path(tempfile.mkdtemp(prefix="ai_job_share_bench_")) / "pgdata"
        )
        print("server: embedded PostgreSQL (temporary folder)")
    url = databases.with_database(server_url, DATABASE)
    with databases.connect(server_url) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    try:
        with databases.connect(url) as conn:
            print(f"PostgreSQL {conn.info.server_version // 10000}.{conn.info.server_version % 10000}")
            migrate(conn)
            postings = args.rows // len(TAXONOMIES)
            with _timed(f"generate {postings * len(TAXONOMIES):,} tagged rows ({postings:,} postings x 4 taxonomies)"):
                conn.execute(
                    Path(__file__).with_name("bench_reporting_rows.sql").read_text(encoding="utf-8"),
                    {"postings": postings, "taxonomies": TAXONOMIES},
                )
                conn.execute("VACUUM ANALYZE core.tagged_postings")
            with _timed("refresh the reporting views (warehouse.reporting_refresh(), the marts CONCURRENTLY)"):
                for statement in writes.reporting_refresh():
                    conn.execute(statement)
            conn.execute("VACUUM ANALYZE reporting.monthly_ai_share")
            months = conn.execute(
                "SELECT count(*) FROM reporting.monthly_ai_share WHERE taxonomy_id = %s", (TAXONOMIES[0],)
            ).fetchone()[0]
            latencies = _measure(conn, read_sql("queries/warehouse/read_monthly_share.sql"), args.repetitions)
            plan = conn.execute(
                "EXPLAIN (ANALYZE, COSTS OFF) " + read_sql("queries/warehouse/read_monthly_share.sql"),
                {"taxonomy_id": TAXONOMIES[0]},
            ).fetchall()
    finally:
        if not args.keep:
            with databases.connect(server_url) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))

    median = statistics.median(latencies)
    quantiles = statistics.quantiles(latencies, n=100)
    print()
    print("server plan:")
    for (line,) in plan:
        print(f"  {line}")
    print()
    print(f"monthly share query (read_monthly_share.sql, {months} months of one taxonomy), {len(latencies):,} runs:")
    print(f"  median {median:.3f} ms   p95 {quantiles[94]:.3f} ms   p99 {quantiles[98]:.3f} ms", end="")
    print(f"   max {max(latencies):.3f} ms")
    print(f"  target: median under {TARGET_MS:g} ms: {'met' if median < TARGET_MS else 'NOT met'}")
    return 0


def _measure(conn, query: str, repetitions: int) -> list[float]:
    """Round-trip milliseconds of ``repetitions`` executions of the prepared query, after a warm-up."""
    params = {"taxonomy_id": TAXONOMIES[0]}
    with conn.cursor() as cursor:
        for _ in range(200):
            cursor.execute(query, params, prepare=True)
            cursor.fetchall()
        latencies = []
        for _ in range(repetitions):
            started = time.perf_counter_ns()
            cursor.execute(query, params, prepare=True)
            cursor.fetchall()
            latencies.append((time.perf_counter_ns() - started) / 1e6)
    return latencies


class _timed:
    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        print(f"{self.what} ...", flush=True)
        self.started = time.monotonic()

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            print(f"  done in {time.monotonic() - self.started:.1f} s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
