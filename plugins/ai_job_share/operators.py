"""Airflow operators: thin shells that open connections from Airflow hooks and call :mod:`ai_job_share.pipeline`.

Every operator takes keyword arguments only and builds its hooks inside ``execute``. ``month`` is templated and
defaults to the run's ``data_interval_start``; it may also be given as ``YYYY-MM``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from airflow.providers.common.sql.operators.sql import SQLCheckOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import BaseOperator

from ai_job_share import migrations, pipeline, warehouse
from ai_job_share.months import Month, month_range
from ai_job_share.taxonomy import Taxonomy, enabled_taxonomies, load_taxonomies
from ai_job_share.warehouse import Chunk

DEFAULT_MONTH = "{{ data_interval_start }}"


@contextmanager
def _connection(conn_id: str, purpose: str) -> Iterator[psycopg.Connection]:
    """An autocommit psycopg connection from an Airflow connection; our code opens its own transactions.

    A failure to connect names the connection and where it points (never the password), so the task log says
    which database was unreachable and why; the task's retries (exponential backoff) then try again.
    """
    hook = PostgresHook(postgres_conn_id=conn_id, options=f"-c application_name=ai_job_share:{purpose}")
    try:
        conn = hook.get_conn()
    except psycopg.OperationalError as error:
        settings = hook.get_connection(conn_id)
        where = f"{settings.host or 'localhost'}:{settings.port or 5432}/{settings.schema or ''}"
        raise ConnectionError(f"cannot connect to Airflow connection {conn_id!r} ({where}): {error}".strip()) from None
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
        with _connection(self.warehouse_conn_id, "migrate") as conn:
            applied = migrations.migrate(conn)
        self.log.info("applied migrations: %s", applied or "none, schema is current")
        return applied


class _MonthOperator(BaseOperator):
    template_fields: Sequence[str] = ("month",)

    def __init__(self, *, warehouse_conn_id: str, month: str | Sequence[str] = DEFAULT_MONTH, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.warehouse_conn_id = warehouse_conn_id
        self.month = month

    def _chunks(self) -> list[Chunk]:
        """What to process: a month (``YYYY-MM`` or a timestamp), or what the extract task returned (one chunk,
        or a list of chunks, each ``{"month": ..., "first_id": ..., "end_id": ...}``)."""
        values = [self.month] if isinstance(self.month, str | dict) else self.month
        return [
            Chunk(Month.parse(value["month"]), value.get("first_id"), value.get("end_id"))
            if isinstance(value, dict)
            else Chunk(Month.parse(value))
            for value in values
        ]

    def _months(self) -> list[Month]:
        return sorted({chunk.month for chunk in self._chunks()})


class ExtractMonthOperator(_MonthOperator):
    """Copy one Korea-time month of postings from the source database into the warehouse's staging table, and
    re-extract any of the ``lookback_months`` before it whose postings changed in the source since their extract
    (late edits). Returns the extracted months cut into chunks of about ``chunk_postings`` postings, for the
    classify task to map over (a month smaller than that is one chunk).

    :param source_conn_id: Airflow connection of the job board's PostgreSQL (read only).
    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param month: (templated) the month, ``YYYY-MM`` or a timestamp in it; defaults to the data interval start.
    :param lookback_months: (templated) how many earlier months to check for late changes; default 2.
    :param chunk_postings: (templated) postings per classify chunk; default 50,000.
    """

    template_fields: Sequence[str] = ("month", "lookback_months", "chunk_postings")

    def __init__(
        self, *, source_conn_id: str, lookback_months: int | str = 2, chunk_postings: int | str = 50_000, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.source_conn_id = source_conn_id
        self.lookback_months = lookback_months
        self.chunk_postings = chunk_postings

    def execute(self, context: Any) -> list[dict]:
        month = Month.parse(self.month)
        earlier = month_range(month.minus(int(self.lookback_months)), month)[:-1]
        with (
            _connection(self.source_conn_id, "extract") as source,
            _connection(self.warehouse_conn_id, "extract") as target,
        ):
            months = [*pipeline.months_with_late_changes(source, target, earlier), month]
            chunks = []
            for each in months:
                pipeline.extract_month(source, target, each)
                chunks += warehouse.chunks_of(target, each, int(self.chunk_postings))
        return [{"month": str(c.month), "first_id": c.first_id, "end_id": c.end_id} for c in chunks]


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

    def execute(self, context: Any) -> dict[str, dict[str, dict[str, int]]]:
        taxonomies = self._taxonomies()
        with (
            _connection(self.warehouse_conn_id, "classify-read") as reader,
            _connection(self.warehouse_conn_id, "classify-write") as writer,
        ):
            return {
                f"{chunk.month} [{chunk.first_id}, {chunk.end_id})": pipeline.classify_month(
                    reader, writer, chunk, taxonomies
                )
                for chunk in self._chunks()
            }


class LoadMonthOperator(_TaxonomyMonthOperator):
    """Replace the month's rows of ``core.tagged_postings`` with the staged classification, in one transaction.

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param month: (templated) the month, ``YYYY-MM`` or a timestamp in it; defaults to the data interval start.
    :param taxonomies: (templated) ids of the taxonomies to load (a list, or text separated by commas);
        default: every enabled taxonomy.
    """

    def execute(self, context: Any) -> dict[str, int]:
        taxonomies = self._taxonomies()
        with _connection(self.warehouse_conn_id, "load") as conn:
            return {str(month): pipeline.load_month(conn, month, taxonomies) for month in self._months()}


class RefreshReportingOperator(BaseOperator):
    """Refresh the BI views (``sql/queries/warehouse/refresh_reporting.sql``) after a load. When several runs
    finish together (a backfill), a refresh that started after this task began already shows this run's load:
    the task then skips its own, so the views are refreshed a few times instead of once per run.

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    """

    def __init__(self, *, warehouse_conn_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.warehouse_conn_id = warehouse_conn_id

    def execute(self, context: Any) -> bool:
        with _connection(self.warehouse_conn_id, "refresh") as conn:
            refreshed = warehouse.refresh_reporting(conn)
        self.log.info("reporting views %s", "refreshed" if refreshed else "already refreshed by a later refresh")
        return refreshed


class MonthCheckOperator(SQLCheckOperator):
    """The common-sql ``SQLCheckOperator`` with templated ``parameters``, for data-quality checks of one month:
    the task fails when any column of the query's first row is false (or the query returns no row).

    :param parameters: (templated) query parameters, e.g. ``{"interval_start": "{{ data_interval_start }}"}``.
    """

    template_fields: Sequence[str] = (*SQLCheckOperator.template_fields, "parameters")
