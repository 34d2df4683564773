"""One function per DAG step, on plain psycopg connections: the operators, the CLI and the tests all call these.

A month is processed as a *load*, in one pass over its rows:

1. ``plan_month`` reads the month's fingerprint, defects and chunk boundaries from the source and creates an
   unpublished load cut into chunks (``plan_retag`` does the same from a load's stored text);
2. ``ingest_chunk``, once per chunk (in parallel, on any worker), streams the chunk's rows out of the source with
   COPY, labels each row under every taxonomy on the way, and streams the labelled postings (COPY) and the
   compressed source rows into the warehouse under the load's id;
3. ``publish`` points each month at its new load in one transaction; the previous load stays visible until then;
4. ``collect_evidence``, once per chunk of a published load, re-reads the stored text of the postings step 2
   tagged and records why they matched (core.match_evidence), searching only the keywords they hold.

Memory does not grow with the month's size: rows stream from one COPY into another.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from operator import itemgetter

import psycopg

from ai_job_share import layout
from ai_job_share.labelling.evidence import EvidenceFinder, PostingEvidence
from ai_job_share.labelling.labeller import Labeller
from ai_job_share.months import Month, month_range
from ai_job_share.source import copy_text, reader
from ai_job_share.source.mapping import SourceMapping, load_mapping
from ai_job_share.taxonomy import Taxonomy
from ai_job_share.warehouse import writes
from ai_job_share.warehouse.writes import EVIDENCE_LIMIT, Chunk

log = logging.getLogger(__name__)

PROGRESS_EVERY = 50_000
#: Postings per chunk (one ingest task each) unless the DAG's ``chunk_postings`` param says otherwise.
DEFAULT_CHUNK_POSTINGS = 100_000

_SECTIONS = slice(layout.SECTIONS_AT, layout.SECTIONS_AT + len(layout.SECTIONS))
#: The core.postings columns taken straight from the source row (layout.KEPT), in the order written.
_kept = itemgetter(*[reader.SMALL_FIELDS[name] for name in layout.KEPT])
_SMALL_ID, _SMALL_MONTH = reader.SMALL_FIELDS["id"], reader.SMALL_FIELDS["month"]
_SMALL_TITLE = reader.SMALL_FIELDS["title"]

#: Titles whose meta.title_key (NFKC, whitespace removed, lower case) is plain to compute: printable ASCII but the
#: backslash (no escapes), and Hangul syllables. NFKC leaves these alone, space is their only whitespace, and
#: lower() changes only A-Z (where the warehouse agrees: title_key_is_plain.sql).
_PLAIN_TITLE_CHARACTER = (
    rb"[\x20-\x5b\x5d-\x7e]|\xea[\xb0-\xbf][\x80-\xbf]|[\xeb\xec][\x80-\xbf]{2}|\xed[\x80-\x9d][\x80-\xbf]"
    rb"|\xed\x9e[\x80-\xa3]"
)
_PLAIN_TITLE = re.compile(rb"(?:%s)*" % _PLAIN_TITLE_CHARACTER)


def _plain_titles_pattern():
    """A batch's titles joined by newlines (COPY escapes a newline inside a field) are all plain when this matches
    the whole: RE2 reads the bytes in one pass, some twenty times faster than a Python expression per title."""
    import re2

    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    return re2.compile(rb"(?:%s|\n)*" % _PLAIN_TITLE_CHARACTER, options)


_PLAIN_TITLES = _plain_titles_pattern()


def title_key(title: bytes) -> bytes | None:
    """meta.title_key of a COPY text title field, as a COPY field (``\\N`` for NULL); None when the title holds
    anything else than :data:`_PLAIN_TITLE` reads, which the warehouse then keys itself (set_title_keys.sql)."""
    if title == copy_text.NULL:
        return copy_text.NULL
    if _PLAIN_TITLE.fullmatch(title) is None:
        return None
    return title.replace(b" ", b"").lower() or copy_text.NULL


def title_keys(titles: Sequence[bytes]) -> list[bytes | None]:
    """:func:`title_key` of each title, for a batch at once when every title is plain (the usual case)."""
    joined = b"\n".join(titles)
    if not titles or _PLAIN_TITLES.fullmatch(joined) is None:
        return list(map(title_key, titles))
    return [key or copy_text.NULL for key in joined.replace(b" ", b"").lower().split(b"\n")]


def plan_month(
    source_conn: psycopg.Connection,
    warehouse_conn: psycopg.Connection,
    month: Month,
    taxonomies: Sequence[Taxonomy],
    chunk_postings: int,
    mapping: SourceMapping | None = None,
) -> list[Chunk]:
    """A new load of ``month`` from the source (read through ``mapping``, the built-in contract by default, which
    is validated first), cut into chunks of about ``chunk_postings`` postings; the source's defects in the month
    are recorded (``core.posting_issues``), and so are the postings that left it for no published month. The
    mapping and the taxonomies are checked before anything is written: a misfit or a refused taxonomy leaves
    nothing written."""
    board = reader.open_source(source_conn, mapping, validate=True)
    numbers = writes.register_taxonomies(warehouse_conn, taxonomies)
    with _snapshot(source_conn):
        outline = reader.month_outline(source_conn, month, board)
        issues = reader.month_issues(source_conn, month, board, outline)
        issues += _left_for_no_published_month(source_conn, warehouse_conn, month, board)
    cuts, fingerprint = outline.chunk_cuts(chunk_postings), outline.fingerprint
    writes.record_extract_issues(warehouse_conn, month, issues)
    load_id = writes.create_load(warehouse_conn, month, "source", numbers, len(cuts) + 1, fingerprint)
    log.info(
        "planned load %d of %s: %d postings in the source, %d chunk(s); %d source issues recorded",
        load_id,
        month,
        fingerprint.postings,
        len(cuts) + 1,
        len(issues),
    )
    duplicates = tuple(sorted(issue.posting_id for issue in issues if issue.reason == reader.DUPLICATE_ID))
    reused = tuple(
        sorted(issue.posting_id for issue in issues if issue.reason == reader.ID_REUSED and issue.action == "excluded")
    )
    return _chunks(month, load_id, cuts, "source", None, duplicates, board.mapping.name, reused)


def plan_retag(
    warehouse_conn: psycopg.Connection, month: Month, taxonomies: Sequence[Taxonomy], chunk_postings: int
) -> list[Chunk]:
    """A new load of ``month`` re-tagged from the text its published load stored (no source needed); none when
    the month was never loaded."""
    published = writes.published_loads(warehouse_conn, [month]).get(month)
    if published is None:
        log.info("%s has no published load: nothing to re-tag", month)
        return []
    cuts = writes.load_chunk_bounds(warehouse_conn, published, chunk_postings)
    numbers = writes.register_taxonomies(warehouse_conn, taxonomies)
    load_id = writes.create_load(warehouse_conn, month, "warehouse", numbers, len(cuts) + 1)
    log.info(
        "planned load %d of %s from the stored text of load %d, %d chunk(s)", load_id, month, published, len(cuts) + 1
    )
    return _chunks(month, load_id, cuts, "warehouse", published)


def _chunks(
    month: Month,
    load_id: int,
    cuts: list[int],
    origin: str,
    from_load: int | None,
    duplicate_ids: tuple[int, ...] = (),
    mapping: str | None = None,
    reused_ids: tuple[int, ...] = (),
) -> list[Chunk]:
    bounds = [None, *cuts, None]
    return [
        Chunk(month, load_id, index, first, end, origin, from_load, duplicate_ids, mapping, reused_ids)
        for index, (first, end) in enumerate(zip(bounds, bounds[1:], strict=False))
    ]


def months_with_late_changes(
    source_conn: psycopg.Connection, warehouse_conn: psycopg.Connection, months: list[Month], board: reader.Source
) -> list[Month]:
    """Those of ``months`` already loaded whose postings changed in the source (read through ``board``) since
    (added, removed, edited with a newer ``updated_at``, or moved to another month). Months never loaded are left
    to their own runs."""
    extracted = writes.extracted_fingerprints(warehouse_conn, months)
    if not extracted:
        return []
    changed = [
        month
        for month in months
        if month in extracted and reader.month_fingerprint(source_conn, month, board) != extracted[month]
    ]
    if changed:
        log.info("late changes found in %s: reprocessing them", ", ".join(map(str, changed)))
    return changed


def months_of_run(
    source_conn: psycopg.Connection,
    warehouse_conn: psycopg.Connection,
    month: Month,
    lookback_months: int,
    mapping: SourceMapping | None = None,
) -> list[Month]:
    """The months a run of ``month`` loads: those of the ``lookback_months`` before it with late changes, ``month``
    itself, then every published month (however far back) that a posting of these moved into - the posting lands
    in its new month in the same publish instead of vanishing from the old one - or that shares an id with a
    posting of these - each side records the reuse, and the month that published the id first keeps it."""
    board = reader.open_source(source_conn, mapping, validate=True)  # a misfit fails here, before anything is read
    earlier = month_range(month.minus(lookback_months), month)[:-1]
    months = [*months_with_late_changes(source_conn, warehouse_conn, earlier, board), month]
    unchecked = months
    while unchecked:  # a month reloaded for another may concern others in turn
        concerned = {
            *months_moved_into(source_conn, warehouse_conn, unchecked, board),
            *months_sharing_ids(source_conn, warehouse_conn, unchecked, board),
        }
        unchecked = sorted(concerned - set(months))
        months = [*months, *unchecked]
    return months


def months_moved_into(
    source_conn: psycopg.Connection, warehouse_conn: psycopg.Connection, months: Sequence[Month], board: reader.Source
) -> list[Month]:
    """The published months that postings which left the published loads of ``months``
    moved into (their ``published_at`` was edited into that month) and which therefore need a new load too."""
    moves = [move for month in months for move in _departures(source_conn, warehouse_conn, month, board)]
    published = writes.published_loads(warehouse_conn, sorted({month for _, month in moves if month}))
    receiving = sorted({month for _, month in moves if month in published})
    for posting_id, month in moves:
        if month in receiving:
            log.info("posting %d moved into %s, which is published: reloading %s too", posting_id, month, month)
    return receiving


def _departures(
    source_conn: psycopg.Connection, warehouse_conn: psycopg.Connection, month: Month, board: reader.Source
) -> list[tuple[int, Month | None]]:
    """The postings that left ``month``: ids its published load holds, or recorded as having left it, that the
    source's month no longer holds; each with the month it is published in now (None: none the pipeline counts)."""
    held = writes.published_posting_ids(warehouse_conn, month) | writes.left_posting_ids(warehouse_conn, month)
    left = sorted(held - reader.month_ids(source_conn, month, board)) if held else []
    if not left:
        return []
    now_in = dict(reader.publication_months(source_conn, left, board))
    return [(posting_id, now_in.get(posting_id)) for posting_id in left]


