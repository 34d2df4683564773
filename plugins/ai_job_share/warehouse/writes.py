"""Writing and reading the warehouse. Every write replaces one month inside one transaction, under a per-month
lock (a row of meta.locks), so a rerun gives the same rows and a crash leaves the previous state of the month."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date

import psycopg
from psycopg import sql

from ai_job_share import layout
from ai_job_share.months import Month
from ai_job_share.reporting.layers import VIEW, months_to_recompute, refresh_statements, reporting_views
from ai_job_share.source.reader import Fingerprint, PostingIssue
from ai_job_share.sql_files import SQL_DIR, read_sql
from ai_job_share.taxonomy import Taxonomy, TaxonomyError
from ai_job_share.warehouse import textstore

#: Postings per write to the COPY of core.postings (the batches ``write_chunk`` takes).
COPY_BATCH = 1000
#: The COPY of a chunk's labelled postings into core.postings (layout.POSTINGS_COPY_COLUMNS, in that order).
_COPY_POSTINGS_IN = sql.SQL("COPY core.postings ({}) FROM STDIN").format(
    sql.SQL(", ").join(map(sql.Identifier, layout.POSTINGS_COPY_COLUMNS))
)
#: Stored text blocks read per round when collecting evidence.
_EVIDENCE_BLOCKS = 8
#: Matches stored as evidence per posting and taxonomy; the rest are only counted (``match_total``).
EVIDENCE_LIMIT = 20


#: How long a run waits for another run of the same month to finish writing before it gives up.
MONTH_LOCK_TIMEOUT = "15min"


class MonthBusyError(RuntimeError):
    """Another run holds the month's lock for longer than :data:`MONTH_LOCK_TIMEOUT`."""


@dataclass(frozen=True)
class Chunk:
    """Part of a load of a month: posting ids in [first_id, end_id); ``None`` is unbounded, so the chunks of a
    load cover every id. ``origin``: where its rows are read, ``source`` or the ``warehouse``'s stored text
    (of load ``from_load``)."""

    month: Month
    load_id: int
    index: int = 0
    first_id: int | None = None
    end_id: int | None = None
    origin: str = "source"
    from_load: int | None = None
    duplicate_ids: tuple[int, ...] = ()  # ids several source rows of the month share (the latest row is read)
    mapping: str | None = None  # the source mapping the plan validated (a file), for chunks of the source
    reused_ids: tuple[int, ...] = ()  # ids a posting of an earlier month carries (the month's rows are not read)

    def params(self) -> dict:
        return {
            "month": self.month.first_day,
            "load_id": self.load_id,
            "chunk": self.index,
            "first_id": self.first_id,
            "end_id": self.end_id,
        }

    def to_xcom(self) -> dict:
        return {**asdict(self), "month": str(self.month)}

    @classmethod
    def from_xcom(cls, value: dict) -> Chunk:
        return cls(
            **{
                **value,
                "month": Month.parse(value["month"]),
                "duplicate_ids": tuple(value.get("duplicate_ids", ())),
                "reused_ids": tuple(value.get("reused_ids", ())),
            }
        )


@dataclass(frozen=True)
class TaxonomyNumbers:
    """How the warehouse numbers a list of taxonomies: one id per taxonomy version, one per keyword (in the
    order of ``Labeller.keywords``: taxonomies in order, each one's keywords in file order)."""

    taxonomy_version_ids: tuple[int, ...]
    keyword_ids: tuple[int, ...]


@contextmanager
def month_transaction(conn: psycopg.Connection, month: Month, *, shared: bool = False) -> Iterator[psycopg.Cursor]:
    """One transaction holding the month's lock: two runs of the same month never interleave what they publish.

    A second run waits for the first (up to MONTH_LOCK_TIMEOUT), then does its own complete replacement. (The
    chunks of a load need no lock: each run writes its own load, invisible until published.) ``shared``: the
    lock is shared with other shared holders (the evidence of a month's chunks, collected at once) and excludes
    a publish.
    """
    with conn.transaction(), conn.cursor() as cursor:
        try:
            _take_lock(cursor, f"month {month}", shared=shared)
        except psycopg.errors.LockNotAvailable:
            raise MonthBusyError(
                f"month {month} is being written by another run (lock held for over {MONTH_LOCK_TIMEOUT}); "
                "retry when it has finished"
            ) from None
        yield cursor


