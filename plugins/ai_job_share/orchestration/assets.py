"""Airflow Assets shared by the DAGs: the monthly DAG's ``refresh_reporting`` task updates the reporting views (an
outlet), and the report DAG (``dags/ai_job_share_report.py``) is scheduled on that update."""

from __future__ import annotations

from airflow.sdk import Asset

#: The warehouse's schema ``reporting`` (the BI views), refreshed after every monthly load.
REPORTING_VIEWS = Asset(name="ai_job_share_reporting_views", uri="ai-job-share://warehouse/reporting")
