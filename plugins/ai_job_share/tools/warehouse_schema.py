"""The warehouse's current schema, written out readably from PostgreSQL's catalogs: ``sql/warehouse/schema.sql``.

The migrations (``sql/warehouse/NNN_*.sql``) are the history; this file is the sum of them, one ``CREATE TABLE``
per table with its columns, keys and indexes, then the views and functions by name (their definitions live in
``sql/reporting/`` and the migrations). It is generated, never edited: after adding a migration run
``python -m ai_job_share.tools.warehouse_schema`` (it migrates a scratch database on the server the environment names,
describes it and drops it); a test fails when the file and the migrations disagree. The description uses only
catalog functions whose output PostgreSQL 15 and 18 agree on.
"""

from __future__ import annotations

import sys
import uuid

import psycopg

from ai_job_share.sql_files import SQL_DIR

SCHEMA_FILE = SQL_DIR / "warehouse" / "schema.sql"
#: The schemas the migrations own.
SCHEMAS = ("core", "meta", "staging", "intermediate", "reporting", "retired")

_HEADER = """\
-- The warehouse's current schema: GENERATED from what the migrations produce, do not edit.
-- Regenerate with `python -m ai_job_share.tools.warehouse_schema` after adding a migration (a test compares them).
-- The history is in sql/warehouse/NNN_*.sql, the reporting views' definitions in sql/reporting/.
"""


def describe_schema(conn: psycopg.Connection) -> str:
    """The schema of the warehouse ``conn`` is connected to, as readable SQL."""
    schemas = list(SCHEMAS)
    parts = [_HEADER]
    for schema in [row[0] for row in conn.execute(_SCHEMAS, {"s": schemas})]:
        parts.append(f"\nCREATE SCHEMA {schema};\n")
        for table_oid, table, comment in conn.execute(_TABLES, (schema,)).fetchall():
            parts.append(_table(conn, schema, table, table_oid, comment))
        relations = conn.execute(_VIEWS, (schema,)).fetchall()
        for kind, name in relations:
            parts.append(f"-- {kind} {schema}.{name}\n")
        functions = conn.execute(_FUNCTIONS, (schema,)).fetchall()
        for name, arguments, result in functions:
            parts.append(f"-- function {schema}.{name}({arguments}) RETURNS {result}\n")
    return "".join(parts)


def _table(conn: psycopg.Connection, schema: str, table: str, table_oid: int, comment: str | None) -> str:
    lines = [
        f"    {name} {type_}" + (f" DEFAULT {default}" if default else "") + (" NOT NULL" if not_null else "")
        for name, type_, default, not_null in conn.execute(_COLUMNS, (table_oid,))
    ]
    lines += [f"    CONSTRAINT {name} {definition}" for name, definition in conn.execute(_CONSTRAINTS, (table_oid,))]
    text = (f"\n-- {comment}\n" if comment else "\n") + f"CREATE TABLE {schema}.{table} (\n" + ",\n".join(lines)
    text += "\n);\n"
    text += "".join(f"{definition};\n" for (definition,) in conn.execute(_INDEXES, (table_oid,)))
    return text


_SCHEMAS = "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%(s)s) ORDER BY array_position(%(s)s, nspname::text)"
_TABLES = """
SELECT c.oid, c.relname, obj_description(c.oid, 'pg_class')
FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind IN ('r', 'p')
ORDER BY c.relname
"""
_COLUMNS = """
SELECT a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid), a.attnotnull
FROM pg_attribute AS a LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
"""
_CONSTRAINTS = """
SELECT conname, pg_get_constraintdef(oid)
FROM pg_constraint
WHERE conrelid = %s AND contype IN ('p', 'u', 'f', 'c', 'x')
ORDER BY contype = 'p' DESC, conname
"""
_INDEXES = """
SELECT pg_get_indexdef(i.indexrelid)
FROM pg_index AS i
WHERE i.indrelid = %s AND NOT EXISTS (SELECT FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)
ORDER BY 1
"""
_VIEWS = """
SELECT CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END, c.relname
FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind IN ('v', 'm')
ORDER BY c.relname
"""
_FUNCTIONS = """
SELECT p.proname, pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid)
FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace
WHERE n.nspname = %s
ORDER BY 1, 2
"""


def describe_fresh_warehouse(server_url: str) -> str:
    """Migrate a scratch warehouse on ``server_url`` (a user that may create roles and databases) from nothing,
    describe it, and drop it with its roles (names of its own: nothing else on the server is touched)."""
    from ai_job_share import databases
    from ai_job_share.warehouse.migrations import migrate

    scratch = databases.databases_on(server_url, prefix=f"ai_job_share_schema_{uuid.uuid4().hex[:12]}")
    databases.create_databases(scratch)
    try:
        with databases.connect(scratch.warehouse_url) as conn:
            migrate(conn)
            return describe_schema(conn)
    finally:
        databases.drop_databases(scratch, with_roles=True)


def main() -> int:
    """Write sql/warehouse/schema.sql from a scratch warehouse on the ``AI_JOB_SHARE_DATABASE_URL`` server, else
    on an embedded PostgreSQL started for the purpose."""
    import os
    import tempfile
    from pathlib import Path

    from ai_job_share import databases
    from ai_job_share.tools import embedded_server

    server_url = os.environ.get(databases.DATABASE_URL_ENV) or embedded_server.start_embedded_server(
        Path(tempfile.mkdtemp(prefix="ai_job_share_schema_")) / "pgdata"
    )
    SCHEMA_FILE.write_text(describe_fresh_warehouse(server_url), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