def _take_lock(cursor: psycopg.Cursor, name: str, *, shared: bool = False) -> None:
    """Lock ``name`` until the transaction ends: a row lock on meta.locks, which only the ETL role can read, so the
    BI or source roles can neither take nor block it (advisory locks, which any role may take, served before).
    Waits up to MONTH_LOCK_TIMEOUT, then raises LockNotAvailable."""
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", (MONTH_LOCK_TIMEOUT,))
    cursor.execute(read_sql("queries/warehouse/add_lock.sql"), {"name": name})
    mode = sql.SQL("FOR SHARE" if shared else "FOR UPDATE")
    cursor.execute(sql.SQL(read_sql("queries/warehouse/take_lock.sql")).format(mode=mode), {"name": name})
    cursor.execute("SELECT set_config('lock_timeout', '0', true)")


def register_taxonomies(conn: psycopg.Connection, taxonomies: Sequence[Taxonomy]) -> TaxonomyNumbers:
    """Number the taxonomies' versions and keywords (idempotent: the same numbers every time). A taxonomy whose
    rules differ from those its version was first registered with is refused (:class:`TaxonomyError`, nothing
    written): its results would replace published figures under the same label."""
    version_ids, keyword_ids = [], []
    with conn.transaction(), conn.cursor() as cursor:
        for taxonomy in taxonomies:
            fingerprint = taxonomy.rules_fingerprint
            version_id, registered = _row(
                cursor,
                "register_taxonomy_version.sql",
                {"taxonomy_id": taxonomy.id, "taxonomy_version": taxonomy.version, "rules_fingerprint": fingerprint},
            )
            if registered is None:
                cursor.execute(
                    read_sql("queries/warehouse/adopt_taxonomy_rules.sql"),
                    {"taxonomy_version_id": version_id, "rules_fingerprint": fingerprint},
                )
            elif registered != fingerprint:
                raise TaxonomyError(
                    f"{taxonomy.file or taxonomy.id}: the rules of taxonomy {taxonomy.id!r} changed but its version "
                    f"is still {taxonomy.version}, so published figures would change under the same label: give the "
                    f"file a new version (version = {taxonomy.version + 1}), or restore the rules of version "
                    f"{taxonomy.version}; nothing was written"
                )
            version_ids.append(version_id)
            for keyword in taxonomy.keywords:
                keyword_ids.append(
                    _number(
                        cursor,
                        "register_keyword.sql",
                        {"taxonomy_version_id": version_id, "group_id": keyword.group, "term": keyword.term},
                    )
                )
    return TaxonomyNumbers(tuple(version_ids), tuple(keyword_ids))


def _number(cursor: psycopg.Cursor, query: str, params: dict) -> int:
    """The id an insert-or-select statement returns."""
    return _row(cursor, query, params)[0]


def _row(cursor: psycopg.Cursor, query: str, params: dict) -> tuple:
    """The row an insert-or-select statement returns. When another run inserted the same row at the same moment,
    the statement waited for it but its snapshot predates it, so it returns nothing: the second try sees it."""
    for _attempt in range(2):
        row = cursor.execute(read_sql(f"queries/warehouse/{query}"), params).fetchone()
        if row is not None:
            return row
    raise RuntimeError(f"{query} returned no id for {params}")


def create_load(
    conn: psycopg.Connection,
    month: Month,
    origin: str,
    numbers: TaxonomyNumbers,
    chunks: int,
    fingerprint: Fingerprint | None = None,
) -> int:
    """A new, unpublished load of ``month`` in ``chunks`` chunks; returns its id."""
    values = asdict(fingerprint) if fingerprint else {"postings": None, "max_updated_at": None, "id_checksum": None}
    return conn.execute(
        read_sql("queries/warehouse/create_load.sql"),
        {
            "month": month.first_day,
            "origin": origin,
            "taxonomy_version_ids": list(numbers.taxonomy_version_ids),
            "chunks": chunks,
            **values,
        },
    ).fetchone()[0]


