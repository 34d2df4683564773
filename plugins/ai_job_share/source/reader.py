"""Reading the job board's source database (only ever SELECT; the month's rows through COPY ... TO STDOUT), through
a source mapping (:mod:`ai_job_share.source.mapping`; the built-in contract by default)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import psycopg
from psycopg import sql

from ai_job_share import layout, limits
from ai_job_share.months import KST, Month
from ai_job_share.source.mapping import DEFAULT_MAPPING, SourceMapping, configured_mapping
from ai_job_share.sql_files import read_sql

#: The built-in source contract's posting columns (sql/source/*.sql, job_board.postings): the layout's source
#: fields but the company's size, which job_board.companies holds.
POSTING_COLUMNS = tuple(field.name for field in layout.SOURCE_FIELDS if field.name != "company_employee_count")


@dataclass(frozen=True)
class Fingerprint:
    """What a month looks like in the source; any change means postings were added, removed, edited or moved."""

    postings: int
    max_updated_at: datetime | None
    id_checksum: Decimal


#: The issue reason of an id several source rows of a month share.
DUPLICATE_ID = "duplicate_id"
#: The issue reason of a posting whose updated_at is outside the sane window (``limits.timestamp_window``).
TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range"
#: The issue reason of a source row without an id (recorded by what identifies it, not read).
NO_ID = "no_id"
#: The issue reason of a posting that left a published month for no month the warehouse counts it in (re-dated into
#: a month never loaded, or gone from the source).
LEFT_MONTH = "left_month"
#: The issue reason of an id that postings of several months carry: the month that published it first keeps it
#: (action kept), the others' rows are not read (excluded).
ID_REUSED = "id_reused"


@dataclass(frozen=True)
class PostingIssue:
    month: Month | None
    posting_id: int | None  # None: a row without an id (the detail identifies it)
    reason: str
    action: str  # "excluded" (not counted) or "kept" (counted, with a caveat)
    detail: str


#: The columns of a row of ``extract_month.sql`` (COPY text format, tab-separated), in order: the layout's.
ROW_COLUMNS = layout.ROW_COLUMNS
SECTIONS_AT = layout.SECTIONS_AT
_HEAD_CUTS = SECTIONS_AT + 1  # the fields up to the first section, and the title
_TAIL_CUTS = len(ROW_COLUMNS) - SECTIONS_AT - len(layout.SECTIONS)  # the fields after the last section
#: The position of each column in :func:`small_fields`.
SMALL_FIELDS = {
    name: position
    for position, name in enumerate(ROW_COLUMNS[:_HEAD_CUTS] + ROW_COLUMNS[len(ROW_COLUMNS) - _TAIL_CUTS :])
}


def small_fields(row: bytes) -> list[bytes]:
    """A row's fields (still escaped), but the sections after the title: the row is cut only around them, as the
    labeller reads them in place (``Labeller.label_row``). Positions as :data:`SMALL_FIELDS` says."""
    fields = row.split(b"\t", _HEAD_CUTS)
    fields[-1:] = row.rsplit(b"\t", _TAIL_CUTS)[1:]
    fields[-1] = fields[-1].removesuffix(b"\n")
    return fields


@dataclass(frozen=True)
class Source:
    """A source mapping bound to a database: the queries of ``sql/queries/source`` read the board through it."""

    mapping: SourceMapping
    has_row_ids: bool

    def query(self, name: str) -> sql.Composable:
        """``sql/queries/source/<name>.sql`` with its ``{postings}`` (the mapped SELECT) and ``{fields}`` filled."""
        fields = sql.SQL(", ").join(sql.Identifier("p", field.name) for field in layout.SOURCE_FIELDS)
        postings = sql.SQL(self.mapping.postings_sql(row_ids=self.has_row_ids))
        return sql.SQL(read_sql(f"queries/source/{name}.sql")).format(postings=postings, fields=fields)


def open_source(conn: psycopg.Connection, mapping: SourceMapping | None = None, *, validate: bool = False) -> Source:
    """``mapping`` (default: the built-in contract) bound to ``conn``. With ``validate``, everything the mapping
    names is checked first - relations, columns, expressions and their types - and the first misfit raises a
    SourceMappingError naming the mapping file and the field; nothing is read from the postings."""
    mapping = mapping or configured_mapping(DEFAULT_MAPPING)
    row = conn.execute(read_sql("queries/source/mapping_relation.sql"), {"relation": mapping.relation_name}).fetchone()
    if row is None:
        raise mapping.fail("relation", f"{mapping.relation_name} does not exist (or {_user(conn)} cannot see it)")
    has_row_ids, columns = row
    source = Source(mapping, has_row_ids)
    if validate:
        _validate(conn, source, columns or [])
    return source


def _user(conn: psycopg.Connection) -> str:
    return conn.execute("SELECT current_user").fetchone()[0]


#: The database types each layout type accepts from a mapping (by pg_type.typname).
_ACCEPTED = {
    "bigint": {"int2", "int4", "int8"},
    "integer": {"int2", "int4", "int8"},
    "smallint": {"int2", "int4", "int8"},
    "text": {"text", "varchar", "bpchar", "name", "citext", "unknown"},
    "timestamptz": {"timestamptz"},
    "date": {"date"},
}
_HINTS = {
    "timestamp": "a timestamp without time zone is ambiguous: say which zone, "
    "e.g. expression = \"p.col AT TIME ZONE 'UTC'\"",
    "json": "take the text out, e.g. expression = \"p.col ->> 'key'\"",
    "jsonb": "take the text out, e.g. expression = \"p.col ->> 'key'\"",
}


def _validate(conn: psycopg.Connection, source: Source, columns: list[str]) -> None:
    mapping = source.mapping
    with conn.transaction(), conn.cursor() as cursor:
        cursor.execute("SET TRANSACTION READ ONLY")
        for index, join in enumerate(mapping.joins):
            found = cursor.execute("SELECT to_regclass(%s)", (".".join(join.relation),)).fetchone()[0]
            if found is None:
                raise mapping.fail(f"joins[{index}].relation", f"{'.'.join(join.relation)} does not exist")
        for name, field in mapping.fields.items():
            if field.kind == "column" and field.value not in columns:
                raise mapping.fail(
                    f"fields.{name}",
                    f"column {field.value!r} is not in {mapping.relation_name} (its columns: {', '.join(columns)})",
                )
        try:
            cursor.execute(sql.SQL("SELECT 1 FROM {} LIMIT 0").format(mapping.from_clause()))
        except psycopg.Error as error:
            raise mapping.fail("joins", _first_line(error)) from None
    for name, field in mapping.fields.items():
        value = {
            "column": sql.Identifier("p", str(field.value)),
            "expression": sql.SQL(str(field.value)),
            "constant": mapping.field_sql(name),
        }[field.kind]
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
            try:
                cursor.execute(sql.SQL("SELECT {} FROM {} LIMIT 0").format(value, mapping.from_clause()))
            except psycopg.Error as error:
                raise mapping.fail(f"fields.{name}", _first_line(error)) from None
            type_oid = cursor.description[0].type_code
            type_name = cursor.execute("SELECT typname FROM pg_type WHERE oid = %s", (type_oid,)).fetchone()[0]
        wanted = layout.BY_NAME[name].pg_type
        if type_name not in _ACCEPTED[wanted]:
            hint = _HINTS.get(type_name, f'convert it in an expression, e.g. expression = "({field.value})::{wanted}"')
            raise mapping.fail(f"fields.{name}", f"gives {type_name}, where the layout wants {wanted}: {hint}")


def _first_line(error: psycopg.Error) -> str:
    return str(error).strip().splitlines()[0]


def _window(month: Month) -> dict:
    """The month's parameters, and the sane window of timestamps (``limits.timestamp_window``)."""
    timestamps_from, timestamps_until = limits.timestamp_window()
    return {
        "month": month.first_day,
        "start": month.start,
        "end": month.end,
        "timestamps_from": timestamps_from,
        "timestamps_until": timestamps_until,
    }


