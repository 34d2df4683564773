"""THE posting layout: every field of a posting row, which fields are text sections, their order, their types and
the layout's version. Pure: no database, no Airflow.

A posting travels as one PostgreSQL COPY text row of :data:`ROW_COLUMNS`, from the source's extract (built from
:data:`FIELDS` and a source mapping, :mod:`ai_job_share.source.mapping`) through the labeller into the warehouse,
which keeps the rows as they came (``core.posting_texts``, each block marked with the layout version it was
written under) and copies :data:`KEPT` of them into ``core.postings``. The labeller, the evidence, ``classify`` and
``import`` name sections by :data:`SECTIONS`.

Adding a field: add it to :data:`FIELDS` (and to :data:`KEPT` if the warehouse keeps it), bump :data:`VERSION`
and record the old row in :data:`PAST_ROWS`, then add a warehouse migration for a kept column (the tests compare
``core.postings`` and the built-in source contract with this module). Older stored text is upgraded on reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class LayoutError(ValueError):
    """Stored rows of a layout this code cannot read."""


@dataclass(frozen=True)
class Field:
    name: str
    pg_type: str  # the type the extract casts the source's value to
    section: bool = False  # free text the taxonomies read
    required: bool = False  # a source mapping must give it (the others default to NULL)
    description: str = ""


#: The text sections, in reading order. ``body`` is the one description of a board that has no finer sections.
SECTIONS = ("title", "intro", "main_tasks", "requirements", "preferred", "benefits", "body")

#: A posting row, field by field, in order. ``month`` is the Korea-time month the extract read the posting for.
FIELDS: tuple[Field, ...] = (
    Field("month", "date", description="first day of the Korea-time month the posting was read for"),
    Field("id", "bigint", required=True, description="the board's posting id, unique within a month"),
    Field("company_id", "bigint", description="the board's company id"),
    Field("company_employee_count", "integer", description="the company's size"),
    Field("job_group", "text", description="the board's category, e.g. 개발 (see the developer definition)"),
    Field("job_role", "text", description="the role within the group, e.g. 백엔드"),
    Field("title", "text", section=True, description="the posting's title"),
    Field("intro", "text", section=True, description="company / position introduction"),
    Field("main_tasks", "text", section=True, description="main tasks"),
    Field("requirements", "text", section=True, description="requirements"),
    Field("preferred", "text", section=True, description="preferred qualifications"),
    Field("benefits", "text", section=True, description="benefits"),
    Field("body", "text", section=True, description="the whole description, for boards without sections"),
    Field("required_years_min", "smallint", description="minimum years of experience"),
    Field("required_years_max", "smallint", description="maximum years of experience"),
    Field("published_at", "timestamptz", required=True, description="when the posting was published"),
    Field("updated_at", "timestamptz", description="when it last changed (late edits, duplicate ids)"),
    Field("status", "text", description="open, closed or deleted (deleted postings are not counted)"),
)

VERSION = 2
#: The rows of earlier layouts, by version: stored text of these versions is upgraded when read.
PAST_ROWS: dict[int, tuple[str, ...]] = {
    1: tuple(field.name for field in FIELDS if field.name != "body"),
}

ROW_COLUMNS: tuple[str, ...] = tuple(field.name for field in FIELDS)
BY_NAME = {field.name: field for field in FIELDS}
#: The fields a source mapping gives (all but ``month``, which the extract sets).
SOURCE_FIELDS: tuple[Field, ...] = FIELDS[1:]
#: Where the sections start in a row: they are consecutive, so the labeller reads them in place.
SECTIONS_AT = ROW_COLUMNS.index(SECTIONS[0])
ID_AT = ROW_COLUMNS.index("id")
STATUS_AT = ROW_COLUMNS.index("status")
#: The row's fields ``core.postings`` keeps as they are, in its COPY order (after posting_id, load_id, month).
KEPT = ("company_id", "company_employee_count", "job_group", "job_role", "required_years_min", "published_at")
KEPT += ("status", "title")
#: ``core.postings`` COPY columns: the kept fields framed by what the pipeline adds.
POSTINGS_COPY_COLUMNS = ("posting_id", "load_id", "month", *KEPT, "title_key", "has_text", "keyword_ids")

if ROW_COLUMNS[SECTIONS_AT : SECTIONS_AT + len(SECTIONS)] != SECTIONS:
    raise AssertionError("the sections of the layout must be consecutive, in SECTIONS order")

_NULL = b"\\N"


def upgrade_rows(rows: Sequence[bytes], version: int) -> list[bytes]:
    """COPY text rows (each ending in a newline) stored under layout ``version``, as rows of this layout: a field
    the old layout did not have is NULL. Refuses a version this code does not know (written by newer code)."""
    if version == VERSION:
        return list(rows)
    old = PAST_ROWS.get(version)
    if old is None:
        raise LayoutError(
            f"stored text of posting layout version {version} cannot be read by this code (layout version "
            f"{VERSION}; known: {', '.join(map(str, sorted({*PAST_ROWS, VERSION})))}): upgrade ai-job-share"
        )
    where = {name: index for index, name in enumerate(old)}
    picks = [where.get(name) for name in ROW_COLUMNS]
    upgraded = []
    for row in rows:
        fields = row.removesuffix(b"\n").split(b"\t")
        if len(fields) != len(old):
            raise LayoutError(f"a stored row of layout version {version} has {len(fields)} fields, not {len(old)}")
        upgraded.append(b"\t".join(_NULL if pick is None else fields[pick] for pick in picks) + b"\n")
    return upgraded
