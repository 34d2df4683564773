from decimal import Decimal

import pytest

from ai_job_share.layout import SECTIONS
from ai_job_share.source.reader import ROW_COLUMNS, SECTIONS_AT, SMALL_FIELDS, Fingerprint, MonthOutline, small_fields


def outline(postings: int, first_id: int | None, last_id: int | None) -> MonthOutline:
    return MonthOutline(Fingerprint(postings, None, Decimal(0)), first_id, last_id)


def chunk_sizes(ids: list[int], cuts: list[int]) -> list[int]:
    bounds = [min(ids), *cuts, max(ids) + 1]
    return [sum(low <= i < high for i in ids) for low, high in zip(bounds, bounds[1:], strict=False)]


def test_a_month_no_larger_than_a_chunk_is_not_cut():
    assert outline(100, 1, 100).chunk_cuts(100) == []
    assert outline(0, None, None).chunk_cuts(10) == []
    assert outline(1, 7, 7).chunk_cuts(1) == []


def test_evenly_spread_ids_are_cut_into_chunks_of_the_size_asked():
    ids = list(range(1001, 201_001))
    cuts = outline(len(ids), ids[0], ids[-1]).chunk_cuts(50_000)
    assert cuts == [51_001, 101_001, 151_001]
    assert chunk_sizes(ids, cuts) == [50_000] * 4


def test_the_last_chunk_takes_the_remainder_and_every_cut_is_inside_the_range():
    ids = list(range(1, 6))
    cuts = outline(5, 1, 5).chunk_cuts(2)
    assert cuts == [2, 4]
    assert chunk_sizes(ids, cuts) == [1, 2, 2]
    assert all(1 < cut <= 5 for cut in cuts)


def test_more_chunks_than_ids_in_the_range_gives_each_id_its_own_chunk():
    # Duplicated ids: 6 rows over ids 1..3, chunk size 1.
    assert outline(6, 1, 3).chunk_cuts(1) == [2, 3]


def test_a_chunk_size_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        outline(10, 1, 10).chunk_cuts(0)


def test_the_small_fields_of_a_row_are_every_field_but_the_sections_after_the_title():
    values = [f"v{index}".encode() for index in range(len(ROW_COLUMNS))]
    values[SECTIONS_AT + 2] = b"a section with \\t escaped tabs and \\N"
    fields = small_fields(b"\t".join(values) + b"\n")
    assert len(fields) == len(SMALL_FIELDS) == len(ROW_COLUMNS) - len(SECTIONS) + 1
    for name, position in SMALL_FIELDS.items():
        assert fields[position] == values[ROW_COLUMNS.index(name)], name
    assert set(SMALL_FIELDS) == set(ROW_COLUMNS) - set(SECTIONS[1:])
