"""``ai-job-share import FILE``: load postings from a CSV or JSON Lines export into the source database.

Two halves. Reading and validating is pure (bytes in, :class:`Posting` or :class:`Rejected` out, no database):
:func:`open_postings` checks the file and its header up front (:class:`ImportFileError`, nothing loaded), then
yields one result per record. Writing is :func:`load_postings`: in ONE transaction the valid postings are copied
(``COPY ... FROM STDIN``) into a temporary table and merged into ``job_board.companies`` and
``job_board.postings`` with ``INSERT ... ON CONFLICT (id) DO UPDATE``; if the database refuses anything, nothing
is loaded. :func:`run_import` ties them together and writes the rejected-rows report.

Rules (docs/importing.md says the same):

* columns / keys: the contract's posting columns (the text sections of the posting layout, ``body`` included, for
  a description that is not split into sections) plus ``company_name`` and ``company_employee_count``; ``--map
  source=contract`` renames a file's column. Any other column ends the import before anything is loaded, naming
  it and the known ones, unless ``--ignore-columns`` names it: no text is dropped silently. Required: ``id``,
  ``company_id``, ``job_group``, ``published_at``.
* an empty value (an empty CSV field, JSON ``null`` or ``""``) means "not given": text becomes NULL, ``status``
  becomes ``open``, ``updated_at`` is the import time for a new or changed posting and left alone otherwise.
* timestamps are ISO 8601; one without a UTC offset is Korea time (Asia/Seoul) and counted in the summary; one
  outside the sane window (``AI_JOB_SHARE_TIMESTAMP_WINDOW``, default 1990 through ten years ahead) is refused.
* a value is at most :data:`MAX_FIELD_CHARS` characters, in CSV and JSON Lines alike; a JSON line nested too deeply
  or holding a number too large is refused with a reason, and the other lines still load.
* the file is UTF-8 unless ``encoding`` says otherwise (``--encoding cp949`` for Korean Windows exports); a file
  that is not UTF-8 but reads as CP949 is refused naming the option.
* the same id on several lines: the last valid line wins, the earlier ones are "superseded" (not errors).
* a company id not in ``job_board.companies``: a line's ``company_name`` (and ``company_employee_count``) adds or
  updates it; without any, a placeholder named ``company <id>`` is added.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import psycopg

from ai_job_share import limits
from ai_job_share.layout import SECTIONS
from ai_job_share.months import KST
from ai_job_share.source.reader import POSTING_COLUMNS
from ai_job_share.sql_files import read_sql

COMPANY_COLUMNS = ("company_name", "company_employee_count")
KNOWN_COLUMNS = POSTING_COLUMNS + COMPANY_COLUMNS
_KNOWN = frozenset(KNOWN_COLUMNS)
REQUIRED_COLUMNS = ("id", "company_id", "job_group", "published_at")
STATUSES = ("open", "closed", "deleted")
#: file name extension → format
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
REPORT_COLUMNS = ("line", "id", "reason", "raw")

_TEXT_COLUMNS = ("job_group", "job_role", *SECTIONS)
_STRIPPED_COLUMNS = ("job_group", "job_role", "company_name")  # labels, not prose: surrounding spaces dropped
_INTEGER = re.compile(r"[+-]?[0-9]+")
_BIGINT = (-(2**63), 2**63 - 1)
_YEARS = (0, 2**15 - 1)  # smallint, and no negative experience
_EMPLOYEES = (0, 2**31 - 1)  # integer, CHECK (employee_count >= 0)
_SURROGATE = re.compile("[\ud800-\udfff]")
#: The longest value read, in characters, in CSV and JSON Lines alike (the csv module's default is 131,072).
MAX_FIELD_CHARS = 10_000_000
#: What a Korean export that is not UTF-8 usually is; named in the messages about invalid UTF-8.
KOREAN_LEGACY_ENCODING = "cp949"


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (unreadable, unknown format, bad header); nothing was loaded."""


class ImportRefused(ValueError):
    """The database refused the import; the transaction was rolled back and nothing was loaded."""


class RowError(ValueError):
    """One record is invalid; the message is the reason written to the report."""


