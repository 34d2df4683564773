"""Re-tag history from the text already in the warehouse, without reading the source again.

Use it when a taxonomy gets a new version (or a new taxonomy is added): backfill it over the months to revise,
e.g. ``airflow backfill create --dag-id ai_job_share_reclassify --from-date 2022-01-01T00:00:00+09:00
--to-date 2023-05-01T00:00:00+09:00 --reprocess-behavior completed --dag-run-conf '{"taxonomies": "strict"}'``.
Each month gets a new load from its stored text (core.posting_texts); the taxonomies not named keep their
published results. Rows of a replaced version move to ``core.tagged_postings_archive`` and stay queryable until
dropped.
A backfill needs the DAG unpaused; unpaused, it also re-tags each month as it ends, which is harmless since a
month's load replaces exactly that month.
"""

from __future__ import annotations

from airflow.sdk import DAG, Param

from ai_job_share.orchestration.dag_wiring import publish_check_refresh
from ai_job_share.orchestration.operators import IngestChunkOperator, MigrateWarehouseOperator, PlanRetagOperator
from ai_job_share.orchestration.schedule import WAREHOUSE_CONN_ID, monthly_dag_arguments
from ai_job_share.taxonomy import taxonomy_list_pattern

TAXONOMIES = "{{ params.taxonomies }}"

with DAG(
    dag_id="ai_job_share_reclassify",
    description="Re-tag months from the warehouse's stored text under the current taxonomy versions",
    doc_md=__doc__,
    params={
        "taxonomies": Param(
            "",
            type="string",
            pattern=taxonomy_list_pattern(),  # ids only: a path or an unknown id is refused before the run starts
            description="taxonomy ids separated by commas; empty means every enabled taxonomy",
        )
    },
    **monthly_dag_arguments(),
) as dag:
    migrate = MigrateWarehouseOperator(task_id="migrate_warehouse", warehouse_conn_id=WAREHOUSE_CONN_ID)
    plan = PlanRetagOperator(task_id="plan_retag", warehouse_conn_id=WAREHOUSE_CONN_ID, taxonomies=TAXONOMIES)
    ingest = IngestChunkOperator.partial(
        task_id="ingest_chunk", warehouse_conn_id=WAREHOUSE_CONN_ID, taxonomies=TAXONOMIES
    ).expand(chunk=plan.output)
    publish_check_refresh(plan=plan, ingest=ingest, taxonomies=TAXONOMIES)
    migrate >> plan >> ingest
