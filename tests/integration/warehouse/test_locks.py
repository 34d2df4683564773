"""The pipeline's locks cannot be taken or blocked by the BI role (the source roles cannot even connect to the
warehouse): they are row locks on meta.locks, which only the ETL role can read, not advisory locks, which any
role that can connect may take and hold for as long as it likes."""

from __future__ import annotations

import psycopg
import pytest

from ai_job_share.databases import Roles
from ai_job_share.months import Month
from ai_job_share.warehouse import migrations

JANUARY = Month(2022, 1)

#: The advisory locks the pipeline used to take: any role could take them too.
ADVISORY_KEYS = [
    ("SELECT pg_advisory_lock(hashtext('ai_job_share.month'), %s)", (JANUARY.year * 100 + JANUARY.month,)),
    ("SELECT pg_advisory_lock(hashtext('ai_job_share.refresh_reporting'))", ()),
    ("SELECT pg_advisory_lock(hashtext('ai_job_share.migrate'))", ()),
]


def test_the_bi_role_can_neither_take_nor_block_the_pipelines_locks(
    insert_postings, run_month, published_postings, source_conn, warehouse_conn, test_databases
):
    insert_postings(source_conn)
    run_month(source_conn, warehouse_conn, JANUARY)  # meta.locks holds the month's and the refresh's rows
    with psycopg.connect(test_databases.warehouse_admin_url, autocommit=True) as bi:
        bi.execute(f"SET ROLE {Roles.for_prefix(test_databases.prefix).bi}")
        for statement, params in ADVISORY_KEYS:
            bi.execute(statement, params)
        for statement in (
            "SELECT * FROM meta.locks FOR UPDATE",
            "LOCK TABLE meta.locks IN ACCESS EXCLUSIVE MODE",
            "LOCK TABLE meta.schema_migrations IN ACCESS EXCLUSIVE MODE",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), bi.transaction():
                bi.execute(statement)
        # The old advisory locks made the ETL wait for the BI session without end; a timeout turns that into a
        # failure here instead of a hang.
        warehouse_conn.execute("SET statement_timeout = '20s'")
        source_conn.execute("UPDATE job_board.postings SET title = title || '!' WHERE id = 1")
        run_month(source_conn, warehouse_conn, JANUARY)  # plan, ingest, publish (month lock), evidence, refresh
        assert 1 in published_postings(warehouse_conn)
        warehouse_conn.execute("DELETE FROM meta.schema_migrations WHERE name LIKE 'reporting/%'")
        assert migrations.migrate(warehouse_conn)  # the views re-applied, under the migration lock