@dataclass(frozen=True)
class Posting:
    """A valid record: the values to load, timestamps time-zone aware."""

    line: int
    id: int
    company_id: int
    job_group: str
    job_role: str | None
    title: str | None
    intro: str | None
    main_tasks: str | None
    requirements: str | None
    preferred: str | None
    benefits: str | None
    body: str | None
    required_years_min: int | None
    required_years_max: int | None
    published_at: datetime
    updated_at: datetime | None  # None: not given (set at import time if the posting is new or changed)
    status: str
    company_name: str | None
    company_employee_count: int | None
    naive_timestamps: int = 0  # how many of published_at / updated_at had no offset and were taken as KST


@dataclass(frozen=True)
class Rejected:
    line: int  # the physical line the record starts on (the CSV header is line 1)
    id: str | None  # the id as written in the file, when there is one
    reason: str
    raw: str  # the record as read (invalid bytes as \xNN escapes)


@dataclass
class ReadStats:
    """What reading found; filled in while the postings are iterated."""

    read: int = 0  # records (CSV rows after the header, non-blank JSON lines)
    valid: int = 0
    rejected: int = 0
    naive_timestamps: int = 0
    superseded: int = 0  # valid lines replaced by a later valid line with the same id
    superseded_examples: list[tuple[int, int, int]] = field(default_factory=list)  # (id, earlier line, later line)
    ignored_columns: set[str] = field(default_factory=set)

    @property
    def distinct(self) -> int:
        """The postings the file contributes: valid lines less the superseded ones."""
        return self.valid - self.superseded


# --- validating one record (pure) -------------------------------------------------------------------------------


