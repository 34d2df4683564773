"""AI job share: the monthly share of AI-related developer postings, as an Airflow ETL.

Data flows one way: ``source`` (read a month from a job board) -> ``labelling`` (keywords and evidence per
taxonomy) -> ``warehouse`` (load, publish, migrations) -> ``reporting`` (views, trend model, report files);
``orchestration`` is what Airflow runs, ``tools`` what it never imports (CLI, demo, embedded server, generator).
The top-level modules are facts every stage shares: ``layout``, ``months``, ``limits``, ``sql_files``,
``databases``, and ``taxonomy/``. See docs/layout.md.
"""
