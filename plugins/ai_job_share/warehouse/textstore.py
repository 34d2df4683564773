"""The warehouse's copy of the source text: COPY text rows, packed into zstd-compressed blocks. Pure.

The rows are kept exactly as the source sent them, so re-tagging, the evidence and ``ai-job-share explain`` read
what the first classification read; compressed (about 10:1 on job postings), the month costs the warehouse a
tenth of its size to write and to store.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

import zstandard

from ai_job_share import layout

#: Uncompressed bytes per block: large enough to compress well, small enough that `explain` reads little.
BLOCK_BYTES = 1 << 20
CODEC = "zstd"
_LEVEL = 1  # fastest; higher levels cost time on the month's critical path for a few percent of size


@dataclass(frozen=True)
class Block:
    first_posting_id: int  # the lowest posting id in the block
    last_posting_id: int  # the highest
    postings: int
    codec: str
    data: bytes


class BlockWriter:
    """Collects rows (``add``, a batch at a time) and hands out full blocks; ``flush`` returns the last, partial one."""

    def __init__(self, block_bytes: int = BLOCK_BYTES) -> None:
        self._compressor = zstandard.ZstdCompressor(level=_LEVEL)
        self._block_bytes = block_bytes
        self._rows: list[bytes] = []
        self._size = 0
        self._first_id: int | None = None
        self._last_id: int | None = None

    def add(self, posting_ids: Sequence[int], rows: Sequence[bytes]) -> list[Block]:
        """Take ``rows`` (with their posting ids, in the same order); returns the blocks they filled. A block is cut
        after the row that brings it to ``block_bytes``, however the rows are handed in."""
        blocks = []
        ends = list(accumulate(map(len, rows)))  # the bytes of rows[:i + 1]
        start = taken = 0
        while start < len(rows):
            # The row that fills the current block, if any of these does.
            filling = bisect_left(ends, taken + self._block_bytes - self._size, start)
            stop = min(filling + 1, len(rows))
            self._take(posting_ids[start:stop], rows[start:stop], ends[stop - 1] - taken)
            if filling < len(rows):
                blocks.append(self.flush())
            start, taken = stop, ends[stop - 1]
        return blocks

    def _take(self, posting_ids: Sequence[int], rows: Sequence[bytes], size: int) -> None:
        # Rows come in no particular order: a block records the lowest and highest id it holds.
        low, high = min(posting_ids), max(posting_ids)
        if self._first_id is None or low < self._first_id:
            self._first_id = low
        if self._last_id is None or high > self._last_id:
            self._last_id = high
        self._rows.extend(rows)
        self._size += size

    def flush(self) -> Block | None:
        if not self._rows:
            return None
        block = Block(
            self._first_id, self._last_id, len(self._rows), CODEC, self._compressor.compress(b"".join(self._rows))
        )
        self._rows, self._size, self._first_id, self._last_id = [], 0, None, None
        return block


def unpack(codec: str, data: bytes) -> bytes:
    if codec == CODEC:
        return zstandard.ZstdDecompressor().decompress(data)
    if codec == "none":
        return bytes(data)
    raise ValueError(f"unknown text block codec {codec!r}")


def rows(blocks: Iterable[tuple]) -> Iterator[bytes]:
    """The COPY text rows (each ending in a newline) of ``(codec, data)`` or ``(codec, data, layout_version)``
    blocks, in order, in the current posting layout (rows of an older layout are upgraded: ai_job_share.layout)."""
    for block in blocks:
        for line in _block_lines(*block):
            yield line + b"\n"


def lines(blocks: Iterable[tuple]) -> Iterator[bytes]:
    """The rows of :func:`rows` without their ending newline (no copy of each row to add it)."""
    for block in blocks:
        yield from _block_lines(*block)


def _block_lines(codec: str, data: bytes, version: int = layout.VERSION) -> list[bytes]:
    """A block's rows, without their ending newline, in the current posting layout."""
    *found, rest = unpack(codec, data).split(b"\n")
    if rest:
        raise ValueError("a stored text block does not end with a complete row")
    if version != layout.VERSION:
        return [row[:-1] for row in layout.upgrade_rows([line + b"\n" for line in found], version)]
    return found