def _left_for_no_published_month(
    source_conn: psycopg.Connection, warehouse_conn: psycopg.Connection, month: Month, board: reader.Source
) -> list[reader.PostingIssue]:
    """The postings that left ``month`` for no published month - re-dated into a month never loaded, or gone from
    the source - as issues: they leave its figures with a record (a published month they moved into is reloaded
    in the same run instead, ``months_moved_into``). Recorded again by every extract while still so."""
    departures = _departures(source_conn, warehouse_conn, month, board)
    published = writes.published_loads(warehouse_conn, sorted({now for _, now in departures if now}))
    return [
        reader.PostingIssue(
            month,
            posting_id,
            reader.LEFT_MONTH,
            "excluded",
            f"no longer a posting of {month} in the source: "
            + (
                f"published now in {now}, a month not loaded (it counts when {now} is loaded)"
                if now
                else "deleted, or its published_at removed or set in the future"
            ),
        )
        for posting_id, now in departures
        if now not in published
    ]


def months_sharing_ids(
    source_conn: psycopg.Connection, warehouse_conn: psycopg.Connection, months: Sequence[Month], board: reader.Source
) -> list[Month]:
    """The published months whose postings carry an id that a posting of ``months`` carries
    too (a board without a unique id may reuse one): reloaded with them, so that both record the reuse and the
    later one's figures change only with that record."""
    if not reader.ids_may_repeat(source_conn, board):
        return []
    sharing = {
        other for month in months for *_, others in reader.reused_ids(source_conn, month, board) for other in others
    }
    published = writes.published_loads(warehouse_conn, sorted(sharing))
    receiving = sorted(month for month in sharing if month in published)
    if receiving:
        log.info(
            "ids of postings of %s are reused in %s: reloading them too",
            ", ".join(map(str, months)),
            ", ".join(map(str, receiving)),
        )
    return receiving