def record_extract_issues(conn: psycopg.Connection, month: Month, issues: Iterable[PostingIssue]) -> None:
    """Replace the source defects recorded for ``month`` (and for postings of no month)."""
    with conn.transaction(), conn.cursor() as cursor:
        cursor.execute(read_sql("queries/warehouse/replace_extract_issues.sql"), {"month": month.first_day})
        cursor.executemany(
            read_sql("queries/warehouse/insert_posting_issue.sql"),
            [
                {
                    "month": issue.month.first_day if issue.month else None,
                    "posting_id": issue.posting_id,
                    "reason": issue.reason,
                    "action": issue.action,
                    "detail": issue.detail,
                    "stage": "extract",
                }
                for issue in issues
            ],
        )


def title_keys_are_plain(conn: psycopg.Connection) -> bool:
    """Whether ``pipeline.title_key`` may key plain titles here (the warehouse's lower() maps A-Z to a-z)."""
    return conn.execute(read_sql("queries/warehouse/title_key_is_plain.sql")).fetchone()[0]


def write_chunk(
    conn: psycopg.Connection,
    chunk: Chunk,
    labelled: Iterable[tuple[bytes, Sequence[int], Sequence[bytes]]],
    unkeyed: Sequence[int] = (),
) -> int:
    """Write one chunk of a load in one transaction, replacing an earlier attempt's rows: ``labelled`` yields
    batches of postings, each as (their core.postings COPY rows, joined; their posting ids; their source rows).
    The postings stream into ``core.postings`` by COPY; the source rows are compressed into blocks on the way and
    written to ``core.posting_texts`` after it (the chunk's compressed text, about a tenth of its size, is all that
    is held in memory). ``unkeyed``: the postings whose title_key the warehouse computes, once ``labelled`` is
    exhausted. Returns the number of postings."""
    params = chunk.params()
    writer = textstore.BlockWriter()
    blocks: list[textstore.Block] = []
    postings = 0
    with conn.transaction(), conn.cursor() as cursor:
        cursor.execute(read_sql("queries/warehouse/delete_chunk_postings.sql"), params)
        cursor.execute(read_sql("queries/warehouse/delete_chunk_texts.sql"), params)
        with cursor.copy(_COPY_POSTINGS_IN) as copy:
            for lines, posting_ids, rows in labelled:
                copy.write(lines)
                blocks += writer.add(posting_ids, rows)
                postings += len(rows)
        if block := writer.flush():
            blocks.append(block)
        if unkeyed:
            cursor.execute(
                read_sql("queries/warehouse/set_title_keys.sql"), {"load_id": chunk.load_id, "posting_ids": unkeyed}
            )
        cursor.executemany(
            read_sql("queries/warehouse/insert_posting_text.sql"),
            [
                {**params, "block": number, "layout_version": layout.VERSION, **asdict(block)}
                for number, block in enumerate(blocks)
            ],
        )
        cursor.execute(read_sql("queries/warehouse/record_load_chunk.sql"), {**params, "postings": postings})
    return postings


def stored_rows(conn: psycopg.Connection, load_id: int, first_id: int | None, end_id: int | None) -> Iterator[bytes]:
    """The source rows a load stored (core.posting_texts), for posting ids in [first_id, end_id), in id order."""
    # A server-side cursor, so a month of any size is read a few blocks at a time.
    with conn.transaction(), conn.cursor(name=f"stored_rows_{load_id}") as cursor:
        cursor.itersize = 8
        cursor.execute(
            read_sql("queries/warehouse/read_load_texts.sql"),
            {"load_id": load_id, "first_id": first_id, "end_id": end_id},
        )
        yield from _rows_between(textstore.rows(cursor), first_id, end_id)


def _rows_between(rows: Iterable[bytes], first_id: int | None, end_id: int | None) -> Iterator[bytes]:
    """The stored source rows with posting ids in [first_id, end_id): a block may run past a chunk's ends (blocks
    were cut when the load was written, chunks now)."""
    for row in rows:
        posting_id = int(row.split(b"\t", layout.ID_AT + 1)[layout.ID_AT])
        if (first_id is None or posting_id >= first_id) and (end_id is None or posting_id < end_id):
            yield row


