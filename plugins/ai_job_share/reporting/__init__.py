"""Reporting: the views' layers and refresh order, reading the views, the trend model and the report files.

``layers.py`` derives the reporting SQL's layers and order, ``queries.py`` reads the views, ``trend_break.py`` is
the interrupted time series (statsmodels, pure), ``trend_break_tables.py`` stores and reads its results,
``outputs.py`` writes the chart, HTML page and CSV files. May import the top-level shared facts, ``taxonomy`` and
psycopg; never Airflow, never ``ai_job_share.tools``.
"""
