"""The real DAG, run by Airflow (``dag.test()``) against real PostgreSQL, checked against the generator's truth."""

from __future__ import annotations

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.utils.state import DagRunState

from ai_job_share import databases
from ai_job_share.months import Month, month_range
from ai_job_share.orchestration.airflow_env import DAGS_FOLDER
from ai_job_share.tools.seed import seed_source

MONTHS = month_range("2022-01", "2022-03")

TRUTH_BY_MONTH = """
SELECT to_char(p.published_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM') AS month,
       count(*), count(*) FILTER (WHERE t.is_ai), count(*) FILTER (WHERE t.is_ai OR t.is_data)
FROM job_board.postings AS p JOIN generator.truth AS t ON t.posting_id = p.id
WHERE p.job_group = '개발' AND p.status <> 'deleted'
GROUP BY 1 ORDER BY 1
"""
VIEW_BY_MONTH = """
SELECT to_char(month, 'YYYY-MM'), developer_postings, ai_postings, ai_or_data_postings
FROM reporting.monthly_ai_share WHERE taxonomy_id = 'wanted-2023' ORDER BY month
"""
TAGGED_ROWS = """
SELECT posting_id, taxonomy_id, taxonomy_version, month, company_id, company_employee_count, job_group, job_role,
       required_years_min, published_at, status, is_ai, is_data, matched_keywords
FROM core.tagged_postings ORDER BY posting_id, taxonomy_id
"""


@pytest.fixture(scope="module")
def seeded(airflow_metadata, test_databases):
    with databases.connect(test_databases.source_url, autocommit=False) as conn:
        seed_source(
            conn,
            seed=7,
            first_month=str(MONTHS[0]),
            last_month=str(MONTHS[-1]),
            developer_postings_per_month=150,
            replace_imported=True,  # the session's source may hold other tests' hand-made postings
        )
    with databases.connect(test_databases.warehouse_url) as conn:
        conn.execute("DROP SCHEMA IF EXISTS staging, core, intermediate, reporting, meta, retired CASCADE")
    return test_databases


@pytest.fixture(scope="module")
def monthly_dag():
    return DagBag(dag_folder=str(DAGS_FOLDER)).dags["ai_job_share_monthly"]


def run_month(dag, month: Month):
    # A manual run's data interval is the one that ends at its logical date: the month before.
    dag_run = dag.test(logical_date=month.end)
    assert dag_run.state == DagRunState.SUCCESS
    assert Month.from_interval_start(dag_run.data_interval_start) == month


def test_dag_runs_reproduce_the_generators_truth_exactly(seeded, monthly_dag):
    for month in MONTHS:
        run_month(monthly_dag, month)
    with databases.connect(seeded.source_url) as source, databases.connect(seeded.warehouse_url) as warehouse:
        truth = source.execute(TRUTH_BY_MONTH).fetchall()
        view = warehouse.execute(VIEW_BY_MONTH).fetchall()
        assert view == truth
        assert [row[0] for row in view] == [str(month) for month in MONTHS]

        truth_flags = {
            posting_id: (is_ai, is_data)
            for posting_id, is_ai, is_data in source.execute(
                "SELECT t.posting_id, t.is_ai, t.is_data FROM generator.truth AS t"
                " JOIN job_board.postings AS p ON p.id = t.posting_id WHERE p.status <> 'deleted'"
            )
        }
        deleted = {row[0] for row in source.execute("SELECT id FROM job_board.postings WHERE status = 'deleted'")}
        recorded = {
            row[0] for row in warehouse.execute("SELECT posting_id FROM core.posting_issues WHERE reason = 'deleted'")
        }
        assert deleted and recorded == deleted
        tagged_flags = {
            posting_id: (is_ai, is_data)
            for posting_id, is_ai, is_data in warehouse.execute(
                "SELECT posting_id, is_ai, is_data FROM core.tagged_postings WHERE taxonomy_id = 'wanted-2023'"
            )
        }
        assert tagged_flags == truth_flags


def test_rerunning_a_month_leaves_identical_rows(seeded, monthly_dag):
    with databases.connect(seeded.warehouse_url) as warehouse:
        if not warehouse.execute("SELECT count(*) FROM core.tagged_postings").fetchone()[0]:
            run_month(monthly_dag, MONTHS[0])
        before = warehouse.execute(TAGGED_ROWS).fetchall()
        view_before = warehouse.execute(VIEW_BY_MONTH).fetchall()
        run_month(monthly_dag, MONTHS[0])
        assert warehouse.execute(TAGGED_ROWS).fetchall() == before
        assert warehouse.execute(VIEW_BY_MONTH).fetchall() == view_before


def test_a_month_split_into_mapped_ingest_tasks_gives_the_same_rows(seeded, monthly_dag):
    with databases.connect(seeded.warehouse_url) as warehouse:
        run_month(monthly_dag, MONTHS[0])
        single = warehouse.execute(TAGGED_ROWS).fetchall()
        dag_run = monthly_dag.test(logical_date=MONTHS[0].end, run_conf={"chunk_postings": 70})
        assert dag_run.state == DagRunState.SUCCESS
        mapped = [ti for ti in dag_run.get_task_instances() if ti.task_id == "ingest_chunk"]
        assert len(mapped) > 1 and all(ti.map_index >= 0 for ti in mapped)
        assert warehouse.execute(TAGGED_ROWS).fetchall() == single


def test_a_later_run_picks_up_late_edits_of_the_previous_month(seeded, monthly_dag):
    """Runs last: it edits the source. The February run reloads January, whose posting changed after its load."""
    with databases.connect(seeded.source_url) as source, databases.connect(seeded.warehouse_url) as warehouse:
        run_month(monthly_dag, MONTHS[0])
        posting_id = source.execute(
            "SELECT p.id FROM job_board.postings AS p JOIN generator.truth AS t ON t.posting_id = p.id"
            " WHERE p.published_at >= %s AND p.published_at < %s AND p.status <> 'deleted' AND NOT t.is_ai"
            " ORDER BY p.id LIMIT 1",
            (MONTHS[0].start, MONTHS[0].end),
        ).fetchone()[0]
        source.execute(
            "UPDATE job_board.postings SET title = title || ' (AI 플랫폼)', updated_at = now() WHERE id = %s",
            (posting_id,),
        )
        before = warehouse.execute(
            "SELECT is_ai FROM core.tagged_postings WHERE posting_id = %s AND taxonomy_id = 'wanted-2023'",
            (posting_id,),
        ).fetchone()
        assert before == (False,)
        run_month(monthly_dag, MONTHS[1])
        after = warehouse.execute(
            "SELECT is_ai FROM core.tagged_postings WHERE posting_id = %s AND taxonomy_id = 'wanted-2023'",
            (posting_id,),
        ).fetchone()
        assert after == (True,)
