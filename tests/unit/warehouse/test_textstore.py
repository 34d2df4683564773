"""The compressed store of source rows: what goes in comes out, in blocks that say which ids they hold."""

from __future__ import annotations

import pytest

from ai_job_share.warehouse import textstore


def test_rows_come_back_exactly_and_blocks_record_their_lowest_and_highest_id():
    rows = {posting_id: f"2022-01-01\t{posting_id}\t제목 \\n 본문\tAI\n".encode() for posting_id in (5, 3, 9, 1, 7)}
    writer = textstore.BlockWriter(block_bytes=60)
    blocks = [block for posting_id, row in rows.items() for block in writer.add([posting_id], [row])]
    blocks.append(writer.flush())
    assert writer.flush() is None  # nothing left
    assert len(blocks) > 1
    assert sum(block.postings for block in blocks) == len(rows)
    assert b"".join(textstore.rows((b.codec, b.data) for b in blocks)) == b"".join(rows.values())
    for block in blocks:
        ids = [int(row.split(b"\t")[1]) for row in textstore.rows([(block.codec, block.data)])]
        assert (block.first_posting_id, block.last_posting_id) == (min(ids), max(ids))


def test_blocks_are_compressed_and_deterministic():
    row = ("2022-01-01\t1\t" + "머신러닝 엔지니어 " * 100 + "\n").encode()
    first, second = textstore.BlockWriter(), textstore.BlockWriter()
    first.add([1], [row]), second.add([1], [row])
    a, b = first.flush(), second.flush()
    assert a.data == b.data and len(a.data) < len(row) / 5


@pytest.mark.parametrize("batch", [1, 2, 3, 7, 40])
def test_blocks_are_cut_after_the_row_that_fills_them_however_the_rows_are_handed_in(batch):
    rows = [f"2022-01-01\t{posting_id}\t{'가' * (posting_id % 13)}\n".encode() for posting_id in range(40, 0, -1)]
    writer = textstore.BlockWriter(block_bytes=50)
    blocks = [
        block
        for start in range(0, len(rows), batch)
        for block in writer.add(list(range(40 - start, max(40 - start - batch, 0), -1)), rows[start : start + batch])
    ]
    last = writer.flush()
    written = [list(textstore.rows([(block.codec, block.data)])) for block in blocks]
    rest = list(textstore.rows([(last.codec, last.data)])) if last else []
    assert sum(written, []) + rest == rows
    for block, held in zip(blocks, written, strict=True):
        # Full: at least block_bytes, and short of them without its last row.
        assert sum(map(len, held)) >= 50 > sum(map(len, held[:-1]))
        ids = [int(row.split(b"\t")[1]) for row in held]
        assert (block.first_posting_id, block.last_posting_id, block.postings) == (min(ids), max(ids), len(held))
    assert sum(map(len, rest)) < 50


def test_a_truncated_block_or_an_unknown_codec_is_refused():
    with pytest.raises(ValueError, match="complete row"):
        list(textstore.rows([("none", b"2022-01-01\t1\tno newline")]))
    with pytest.raises(ValueError, match="unknown text block codec"):
        textstore.unpack("lz77", b"")
