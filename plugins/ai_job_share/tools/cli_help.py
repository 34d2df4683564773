"""What each ``ai-job-share`` subcommand's ``--help`` adds below its options: what it reads and writes, the
environment variables it uses, and its exit codes. One entry per subcommand (a test checks that every one has all
three parts)."""

from __future__ import annotations

from ai_job_share.databases import (
    DATABASE_URL_ENV,
    DEFAULT_PREFIX,
    PREFIX_ENV,
    SOURCE_URL_ENV,
    WAREHOUSE_URL_ENV,
)
from ai_job_share.reporting.outputs import REPORT_DIR_ENV
from ai_job_share.taxonomy import SECTIONS
from ai_job_share.tools.importer import KNOWN_COLUMNS, REQUIRED_COLUMNS

_DEMO_DIR_ENV = "AI_JOB_SHARE_DEMO_DIR"


def _database_env(url_env: str, suffix: str) -> list[str]:
    return [
        f"{url_env}  the {suffix} database (a libpq URL); else",
        f"{DATABASE_URL_ENV}  a server: the database <prefix>_{suffix} on it; else the demo's embedded server",
        f"{PREFIX_ENV}  the prefix of database and role names (default {DEFAULT_PREFIX})",
        f"{_DEMO_DIR_ENV}  where the demo keeps its state, the embedded server included (default .demo)",
    ]


_WAREHOUSE_ENV = _database_env(WAREHOUSE_URL_ENV, "warehouse")
_SOURCE_ENV = _database_env(SOURCE_URL_ENV, "source")
_CONFIG_ERROR = "2  bad arguments or configuration, or a database that cannot be reached (the message says which)"