def extract_params(
    month: Month,
    first_id: int | None = None,
    end_id: int | None = None,
    duplicate_ids: Sequence[int] = (),
    reused_ids: Sequence[int] = (),
) -> dict:
    """The parameters of ``extract_month.sql``: the whole month by default."""
    return {
        **_window(month),
        "first_id": first_id,
        "end_id": end_id,
        "duplicate_ids": list(duplicate_ids),
        "reused_ids": list(reused_ids),
    }


def stream_rows(
    conn: psycopg.Connection,
    month: Month,
    first_id: int | None,
    end_id: int | None,
    duplicate_ids: Sequence[int] = (),
    source: Source | None = None,
    reused_ids: Sequence[int] = (),
) -> Iterator[bytes]:
    """The month's postings with ids in [first_id, end_id) (``None``: unbounded), one COPY text row (columns
    ``ROW_COLUMNS``, ending in a newline) at a time, in no particular order; of an id in ``duplicate_ids`` only
    the row updated last, of an id in ``reused_ids`` (a posting of an earlier month carries it) none. Memory stays
    bounded: rows are yielded as the server sends them."""
    params = extract_params(month, first_id, end_id, duplicate_ids, reused_ids)
    query = (source or open_source(conn)).query("extract_month")
    with conn.cursor() as cursor, cursor.copy(query, params) as copy:
        for block in copy:
            yield bytes(block)  # COPY TO sends one row per message (the protocol says so)