def validate_posting(
    fields: Mapping[str, object], line: int, window: tuple[datetime, datetime] | None = None
) -> Posting:
    """A :class:`Posting` from one record's values (CSV strings, or JSON values), or :class:`RowError` naming every
    problem found, e.g. ``published_at: not an ISO 8601 date/time: '2022/01/05'``. ``window``: the timestamps
    accepted, [first, end) (default :func:`ai_job_share.limits.timestamp_window`)."""
    window = window or limits.timestamp_window()
    problems: list[str] = []
    values: dict[str, object] = {}
    naive = 0

    def check(column: str, convert) -> None:
        try:
            values[column] = convert(column, fields.get(column))
        except RowError as error:
            problems.append(f"{column}: {error}")

    for column in KNOWN_COLUMNS:
        value = fields.get(column)
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            problems.append(f"{column}: too long ({len(value):,} characters; at most {MAX_FIELD_CHARS:,})")
        elif isinstance(value, str) and "\x00" in value:
            problems.append(f"{column}: contains a NUL character, which PostgreSQL text cannot store")
        elif isinstance(value, str) and _SURROGATE.search(value):
            problems.append(f"{column}: contains an unpaired surrogate (\\ud800-\\udfff), which is not valid Unicode")
    if problems:
        raise RowError("; ".join(problems))

    missing = [column for column in REQUIRED_COLUMNS if _is_empty(fields.get(column))]
    if missing:
        problems.append(f"missing required value{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")

    check("id", lambda c, v: _integer(v, _BIGINT))
    check("company_id", lambda c, v: _integer(v, _BIGINT))
    for column in _TEXT_COLUMNS + ("company_name",):
        check(column, _text)
    check("required_years_min", lambda c, v: _integer(v, _YEARS))
    check("required_years_max", lambda c, v: _integer(v, _YEARS))
    check("company_employee_count", lambda c, v: _integer(v, _EMPLOYEES))
    for column in ("published_at", "updated_at"):
        try:
            moment, was_naive = _timestamp(fields.get(column), window)
            values[column] = moment
            naive += was_naive
        except RowError as error:
            problems.append(f"{column}: {error}")
    check("status", lambda c, v: _status(v))

    low, high = values.get("required_years_min"), values.get("required_years_max")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        problems.append(f"required_years_min ({low}) is greater than required_years_max ({high})")
    if values.get("company_employee_count") is not None and "company_name" in values and not values["company_name"]:
        problems.append("company_employee_count is given without company_name (a company needs a name)")
    if problems:
        raise RowError("; ".join(problems))
    return Posting(line=line, naive_timestamps=naive, **values)  # type: ignore[arg-type]


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _integer(value: object, bounds: tuple[int, int]) -> int | None:
    if _is_empty(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RowError(f"not an integer: {_show(value)}")
    if isinstance(value, str):
        if not _INTEGER.fullmatch(value.strip()):
            raise RowError(f"not an integer: {_show(value)}")
        value = int(value.strip())
    low, high = bounds
    if not low <= value <= high:
        raise RowError(f"{value} is out of range ({low}..{high})")
    return value


def _text(column: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowError(f"must be a string, got {_json_type(value)} {_show(value)}")
    if column in _STRIPPED_COLUMNS:
        value = value.strip()
    return value or None


def _timestamp(value: object, window: tuple[datetime, datetime]) -> tuple[datetime | None, bool]:
    if _is_empty(value):
        return None, False
    if not isinstance(value, str):
        raise RowError(f"must be an ISO 8601 date/time string, got {_json_type(value)} {_show(value)}")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise RowError(f"not an ISO 8601 date/time: {_show(value)}") from None
    naive = moment.tzinfo is None
    if naive:
        moment = moment.replace(tzinfo=KST)
    first, end = window
    try:
        inside = first <= moment < end
    except OverflowError:  # year 1 or 9999 with an offset that leaves the range of datetime in UTC
        inside = False
    if not inside:
        raise RowError(
            f"{_show(value)} is outside the accepted window {first:%Y-%m-%d} .. {end:%Y-%m-%d} (UTC; the setting "
            f"{limits.TIMESTAMP_WINDOW_ENV} changes it)"
        )
    return moment, naive


def _status(value: object) -> str:
    if _is_empty(value):
        return "open"
    if not isinstance(value, str) or value.strip().lower() not in STATUSES:
        raise RowError(f"unknown status {_show(value)} (expected open, closed or deleted; empty means open)")
    return value.strip().lower()


def _show(value: object) -> str:
    try:
        text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    except (RecursionError, ValueError):  # nested too deeply, or a number too large to print
        text = f"(a {_json_type(value)})"
    return text if len(text) <= 80 else text[:77] + "..."


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _raw_id(fields: Mapping[str, object]) -> str | None:
    value = fields.get("id")
    if _is_empty(value):
        return None
    text = value.strip() if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return _printable(text)[:100]


def _printable(text: str) -> str:
    """``text`` for the report: invalid bytes (surrogate escapes) as ``\\xNN``, NUL as ``\\x00``."""
    return _SURROGATE.sub(_escape_surrogate, text).replace("\x00", "\\x00")


def _escape_surrogate(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


# --- reading a file (pure: bytes in, results out) ---------------------------------------------------------------


class _Lines:
    """Physical lines (split at ``\\n``) of a byte stream, each decoded as UTF-8 on its own, so that one bad line
    is one rejected record. Invalid bytes are kept as surrogate escapes and remembered by line number."""

    def __init__(self, chunks: Iterable[bytes], encoding: str = "utf-8") -> None:
        self._chunks = iter(chunks)
        self.encoding = encoding
        self.label = encoding.upper().replace("_", "-")  # for messages: UTF-8, CP949, EUC-KR
        self.number = 0  # lines read so far
        self._start = 1
        self._buffer: list[str] = []
        self._bad: str | None = None

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        chunk = next(self._chunks)
        self.number += 1
        if self.number == 1 and self.encoding == "utf-8" and chunk.startswith(codecs.BOM_UTF8):
            chunk = chunk[len(codecs.BOM_UTF8) :]
        try:
            text = chunk.decode(self.encoding)
        except UnicodeDecodeError as error:
            text = chunk.decode(self.encoding, "surrogateescape")
            if self._bad is None:
                bad_bytes = chunk[error.start : error.end]
                self._bad = f"invalid {self.label} on line {self.number} (byte {error.start + 1}: {bad_bytes!r})"
                if self.encoding == "utf-8" and _reads_as(chunk, KOREAN_LEGACY_ENCODING):
                    self._bad += (
                        f"; it reads as CP949 (EUC-KR): if the file is, pass --encoding {KOREAN_LEGACY_ENCODING}"
                    )
        self._buffer.append(text)
        return text

    def take(self) -> tuple[int, str, str | None]:
        """The record just read: its first line number, its raw text and the first invalid-UTF-8 message."""
        record = (self._start, "".join(self._buffer).rstrip("\r\n"), self._bad)
        self._start, self._buffer, self._bad = self.number + 1, [], None
        return record


def _reads_as(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _checked_encoding(encoding: str) -> str:
    """The codec's canonical name; only encodings where a newline is the byte 0x0A (lines are split on bytes)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ImportFileError(f"unknown encoding {encoding!r} (e.g. utf-8, cp949, euc-kr)") from None
    if "\n".encode(name) != b"\n" or name.startswith(("utf-16", "utf-32")):
        raise ImportFileError(f"encoding {encoding!r} is not supported: save the file as UTF-8")
    return "utf-8" if name == "utf-8" else name


def parse_column_map(text: str | None) -> dict[str, str]:
    """``--map source=contract,...`` as {file column: contract column}; refused unless each target is known."""
    renames: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        source, _, target = (side.strip().lower() for side in item.partition("="))
        if not source or not target:
            raise ImportFileError(f"--map: {item!r} is not source=contract")
        if target not in KNOWN_COLUMNS:
            raise ImportFileError(f"--map: {target!r} is not a known column (known: {', '.join(KNOWN_COLUMNS)})")
        if source in renames:
            raise ImportFileError(f"--map: {source!r} is mapped twice")
        renames[source] = target
    targets = list(renames.values())
    twice = sorted({target for target in targets if targets.count(target) > 1})
    if twice:
        raise ImportFileError(f"--map: several columns are mapped to {', '.join(twice)}")
    return renames


def parse_column_list(text: str | None) -> frozenset[str]:
    """``--ignore-columns a,b`` as a set of column names (``''`` names a column without a name)."""
    names = (part.strip().lower() for part in (text or "").split(","))
    return frozenset("" if name in ("''", '""') else name for name in names if name)


class PostingSource:
    """One file's records, validated. Construction checks the file (format, readable, CSV header); iterating
    yields a :class:`Posting` or :class:`Rejected` per record and fills :attr:`stats`. ``renames``: file column ->
    contract column (``--map``); ``ignore``: columns of the file deliberately left out (``--ignore-columns``);
    any other unknown column raises :class:`ImportFileError` (for JSON Lines, on the first line that has one,
    which ends the import before its transaction commits)."""

    def __init__(
        self,
        chunks: Iterable[bytes],
        fmt: str,
        name: str = "<input>",
        encoding: str = "utf-8",
        *,
        renames: Mapping[str, str] | None = None,
        ignore: frozenset[str] = frozenset(),
    ) -> None:
        if fmt not in ("csv", "jsonl"):
            raise ImportFileError(f"unknown format {fmt!r} (expected csv or jsonl)")
        self.format = fmt
        self.name = name
        self._renames = dict(renames or {})
        self._ignore = ignore
        self.stats = ReadStats()
        self.window = limits.timestamp_window()
        self._lines = _Lines(chunks, _checked_encoding(encoding))
        self._seen: dict[int, int] = {}  # id → line of its latest valid record
        self._header: list[str] = []
        self._unnamed: list[int] = []
        self._csv = None
        if fmt == "csv":
            csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARS + 1))  # the same limit as JSON Lines
            self._csv = csv.reader(self._lines, strict=True)
            self._header = self._read_header()

    @property
    def columns(self) -> list[str]:
        """The CSV header's column names (normalized); empty for JSON Lines."""
        return list(self._header)

    def __iter__(self) -> Iterator[Posting | Rejected]:
        records = self._csv_records() if self.format == "csv" else self._jsonl_records()
        for result in records:
            if isinstance(result, Rejected):
                self.stats.rejected += 1
            else:
                self.stats.valid += 1
                self.stats.naive_timestamps += result.naive_timestamps
                earlier = self._seen.get(result.id)
                if earlier is not None:
                    self.stats.superseded += 1
                    if len(self.stats.superseded_examples) < 5:
                        self.stats.superseded_examples.append((result.id, earlier, result.line))
                self._seen[result.id] = result.line
            yield result

    def _read_header(self) -> list[str]:
        assert self._csv is not None
        while True:
            try:
                row = next(self._csv)
            except StopIteration:
                raise ImportFileError(f"{self.name} is empty: expected a header line naming the columns") from None
            except csv.Error as error:
                raise ImportFileError(f"{self.name}: the header (line 1) is not valid CSV: {error}") from None
            line, _raw, bad = self._lines.take()
            if row:
                break
        if bad:
            raise ImportFileError(f"{self.name}: the header is not valid {self._lines.label}: {bad}")
        header = [self._renames.get(name, name) for name in (name.strip().lower() for name in row)]
        if any("\x00" in name for name in header):
            raise ImportFileError(f"{self.name}: the header (line {line}) contains a NUL character")
        duplicated = sorted({name for name in header if name and header.count(name) > 1})
        if duplicated:
            raise ImportFileError(f"{self.name}: the header names {', '.join(duplicated)} more than once")
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise ImportFileError(
                f"{self.name}: missing required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} (required: {', '.join(REQUIRED_COLUMNS)}; the header has: "
                f"{', '.join(header) or 'nothing'}); nothing was loaded"
            )
        # A column without a name (a spreadsheet's trailing separator) may stay, as long as it holds nothing.
        self._unnamed = [index for index, name in enumerate(header) if not name]
        self._check_columns(name for name in header if name)
        return header

    def _check_columns(self, names: Iterable[str], where: str = "the header") -> None:
        """Refuse columns the contract does not know and ``--ignore-columns`` does not name; note the ignored."""
        names = [name for name in names if name not in KNOWN_COLUMNS]
        unknown = sorted({name for name in names if name not in self._ignore})
        if unknown:
            raise ImportFileError(
                f"{self.name}: {where} has column{'s' if len(unknown) > 1 else ''} the source contract does not know: "
                f"{', '.join(unknown)}; known columns: {', '.join(KNOWN_COLUMNS)}. Rename with --map "
                f"{unknown[0]}=<known column> (e.g. --map {unknown[0]}=body for a free-text description), or leave "
                f"out on purpose with --ignore-columns {','.join(unknown)}; nothing was loaded"
            )
        self.stats.ignored_columns.update(names)

    def _csv_records(self) -> Iterator[Posting | Rejected]:
        assert self._csv is not None
        width = len(self._header)
        while True:
            try:
                row = next(self._csv)
                error = None
            except StopIteration:
                return
            except csv.Error as csv_error:
                row, error = None, str(csv_error)
            line, raw, bad = self._lines.take()
            if error is None and not any(value.strip() for value in row):
                continue  # a blank line, or one of only separators (spreadsheets add those)
            self.stats.read += 1
            if bad:
                yield Rejected(line, None, bad, _printable(raw))
            elif error is not None:
                if error == "unexpected end of data":
                    error = "a quoted field is never closed (it runs to the end of the file)"
                yield Rejected(line, None, f"malformed CSV: {error}", _printable(raw))
            elif len(row) != width:
                fields = dict(zip(self._header, row, strict=False))
                spans = f" (the record spans lines {line}-{self._lines.number}: an unbalanced quote?)"
                yield Rejected(
                    line,
                    _raw_id(fields),
                    f"wrong number of fields: expected {width}, found {len(row)}"
                    + (spans if self._lines.number > line else ""),
                    _printable(raw),
                )
            else:
                if any(row[index].strip() for index in self._unnamed) and "" not in self._ignore:
                    raise ImportFileError(
                        f"{self.name}: line {line} has a value in a column without a name; name the column (and "
                        "--map it) or leave it out on purpose with --ignore-columns ''; nothing was loaded"
                    )
                fields = {name: value for name, value in zip(self._header, row, strict=True) if name in KNOWN_COLUMNS}
                yield _validated(fields, line, raw, self.window)

    def _jsonl_records(self) -> Iterator[Posting | Rejected]:
        for _text_line in self._lines:
            line, raw, bad = self._lines.take()
            if not raw.strip():
                continue
            self.stats.read += 1
            if bad:
                yield Rejected(line, None, bad, _printable(raw))
                continue
            try:
                record = json_record(raw)
            except ValueError as error:
                yield Rejected(line, None, str(error), _printable(raw[:1000]))
                continue
            if not isinstance(record, dict):
                yield Rejected(line, None, f"expected a JSON object, got {_json_type(record)}", _printable(raw))
                continue
            if self._renames:
                record = {self._renames.get(key, key): value for key, value in record.items()}
            if not _KNOWN.issuperset(record):
                self._check_columns(record, where=f"line {line}")
            yield _validated(record, line, raw, self.window)


def json_record(text: str) -> object:
    """One JSON Lines record; ValueError saying why it cannot be read, also for a value nested too deeply or a
    number too large for Python to read (which json.loads raises as other errors, or crashes on)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"malformed JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise ValueError(
            "nested too deeply: JSON arrays or objects over about 1,000 levels deep are not read"
        ) from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        raise ValueError(f"a JSON value is too large to read: {error}") from None


def _validated(
    fields: Mapping[str, object], line: int, raw: str, window: tuple[datetime, datetime]
) -> Posting | Rejected:
    try:
        return validate_posting(fields, line, window)
    except RowError as error:
        return Rejected(line, _raw_id(fields), str(error), _printable(raw))


def parse(data: bytes, fmt: str, **options) -> tuple[list[Posting | Rejected], ReadStats]:
    """Every result of ``data`` read as ``fmt`` (``options``: as PostingSource takes), and the stats (for tests and
    small inputs)."""
    source = PostingSource(io.BytesIO(data), fmt, **options)
    return list(source), source.stats


def detect_format(path: Path, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ImportFileError(
            f"cannot tell the format of {path} from its extension: name it .csv, .jsonl or .ndjson, "
            "or pass --format csv|jsonl"
        )
    return fmt


def default_report_path(path: Path) -> Path:
    return path.with_name(path.name + ".rejected.csv")


# --- writing (the database) -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    new: int
    changed: int
    unchanged: int
    companies_from_file: int  # added or changed from company_name / company_employee_count
    placeholder_companies: int  # added as "company <id>"

    @property
    def loaded(self) -> int:
        return self.new + self.changed + self.unchanged


_STAGED_COLUMNS = ("line", *POSTING_COLUMNS, *COMPANY_COLUMNS)


def load_postings(conn: psycopg.Connection, postings: Iterable[Posting]) -> LoadResult:
    """Merge ``postings`` into ``job_board.companies`` and ``job_board.postings`` in one transaction (all or
    nothing): COPY into a temporary table, then ``INSERT ... ON CONFLICT``. Raises :class:`ImportRefused` (after
    the rollback) if the database refuses any of it."""
    try:
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute(read_sql("queries/source/import_create_staging.sql"))
            with cursor.copy(f"COPY import_postings ({', '.join(_STAGED_COLUMNS)}) FROM STDIN") as copy:
                for posting in postings:
                    copy.write_row(tuple(getattr(posting, column) for column in _STAGED_COLUMNS))
            cursor.execute(read_sql("queries/source/import_latest.sql"))
            from_file = len(cursor.execute(read_sql("queries/source/import_upsert_companies.sql")).fetchall())
            placeholders = len(cursor.execute(read_sql("queries/source/import_placeholder_companies.sql")).fetchall())
            written = [row[0] for row in cursor.execute(read_sql("queries/source/import_upsert_postings.sql"))]
            (total,) = cursor.execute("SELECT count(*) FROM import_latest").fetchone()
    except psycopg.Error as error:
        message = str(error).strip().replace("\n", " ")
        raise ImportRefused(f"the database refused the import, nothing was loaded: {message}") from error
    new = sum(1 for inserted in written if inserted)
    return LoadResult(
        new=new,
        changed=len(written) - new,
        unchanged=total - len(written),
        companies_from_file=from_file,
        placeholder_companies=placeholders,
    )


# --- the whole import ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    file: Path
    report: Path
    stats: ReadStats
    result: LoadResult | None  # None for a dry run

    @property
    def exit_code(self) -> int:
        """0: every record loaded; 1: some rejected, the valid ones loaded; 2: nothing loaded (none valid)."""
        if self.stats.rejected and not self.stats.valid:
            return 2
        return 1 if self.stats.rejected else 0

    def summary(self) -> str:
        s, lines = self.stats, []
        lines.append(f"read {s.read} record{'' if s.read == 1 else 's'} from {self.file}")
        if self.result is None:
            lines.append(f"dry run: {s.distinct} postings are valid and would be loaded; nothing was written")
        else:
            r = self.result
            lines.append(
                f"loaded {r.loaded} postings in one transaction: {r.new} new, {r.changed} changed, "
                f"{r.unchanged} unchanged"
            )
            if r.companies_from_file or r.placeholder_companies:
                lines.append(
                    f"companies: {r.companies_from_file} added or updated from company_name, "
                    f"{r.placeholder_companies} placeholder{'' if r.placeholder_companies == 1 else 's'} "
                    "('company <id>') added for ids without a name"
                )
        lines.append(
            f"rejected {s.rejected} record{'' if s.rejected == 1 else 's'}"
            + (f", see {self.report} (line, id, reason, raw)" if s.rejected else "")
        )
        if s.superseded:
            examples = ", ".join(f"id {i}: line {a} by line {b}" for i, a, b in s.superseded_examples)
            lines.append(f"{s.superseded} line(s) superseded by a later line with the same id ({examples})")
        if s.naive_timestamps:
            lines.append(
                f"{s.naive_timestamps} timestamp(s) had no UTC offset and were taken as Korea time (Asia/Seoul)"
            )
        if s.ignored_columns:
            lines.append(f"ignored columns (--ignore-columns): {', '.join(sorted(s.ignored_columns))}")
        return "\n".join(lines)


def open_postings(
    path: str | Path,
    fmt: str | None = None,
    encoding: str = "utf-8",
    *,
    renames: Mapping[str, str] | None = None,
    ignore: frozenset[str] = frozenset(),
) -> tuple[PostingSource, BinaryIO]:
    """The checked source of ``path`` and its open file (the caller closes it); :class:`ImportFileError` when the
    file cannot be imported at all."""
    path = Path(path)
    fmt = detect_format(path, fmt)
    if path.is_dir():
        raise ImportFileError(f"cannot read {path}: it is a folder")
    try:
        handle = path.open("rb")
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        return PostingSource(handle, fmt, name=str(path), encoding=encoding, renames=renames, ignore=ignore), handle
    except BaseException:
        handle.close()
        raise


class ImportJob:
    """An import whose file has been checked (format, readable, CSV header) but nothing read or loaded yet, so that
    file-level errors come before any database connection. Use as a context manager; :meth:`run` once."""

    def __init__(
        self,
        path: str | Path,
        fmt: str | None = None,
        report: str | Path | None = None,
        encoding: str = "utf-8",
        *,
        renames: Mapping[str, str] | None = None,
        ignore: frozenset[str] = frozenset(),
    ) -> None:
        self.path = Path(path)
        self.report = Path(report) if report else default_report_path(self.path)
        if self.report.resolve() == self.path.resolve():
            raise ImportFileError(f"the report {self.report} would overwrite the file being imported")
        self.source, self._handle = open_postings(self.path, fmt, encoding, renames=renames, ignore=ignore)
        if encoding == "utf-8":
            self._refuse_legacy_korean()

    def _refuse_legacy_korean(self) -> None:
        """A file that is not UTF-8 at all but reads as CP949 is refused up front: every Korean line would be."""
        position = self._handle.tell()
        self._handle.seek(0)
        sample = self._handle.read(1 << 16)
        self._handle.seek(position)
        cut = sample.rfind(b"\n") + 1 or len(sample)
        if not _reads_as(sample[:cut], "utf-8") and _reads_as(sample[:cut], KOREAN_LEGACY_ENCODING):
            self._handle.close()
            raise ImportFileError(
                f"{self.path} is not UTF-8; it reads as CP949 (EUC-KR, Korean Windows): pass --encoding "
                f"{KOREAN_LEGACY_ENCODING}, or save it as UTF-8; nothing was loaded"
            )

    def __enter__(self) -> ImportJob:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._handle.close()

    def run(self, conn: psycopg.Connection | None) -> ImportOutcome:
        """Read and validate the records and load the valid ones (nothing if ``conn`` is None: a dry run); rejected
        records go to the report, which is written even when empty so that no stale report survives."""
        try:
            report_file = self.report.open("w", encoding="utf-8", newline="")
        except OSError as error:
            raise ImportFileError(f"cannot write the report {self.report}: {error.strerror or error}") from None
        with report_file:
            writer = csv.writer(report_file)
            writer.writerow(REPORT_COLUMNS)

            def valid_postings() -> Iterator[Posting]:
                for result in self.source:
                    if isinstance(result, Rejected):
                        writer.writerow((result.line, result.id or "", result.reason, result.raw))
                    else:
                        yield result

            if conn is None:
                for _posting in valid_postings():
                    pass
                result = None
            else:
                result = load_postings(conn, valid_postings())
        return ImportOutcome(file=self.path, report=self.report, stats=self.source.stats, result=result)


def run_import(conn: psycopg.Connection | None, path: str | Path, *args: Any, **kwargs: Any) -> ImportOutcome:
    """Import ``path`` (the other arguments as :class:`ImportJob`'s: format from the extension unless given, ...)
    into ``conn``'s job_board tables, or only validate it when ``conn`` is None; rejected records go to the report
    (default ``<path>.rejected.csv``)."""
    with ImportJob(path, *args, **kwargs) as job:
        return job.run(conn)
