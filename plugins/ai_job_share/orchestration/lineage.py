"""OpenLineage for the DAGs: the tables each task reads and writes, as OpenLineage datasets.

The Airflow OpenLineage provider (apache-airflow-providers-openlineage) calls an operator's
``get_openlineage_facets_on_complete`` after a task succeeds and sends the run event through its transport. It is
off unless a transport is configured, e.g. ``AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "console"}'`` (events in
the task logs), ``{"type": "file", "log_file_path": "/tmp/lineage.jsonl", "append": true}`` or an HTTP endpoint
such as Marquez (``{"type": "http", "url": "http://marquez:5000"}``). Dataset names follow OpenLineage's naming
for PostgreSQL: namespace ``postgres://host:port``, name ``database.schema.table``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# The tables, one owner each: what the tasks read and write, by the database they are in.
SOURCE_POSTINGS = "job_board.postings"
SOURCE_COMPANIES = "job_board.companies"
LOADS = "meta.loads"
MONTH_LOADS = "meta.month_loads"
POSTINGS = "core.postings"
POSTING_TEXTS = "core.posting_texts"
POSTING_ISSUES = "core.posting_issues"
#: What collect_evidence writes (core.match_evidence is the view over them).
EVIDENCE_TABLES = ("core.evidence_spans", "core.evidence_totals")
#: (Airflow connection id, table) pairs, as an operator declares them.
Tables = Sequence[tuple[str, str]]


def dataset_names(conn_id: str, tables: Sequence[str]) -> list[tuple[str, str]]:
    """(namespace, name) of each table of the database that Airflow connection ``conn_id`` points at."""
    from airflow.sdk import BaseHook

    connection = BaseHook.get_connection(conn_id)
    host = connection.host or "localhost"
    if host.startswith("/"):  # a Unix socket directory: the server is this machine's
        host = "localhost"
    namespace = f"postgres://{host}:{connection.port or 5432}"
    return [(namespace, f"{connection.schema}.{table}") for table in tables]


class TableLineage:
    """Operator mixin: OpenLineage inputs and outputs from ``lineage_tables()`` (reads, writes)."""

    def lineage_tables(self) -> tuple[Tables, Tables]:
        raise NotImplementedError

    def get_openlineage_facets_on_complete(self, task_instance: Any):
        from airflow.providers.openlineage.extractors import OperatorLineage
        from openlineage.client.event_v2 import Dataset

        def datasets(tables: Tables) -> list[Dataset]:
            return [
                Dataset(namespace=namespace, name=name)
                for conn_id, table in tables
                for namespace, name in dataset_names(conn_id, [table])
            ]

        reads, writes = self.lineage_tables()
        return OperatorLineage(inputs=datasets(reads), outputs=datasets(writes))
