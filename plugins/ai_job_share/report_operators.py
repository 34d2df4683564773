"""The Airflow operator of the report DAG: a thin shell around :func:`ai_job_share.report_outputs.write_reports`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import BaseOperator


class ExportReportsOperator(BaseOperator):
    """Write the chart(s), the HTML page and the CSV exports of the reporting views.

    :param warehouse_conn_id: Airflow connection of the warehouse PostgreSQL.
    :param out_dir: (templated) the folder to write to; default ``$AI_JOB_SHARE_REPORT_DIR``, else ``.demo/reports``
        in the repository (read where the task runs).
    """

    template_fields: Sequence[str] = ("out_dir",)

    def __init__(self, *, warehouse_conn_id: str, out_dir: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.warehouse_conn_id = warehouse_conn_id
        self.out_dir = out_dir

    def execute(self, context: Any) -> str:
        from ai_job_share.report_outputs import write_reports

        conn = PostgresHook(postgres_conn_id=self.warehouse_conn_id).get_conn()
        conn.autocommit = True
        try:
            files = write_reports(conn, self.out_dir or None)
        finally:
            conn.close()
        self.log.info(
            "wrote %s, %d chart(s) and %d CSV files in %s",
            files.html.name,
            len(files.charts),
            len(files.csvs),
            files.directory,
        )
        return str(files.directory)
