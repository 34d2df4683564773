"""Any job board as the source: the monthly DAG (``dag.test()``) reads three boards in place, each through its
shipped mapping, and the month's shares in reporting.monthly_ai_share equal counts taken directly in SQL on that
board's own tables. A mapping that does not fit the board fails the plan at once (no retry) and loads nothing."""

from __future__ import annotations

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.utils.state import DagRunState, TaskInstanceState
from boards import MONTH, create_contract_board, create_flat_board, create_jsonb_board

from ai_job_share import databases
from ai_job_share.orchestration.airflow_env import DAGS_FOLDER
from ai_job_share.sql_files import SQL_DIR
from ai_job_share.warehouse.migrations import migrate

VIEW_MONTH = """
SELECT developer_postings, ai_postings, ai_or_data_postings FROM reporting.monthly_ai_share
WHERE taxonomy_id = 'wanted-2023' AND month = %(month)s
"""
BOARDS = {
    # mapping: (board builder, the warehouse's developer definition)
    "contract": (lambda conn, reader: create_contract_board(conn), "개발"),
    "flat-board": (create_flat_board, "*"),
    "jsonb-sections": (create_jsonb_board, "Engineering"),
}


@pytest.fixture(scope="module")
def monthly_dag(airflow_metadata):
    return DagBag(dag_folder=str(DAGS_FOLDER)).dags["ai_job_share_monthly"]


def _fresh_warehouse(url: str, developer_job_groups: str | None = None) -> None:
    """An empty warehouse, migrated with the given developer definition (None: the default)."""
    with databases.connect(url) as conn:
        conn.execute("DROP SCHEMA IF EXISTS staging, core, intermediate, reporting, meta, retired CASCADE")
        if developer_job_groups is not None:
            conn.execute("SELECT set_config('ai_job_share.developer_job_groups', %s, false)", (developer_job_groups,))
            migrate(conn)


@pytest.fixture(scope="module")
def board_databases(test_databases):
    with databases.connect(test_databases.source_url) as conn:
        for path in sorted((SQL_DIR / "source").glob("*.sql")):
            conn.execute(path.read_text(encoding="utf-8"))
    yield test_databases
    _fresh_warehouse(test_databases.warehouse_url)  # later tests migrate it again with the default settings


@pytest.mark.parametrize("mapping", list(BOARDS))
def test_a_board_read_in_place_gives_the_shares_counted_on_its_own_tables(board_databases, monthly_dag, mapping):
    build, developer_job_groups = BOARDS[mapping]
    with databases.connect(board_databases.source_url) as source:
        counts = build(source, board_databases.roles.source_reader)
        expected = source.execute(counts, {"start": MONTH.start, "end": MONTH.end}).fetchone()
    assert expected[0] > 10 and 0 < expected[1] < expected[2] < expected[0], expected  # a month worth comparing
    _fresh_warehouse(board_databases.warehouse_url, developer_job_groups)

    dag_run = monthly_dag.test(logical_date=MONTH.end, run_conf={"source_mapping": mapping})

    assert dag_run.state == DagRunState.SUCCESS
    with databases.connect(board_databases.warehouse_url) as warehouse:
        assert warehouse.execute(VIEW_MONTH, {"month": MONTH.first_day}).fetchone() == expected


def test_a_mapping_that_does_not_fit_fails_at_once_and_loads_nothing(board_databases, monthly_dag, tmp_path):
    with databases.connect(board_databases.source_url) as source:
        create_flat_board(source, board_databases.roles.source_reader)
    _fresh_warehouse(board_databases.warehouse_url, "*")
    mapping = tmp_path / "typo.toml"
    mapping.write_text('relation = "board.messages"\n[fields]\nid = "id"\npublished_at = "posted"\n', encoding="utf-8")

    dag_run = monthly_dag.test(logical_date=MONTH.end, run_conf={"source_mapping": str(mapping)})

    assert dag_run.state == DagRunState.FAILED
    plan = next(ti for ti in dag_run.get_task_instances() if ti.task_id == "plan_month")
    assert plan.state == TaskInstanceState.FAILED and plan.try_number == 1  # not retried
    with databases.connect(board_databases.warehouse_url) as warehouse:
        assert warehouse.execute("SELECT count(*) FROM meta.loads").fetchone() == (0,)