def extracted_fingerprints(conn: psycopg.Connection, months: list[Month]) -> dict[Month, Fingerprint]:
    """The source fingerprint each month had when it was last loaded from the source (others are absent)."""
    rows = conn.execute(
        read_sql("queries/warehouse/month_extract_fingerprints.sql"), {"months": [m.first_day for m in months]}
    )
    return {Month.parse(month): Fingerprint(*values) for month, *values in rows}


def load_chunk_bounds(conn: psycopg.Connection, load_id: int, size: int) -> list[int]:
    """Where to cut a stored load into chunks of about ``size`` postings (first ids of all chunks but the first)."""
    return [
        row[0]
        for row in conn.execute(read_sql("queries/warehouse/load_chunk_bounds.sql"), {"load_id": load_id, "size": size})
    ]


def published_posting_ids(conn: psycopg.Connection, month: Month) -> set[int]:
    """The ids of the postings the month's published load holds (none when it was never published)."""
    rows = conn.execute(read_sql("queries/warehouse/published_posting_ids.sql"), {"month": month.first_day})
    return {row[0] for row in rows}


def left_posting_ids(conn: psycopg.Connection, month: Month) -> set[int]:
    """The ids of the postings recorded as having left the month for no month the warehouse counts them in."""
    rows = conn.execute(read_sql("queries/warehouse/left_posting_ids.sql"), {"month": month.first_day})
    return {row[0] for row in rows}


def published_loads(conn: psycopg.Connection, months: Sequence[Month]) -> dict[Month, int]:
    rows = conn.execute(read_sql("queries/warehouse/published_loads.sql"), {"months": [m.first_day for m in months]})
    return {Month.parse(month): load_id for month, load_id in rows}


@dataclass(frozen=True)
class ReconcileCounts:
    """A month in the warehouse, as the reconciliation counts it (``month_reconcile_counts.sql``)."""

    loaded: int
    repeated_ids: int
    rows_without_id: int
    reused_ids: int  # ids a posting of an earlier month carries: recorded, not loaded


def reconcile_counts(conn: psycopg.Connection, month: Month) -> ReconcileCounts:
    row = conn.execute(read_sql("queries/warehouse/month_reconcile_counts.sql"), {"month": month.first_day})
    return ReconcileCounts(*row.fetchone())


class LoadIncompleteError(RuntimeError):
    """A load is published only when every one of its chunks is written."""


def publish_load(conn: psycopg.Connection, load_id: int) -> None:
    """Make ``load_id`` its month's published load, in one transaction under the month's lock: the replaced
    versions are archived, the month's earlier loads and postings moved out of other months are deleted, the
    load's issues and the source fingerprint recorded."""
    status = conn.execute(read_sql("queries/warehouse/load_status.sql"), {"load_id": load_id}).fetchone()
    if status is None:
        raise LoadIncompleteError(f"load {load_id} does not exist (replaced by a later run of its month?)")
    month_day, origin, chunks, written, published, *fingerprint = status
    month = Month.parse(month_day)
    if written != chunks:
        raise LoadIncompleteError(f"load {load_id} of {month} has {written} of its {chunks} chunks written")
    params = {"month": month.first_day, "load_id": load_id}
    with month_transaction(conn, month) as cursor:
        kept_keywords = cursor.execute(read_sql("queries/warehouse/carry_over_versions.sql"), params).fetchone()[0]
        if kept_keywords:
            cursor.execute(
                read_sql("queries/warehouse/carry_over_keywords.sql"), {**params, "keyword_ids": kept_keywords}
            )
        cursor.execute(read_sql("queries/warehouse/archive_replaced_versions.sql"), params)
        cursor.execute(read_sql("queries/warehouse/point_month_at_load.sql"), params)
        cursor.execute(read_sql("queries/warehouse/delete_moved_postings.sql"), params)
        cursor.execute(read_sql("queries/warehouse/delete_replaced_loads.sql"), params)
        cursor.execute(read_sql("queries/warehouse/record_load_issues.sql"), params)
        if origin == "source":
            postings, max_updated_at, id_checksum = fingerprint
            cursor.execute(
                read_sql("queries/warehouse/record_month_extract.sql"),
                {
                    "month": month.first_day,
                    "postings": postings,
                    "max_updated_at": max_updated_at,
                    "id_checksum": id_checksum,
                },
            )


class NotTaggedError(ValueError):
    """Evidence asked for under a taxonomy version the load was not tagged under."""


