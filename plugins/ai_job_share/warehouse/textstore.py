"""The warehouse's copy of the source text: COPY text rows, packed into zstd-compressed blocks. Pure.

The rows are kept exactly as the source sent them, so re-tagging, the evidence and ``ai-job-share explain`` read
what the first classification read; compressed (about 10:1 on job postings), the month costs the warehouse a
tenth of its size to write and to store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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
    """Collects rows (``add``) and hands out full blocks; ``flush`` returns the last, partial one."""

    def __init__(self, block_bytes: int = BLOCK_BYTES) -> None:
        self._compressor = zstandard.ZstdCompressor(level=_LEVEL)
        self._block_bytes = block_bytes
        self._rows: list[bytes] = []
        self._size = 0
        self._first_id: int | None = None
        self._last_id: int | None = None

    def add(self, posting_id: int, row: bytes) -> Block | None:
        # Rows come in no particular order: a block records the lowest and highest id it holds.
        if self._first_id is None or posting_id < self._first_id:
            self._first_id = posting_id
        if self._last_id is None or posting_id > self._last_id:
            self._last_id = posting_id
        self._rows.append(row)
        self._size += len(row)
        return self.flush() if self._size >= self._block_bytes else None

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
    for codec, data, *version in blocks:
        *lines, rest = unpack(codec, data).split(b"\n")
        if rest:
            raise ValueError("a stored text block does not end with a complete row")
        if version and version[0] != layout.VERSION:
            yield from layout.upgrade_rows([line + b"\n" for line in lines], version[0])
            continue
        for line in lines:
            yield line + b"\n"
