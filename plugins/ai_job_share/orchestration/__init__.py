"""What Airflow runs: thin operators, the DAGs' shared wiring, the timetable, assets, lineage and environment.

``operators.py`` (one base holding the warehouse connection), ``dag_wiring.py`` (the task tail both monthly DAGs
share), ``schedule.py`` (timetable, retries, connection ids), ``assets.py``, ``lineage.py`` (OpenLineage),
``airflow_env.py`` (Airflow's settings for our databases and folders). The only subpackage that imports Airflow;
it calls ``source``, ``labelling``, ``warehouse`` and ``reporting``, never ``ai_job_share.tools``. Not named
``airflow`` so as not to shadow the real package.
"""
