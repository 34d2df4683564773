"""Source mapping files: parsed and checked without a database (the database checks: tests/integration)."""

from __future__ import annotations

import pytest

from ai_job_share import layout
from ai_job_share.source.mapping import (
    SourceMappingError,
    available_mappings,
    configured_mapping,
    load_mapping,
    parse_mapping,
)

MINIMAL = {"relation": "board.messages", "fields": {"id": "id", "published_at": "posted_at"}}


def test_three_mappings_ship_and_parse():
    assert {"contract", "flat-board", "jsonb-sections"} <= set(available_mappings())
    for name in available_mappings():
        assert load_mapping(name).fields["id"]


def test_the_contract_maps_every_source_field():
    assert set(load_mapping("contract").fields) == {field.name for field in layout.SOURCE_FIELDS}


def test_the_configured_mapping_is_the_param_then_the_environment_then_the_contract(monkeypatch):
    monkeypatch.delenv("AI_JOB_SHARE_SOURCE_MAPPING", raising=False)
    assert configured_mapping().name.endswith("contract.toml")
    monkeypatch.setenv("AI_JOB_SHARE_SOURCE_MAPPING", "flat-board")
    assert configured_mapping().name.endswith("flat-board.toml")
    assert configured_mapping("jsonb-sections").name.endswith("jsonb-sections.toml")


def test_unmapped_fields_are_null_and_identifiers_are_quoted():
    mapping = parse_mapping(MINIMAL, "m.toml")
    text = mapping.postings_sql(row_ids=True)
    assert 'FROM "board"."messages" AS "p"' in text
    assert 'NULL::text AS "body"' in text
    assert '"p"."posted_at"::timestamptz AS "published_at"' in text


def test_percent_signs_in_expressions_survive_query_parameters():
    mapping = parse_mapping({**MINIMAL, "fields": {**MINIMAL["fields"], "title": {"constant": "100% remote"}}}, "m")
    assert "'100%% remote'" in mapping.postings_sql(row_ids=True)


@pytest.mark.parametrize(
    ("document", "field", "message"),
    [
        ({**MINIMAL, "relation": 'x"; DROP TABLE y'}, "relation", "must be a table or view name"),
        ({**MINIMAL, "fields": {"id": "id"}}, "fields.published_at", "is required"),
        ({**MINIMAL, "fields": {**MINIMAL["fields"], "salary": "pay"}}, "fields.salary", "not a field"),
        ({**MINIMAL, "fields": {**MINIMAL["fields"], "title": 'a" || b'}}, "fields.title", "not a column name"),
        ({**MINIMAL, "fields": {**MINIMAL["fields"], "title": {"expression": "1; DROP TABLE x"}}}, "fields.title", ";"),
        ({**MINIMAL, "fields": {**MINIMAL["fields"], "title": {"column": "a", "constant": "b"}}}, "fields.title", ""),
        ({**MINIMAL, "duplicate_ids": "ignore"}, "duplicate_ids", "not one of"),
        ({**MINIMAL, "joins": [{"relation": "c", "alias": "p", "on": "true"}]}, "joins[0].alias", "new"),
        ({**MINIMAL, "tables": []}, "tables", "unknown key"),
    ],
)
def test_a_malformed_mapping_names_the_file_and_the_field(document, field, message):
    with pytest.raises(SourceMappingError, match="source mapping bad.toml, ") as raised:
        parse_mapping(document, "bad.toml")
    assert f", {field}: " in str(raised.value) and message in str(raised.value)


def test_an_unknown_mapping_lists_the_shipped_ones():
    with pytest.raises(SourceMappingError, match="contract"):
        load_mapping("nope")
