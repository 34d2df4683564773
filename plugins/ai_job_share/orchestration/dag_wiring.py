"""The task tail the monthly and the reclassify DAGs share: once a month's chunks are ingested, publish it, then
check it and collect its evidence side by side (and reconcile it with the source when it was read from there), and
refresh the BI views once the checks have passed.

Built by one function so that the two DAGs cannot drift apart: a month re-tagged from stored text must be
published, checked and refreshed exactly like a month read from the source.
"""

from __future__ import annotations

from typing import Any

from ai_job_share.orchestration.assets import REPORTING_VIEWS
from ai_job_share.orchestration.operators import (
    CollectEvidenceOperator,
    MonthCheckOperator,
    PublishOperator,
    ReconcileMonthsOperator,
    RefreshReportingOperator,
)
from ai_job_share.orchestration.schedule import WAREHOUSE_CONN_ID


def publish_check_refresh(
    *, plan: Any, ingest: Any, taxonomies: str | None = None, source_conn_id: str | None = None
) -> None:
    """Wire ``ingest >> publish_month >> [check_month_quality, collect_evidence]``, ``check >> refresh_reporting``.

    ``plan`` is the planning task whose output (the chunks) publish and the mapped evidence tasks read; ``ingest``
    the mapped ingest task; ``taxonomies`` (templated) limits the evidence to the taxonomies the run re-tags;
    ``source_conn_id`` (a run that reads the source) adds ``publish_month >> reconcile_months >> refresh``.
    """
    publish = PublishOperator(task_id="publish_month", warehouse_conn_id=WAREHOUSE_CONN_ID, chunks=plan.output)
    evidence_taxonomies = {"taxonomies": taxonomies} if taxonomies is not None else {}
    # One evidence task per chunk, like the ingest, once the month is published.
    evidence = CollectEvidenceOperator.partial(
        task_id="collect_evidence", warehouse_conn_id=WAREHOUSE_CONN_ID, **evidence_taxonomies
    ).expand(chunk=plan.output)
    check = MonthCheckOperator(
        task_id="check_month_quality",
        conn_id=WAREHOUSE_CONN_ID,
        sql="checks/month_quality.sql",
        parameters={"interval_start": "{{ data_interval_start }}"},
    )
    refresh = RefreshReportingOperator(
        task_id="refresh_reporting",
        warehouse_conn_id=WAREHOUSE_CONN_ID,
        outlets=[REPORTING_VIEWS],  # schedules the report DAG (dags/ai_job_share_report.py)
    )
    ingest >> publish >> [check, evidence]
    check >> refresh
    if source_conn_id is not None:
        reconcile = ReconcileMonthsOperator(
            task_id="reconcile_months",
            source_conn_id=source_conn_id,
            warehouse_conn_id=WAREHOUSE_CONN_ID,
            chunks=plan.output,
        )
        publish >> reconcile >> refresh
