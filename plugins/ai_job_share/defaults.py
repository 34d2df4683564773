"""Defaults shared by the DAGs, the operators and the pipeline. Plain constants, so that DAG files, which every
task parses again, import nothing heavy through them."""

#: Postings per chunk (one ingest task each) unless the DAG's ``chunk_postings`` param says otherwise.
DEFAULT_CHUNK_POSTINGS = 100_000
