"""The source: a job board's PostgreSQL, read in place through a mapping.

``mapping.py`` and ``mappings/*.toml`` say where a board keeps each field of the posting layout; ``reader.py``
validates a board against its mapping and streams a month out of it with ``COPY``; ``copy_text.py`` is the COPY text
format both sides share. May import the top-level shared facts (``layout``, ``months``, ``limits``, ``sql_files``)
and psycopg; never Airflow, never ``ai_job_share.tools``.
"""
