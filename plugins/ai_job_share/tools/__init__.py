"""Tooling that Airflow workers never import: the command line, the demo, the embedded PostgreSQL, the synthetic
job-board generator (``seed/``), the importer, inspection and evaluation, Superset, the schema-file writer, and
the statistics the tests check the SQL against.

May import anything in ``ai_job_share``; nothing outside ``tools`` imports it (a unit test checks).
"""