def replace_evidence(
    conn: psycopg.Connection,
    chunk: Chunk,
    taxonomy_ids: Sequence[str],
    numbers: TaxonomyNumbers,
    evidence_of: Callable[[Iterable[tuple[int, bytes, list[int]]]], Iterable[tuple[list[bytes], bytes, int]]],
) -> int | None:
    """Replace the evidence of the chunk's postings under ``taxonomy_ids`` (core.match_evidence) in one
    transaction, holding the month's lock shared (the chunks of a month are collected at once; a publish waits
    for them). Only the postings the load tagged with one of ``numbers.keyword_ids`` are read again:
    ``evidence_of`` turns their (posting id, source row of the stored text without its newline, keyword ids) into
    each one's evidence (:class:`ai_job_share.labelling.evidence.PostingEvidence`: COPY text lines of its spans
    and of its match counts, and the matches they store); the text is read a few blocks at a time (server-side
    cursor) between the COPYs of their evidence. Returns the matches stored, or None when the chunk's load is not
    its month's published load (a later run replaced it and collects its own evidence). Raises NotTaggedError,
    writing nothing, when the load was not tagged under all of ``numbers``' taxonomy versions."""
    written = 0
    params = {
        **chunk.params(),
        "taxonomy_ids": list(taxonomy_ids),
        "keyword_ids": list(numbers.keyword_ids),
        "taxonomy_version_ids": list(numbers.taxonomy_version_ids),
    }
    with (
        month_transaction(conn, chunk.month, shared=True) as cursor,
        conn.cursor(name=f"evidence_{chunk.load_id}_{chunk.index}") as blocks,
    ):
        if published_loads(conn, [chunk.month]).get(chunk.month) != chunk.load_id:
            return None
        if not cursor.execute(read_sql("queries/warehouse/load_tagged_under.sql"), params).fetchone()[0]:
            raise NotTaggedError(
                f"load {chunk.load_id} of {chunk.month} was not tagged under every taxonomy asked for "
                f"({', '.join(taxonomy_ids)}): re-tag the month under them first"
            )
        cursor.execute(read_sql("queries/warehouse/delete_chunk_evidence.sql"), params)
        tagged = dict(cursor.execute(read_sql("queries/warehouse/chunk_keyword_hits.sql"), params).fetchall())
        if not tagged:
            return 0
        blocks.execute(read_sql("queries/warehouse/read_load_texts.sql"), params)
        while batch := blocks.fetchmany(_EVIDENCE_BLOCKS):
            spans: list[bytes] = []
            totals: list[bytes] = []
            for posting_spans, posting_totals, stored in evidence_of(_tagged_rows(textstore.lines(batch), tagged)):
                spans += posting_spans
                totals.append(posting_totals)
                written += stored
            if totals:
                with cursor.copy(read_sql("queries/warehouse/copy_evidence_spans_in.sql")) as copy:
                    copy.write(b"".join(spans))
                with cursor.copy(read_sql("queries/warehouse/copy_evidence_totals_in.sql")) as copy:
                    copy.write(b"".join(totals))
    return written


def _tagged_rows(rows: Iterable[bytes], tagged: dict[int, list[int]]) -> Iterator[tuple[int, bytes, list[int]]]:
    """(posting id, row, keyword ids) of the stored source rows (with or without their newline) of the postings in
    ``tagged`` (a block may hold others: untagged postings, or postings of another chunk)."""
    for row in rows:
        posting_id = int(row.split(b"\t", layout.ID_AT + 1)[layout.ID_AT])
        keyword_ids = tagged.get(posting_id)
        if keyword_ids is not None:
            yield posting_id, row, keyword_ids


@dataclass(frozen=True)
class ReportingRefresh:
    """What a refresh of the reporting layer did."""

    months: tuple[date, ...]  # the months (first days) whose per-month rows were recomputed
    full: bool  # every month rebuilt


#: Attempts of a refresh whose snapshot a concurrent refresh outdated while it waited for the lock.
_REFRESH_ATTEMPTS = 3