@dataclass(frozen=True)
class MonthOutline:
    """A month's fingerprint, the lowest and highest of its posting ids (None when it has none) and how many of its
    postings have an updated_at outside the sane window (``limits.timestamp_window``)."""

    fingerprint: Fingerprint
    first_id: int | None
    last_id: int | None
    out_of_range_timestamps: int = 0

    def chunk_cuts(self, size: int) -> list[int]:
        """Where to cut the month into chunks of about ``size`` postings: the first id of every chunk but the first.

        The id range is cut evenly (as a JDBC partitioned read does), so no sort of the month is needed; chunks
        hold about ``size`` postings where ids are spread evenly over the month, as a board's sequence makes them.
        """
        if size < 1:
            raise ValueError(f"chunk size must be at least 1, got {size}")
        chunks = -(-self.fingerprint.postings // size)
        if chunks < 2 or self.first_id is None or self.last_id is None:
            return []
        span = self.last_id - self.first_id + 1
        return sorted({self.first_id + span * k // chunks for k in range(1, chunks)} - {self.first_id})


def month_outline(conn: psycopg.Connection, month: Month, source: Source | None = None) -> MonthOutline:
    postings, max_updated_at, id_checksum, first_id, last_id, out_of_range = conn.execute(
        (source or open_source(conn)).query("month_outline"), _window(month)
    ).fetchone()
    return MonthOutline(Fingerprint(postings, max_updated_at, id_checksum), first_id, last_id, out_of_range)


def month_fingerprint(conn: psycopg.Connection, month: Month, source: Source | None = None) -> Fingerprint:
    row = conn.execute((source or open_source(conn)).query("month_fingerprint"), _window(month)).fetchone()
    return Fingerprint(*row)


def month_ids(conn: psycopg.Connection, month: Month, source: Source | None = None) -> set[int]:
    """The ids of the month's postings in the source now."""
    return {row[0] for row in conn.execute((source or open_source(conn)).query("month_ids"), _window(month))}


def publication_months(
    conn: psycopg.Connection, ids: Sequence[int], source: Source | None = None
) -> list[tuple[int, Month]]:
    """(id, month) of the rows with these ids, by the month each is published in now (an id absent: no longer in
    the source, or of no month)."""
    params = {"ids": list(ids), "timestamps_from": limits.timestamp_window()[0]}
    rows = conn.execute((source or open_source(conn)).query("posting_publication"), params)
    return [(posting_id, Month.containing(published_at)) for posting_id, published_at in rows]


@dataclass(frozen=True)
class ReconcileCounts:
    """A month in the source, as the reconciliation counts it (``month_reconcile_counts.sql``)."""

    source_rows: int
    distinct_ids: int
    rows_without_id: int
    repeated_ids: int


def reconcile_counts(conn: psycopg.Connection, month: Month, source: Source | None = None) -> ReconcileCounts:
    row = conn.execute((source or open_source(conn)).query("month_reconcile_counts"), _window(month)).fetchone()
    return ReconcileCounts(*row)


def ids_may_repeat(conn: psycopg.Connection, source: Source) -> bool:
    """Whether the board may hold an id twice: no primary key or unique index on its id column alone rules it out."""
    id_column = source.mapping.id_column()
    if id_column is None:
        return True
    params = {"relation": source.mapping.relation_name, "id_column": id_column}
    return not conn.execute(read_sql("queries/source/ids_are_unique.sql"), params).fetchone()[0]


def reused_ids(conn: psycopg.Connection, month: Month, source: Source) -> list[tuple[int, bool, list[Month]]]:
    """(id, whether ``month`` published it first, the other months carrying it) of each id of the month that a
    posting of another month also carries (``reused_ids.sql``)."""
    rows = conn.execute(source.query("reused_ids"), _window(month))
    return [(posting_id, first, sorted(map(Month.parse, others))) for posting_id, first, others in rows]


def _reused_id_issue(month: Month, posting_id: int, published_first: bool, others: list[Month]) -> PostingIssue:
    months = ", ".join(map(str, others))
    if published_first:
        detail = (
            f"id {posting_id} of this posting of {month} is also the id of a posting of {months}, published later, "
            "which is not counted: ids must be unique across the source"
        )
        return PostingIssue(month, posting_id, ID_REUSED, "kept", detail)
    detail = (
        f"id {posting_id} is already the id of a posting of {months}, published earlier, which keeps it: this "
        f"posting of {month} is not counted; ids must be unique across the source"
    )
    return PostingIssue(month, posting_id, ID_REUSED, "excluded", detail)


def month_issues(
    conn: psycopg.Connection, month: Month, source: Source | None = None, outline: MonthOutline | None = None
) -> list[PostingIssue]:
    """Source defects found while extracting ``month``: repeated ids in it and ids a posting of another month
    carries too (both looked for only where no unique index on the id column rules them out), rows without an id
    (excluded), postings of no month at all, and postings
    whose updated_at is outside the sane window (kept, with the value; not looked for when ``outline``, read in
    the same snapshot, counts none). Repeated ids end the run with a SourceMappingError unless the mapping keeps
    the last updated row (the built-in contract does)."""
    source = source or open_source(conn)
    mapping = source.mapping
    issues = []
    if ids_may_repeat(conn, source):
        repeated = conn.execute(source.query("month_duplicates"), _window(month)).fetchall()
        if repeated and mapping.duplicate_ids == "fail":
            shown = ", ".join(f"{posting_id} ({count} rows)" for posting_id, count in repeated[:5])
            raise mapping.fail(
                "fields.id",
                f"{len(repeated)} id(s) occur more than once in {month}: {shown}; map a unique id, or set "
                'duplicate_ids = "keep_last_updated" to read the row updated last',
            )
        issues += [
            PostingIssue(
                month, posting_id, DUPLICATE_ID, "kept", f"{count} rows share this id; the last updated is used"
            )
            for posting_id, count in repeated
        ]
        issues += [_reused_id_issue(month, *reused) for reused in reused_ids(conn, month, source)]
    issues += [
        PostingIssue(None, posting_id, reason, "excluded", f"published_at = {published_at}")
        for posting_id, reason, published_at in conn.execute(source.query("undated_postings"))
    ]
    issues += [
        PostingIssue(
            month,
            None,
            NO_ID,
            "excluded",
            f"a row without an id, not read: published_at {published_at.astimezone(KST).isoformat(' ')}, "
            f"company {company_id}, title {title!r}, updated_at {updated_at}",
        )
        for published_at, company_id, title, updated_at in conn.execute(source.query("rows_without_id"), _window(month))
    ]
    if outline is None or outline.out_of_range_timestamps:
        issues += [
            PostingIssue(month, posting_id, TIMESTAMP_OUT_OF_RANGE, "kept", detail)
            for posting_id, detail in conn.execute(source.query("out_of_range_timestamps"), _window(month))
        ]
    return issues
