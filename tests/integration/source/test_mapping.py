"""Source mappings validated against real PostgreSQL before anything is read: each misfit names the mapping file and
the field, and nothing is loaded. Read as the source reader, the role with SELECT only."""

from __future__ import annotations

import pytest
from boards import MONTH, create_flat_board

from ai_job_share import databases
from ai_job_share.source import reader as source_reader
from ai_job_share.source.mapping import SourceMappingError, parse_mapping
from ai_job_share.taxonomy import enabled_taxonomies
from ai_job_share.warehouse import pipeline

FLAT = {"relation": "board.messages", "fields": {"id": "id", "published_at": "posted_at", "body": "text"}}


@pytest.fixture
def reader(source_conn, test_databases):
    create_flat_board(source_conn, test_databases.roles.source_reader)
    with databases.connect(test_databases.source_reader_url) as conn:
        yield conn


def _with(**changes) -> dict:
    return {**FLAT, **changes, "fields": {**FLAT["fields"], **changes.get("fields", {})}}


@pytest.mark.parametrize(
    ("document", "field", "message"),
    [
        (_with(relation="board.posts"), "relation", "board.posts does not exist"),
        (_with(fields={"body": "txt"}), "fields.body", "column 'txt' is not in board.messages (its columns: id,"),
        (_with(fields={"id": "posted_at"}), "fields.id", "gives timestamptz, where the layout wants bigint"),
        (_with(fields={"title": {"expression": "p.text::json"}}), "fields.title", "gives json"),
        (
            _with(fields={"published_at": {"expression": "p.posted_at::timestamp"}}),
            "fields.published_at",
            "AT TIME ZONE",
        ),
        (_with(fields={"job_role": {"expression": "p.nope"}}), "fields.job_role", "column p.nope does not exist"),
        (_with(fields={"company_id": {"constant": "abc"}}), "fields.company_id", "invalid input syntax"),
        (
            _with(joins=[{"relation": "board.authors", "alias": "a", "on": "a.name = p.author"}]),
            "joins[0].relation",
            "board.authors does not exist",
        ),
        (_with(joins=[{"relation": "board.messages", "alias": "a", "on": "a.nope"}]), "joins", "a.nope"),
    ],
)
def test_a_misfit_names_the_file_and_the_field(reader, document, field, message):
    mapping = parse_mapping(document, "/etc/boards/mine.toml")
    with pytest.raises(SourceMappingError) as raised:
        source_reader.open_source(reader, mapping, validate=True)
    assert str(raised.value).startswith(f"source mapping /etc/boards/mine.toml, {field}: ")
    assert message in str(raised.value)


def test_a_fitting_mapping_is_read_as_the_reader(reader):
    board = source_reader.open_source(reader, parse_mapping(FLAT, "flat.toml"), validate=True)
    rows = list(source_reader.stream_rows(reader, MONTH, None, None, (), board))
    assert len(rows) == 60 and all(row.count(b"\t") == len(source_reader.ROW_COLUMNS) - 1 for row in rows)


def test_an_id_repeated_in_the_month_stops_the_plan_and_loads_nothing(source_conn, warehouse_conn, test_databases):
    create_flat_board(source_conn, test_databases.roles.source_reader)
    source_conn.execute("ALTER TABLE board.messages DROP CONSTRAINT messages_pkey")
    source_conn.execute(
        "INSERT INTO board.messages SELECT id, posted_at, 'AI again', author FROM board.messages LIMIT 2"
    )
    mapping = parse_mapping(FLAT, "flat.toml")
    repeated = r"flat.toml, fields.id: 2 id\(s\) occur more than once in"
    with (
        databases.connect(test_databases.source_reader_url) as reader,
        pytest.raises(SourceMappingError, match=repeated),
    ):
        pipeline.plan_month(reader, warehouse_conn, MONTH, enabled_taxonomies(), 1000, mapping)
    assert warehouse_conn.execute("SELECT count(*) FROM meta.loads").fetchone() == (0,)