def refresh_reporting(conn: psycopg.Connection, *, full: bool = False) -> ReportingRefresh | None:
    """Refresh the reporting layer and the trend-break tables computed from it, unless a refresh that started after
    this call began already covers every load committed before it (then nothing is done: None).

    Incremental (docs/adr/0006-incremental-reporting-refresh.md): the per-month tables under the marts recompute only
    the months whose inputs changed since the last refresh (another published load, taxonomy versions or settings:
    ``reporting_month_inputs.sql``; postings changed in place: ``meta.reporting_stale_months``) and the later months
    their repost window reaches; the marts are then refreshed whole from those small tables. ``full`` rebuilds every
    month. One refresh at a time, in one REPEATABLE READ transaction: everything it publishes is computed from one
    snapshot, and readers see the previous figures until it commits. Needs an autocommit connection."""
    requested_at = conn.execute("SELECT clock_timestamp()").fetchone()[0]
    for attempt in range(1, _REFRESH_ATTEMPTS + 1):
        try:
            return _refresh_reporting_once(conn, requested_at, full=full)
        except psycopg.errors.SerializationFailure:
            # It waited for another refresh's lock with a snapshot taken before that refresh committed; the next
            # attempt sees it (and usually finds this call covered by it).
            if attempt == _REFRESH_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _refresh_reporting_once(conn: psycopg.Connection, requested_at, *, full: bool) -> ReportingRefresh | None:
    outermost = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    with conn.transaction(), conn.cursor() as cursor:
        if outermost:  # else part of the caller's transaction (a test's rolled-back one), at its isolation level
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute(read_sql("queries/warehouse/refresh_settings.sql"))
        _take_lock(cursor, "refresh_reporting")
        last = cursor.execute("SELECT last_started_at FROM meta.reporting_refresh").fetchone()
        if last is not None and last[0] > requested_at:
            return None
        cursor.execute(read_sql("queries/warehouse/refresh_started.sql"))
        inputs = dict(cursor.execute(read_sql("queries/warehouse/reporting_month_inputs.sql")).fetchall())
        recorded = dict(cursor.execute("SELECT month, inputs FROM meta.reporting_months").fetchall())
        noted = {row[0] for row in cursor.execute(read_sql("queries/warehouse/take_stale_reporting_months.sql"))}
        known = inputs.keys() | recorded.keys()
        if full:
            months = sorted(known | noted)
        else:
            changed = {month for month in known if inputs.get(month) != recorded.get(month)} | noted
            window = cursor.execute("SELECT repost_window_days FROM staging.reporting_settings").fetchone()[0]
            months = months_to_recompute(changed, known, window)
        for statement in reporting_refresh(full=full, tables=full or bool(months)):
            cursor.execute(statement, {"months": months} if "%(months)s" in statement else None)
        cursor.execute(
            read_sql("queries/warehouse/record_reporting_months.sql"),
            {"months": list(inputs), "inputs": list(inputs.values())},
        )
        # statsmodels is imported only by a refresh that runs (a backfill's other refresh tasks skip it)
        from ai_job_share.reporting.trend_break_tables import refresh_trend_breaks

        refresh_trend_breaks(conn)  # fitted to the views just refreshed
        return ReportingRefresh(tuple(months), full)


#: The tables the refresh fits the trend breaks into (``queries/reporting/replace_trend_breaks.sql``), after the views.
TREND_BREAK_TABLES = ("reporting.chatgpt_trend_break", "reporting.chatgpt_trend_break_placebo")


def refreshed_relations() -> list[str]:
    """What a refresh writes, in order: every per-month table and materialised view of ``sql/reporting``, then the
    trend-break tables (plain views are not written: they read what is)."""
    views = reporting_views(SQL_DIR / "reporting")
    return [*(view.name for view in views if view.kind != VIEW), *TREND_BREAK_TABLES]


def reporting_refresh(*, full: bool = True, tables: bool = True) -> list[str]:
    """The statements that refresh the reporting layer: fresh statistics for the tables under it
    (``analyze_for_refresh.sql``), then each per-month table (``full``: every month; else the months of the
    parameter ``months``; none unless ``tables``) and materialised view after the relations it reads."""
    views = reporting_views(SQL_DIR / "reporting")
    if not tables:
        views = [view for view in views if view.materialized]
    return [read_sql("queries/warehouse/analyze_for_refresh.sql"), *refresh_statements(views, full=full)]
