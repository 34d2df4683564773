"""Airflow Assets shared by the DAGs: the monthly DAG's ``refresh_reporting`` task updates the reporting views (an
outlet), and the report DAG (``dags/ai_job_share_report.py``) is scheduled on that update."""

from __future__ import annotations

from airflow.sdk import Asset

#: The warehouse's schema ``reporting`` (the BI views), refreshed after every monthly load. Named only: a URI of
#: our own scheme made every task that parses a DAG file load Airflow's URI normalisers and asset models first.
REPORTING_VIEWS = Asset(name="ai_job_share_reporting_views")
