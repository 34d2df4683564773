"""Read latency of the monthly share query, on a warehouse whose reporting layer summarises about 5 million tagged
rows (postings x taxonomies).

    make bench-reporting                                   # 850,000 postings x the 6 enabled taxonomies
    make bench-reporting BENCH_ARGS="--postings 200000 --repetitions 1000"

Not a test: it prints figures.

1. a scratch source and warehouse (``ai_job_share_bench_reporting_*``, on the server ``AI_JOB_SHARE_DATABASE_URL``
   names, else on an embedded PostgreSQL) holding a history of ``--postings`` postings over the 17 months
   2022-01..2023-05, built as ``benchmarks/bench_refresh.py`` builds it: generated, loaded and published month by
   month by the product, then copied in SQL;
2. the reporting layer refreshed whole (``warehouse.writes.refresh_reporting(full=True)``);
3. the query ``ai-job-share report`` runs (``sql/queries/warehouse/read_monthly_share.sql``: one taxonomy's months
   from ``reporting.monthly_ai_share``) executed ``--repetitions`` times as a prepared statement; the median
   round-trip latency is the figure (target: under 1 ms).
The scratch databases (and their roles) are dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from _common import PREFIX, reset_databases, server_url, server_version
from bench_refresh import build_history

from ai_job_share import databases
from ai_job_share.sql_files import read_sql
from ai_job_share.taxonomy import enabled_taxonomies
from ai_job_share.warehouse import writes

TARGET_MS = 1.0
QUERY = "queries/warehouse/read_monthly_share.sql"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=850_000, help="postings in the history (default 850,000)")
    parser.add_argument("--repetitions", type=int, default=5_000, help="timed executions of the query")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    args = parser.parse_args()

    server, where = server_url()
    print(f"bench_reporting: PostgreSQL {server_version(server)}, {where}", flush=True)
    dbs = databases.databases_on(server, prefix=f"{PREFIX}_reporting_{os.getpid()}")
    reset_databases(dbs, source=True, warehouse=True)
    taxonomy_id = enabled_taxonomies()[0].id
    try:
        started = time.perf_counter()
        months = build_history(dbs, args.postings)
        with databases.connect(dbs.warehouse_url) as conn:
            tagged = conn.execute("SELECT count(*) FROM core.tagged_postings").fetchone()[0]
            print(
                f"history: {args.postings:,} postings over {months} months, {tagged:,} tagged rows, built in "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )
            started = time.perf_counter()
            writes.refresh_reporting(conn, full=True)
            conn.execute("VACUUM ANALYZE reporting.monthly_ai_share")
            print(f"full refresh of the reporting layer: {time.perf_counter() - started:.1f} s", flush=True)
            latencies = _measure(conn, read_sql(QUERY), {"taxonomy_id": taxonomy_id}, args.repetitions)
            plan = conn.execute(
                "EXPLAIN (ANALYZE, COSTS OFF) " + read_sql(QUERY), {"taxonomy_id": taxonomy_id}
            ).fetchall()
            rows = conn.execute(read_sql(QUERY), {"taxonomy_id": taxonomy_id}).rowcount
    finally:
        if not args.keep:
            databases.drop_databases(dbs, with_roles=True)  # this run's own names (its pid): its roles too

    quantiles = statistics.quantiles(latencies, n=100)
    print("server plan:")
    for (line,) in plan:
        print(f"  {line}")
    print(f"monthly share query ({QUERY}, {rows} months of {taxonomy_id}), {len(latencies):,} runs:")
    print(
        f"  median {statistics.median(latencies):.3f} ms   p95 {quantiles[94]:.3f} ms   p99 {quantiles[98]:.3f} ms"
        f"   max {max(latencies):.3f} ms"
    )
    met = statistics.median(latencies) < TARGET_MS
    print(f"  target: median under {TARGET_MS:g} ms: {'met' if met else 'NOT MET'}")
    return 0


def _measure(conn, query: str, params: dict, repetitions: int) -> list[float]:
    """Round-trip milliseconds of ``repetitions`` executions of the prepared query, after a warm-up."""
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


if __name__ == "__main__":
    sys.exit(main())
