"""Every DAG in dags/ imports cleanly and is wired as documented."""

from airflow.dag_processing.dagbag import DagBag
from airflow.timetables.interval import CronDataIntervalTimetable

from ai_job_share.airflow_env import DAGS_FOLDER
from ai_job_share.months import Month


def _dagbag() -> DagBag:
    return DagBag(dag_folder=str(DAGS_FOLDER))


def test_dags_import_without_errors():
    bag = _dagbag()
    assert bag.import_errors == {}
    assert "ai_job_share_monthly" in bag.dag_ids


def test_monthly_dag_uses_korea_time_monthly_data_intervals():
    dag = _dagbag().dags["ai_job_share_monthly"]
    assert isinstance(dag.timetable, CronDataIntervalTimetable)
    assert dag.timetable.serialize() == {"expression": "0 0 1 * *", "timezone": "Asia/Seoul"}
    assert Month.containing(dag.start_date) == Month(2022, 1)
    assert dag.start_date == Month(2022, 1).start


def test_monthly_dag_task_order():
    dag = _dagbag().dags["ai_job_share_monthly"]
    order = [
        "migrate_warehouse",
        "extract_month",
        "classify_month",
        "load_month",
        "check_month_quality",
        "refresh_reporting",
    ]
    assert [task.task_id for task in dag.topological_sort()] == order
    for upstream, downstream in zip(order, order[1:], strict=False):
        assert upstream in dag.get_task(downstream).upstream_task_ids


def test_reclassify_dag_does_not_read_the_source():
    dag = _dagbag().dags["ai_job_share_reclassify"]
    assert [task.task_id for task in dag.topological_sort()] == [
        "migrate_warehouse",
        "classify_month",
        "load_month",
        "check_month_quality",
        "refresh_reporting",
    ]
    assert not any(hasattr(task, "source_conn_id") for task in dag.tasks)
    assert dag.timetable.serialize() == _dagbag().dags["ai_job_share_monthly"].timetable.serialize()


def test_every_task_retries_with_backoff():
    dag = _dagbag().dags["ai_job_share_monthly"]
    for task in dag.tasks:
        assert task.retries >= 2 and task.retry_exponential_backoff, task.task_id