@contextmanager
def _snapshot(conn: psycopg.Connection) -> Iterator[None]:
    """One REPEATABLE READ, read-only transaction: the fingerprint, the issues and the cuts see the same data."""
    previous = conn.isolation_level
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    try:
        with conn.transaction():
            conn.execute("SET TRANSACTION READ ONLY")
            yield
    finally:
        conn.isolation_level = previous


def ingest_chunk(
    read_conn: psycopg.Connection, warehouse_conn: psycopg.Connection, chunk: Chunk, taxonomies: Sequence[Taxonomy]
) -> dict[str, int]:
    """Read the chunk's rows once, label them under every taxonomy and write them under the chunk's load.

    ``read_conn``: where the rows are read - the source for a load from the source, else (re-tagging the stored
    text of ``chunk.from_load``) a second connection to the warehouse. Returns the postings written and, per
    taxonomy and group (``"wanted-2023 ai"``), how many of those with text belong to it."""
    labeller = Labeller(taxonomies, sections_at=layout.SECTIONS_AT)
    numbers = writes.register_taxonomies(warehouse_conn, taxonomies)
    keyword_ids = [str(number).encode() for number in numbers.keyword_ids]
    if chunk.origin == "source":
        board = reader.open_source(read_conn, load_mapping(chunk.mapping) if chunk.mapping else None)
        rows = reader.stream_rows(
            read_conn, chunk.month, chunk.first_id, chunk.end_id, chunk.duplicate_ids, board, chunk.reused_ids
        )
    else:
        rows = writes.stored_rows(read_conn, chunk.from_load, chunk.first_id, chunk.end_id)
    rows = iter(rows)
    # A handful of distinct labels (has_text, keyword indexes) occur: each one's end of line is made once, and the
    # postings are counted per label, then per group.
    labels: Counter = Counter()
    line_ends: dict[tuple[bool, tuple[int, ...]], bytes] = {}
    load = str(chunk.load_id).encode()
    keys_here = writes.title_keys_are_plain(warehouse_conn)
    unkeyed: list[int] = []  # postings whose title_key the warehouse computes

    def labelled() -> Iterator[tuple[bytes, list[int], list[bytes]]]:
        done = 0
        while batch := list(islice(rows, writes.COPY_BATCH)):
            batch_labels = list(map(labeller.label_row, batch))
            labels.update(batch_labels)
            lines, ids = [], []
            batch_fields = list(map(reader.small_fields, batch))
            keys = title_keys([fields[_SMALL_TITLE] for fields in batch_fields]) if keys_here else [None] * len(batch)
            for fields, label, key in zip(batch_fields, batch_labels, keys, strict=True):
                line_end = line_ends.get(label)
                if line_end is None:
                    has_text, hits = label
                    keywords = b",".join([keyword_ids[index] for index in hits])
                    line_end = line_ends[label] = b"%s\t{%s}\n" % (b"t" if has_text else b"f", keywords)
                if key is None:
                    key = copy_text.NULL
                    unkeyed.append(int(fields[_SMALL_ID]))
                kept = b"\t".join(_kept(fields))
                ids.append(fields[_SMALL_ID])
                lines.append(
                    b"%s\t%s\t%s\t%s\t%s\t%s" % (fields[_SMALL_ID], load, fields[_SMALL_MONTH], kept, key, line_end)
                )
            yield b"".join(lines), list(map(int, ids)), batch
            if (done + len(batch)) // PROGRESS_EVERY > done // PROGRESS_EVERY:
                log.info("labelled %d postings of %s", done + len(batch), chunk)
            done += len(batch)

    written = writes.write_chunk(warehouse_conn, chunk, labelled(), unkeyed)
    counts: Counter = Counter()
    for (has_text, hits), postings in labels.items():
        if hits and has_text:
            for group in _groups(labeller, hits):
                counts[group] += postings
    summary = {"postings": written, **dict(sorted(counts.items()))}
    log.info("ingested chunk %d of load %d (%s): %s", chunk.index, chunk.load_id, chunk.month, summary)
    return summary


