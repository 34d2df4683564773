"""Airflow operators: thin shells that open connections from Airflow hooks and call
:mod:`ai_job_share.warehouse.pipeline` (the report one :mod:`ai_job_share.reporting.outputs`).

Every operator takes keyword arguments only and builds its hooks inside ``execute``. ``month`` is templated and
defaults to the run's ``data_interval_start``; it may also be given as ``YYYY-MM``. Chunks travel between tasks
as the plan task returns them (XCom).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from airflow.providers.common.sql.operators.sql import SQLCheckOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import BaseOperator
from airflow.sdk.exceptions import AirflowFailException

from ai_job_share import limits
from ai_job_share.orchestration import lineage
from ai_job_share.source.mapping import SourceMappingError, configured_mapping, load_mapping
from ai_job_share.taxonomy import Taxonomy, TaxonomyError, enabled_taxonomies, load_taxonomies
from ai_job_share.warehouse import migrations, pipeline, writes
from ai_job_share.warehouse.writes import Chunk

DEFAULT_MONTH = "{{ data_interval_start }}"


@contextmanager
def _fail_fast() -> Iterator[None]:
    """Configuration errors that a retry cannot fix - an unknown, path-named or malformed taxonomy, rules changed
    under the same version, a param out of range - fail the task at once (no retries), saying what to fix."""
    try:
        yield
    except (TaxonomyError, limits.ParamError) as error:
        raise AirflowFailException(f"{error} (a configuration error: not retried; fix it and run again)") from None


class WarehouseOperator(BaseOperator):
    """Base of every operator of this project: holds the warehouse's Airflow connection, as common-sql's
    ``BaseSQLOperator`` holds ``conn_id`` (``conn_id_field`` names the attribute), and builds hooks only inside
    ``execute``. Operators that read another database (the source) open it through the same method.

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    """

    conn_id_field = "warehouse_conn_id"

    def __init__(self, *, warehouse_conn_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.warehouse_conn_id = warehouse_conn_id

    def get_db_hook(self, purpose: str, conn_id: str | None = None) -> PostgresHook:
        """The hook of ``conn_id`` (default the warehouse); its sessions show ``application_name`` as
        ``ai_job_share:<purpose>``, so a DBA can see which task holds a connection."""
        return PostgresHook(
            postgres_conn_id=conn_id or getattr(self, self.conn_id_field),
            options=f"-c application_name=ai_job_share:{purpose}",
        )

    @contextmanager
    def connection(self, purpose: str, conn_id: str | None = None) -> Iterator[psycopg.Connection]:
        """An autocommit psycopg connection of ``conn_id`` (default the warehouse); our code opens its own
        transactions.

        A failure to connect names the connection and where it points (never the password), so the task log says
        which database was unreachable and why; the task's retries (exponential backoff) then try again.
        """
        hook = self.get_db_hook(purpose, conn_id)
        try:
            conn = hook.get_conn()
        except psycopg.OperationalError as error:
            settings = hook.get_connection(hook.postgres_conn_id)
            where = f"{settings.host or 'localhost'}:{settings.port or 5432}/{settings.schema or ''}"
            raise ConnectionError(
                f"cannot connect to Airflow connection {hook.postgres_conn_id!r} ({where}): {error}".strip()
            ) from None
        conn.autocommit = True
        try:
            yield conn
        finally:
            conn.close()


class MigrateWarehouseOperator(WarehouseOperator):
    """Apply the warehouse migrations in ``sql/warehouse`` and ``sql/reporting`` (idempotent, concurrency-safe).

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    """

    def execute(self, context: Any) -> list[str]:
        with self.connection("migrate") as conn:
            applied = migrations.migrate(conn)
        self.log.info("applied migrations: %s", applied or "none, schema is current")
        return applied


class _TaxonomyOperator(WarehouseOperator):
    """Base of the operators that classify: ``taxonomies`` (templated) names the taxonomies, as a list or as text
    separated by commas; none named means every enabled taxonomy."""

    def __init__(self, *, taxonomies: Sequence[str] | str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.taxonomies = taxonomies

    def _taxonomies(self) -> list[Taxonomy]:
        names = self.taxonomies
        if isinstance(names, str):  # a template rendered to text, e.g. "strict,genai"
            names = [name.strip() for name in names.split(",") if name.strip()]
        return load_taxonomies(list(names)) if names else enabled_taxonomies()


class PlanMonthOperator(lineage.TableLineage, _TaxonomyOperator):
    """Start a new load of one Korea-time month from the source: record the source's defects in it, and cut it
    into chunks of about ``chunk_postings`` postings for ``IngestChunkOperator`` to map over. Months among the
    ``lookback_months`` before it whose postings changed in the source since their load (late edits) get a new
    load too, and so does any published month, however far back, that a posting of these moved into
    (``pipeline.months_of_run``). Returns the chunks of every planned load.

    :param source_conn_id: Airflow connection of the job board's PostgreSQL (read only).
    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param month: (templated) the month, ``YYYY-MM`` or a timestamp in it; defaults to the data interval start.
    :param lookback_months: (templated) how many earlier months to check for late changes; default 2.
    :param chunk_postings: (templated) postings per chunk; default ``pipeline.DEFAULT_CHUNK_POSTINGS`` (100,000).
    :param taxonomies: (templated) the taxonomies to classify under; default every enabled one.
    :param source_mapping: (templated) how the board's tables give the posting layout: a shipped mapping's name
        or a .toml path; empty means ``AI_JOB_SHARE_SOURCE_MAPPING``, else the built-in contract. It is validated
        before anything is read; a mapping that does not fit fails the task without retries.
    """

    template_fields: Sequence[str] = ("month", "lookback_months", "chunk_postings", "taxonomies", "source_mapping")

    def __init__(
        self,
        *,
        source_conn_id: str,
        month: str = DEFAULT_MONTH,
        lookback_months: int | str = 2,
        chunk_postings: int | str = pipeline.DEFAULT_CHUNK_POSTINGS,
        source_mapping: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.source_conn_id = source_conn_id
        self.month = month
        self.lookback_months = lookback_months
        self.chunk_postings = chunk_postings
        self.source_mapping = source_mapping

    def execute(self, context: Any) -> list[dict]:
        with _fail_fast():
            return self._plan()

    def _plan(self) -> list[dict]:
        month, taxonomies = limits.month(self.month), self._taxonomies()
        chunk_postings = limits.chunk_postings(self.chunk_postings)
        lookback_months = limits.lookback_months(self.lookback_months)
        with (
            self.connection("plan", self.source_conn_id) as source,
            self.connection("plan") as target,
            _failing_on_mapping_errors(),
        ):
            mapping = configured_mapping(self.source_mapping)
            self.log.info("reading the source through the mapping %s (%s)", mapping.name, mapping.description)
            months = pipeline.months_of_run(source, target, month, lookback_months, mapping)
            chunks = [
                chunk
                for each in months
                for chunk in pipeline.plan_month(source, target, each, taxonomies, chunk_postings, mapping)
            ]
        return [chunk.to_xcom() for chunk in chunks]

    def lineage_tables(self) -> tuple[lineage.Tables, lineage.Tables]:
        return [(self.source_conn_id, lineage.SOURCE_POSTINGS)], [(self.warehouse_conn_id, lineage.LOADS)]


@contextmanager
def _failing_on_mapping_errors() -> Iterator[None]:
    """A source mapping that does not fit the board fails the task at once: retrying cannot fix it."""
    try:
        yield
    except SourceMappingError as error:
        raise AirflowFailException(str(error)) from None


class PlanRetagOperator(_TaxonomyOperator):
    """Start a new load of one month re-tagged from the text its published load stored in the warehouse (no
    source), cut into chunks for ``IngestChunkOperator``. Returns the chunks (none for a month never loaded).

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param month: (templated) the month, ``YYYY-MM`` or a timestamp in it; defaults to the data interval start.
    :param chunk_postings: (templated) postings per chunk; default ``pipeline.DEFAULT_CHUNK_POSTINGS`` (100,000).
    :param taxonomies: (templated) the taxonomies to re-tag; default every enabled one. The month keeps its
        published results under the others.
    """

    template_fields: Sequence[str] = ("month", "chunk_postings", "taxonomies")

    def __init__(
        self, *, month: str = DEFAULT_MONTH, chunk_postings: int | str = pipeline.DEFAULT_CHUNK_POSTINGS, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.month = month
        self.chunk_postings = chunk_postings

    def execute(self, context: Any) -> list[dict]:
        with _fail_fast():
            month, taxonomies = limits.month(self.month), self._taxonomies()
            chunk_postings = limits.chunk_postings(self.chunk_postings)
            with self.connection("plan") as conn:
                chunks = pipeline.plan_retag(conn, month, taxonomies, chunk_postings)
        return [chunk.to_xcom() for chunk in chunks]


class IngestChunkOperator(lineage.TableLineage, _TaxonomyOperator):
    """Read one chunk of a planned load once - from the source, or from the warehouse's stored text - label every
    posting under each taxonomy on the way, and write the labelled postings and the text under the load. Mapped
    over the plan's chunks, so the workers of a Celery deployment share a large month.

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param chunk: (templated) one chunk as the plan task returned it.
    :param source_conn_id: Airflow connection of the job board's PostgreSQL; needed for chunks of the source.
    :param taxonomies: (templated) as given to the plan task.
    """

    template_fields: Sequence[str] = ("chunk", "taxonomies")

    def __init__(self, *, chunk: dict | str, source_conn_id: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.chunk = chunk
        self.source_conn_id = source_conn_id

    def execute(self, context: Any) -> dict[str, int]:
        with _fail_fast():
            chunk, taxonomies = Chunk.from_xcom(self.chunk), self._taxonomies()
            if chunk.origin == "source" and not self.source_conn_id:
                raise limits.ParamError(f"chunk {chunk} is read from the source, but no source_conn_id was given")
            read_conn_id = self.source_conn_id if chunk.origin == "source" else self.warehouse_conn_id
            with (
                self.connection("ingest-read", read_conn_id) as reader,
                self.connection("ingest") as target,
                _failing_on_mapping_errors(),
            ):
                return pipeline.ingest_chunk(reader, target, chunk, taxonomies)

    def lineage_tables(self) -> tuple[lineage.Tables, lineage.Tables]:
        if self.source_conn_id:  # a chunk of the source; a re-tag reads the stored text instead
            reads = [(self.source_conn_id, lineage.SOURCE_POSTINGS), (self.source_conn_id, lineage.SOURCE_COMPANIES)]
        else:
            reads = [(self.warehouse_conn_id, lineage.POSTING_TEXTS)]
        tables = (lineage.POSTINGS, lineage.POSTING_TEXTS, lineage.POSTING_ISSUES)
        return reads, [(self.warehouse_conn_id, table) for table in tables]


class PublishOperator(lineage.TableLineage, WarehouseOperator):
    """Publish the planned loads once all their chunks are written: each month switches to its new load in one
    transaction (its previous results stay visible until then, and a failed run leaves them in place).

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param chunks: (templated) the plan task's chunks.
    """

    template_fields: Sequence[str] = ("chunks",)

    def __init__(self, *, chunks: Sequence[dict] | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.chunks = chunks

    def execute(self, context: Any) -> list[int]:
        with self.connection("publish") as conn:
            return pipeline.publish(conn, [Chunk.from_xcom(chunk) for chunk in self.chunks])

    def lineage_tables(self) -> tuple[lineage.Tables, lineage.Tables]:
        return [(self.warehouse_conn_id, lineage.POSTINGS)], [(self.warehouse_conn_id, lineage.MONTH_LOADS)]


class ReconcileMonthsOperator(lineage.TableLineage, WarehouseOperator):
    """Every source posting of the months a run touched accounted for: per month, the source's counts (read through
    the source mapping the plan used) against the warehouse's loaded and recorded ones (``pipeline.reconcile``).
    Any difference fails the task at once (a retry reads the same), naming the months to rerun.

    :param source_conn_id: Airflow connection of the job board's PostgreSQL (read only).
    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param chunks: (templated) the plan task's chunks: their months are the ones touched, their mapping the one read.
    """

    template_fields: Sequence[str] = ("chunks",)

    def __init__(self, *, source_conn_id: str, chunks: Sequence[dict] | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source_conn_id = source_conn_id
        self.chunks = chunks

    def execute(self, context: Any) -> list[str]:
        chunks = [Chunk.from_xcom(chunk) for chunk in self.chunks]
        months = sorted({chunk.month for chunk in chunks})
        mapping_files = {chunk.mapping for chunk in chunks if chunk.mapping}
        with (
            self.connection("reconcile", self.source_conn_id) as source,
            self.connection("reconcile") as target,
            _failing_on_mapping_errors(),
        ):
            mapping = load_mapping(mapping_files.pop()) if mapping_files else None
            differences = pipeline.reconcile(source, target, months, mapping)
        if differences:
            raise AirflowFailException("source and warehouse differ: " + "; ".join(differences))
        self.log.info("every source posting accounted for in %s", ", ".join(map(str, months)) or "no month")
        return [str(month) for month in months]

    def lineage_tables(self) -> tuple[lineage.Tables, lineage.Tables]:
        reads = [(self.source_conn_id, lineage.SOURCE_POSTINGS), (self.warehouse_conn_id, lineage.POSTINGS)]
        return reads, []


class CollectEvidenceOperator(lineage.TableLineage, _TaxonomyOperator):
    """Record why each posting of one chunk of a published load matched (``core.match_evidence``), from the
    stored text. Mapped over the plan's chunks, like the ingest: the workers share a large month's evidence.

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param chunk: (templated) one chunk as the plan task returned it.
    :param taxonomies: (templated) as given to the plan task.
    """

    template_fields: Sequence[str] = ("chunk", "taxonomies")

    def __init__(self, *, chunk: dict | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.chunk = chunk

    def execute(self, context: Any) -> int:
        with _fail_fast():
            chunk, taxonomies = Chunk.from_xcom(self.chunk), self._taxonomies()
            with self.connection("evidence") as conn:
                return pipeline.collect_evidence(conn, chunk, taxonomies)

    def lineage_tables(self) -> tuple[lineage.Tables, lineage.Tables]:
        written = [(self.warehouse_conn_id, table) for table in lineage.EVIDENCE_TABLES]
        return [(self.warehouse_conn_id, lineage.POSTING_TEXTS)], written


class RefreshReportingOperator(lineage.TableLineage, WarehouseOperator):
    """Refresh the BI views (``writes.refresh_reporting``: the months that changed, then the marts) after a load.
    When several runs finish together (a backfill), a refresh that started after this task began already shows this
    run's load: the task then skips its own, so the views are refreshed a few times instead of once per run.

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    """

    def execute(self, context: Any) -> bool:
        with self.connection("refresh") as conn:
            refreshed = writes.refresh_reporting(conn)
        if refreshed is None:
            self.log.info("reporting views already refreshed by a later refresh")
            return False
        self.log.info(
            "reporting views refreshed; months recomputed: %s",
            ", ".join(f"{month:%Y-%m}" for month in refreshed.months) or "none",
        )
        return True

    def lineage_tables(self) -> tuple[lineage.Tables, lineage.Tables]:
        reads = [(self.warehouse_conn_id, table) for table in (lineage.POSTINGS, lineage.MONTH_LOADS)]
        return reads, [(self.warehouse_conn_id, relation) for relation in writes.refreshed_relations()]


class ExportReportsOperator(WarehouseOperator):
    """Write the chart(s), the HTML page and the CSV exports of the reporting views.

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param out_dir: (templated) the folder to write to; default ``$AI_JOB_SHARE_REPORT_DIR``, else ``.demo/reports``
        in the repository (read where the task runs).
    """

    template_fields: Sequence[str] = ("out_dir",)

    def __init__(self, *, out_dir: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.out_dir = out_dir

    def execute(self, context: Any) -> str:
        from ai_job_share.reporting.outputs import write_reports  # matplotlib: only where the report task runs

        with self.connection("report") as conn:
            files = write_reports(conn, self.out_dir or None)
        self.log.info(
            "wrote %s, %d chart(s) and %d CSV files in %s",
            files.html.name,
            len(files.charts),
            len(files.csvs),
            files.directory,
        )
        return str(files.directory)


class MonthCheckOperator(SQLCheckOperator):
    """The common-sql ``SQLCheckOperator`` with templated ``parameters``, for data-quality checks of one month:
    the task fails when any column of the query's first row is false (or the query returns no row).

    :param parameters: (templated) query parameters, e.g. ``{"interval_start": "{{ data_interval_start }}"}``.
    """

    template_fields: Sequence[str] = (*SQLCheckOperator.template_fields, "parameters")
