"""Airflow operators: thin shells that open connections from Airflow hooks and call :mod:`ai_job_share.pipeline`.

Every operator takes keyword arguments only and builds its hooks inside ``execute``. ``month`` is templated and
defaults to the run's ``data_interval_start``; it may also be given as ``YYYY-MM``.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from typing import Any

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import BaseOperator

from ai_job_share import migrations, pipeline
from ai_job_share.months import Month
from ai_job_share.taxonomy import Taxonomy, enabled_taxonomies, load_taxonomies

DEFAULT_MONTH = "{{ data_interval_start }}"


@contextmanager
def _connection(conn_id: str):
    """An autocommit psycopg connection from an Airflow connection; our code opens its own transactions."""
    conn = PostgresHook(postgres_conn_id=conn_id).get_conn()
    conn.autocommit = True
    try:
        yield conn
    finally:
        conn.close()


class MigrateWarehouseOperator(BaseOperator):
    """Apply the warehouse migrations in ``sql/warehouse`` and ``sql/reporting`` (idempotent, concurrency-safe).

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    """

    def __init__(self, *, warehouse_conn_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.warehouse_conn_id = warehouse_conn_id

    def execute(self, context: Any) -> list[str]:
        with _connection(self.warehouse_conn_id) as conn:
            applied = migrations.migrate(conn)
        self.log.info("applied migrations: %s", applied or "none, schema is current")
        return applied


class _MonthOperator(BaseOperator):
    template_fields: Sequence[str] = ("month",)

    def __init__(self, *, warehouse_conn_id: str, month: str = DEFAULT_MONTH, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.warehouse_conn_id = warehouse_conn_id
        self.month = month

    def _month(self) -> Month:
        return Month.parse(self.month)


class ExtractMonthOperator(_MonthOperator):
    """Copy one Korea-time month of postings from the source database into the warehouse's staging table.

    :param source_conn_id: Airflow connection of the job board's PostgreSQL (read only).
    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param month: (templated) the month, ``YYYY-MM`` or a timestamp in it; defaults to the data interval start.
    """

    def __init__(self, *, source_conn_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source_conn_id = source_conn_id

    def execute(self, context: Any) -> int:
        month = self._month()
        with _connection(self.source_conn_id) as source, _connection(self.warehouse_conn_id) as target:
            return pipeline.extract_month(source, target, month)


class _TaxonomyMonthOperator(_MonthOperator):
    template_fields: Sequence[str] = ("month", "taxonomies")

    def __init__(self, *, taxonomies: Sequence[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.taxonomies = taxonomies

    def _taxonomies(self) -> list[Taxonomy]:
        """The named taxonomies; all enabled ones when none are named."""
        if isinstance(self.taxonomies, str):  # a template rendered to text, e.g. "strict,genai"
            self.taxonomies = [name.strip() for name in self.taxonomies.split(",") if name.strip()]
        return load_taxonomies(list(self.taxonomies)) if self.taxonomies else enabled_taxonomies()


class ClassifyMonthOperator(_TaxonomyMonthOperator):
    """Tag every staged posting of the month as AI- and/or data-related under each taxonomy.

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param month: (templated) the month, ``YYYY-MM`` or a timestamp in it; defaults to the data interval start.
    :param taxonomies: (templated) ids of the taxonomies to apply (a list, or text separated by commas);
        default: every enabled taxonomy, all read in one pass over the month's text.
    """

    def execute(self, context: Any) -> dict[str, dict[str, int]]:
        month, taxonomies = self._month(), self._taxonomies()
        with _connection(self.warehouse_conn_id) as reader, _connection(self.warehouse_conn_id) as writer:
            return pipeline.classify_month(reader, writer, month, taxonomies)


class LoadMonthOperator(_TaxonomyMonthOperator):
    """Replace the month's rows of ``core.tagged_postings`` with the staged classification, in one transaction.

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param month: (templated) the month, ``YYYY-MM`` or a timestamp in it; defaults to the data interval start.
    :param taxonomies: (templated) ids of the taxonomies to load (a list, or text separated by commas);
        default: every enabled taxonomy.
    """

    def execute(self, context: Any) -> int:
        month, taxonomies = self._month(), self._taxonomies()
        with _connection(self.warehouse_conn_id) as conn:
            return pipeline.load_month(conn, month, taxonomies)
