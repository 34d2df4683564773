"""sql/warehouse/schema.sql, the readable current schema, is exactly what the migrations produce on a new install,
and a new install carries none of the objects earlier versions retired."""

from __future__ import annotations

from ai_job_share.tools.warehouse_schema import SCHEMA_FILE, describe_fresh_warehouse


def test_schema_sql_is_what_the_migrations_produce(test_databases):
    produced = describe_fresh_warehouse(test_databases.server_url)
    assert produced == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "sql/warehouse/schema.sql is out of date: regenerate it with `python -m ai_job_share.tools.warehouse_schema`"
    )


def test_a_new_install_has_no_retired_objects():
    schema = SCHEMA_FILE.read_text(encoding="utf-8")
    assert "retired" not in schema
    assert "CREATE TABLE staging." not in schema  # schema staging holds the reporting layer's views only
