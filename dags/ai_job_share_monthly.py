"""Monthly AI share of developer job postings: plan → ingest (extract + classify + load, one pass per chunk) →
publish → check → refresh the BI views; the match evidence is collected per chunk, beside the check.

Wiring only: the timetable, the connections and the task order. The logic lives in ``plugins/ai_job_share``,
the SQL in ``sql/``. Each run processes the Korea-time month [data_interval_start, data_interval_end).
"""

from __future__ import annotations

from airflow.sdk import DAG, Param

from ai_job_share.limits import MAX_CHUNK_POSTINGS, MAX_LOOKBACK_MONTHS
from ai_job_share.orchestration.dag_wiring import publish_check_refresh
from ai_job_share.orchestration.operators import IngestChunkOperator, MigrateWarehouseOperator, PlanMonthOperator
from ai_job_share.orchestration.schedule import SOURCE_CONN_ID, WAREHOUSE_CONN_ID, monthly_dag_arguments
from ai_job_share.warehouse.pipeline import DEFAULT_CHUNK_POSTINGS

with DAG(
    dag_id="ai_job_share_monthly",
    description="Monthly AI share of new developer job postings (Korea-time months)",
    doc_md=__doc__,
    params={
        "lookback_months": Param(
            2,
            type="integer",
            minimum=0,
            maximum=MAX_LOOKBACK_MONTHS,
            description="earlier months checked for late edits",
        ),
        "chunk_postings": Param(
            DEFAULT_CHUNK_POSTINGS,
            type="integer",
            minimum=1,
            maximum=MAX_CHUNK_POSTINGS,
            description="postings per ingest task",
        ),
        "source_mapping": Param(
            "",
            type="string",
            description="source mapping (a shipped name or a .toml path); empty: the Variable "
            "ai_job_share_source_mapping, else AI_JOB_SHARE_SOURCE_MAPPING, else the built-in contract",
        ),
    },
    **monthly_dag_arguments(),
) as dag:
    migrate = MigrateWarehouseOperator(task_id="migrate_warehouse", warehouse_conn_id=WAREHOUSE_CONN_ID)
    plan = PlanMonthOperator(
        task_id="plan_month",
        source_conn_id=SOURCE_CONN_ID,
        warehouse_conn_id=WAREHOUSE_CONN_ID,
        lookback_months="{{ params.lookback_months }}",
        chunk_postings="{{ params.chunk_postings }}",
        source_mapping="{{ params.source_mapping or var.value.get('ai_job_share_source_mapping', '') }}",
    )
    # One ingest task per chunk of what the plan returned (this run's month, plus earlier ones with late
    # changes), so several workers can share a large month.
    ingest = IngestChunkOperator.partial(
        task_id="ingest_chunk", source_conn_id=SOURCE_CONN_ID, warehouse_conn_id=WAREHOUSE_CONN_ID
    ).expand(chunk=plan.output)
    publish_check_refresh(plan=plan, ingest=ingest, source_conn_id=SOURCE_CONN_ID)
    migrate >> plan >> ingest