#: name -> (reads and writes, environment variables, exit codes)
HELP: dict[str, tuple[list[str], list[str], list[str]]] = {
    "classify": (
        [
            'standard input: JSON Lines, one object per posting with "id" (any JSON value, echoed back) and the text '
            f"fields {', '.join(SECTIONS)} (strings or null; other fields are ignored)",
            'standard output: one JSON object per line, in input order: "id", "is_ai", "is_data", "matches" '
            '(with --taxonomy all: "taxonomies" holding one such object per taxonomy)',
            "the taxonomy files plugins/ai_job_share/taxonomy/*.toml",
        ],
        ["none"],
        [
            "0  every line classified",
            "1  some lines were not JSON objects with an id, or had a non-string field (each named on standard error "
            "by line number; the other lines are written)",
            "2  unknown taxonomy",
        ],
    ),
    "evaluate": (
        [
            "GOLD: a JSON Lines gold set, one posting a line: id, text fields "
            f"({', '.join(SECTIONS)}), ai_job and ai_mention (true/false, a person's judgement), notes lang, case, why",
            "the taxonomy files plugins/ai_job_share/taxonomy/*.toml",
            "standard output: precision, recall, F1 and TP/FP/FN/TN per taxonomy and label, then the postings each "
            "taxonomy gets wrong with the matches it went by",
        ],
        ["none"],
        [
            "0  evaluated",
            "2  no such file, a malformed line (named by line number), or an unknown taxonomy",
        ],
    ),
    "taxonomies": (
        ["the taxonomy files plugins/ai_job_share/taxonomy/*.toml"],
        ["none"],
        ["0  listed", "2  a taxonomy file is invalid (the message names it)"],
    ),
    "seed": (
        [
            "writes the source: replaces job_board.companies, job_board.postings and generator.truth",
            "sql/source/*.sql (the source contract, applied first)",
        ],
        _SOURCE_ENV,
        ["0  seeded", _CONFIG_ERROR],
    ),
    "import": (
        [
            f"FILE: CSV with a header row (case-insensitive), or JSON Lines; required: {', '.join(REQUIRED_COLUMNS)}; "
            f"also read: {', '.join(c for c in KNOWN_COLUMNS if c not in REQUIRED_COLUMNS)}; other columns are "
            "ignored and listed (docs/importing.md)",
            "writes the source (job_board.*) and FILE.rejected.csv (or --report): each rejected record with the reason",
        ],
        _SOURCE_ENV,
        [
            "0  every record loaded (or valid, with --dry-run)",
            "1  some records rejected (see the report); the valid ones were loaded",
            "2  nothing loaded: the file or the database could not be used",
        ],
    ),
    "explain": (
        [
            "the warehouse: core.tagged_postings, core.match_evidence (why tagged), core.posting_issues (why not "
            "counted, or counted with a caveat)",
            "standard output: one block per posting (a dash where a value is missing), or with --json one object per "
            "line: posting_id, found, counted, month, job_group, job_role, taxonomies, issues",
        ],
        _WAREHOUSE_ENV,
        [
            "0  every posting was found (loaded, or recorded with the reason it is not counted)",
            "1  some postings are nowhere in the warehouse",
            _CONFIG_ERROR,
        ],
    ),
    "issues": (
        [
            "the warehouse: core.posting_issues",
            "standard output: per month, each reason with its action (excluded: not counted; kept: counted with a "
            "caveat), the postings concerned and example ids; with --json one object per month and reason",
        ],
        _WAREHOUSE_ENV,
        ["0  summarised (also when there is nothing to summarise)", _CONFIG_ERROR],
    ),
    "drop-taxonomy-version": (
        ["writes the warehouse: deletes core.tagged_postings_archive rows of that taxonomy version"],
        _WAREHOUSE_ENV,
        ["0  deleted (possibly nothing)", _CONFIG_ERROR],
    ),
    "migrate": (
        ["sql/warehouse/NNN_*.sql (applied once each) and sql/reporting/*.sql (views); writes the warehouse schema"],
        _WAREHOUSE_ENV,
        [
            "0  the schema is current",
            "1  a migration failed or an applied one was edited (the message says which)",
            _CONFIG_ERROR,
        ],
    ),
    "refresh": (
        ["writes the warehouse: refreshes the reporting views and the trend-break tables"],
        _WAREHOUSE_ENV,
        ["0  refreshed", _CONFIG_ERROR],
    ),
    "report": (
        ["the warehouse views reporting.monthly_ai_share and reporting.chatgpt_trend_break"],
        _WAREHOUSE_ENV,
        ["0  printed", _CONFIG_ERROR],
    ),
    "export-reports": (
        ["the warehouse's reporting views; writes report.html, PNG charts and CSV exports to the output folder"],
        [*_WAREHOUSE_ENV, f"{REPORT_DIR_ENV}  the output folder when --out is not given (default .demo/reports)"],
        ["0  written", _CONFIG_ERROR],
    ),
    "serve": (
        ["the demo's embedded PostgreSQL in <demo dir>/pgdata (created by make demo)"],
        [f"{_DEMO_DIR_ENV}  where the demo keeps its state (default .demo)", f"{PREFIX_ENV}  as for the demo"],
        ["0  stopped by SIGINT (Ctrl-C) or SIGTERM, in the foreground or the background; the server is stopped too"],
    ),
    "bi": (
        [
            "reads the warehouse as its BI role (schema reporting only), through Superset",
            "writes <demo dir>/superset: Superset's metadata (SQLite), its secret key, the admin password, its log",
            "bi/assets (the dashboard as exported files), bi/superset_config.py, bi/provision.py; runs Superset from "
            ".venv-bi (make bi installs it)",
        ],
        [
            f"{DATABASE_URL_ENV}  a server whose <prefix>_warehouse Superset reads; else the demo's embedded server",
            f"{PREFIX_ENV}  the prefix of database and role names (default {DEFAULT_PREFIX})",
            "AI_JOB_SHARE_BI_URL  the warehouse as the BI role (a libpq URL), e.g. with its password",
            "AI_JOB_SHARE_BI_HOME  Superset's state (default <demo dir>/superset)",
            "SUPERSET_ADMIN_PASSWORD  the password of the login admin (default: made once, kept in the state folder)",
            f"{_DEMO_DIR_ENV}  where the demo keeps its state (default .demo)",
        ],
        [
            "0  stopped by Ctrl-C or SIGTERM (Superset is stopped too)",
            "1  provisioning failed, or Superset did not come up (the message says where to look)",
            _CONFIG_ERROR,
        ],
    ),
    "demo": (
        [
            "writes <demo dir>: the embedded PostgreSQL (pgdata), Airflow's home and logs, reports, phases.json",
            "dags/, plugins/, sql/ of this repository",
        ],
        [
            f"{DATABASE_URL_ENV}  a server to use instead of the embedded one (a user that may create databases)",
            f"{PREFIX_ENV}  the prefix of database and role names (default {DEFAULT_PREFIX})",
            f"{_DEMO_DIR_ENV}  where the demo keeps its state (default .demo)",
        ],
        ["0  the 17 months are in the warehouse", "1  the backfill failed or a month is missing", _CONFIG_ERROR],
    ),
    "doctor": (
        [
            "Airflow's configuration (AIRFLOW__* variables, $AIRFLOW_HOME/airflow.cfg) and connections "
            "(AIRFLOW_CONN_*, secrets backends, the metadata database), as the Airflow components read them",
            "the source and the warehouse through the connections ai_job_share_source and ai_job_share_warehouse",
        ],
        [
            "AIRFLOW_HOME, AIRFLOW__*  the deployment's Airflow settings",
            "AIRFLOW_CONN_AI_JOB_SHARE_SOURCE, AIRFLOW_CONN_AI_JOB_SHARE_WAREHOUSE  the connections",
            f"with --demo: {DATABASE_URL_ENV}, {PREFIX_ENV}, {_DEMO_DIR_ENV} as for the demo",
        ],
        ["0  every check passed", "1  some checks failed (each says what to fix)", _CONFIG_ERROR],
    ),
}


def epilog(command: str) -> str | None:
    """The text for ``command``'s help; None for a command without an entry (a test catches those)."""
    if command not in HELP:
        return None
    reads, env, exits = HELP[command]
    parts = ["reads and writes:", *(f"  {line}" for line in reads)]
    parts += ["environment variables:", *(f"  {line}" for line in env)]
    parts += ["exit codes:", *(f"  {line}" for line in exits)]
    return "\n".join(parts)