def _groups(labeller: Labeller, hits: tuple[int, ...]) -> set[str]:
    """The taxonomy groups a posting with these keywords belongs to, e.g. ``{"wanted-2023 ai"}``."""
    return {
        f"{labeller.taxonomies[taxonomy_index].id} {keyword.group}"
        for taxonomy_index, keyword in (labeller.keywords[index] for index in hits)
    }


def publish(warehouse_conn: psycopg.Connection, chunks: Iterable[Chunk]) -> list[int]:
    """Publish the loads of ``chunks`` (each month in its own transaction); returns the load ids."""
    load_ids = sorted({chunk.load_id for chunk in chunks})
    for load_id in load_ids:
        writes.publish_load(warehouse_conn, load_id)
        log.info("published load %d", load_id)
    return load_ids


def collect_evidence(warehouse_conn: psycopg.Connection, chunk: Chunk, taxonomies: Sequence[Taxonomy]) -> int:
    """Record why the chunk's postings matched (``core.match_evidence``), once its load is published: the first
    EVIDENCE_LIMIT matches per posting and taxonomy, and their total. Only the postings the ingest's labelling
    tagged (``core.postings.keyword_ids``) are read again from the load's stored text, and only their keywords are
    searched (:mod:`ai_job_share.labelling.evidence`). The chunks of a month may be collected at once, in any
    order. Returns the matches stored (none when a later load of the month replaced the chunk's)."""
    month = chunk.month
    numbers = writes.register_taxonomies(warehouse_conn, taxonomies)
    finder = EvidenceFinder(
        taxonomies,
        EVIDENCE_LIMIT,
        keyword_ids=numbers.keyword_ids,
        taxonomy_version_ids=numbers.taxonomy_version_ids,
    )
    index_of = {keyword_id: index for index, keyword_id in enumerate(numbers.keyword_ids)}
    month_field = month.first_day.isoformat().encode()
    hits_of: dict[tuple[int, ...], tuple[int, ...]] = {}  # a few hundred keyword combinations occur

    def evidence_of(tagged: Iterable[tuple[int, bytes, list[int]]]) -> Iterator[PostingEvidence]:
        for posting_id, row, keyword_ids in tagged:
            fields = copy_text.split_row(row)
            if fields[layout.STATUS_AT] == b"deleted":
                continue
            key = tuple(keyword_ids)
            hits = hits_of.get(key)
            if hits is None:
                hits = hits_of[key] = tuple(sorted(index_of[k] for k in key if k in index_of))
            evidence = finder.lines(b"%d" % posting_id, month_field, fields[_SECTIONS], hits)
            if evidence is not None:
                yield evidence

    written = writes.replace_evidence(warehouse_conn, chunk, [t.id for t in taxonomies], numbers, evidence_of)
    if written is None:
        log.info("load %d is no longer the published load of %s: its evidence is not collected", chunk.load_id, month)
        return 0
    log.info("recorded %d matches as evidence for chunk %d of load %d (%s)", written, chunk.index, chunk.load_id, month)
    return written


