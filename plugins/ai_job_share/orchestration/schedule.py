"""What every DAG of this project shares: the Korea-time monthly timetable, the start, retries, connection ids.

Kept here so that the monthly DAG and the reclassify DAG cannot drift apart: both must cut months identically.
"""

from __future__ import annotations

from datetime import timedelta

from airflow.timetables.interval import CronDataIntervalTimetable

from ai_job_share.months import Month

SOURCE_CONN_ID = "ai_job_share_source"
WAREHOUSE_CONN_ID = "ai_job_share_warehouse"

#: The first month of the article's period.
START_DATE = Month(2022, 1).start

DEFAULT_ARGS = {
    "retries": 3,
    "retry_delay": timedelta(seconds=10),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=5),
}


def monthly_timetable() -> CronDataIntervalTimetable:
    """Runs on the 1st at 00:00 KST; each run's data interval is the Korea-time month that just ended."""
    return CronDataIntervalTimetable("0 0 1 * *", timezone="Asia/Seoul")


def monthly_dag_arguments() -> dict:
    """The ``DAG(...)`` arguments the monthly and the reclassify DAGs share: the same months, start, concurrency,
    retries, SQL search path and tag."""
    from ai_job_share.sql_files import SQL_DIR

    return {
        "schedule": monthly_timetable(),
        "start_date": START_DATE,
        "catchup": False,
        "max_active_runs": 4,
        "template_searchpath": [str(SQL_DIR)],
        "default_args": DEFAULT_ARGS,
        "tags": ["ai_job_share"],
    }
