"""The posting layout is the one owner of the row shape: everything that names fields agrees with it."""

from __future__ import annotations

import re

import pytest

from ai_job_share import layout, taxonomy
from ai_job_share.source import reader
from ai_job_share.sql_files import SQL_DIR


def test_sections_are_consecutive_and_include_body():
    assert layout.ROW_COLUMNS[layout.SECTIONS_AT : layout.SECTIONS_AT + len(layout.SECTIONS)] == layout.SECTIONS
    assert "body" in layout.SECTIONS
    assert taxonomy.SECTIONS == layout.SECTIONS


def test_the_source_row_and_the_contract_come_from_the_layout():
    assert reader.ROW_COLUMNS == layout.ROW_COLUMNS
    contract = "\n".join(path.read_text(encoding="utf-8") for path in sorted((SQL_DIR / "source").glob("0*.sql")))
    for name in reader.POSTING_COLUMNS:
        assert re.search(rf"(^\s+|ADD COLUMN IF NOT EXISTS ){name}\s", contract, re.MULTILINE), name


def test_the_warehouse_keeps_fields_of_the_layout():
    assert set(layout.KEPT) <= set(layout.ROW_COLUMNS)
    assert layout.POSTINGS_COPY_COLUMNS[3:-3] == layout.KEPT


def test_an_older_stored_row_is_read_with_body_null():
    old = dict(
        zip(layout.PAST_ROWS[1], (f"v{index}".encode() for index in range(len(layout.PAST_ROWS[1]))), strict=True)
    )
    row = b"\t".join(old.values()) + b"\n"
    (upgraded,) = layout.upgrade_rows([row], 1)
    fields = dict(zip(layout.ROW_COLUMNS, upgraded.removesuffix(b"\n").split(b"\t"), strict=True))
    assert fields["body"] == b"\\N"
    assert {name: value for name, value in fields.items() if name != "body"} == old


def test_a_newer_layout_is_refused_with_a_clear_message():
    with pytest.raises(layout.LayoutError, match=f"version {layout.VERSION + 1} cannot be read"):
        layout.upgrade_rows([b"x\n"], layout.VERSION + 1)


def test_a_stored_row_of_the_wrong_width_is_refused():
    with pytest.raises(layout.LayoutError, match="fields"):
        layout.upgrade_rows([b"a\tb\n"], 1)
