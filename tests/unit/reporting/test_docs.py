"""The docs files beside the reporting SQL: their form, their columns against the relation's, and that every
relation has one (the migrations apply them as comments: tests/integration/warehouse/test_migrations.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_job_share.reporting.docs import (
    DocsError,
    check_columns,
    parse_docs,
    read_docs,
    reporting_docs,
    warehouse_docs,
)
from ai_job_share.reporting.layers import reporting_views
from ai_job_share.sql_files import SQL_DIR

SHARE_DOCS = """\
description = "Share per month"

[columns]
month = "First day of the month"
share = "hits / postings"
"""


def docs(text: str = SHARE_DOCS, relation: str = "reporting.share"):
    return parse_docs(text, path=Path("marts/share.toml"), relation=relation)


def test_a_docs_file_gives_the_description_and_the_columns_in_order():
    parsed = docs()
    assert parsed.description == "Share per month"
    assert list(parsed.columns.items()) == [("month", "First day of the month"), ("share", "hits / postings")]
    check_columns(parsed, ["month", "share"])


def test_a_column_the_relation_does_not_have_is_refused_naming_the_file_and_the_column():
    with pytest.raises(DocsError, match=r"^marts/share.toml: column share is not a column of reporting.share$"):
        check_columns(docs(), ["month"])


def test_a_column_the_docs_leave_out_is_refused_naming_the_file_and_the_column():
    with pytest.raises(DocsError, match=r"^marts/share.toml: column postings of reporting.share is not described$"):
        check_columns(docs(), ["month", "share", "postings"])


def test_both_problems_are_named_at_once():
    with pytest.raises(DocsError) as refused:
        check_columns(docs(), ["month", "hits"])
    assert "column share is not a column" in str(refused.value)
    assert "column hits of reporting.share is not described" in str(refused.value)


@pytest.mark.parametrize(
    ("text", "relation", "message"),
    [
        ('description = ""\n', "staging.rows", 'needs description = "..."'),
        ('[columns]\nmonth = "m"\n', "staging.rows", 'needs description = "..."'),
        ('description = "Rows"\n', "reporting.share", "read by users: describe each of its columns"),
        ('description = "Rows"\n[columns]\nmonth = ""\n', "staging.rows", "column month: the description must be"),
        ('description = "Rows"\ncolumns = "month"\n', "staging.rows", "columns must be a table"),
        ('description = "Rows"\ntitle = "x"\n', "staging.rows", "unknown keys title"),
        ('description = "Rows\n', "staging.rows", "not valid TOML"),
    ],
)
def test_a_docs_file_of_the_wrong_form_is_refused_naming_it(text, relation, message):
    with pytest.raises(DocsError, match=r"^marts/share.toml: ") as refused:
        docs(text, relation)
    assert message in str(refused.value)


def test_a_relation_outside_schema_reporting_may_leave_its_columns_undescribed():
    parsed = docs('description = "Rows"\n', "intermediate.rows")
    assert parsed.columns is None
    check_columns(parsed, ["month", "anything"])


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_view_needs_its_docs_file_and_every_docs_file_its_view(tmp_path):
    write(tmp_path, "marts/share.sql", "CREATE VIEW reporting.share AS SELECT 1 AS month;")
    with pytest.raises(DocsError, match=r"marts/share.sql has no docs file share.toml"):
        reporting_docs(reporting_views(tmp_path), tmp_path)
    docs_file = write(tmp_path, "marts/share.toml", SHARE_DOCS)
    assert reporting_docs(reporting_views(tmp_path), tmp_path) == {"reporting.share": docs_file}
    write(tmp_path, "staging/gone.toml", 'description = "A view since deleted"\n')
    with pytest.raises(DocsError, match=r"docs files of no relation .*staging/gone.toml"):
        reporting_docs(reporting_views(tmp_path), tmp_path)


def test_a_warehouse_docs_file_is_named_after_its_relation(tmp_path):
    table_docs = write(tmp_path, "warehouse/docs/reporting.breaks.toml", SHARE_DOCS)
    assert warehouse_docs(tmp_path) == {"reporting.breaks": table_docs}
    write(tmp_path, "warehouse/docs/breaks.toml", SHARE_DOCS)
    with pytest.raises(DocsError, match=r"breaks.toml: name a warehouse docs file <schema>.<relation>.toml"):
        warehouse_docs(tmp_path)


def test_every_shipped_docs_file_is_well_formed():
    reporting = SQL_DIR / "reporting"
    views = reporting_views(reporting)
    shipped = {**reporting_docs(views, reporting), **warehouse_docs(SQL_DIR)}
    assert {"reporting.monthly_ai_share", "reporting.chatgpt_trend_break"} <= set(shipped)
    for relation, path in shipped.items():
        assert read_docs(path, relation).description