def reconcile(
    source_conn: psycopg.Connection,
    warehouse_conn: psycopg.Connection,
    months: Iterable[Month],
    mapping: SourceMapping | None = None,
) -> list[str]:
    """Every source posting of ``months`` accounted for: per month, the source's distinct ids (read through
    ``mapping``, the built-in contract by default) must equal the postings the warehouse loaded plus the ids it
    recorded as an earlier month's, its ids shared by several rows and its rows without an id must be recorded
    issues. Returns one message per month that differs,
    naming the month to rerun (none: all accounted for)."""
    board = reader.open_source(source_conn, mapping)
    differences = []
    for month in sorted(set(months)):
        found = reader.reconcile_counts(source_conn, month, board)
        held = writes.reconcile_counts(warehouse_conn, month)
        if (found.distinct_ids, found.repeated_ids, found.rows_without_id) != (
            held.loaded + held.reused_ids,
            held.repeated_ids,
            held.rows_without_id,
        ):
            differences.append(
                f"{month}: the source holds {found.source_rows} postings ({found.distinct_ids} distinct ids, "
                f"{found.repeated_ids} shared by several rows, {found.rows_without_id} without an id); the warehouse "
                f"loaded {held.loaded} and recorded {held.reused_ids} ids of an earlier month's postings, "
                f"{held.repeated_ids} shared ids and {held.rows_without_id} rows without an id: rerun {month}"
            )
    for difference in differences:
        log.error("not reconciled: %s", difference)
    return differences


def process_month(
    read_conn: psycopg.Connection,
    warehouse_conn: psycopg.Connection,
    month: Month,
    taxonomies: Sequence[Taxonomy],
    *,
    chunk_postings: int = DEFAULT_CHUNK_POSTINGS,
    retag: bool = False,
    mapping: SourceMapping | None = None,
) -> list[Chunk]:
    """The DAG's steps for one month, one after the other: plan, ingest every chunk, publish, collect the evidence
    of every chunk.
    ``read_conn`` is the source, or with ``retag`` a second warehouse connection (the month is re-tagged from its
    stored text). For the command line, the benchmarks and the tests. Returns the chunks."""
    if retag:
        chunks = plan_retag(warehouse_conn, month, taxonomies, chunk_postings)
    else:
        chunks = plan_month(read_conn, warehouse_conn, month, taxonomies, chunk_postings, mapping)
    for chunk in chunks:
        ingest_chunk(read_conn, warehouse_conn, chunk, taxonomies)
    publish(warehouse_conn, chunks)
    for chunk in chunks:
        collect_evidence(warehouse_conn, chunk, taxonomies)
    return chunks
