"""(r) The reporting refresh after one month of a long history is published, against a full rebuild of the history.

    make bench                          # run by bench_month.py after its other figures (--skip-refresh leaves it out)
    .venv/bin/python benchmarks/bench_refresh.py --postings 1000000

A scratch warehouse (``ai_job_share_bench_refresh_*``, on the server ``AI_JOB_SHARE_DATABASE_URL`` names, else on
an embedded PostgreSQL) holds a history of ``--postings`` postings over the 17 months 2022-01..2023-05: a board of
about BASE_POSTINGS postings from the project's generator, read, labelled under every enabled taxonomy and
published month by month by the product (``warehouse.pipeline.process_month``), then each published posting copied
inside PostgreSQL with new ids and other companies until the history holds ``--postings`` of them. Then,
``--repeat`` times:

- the month ``--month`` is published again: a new load holding its postings, one in a hundred no longer matching
  any keyword, published by ``warehouse.writes.publish_load`` (what the DAG's publish_month calls);
- incremental: ``warehouse.writes.refresh_reporting`` (the months the publish changed and those the repost window
  reaches);
- full: ``warehouse.writes.refresh_reporting(full=True)`` on the same history (every month: what every refresh did
  before docs/adr/0006-incremental-reporting-refresh.md).

Each refresh runs in a spawned process whose peak resident memory (VmHWM) is reported; both are timed in the same
run, one after the other (the machine may be noisy: compare them side by side, not with another run's).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

from _common import PREFIX, median, reset_databases, seconds_list, server_url, server_version

from ai_job_share import databases
from ai_job_share.months import Month, month_range

#: Postings the generator writes (over the 17 months) before they are copied in SQL.
BASE_POSTINGS = 25_000
FIRST_MONTH, LAST_MONTH = "2022-01", "2023-05"
TARGET_RSS_MB = 300


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=1_000_000, help="postings in the history (default 1,000,000)")
    parser.add_argument("--month", default="2022-03", help="the month published again, YYYY-MM (default 2022-03)")
    parser.add_argument("--repeat", type=int, default=1, help="publishes and refreshes timed; medians (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    args = parser.parse_args(argv)
    server, where = server_url()
    print(f"bench_refresh: PostgreSQL {server_version(server)}, {where}", flush=True)
    run(server, args.postings, Month.parse(args.month), args.repeat, keep=args.keep)
    return 0


def run(server: str, postings: int, month: Month, repeat: int, *, keep: bool = False) -> None:
    """Build the history, then time the incremental refresh after ``month``'s publish and a full rebuild; prints
    the figures."""
    dbs = databases.databases_on(server, prefix=f"{PREFIX}_refresh_{os.getpid()}")
    reset_databases(dbs, source=True, warehouse=True)
    try:
        started = time.perf_counter()
        months = build_history(dbs, postings)
        print(
            f"(r) history: {postings:,} postings over {months} months ({FIRST_MONTH}..{LAST_MONTH}) built in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
        context = multiprocessing.get_context("spawn")
        runs = []
        with context.Pool(1) as pool:
            pool.apply(_refresh_step, (dbs.warehouse_url, True))  # the starting point: every month computed
            for _ in range(repeat):
                republished = republish(dbs.warehouse_url, month)
                incremental = pool.apply(_refresh_step, (dbs.warehouse_url, False))
                full = pool.apply(_refresh_step, (dbs.warehouse_url, True))
                runs.append((republished, incremental, full))
        _print(runs, postings, month)
    finally:
        if not keep:
            databases.drop_databases(dbs, with_roles=True)  # this run's own names (its pid): its roles too


def _print(runs: list, postings: int, month: Month) -> None:
    incremental = median([run[1]["seconds"] for run in runs])
    full = median([run[2]["seconds"] for run in runs])
    recomputed = ", ".join(f"{day:%Y-%m}" for day in runs[0][1]["months"]) or "none"
    peak_mb = max(max(run[1]["vmhwm_kb"], run[2]["vmhwm_kb"]) for run in runs) / 1024
    print(
        f"(r) refresh after publishing {month} ({runs[0][0]:,} postings) of the {postings:,}-posting history: "
        f"incremental {incremental:.2f} s (months recomputed: {recomputed})   runs "
        f"{seconds_list([run[1]['seconds'] for run in runs])}"
    )
    print(
        f"    full rebuild of every month {full:.2f} s   runs {seconds_list([run[2]['seconds'] for run in runs])}   "
        f"incremental/full = {incremental / full:.2f}"
    )
    print(
        f"    peak RSS of the refresh {peak_mb:.0f} MB (largest VmHWM of the process that ran it; "
        f"target < {TARGET_RSS_MB} MB: {'met' if peak_mb < TARGET_RSS_MB else 'NOT MET'})",
        flush=True,
    )


def build_history(dbs: databases.Databases, postings: int) -> int:
    """Generate, load and publish a board over the 17 months, then copy its published postings in SQL (new ids,
    other companies: the copies repost among themselves as the originals do) to ``postings``; returns the months."""
    from ai_job_share.taxonomy import enabled_taxonomies
    from ai_job_share.tools.seed import seed_source
    from ai_job_share.warehouse import pipeline
    from ai_job_share.warehouse.migrations import migrate

    months = month_range(FIRST_MONTH, LAST_MONTH)
    with databases.connect(dbs.source_url, autocommit=False) as conn:
        seed_source(
            conn,
            first_month=FIRST_MONTH,
            last_month=LAST_MONTH,
            developer_postings_per_month=max(1, round(min(postings, BASE_POSTINGS) / len(months) / 1.5)),
        )
    taxonomies = enabled_taxonomies()
    with databases.connect(dbs.source_url) as source, databases.connect(dbs.warehouse_url) as warehouse:
        migrate(warehouse)
        for month in months:
            pipeline.process_month(source, warehouse, month, taxonomies)
        multiply_postings(warehouse, postings)
    return len(months)


def multiply_postings(conn, postings: int) -> None:
    """Copy the published postings with new ids (and companies) until the history holds ``postings`` of them."""
    columns = [
        row[0]
        for row in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'core'"
            " AND table_name = 'postings' ORDER BY ordinal_position"
        )
    ]
    base, top_id, top_company = conn.execute(
        "SELECT count(*), max(posting_id), coalesce(max(company_id), 0) FROM core.postings"
    ).fetchone()
    copies = -(-postings // base) - 1
    copied = ", ".join(
        {"posting_id": "p.posting_id + k * %(top_id)s", "company_id": "p.company_id + k * %(top_company)s"}.get(
            column, f"p.{column}"
        )
        for column in columns
    )
    with conn.transaction():
        conn.execute(
            f"INSERT INTO core.postings ({', '.join(columns)}) SELECT {copied}"
            " FROM (SELECT *, row_number() OVER (ORDER BY posting_id) AS n FROM core.postings) AS p"
            " CROSS JOIN generate_series(1, %(copies)s) AS k WHERE k * %(base)s + p.n <= %(postings)s",
            {"top_id": top_id, "top_company": top_company, "copies": copies, "base": base, "postings": postings},
        )
    conn.execute("VACUUM ANALYZE core.postings")


def republish(warehouse_url: str, month: Month) -> int:
    """Publish ``month`` again: a new load of its published postings, one in a hundred matching no keyword now,
    published by the product's ``writes.publish_load``. Returns the postings of the load."""
    from ai_job_share.warehouse import writes

    with databases.connect(warehouse_url) as conn:
        with conn.transaction():
            (load_id,) = conn.execute(
                "INSERT INTO meta.loads (month, origin, taxonomy_version_ids, chunks)"
                " SELECT l.month, 'warehouse', l.taxonomy_version_ids, 1 FROM meta.month_loads AS m"
                " JOIN meta.loads AS l USING (load_id) WHERE m.month = %s RETURNING load_id",
                (month.first_day,),
            ).fetchone()
            columns = [
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'core'"
                    " AND table_name = 'postings' ORDER BY ordinal_position"
                )
            ]
            copied = ", ".join(
                {
                    "load_id": "%(load_id)s",
                    "keyword_ids": "CASE WHEN p.posting_id %% 100 = 0 THEN '{}' ELSE p.keyword_ids END",
                }.get(column, f"p.{column}")
                for column in columns
            )
            count = conn.execute(
                f"INSERT INTO core.postings ({', '.join(columns)}) SELECT {copied} FROM core.postings AS p"
                " JOIN meta.month_loads AS m USING (load_id) WHERE m.month = %(month)s",
                {"load_id": load_id, "month": month.first_day},
            ).rowcount
            conn.execute("INSERT INTO meta.load_chunks (load_id, chunk, postings) VALUES (%s, 0, %s)", (load_id, count))
        writes.publish_load(conn, load_id)
    return count


def _refresh_step(warehouse_url: str, full: bool) -> dict:
    from ai_job_share.warehouse import writes

    with databases.connect(warehouse_url) as conn:
        started = time.perf_counter()
        refreshed = writes.refresh_reporting(conn, full=full)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "months": refreshed.months if refreshed else (), "vmhwm_kb": _vmhwm_kb()}


def _vmhwm_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    sys.exit(main())
