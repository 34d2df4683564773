"""One function per DAG step, on plain psycopg connections: the operators, the CLI and the tests all call these.

Data moves as a stream: COPY blocks from the source straight into staging, text rows through the classifier
straight into COPY, so memory does not grow with the month's size.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from ai_job_share import source, warehouse
from ai_job_share.classify import Classification, Classifier, has_text, normalize_sections
from ai_job_share.months import Month
from ai_job_share.taxonomy import Taxonomy
from ai_job_share.warehouse import Chunk

log = logging.getLogger(__name__)

PROGRESS_EVERY = 10_000


def extract_month(source_conn: psycopg.Connection, warehouse_conn: psycopg.Connection, month: Month) -> int:
    """Copy the month's postings from the source into ``staging.postings``, replacing the month, with the source
    defects found on the way (``core.posting_issues``) and the month's fingerprint (``meta.month_extracts``)."""
    with _snapshot(source_conn):
        fingerprint = source.month_fingerprint(source_conn, month)
        issues = source.month_issues(source_conn, month)
        rows = warehouse.replace_staging_month(
            warehouse_conn, month, source.stream_month(source_conn, month), issues, fingerprint
        )
    log.info("extracted %d postings published in %s (Korea time); %d source issues recorded", rows, month, len(issues))
    return rows


def months_with_late_changes(
    source_conn: psycopg.Connection, warehouse_conn: psycopg.Connection, months: list[Month]
) -> list[Month]:
    """Those of ``months`` already extracted whose postings changed in the source since (added, removed, edited
    with a newer ``updated_at``, or moved to another month). Months never extracted are left to their own runs."""
    extracted = warehouse.extracted_fingerprints(warehouse_conn, months)
    changed = [
        month
        for month in months
        if month in extracted and source.month_fingerprint(source_conn, month) != extracted[month]
    ]
    if changed:
        log.info("late changes found in %s: reprocessing them", ", ".join(map(str, changed)))
    return changed


@contextmanager
def _snapshot(conn: psycopg.Connection) -> Iterator[None]:
    """One REPEATABLE READ, read-only transaction: the fingerprint, the issues and the rows see the same data."""
    previous = conn.isolation_level
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    try:
        with conn.transaction():
            conn.execute("SET TRANSACTION READ ONLY")
            yield
    finally:
        conn.isolation_level = previous


def classify_month(
    read_conn: psycopg.Connection,
    write_conn: psycopg.Connection,
    month: Month | Chunk,
    taxonomies: list[Taxonomy],
) -> dict[str, dict[str, int]]:
    """Classify the month's (or one chunk's) staged text under every taxonomy in one read; returns counts per
    taxonomy. Chunks of a month may run at once, on different workers; together they give the month's result."""
    chunk = month if isinstance(month, Chunk) else Chunk(month)
    classifier = Classifier(taxonomies)
    counts: dict[str, Counter] = {taxonomy.id: Counter() for taxonomy in taxonomies}

    def results() -> Iterator[tuple[int, bool, list[Classification]]]:
        for done, (posting_id, sections) in enumerate(warehouse.stream_month_texts(read_conn, chunk), start=1):
            normalized = normalize_sections(sections)
            classifications = classifier.classify_normalized(normalized)
            for result in classifications:
                counts[result.taxonomy_id].update(postings=1, ai=result.is_ai, data=result.is_data)
            if done % PROGRESS_EVERY == 0:
                log.info("classified %d postings of %s", done, chunk)
            yield posting_id, has_text(normalized), classifications

    warehouse.replace_classified(write_conn, chunk, [t.id for t in taxonomies], results())
    summary = {taxonomy_id: dict(counter) for taxonomy_id, counter in counts.items()}
    log.info("classified %s: %s", chunk, summary)
    return summary


def load_month(warehouse_conn: psycopg.Connection, month: Month, taxonomies: list[Taxonomy]) -> int:
    """Replace the month's rows in ``core.tagged_postings`` from staging, in one transaction."""
    rows = warehouse.load_month(warehouse_conn, month, [t.id for t in taxonomies])
    log.info("loaded %d tagged rows for %s", rows, month)
    return rows
