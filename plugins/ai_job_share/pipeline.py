"""One function per DAG step, on plain psycopg connections: the operators, the CLI and the tests all call these.

Data moves as a stream: COPY blocks from the source straight into staging, text rows through the classifier
straight into COPY, so memory does not grow with the month's size.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator

import psycopg

from ai_job_share import source, warehouse
from ai_job_share.classify import Classification, Classifier
from ai_job_share.months import Month
from ai_job_share.taxonomy import Taxonomy

log = logging.getLogger(__name__)

PROGRESS_EVERY = 10_000


def extract_month(source_conn: psycopg.Connection, warehouse_conn: psycopg.Connection, month: Month) -> int:
    """Copy the month's postings from the source into ``staging.postings``, replacing the month."""
    rows = warehouse.replace_staging_month(warehouse_conn, month, source.stream_month(source_conn, month))
    log.info("extracted %d postings published in %s (Korea time)", rows, month)
    return rows


def classify_month(
    read_conn: psycopg.Connection, write_conn: psycopg.Connection, month: Month, taxonomies: list[Taxonomy]
) -> dict[str, dict[str, int]]:
    """Classify the month's staged text under every taxonomy in one read; returns counts per taxonomy."""
    classifier = Classifier(taxonomies)
    counts: dict[str, Counter] = {taxonomy.id: Counter() for taxonomy in taxonomies}

    def results() -> Iterator[tuple[int, list[Classification]]]:
        for done, (posting_id, sections) in enumerate(warehouse.stream_month_texts(read_conn, month), start=1):
            classifications = classifier.classify(sections)
            for result in classifications:
                counts[result.taxonomy_id].update(postings=1, ai=result.is_ai, data=result.is_data)
            if done % PROGRESS_EVERY == 0:
                log.info("classified %d postings of %s", done, month)
            yield posting_id, classifications

    warehouse.replace_classified_month(write_conn, month, [t.id for t in taxonomies], results())
    summary = {taxonomy_id: dict(counter) for taxonomy_id, counter in counts.items()}
    log.info("classified %s: %s", month, summary)
    return summary


def load_month(warehouse_conn: psycopg.Connection, month: Month, taxonomies: list[Taxonomy]) -> int:
    """Replace the month's rows in ``core.tagged_postings`` from staging, in one transaction."""
    rows = warehouse.load_month(warehouse_conn, month, [t.id for t in taxonomies])
    log.info("loaded %d tagged rows for %s", rows, month)
    return rows
