"""The warehouse: loading a month (chunks, publish under a lock), its migrations and its stored text.

``pipeline.py`` is one function per DAG step on plain connections (read the source, label, write);
``writes.py`` owns the warehouse's writes and COPY formats; ``migrations.py`` applies ``sql/warehouse`` and the
reporting views; ``textstore.py`` the compressed blocks of source rows. May import ``source``, ``labelling``,
``reporting`` (the view layers, the trend-break tables) and psycopg; never Airflow, never ``ai_job_share.tools``.
"""
