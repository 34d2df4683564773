"""Labelling: which keywords of each taxonomy a posting contains, and where (the evidence).

``classify.py`` is the reference matcher on decoded text, ``match_engines.py`` how it finds keywords (RE2 prefilter
or plain ``re``), ``labeller.py`` the ingest's hot path on COPY text bytes (``nfkc_table.py`` writes the table of
characters NFKC leaves alone that it ships, ``nfkc_stable_ranges.json``). Pure: imports only ``layout``,
``taxonomy`` and ``source.copy_text``; no Airflow, no database driver, never ``ai_job_share.tools``.
"""
