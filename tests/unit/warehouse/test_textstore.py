"""The compressed store of source rows: what goes in comes out, in blocks that say which ids they hold."""

from __future__ import annotations

import pytest

from ai_job_share.warehouse import textstore


def test_rows_come_back_exactly_and_blocks_record_their_lowest_and_highest_id():
    rows = {posting_id: f"2022-01-01\t{posting_id}\t제목 \\n 본문\tAI\n".encode() for posting_id in (5, 3, 9, 1, 7)}
    writer = textstore.BlockWriter(block_bytes=60)
    blocks = [block for posting_id, row in rows.items() if (block := writer.add(posting_id, row))]
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
    first.add(1, row), second.add(1, row)
    a, b = first.flush(), second.flush()
    assert a.data == b.data and len(a.data) < len(row) / 5


def test_a_truncated_block_or_an_unknown_codec_is_refused():
    with pytest.raises(ValueError, match="complete row"):
        list(textstore.rows([("none", b"2022-01-01\t1\tno newline")]))
    with pytest.raises(ValueError, match="unknown text block codec"):
        textstore.unpack("lz77", b"")
